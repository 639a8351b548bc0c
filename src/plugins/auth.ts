import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '../errors.ts'
import { findSessionPrincipal } from '../modules/auth/sessions.service.ts'
import { bearerToken, tokenError, type TokenService } from '../modules/auth/tokens.ts'
import { can, type Permission } from '../shared/permissions.ts'

/** The authenticated caller, as routes and services see it. */
export interface Principal {
  id: number
  roles: string[]
  /** login session (refresh-token family) of the access token */
  sessionId: string
  /** `jti` of the access token */
  tokenId: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the auth hook; null for anonymous callers */
    user: Principal | null
  }
  interface FastifyContextConfig {
    /** `required`: 401 without a valid access token; `optional`: anonymous allowed, but a token that is sent is checked (401 when invalid, expired or revoked) */
    auth?: 'required' | 'optional'
    /** a permission from ROLE_PERMISSIONS the caller must hold (403 otherwise) */
    permission?: Permission
  }
}

/**
 * Authenticates requests whose route asks for it (`config.auth`): verifies the access token
 * (jose: signature, `iss`, `aud`, `exp`, `type`), then checks in one primary-key lookup that its
 * session is not revoked and its user is active, taking the user's current roles. Then
 * authorizes `config.permission` after validation.
 * @see RFC 6750
 */
export default fp(
  async function authPlugin(app: FastifyInstance, opts: { tokens: TokenService }) {
    app.decorateRequest('user', null)

    async function authenticate(request: FastifyRequest): Promise<Principal | null> {
      const header = request.headers.authorization
      const token = bearerToken(header)
      if (!token) {
        if (header) throw tokenError('token_invalid', 'The Authorization header is not a Bearer token')
        return null
      }
      const claims = await opts.tokens.verify(token, 'access', Math.floor(app.clock.now().getTime() / 1000))
      const principal = await findSessionPrincipal({ db: app.db }, claims.sid)
      if (!principal || principal.revoked_at !== null || !principal.is_active || String(principal.user_id) !== claims.sub) {
        throw tokenError('token_revoked', 'The token has been revoked')
      }
      return { id: principal.user_id, roles: JSON.parse(principal.roles) as string[], sessionId: claims.sid, tokenId: claims.jti }
    }

    app.addHook('onRequest', (request, _reply, done) => {
      const mode = request.routeOptions.config.auth
      if (!mode || (mode === 'optional' && request.headers.authorization === undefined)) return done()
      authenticate(request).then((user) => {
        if (!user && mode === 'required') return done(tokenError('token_missing', 'This route needs an access token'))
        request.user = user
        done()
      }, done)
    })

    app.addHook('preHandler', (request, _reply, done) => {
      const permission = request.routeOptions.config.permission
      if (permission && !can(request.user?.roles ?? [], permission)) return done(new AppError('forbidden', 'Your role does not allow this'))
      done()
    })
  },
  { name: 'auth', dependencies: ['database'] },
)
