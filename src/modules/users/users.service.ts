import type { Db, UserRow } from '../../db/schema.ts'
import { AppError, validationError } from '../../errors.ts'
import { offsetPage, pageWindow } from '../../shared/pagination.ts'
import type { Principal } from '../../plugins/auth.ts'
import type { AuditContext, AuditTrail } from '../../shared/audit.ts'
import { type Clock, iso } from '../../shared/clock.ts'
import { isUniqueViolation } from '../../shared/db-errors.ts'
import { assertIfMatch } from '../../shared/http.ts'
import { can } from '../../shared/permissions.ts'
import { isStorableText } from '../../shared/text.ts'
import { revokeUserSessions } from '../auth/sessions.service.ts'
import { type PasswordHasher, passwordWeakness } from '../auth/passwords.ts'
import * as repo from './users.repository.ts'
import type { PublicUser, UpdateUserInput, User } from './users.schemas.ts'

/** What the user services need. */
export interface UserDeps {
  db: Db
  hasher: PasswordHasher
  clock: Clock
}

/** What the audited user services (admin creation, changes, deletion) need. */
export type AuditedUserDeps = UserDeps & { audit: AuditTrail }

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

/**
 * The stored row of user `id`, password hash included (for the auth module's token checks and
 * the loans module's existence check).
 * @param deps.db the database, or the transaction to read in
 * @returns the row, or undefined when there is no such user
 */
export function findUserRowById(deps: { db: Db }, id: number): Promise<UserRow | undefined> {
  return repo.findUserById(deps.db, id)
}

/**
 * The stored row of the user whose username or email is `login`, case-insensitively, password
 * hash included (the login checks it).
 * @param login as submitted; lower-cased here
 * @returns the row, or undefined when no account has that username or email
 */
export function findUserRowByLogin(deps: { db: Db }, login: string): Promise<UserRow | undefined> {
  return repo.findUserByLogin(deps.db, login)
}

/**
 * Locks the row of user `id` until the transaction of `deps.db` ends and returns its latest
 * committed version: a borrow takes it first, so that one user's borrows (and a deletion of the
 * user) run one after the other and the loan limit and duplicate checks hold. PostgreSQL takes a
 * row lock (a no-op update); SQLite makes the transaction the single writer.
 * @param deps.db the transaction to lock in (outside one the lock ends with the statement)
 * @returns the row, or undefined when there is no such user (also when a concurrent delete
 *   committed while this one waited)
 * @see https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS
 */
export function lockUserRow(deps: { db: Db }, id: number): Promise<UserRow | undefined> {
  return repo.lockUser(deps.db, id)
}

/**
 * How many loans of user `userId` are not yet returned (overdue ones included): the loan limit
 * counts them, and a user with any cannot be deleted.
 * @param deps.db the database, or the transaction (after {@link lockUserRow}) to count in
 */
