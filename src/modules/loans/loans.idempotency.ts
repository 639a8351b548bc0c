import type { Principal } from '../../plugins/auth.ts'
import { type IdempotencyClaim, type IdempotentOutcome, runIdempotently } from '../../shared/idempotency.ts'
import type { CreateLoanInput, Loan } from './loans.schemas.ts'
import { borrowBook, type LoanDeps } from './loans.service.ts'

export { requestHash } from '../../shared/idempotency.ts'

/** The idempotency scope of `POST /api/v1/loans` (its operationId; also the scope of keys stored before scopes existed). */
export const BORROW_SCOPE = 'borrowBook'

/**
 * `POST /api/v1/loans` with an optional `Idempotency-Key`: the shared mechanism
 * ({@link runIdempotently}) around {@link borrowBook}, whose transaction stores the 201. A stored
 * 403/404/409 of the borrow replays; a 5xx stores nothing.
 * @throws AppError `idempotency_key_mismatch` (422), `idempotency_in_flight` (409), a replayed
 *   problem, or whatever {@link borrowBook} throws
 */
export function borrowIdempotently(deps: LoanDeps, caller: Principal, input: CreateLoanInput, claim?: IdempotencyClaim): Promise<IdempotentOutcome<Loan>> {
  return runIdempotently(deps, caller.id, claim, 201, (onCommit) => borrowBook(deps, caller, input, onCommit))
}
