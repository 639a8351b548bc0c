import type { App } from '../../shared/app-types.ts'
import { problemResponses } from '../../shared/schemas.ts'
import { RateLimitStatus } from './rate-limit.schemas.ts'

const optionalBearer: Array<Record<string, string[]>> = [{}, { bearerAuth: [] }]

/**
 * `GET /api/v1/rate-limit`: the caller's rate-limit policy and what is left of each window.
 * Reading it counts against nothing and is never refused with 429 (like GitHub's
 * `GET /rate_limit`), so a client that is being limited can learn when to come back.
 * @see api-contract §8
 */
export default async function rateLimitRoutes(app: App) {
  app.get('', {
    schema: {
      tags: ['operations'],
      operationId: 'getRateLimit',
      summary: 'The caller\'s rate-limit policy and what is left of each window',
      description:
        'Counted per user with a valid access token (by the user\'s highest role), else per client IP. This request itself is not counted and never ' +
        'refused with 429. The `RateLimit-*` fields of the response describe the window closest to exhaustion. The login and register policies ' +
        'show in the `RateLimit-*` fields of those routes.',
      security: optionalBearer,
      response: { 200: RateLimitStatus, ...problemResponses(401) },
    },
    config: { auth: 'optional', rateLimit: 'inspect' },
  }, async (request, reply) => {
    reply.header('cache-control', 'private, no-store')
    return app.rateLimits.inspect(request, reply)
  })
}
