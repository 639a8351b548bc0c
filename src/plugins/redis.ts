import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'

declare module 'fastify' {
  interface FastifyInstance {
    /** the shared Redis connection when `REDIS_URL` is set, else null (embedded mode) */
    redis: Redis | null
  }
}

/**
 * Opens the Redis connection of the distributed mode (ioredis). Commands fail at once while
 * Redis is unreachable (no offline queue), so callers can fail open or closed as their policy
 * says; the client reconnects by itself, backing off up to 2 s. Errors are logged at most once
 * per disconnection, never thrown into requests.
 * @see https://github.com/redis/ioredis#auto-reconnect
 */
export default fp(
  async function redisPlugin(app: FastifyInstance, opts: { url: string | undefined; keyPrefix: string }) {
    if (!opts.url) {
      app.decorate('redis', null)
      return
    }
    // Loaded only in the distributed mode: the embedded one does not pay for the client's code.
    const { Redis } = await import('ioredis')
    const redis = new Redis(opts.url, {
      keyPrefix: opts.keyPrefix,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
      lazyConnect: true,
    })
    let down = false
    redis.on('error', (error: Error) => {
      if (down) return
      down = true
      app.log.warn({ err: error.message }, 'redis unreachable; falling back where the policy allows')
    })
    redis.on('ready', () => {
      if (down) app.log.info('redis reachable again')
      down = false
    })
    // Start with Redis when it answers; without it the app still starts and the client keeps trying.
    await redis.connect().catch(() => {})
    app.decorate('redis', redis)
    app.addHook('onClose', async () => {
      redis.disconnect()
    })
  },
  { name: 'redis' },
)
