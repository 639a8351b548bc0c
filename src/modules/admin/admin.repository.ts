import type { Db } from '../../db/schema.ts'

/** Row counts for the admin statistics: users, books, unreturned loans and those of them due before `now` (ISO 8601). */
export async function countCatalogAndLoans(db: Db, now: string) {
  const [users, books, loans] = await Promise.all([
    db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('books').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('loans')
      .select((eb) => [eb.fn.countAll().as('active'), eb.fn.sum(eb.case().when('due_at', '<', now).then(1).else(0).end()).as('overdue')])
      .where('returned_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ])
  return { users: users.n, books: books.n, active: loans.active, overdue: loans.overdue }
}
