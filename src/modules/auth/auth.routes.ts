import { Type } from 'typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { App } from '../../shared/app-types.ts'
import { noContent } from '../../shared/http.ts'
import { bearer, createdWithLocation, problemResponses, ref } from '../../shared/schemas.ts'
import { UserSchema } from '../users/users.schemas.ts'
import { createUser, findAccountIdByLogin } from '../users/users.service.ts'
import { LoginBody, LoginResponse, RefreshBody, RegisterBody, TokenPairSchema } from './auth.schemas.ts'
import * as service from './auth.service.ts'
import { bearerToken, tokenError } from './tokens.ts'


/** `/api/v1/auth`: register, login, refresh (rotation), logout, logout-all, me. @see api-contract §2 */
export default async function authRoutes(app: App) {
  const deps = { db: app.db, hasher: app.hasher, tokens: app.tokens, clock: app.clock, jwt: app.config.jwt }
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
      operationId: 'login', description: '`username` may also be the email. 200 with an access and a refresh token; a wrong name or password, or an inactive account, is 401 `invalid_credentials` with the same body either way. Counted by the login rate limit per client IP and account.',
      summary: 'Exchange username (or email) and password for a token pair',
      body: LoginBody,
      response: { 200: ref(LoginResponse), ...problemResponses(400, 401, 413, 415, 422) },
    },
    // One budget per account, whether it is named by username or by email, in any case.
    config: { rateLimit: { policy: 'login', accountOf: (name: string) => findAccountIdByLogin(deps, name) }, rateLimitFailClosed: true },
  }, async (request) => service.login(deps, request.body.username, request.body.password))

  app.post('/refresh', {
    schema: {
      tags: ['auth'],
      operationId: 'refreshTokens',
      summary: 'Rotate a refresh token into a new pair',
      description:
        'Send the refresh token as `Authorization: Bearer <refresh_token>` or as `{refresh_token}`. A refresh token is single use: a second use after the ' +
        'grace window revokes the whole login session; within it (default 10 s) it returns the same successor pair.',
      body: RefreshBody,
      security: [{ refreshToken: [] }],
      response: { 200: ref(TokenPairSchema), ...problemResponses(400, 401, 413, 415, 422) },
    },
    config: { rateLimitFailClosed: true },
    // The body is optional: a bodyless request validates as `{}`.
    preValidation: async (request) => {
      request.body ??= {}
    },
  }, async (request) => {
    const token = bearerToken(request.headers.authorization) ?? request.body.refresh_token
    if (!token) throw tokenError('token_missing', 'Send the refresh token as a Bearer token or in the body')
    return service.refresh(deps, token)
  })

  const logoutSchema = (operationId: string) => ({
    tags: ['auth'],
    operationId,
    description: 'Revokes the access token sent and every token of its refresh family at once, on every instance. 204. `POST` and `DELETE` do the same.',
    summary: 'Revoke this login session (its access token and refresh family)',
    security: bearer,
    response: { 204: Type.Null({ description: 'revoked' }), ...problemResponses(401) },
  })
  const logout = async (request: FastifyRequest, reply: FastifyReply) => {
    await service.logout(deps, request.user!.sessionId)
    return noContent(reply)
  }
  app.post('/logout', { schema: logoutSchema('logout'), config: { auth: 'required', rateLimitFailClosed: true } }, logout)
  app.delete('/logout', { schema: logoutSchema('logoutDelete'), config: { auth: 'required', rateLimitFailClosed: true } }, logout)

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
    await service.logoutAll(deps, request.user!.id)
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
