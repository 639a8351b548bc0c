import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The CSRF token of a login session: base64url(HMAC-SHA256(key, "csrf:" + sessionId)), 43
 * characters. Stateless and bound to the session (the refresh-token family, `sid`): it stays the
 * same across rotations of that session, and a token of another session never matches. The
 * browser keeps it in memory and sends it back as `X-CSRF-Token`; the refresh cookie alone,
 * which a cross-site request would carry, is not enough.
 * @param key the HMAC key (`config.browserSession.csrfKey`)
 * @param sessionId the login session id (a UUID)
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#signed-double-submit-cookie-recommended, RFC 2104 (HMAC)
 */
export function csrfTokenFor(key: Buffer, sessionId: string): string {
  return createHmac('sha256', key).update(`csrf:${sessionId}`).digest('base64url')
}

/**
 * Whether `given` (the `X-CSRF-Token` header, possibly absent) is the CSRF token of this session,
 * compared in constant time.
 */
export function csrfTokenMatches(key: Buffer, sessionId: string, given: string | undefined): boolean {
  if (!given) return false
  const expected = Buffer.from(csrfTokenFor(key, sessionId))
  const actual = Buffer.from(given)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
