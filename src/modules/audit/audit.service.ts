import type { Db } from '../../db/schema.ts'
import type { AuditContext, AuditEntry, AuditEvent, AuditLogLine, AuditTrail } from '../../shared/audit.ts'
import { addDays, type Clock, iso } from '../../shared/clock.ts'
import { offsetPage, pageWindow } from '../../shared/pagination.ts'
import { ChainVerifier, type ChainVerdict, chainHash, entryOf } from './audit-chain.ts'
import * as repo from './audit.repository.ts'

/** What the audit trail needs; `log` is the `audit` logger (one JSON line per event). */
export interface AuditDeps {
  db: Db
  clock: Clock
  log: { info(fields: object, message: string): void }
}

/**
 * Appends one row to the chain inside `trx`: locks the head, takes the next id, hashes the row
 * onto the head's hash, inserts it and moves the head. The lock is held until `trx` ends, so
 * appends from every instance follow one another and ids follow chain order.
 */
async function append(deps: AuditDeps, trx: Db, context: AuditContext, event: AuditEvent): Promise<AuditLogLine> {
  const head = await repo.lockChain(trx)
  const entry: AuditEntry = {
    id: Number(head.last_id) + 1,
    at: iso(deps.clock.now()),
    event: event.event,
    user_id: event.userId ?? null,
    actor_id: event.actorId !== undefined ? event.actorId : context.actorId,
    ip: context.ip,
    request_id: context.requestId,
    details: event.details ?? {},
  }
  const hash = chainHash(head.last_hash, entry)
  await repo.insertAuditRow(trx, { ...entry, details: JSON.stringify(entry.details), prev_hash: head.last_hash, hash })
  await repo.setChainHead(trx, entry.id, hash)
  return { entry, hash }
}

function writeLine(deps: AuditDeps, line: AuditLogLine): void {
  deps.log.info({ audit: { ...line.entry, chain_hash: line.hash } }, `audit ${line.entry.event}`)
}

/**
 * The audit trail of an app (see {@link AuditTrail}): rows in `audit_log`, hash-chained, and one
 * `audit` log line per row once its transaction committed.
 */
export function createAuditTrail(deps: AuditDeps): AuditTrail {
  return {
    async record(trx, context, event) {
      const line = await append(deps, trx, context, event)
      if (context.pending) context.pending.push(line)
      else writeLine(deps, line)
      return line.entry
    },
    async recordAlone(context, event) {
      const line = await deps.db.transaction().execute((trx) => append(deps, trx, context, event))
      writeLine(deps, line)
      return line.entry
    },
    flush(context) {
      for (const line of context.pending?.splice(0) ?? []) writeLine(deps, line)
    },
  }
}

/**
 * The trail of `AUDIT_LOG=false` (never in production, see src/config.ts): records nothing — no
 * row, no chain lock, no `audit` log line — so `npm run bench` can measure what the real one costs.
 */
export const DISABLED_AUDIT_TRAIL: AuditTrail = Object.freeze({
  record: async () => null,
  recordAlone: async () => null,
  flush(context: AuditContext) {
    context.pending?.splice(0)
  },
})

/**
 * A page of the audit log, newest first (`GET /api/v1/admin/audit-log`).
 * @param query page, per_page and the optional filters (`since`/`until` RFC 3339, inclusive)
 */
export async function listAuditLog(deps: { db: Db }, query: { page: number; per_page: number } & repo.AuditFilter) {
  const filter: repo.AuditFilter = {
    event: query.event,
    user_id: query.user_id,
    // Stored times are UTC `…Z` strings: a bound with an offset is compared in that form too.
    since: query.since === undefined ? undefined : new Date(query.since).toISOString(),
    until: query.until === undefined ? undefined : new Date(query.until).toISOString(),
  }
  const { rows, total } = await repo.listAuditRows(deps.db, filter, pageWindow(query))
  return offsetPage(rows.map(entryOf), total, query)
}

/**
 * Checks the whole chain from the retention anchor to the recorded head, reading 1,000 rows at
 * a time (`library-api audit verify`). Rows appended while it runs are past the head it read and
 * are left for the next run; a retention trim running at the same moment can make it report the
 * trimmed rows as removed (run it again).
 * @returns `{ok: true, rows}`, or the first bad row's id and why (changed, removed, reordered)
 */
export async function verifyAuditChain(db: Db): Promise<ChainVerdict> {
  const chain = await repo.readChain(db)
  const verifier = new ChainVerifier({ id: Number(chain.anchor_id), hash: chain.anchor_hash })
  let after = Number(chain.anchor_id)
  for (;;) {
    const rows = await repo.auditRowsAfter(db, after, Number(chain.last_id), 1000)
    if (rows.length === 0) break
    for (const row of rows) if (!verifier.add(row)) return verifier.finish({ id: Number(chain.last_id), hash: chain.last_hash })
    after = Number(rows.at(-1)!.id)
  }
  return verifier.finish({ id: Number(chain.last_id), hash: chain.last_hash })
}

/**
 * Retention (`AUDIT_RETENTION_DAYS`): deletes the rows older than `days` days before `now`, in
 * chain order, and stores the last deleted row's id and hash as the anchor in the same
 * transaction, so the rest still verifies. Runs under the chain's lock (appends wait for it).
 * @param days 0 keeps everything
 * @returns how many rows were deleted
 */
export async function trimAuditLog(db: Db, now: Date, days: number): Promise<number> {
  if (days <= 0) return 0
  const before = iso(addDays(now, -days))
  return db.transaction().execute(async (trx) => {
    await repo.lockChain(trx)
    const last = await repo.lastRowBefore(trx, before)
    return last ? repo.trimThrough(trx, Number(last.id), last.hash) : 0
  })
}
