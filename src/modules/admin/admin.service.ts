import type { Db } from '../../db/schema.ts'
import { type Clock, iso } from '../../shared/clock.ts'
import { countCatalogAndLoans } from './admin.repository.ts'

/**
 * `{users, books, loans_active, loans_overdue}`: `loans_active` counts every unreturned loan,
 * `loans_overdue` those of them past their due date.
 */
export async function getStats(deps: { db: Db; clock: Clock }) {
  const counts = await countCatalogAndLoans(deps.db, iso(deps.clock.now()))
  return { users: Number(counts.users), books: Number(counts.books), loans_active: Number(counts.active), loans_overdue: Number(counts.overdue ?? 0) }
}
