import { setTimeout } from 'node:timers/promises'
import { type Migration, type MigrationProvider, type MigrationResult, Migrator, PostgresAdapter, sql } from 'kysely'
import type { Db } from './schema.ts'
import * as initial from './migrations/2026-11-21-001-initial.ts'
import * as booksSearch from './migrations/2026-11-21-002-books-search.ts'
import * as idempotencyScope from './migrations/2026-11-22-003-idempotency-scope.ts'
import * as tasks from './migrations/2026-12-05-004-tasks.ts'
import * as auditLog from './migrations/2026-12-05-005-audit-log.ts'

/** Every migration, in order; the key is the frozen name recorded in `kysely_migration`. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-21-001-initial': initial,
  '2026-11-21-002-books-search': booksSearch,
  '2026-11-22-003-idempotency-scope': idempotencyScope,
  '2026-12-05-004-tasks': tasks,
  '2026-12-05-005-audit-log': auditLog,
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS }

/**
 * Brings the schema to the latest migration (Kysely's `Migrator`, in code so it works from the
 * built `dist/` as from the sources).
 * @returns the migrations applied by this call
 * @throws the first migration error; nothing of that migration is kept (each runs in a transaction)
 * @see https://kysely.dev/docs/migrations
 */
export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  // On PostgreSQL the migrator must look for its own tables in the schema in use: otherwise a
  // `kysely_migration` table in any other schema of the database is taken for ours.
  const migrationTableSchema = db.getExecutor().adapter instanceof PostgresAdapter ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined
  const migrator = new Migrator({ db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) })
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest()
    if (!error) return results ?? []
    if (attempt < 20 && migrationTableSchema && isOtherSchemaDropped(error, migrationTableSchema)) {
      // A client dropping many schemas one after another fails several listings in a row: wait a little longer each time (up to about 4 s in all).
      await setTimeout(20 * attempt)
      continue
    }
    throw error instanceof Error ? error : new Error(String(error))
  }
}

/**
 * Kysely's migrator looks for its table by listing the columns of every table of every schema of
 * the database (`has_schema_privilege`, `pg_get_serial_sequence` per column): a schema, table or
 * column that another client drops or renames meanwhile fails that listing with 3F000
 * (invalid_schema_name), 42P01 (undefined_table) or 42703 (undefined_column — seen when another
 * schema's migration 002 went down while this listing ran). Nothing was migrated then, so the call
 * is repeated after a short wait.
 */
const CATALOG_RACE_CODES = new Set(['3F000', '42P01', '42703'])

function isOtherSchemaDropped(error: unknown, ownSchema: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return typeof code === 'string' && CATALOG_RACE_CODES.has(code) && typeof message === 'string' && !message.includes(ownSchema)
}
