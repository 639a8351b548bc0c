import { randomUUID } from 'node:crypto'
import type { Config } from '../../config.ts'
import type { Db } from '../../db/schema.ts'
import { AppError } from '../../errors.ts'
import type { AuditContext, AuditTrail } from '../../shared/audit.ts'
import { type Clock, iso } from '../../shared/clock.ts'
import { findUserById, findUserByLogin } from '../users/users.repository.ts'
import type { User } from '../users/users.schemas.ts'
import { toUser } from '../users/users.service.ts'
import * as repo from './auth.repository.ts'
import type { PasswordHasher } from './passwords.ts'
import { tokenError, type TokenPair, type TokenService } from './tokens.ts'

/** What the auth services need. */
export interface AuthDeps {
  db: Db
  hasher: PasswordHasher
  tokens: TokenService
  clock: Clock
  jwt: Config['jwt']
  audit: AuditTrail
}

/** The login answer: a token pair and the user. */
export type LoginResult = TokenPair & { user: User }

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000)
}

async function issuePair(deps: AuthDeps, db: Db, userId: number, roles: string[], sessionId: string): Promise<{ pair: TokenPair; refreshJti: string }> {
  const issuedAt = seconds(deps.clock.now())
  const spec = { userId, roles, sessionId, accessJti: randomUUID(), refreshJti: randomUUID(), issuedAt }
  await repo.insertRefreshToken(db, {
    jti: spec.refreshJti,
    session_id: sessionId,
    user_id: userId,
    access_jti: spec.accessJti,
    issued_at: issuedAt,
    expires_at: new Date((issuedAt + deps.jwt.refreshTtl) * 1000).toISOString(),
  })
  return { pair: await deps.tokens.signPair(spec), refreshJti: spec.refreshJti }
}

/**
 * Checks a username (or email) and password and opens a login session. Unknown user, wrong
 * password and inactive account give the same 401 after the same argon2 work. Audited:
 * `login_succeeded` in the session's transaction, `login_failed` with its reason (and the
 * username only when it names an account: an unknown name may be a password typed in the wrong field).
 * @throws AppError `invalid_credentials`
 */
export async function login(deps: AuthDeps, username: string, password: string, audit: AuditContext): Promise<LoginResult> {
  const row = await findUserByLogin(deps.db, username)
  const ok = row ? await deps.hasher.verify(row.password_hash, password) : await deps.hasher.verifyDummy(password)
  if (!row || !ok || !row.is_active) {
    await deps.audit.recordAlone(audit, { event: 'login_failed', userId: row?.id ?? null, details: row ? { reason: ok ? 'inactive' : 'wrong_password', username: row.username } : { reason: 'unknown_user' } })
    throw new AppError('invalid_credentials', 'Wrong username or password')
  }
  const user = toUser(row)
  const now = deps.clock.now()
  const sessionId = randomUUID()
  const { pair } = await deps.db.transaction().execute(async (trx) => {
    await repo.insertSession(trx, {
      id: sessionId,
      user_id: user.id,
      created_at: iso(now),
      expires_at: new Date(now.getTime() + deps.jwt.refreshTtl * 1000).toISOString(),
    })
    const issued = await issuePair(deps, trx, user.id, user.roles, sessionId)
    await deps.audit.record(trx, audit, { event: 'login_succeeded', userId: user.id, actorId: user.id, details: { session_id: sessionId } })
    return issued
  })
  return { ...pair, user }
}

/**
 * Rotates a refresh token: the old one is spent, a new pair is issued in the same session.
 * A spent token presented again within the grace window gets the same successor pair; after
 * it, the whole session (family) is revoked.
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-security-topics (refresh token rotation)
 * Audited: `token_refreshed` in the rotation's transaction, `refresh_reuse_detected` with the revocation.
 * @throws AppError `token_invalid`, `token_expired`, `token_revoked`
 */
