import type { Db } from '../../db/schema.ts'
import * as repo from './auth.repository.ts'

// The session services that other modules (users) and the auth plugin call. They live apart from
// auth.service.ts, which imports the users module's service: users.service imports this file, so
// the two services do not import each other.

/**
 * Revokes every login session of user `userId` that is not revoked yet: their access tokens and
 * refresh token families stop working at once (a password change, a deactivation). Not audited
 * here: the caller records why, in the same transaction.
 * @param deps.db the database, or the transaction the revocation commits with
 * @param at when, RFC 3339 (`revoked_at`); sessions revoked earlier keep their time
 */
export async function revokeUserSessions(deps: { db: Db }, userId: number, at: string): Promise<void> {
  await repo.revokeUserSessions(deps.db, userId, at)
}

/** What the auth plugin checks of an access token's session: its user, revocation and the user's roles and state. */
export interface SessionPrincipal {
  user_id: number
  /** RFC 3339, or null while the session is live */
  revoked_at: string | null
  /** JSON array of role names, as stored */
  roles: string
  /** 1/0 on SQLite, boolean on PostgreSQL */
  is_active: number | boolean
}

/**
 * The session `sessionId` (the `sid` claim of an access token) joined with its user: one
 * primary-key lookup on a prepared statement, made on every authenticated request.
 * @returns undefined when there is no such session (expired and deleted, or never issued)
 */
export function findSessionPrincipal(deps: { db: Db }, sessionId: string): Promise<SessionPrincipal | undefined> {
  return repo.findSessionPrincipal(deps.db, sessionId)
}
