import { preparedQuery } from '../../db/prepared.ts'
import type { Db } from '../../db/schema.ts'

const principalQuery = preparedQuery<{ sessionId: string }, { user_id: number; revoked_at: string | null; roles: string; is_active: number | boolean }>((db, p) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.user_id', 'sessions.revoked_at', 'users.roles', 'users.is_active'])
    .where('sessions.id', '=', p.sessionId),
)

/**
 * The session of an access token joined with its user: one primary-key lookup per
 * authenticated request.
 */
export async function findSessionPrincipal(db: Db, sessionId: string) {
  return (await principalQuery.execute(db, { sessionId }))[0]
}

/** Creates a login session (a refresh-token family). */
export async function insertSession(db: Db, session: { id: string; user_id: number; created_at: string; expires_at: string }): Promise<void> {
  await db.insertInto('sessions').values({ ...session, revoked_at: null }).execute()
}

/** Records an issued token pair. */
export async function insertRefreshToken(
  db: Db,
  row: { jti: string; session_id: string; user_id: number; access_jti: string; issued_at: number; expires_at: string },
): Promise<void> {
  await db.insertInto('refresh_tokens').values({ ...row, used_at: null, replaced_by: null }).execute()
}

export function findRefreshToken(db: Db, jti: string) {
  return db
    .selectFrom('refresh_tokens')
    .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
    .select([
      'refresh_tokens.jti',
      'refresh_tokens.session_id',
      'refresh_tokens.user_id',
      'refresh_tokens.access_jti',
      'refresh_tokens.issued_at',
      'refresh_tokens.used_at',
      'refresh_tokens.replaced_by',
      'sessions.revoked_at',
    ])
    .where('refresh_tokens.jti', '=', jti)
    .executeTakeFirst()
}

/**
 * Marks a refresh token used, only if it was not already (the rotation's compare-and-set).
 * @returns true when this call won
 */
export async function markRefreshTokenUsed(db: Db, jti: string, usedAt: string, replacedBy: string): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ used_at: usedAt, replaced_by: replacedBy })
    .where('jti', '=', jti)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Revokes one session (its access and refresh tokens) if not revoked yet. */
export async function revokeSession(db: Db, sessionId: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: at }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute()
}

/** Revokes every session of a user. */
export async function revokeUserSessions(db: Db, userId: number, at: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute()
}

/**
 * `token_cleanup`: deletes refresh tokens and sessions that expired before `now` (RFC 3339). A
 * revoked session is kept until it expires, as the record that its tokens are revoked.
 * @returns how many rows of each were deleted
 */
export async function deleteExpiredSessions(db: Db, now: string): Promise<{ sessions: number; refreshTokens: number }> {
  const tokens = await db.deleteFrom('refresh_tokens').where('expires_at', '<', now).executeTakeFirst()
  // A session's own refresh tokens expire with it at the latest; those left go with it by cascade.
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst()
  return { sessions: Number(sessions.numDeletedRows), refreshTokens: Number(tokens.numDeletedRows) }
}
