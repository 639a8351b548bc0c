import type { Db, UserRow } from '../../db/schema.ts'
import { AppError, validationError } from '../../errors.ts'
import { offsetPage, pageWindow } from '../../shared/pagination.ts'
import type { Principal } from '../../plugins/auth.ts'
import { type Clock, iso } from '../../shared/clock.ts'
import { isUniqueViolation } from '../../shared/db-errors.ts'
import { can } from '../../shared/permissions.ts'
import { isStorableText } from '../../shared/text.ts'
import { revokeUserSessions } from '../auth/auth.repository.ts'
import { type PasswordHasher, passwordWeakness } from '../auth/passwords.ts'
import * as repo from './users.repository.ts'
import type { PublicUser, UpdateUserInput, User } from './users.schemas.ts'

/** What the user services need. */
export interface UserDeps {
  db: Db
  hasher: PasswordHasher
  clock: Clock
}

/** The longest login name (`username` or email) of the login body. */
const MAX_LOGIN_LENGTH = 254

/**
 * The id of the account a login name names — its username or its email, in any case — so that
 * the login limiter counts one budget per account however it is spelled. A name that no account
 * can have (empty, over 254 characters, NUL, a lone surrogate) is answered without a query.
 * @param name the `username` field of the login body as submitted (not yet validated)
 * @returns the user id, or undefined for no such account
 */
export async function findAccountIdByLogin(deps: { db: Db }, name: string): Promise<number | undefined> {
  // No username or email holds NUL or a lone surrogate, and PostgreSQL refuses NUL outright (a 500).
  if (name.length === 0 || name.length > MAX_LOGIN_LENGTH || !isStorableText(name)) return undefined
  return repo.findUserIdByLogin(deps.db, name.toLowerCase())
}

/** The full representation of a user row (the response schema is the whitelist). */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    roles: JSON.parse(row.roles) as string[],
    is_active: Boolean(row.is_active),
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

function toPublicUser(row: UserRow): PublicUser {
  return { id: row.id, username: row.username, created_at: row.created_at }
}

function sortRoles(roles: string[]): string[] {
  const order = ['admin', 'librarian', 'premium', 'member']
  return [...new Set(roles)].sort((a, b) => order.indexOf(a) - order.indexOf(b))
}

/**
 * Creates a user with a hashed password.
 * @throws AppError `validation_error` for a weak password, `already_exists` (409) for a taken
 *   username or email (case-insensitive)
 */
export async function createUser(deps: UserDeps, input: { username: string; email: string; password: string; roles: string[] }): Promise<User> {
  const weakness = passwordWeakness(input.password)
  if (weakness) throw validationError([{ field: 'password', message: weakness }])
  const taken = await repo.findTakenIdentity(deps.db, input)
  if (taken.username || taken.email) throw new AppError('already_exists', taken.username ? 'The username is taken' : 'The email is already registered')
  const now = iso(deps.clock.now())
  try {
    const row = await repo.insertUser(deps.db, {
      username: input.username,
      email: input.email,
      password_hash: await deps.hasher.hash(input.password),
      roles: JSON.stringify(sortRoles(input.roles)),
      is_active: 1,
      created_at: now,
      updated_at: now,
    })
    return toUser(row)
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('already_exists', 'The username or email is taken')
    throw error
  }
}

function isSelfOrStaff(caller: Principal | null, id: number): boolean {
  return !!caller && (caller.id === id || can(caller.roles, 'users:read'))
}

/**
 * One user: the full record for self, admin and librarian; the public profile for anyone else.
 * @throws AppError `not_found`
 */
export async function getUser(deps: UserDeps, caller: Principal | null, id: number): Promise<User | PublicUser> {
  const row = await repo.findUserById(deps.db, id)
  if (!row) throw new AppError('not_found', 'No such user')
  return isSelfOrStaff(caller, id) ? toUser(row) : toPublicUser(row)
}