export function countOpenLoans(deps: { db: Db }, userId: number): Promise<number> {
  return repo.countOpenLoans(deps.db, userId)
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
 * Creates a user with a hashed password (hashed before the insert's transaction opens).
 * @param onCommit runs in the insert's transaction (the idempotency record is stored there)
 * @throws AppError `validation_error` for a weak password, `already_exists` (409) for a taken
 *   username or email (case-insensitive)
 */
export async function createUser(deps: UserDeps, input: { username: string; email: string; password: string; roles: string[] }, onCommit?: (trx: Db, user: User) => Promise<void>): Promise<User> {
  const weakness = passwordWeakness(input.password)
  if (weakness) throw validationError([{ field: 'password', message: weakness }])
  const taken = await repo.findTakenIdentity(deps.db, input)
  if (taken.username || taken.email) throw new AppError('already_exists', taken.username ? 'The username is taken' : 'The email is already registered')
  const now = iso(deps.clock.now())
  const passwordHash = await deps.hasher.hash(input.password)
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const row = await repo.insertUser(trx, {
        username: input.username,
        email: input.email,
        password_hash: passwordHash,
        roles: JSON.stringify(sortRoles(input.roles)),
        is_active: 1,
        created_at: now,
        updated_at: now,
      })
      const user = toUser(row)
      await onCommit?.(trx, user)
      return user
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('already_exists', 'The username or email is taken')
    throw error
  }
}

/**
 * {@link createUser} by an admin (`POST /api/v1/admin/users`), audited as `admin_user_created`
 * in the insert's transaction, after `onCommit`.
 * @throws as {@link createUser}
 */
export async function adminCreateUser(deps: AuditedUserDeps, input: { username: string; email: string; password: string; roles: string[] }, audit: AuditContext, onCommit?: (trx: Db, user: User) => Promise<void>): Promise<User> {
  return createUser(deps, input, async (trx, user) => {
    await onCommit?.(trx, user)
    await deps.audit.record(trx, audit, { event: 'admin_user_created', userId: user.id, details: { username: user.username, roles: user.roles } })
  })
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

/** Whether a user row counts as an active admin. */
function isActiveAdmin(row: Pick<UserRow, 'roles' | 'is_active'>): boolean {
  return Boolean(row.is_active) && (JSON.parse(row.roles) as string[]).includes('admin')
}

/**
 * Refuses a change that would leave no active admin: `after` is what the target becomes
 * (`null`: deleted). Runs under {@link repo.lockActiveAdmins}, so `admins` is the current set and
 * no concurrent demotion can interleave.
 * @throws AppError `conflict` (409) when the target is the only active admin and stops being one
 */
function assertNotLastAdmin(target: UserRow, after: { roles: string[]; active: boolean } | null, admins: number[]): void {
  if (!isActiveAdmin(target)) return
  if (after && after.active && after.roles.includes('admin')) return
  if (admins.some((id) => id !== target.id)) return
  const what = after === null ? 'deleted' : after.active ? 'stripped of the admin role' : 'deactivated'
  throw new AppError('conflict', `This is the last active admin: it cannot be ${what}; make another user an active admin first`)
}

/**
 * Runs `work` in one transaction on the locked row of user `id`. When `guardAdmins` is set
 * (the change may remove an admin) every active admin's row is locked first — always in that
 * order, so two such transactions cannot deadlock — and their ids are passed on.
 * @throws AppError `not_found` (404) no such user (also when deleted while waiting for the lock)
 */
function withLockedUser<T>(deps: UserDeps, id: number, guardAdmins: boolean, work: (trx: Db, row: UserRow, admins: number[]) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    const admins = guardAdmins ? await repo.lockActiveAdmins(trx) : []
    const row = await repo.lockUser(trx, id)
    if (!row) throw new AppError('not_found', 'No such user')
    return work(trx, row, admins)
  })
}

/**
 * Updates a user. Self or admin; `roles` and `is_active` by admin only; a password change by
 * the user themself needs `current_password`. A password change or a deactivation revokes every
 * token of the user. With `If-Match`, the precondition is checked and the change written under
 * the user's row lock, so of N writers sending one ETag exactly one wins (RFC 9110 §13.1.1); a
 * user deleted meanwhile is 404, not 412 (§13.2.1). Password hashing runs before the
 * transaction, so no lock is held while argon2 works.
 * @param ifMatch the `If-Match` header, compared with the ETag of the full user representation
 * @throws AppError `forbidden`, `not_found`, `validation_error`, `already_exists`,
 *   `precondition_failed` (412), `conflict` (409) the change would leave no active admin
 * Audited in the change's transaction: `password_changed`, `roles_changed`, `user_deactivated`.
 */
export async function updateUser(deps: AuditedUserDeps, caller: Principal, id: number, input: UpdateUserInput, ifMatch?: string, audit?: AuditContext): Promise<User> {
  const isAdmin = can(caller.roles, 'users:manage')
  if (caller.id !== id && !isAdmin) throw new AppError('forbidden', 'You may only change your own account')
  if ((input.roles !== undefined || input.is_active !== undefined) && !isAdmin) throw new AppError('forbidden', 'Only an admin may change roles or activation')
  const seen = await repo.findUserById(deps.db, id)
  if (!seen) throw new AppError('not_found', 'No such user')
  const changes: Parameters<typeof repo.updateUser>[2] = {}
  const checkCurrentPassword = input.password !== undefined && caller.id === id
  if (input.password !== undefined) {
    const weakness = passwordWeakness(input.password)
    if (weakness) throw validationError([{ field: 'password', message: weakness }])
    if (checkCurrentPassword) {
      if (input.current_password === undefined) throw validationError([{ field: 'current_password', message: 'is required to change your password' }])
      if (!(await deps.hasher.verify(seen.password_hash, input.current_password))) throw new AppError('forbidden', 'current_password is wrong')
    }
    changes.password_hash = await deps.hasher.hash(input.password)
  }
  if (input.email !== undefined && input.email.toLowerCase() !== seen.email.toLowerCase()) {
    if ((await repo.findTakenIdentity(deps.db, { email: input.email }, id)).email) throw new AppError('already_exists', 'The email is already registered')
  }
  if (input.email !== undefined) changes.email = input.email
  if (input.roles !== undefined) changes.roles = JSON.stringify(sortRoles(input.roles))
  if (input.is_active !== undefined) changes.is_active = input.is_active ? 1 : 0
  const now = iso(deps.clock.now())
  changes.updated_at = now
  const guardAdmins = input.roles !== undefined || input.is_active !== undefined
  const updated = await withLockedUser(deps, id, guardAdmins, async (trx, current, admins) => {
    assertIfMatch(ifMatch, toUser(current))
    // The password changed between the check above and the lock: check against the new one.
    if (checkCurrentPassword && current.password_hash !== seen.password_hash && !(await deps.hasher.verify(current.password_hash, input.current_password!))) {
      throw new AppError('forbidden', 'current_password is wrong')
    }
    if (guardAdmins) {
      assertNotLastAdmin(current, { roles: input.roles ?? (JSON.parse(current.roles) as string[]), active: input.is_active ?? Boolean(current.is_active) }, admins)
    }
    const result = await repo.updateUser(trx, id, changes)
    if (changes.password_hash !== undefined || input.is_active === false) await revokeUserSessions({ db: trx }, id, now)
    if (audit) await auditUserChanges(deps, trx, audit, current, input)
    return result
  }).catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new AppError('already_exists', 'The email is already registered')
    throw error
  })
  if (!updated) throw new AppError('not_found', 'No such user')
  return toUser(updated)
}

