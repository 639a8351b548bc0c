import type { Db } from '../../db/schema.ts'
import { type Clock, iso } from '../../shared/clock.ts'

/**
 * `{users, books, loans_active, loans_overdue}`: `loans_active` counts every unreturned loan,
 * `loans_overdue` those of them past their due date.
 */
export async function getStats(deps: { db: Db; clock: Clock }) {
  const now = iso(deps.clock.now())
  const count = (n: unknown) => Number(n)
  const [users, books, loans] = await Promise.all([
    deps.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    deps.db.selectFrom('books').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('loans')
      .select((eb) => [eb.fn.countAll().as('active'), eb.fn.sum(eb.case().when('due_at', '<', now).then(1).else(0).end()).as('overdue')])
      .where('returned_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ])
  return { users: count(users.n), books: count(books.n), loans_active: count(loans.active), loans_overdue: count(loans.overdue ?? 0) }
}
