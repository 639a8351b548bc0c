import { createHash } from 'node:crypto'
import stringify from 'safe-stable-stringify'
import type { AuditLogRow } from '../../db/schema.ts'
import type { AuditEntry, AuditEventName } from '../../shared/audit.ts'

/** The `prev_hash` of the first row when nothing was ever trimmed: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64)

/**
 * The canonical form of a row that its hash covers: the JSON of `{id, at, event, user_id,
 * actor_id, ip, request_id, details}` with keys sorted at every level (safe-stable-stringify),
 * `at` as stored (RFC 3339 UTC), absent values as `null`.
 * @see https://github.com/BridgeAR/safe-stable-stringify#readme
 */
export function canonicalRow(entry: AuditEntry): string {
  const { id, at, event, user_id, actor_id, ip, request_id, details } = entry
  return stringify({ id, at, event, user_id, actor_id, ip, request_id, details }) ?? ''
}

/**
 * The hash of a row: SHA-256, hex, over `prevHash` followed by {@link canonicalRow}.
 * @see https://csrc.nist.gov/pubs/fips/180-4/upd1/final (SHA-256)
 */
export function chainHash(prevHash: string, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash).update(canonicalRow(entry)).digest('hex')
}

/** The entry a stored row holds (`details` parsed; an unreadable one kept as its text so the hash check fails). */
export function entryOf(row: AuditLogRow): AuditEntry {
  let details: Record<string, unknown>
  try {
    details = JSON.parse(row.details) as Record<string, unknown>
  } catch {
    details = { unreadable: row.details }
  }
  return {
    id: Number(row.id),
    at: row.at,
    event: row.event as AuditEventName,
    user_id: row.user_id,
    actor_id: row.actor_id,
    ip: row.ip,
    request_id: row.request_id,
    details,
  }
}

/** What {@link ChainVerifier} concluded. */
export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; id: number; reason: string }

/**
 * Checks rows fed in id order against the chain: each row's `prev_hash` must be the previous
 * row's `hash` (the anchor's for the first), its id the previous id + 1, and its `hash` the
 * recomputed one. Stops at the first bad row.
 */
export class ChainVerifier {
  private prevId: number
  private prevHash: string
  private count = 0
  private failure: { id: number; reason: string } | undefined

  constructor(anchor: { id: number; hash: string }) {
    this.prevId = anchor.id
    this.prevHash = anchor.hash
  }

  /** Checks the next row; false once a bad row was found. */
  add(row: AuditLogRow): boolean {
    if (this.failure) return false
    const id = Number(row.id)
    if (id !== this.prevId + 1) {
      const missing = id - this.prevId - 1
      this.failure = missing > 0
        ? { id, reason: `row ${this.prevId + 1}${missing > 1 ? `–${id - 1}` : ''} removed (ids jump from ${this.prevId} to ${id})` }
        : { id, reason: `out of order after row ${this.prevId}` }
    } else if (row.prev_hash !== this.prevHash) {
      this.failure = { id, reason: `prev_hash does not match row ${this.prevId}'s hash: a row was removed or the rows were reordered` }
    } else if (chainHash(row.prev_hash, entryOf(row)) !== row.hash) {
      this.failure = { id, reason: 'hash does not match its content: the row was changed' }
    } else {
      this.prevId = id
      this.prevHash = row.hash
      this.count++
      return true
    }
    return false
  }

  /** The verdict, checking that the last row seen is the chain's recorded head. */
  finish(head: { id: number; hash: string }): ChainVerdict {
    if (this.failure) return { ok: false, rows: this.count, ...this.failure }
    if (this.prevId < head.id) return { ok: false, rows: this.count, id: this.prevId + 1, reason: `rows ${this.prevId + 1}–${head.id} removed from the end of the log (the head is row ${head.id})` }
    if (this.prevId !== head.id || this.prevHash !== head.hash) {
      return { ok: false, rows: this.count, id: this.prevId, reason: `the last row does not match the recorded head (row ${head.id})` }
    }
    return { ok: true, rows: this.count }
  }
}
