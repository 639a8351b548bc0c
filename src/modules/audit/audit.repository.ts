import { preparedQuery } from '../../db/prepared.ts'
import type { AuditLogRow, Db } from '../../db/schema.ts'

/** The chain's head and anchor, as stored in `audit_chain`. */
export interface ChainState {
  last_id: number
  last_hash: string
  anchor_id: number
  anchor_hash: string
}

/**
 * Locks the chain's head row until the transaction ends and returns it. A no-op `UPDATE`:
 * on PostgreSQL it takes the row lock (a concurrent appender on any instance waits, then reads
 * the head its predecessor committed — READ COMMITTED re-reads an updated row); on SQLite it
 * takes the database's write lock at once instead of upgrading a read lock later (which fails
 * with SQLITE_BUSY rather than waiting).
 * @see https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED
 * @see https://www.sqlite.org/lang_transaction.html
 */
export async function lockChain(trx: Db): Promise<ChainState> {
  return (await lockChainQuery.execute(trx, {}))[0]!
}

// The three statements of every audited change, compiled once (src/db/prepared.ts).
const lockChainQuery = preparedQuery<object, ChainState>((db) =>
  db
    .updateTable('audit_chain')
    .set((eb) => ({ last_id: eb.ref('last_id') }))
    .where('id', '=', 1)
    .returning(['last_id', 'last_hash', 'anchor_id', 'anchor_hash']),
)
// Every column of a row, written as a Record so that the compiler refuses a column missing here (the
// builder's parameters are placeholders, which cannot be enumerated).
const AUDIT_COLUMNS = Object.keys({
  id: 1, at: 1, event: 1, user_id: 1, actor_id: 1, ip: 1, request_id: 1, details: 1, prev_hash: 1, hash: 1,
} satisfies Record<keyof AuditLogRow, 1>) as (keyof AuditLogRow)[]
const insertAuditRowQuery = preparedQuery<AuditLogRow, never>((db, p) => db.insertInto('audit_log').values(Object.fromEntries(AUDIT_COLUMNS.map((column) => [column, p[column]])) as AuditLogRow))
const setChainHeadQuery = preparedQuery<{ lastId: number; lastHash: string }, never>((db, p) => db.updateTable('audit_chain').set({ last_id: p.lastId, last_hash: p.lastHash }).where('id', '=', 1))

/** Reads the chain's head and anchor without locking. */
export async function readChain(db: Db): Promise<ChainState> {
  return db.selectFrom('audit_chain').select(['last_id', 'last_hash', 'anchor_id', 'anchor_hash']).where('id', '=', 1).executeTakeFirstOrThrow()
}

/** Inserts one audit row (id and hashes computed by the caller under {@link lockChain}). */
export async function insertAuditRow(trx: Db, row: AuditLogRow): Promise<void> {
  await insertAuditRowQuery.execute(trx, row)
}

/** Moves the chain's head to the row just appended. */
export async function setChainHead(trx: Db, lastId: number, lastHash: string): Promise<void> {
  await setChainHeadQuery.execute(trx, { lastId, lastHash })
}

/** Filters of the audit-log listing; times are RFC 3339 UTC strings, inclusive. */
export interface AuditFilter {
  event?: string
  user_id?: number
  since?: string
  until?: string
}

/**
 * A page of audit rows, newest first, and how many match.
 * @param window `limit`/`offset` of the page
 */
export async function listAuditRows(db: Db, filter: AuditFilter, window: { limit: number; offset: number }): Promise<{ rows: AuditLogRow[]; total: number }> {
  let query = db.selectFrom('audit_log')
  if (filter.event !== undefined) query = query.where('event', '=', filter.event)
  if (filter.user_id !== undefined) query = query.where('user_id', '=', filter.user_id)
  if (filter.since !== undefined) query = query.where('at', '>=', filter.since)
  if (filter.until !== undefined) query = query.where('at', '<=', filter.until)
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(window.limit).offset(window.offset).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/** Up to `limit` rows with ids in (`afterId`, `throughId`], in chain (id) order: the verifier's batches. */
export async function auditRowsAfter(db: Db, afterId: number, throughId: number, limit: number): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().where('id', '>', afterId).where('id', '<=', throughId).orderBy('id', 'asc').limit(limit).execute()
}

/** The newest row older than `before` (RFC 3339), the last one retention removes; undefined when none. */
export async function lastRowBefore(trx: Db, before: string): Promise<{ id: number; hash: string } | undefined> {
  return trx.selectFrom('audit_log').select(['id', 'hash']).where('at', '<', before).orderBy('id', 'desc').limit(1).executeTakeFirst()
}

/**
 * Deletes every row up to id `throughId` and records the last one as the anchor.
 * @returns how many rows were deleted
 */
export async function trimThrough(trx: Db, throughId: number, throughHash: string): Promise<number> {
  const deleted = await trx.deleteFrom('audit_log').where('id', '<=', throughId).executeTakeFirst()
  await trx.updateTable('audit_chain').set({ anchor_id: throughId, anchor_hash: throughHash }).where('id', '=', 1).execute()
  return Number(deleted.numDeletedRows)
}
