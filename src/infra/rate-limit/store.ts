import type { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible'
import type { RateLimitWindow } from './policy.ts'

/**
 * A fixed-window counter of one window of one policy, by key — the part of rate-limiter-flexible's
 * limiter API this service uses. Every method settles in one of three ways:
 * - resolves with a `RateLimiterRes` (`remainingPoints`, `msBeforeNext` in ms, `consumedPoints`);
 * - `consume` rejects with a `RateLimiterRes` when the key is over the limit (the count still grows);
 * - rejects with an `Error` when the store cannot be reached (Redis down).
 * @see https://github.com/animir/node-rate-limiter-flexible/wiki/API-methods
 */
export interface WindowCounter {
  /** counts one request */
  consume(key: string): Promise<RateLimiterRes>
  /** gives one request back (a request another window rejected) */
  reward(key: string): Promise<RateLimiterRes>
  /** reads without counting; null when the key has no open window */
  get(key: string): Promise<RateLimiterRes | null>
}

/**
 * Where the counters live: the one small interface with two adapters, {@link memoryStore}
 * (this process) and {@link redisStore} (shared by every instance).
 */
export interface CounterStore {
  /** `memory`: never fails; `redis`: may reject with an Error while Redis is unreachable */
  readonly kind: 'memory' | 'redis'
  /**
   * A counter for one window.
   * @param id stable, unique per policy and window (`anonymous:60`); part of the storage key
   */
  counter(id: string, window: RateLimitWindow): WindowCounter
}

/**
 * Counters in this process's memory (rate-limiter-flexible `RateLimiterMemory`): a Map of
 * fixed windows whose entries are removed when they expire.
 * @see https://github.com/animir/node-rate-limiter-flexible/wiki/Memory
 */
export function memoryStore(): CounterStore {
  return {
    kind: 'memory',
    counter: (id, window) => new RateLimiterMemory({ keyPrefix: `rl:${id}`, points: window.limit, duration: window.seconds }),
  }
}

/**
 * Counters in Redis (rate-limiter-flexible `RateLimiterRedis` on the app's ioredis client): one
 * key per window and caller, `<REDIS_KEY_PREFIX>rl:<id>:<caller>`, incremented and given its
 * expiry by one Lua script, so counts are atomic and shared by every instance.
 *
 * - `rejectIfRedisNotReady`: while the connection is not `ready` a call fails at once instead of
 *   waiting, so callers can fall back (or refuse) without delay.
 * - `inMemoryBlockOnConsumed = limit + 1`: once a key is over its limit, this instance answers it
 *   from memory until the window ends, sparing Redis the traffic of a client that ignores 429s.
 * @see https://github.com/animir/node-rate-limiter-flexible/wiki/Redis
 * @see https://github.com/animir/node-rate-limiter-flexible/wiki/In-memory-Block-Strategy
 */
export function redisStore(redis: Redis): CounterStore {
  return {
    kind: 'redis',
    counter: (id, window) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `rl:${id}`,
        points: window.limit,
        duration: window.seconds,
        rejectIfRedisNotReady: true,
        inMemoryBlockOnConsumed: window.limit + 1,
      }),
  }
}
