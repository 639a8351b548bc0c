import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Hardened headers (helmet: `nosniff`, `X-Frame-Options: DENY`, a `default-src 'none'` CSP for
 * API responses; HSTS only on requests that arrived over TLS), `X-Request-ID` on every response,
 * and CORS for the configured origins only.
 * @see https://github.com/fastify/fastify-helmet
 */
export default fp(
  async function securityPlugin(app: FastifyInstance, opts: { corsOrigins: string[] }) {
    app.addHook('onRequest', async (request, reply) => {
      reply.header('x-request-id', request.id)
    })
    await app.register(helmet, {
      global: true,
      frameguard: { action: 'deny' },
      hsts: false,
      contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
    })
    app.addHook('onSend', async (request, reply) => {
      if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains')
    })
    if (opts.corsOrigins.length > 0) {
      await app.register(cors, {
        origin: opts.corsOrigins,
        credentials: true,
        exposedHeaders: ['ETag', 'Link', 'Location', 'X-Request-ID', 'Retry-After', 'Idempotent-Replayed'],
      })
    }
  },
  { name: 'security' },
)
