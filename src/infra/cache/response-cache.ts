import type { CachedResponse, ResponseStore } from './store.ts'

/** What a write needs from the response cache. Implementations never throw. */
export interface CacheInvalidator {
  /**
   * Drops every cached response indexed by one of `references` (see `keys.ts`: `books`,
   * `book:42`), on every instance sharing the store. Call it after the write has committed and
   * before answering, so that the caller's next read is fresh.
   * @returns how many entries were dropped
   */
  invalidate(references: readonly string[]): Promise<number>
}

/**
 * What {@link ResponseCache.lookup} found:
 * - `hit`: a stored response, or the fresh response of a concurrent identical request;
 * - `lead`: nothing stored and nobody computing it: the caller computes the response and must
 *   hand it (or null) to {@link ResponseCache.complete}; identical requests meanwhile wait for it;
 * - `compute`: the caller computes the response itself and stores nothing (the computation it
 *   waited for produced nothing reusable, or started before a write);
 * - `bypass`: the store is unavailable (Redis down): no cache at all for this request.
 */
export type Lookup =
  | { outcome: 'hit'; entry: CachedResponse }
  | { outcome: 'lead'; flight: Flight }
  | { outcome: 'compute' }
  | { outcome: 'bypass' }

/** Hit and miss counts since start (for tests, logs and metrics). */
export interface CacheStats {
  /** answered from the store */
  hits: number
  /** answered with the response of a concurrent identical request (stampede protection) */
  shared: number
  /** computed by the handler (a leader, or a waiter whose shared response was unusable) */
  misses: number
  /** not cached because the store was unavailable */
  bypassed: number
}

/** One response being computed, awaited by the identical requests that arrive meanwhile. */
export class Flight {
  /** the response once the leader has it; null when it is not cacheable */
  readonly result: Promise<CachedResponse | null>
  /** the store's generation when the leader started */
  readonly generation: Promise<string>
  private resolve!: (entry: CachedResponse | null) => void
  private settled = false

  readonly key: string

  /**
   * @param key the cache key being computed
   * @param generation the store's generation, read as the leader starts
   */
  constructor(key: string, generation: Promise<string>) {
    this.key = key
    this.result = new Promise((resolve) => (this.resolve = resolve))
    this.generation = generation
    this.generation.catch(() => {})
  }

  /** Hands the result to the waiters; only the first call counts. */
  settle(entry: CachedResponse | null): void {
    if (this.settled) return
    this.settled = true
    this.resolve(entry)
  }
}

/**
 * The leader's response, or null after `timeoutMs`: a leader that never answers (a hung handler)
 * must not hold its waiters forever. The timer is the waiter's, so a miss nobody waits for sets none.
 */
function resultWithin(flight: Flight, timeoutMs: number, onTimeout: () => void): Promise<CachedResponse | null> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      onTimeout()
      resolve(null)
    }, timeoutMs)
    timer.unref()
  })
  return Promise.race([flight.result, timeout]).finally(() => clearTimeout(timer))
}

const BYPASS: Lookup = { outcome: 'bypass' }
const COMPUTE: Lookup = { outcome: 'compute' }

/**
 * The server-side response cache over a {@link ResponseStore}: look-ups with stampede
 * protection, stores that cannot resurrect data a write has invalidated, and invalidation by
 * reference or by reference glob.
 *
 * Stampede protection is a single flight per key and instance: the first request to miss leads
 * and computes; identical requests arriving meanwhile wait for its response instead of running
 * the query. (async-cache-dedupe's `define()` does the same for a function returning a value,
 * but here the value is produced by Fastify's own handler pipeline, and its in-flight table
 * cannot be told about a write: a read arriving just after a borrow would join a query started
 * before it. This flight table can.) Its storages are used as they are.
 *
 * Race with writes: every invalidation advances the store's generation. A leader records the
 * generation before it computes, and the store keeps its response only if the generation has
 * not moved (checked and stored atomically: one tick in memory, one Lua script on Redis), so a
 * response read before a write is never stored after that write's invalidation. A waiter gets
 * the leader's response only if the generation it saw on arrival is the leader's; otherwise it
 * computes its own. And an invalidation empties the flight table, so requests arriving after a
 * write never wait for a computation that started before it.
 */
