import { existsSync } from 'node:fs'
import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import type { Db } from '../../../db/schema.ts'
import { CATALOG_COLLECTIONS } from '../../../infra/cache/keys.ts'
import type { CacheInvalidator } from '../../../infra/cache/response-cache.ts'
import type { Clock } from '../../../shared/clock.ts'

/**
 * Imports the catalog CSV when the books table is empty (the first `npm start`), with a progress
 * bar on a TTY and the report's counts in the log.
 * @param cache the response cache (`app.responseCache`): after an import its catalog lists are
 *   dropped — with Redis, on every instance already serving an empty catalog
 * @returns the report, or undefined when books exist already or the file is missing (logged)
 */
export async function importCatalogIfEmpty(db: Db, dialect: 'sqlite' | 'postgres', csvPath: string, log: FastifyBaseLogger, clock: Clock, cache?: CacheInvalidator | null) {
  const report = await importLocked(db, dialect, csvPath, log, clock)
  if (report && report.imported > 0) await cache?.invalidate([CATALOG_COLLECTIONS])
  return report
}

async function importLocked(db: Db, dialect: 'sqlite' | 'postgres', csvPath: string, log: FastifyBaseLogger, clock: Clock) {
  if (dialect === 'sqlite') return importUnlocked(db, csvPath, log, clock)
  // Several instances starting together: one imports while the others wait on a session-level
  // advisory lock, then find the catalog filled.
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${IMPORT_LOCK_KEY})`.execute(connection)
    try {
      return await importUnlocked(db, csvPath, log, clock)
    } finally {
      await sql`select pg_advisory_unlock(${IMPORT_LOCK_KEY})`.execute(connection)
    }
  })
}

/** Arbitrary constant naming the import-on-start lock among PostgreSQL advisory locks. */
const IMPORT_LOCK_KEY = 7_355_608

async function importUnlocked(db: Db, csvPath: string, log: FastifyBaseLogger, clock: Clock) {
  const any = await db.selectFrom('books').select('id').limit(1).executeTakeFirst()
  if (any) return undefined
  if (!existsSync(csvPath)) {
    log.warn({ csvPath }, 'the catalog CSV is missing; starting with an empty catalog')
    return undefined
  }
  log.info({ csvPath }, 'empty catalog: importing')
  // The CSV parser and the progress bar are loaded only when there is something to import.
  const [{ importCatalog }, { createProgress }] = await Promise.all([import('./import-catalog.ts'), import('./progress.ts')])
  const progress = createProgress()
  let report
  try {
    report = await importCatalog(db, csvPath, { clock, onProgress: (n, total) => progress.update(n, total) })
  } finally {
    progress.stop()
  }
  log.info(
    { imported: report.imported, repaired: report.repaired, rejected: report.rejected, skipped_existing: report.skipped_existing, seconds: report.seconds },
    'catalog imported',
  )
  return report
}
