/**
 * Queries compiled by a repository (Kysely, in the main thread) and run elsewhere as plain SQL on
 * a connection of their own, without Kysely: for a worker thread, whose isolate would otherwise
 * load and compile Kysely again (about 6 MB of its heap, most of what the thread holds). Nothing
 * here imports Kysely or `connect.ts` at run time; the SQL text always comes from a repository
 * (`preparedQuery(…).portable`), this module only binds and runs it.
 */
import { createRequire } from 'node:module'
import type SQLite from 'better-sqlite3'
import type pg from 'pg'
import type { ConnectionTarget } from './connect.ts'

const require = createRequire(import.meta.url)

/**
 * A query compiled for one dialect, as plain data (structured-cloneable: safe in `workerData`):
 * its SQL text and, per SQL parameter, either the name of the value to bind on each run or a
 * constant the query builder wrote.
 */
export interface PortableQuery {
  sql: string
  binds: Array<{ slot: string } | { value: unknown }>
}

/** The SQL parameters of a query's `binds` for these named values (a missing name binds `undefined`, which the driver refuses). */
export function bindValues(binds: PortableQuery['binds'], values: Readonly<Record<string, unknown>>): unknown[] {
  return binds.map((bind) => ('slot' in bind ? values[bind.slot] : bind.value))
}

/**
 * A function turning a row read as an array into the object better-sqlite3 would have made:
 * an object literal with the columns in order, so every row has the same shape. Reading arrays
 * and building rows in JavaScript costs about half of what better-sqlite3's own row objects cost.
 * @param names the statement's column names (`statement.columns()`); a repeated name keeps the last value, as better-sqlite3 does
 */
export function rowBuilder(names: string[]): (values: unknown[]) => unknown {
  const fields = names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`).join(', ')
  // The names come from our own schema through the statement, and JSON.stringify quotes them.
  return new Function('values', `return { ${fields} }`) as (values: unknown[]) => unknown
}

/** A connection (read-only unless opened `writable`) that runs {@link PortableQuery}s. */
export interface PortableConnection {
  /**
   * Runs `query` with the named `values`.
   * @returns every row, as objects named by the columns (the rows Kysely would have returned: the same driver, the same type parsers)
   * @throws whatever the driver throws (SQLite's `SqliteError`, `pg`'s `DatabaseError`)
   */
  all<R>(query: PortableQuery, values: Readonly<Record<string, unknown>>): Promise<R[]>
  /**
   * Runs `query`, a statement that returns no rows (an INSERT), with the named `values`, in a
   * transaction of its own (autocommit).
   * @throws whatever the driver throws; on a read-only connection, its refusal to write
   */
  run(query: PortableQuery, values: Readonly<Record<string, unknown>>): Promise<void>
  /** closes the connection; a second call does nothing */
  close(): Promise<void>
}

/** Options of {@link openPortableConnection}. */
export interface PortableOptions {
  /** SQLite page cache of the connection, KiB (`PRAGMA cache_size = -N`); default 1024 */
  sqliteCacheKiB?: number
  /** whether the connection may write (default false: SQLite opened read-only, PostgreSQL with `default_transaction_read_only=on`) */
  writable?: boolean
}

/**
 * Opens a connection to `target` that runs {@link PortableQuery}s, loading only that dialect's
 * driver; read-only unless `options.writable`. SQLite: the file (it must exist; WAL lets it read
 * while another connection writes, and queues writers behind the busy timeout of 5 s), a small
 * page cache (a scan reads each page once: the OS file cache serves it better), statements
 * prepared once each. PostgreSQL: one `pg` Client (connected on the first query) with the
 * target's `search_path`, and `default_transaction_read_only=on` when read-only.
 * @throws better-sqlite3's `SqliteError` (SQLITE_CANTOPEN) when the SQLite file does not exist
 * @see https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md (`readonly`, `raw`)
 * @see https://www.sqlite.org/pragma.html#pragma_cache_size
 * @see https://node-postgres.com/apis/client
 */
export function openPortableConnection(target: ConnectionTarget, options: PortableOptions = {}): PortableConnection {
  if (target.dialect === 'sqlite') {
    const Database = require('better-sqlite3') as typeof SQLite
    const sqlite = new Database(target.path, { readonly: options.writable !== true, fileMustExist: true })
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma(`cache_size = -${Math.max(64, Math.round(options.sqliteCacheKiB ?? 1024))}`)
    const statements = new Map<string, { statement: SQLite.Statement; rowOf: (values: unknown[]) => unknown }>()
    return {
      async all<R>(query: PortableQuery, values: Readonly<Record<string, unknown>>) {
        let entry = statements.get(query.sql)
        if (!entry) {
          const statement = sqlite.prepare(query.sql).raw(true)
          entry = { statement, rowOf: rowBuilder(statement.columns().map((column) => column.name)) }
          statements.set(query.sql, entry)
        }
        const rows = entry.statement.all(bindValues(query.binds, values)) as unknown[][]
        const result = new Array<R>(rows.length)
        for (let i = 0; i < rows.length; i++) result[i] = entry.rowOf(rows[i]!) as R
        return result
      },
      async run(query: PortableQuery, values: Readonly<Record<string, unknown>>) {
        let entry = statements.get(query.sql)
        if (!entry) {
          const statement = sqlite.prepare(query.sql)
          entry = { statement, rowOf: (row) => row }
          statements.set(query.sql, entry)
        }
        entry.statement.run(bindValues(query.binds, values))
      },
      close: once(async () => void sqlite.close()),
    }
  }
  const { Client } = require('pg') as typeof pg
  const settings = [...(target.searchPath ? [`-c search_path=${target.searchPath}`] : []), ...(options.writable ? [] : ['-c default_transaction_read_only=on'])]
  const client = new Client({ connectionString: target.url, options: settings.join(' ') })
  // A connection lost between two queries must not crash the thread: the next query fails instead.
  client.on('error', () => {})
  let connected: Promise<unknown> | undefined
  return {
    async all<R>(query: PortableQuery, values: Readonly<Record<string, unknown>>) {
      await (connected ??= client.connect())
      const result = await client.query(query.sql, bindValues(query.binds, values))
      return result.rows as R[]
    },
    async run(query: PortableQuery, values: Readonly<Record<string, unknown>>) {
      await (connected ??= client.connect())
      await client.query(query.sql, bindValues(query.binds, values))
    },
    close: once(async () => {
      // A connection that never came up has nothing to end.
      if (connected) await connected.then(() => client.end(), () => undefined)
    }),
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => (done ??= fn())
}
