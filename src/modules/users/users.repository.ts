import { PostgresAdapter, sql } from 'kysely'
import { preparedQuery } from '../../db/prepared.ts'
import type { Db, NewUserRow, UserRow } from '../../db/schema.ts'
import { escapeLike } from '../../shared/sql.ts'

/**
 * Takes a row lock on the user (a no-op update: PostgreSQL locks the row until the transaction
 * ends and returns its latest committed version; SQLite makes the transaction the single writer
 * at once) and returns the row. Serializes concurrent borrows of one user so that the limit and
 * duplicate checks hold, and a conditional update's `If-Match` check with its write.
 * @returns the user row, or undefined when there is no such user (also when a concurrent
 *   delete committed while this one waited)
 * @see https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS
 */
export function lockUser(db: Db, userId: number): Promise<UserRow | undefined> {
  return db
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirst()
}

/** Active users holding the `admin` role (roles is a JSON array of names). */
const ACTIVE_ADMIN = sql<boolean>`is_active = ${sql.lit(true)} and roles like ${'%"admin"%'}`

/**
 * Locks the rows of every active admin until the transaction ends and returns their ids, so
 * that two transactions that might each remove an admin (demotion, deactivation, deletion) run
 * one after the other and the second sees what the first left. PostgreSQL: `SELECT … ORDER BY
 * id FOR UPDATE` (one lock order, so no deadlock; a row changed meanwhile is re-checked against
 * the condition). SQLite has no row locks: the same no-op update as {@link lockUser} makes the
 * transaction the single writer. Call it first in the transaction, before any other lock.
 * @returns the ids of the active admins, ascending
 * @see https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE
 */
export async function lockActiveAdmins(db: Db): Promise<number[]> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const rows = await db.selectFrom('users').select('id').where(ACTIVE_ADMIN).orderBy('id').forUpdate().execute()
    return rows.map((r) => r.id)
  }
  const rows = await db.updateTable('users').set((eb) => ({ updated_at: eb.ref('updated_at') })).where(ACTIVE_ADMIN).returning('id').execute()
  return rows.map((r) => r.id).sort((a, b) => a - b)
}

export function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Finds a user by username or email, case-insensitively. */
export function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  const value = login.toLowerCase()
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb(sql`lower(username)`, '=', value), eb(sql`lower(email)`, '=', value)]))
    .executeTakeFirst()
}

const accountIdByLoginQuery = preparedQuery<{ login: string }, { id: number }>((db, p) =>
  db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb(sql`lower(username)`, '=', p.login), eb(sql`lower(email)`, '=', p.login)]))
    .limit(1),
)

/**
 * The id of the user whose username or email is `login`, case-insensitively: one probe of each
 * unique `lower(…)` index, on a statement compiled once (the login limiter asks on every attempt).
 * @param login already lower-cased
 */
export async function findUserIdByLogin(db: Db, login: string): Promise<number | undefined> {
  return (await accountIdByLoginQuery.execute(db, { login }))[0]?.id
}

/** Which of a username and an email are already taken (case-insensitively), by users other than `exceptId`. */
export async function findTakenIdentity(db: Db, identity: { username?: string; email?: string }, exceptId?: number) {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'email'])
    .where((eb) =>
      eb.or([
        ...(identity.username ? [eb(sql`lower(username)`, '=', identity.username.toLowerCase())] : []),
        ...(identity.email ? [eb(sql`lower(email)`, '=', identity.email.toLowerCase())] : []),
      ]),
    )
    .execute()
  const others = rows.filter((r) => r.id !== exceptId)
  return {
    username: others.some((r) => identity.username && r.username.toLowerCase() === identity.username.toLowerCase()),
    email: others.some((r) => identity.email && r.email.toLowerCase() === identity.email.toLowerCase()),
  }
}

export async function insertUser(db: Db, user: NewUserRow): Promise<UserRow> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow()
}

export async function updateUser(
  db: Db,
  id: number,
  changes: Partial<Pick<UserRow, 'email' | 'password_hash' | 'roles' | 'updated_at'>> & { is_active?: number },
): Promise<UserRow | undefined> {
  return db.updateTable('users').set(changes).where('id', '=', id).returningAll().executeTakeFirst()
}

/**
 * Deletes the user's row and their loan history (returned loans keep the catalog's history only
 * while the account exists); sessions and posts go by foreign key. Call inside the transaction
 * that checked no loan is open.
 */
export async function deleteUser(db: Db, id: number): Promise<void> {
  await db.deleteFrom('loans').where('user_id', '=', id).execute()
  await db.deleteFrom('users').where('id', '=', id).execute()
}

/** Counts the user's loans not yet returned. */
export async function countOpenLoans(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('loans')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('returned_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** A page of users, filtered by role and by a substring of username or email. */
export async function listUsers(db: Db, filter: { role?: string; q?: string }, page: { limit: number; offset: number }) {
  let query = db.selectFrom('users')
  if (filter.role) query = query.where('roles', 'like', `%"${filter.role}"%`)
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q.toLowerCase())}%`
    query = query.where((eb) => eb.or([eb(sql`lower(username)`, 'like', sql`${pattern} escape '\\'`), eb(sql`lower(email)`, 'like', sql`${pattern} escape '\\'`)]))
  }
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
