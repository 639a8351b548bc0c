import type { App } from '../../shared/app-types.ts'
import type { KeyRing } from './key-ring.ts'
import { JwksSchema } from './keys.schemas.ts'

/** `Cache-Control` of the JWK Set: verifiers may keep it 5 minutes (a rotation publishes the new key before tokens name it only on other instances' reload). */
export const JWKS_CACHE_CONTROL = 'public, max-age=300'

/** Options of {@link keysRoutes}. */
export interface KeysRoutesOptions {
  /** the asymmetric keys; undefined with HS256 (the set is then empty) */
  ring: KeyRing | undefined
  /** milliseconds between looks at a key file for a rotation */
  reloadIntervalMs: number
}

/**
 * `GET /.well-known/jwks.json`: the public keys that verify this service's tokens, and — with a
 * key file — the timer that re-reads it on rotation (stopped on close).
 * @see RFC 7517 §5, RFC 8615 (well-known URIs), api-contract §2
 */
export default async function keysRoutes(app: App, opts: KeysRoutesOptions) {
  const { ring } = opts
  if (ring) {
    const timer = setInterval(() => void ring.reloadIfChanged(), opts.reloadIntervalMs)
    timer.unref()
    app.addHook('onClose', async () => clearInterval(timer))
  }

  app.get('/.well-known/jwks.json', {
    schema: {
      tags: ['auth'],
      operationId: 'getJwks',
      summary: 'The public keys that verify access and refresh tokens (JWK Set)',
      description:
        'With EdDSA/RS256 signing keys configured: every key that verifies tokens now — the signing key and the earlier ones kept for ' +
        'rotation until their last token can have expired — public members only. Pick the key by the token header’s `kid` and check ' +
        'the token with that key’s `alg`. With HS256 (the embedded default) the set is empty: the secret is never published. ' +
        '`Cache-Control: public, max-age=300`; fetch again when a token names a `kid` you do not have.',
      response: {
        200: {
          ...JwksSchema,
          headers: { 'Cache-Control': { type: 'string', description: '`public, max-age=300`' } },
        },
      },
    },
  }, async (_request, reply) => {
    reply.header('cache-control', JWKS_CACHE_CONTROL)
    return { keys: ring ? ring.publicKeys(Math.floor(app.clock.now().getTime() / 1000)) : [] }
  })
}