/** The audit rows of a user update, from the row before it and what was sent. */
async function auditUserChanges(deps: AuditedUserDeps, trx: Db, audit: AuditContext, before: UserRow, input: { password?: string; roles?: string[]; is_active?: boolean }): Promise<void> {
  const userId = before.id
  if (input.password !== undefined) await deps.audit.record(trx, audit, { event: 'password_changed', userId, details: { by_self: audit.actorId === userId } })
  const oldRoles = JSON.parse(before.roles) as string[]
  const newRoles = input.roles === undefined ? oldRoles : sortRoles(input.roles)
  if (oldRoles.join() !== newRoles.join()) await deps.audit.record(trx, audit, { event: 'roles_changed', userId, details: { from: oldRoles, to: newRoles } })
  if (input.is_active === false && Boolean(before.is_active)) await deps.audit.record(trx, audit, { event: 'user_deactivated', userId })
}

/**
 * Deletes a user (self or admin); their sessions and posts go with them. The user's row lock
 * (the one a borrow takes) keeps a loan from starting between the count and the delete; the
 * active admins are locked first so the last one cannot be deleted, even by two admins deleting
 * each other at once.
 * @param ifMatch optional `If-Match`, checked under the lock against the full representation
 * @throws AppError `forbidden`, `not_found`, `precondition_failed` (412), `conflict` (409) while
 *   loans are unreturned, or when the user is the last active admin
 * Audited: `user_deleted` (with the username, which goes with the row) in the delete's transaction.
 */
export async function deleteUser(deps: AuditedUserDeps, caller: Principal, id: number, ifMatch?: string, audit?: AuditContext): Promise<void> {
  if (caller.id !== id && !can(caller.roles, 'users:manage')) throw new AppError('forbidden', 'You may only delete your own account')
  await withLockedUser(deps, id, true, async (trx, current, admins) => {
    assertIfMatch(ifMatch, toUser(current))
    assertNotLastAdmin(current, null, admins)
    if ((await repo.countOpenLoans(trx, id)) > 0) throw new AppError('conflict', 'The user has unreturned loans')
    // Returned loans keep the history of the catalog; they are removed with the account.
    await repo.deleteUser(trx, id)
    if (audit) await deps.audit.record(trx, audit, { event: 'user_deleted', userId: id, details: { username: current.username, by_self: caller.id === id } })
  })
}

/** A page of users (admin and librarian). */
export async function listUsers(deps: UserDeps, query: { page: number; per_page: number; role?: string; q?: string }) {
  const { rows, total } = await repo.listUsers(deps.db, query, pageWindow(query))
  return offsetPage(rows.map(toUser), total, query)
}

/**
 * Replaces the roles of a user (admin), under the active admins' locks (see {@link deleteUser}).
 * @throws AppError `not_found`, `conflict` (409) when it would take the admin role from the last
 *   active admin
 * Audited: `roles_changed` (old and new roles) when they differ, in the change's transaction.
 */
export async function setRoles(deps: AuditedUserDeps, id: number, roles: string[], audit?: AuditContext): Promise<User> {
  const sorted = sortRoles(roles)
  const updated = await withLockedUser(deps, id, true, async (trx, current, admins) => {
    assertNotLastAdmin(current, { roles: sorted, active: Boolean(current.is_active) }, admins)
    const result = await repo.updateUser(trx, id, { roles: JSON.stringify(sorted), updated_at: iso(deps.clock.now()) })
    if (audit) await auditUserChanges(deps, trx, audit, current, { roles: sorted })
    return result
  })
  if (!updated) throw new AppError('not_found', 'No such user')
  return toUser(updated)
}
