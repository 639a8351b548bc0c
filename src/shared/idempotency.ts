import { createHash } from 'node:crypto'
import type { Db } from '../db/schema.ts'
import { AppError, type ProblemCode } from '../errors.ts'
import { type Clock, iso } from './clock.ts'
import { isUniqueViolation } from './db-errors.ts'
import * as repo from './idempotency.repository.ts'

/** How long a key is remembered (ms): 24 h. Older rows are ignored and overwritten. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000

/**
 * How long a key may stay in flight (ms) before it counts as abandoned (the process died
 * between claiming it and finishing) and a repeat may run the request again: 5 min, far above
 * any create (the database waits at most 5 s for a lock).
 */
export const IDEMPOTENCY_LEASE_MS = 5 * 60_000

/** What the idempotency mechanism needs. */
export interface IdempotencyDeps {
  db: Db
  clock: Clock
}

/**
 * The request a key is bound to: the operation (`scope`, the route's operationId — keys are per
 * user and per operation), the client's key, and {@link requestHash} of the request.
 */
export interface IdempotencyClaim {
  scope: string
  key: string
  requestHash: string
}

/** The outcome of an idempotent create: the created resource, first-hand or replayed. */
export interface IdempotentOutcome<T> {
  value: T
  /** true when this is the stored response of an earlier request (`Idempotent-Replayed: true`) */
  replayed: boolean
}

/**
 * Runs inside the create's own transaction, after the row is written: stores the response, so
 * the created row and its key commit together or not at all.
 */
export type CommitHook<T> = (trx: Db, created: T) => Promise<void>

/** What is stored of a problem outcome: its `code`, `detail` and extra members (never the request id). */
interface StoredProblem {
  code: ProblemCode
  detail: string
  extra: Record<string, unknown>
}

/** JSON with object keys sorted at every level, so equal bodies hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/**
 * The fingerprint a key is bound to: hex SHA-256 of the method, the path and the canonical JSON
 * of the (validated) body.
 * @example requestHash('POST', '/api/v1/loans', { book_id: 7 })
 */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`).digest('hex')
}

const REPLAYED = { 'idempotent-replayed': 'true' }

function inFlight(): AppError {
  return new AppError('idempotency_in_flight', 'A request with this Idempotency-Key is still being processed', {}, { 'retry-after': '1' })
}

/**
 * Claims the key for this request, or answers from what is stored.
 * @returns undefined when the caller now holds the key (in flight), or the completed row to replay
 * @throws AppError `idempotency_key_mismatch` (422) the key was used with another request;
 *   `idempotency_in_flight` (409, `Retry-After: 1`) the first request is still running
 */
async function claimKey(deps: IdempotencyDeps, id: repo.KeyId, hash: string): Promise<repo.IdempotencyKeyRow | undefined> {
  const now = deps.clock.now()
  const expired = iso(new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
  const abandoned = iso(new Date(now.getTime() - IDEMPOTENCY_LEASE_MS))
  // A race (another request claims, completes or expires the key between our read and write)
  // makes the write fail; reading again settles it. Three rounds cover every interleaving.
  for (let round = 0; round < 3; round++) {
    const row = await repo.findIdempotencyKey(deps.db, id)
    if (row && row.created_at >= expired) {
      if (row.request_hash !== hash) {
        throw new AppError('idempotency_key_mismatch', 'This Idempotency-Key was used with a different request; use a new key')
      }
      if (row.response_status !== null) return row
      if (row.created_at >= abandoned) throw inFlight()
      if (await repo.reclaimIdempotencyKey(deps.db, id, row.created_at, iso(now))) return undefined
      continue
    }
    await repo.deleteExpiredIdempotencyKeys(deps.db, id.userId, expired)
    try {
      await repo.insertIdempotencyKey(deps.db, id, hash, iso(now))
      return undefined
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
    }
  }
  throw inFlight()
}

/** The stored response again: the created resource, or the stored problem rethrown (same status, code and detail). */
function replay<T>(row: repo.IdempotencyKeyRow): IdempotentOutcome<T> {
  const body: unknown = JSON.parse(row.response_body!)
  if (row.response_status! < 400) return { value: body as T, replayed: true }
  const problem = body as StoredProblem
  throw new AppError(problem.code, problem.detail, problem.extra, REPLAYED)
}

/**
 * Runs a create under an optional `Idempotency-Key`, keys scoped to the caller and the operation
 * and kept {@link IDEMPOTENCY_TTL_MS}. The first request claims the key (a row with
 * `response_status` null), runs `create`, and stores its outcome:
 * - success: stored by the {@link CommitHook} in the create's own transaction, so the created row
 *   and its stored response commit together (a crash leaves neither or both);
 * - a 4xx problem decided from the state of the data (403, 404, 409 — e.g. a duplicate ISBN, no
 *   free copy): stored as `{code, detail, extra}` and replayed — the same key keeps answering
 *   the same; a client wanting another try sends a new key;
 * - `validation_error` (422: the request itself is invalid, e.g. an ISBN check digit or a weak
 *   password): not stored, the key is released, so a corrected request may reuse the key — as
 *   schema validation, which runs before the key is looked at;
 * - anything else (an unexpected 5xx): nothing is stored, the key is released, and a retry with
 *   the same key runs the create again (nothing was committed).
 * A repeat with the same key and request answers the stored body (the caller derives `Location`
 * and `ETag` from it, so they are the first response's) and `replayed: true`; a replayed problem
 * carries the repeat's own `request_id` and the header `Idempotent-Replayed: true`. A replay runs
 * nothing: no row is created, no cache invalidated.
 * @param userId the caller; keys are per user
 * @param claim undefined: no key, a plain create
 * @param status the success status stored (201)
 * @param create runs the create, calling the hook (when given) inside its transaction
 * @throws AppError `idempotency_key_mismatch` (422), `idempotency_in_flight` (409), a replayed
 *   problem, or whatever `create` throws
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */
export async function runIdempotently<T>(
  deps: IdempotencyDeps,
  userId: number,
  claim: IdempotencyClaim | undefined,
  status: number,
  create: (onCommit?: CommitHook<T>) => Promise<T>,
): Promise<IdempotentOutcome<T>> {
  if (!claim) return { value: await create(), replayed: false }
  const id: repo.KeyId = { userId, scope: claim.scope, key: claim.key }
  const stored = await claimKey(deps, id, claim.requestHash)
  if (stored) return replay<T>(stored)
  try {
    const value = await create((trx, created) => repo.completeIdempotencyKey(trx, id, status, JSON.stringify(created)))
    return { value, replayed: false }
  } catch (error) {
    if (error instanceof AppError && error.status >= 400 && error.status < 500 && error.code !== 'validation_error') {
      const problem: StoredProblem = { code: error.code, detail: error.message, extra: error.extra }
      await repo.completeIdempotencyKey(deps.db, id, error.status, JSON.stringify(problem))
    } else {
      // Best effort: if even this fails, the key is reclaimable once its lease runs out.
      await repo.releaseIdempotencyKey(deps.db, id).catch(() => {})
    }
    throw error
  }
}

/**
 * Part of the `token_cleanup` task: forgets every key older than {@link IDEMPOTENCY_TTL_MS}
 * (they are ignored already; this reclaims the space).
 * @returns how many keys were deleted
 */
export async function deleteExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  return repo.deleteIdempotencyKeysBefore(db, iso(new Date(now.getTime() - IDEMPOTENCY_TTL_MS)))
}
