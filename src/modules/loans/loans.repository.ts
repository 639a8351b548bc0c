import type { Insertable } from 'kysely'
import type { Db, LoanRow, LoansTable } from '../../db/schema.ts'
import type { LoanStatus } from './loans.schemas.ts'

/** Filters of a loan list; `now` (RFC 3339) decides `active` versus `overdue`. */
export interface LoanFilter {
  userId?: number
  status?: LoanStatus
  now: string
}

export async function bookExists(db: Db, bookId: number): Promise<boolean> {
  return (await db.selectFrom('books').select('id').where('id', '=', bookId).executeTakeFirst()) !== undefined
}

/** Whether the user has an unreturned loan of the book. */
export async function hasOpenLoanOfBook(db: Db, userId: number, bookId: number): Promise<boolean> {
  const row = await db
    .selectFrom('loans')
    .select('id')
    .where('user_id', '=', userId)
    .where('book_id', '=', bookId)
    .where('returned_at', 'is', null)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Takes one copy off the shelf atomically: `copies_available - 1` only where it is above 0, so two
 * transactions can never both take the last copy (PostgreSQL re-checks the condition on the row
 * version it waited for).
 * @param now RFC 3339, becomes the book's `updated_at` (its representation changed)
 * @returns whether a copy was taken (false: none free, or no such book)
 */
export async function takeCopy(db: Db, bookId: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('books')
    .set((eb) => ({ copies_available: eb('copies_available', '-', 1), updated_at: now }))
    .where('id', '=', bookId)
    .where('copies_available', '>', 0)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/**
 * Puts one copy back on the shelf (never above `copies_total`, which the CHECK constraint
 * enforces as well).
 * @param now RFC 3339, becomes the book's `updated_at`
 */
export async function putCopyBack(db: Db, bookId: number, now: string): Promise<void> {
  await db
    .updateTable('books')
    .set((eb) => ({ copies_available: eb('copies_available', '+', 1), updated_at: now }))
    .where('id', '=', bookId)
    .whereRef('copies_available', '<', 'copies_total')
    .execute()
}

/**
 * Inserts a loan.
 * @throws the driver's unique violation when the user already has this book on loan (partial
 *   index `loans_active_user_book`)
 */
export function insertLoan(db: Db, loan: Insertable<LoansTable>): Promise<LoanRow> {
  return db.insertInto('loans').values(loan).returningAll().executeTakeFirstOrThrow()
}

/** One loan by id, whoever holds it (the service checks ownership). */
export function findLoanById(db: Db, id: number): Promise<LoanRow | undefined> {
  return db.selectFrom('loans').selectAll().where('id', '=', id).executeTakeFirst()
}

/**
 * Sets `returned_at` of a loan that is still out.
 * @returns the updated row, or undefined when the loan is missing or already returned
 */
export function markReturned(db: Db, id: number, now: string): Promise<LoanRow | undefined> {
  return db.updateTable('loans').set({ returned_at: now }).where('id', '=', id).where('returned_at', 'is', null).returningAll().executeTakeFirst()
}

/**
 * Renews a loan by compare-and-set on the values the caller read (`due_at`, `renewals`, still
 * out), so two concurrent renewals cannot both count.
 * @returns the updated row, or undefined when the loan changed since it was read
 */
export function extendLoan(db: Db, seen: Pick<LoanRow, 'id' | 'due_at' | 'renewals'>, dueAt: string): Promise<LoanRow | undefined> {
  return db
    .updateTable('loans')
    .set({ due_at: dueAt, renewals: seen.renewals + 1 })
    .where('id', '=', seen.id)
    .where('due_at', '=', seen.due_at)
    .where('renewals', '=', seen.renewals)
    .where('returned_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** A page of loans, newest first, and the total matching the filter. */
export async function listLoans(db: Db, filter: LoanFilter, page: { limit: number; offset: number }) {
  let query = db.selectFrom('loans')
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId)
  if (filter.status === 'returned') query = query.where('returned_at', 'is not', null)
  if (filter.status === 'active') query = query.where('returned_at', 'is', null).where('due_at', '>=', filter.now)
  if (filter.status === 'overdue') query = query.where('returned_at', 'is', null).where('due_at', '<', filter.now)
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/**
 * `overdue_scan`: stamps `marked_overdue_at = now` on every unreturned loan past its due date
 * that was not stamped yet, and counts the unreturned loans past due.
 * @param now RFC 3339
 */
export async function markOverdueLoans(db: Db, now: string): Promise<{ newlyOverdue: number; overdue: number }> {
  const marked = await db
    .updateTable('loans')
    .set({ marked_overdue_at: now })
    .where('returned_at', 'is', null)
    .where('due_at', '<', now)
    .where('marked_overdue_at', 'is', null)
    .executeTakeFirst()
  const count = await db.selectFrom('loans').select((eb) => eb.fn.countAll().as('n')).where('returned_at', 'is', null).where('due_at', '<', now).executeTakeFirstOrThrow()
  return { newlyOverdue: Number(marked.numUpdatedRows), overdue: Number(count.n) }
}
