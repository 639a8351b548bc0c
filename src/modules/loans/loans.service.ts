import type { Db, LoanRow } from '../../db/schema.ts'
import { AppError } from '../../errors.ts'
import { offsetPage, pageWindow } from '../../shared/pagination.ts'
import { bookChanged } from '../../infra/cache/keys.ts'
import type { CacheInvalidator } from '../../infra/cache/response-cache.ts'
import type { Principal } from '../../plugins/auth.ts'
import { addDays, type Clock, iso } from '../../shared/clock.ts'
import { isUniqueViolation } from '../../shared/db-errors.ts'
import { isStaff, loanLimit } from '../../shared/permissions.ts'
import { countOpenLoans, findUserRowById, lockUserRow } from '../users/users.service.ts'
import * as repo from './loans.repository.ts'
import type { CreateLoanInput, ListLoansQueryType, ListUserLoansQueryType, Loan, LoanPageType, LoanStatus } from './loans.schemas.ts'

/** What the loan services need. */
export interface LoanDeps {
  db: Db
  clock: Clock
  /** days from borrowing (or from the previous due date, on renewal) to the due date; `config.loanPeriodDays` */
  loanPeriodDays: number
  /** the response cache: a borrow or a return changes the book's `copies_available` (absent or null: no cache) */
  cache?: CacheInvalidator | null
}

/** Renewals a loan may have; a further one is 409 `conflict`. @see api-contract §5 */
export const MAX_RENEWALS = 2

/**
 * The derived state of a loan at `now`: `returned` once returned, `overdue` when `due_at` is
 * strictly before `now`, else `active`.
 */
export function loanStatus(row: Pick<LoanRow, 'due_at' | 'returned_at'>, now: Date): LoanStatus {
  if (row.returned_at !== null) return 'returned'
  return row.due_at < iso(now) ? 'overdue' : 'active'
}

/** The representation of a loan row at `now` (for the derived `status`). */
export function toLoan(row: LoanRow, now: Date): Loan {
  return {
    id: row.id,
    book_id: row.book_id,
    user_id: row.user_id,
    borrowed_at: row.borrowed_at,
    due_at: row.due_at,
    returned_at: row.returned_at,
    renewals: row.renewals,
    status: loanStatus(row, now),
  }
}

function mayManage(caller: Principal, loan: Pick<LoanRow, 'user_id'>): boolean {
  return loan.user_id === caller.id || isStaff(caller.roles)
}

/**
 * Borrows a copy of a book in one transaction: locks the borrower's row (serializing that
 * user's borrows on PostgreSQL; SQLite runs one write transaction at a time), checks the book,
 * the loan limit and a duplicate loan, takes a copy with an atomic conditional decrement, and
 * inserts the loan due in `loanPeriodDays` days. Checks run in that order, so a user at the
 * limit asking for an unavailable book hears `loan_limit_reached`.
 * @param input `book_id`, and `user_id` (staff only; a member may name only themself)
 * @param beforeCommit runs inside the transaction after the insert (the idempotency record is
 *   completed there, so the loan and its stored response commit together)
 * @returns the new loan (status `active`)
 * @throws AppError `forbidden` (403) a member borrowing for someone else; `not_found` (404) no
 *   such book or user; `conflict` (409) the borrower's account is deactivated, or the book is
 *   already on loan to them (also when the partial unique index `loans_active_user_book` trips);
 *   `loan_limit_reached` (409) the borrower's unreturned loans, overdue ones included, are at
 *   {@link loanLimit}; `not_available` (409) no free copy
 */
export async function borrowBook(deps: LoanDeps, caller: Principal, input: CreateLoanInput, beforeCommit?: (trx: Db, loan: Loan) => Promise<void>): Promise<Loan> {
  const userId = input.user_id ?? caller.id
  if (userId !== caller.id && !isStaff(caller.roles)) throw new AppError('forbidden', 'Only a librarian or an admin may borrow for another user')
  const now = deps.clock.now()
  const at = iso(now)
  try {
    const loan = await deps.db.transaction().execute(async (trx) => {
      const user = await lockUserRow({ db: trx }, userId)
      if (!user) throw new AppError('not_found', 'No such user')
      if (!user.is_active) throw new AppError('conflict', 'The account of the borrower is deactivated')
      if (!(await repo.bookExists(trx, input.book_id))) throw new AppError('not_found', 'No such book')
      const limit = loanLimit(JSON.parse(user.roles) as string[])
      if ((await countOpenLoans({ db: trx }, userId)) >= limit) {
        throw new AppError('loan_limit_reached', `The borrower has ${limit} unreturned loans, the limit of their role`)
      }
      if (await repo.hasOpenLoanOfBook(trx, userId, input.book_id)) throw new AppError('conflict', 'This book is already on loan to the borrower')
      if (!(await repo.takeCopy(trx, input.book_id, at))) throw new AppError('not_available', 'Every copy of this book is on loan')
      const row = await repo.insertLoan(trx, {
        book_id: input.book_id,
        user_id: userId,
        borrowed_at: at,
        due_at: iso(addDays(now, deps.loanPeriodDays)),
        returned_at: null,
        renewals: 0,
      })
      const loan = toLoan(row, now)
      await beforeCommit?.(trx, loan)
      return loan
    })
    // After the commit, before answering: the next read shows the copy gone.
    await deps.cache?.invalidate(bookChanged(input.book_id))
    return loan
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', 'This book is already on loan to the borrower')
    throw error
  }
}

