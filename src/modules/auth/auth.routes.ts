import fastifyCookie from '@fastify/cookie'
import { Type } from 'typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { auditContextOf } from '../../plugins/audit.ts'
import type { App } from '../../shared/app-types.ts'
import { noContent } from '../../shared/http.ts'
import { bearer, createdWithLocation, problemResponses, ref } from '../../shared/schemas.ts'
import { UserSchema } from '../users/users.schemas.ts'
import { createUser, findAccountIdByLogin } from '../users/users.service.ts'
import { CookieLoginResponse, CookieTokensSchema, CsrfHeaders, LoginBody, LoginResponse, RefreshBody, RegisterBody, TokenPairSchema } from './auth.schemas.ts'
import * as service from './auth.service.ts'
import { clearRefreshCookie, csrfHeader, refreshCookie, refreshTokenFromCookie, setRefreshCookie } from './refresh-cookie.ts'
import { bearerToken, tokenError } from './tokens.ts'


/**
 * `/api/v1/auth`: register, login, refresh (rotation), logout, logout-all, me; in browser mode
 * (login with `{"cookie": true}`) the refresh token lives in an HttpOnly cookie and refresh and
 * logout by cookie need `X-CSRF-Token`. @see api-contract §2
 */
export default async function authRoutes(app: App) {
  const deps = { db: app.db, hasher: app.hasher, tokens: app.tokens, clock: app.clock, jwt: app.config.jwt, csrfKey: app.config.browserSession.csrfKey, audit: app.audit }
  // Cookies are read and written under this prefix only: the refresh cookie is the one cookie of the API.
  await app.register(fastifyCookie)
  const cookie = refreshCookie(app.config.browserSession.cookieSecure, app.prefix, app.config.jwt.refreshTtl)
  const cookieAttributes = `Path=${app.prefix}; HttpOnly;${cookie.options.secure ? ' Secure;' : ''} SameSite=Strict`
  const setCookieDoc = (when: string) => ({ type: 'string', description: `${when}: \`${cookie.name}=…; Max-Age=…; ${cookieAttributes}\`` })
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
  })

  app.post('/register', {
    schema: {
      tags: ['auth'],
      operationId: 'register',
      summary: 'Create a member account',
      description: 'Registration always gives the role `member`; any other field (such as `roles`) is rejected with 422.',
      body: RegisterBody,
      response: { 201: createdWithLocation(ref(UserSchema)), ...problemResponses(400, 409, 413, 415, 422) },
    },
    config: { rateLimit: 'register', rateLimitFailClosed: true },
  }, async (request, reply) => {
    const user = await createUser(deps, { ...request.body, roles: ['member'] })
    return reply.code(201).header('location', `/api/v1/users/${user.id}`).send(user)
  })

  app.post('/login', {
    schema: {
      tags: ['auth'],
      operationId: 'login',
      summary: 'Exchange username (or email) and password for a token pair',
      description:
        '`username` may also be the email. 200 with an access and a refresh token; a wrong name or password, or an inactive account, is 401 `invalid_credentials` with the same body either way. ' +
        'Counted by the login rate limit per client IP and account. ' +
        'With `{"cookie": true}` (browser mode) the refresh token is not in the body but in the `Set-Cookie` answer header: ' +
        `\`${cookie.name}\`, \`${cookieAttributes}\`, Max-Age the refresh token's lifetime; ` +
        'the body carries `csrf_token`, to be sent as `X-CSRF-Token` on refresh and logout by cookie.',
      body: LoginBody,
      response: {
        200: Type.Unsafe({
          oneOf: [ref(LoginResponse), ref(CookieLoginResponse)],
          description: '`LoginResponse`, or `CookieLoginResponse` in browser mode (with `Set-Cookie`)',
          headers: { 'Set-Cookie': setCookieDoc('browser mode only: the refresh cookie') },
        }),
        ...problemResponses(400, 401, 413, 415, 422),
      },
    },
    // One budget per account, whether it is named by username or by email, in any case.
    config: { rateLimit: { policy: 'login', accountOf: (name: string) => findAccountIdByLogin(deps, name) }, rateLimitFailClosed: true },
  }, async (request, reply) => {
    const { username, password } = request.body
    if (!request.body.cookie) return service.login(deps, username, password, auditContextOf(request))
    const session = await service.loginWithCookie(deps, username, password, auditContextOf(request))
    setRefreshCookie(reply, cookie, session.refreshToken)
    return session.body
  })

  app.post('/refresh', {
    schema: {
      tags: ['auth'],
      operationId: 'refreshTokens',
      summary: 'Rotate a refresh token into a new pair',
      description:
        'Send the refresh token as `Authorization: Bearer <refresh_token>` or as `{refresh_token}`. A refresh token is single use: a second use after the ' +
        'grace window revokes the whole login session; within it (default 10 s) it returns the same successor pair. ' +
        `Browser mode: without either, the \`${cookie.name}\` cookie is used; it then needs \`X-CSRF-Token\` (403 \`csrf_invalid\` when missing or of ` +
        'another session, checked before the token is spent); the answer is `CookieTokens` and the new refresh token comes in `Set-Cookie` only. ' +
        'A refresh by cookie that fails with 401 also clears the cookie.',
      body: RefreshBody,
      headers: CsrfHeaders,
      security: [{ refreshToken: [] }, { refreshCookie: [] }],
      response: {
        200: Type.Unsafe({
          oneOf: [ref(TokenPairSchema), ref(CookieTokensSchema)],
          description: '`TokenPair`, or `CookieTokens` for a refresh by cookie (with `Set-Cookie`)',
          headers: { 'Set-Cookie': setCookieDoc('refresh by cookie only: the rotated refresh cookie') },
        }),
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    },
    config: { rateLimitFailClosed: true },
    // The body is optional: a bodyless request validates as `{}`.
    preValidation: async (request) => {
      request.body ??= {}
    },
  }, async (request, reply) => {
    const token = bearerToken(request.headers.authorization) ?? request.body.refresh_token
    if (token) return service.refresh(deps, token, auditContextOf(request))
    const cookieToken = refreshTokenFromCookie(request, cookie)
    if (!cookieToken) throw tokenError('token_missing', 'Send the refresh token as a Bearer token, in the body, or in the browser-mode cookie')
    const session = await clearingCookieOn401(reply, service.refreshWithCookie(deps, cookieToken, csrfHeader(request), auditContextOf(request)))
    setRefreshCookie(reply, cookie, session.refreshToken)
    return session.body
  })

  /** A dead cookie (invalid, expired, revoked) is dropped from the browser with the 401 it caused. */
  async function clearingCookieOn401<T>(reply: FastifyReply, work: Promise<T>): Promise<T> {
    try {
      return await work
    } catch (error) {
      if ((error as { status?: number }).status === 401) clearRefreshCookie(reply, cookie)
      throw error
    }
  }

  const logoutSchema = (operationId: string) => ({
    tags: ['auth'],
    operationId,
    summary: 'Revoke this login session (its access token and refresh family)',
    description:
      'Revokes the session\'s access token and every token of its refresh family at once, on every instance. 204. `POST` and `DELETE` do the same. ' +
      'With the access token as `Authorization: Bearer …`. Browser mode: without it, the refresh cookie names the session, and `X-CSRF-Token` ' +
      'must be that session\'s (403 `csrf_invalid` otherwise). A cookie sent along is always cleared (`Set-Cookie` with `Max-Age=0`); ' +
      'with an access token as well, the cookie\'s session is revoked too when it is the same user\'s.',
    headers: CsrfHeaders,
    security: [...bearer, { refreshCookie: [] }],
    response: {
      204: Type.Null({ description: 'revoked', headers: { 'Set-Cookie': setCookieDoc('when the request carried the refresh cookie: the cookie cleared (empty, `Max-Age=0`)') } }),
      ...problemResponses(401, 403),
    },
  })
  const logout = async (request: FastifyRequest, reply: FastifyReply) => {
    const cookieToken = refreshTokenFromCookie(request, cookie)
    if (request.user) {
      await service.logout(deps, request.user.sessionId, auditContextOf(request))
      if (cookieToken) await service.logoutCookieOf(deps, cookieToken, request.user.id, auditContextOf(request))
    } else if (cookieToken) {
      await clearingCookieOn401(reply, service.logoutWithCookie(deps, cookieToken, csrfHeader(request), auditContextOf(request)))
    } else {
      throw tokenError('token_missing', 'This route needs an access token or the browser-mode cookie')
    }
    if (cookieToken) clearRefreshCookie(reply, cookie)
    return noContent(reply)
  }
  // `optional`: the auth hook checks an access token that is sent; without one, the cookie may name the session.
  app.post('/logout', { schema: logoutSchema('logout'), config: { auth: 'optional', rateLimitFailClosed: true } }, logout)
  app.delete('/logout', { schema: logoutSchema('logoutDelete'), config: { auth: 'optional', rateLimitFailClosed: true } }, logout)

  app.post('/logout-all', {
    schema: {
      tags: ['auth'],
      operationId: 'logoutAll', description: 'Revokes every access and refresh token of the caller, on every device and instance. 204.',
      summary: 'Revoke every token of the caller, on every device',
      security: bearer,
      response: { 204: Type.Null({ description: 'revoked' }), ...problemResponses(401) },
    },
    config: { auth: 'required', rateLimitFailClosed: true },
  }, async (request, reply) => {
    await service.logoutAll(deps, request.user!.id, auditContextOf(request))
    return noContent(reply)
  })

  app.get('/me', {
    schema: {
      tags: ['auth'],
      operationId: 'me', description: 'The signed-in user\'s own full record.',
      summary: 'The caller\'s own user',
      security: bearer,
      response: { 200: ref(UserSchema), ...problemResponses(401, 404) },
    },
    config: { auth: 'required', rateLimitFailClosed: true },
  }, async (request, reply) => {
    reply.header('cache-control', 'private, no-store')
    return service.me(deps, request.user!.id)
  })
}
