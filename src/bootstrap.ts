import { randomBytes } from 'node:crypto'
import { type Config, ConfigError } from './config.ts'
import type { Db } from './db/schema.ts'
import { AppError } from './errors.ts'
import { type PasswordHasher, passwordWeakness } from './modules/auth/passwords.ts'
import { createUser } from './modules/users/users.service.ts'
import { type Clock, systemClock } from './shared/clock.ts'

/** A strong random password that satisfies the password rule (upper, lower, digit, symbol). */
export function generatePassword(): string {
  return `${randomBytes(18).toString('base64url')}-Aa1`
}

/**
 * Creates the first admin when no admin exists: `ADMIN_USERNAME`/`ADMIN_PASSWORD` when set,
 * otherwise the username `admin` and a generated password that the caller prints once.
 * @throws ConfigError when ADMIN_PASSWORD breaks the password rule
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
  const weakness = passwordWeakness(password)
  if (weakness) throw new ConfigError(`ADMIN_PASSWORD ${weakness}`)
  try {
    await createUser(
      { db: deps.db, hasher: deps.hasher, clock: deps.clock ?? systemClock },
      { username, email: admin.email ?? `${username}@library.invalid`, password, roles: ['admin'] },
    )
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (error instanceof AppError && error.code === 'already_exists') return undefined
    throw error
  }
  return admin.password ? { username } : { username, generatedPassword: password }
}