/**
 * Updates a user. Self or admin; `roles` and `is_active` by admin only; a password change by
 * the user themself needs `current_password`. A password change or a deactivation revokes every
 * token of the user.
 * @throws AppError `forbidden`, `not_found`, `validation_error`, `already_exists`
 */
export async function updateUser(deps: UserDeps, caller: Principal, id: number, input: UpdateUserInput): Promise<User> {
  const isAdmin = can(caller.roles, 'users:manage')
  if (caller.id !== id && !isAdmin) throw new AppError('forbidden', 'You may only change your own account')
  if ((input.roles !== undefined || input.is_active !== undefined) && !isAdmin) throw new AppError('forbidden', 'Only an admin may change roles or activation')
  const row = await repo.findUserById(deps.db, id)
  if (!row) throw new AppError('not_found', 'No such user')
  const changes: Parameters<typeof repo.updateUser>[2] = {}
  if (input.password !== undefined) {
    const weakness = passwordWeakness(input.password)
    if (weakness) throw validationError([{ field: 'password', message: weakness }])
    if (caller.id === id) {
      if (input.current_password === undefined) throw validationError([{ field: 'current_password', message: 'is required to change your password' }])
      if (!(await deps.hasher.verify(row.password_hash, input.current_password))) throw new AppError('forbidden', 'current_password is wrong')
    }
    changes.password_hash = await deps.hasher.hash(input.password)
  }
  if (input.email !== undefined && input.email.toLowerCase() !== row.email.toLowerCase()) {
    if ((await repo.findTakenIdentity(deps.db, { email: input.email }, id)).email) throw new AppError('already_exists', 'The email is already registered')
    changes.email = input.email
  } else if (input.email !== undefined) {
    changes.email = input.email
  }
  if (input.roles !== undefined) changes.roles = JSON.stringify(sortRoles(input.roles))
  if (input.is_active !== undefined) changes.is_active = input.is_active ? 1 : 0
  const now = iso(deps.clock.now())
  changes.updated_at = now
  const updated = await deps.db.transaction().execute(async (trx) => {
    const result = await repo.updateUser(trx, id, changes)
    if (changes.password_hash !== undefined || input.is_active === false) await revokeUserSessions(trx, id, now)
    return result
  }).catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new AppError('already_exists', 'The email is already registered')
    throw error
  })
  if (!updated) throw new AppError('not_found', 'No such user')
  return toUser(updated)
}

/**
 * Deletes a user (self or admin); their sessions and posts go with them.
 * @throws AppError `forbidden`, `not_found`, `conflict` (409) while loans are unreturned
 */
export async function deleteUser(deps: UserDeps, caller: Principal, id: number): Promise<void> {
  if (caller.id !== id && !can(caller.roles, 'users:manage')) throw new AppError('forbidden', 'You may only delete your own account')
  const row = await repo.findUserById(deps.db, id)
  if (!row) throw new AppError('not_found', 'No such user')
  await deps.db.transaction().execute(async (trx) => {
    // The same lock a borrow takes: no loan can start between the count and the delete.
    await repo.lockUser(trx, id)
    if ((await repo.countOpenLoans(trx, id)) > 0) throw new AppError('conflict', 'The user has unreturned loans')
    // Returned loans keep the history of the catalog; they are removed with the account.
    await trx.deleteFrom('loans').where('user_id', '=', id).execute()
    await repo.deleteUser(trx, id)
  })
}

/** A page of users (admin and librarian). */
export async function listUsers(deps: UserDeps, query: { page: number; per_page: number; role?: string; q?: string }) {
  const { rows, total } = await repo.listUsers(deps.db, query, pageWindow(query))
  return offsetPage(rows.map(toUser), total, query)
}

/**
 * Replaces the roles of a user (admin).
 * @throws AppError `not_found`
 */
export async function setRoles(deps: UserDeps, id: number, roles: string[]): Promise<User> {
  const updated = await repo.updateUser(deps.db, id, { roles: JSON.stringify(sortRoles(roles)), updated_at: iso(deps.clock.now()) })
  if (!updated) throw new AppError('not_found', 'No such user')
  return toUser(updated)
}
