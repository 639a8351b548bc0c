import type { Config } from '../../config.ts'
import { CATALOG_COLLECTIONS } from './keys.ts'
import { RedisResponseStore } from './redis-store.ts'

/**
 * Tells the running servers' response cache that the catalog changed, from a process that
 * serves nothing (`library-api import`).
 *
 * With `REDIS_URL` the cache is shared: the catalog lists are dropped in Redis, for every
 * instance at once. In memory mode each server keeps its cache in its own memory, which another
 * process cannot reach: the running servers show the new books in their lists when those expire
 * (`CACHE_TTL_LIST`, 60 s by default) — or at once after
 * `POST /api/v1/admin/cache/invalidate {"pattern": "books"}`. An import only adds books, so the
 * cached single books stay valid.
 * @returns one line for the operator saying which of these happened
 */
export async function invalidateCatalogFromOutside(config: Pick<Config, 'cacheEnabled' | 'redisUrl' | 'redisKeyPrefix' | 'cache'>): Promise<string> {
  if (!config.cacheEnabled) return 'response cache: off (CACHE_ENABLED=false), nothing to invalidate'
  if (!config.redisUrl) {
    return (
      `response cache: in-memory mode — running servers show the new books in their lists within CACHE_TTL_LIST (${config.cache.ttlList} s), ` +
      'or at once after POST /api/v1/admin/cache/invalidate {"pattern":"books"}'
    )
  }
  const { Redis } = await import('ioredis')
  const client = new Redis(config.redisUrl, {
    keyPrefix: `${config.redisKeyPrefix}cache:`,
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  const silent = { warn: () => {}, info: () => {} }
  const store = new RedisResponseStore({ client, maxTtl: Math.max(config.cache.ttlList, config.cache.ttlItem), log: silent })
  try {
    await client.connect()
    const dropped = await store.invalidate([CATALOG_COLLECTIONS])
    if (store.flushPending) throw new Error('an invalidation command failed')
    return `response cache: ${dropped} cached list page(s) dropped in Redis, for every instance`
  } catch (error) {
    return (
      `response cache: Redis unreachable (${(error as Error).message}) — lists show the new books within CACHE_TTL_LIST (${config.cache.ttlList} s), ` +
      'or at once after POST /api/v1/admin/cache/invalidate {"pattern":"books"}'
    )
  } finally {
    await store.close()
  }
}