export async function refresh(deps: AuthDeps, refreshToken: string, audit: AuditContext): Promise<TokenPair> {
  const now = deps.clock.now()
  const claims = await deps.tokens.verify(refreshToken, 'refresh', seconds(now))
  const stored = await repo.findRefreshToken(deps.db, claims.jti)
  if (!stored || stored.revoked_at !== null) throw tokenError('token_revoked', 'The refresh token has been revoked')
  const user = await findUserById(deps.db, stored.user_id)
  if (!user || !user.is_active) throw tokenError('token_revoked', 'The refresh token has been revoked')
  const roles = JSON.parse(user.roles) as string[]

  if (stored.used_at === null) {
    const issued = await deps.db.transaction().execute(async (trx) => {
      const successorJti = randomUUID()
      if (!(await repo.markRefreshTokenUsed(trx, stored.jti, iso(now), successorJti))) return undefined
      const issuedAt = seconds(now)
      const spec = { userId: user.id, roles, sessionId: stored.session_id, accessJti: randomUUID(), refreshJti: successorJti, issuedAt }
      await repo.insertRefreshToken(trx, {
        jti: successorJti,
        session_id: stored.session_id,
        user_id: user.id,
        access_jti: spec.accessJti,
        issued_at: issuedAt,
        expires_at: new Date((issuedAt + deps.jwt.refreshTtl) * 1000).toISOString(),
      })
      await deps.audit.record(trx, audit, { event: 'token_refreshed', userId: user.id, actorId: user.id, details: { session_id: stored.session_id } })
      return deps.tokens.signPair(spec)
    })
    if (issued) return issued
  }

  // Spent already (or just now by a concurrent request): the grace window or reuse detection.
  const spent = await repo.findRefreshToken(deps.db, claims.jti)
  const usedAt = spent?.used_at ? Date.parse(spent.used_at) : 0
  if (spent?.replaced_by && spent.revoked_at === null && now.getTime() - usedAt <= deps.jwt.reuseGrace * 1000) {
    const successor = await repo.findRefreshToken(deps.db, spent.replaced_by)
    if (successor && successor.revoked_at === null) {
      return deps.tokens.signPair({
        userId: user.id,
        roles,
        sessionId: successor.session_id,
        accessJti: successor.access_jti,
        refreshJti: successor.jti,
        issuedAt: Number(successor.issued_at),
      })
    }
  }
  await deps.db.transaction().execute(async (trx) => {
    await repo.revokeSession(trx, stored.session_id, iso(now))
    await deps.audit.record(trx, audit, { event: 'refresh_reuse_detected', userId: user.id, details: { session_id: stored.session_id } })
  })
  deps.audit.flush(audit) // answered 401: the response hook would drop the line, yet this revocation committed
  throw tokenError('token_revoked', 'The refresh token was already used; the session has been revoked')
}

/** Revokes the caller's session: its access token and refresh family stop working at once. Audited (`logout`). */
export async function logout(deps: AuthDeps, sessionId: string, audit: AuditContext): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await repo.revokeSession(trx, sessionId, iso(deps.clock.now()))
    await deps.audit.record(trx, audit, { event: 'logout', userId: audit.actorId, details: { session_id: sessionId } })
  })
}

/** Revokes every session of the user. Audited (`logout_all`). */
export async function logoutAll(deps: AuthDeps, userId: number, audit: AuditContext): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await repo.revokeUserSessions(trx, userId, iso(deps.clock.now()))
    await deps.audit.record(trx, audit, { event: 'logout_all', userId })
  })
}

/**
 * The caller's own user.
 * @throws AppError `not_found` if the account was deleted meanwhile
 */
export async function me(deps: AuthDeps, userId: number): Promise<User> {
  const row = await findUserById(deps.db, userId)
  if (!row) throw new AppError('not_found', 'No such user')
  return toUser(row)
}

/**
 * Part of the `token_cleanup` task: deletes the sessions and refresh tokens that expired before
 * `now`; revoked sessions stay until they expire (they are the revocation record).
 * @returns how many of each were deleted
 */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<{ sessions: number; refresh_tokens: number }> {
  const deleted = await repo.deleteExpiredSessions(db, iso(now))
  return { sessions: deleted.sessions, refresh_tokens: deleted.refreshTokens }
}
