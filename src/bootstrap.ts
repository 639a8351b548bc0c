import { randomBytes } from 'node:crypto'
import type { Config } from './config.ts'
import type { Db } from './db/schema.ts'
import type { PasswordHasher } from './modules/auth/passwords.ts'
import { createUser } from './modules/users/users.service.ts'
import { type Clock, systemClock } from './shared/clock.ts'

/** A strong random password that satisfies the password rule (upper, lower, digit, symbol). */
export function generatePassword(): string {
  return `${randomBytes(18).toString('base64url')}-Aa1`
}

/**
 * Creates the first admin when no admin exists: `ADMIN_USERNAME`/`ADMIN_PASSWORD` when set,
 * otherwise the username `admin` and a generated password that the caller prints once.
 * @returns the created admin's credentials (the password only when generated), or undefined
 *   when an admin already exists
 */
export async function ensureAdmin(
  deps: { db: Db; hasher: PasswordHasher; clock?: Clock },
  admin: Config['admin'],
): Promise<{ username: string; generatedPassword?: string } | undefined> {
  const existing = await deps.db.selectFrom('users').select('id').where('roles', 'like', '%"admin"%').executeTakeFirst()
  if (existing) return undefined
  const username = admin.username ?? 'admin'
  const password = admin.password ?? generatePassword()
  await createUser(
    { db: deps.db, hasher: deps.hasher, clock: deps.clock ?? systemClock },
    { username, email: admin.email ?? `${username}@library.invalid`, password, roles: ['admin'] },
  )
  return admin.password ? { username } : { username, generatedPassword: password }
}
