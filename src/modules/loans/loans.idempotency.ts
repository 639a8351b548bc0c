import { createHash } from 'node:crypto'
import { AppError, type ProblemCode } from '../../errors.ts'
import type { Principal } from '../../plugins/auth.ts'
import { iso } from '../../shared/clock.ts'
import { isUniqueViolation } from '../../shared/db-errors.ts'
import * as repo from './loans.repository.ts'
import type { CreateLoanInput, Loan } from './loans.schemas.ts'
import { borrowBook, type LoanDeps } from './loans.service.ts'

/** How long a key is remembered (ms): 24 h. Older rows are ignored and overwritten. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000

/**
 * How long a key may stay in flight (ms) before it counts as abandoned (the process died
 * between claiming it and finishing) and a repeat may run the request again: 5 min, far above
 * any borrow (the database waits at most 5 s for a lock).
 */
export const IDEMPOTENCY_LEASE_MS = 5 * 60_000

/** The request a key is bound to: the caller, the key, and {@link requestHash} of the request. */
export interface IdempotencyClaim {
  key: string
  requestHash: string
}

/** The outcome of an idempotent borrow: the 201 loan, first-hand or replayed. */
export interface BorrowOutcome {
  status: number
  loan: Loan
  /** true when this is the stored response of an earlier request (`Idempotent-Replayed: true`) */
  replayed: boolean
}

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

/**
 * Claims the key for this request, or answers from what is stored.
 * @returns undefined when the caller now holds the key (in flight), or the completed row to replay
 * @throws AppError `idempotency_key_mismatch` (422) the key was used with another request;
 *   `idempotency_in_flight` (409, `Retry-After: 1`) the first request is still running
 */
async function claimKey(deps: LoanDeps, userId: number, claim: IdempotencyClaim): Promise<repo.IdempotencyKeyRow | undefined> {
  const now = deps.clock.now()
  const expired = iso(new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
  const abandoned = iso(new Date(now.getTime() - IDEMPOTENCY_LEASE_MS))
  // A race (another request claims, completes or expires the key between our read and write)
  // makes the write fail; reading again settles it. Three rounds cover every interleaving.
  for (let round = 0; round < 3; round++) {
    const row = await repo.findIdempotencyKey(deps.db, userId, claim.key)
    if (row && row.created_at >= expired) {
      if (row.request_hash !== claim.requestHash) {
        throw new AppError('idempotency_key_mismatch', 'This Idempotency-Key was used with a different request; use a new key')
      }
      if (row.response_status !== null) return row
      if (row.created_at >= abandoned) {
        throw new AppError('idempotency_in_flight', 'A request with this Idempotency-Key is still being processed', {}, { 'retry-after': '1' })
      }
      if (await repo.reclaimIdempotencyKey(deps.db, userId, claim.key, row.created_at, iso(now))) return undefined
      continue
    }
    await repo.deleteExpiredIdempotencyKeys(deps.db, userId, expired)
    try {
      await repo.insertIdempotencyKey(deps.db, { user_id: userId, key: claim.key, request_hash: claim.requestHash, created_at: iso(now) })
      return undefined
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
    }
  }
  throw new AppError('idempotency_in_flight', 'A request with this Idempotency-Key is still being processed', {}, { 'retry-after': '1' })
}

/** The stored response again: the 201 loan, or the stored problem rethrown (same status, code and detail). */
function replay(row: repo.IdempotencyKeyRow): BorrowOutcome {
  const status = row.response_status!
  const body: unknown = JSON.parse(row.response_body!)
  if (status < 400) return { status, loan: body as Loan, replayed: true }
  const problem = body as StoredProblem
  throw new AppError(problem.code, problem.detail, problem.extra, REPLAYED)
}

/**
 * `POST /api/v1/loans` with an optional `Idempotency-Key`, keys scoped to the caller and kept
 * {@link IDEMPOTENCY_TTL_MS}. The first request claims the key (a row with `response_status`
 * null), borrows, and stores its outcome:
 * - 201: stored in the borrow's own transaction, so the loan and its stored response commit
 *   together;
 * - a 4xx problem of the borrow itself (403, 404, 409): stored as `{code, detail, extra}` and
 *   replayed — the same key keeps answering the same; a client wanting another try sends a new
 *   key;
 * - anything else (an unexpected 5xx): nothing is stored, the key is released, and a retry with
 *   the same key runs the borrow again (nothing was committed).
 * A repeat with the same key and request returns the stored status and body (a replayed problem
 * carries the repeat's own `request_id`) and `Idempotent-Replayed: true`.
 * @param claim undefined: no key, a plain borrow
 * @throws AppError `idempotency_key_mismatch` (422), `idempotency_in_flight` (409), a replayed
 *   problem (with header `Idempotent-Replayed: true`), or whatever {@link borrowBook} throws
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */
export async function borrowIdempotently(deps: LoanDeps, caller: Principal, input: CreateLoanInput, claim?: IdempotencyClaim): Promise<BorrowOutcome> {
  if (!claim) return { status: 201, loan: await borrowBook(deps, caller, input), replayed: false }
  const stored = await claimKey(deps, caller.id, claim)
  if (stored) return replay(stored)
  try {
    const loan = await borrowBook(deps, caller, input, (trx, created) => repo.completeIdempotencyKey(trx, caller.id, claim.key, 201, JSON.stringify(created)))
    return { status: 201, loan, replayed: false }
  } catch (error) {
    if (error instanceof AppError && error.status >= 400 && error.status < 500) {
      const problem: StoredProblem = { code: error.code, detail: error.message, extra: error.extra }
      await repo.completeIdempotencyKey(deps.db, caller.id, claim.key, error.status, JSON.stringify(problem))
    } else {
      // Best effort: if even this fails, the key is reclaimable once its lease runs out.
      await repo.releaseIdempotencyKey(deps.db, caller.id, claim.key).catch(() => {})
    }
    throw error
  }
}
