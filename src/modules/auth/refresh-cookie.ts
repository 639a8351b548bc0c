import type { CookieSerializeOptions } from '@fastify/cookie'
import type { FastifyReply, FastifyRequest } from 'fastify'

/** The browser-mode refresh cookie: its name and attributes. */
export interface RefreshCookie {
  /** `__Secure-refresh_token`, or `refresh_token` when the cookie is not `Secure` */
  name: string
  options: CookieSerializeOptions
}

/**
 * The refresh cookie of browser mode: `HttpOnly; Secure; SameSite=Strict; Path=<auth prefix>;
 * Max-Age=<refresh TTL>`. `__Host-` would forbid the `Path`, so the name takes `__Secure-`, which
 * browsers accept only with `Secure` (RFC 6265bis §4.1.3.1); without `Secure` (plain-HTTP
 * development) the name is plain `refresh_token`.
 * @param secure whether the cookie carries `Secure` (`COOKIE_SECURE`)
 * @param path the auth routes' prefix (`/api/v1/auth`), so the browser sends it there only
 * @param maxAge seconds: the refresh token's lifetime
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis, https://github.com/fastify/fastify-cookie
 */
export function refreshCookie(secure: boolean, path: string, maxAge: number): RefreshCookie {
  return {
    name: secure ? '__Secure-refresh_token' : 'refresh_token',
    options: { httpOnly: true, secure, sameSite: 'strict', path, maxAge },
  }
}

/** The refresh token in the request's cookie, or undefined (absent or empty). */
export function refreshTokenFromCookie(request: FastifyRequest, cookie: RefreshCookie): string | undefined {
  const value = request.cookies[cookie.name]
  return value ? value : undefined
}

/** Puts the refresh token into the cookie (`Set-Cookie`). */
export function setRefreshCookie(reply: FastifyReply, cookie: RefreshCookie, refreshToken: string): void {
  reply.setCookie(cookie.name, refreshToken, cookie.options)
}

/** Makes the browser drop the cookie: same name, path and attributes, empty, `Max-Age=0`. */
export function clearRefreshCookie(reply: FastifyReply, cookie: RefreshCookie): void {
  reply.clearCookie(cookie.name, cookie.options)
}

/** The `X-CSRF-Token` request header, or undefined. */
export function csrfHeader(request: FastifyRequest): string | undefined {
  const value = request.headers['x-csrf-token']
  return typeof value === 'string' ? value : undefined
}
