import { randomUUID } from 'node:crypto'
import type { Config } from '../../config.ts'
import type { Db } from '../../db/schema.ts'
import { AppError } from '../../errors.ts'
import type { AuditContext, AuditTrail } from '../../shared/audit.ts'
import { type Clock, iso } from '../../shared/clock.ts'
import type { User } from '../users/users.schemas.ts'
import { findUserRowById, findUserRowByLogin, toUser } from '../users/users.service.ts'
import * as repo from './auth.repository.ts'
import { csrfTokenFor, csrfTokenMatches } from './csrf.ts'
import type { PasswordHasher } from './passwords.ts'
import { type RefreshClaims, tokenError, type TokenPair, type TokenService } from './tokens.ts'

/** What the auth services need. */
export interface AuthDeps {
  db: Db
  hasher: PasswordHasher
  tokens: TokenService
  clock: Clock
  jwt: Config['jwt']
  /** HMAC key of the browser-mode CSRF tokens */
  csrfKey: Buffer
  audit: AuditTrail
}

/** The login answer: a token pair and the user. */
export type LoginResult = TokenPair & { user: User }

/** What browser mode answers in the body: the pair without its refresh token, with the session's CSRF token. */
export type CookieTokens = Omit<TokenPair, 'refresh_token'> & { csrf_token: string }

/** A browser-mode answer: the body, and the refresh token that goes into the cookie only. */
export interface CookieSession<Body extends CookieTokens = CookieTokens> {
  body: Body
  refreshToken: string
}

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
 * Checks a username (or email) and password and opens a login session. Audited:
 * `login_succeeded` in the session's transaction, `login_failed` with its reason (and the
 * username only when it names an account: an unknown name may be a password typed in the wrong field).
 * @throws AppError `invalid_credentials`
 */
async function openSession(deps: AuthDeps, username: string, password: string, audit: AuditContext): Promise<{ pair: TokenPair; user: User; sessionId: string }> {
  const row = await findUserRowByLogin(deps, username)
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
  return { pair, user, sessionId }
}

/**
 * Checks a username (or email) and password and opens a login session. Unknown user, wrong
 * password and inactive account give the same 401 after the same argon2 work.
 * @throws AppError `invalid_credentials`
 */
export async function login(deps: AuthDeps, username: string, password: string, audit: AuditContext): Promise<LoginResult> {
  const { pair, user } = await openSession(deps, username, password, audit)
  return { ...pair, user }
}

function cookieTokens(deps: AuthDeps, pair: TokenPair, sessionId: string): CookieTokens {
  return { access_token: pair.access_token, csrf_token: csrfTokenFor(deps.csrfKey, sessionId), token_type: pair.token_type, expires_in: pair.expires_in }
}

/**
 * {@link login} for browser mode: the refresh token is handed back apart from the body (for the
 * cookie), and the body carries the session's CSRF token instead.
 * @throws AppError `invalid_credentials`
 */
export async function loginWithCookie(deps: AuthDeps, username: string, password: string, audit: AuditContext): Promise<CookieSession<CookieTokens & { user: User }>> {
  const { pair, user, sessionId } = await openSession(deps, username, password, audit)
  return { body: { ...cookieTokens(deps, pair, sessionId), user }, refreshToken: pair.refresh_token }
}

/**
 * The claims of a refresh token whose signature, claims and expiry are good; nothing is spent.
 * @throws AppError `token_invalid`, `token_expired`
 */
async function verifyRefreshToken(deps: AuthDeps, refreshToken: string, now: Date): Promise<RefreshClaims> {
  return deps.tokens.verify(refreshToken, 'refresh', seconds(now))
}

/**
 * Checks the `X-CSRF-Token` of a cookie-borne request against the session of the cookie's token.
 * @throws AppError `csrf_invalid` (403) when it is missing, empty or of another session
 */
function checkCsrf(deps: AuthDeps, claims: RefreshClaims, csrfToken: string | undefined): void {
  if (!csrfTokenMatches(deps.csrfKey, claims.sid, csrfToken)) {
    throw new AppError('csrf_invalid', csrfToken ? 'X-CSRF-Token does not belong to this login session' : 'A refresh by cookie needs the X-CSRF-Token header from the login answer')
  }
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
  return rotate(deps, await verifyRefreshToken(deps, refreshToken, now), now, audit)
}

/**
 * {@link refresh} for browser mode: the CSRF token is checked before the refresh token is spent
 * (a forged request burns nothing); rotation, grace window and reuse detection are the same.
 * @param csrfToken the `X-CSRF-Token` header
 * @throws AppError `token_invalid`, `token_expired` (401) before `csrf_invalid` (403), then `token_revoked`
 */
export async function refreshWithCookie(deps: AuthDeps, refreshToken: string, csrfToken: string | undefined, audit: AuditContext): Promise<CookieSession> {
  const now = deps.clock.now()
  const claims = await verifyRefreshToken(deps, refreshToken, now)
  checkCsrf(deps, claims, csrfToken)
  const pair = await rotate(deps, claims, now, audit)
  return { body: cookieTokens(deps, pair, claims.sid), refreshToken: pair.refresh_token }
}

async function rotate(deps: AuthDeps, claims: RefreshClaims, now: Date, audit: AuditContext): Promise<TokenPair> {
  const stored = await repo.findRefreshToken(deps.db, claims.jti)
  if (!stored || stored.revoked_at !== null) throw tokenError('token_revoked', 'The refresh token has been revoked')
  const user = await findUserRowById(deps, stored.user_id)
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
  await revokeAudited(deps, sessionId, audit.actorId, audit)
}

/**
 * Browser-mode logout: revokes the session of the cookie's refresh token, once the CSRF token
 * matches it. Revoking a session that is already revoked (or whose token was rotated) is no error.
 * @throws AppError `token_invalid`, `token_expired` (401), `csrf_invalid` (403)
 */
export async function logoutWithCookie(deps: AuthDeps, refreshToken: string, csrfToken: string | undefined, audit: AuditContext): Promise<void> {
  const now = deps.clock.now()
  const claims = await verifyRefreshToken(deps, refreshToken, now)
  checkCsrf(deps, claims, csrfToken)
  await revokeAudited(deps, claims.sid, Number(claims.sub), audit)
}

async function revokeAudited(deps: AuthDeps, sessionId: string, userId: number | null, audit: AuditContext): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await repo.revokeSession(trx, sessionId, iso(deps.clock.now()))
    await deps.audit.record(trx, audit, { event: 'logout', userId, details: { session_id: sessionId } })
  })
}

/**
 * Revokes the session of a refresh token that a bearer logout brought along in its cookie, when
 * the token is valid and belongs to the same user; anything else is left alone (the cookie is
 * cleared either way). The access token proves the caller, so no CSRF token is needed.
 */
export async function logoutCookieOf(deps: AuthDeps, refreshToken: string, userId: number, audit: AuditContext): Promise<void> {
  const now = deps.clock.now()
  const claims = await verifyRefreshToken(deps, refreshToken, now).catch(() => undefined)
  if (claims && claims.sub === String(userId)) await revokeAudited(deps, claims.sid, userId, audit)
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
  const row = await findUserRowById(deps, userId)
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
