import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import { createRequire } from 'node:module'
import type pg from 'pg'
import type { Config } from '../config.ts'
import { observedDialect, type ObserverSlot, type QueryObserver } from './observed-dialect.ts'
import type { Database, Db } from './schema.ts'

const require = createRequire(import.meta.url)

/** A database handle and what the rest of the app needs to know about it. */
export interface DatabaseHandle {
  db: Db
  dialect: 'sqlite' | 'postgres'
  /** closes the pool or the file; a second call does nothing */
  close(): Promise<void>
  /**
   * Connections right now: open, idle and queries waiting for one (`pg` Pool's counts); SQLite
   * has one connection and its driver does not say the rest.
   */
  poolStats(): { total: number; idle?: number; waiting?: number }
  /** hands every query from now on to `observer` (tracing), or to none with null */
  observeQueries(observer: QueryObserver | null): void
}

/**
 * How to open another connection to the database a root Kysely instance is on (a worker thread
 * opens its own): plain data, safe to hand to `new Worker({ workerData })`. The PostgreSQL URL
 * may hold a password: never log it.
 */
export type ConnectionTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string; searchPath?: string }

/** Options of {@link connectDatabase}. */
export interface ConnectOptions {
  /** PostgreSQL schema to use (tests isolate themselves with it) */
  searchPath?: string
  /** PostgreSQL pool size, default 10 */
  poolSize?: number
  /**
   * Reads only: SQLite opens the file read-only (it must exist; WAL lets it read while another
   * connection writes) and changes no file setting; PostgreSQL sessions start with
   * `default_transaction_read_only=on`.
   */
  readOnly?: boolean
}

/**
 * Opens the configured database: a better-sqlite3 file (WAL, foreign keys on, busy timeout
 * 5 s, synchronous NORMAL, 8 MiB page cache) or a `pg` pool. Both behind one Kysely instance,
 * so queries are written once.
 * @param target `config.database`
 * @throws better-sqlite3's `SqliteError` (SQLITE_CANTOPEN) when a read-only file does not exist
 * @see https://kysely.dev/docs/dialects
 * @see https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#new-databasepath-options (`readonly`)
 */
export function connectDatabase(target: Config['database'], options: ConnectOptions = {}): DatabaseHandle {
  const slot: ObserverSlot = { current: null }
  const observeQueries = (observer: QueryObserver | null) => {
    slot.current = observer
  }
  if (target.dialect === 'sqlite') {
    if (target.path !== ':memory:' && !options.readOnly) mkdirSync(dirname(target.path), { recursive: true })
    const sqlite = new SQLite(target.path, { readonly: options.readOnly === true, fileMustExist: options.readOnly === true })
    // The journal mode is a setting of the file: a read-only connection finds it as the writer left it.
    if (!options.readOnly) sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('synchronous = NORMAL')
    // An 8 MiB page cache (better-sqlite3's default is 16 MB): the goodbooks catalog with its
    // search index is about 5 MB, and pages beyond it come from the OS file cache.
    sqlite.pragma('cache_size = -8192')
    const statements = withStatementCache(sqlite)
    const db = new Kysely<Database>({ dialect: observedDialect(new SqliteDialect({ database: statements }), slot) })
    directSqlite.set(db, { prepare: statements.prepare, inTransaction: () => sqlite.inTransaction, observed: () => slot.current !== null })
    if (target.path !== ':memory:') targets.set(db, { dialect: 'sqlite', path: resolve(target.path) })
    return { db, dialect: 'sqlite', close: once(() => db.destroy()), poolStats: () => ({ total: sqlite.open ? 1 : 0 }), observeQueries }
  }
  // Loaded only for PostgreSQL: the embedded mode does not pay for the driver's code.
  const { Pool } = require('pg') as typeof pg
  const settings = [...(options.searchPath ? [`-c search_path=${options.searchPath}`] : []), ...(options.readOnly ? ['-c default_transaction_read_only=on'] : [])]
  const pool = new Pool({
    connectionString: target.url,
    max: options.poolSize ?? 10,
    ...(settings.length > 0 ? { options: settings.join(' ') } : {}),
  })
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: observedDialect(new PostgresDialect({ pool }), slot) })
  const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount })
  targets.set(db, { dialect: 'postgres', url: target.url, ...(options.searchPath ? { searchPath: options.searchPath } : {}) })
  return { db, dialect: 'postgres', close: once(() => db.destroy()), poolStats, observeQueries }
}

const targets = new WeakMap<Db, ConnectionTarget>()

/**
 * Where a root Kysely instance opened by {@link connectDatabase} connects, for a second
 * connection to the same database (the same SQLite file, or the same PostgreSQL database and
 * schema); undefined for an in-memory SQLite database (no other connection can see it), a
 * transaction's handle, or a Kysely instance made elsewhere.
 */
export function connectionTargetOf(db: Db): ConnectionTarget | undefined {
  return targets.get(db)
}

/** The SQLite connection behind a root Kysely instance (not a transaction), for {@link sqliteConnectionOf}. */
export interface DirectSqlite {
  /** a prepared statement from the statement cache */
  prepare(sql: string): SQLite.Statement
  /** whether a transaction is open on the connection (`BEGIN` ran, no `COMMIT`/`ROLLBACK` yet) */
  inTransaction(): boolean
  /** whether queries are handed to an observer (tracing): they must then go through Kysely */
  observed(): boolean
}

const directSqlite = new WeakMap<Db, DirectSqlite>()

/**
 * The better-sqlite3 connection of a root Kysely instance opened by {@link connectDatabase}, or
 * undefined (PostgreSQL, or a transaction's handle). better-sqlite3 runs statements
 * synchronously: a statement run while no transaction is open is as isolated as one run
 * through Kysely's connection mutex, without its promises (see `prepared.ts`).
 * @see https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md
 */
export function sqliteConnectionOf(db: Db): DirectSqlite | undefined {
  return directSqlite.get(db)
}

/**
 * better-sqlite3 behind a cache of prepared statements: Kysely asks for `prepare(sql)` on every
 * query, and preparing costs more than running the hot queries. A statement still busy (being
 * iterated) is never handed out twice: a fresh one is prepared instead. At most 500 kept.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>()
  return {
    prepare(sql: string) {
      const cached = statements.get(sql)
      if (cached && !cached.busy) return cached
      const statement = sqlite.prepare(sql)
      if (!cached) {
        if (statements.size >= 500) statements.clear()
        statements.set(sql, statement)
      }
      return statement
    },
    close: () => sqlite.close(),
  }
}

/** Makes `close` safe to call twice (a test closes the database before the app does). */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => (done ??= fn())
}