/**
 * One loan, for its borrower or staff.
 * @throws AppError `not_found` (404) when missing or someone else's (its existence is not revealed)
 */
export async function getLoan(deps: LoanDeps, caller: Principal, id: number): Promise<Loan> {
  const row = await repo.findLoanById(deps.db, id)
  if (!row || !mayManage(caller, row)) throw new AppError('not_found', 'No such loan')
  return toLoan(row, deps.clock.now())
}

/**
 * Returns a loan and puts the copy back on the shelf, in one transaction.
 * @returns the loan with `returned_at` = now and status `returned`
 * @throws AppError `not_found` (404) missing or someone else's (staff excepted); `conflict` (409)
 *   already returned (also the loser of two concurrent returns)
 */
export async function returnLoan(deps: LoanDeps, caller: Principal, id: number): Promise<Loan> {
  const now = deps.clock.now()
  const loan = await deps.db.transaction().execute(async (trx) => {
    const current = await repo.findLoanById(trx, id)
    if (!current || !mayManage(caller, current)) throw new AppError('not_found', 'No such loan')
    const row = await repo.markReturned(trx, id, iso(now))
    if (!row) throw new AppError('conflict', 'The loan has already been returned')
    await repo.putCopyBack(trx, row.book_id, iso(now))
    return toLoan(row, now)
  })
  await deps.cache?.invalidate(bookChanged(loan.book_id))
  return loan
}

/**
 * Renews a loan: `due_at` + `loanPeriodDays`, `renewals` + 1.
 * @throws AppError `not_found` (404) missing or someone else's (staff excepted); `conflict` (409)
 *   returned, overdue, already renewed {@link MAX_RENEWALS} times, or changed by a concurrent
 *   request since it was read
 */
export async function renewLoan(deps: LoanDeps, caller: Principal, id: number): Promise<Loan> {
  const now = deps.clock.now()
  const current = await repo.findLoanById(deps.db, id)
  if (!current || !mayManage(caller, current)) throw new AppError('not_found', 'No such loan')
  const status = loanStatus(current, now)
  if (status === 'returned') throw new AppError('conflict', 'A returned loan cannot be renewed')
  if (status === 'overdue') throw new AppError('conflict', 'An overdue loan cannot be renewed; return it first')
  if (current.renewals >= MAX_RENEWALS) throw new AppError('conflict', `A loan can be renewed at most ${MAX_RENEWALS} times`)
  const row = await repo.extendLoan(deps.db, current, iso(addDays(new Date(current.due_at), deps.loanPeriodDays)))
  if (!row) throw new AppError('conflict', 'The loan changed while renewing; read it again')
  return toLoan(row, now)
}

async function page(deps: LoanDeps, filter: { userId?: number; status?: LoanStatus }, query: { page: number; per_page: number }): Promise<LoanPageType> {
  const now = deps.clock.now()
  const { rows, total } = await repo.listLoans(deps.db, { ...filter, now: iso(now) }, pageWindow(query))
  return offsetPage(rows.map((r) => toLoan(r, now)), total, query)
}

/**
 * A page of loans, newest first: the caller's own, or for staff everyone's (optionally one
 * borrower's via `user_id`); `status` filters by the derived state.
 * @throws AppError `forbidden` (403) a non-staff caller naming another `user_id`
 */
export async function listLoans(deps: LoanDeps, caller: Principal, query: ListLoansQueryType): Promise<LoanPageType> {
  const staff = isStaff(caller.roles)
  if (!staff && query.user_id !== undefined && query.user_id !== caller.id) throw new AppError('forbidden', "Only a librarian or an admin may list other users' loans")
  return page(deps, { userId: staff ? query.user_id : caller.id, status: query.status }, query)
}

/**
 * A page of one user's loans, newest first; for the user themself or staff. Permission is
 * checked before existence, so a member cannot probe which ids exist.
 * @throws AppError `forbidden` (403) another non-staff caller; `not_found` (404) no such user
 */
export async function listUserLoans(deps: LoanDeps, caller: Principal, userId: number, query: ListUserLoansQueryType): Promise<LoanPageType> {
  if (caller.id !== userId && !isStaff(caller.roles)) throw new AppError('forbidden', "Only the user themself, a librarian or an admin may list a user's loans")
  if (!(await findUserRowById(deps, userId))) throw new AppError('not_found', 'No such user')
  return page(deps, { userId, status: query.status }, query)
}

/** What {@link scanOverdueLoans} found: loans first seen overdue by this scan, and all unreturned loans past due. */
export interface OverdueScanResult {
  newly_overdue: number
  overdue: number
  scanned_at: string
}

/**
 * The `overdue_scan` task: a loan's `overdue` status is derived from its due date at every read;
 * the scan records when each loan was first seen past due (`marked_overdue_at`, where reminders
 * would start) and counts. Idempotent: a second scan at the same instant marks nothing new.
 */
export async function scanOverdueLoans(db: Db, now: Date): Promise<OverdueScanResult> {
  const scannedAt = iso(now)
  const counts = await repo.markOverdueLoans(db, scannedAt)
  return { newly_overdue: counts.newlyOverdue, overdue: counts.overdue, scanned_at: scannedAt }
}
