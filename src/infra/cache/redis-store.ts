import type { Redis } from 'ioredis'
import type { CachedResponse, ResponseStore } from './store.ts'
import { referenceGlobRegExp } from './store.ts'

/** Where the store reports what it does not throw: one line per outage, not per request. */
export interface CacheLog {
  warn(object: object, message: string): void
  info(object: object, message: string): void
}

/** Options of {@link RedisResponseStore}. */
export interface RedisStoreOptions {
  /**
   * A connection of its own whose ioredis `keyPrefix` is the deployment prefix plus `cache:`
   * (`library:cache:`), with no offline queue, so that commands fail at once while Redis is down.
   * The store disconnects it on {@link RedisResponseStore.close}.
   */
  client: Redis
  /** the longest TTL of any entry, seconds: how long a reference set lives after its last addition */
  maxTtl: number
  /** the app's logger: an outage, a lost invalidation and the recovery are logged once each */
  log: CacheLog
}

const GENERATION = 'generation'
const SCAN_COUNT = 500
const entryKey = (key: string) => `e:${key}`
const referenceKey = (reference: string) => `r:${reference}`

/**
 * KEYS: generation, entry, reference sets…; ARGV: expected generation, value, ttl, reference TTL,
 * the entry's name under the prefix (the member of the reference sets).
 */
const SET_IF_GENERATION = `
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
for i = 3, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[5])
  redis.call('EXPIRE', KEYS[i], ARGV[4])
end
return 1`

/** KEYS: generation, reference sets…; ARGV: the full key prefix. Returns the number of entries deleted. */
const INVALIDATE = `
redis.call('INCR', KEYS[1])
local removed = 0
for i = 2, #KEYS do
  for _, member in ipairs(redis.call('SMEMBERS', KEYS[i])) do
    removed = removed + redis.call('DEL', ARGV[1] .. member)
  end
  redis.call('DEL', KEYS[i])
end
return removed`

/**
 * The distributed adapter: entries in Redis under `<REDIS_KEY_PREFIX>cache:`, shared by every
 * instance — an invalidation on one instance is seen by all at once, with no per-instance copy
 * to notify. Layout: `e:<key>` the entry (JSON, `EX` its TTL), `r:<reference>` the set of entry
 * names a reference indexes, `generation` a counter.
 *
 * The store and the invalidation are Lua scripts, each atomic: a store happens only if the
 * generation is still the one read before the response was computed, and an invalidation
 * advances the generation and deletes the indexed entries in one step — so no interleaving of
 * instances can leave a pre-write response stored, or an entry missing from its reference set.
 * (async-cache-dedupe's Redis storage does the same in several round trips, and applies `KEYS`
 * patterns without the client's key prefix; its layout idea is kept.) The scripts touch the
 * entries named in a reference set, so they suit a single Redis (or a cluster with one hash
 * slot for the prefix).
 *
 * Redis unreachable: {@link available} is false (callers bypass the cache and read the
 * database), logged once per outage; the client reconnects by itself. An invalidation that
 * could not reach Redis leaves entries that may be stale, so the store stays unavailable until
 * it has flushed every entry under its prefix, which it does as soon as Redis answers again.
 * @see https://redis.io/docs/latest/develop/interact/programmability/eval-intro/
 * @see https://github.com/redis/ioredis#transparent-key-prefixing (EVAL keys are prefixed, SCAN patterns are not)
 */
export class RedisResponseStore implements ResponseStore {
  readonly kind = 'redis' as const
  private readonly client: Redis
  private readonly prefix: string
  private readonly maxTtl: number
  private readonly log: CacheLog
  /** an invalidation was lost: entries may be stale until a full flush */
  private dirty = false
  private flushing: Promise<void> | undefined
  private down = false

  constructor(options: RedisStoreOptions) {
    this.client = options.client
    this.log = options.log
    this.maxTtl = options.maxTtl
    this.prefix = options.client.options.keyPrefix ?? ''
    this.client.on('error', () => this.noteDown())
    this.client.on('ready', () => {
      if (this.down) this.log.info({}, 'response cache: redis reachable again')
      this.down = false
      if (this.dirty) void this.flush()
    })
  }

  private noteDown(): void {
    if (this.down) return
    this.down = true
    this.log.warn({}, 'response cache bypassed: redis unreachable (reads go to the database until it is back)')
  }

  available(): boolean {
    if (this.client.status !== 'ready') {
      this.noteDown()
      return false
    }
    if (this.dirty) {
      void this.flush()
      return false
    }
    return true
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    try {
      const value = await this.client.get(entryKey(key))
      return value === null ? undefined : (JSON.parse(value) as CachedResponse)
    } catch {
      return undefined
    }
  }

  async set(key: string, entry: CachedResponse, ttl: number, references: readonly string[], generation: string): Promise<boolean> {
    try {
      const keys = [GENERATION, entryKey(key), ...references.map(referenceKey)]
      const stored = await this.client.eval(SET_IF_GENERATION, keys.length, ...keys, generation, JSON.stringify(entry), ttl, this.maxTtl, entryKey(key))
      return stored === 1
    } catch {
      return false
    }
  }

  async invalidate(references: readonly string[]): Promise<number> {
    if (this.client.status !== 'ready') return this.lost()
    try {
      const keys = [GENERATION, ...references.map(referenceKey)]
      return Number(await this.client.eval(INVALIDATE, keys.length, ...keys, this.prefix))
    } catch {
      return this.lost()
    }
  }

  /** True once an invalidation failed to reach Redis, until the flush that follows it has run. */
  get flushPending(): boolean {
    return this.dirty
  }

  private lost(): number {
    if (!this.dirty) this.log.warn({}, 'response cache: an invalidation did not reach redis; every entry is flushed once it answers')
    this.dirty = true
    return 0
  }

  async referencesMatching(glob: string): Promise<string[]> {
    const regexp = referenceGlobRegExp(glob)
    const labelPrefix = `${this.prefix}${referenceKey('')}`
    const names = await this.scan(`${labelPrefix}${glob}`)
    return names.map((name) => name.slice(labelPrefix.length)).filter((reference) => regexp.test(reference))
  }

  async generation(): Promise<string> {
    return (await this.client.get(GENERATION)) ?? '0'
  }

  /** Full key names (prefix included) matching a SCAN pattern. */
  private async scan(pattern: string): Promise<string[]> {
    const found: string[] = []
    let cursor = '0'
    do {
      const [next, keys] = await this.client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT)
      cursor = next
      found.push(...keys)
    } while (cursor !== '0')
    return found
  }

  /**
   * Deletes every entry and reference set under the cache prefix, at most one run at a time. The
   * generation is advanced rather than deleted, so that it never returns to a value a response
   * in flight has seen.
   */
  private flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        await this.client.incr(GENERATION)
        const keys = (await this.scan(`${this.prefix}*`)).map((name) => name.slice(this.prefix.length)).filter((key) => key !== GENERATION)
        for (let i = 0; i < keys.length; i += SCAN_COUNT) await this.client.del(...keys.slice(i, i + SCAN_COUNT))
        this.dirty = false
        this.log.info({ keys: keys.length }, 'response cache flushed after a lost invalidation; caching resumes')
      } catch {
        // still unreachable: the next 'ready' (or request) tries again
      } finally {
        this.flushing = undefined
      }
    })()
    return this.flushing
  }

  async close(): Promise<void> {
    this.client.disconnect()
  }
}