export class ResponseCache implements CacheInvalidator {
  /** counts since start */
  readonly stats: CacheStats = { hits: 0, shared: 0, misses: 0, bypassed: 0 }
  private readonly flights = new Map<string, Flight>()

  readonly store: ResponseStore
  private readonly options: { leaderTimeoutMs: number }

  /**
   * @param store the adapter (memory or Redis)
   * @param options.leaderTimeoutMs how long waiters wait for a leader before computing themselves
   */
  constructor(store: ResponseStore, options: { leaderTimeoutMs: number } = { leaderTimeoutMs: 10_000 }) {
    this.store = store
    this.options = options
  }

  /** Whether the store can be used now (false while Redis is down or being flushed). */
  available(): boolean {
    return this.store.available()
  }

  /** Finds the response for `key`; see {@link Lookup} for what the caller must do with each outcome. */
  async lookup(key: string): Promise<Lookup> {
    if (!this.store.available()) {
      this.stats.bypassed++
      return BYPASS
    }
    const inFlight = this.flights.get(key)
    if (inFlight) return this.join(inFlight)
    const stored = await this.store.get(key)
    if (stored) {
      this.stats.hits++
      return { outcome: 'hit', entry: stored }
    }
    const raced = this.flights.get(key)
    if (raced) return this.join(raced)
    const flight = new Flight(key, this.store.generation())
    this.flights.set(key, flight)
    this.stats.misses++
    try {
      await flight.generation
    } catch {
      // Redis failed between the read and now: compute without the cache, release the waiters.
      this.forget(flight)
      flight.settle(null)
      return COMPUTE
    }
    return { outcome: 'lead', flight }
  }

  private async join(flight: Flight): Promise<Lookup> {
    const seen = this.store.generation().catch(() => undefined)
    const result = resultWithin(flight, this.options.leaderTimeoutMs, () => this.forget(flight))
    const [entry, leaderGeneration, arrivalGeneration] = await Promise.all([result, flight.generation.catch(() => undefined), seen])
    if (entry && leaderGeneration !== undefined && leaderGeneration === arrivalGeneration) {
      this.stats.shared++
      return { outcome: 'hit', entry }
    }
    this.stats.misses++
    return COMPUTE
  }

  private forget(flight: Flight): void {
    if (this.flights.get(flight.key) === flight) this.flights.delete(flight.key)
  }

  /**
   * Ends a flight: hands `entry` to the waiters and stores it for `ttl` seconds under
   * `references`, unless an invalidation ran since the leader started. Never throws.
   * @param entry the response, or null when it is not cacheable (an error, a non-200)
   * @returns whether the entry was stored
   */
  async complete(flight: Flight, entry: CachedResponse | null, ttl: number, references: readonly string[]): Promise<boolean> {
    flight.settle(entry)
    try {
      // The flight stays in the table until stored, so that identical requests meanwhile still join it.
      return entry !== null && (await this.store.set(flight.key, entry, ttl, references, await flight.generation))
    } catch {
      return false
    } finally {
      this.forget(flight)
    }
  }

  async invalidate(references: readonly string[]): Promise<number> {
    // Requests arriving from now on must not join a computation that may predate the write.
    this.flights.clear()
    return this.store.invalidate(references)
  }

  /**
   * Invalidates every reference matching a glob (`books`, `book:42`, `book:*`, `*`).
   * @returns how many entries were dropped
   * @throws TypeError for a malformed glob; Error when the store cannot be reached
   */
  async invalidateMatching(glob: string): Promise<number> {
    const references = await this.store.referencesMatching(glob)
    this.flights.clear()
    return references.length ? this.store.invalidate(references) : 0
  }

  /** Releases the store. */
  close(): Promise<void> {
    return this.store.close()
  }
}
