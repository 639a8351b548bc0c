/**
 * The one small interface behind the server-side response cache, with two adapters:
 * `MemoryResponseStore` (process memory, the embedded default: async-cache-dedupe's LRU storage)
 * and `RedisResponseStore` (shared by every instance, when `REDIS_URL` is set). Both index
 * every entry by its references, so that a write drops exactly the entries it affects.
 * @see https://github.com/mcollina/async-cache-dedupe#invalidation
 * @packageDocumentation
 */

/** A stored response: what a HIT replays. */
export interface CachedResponse {
  /** HTTP status (only 200 responses are stored) */
  status: number
  /** the replayed headers, lower-case names, from {@link CACHED_HEADERS} */
  headers: Record<string, string>
  /** the serialized body, exactly as first sent */
  body: string
}

/**
 * Response headers a HIT replays. Everything else is per request (`X-Request-ID`, `Date`,
 * `RateLimit-*`, security headers…) and is set again by the hooks that own it; storing it would
 * replay another caller's values.
 */
export const CACHED_HEADERS: readonly string[] = [
  'content-type',
  'content-language',
  'etag',
  'last-modified',
  'link',
  'cache-control',
  'vary',
  'api-version',
  'deprecation',
  'sunset',
]

/**
 * Storage of cached responses, keyed by the cache key, indexed by references (`books`,
 * `book:42`), with a generation that every invalidation advances. Implementations never throw
 * from `get`/`set`/`invalidate`: a failing backend reads as a miss and writes nothing.
 */
export interface ResponseStore {
  /** `memory` or `redis` */
  readonly kind: 'memory' | 'redis'
  /**
   * Whether the store may be used now. False while Redis is unreachable, or while the entries are
   * being flushed after an invalidation was lost in an outage; callers then bypass the cache.
   */
  available(): boolean
  /** The entry under `key`, or undefined (absent, expired, or the backend failed). */
  get(key: string): Promise<CachedResponse | undefined>
  /**
   * Stores an entry for `ttl` seconds, indexed by `references` — only if the generation is still
   * `generation`, checked and stored atomically, so that a response computed before a write can
   * never be stored after that write's invalidation.
   * @param ttl seconds, a positive integer
   * @param generation what {@link generation} answered before the response was computed
   * @returns whether it was stored
   */
  set(key: string, entry: CachedResponse, ttl: number, references: readonly string[], generation: string): Promise<boolean>
  /**
   * Advances the generation, then drops every entry indexed by one of `references`.
   * @returns how many entries were dropped
   * @throws never: a failure marks the store for a full flush once the backend is back
   */
  invalidate(references: readonly string[]): Promise<number>
  /**
   * The names of the references that currently index entries and match `glob` (see
   * {@link referenceGlobRegExp}); `*` matches any run of characters.
   * @throws Error when the backend cannot be reached
   */
  referencesMatching(glob: string): Promise<string[]>
  /**
   * An opaque value that changes on every {@link invalidate} (everywhere the store is shared),
   * read when called.
   * @throws Error when the backend cannot be reached
   */
  generation(): Promise<string>
  /** Releases connections. */
  close(): Promise<void>
}

/**
 * The characters a reference and a reference glob may hold: letters, digits, `_ - . :`, and `*`
 * as the only wildcard. Nothing here is special to Redis `SCAN MATCH`, so both adapters read a
 * glob the same way.
 */
export const REFERENCE_GLOB = /^[A-Za-z0-9_.:*-]{1,200}$/

/**
 * The regular expression of a reference glob: `*` matches any run of characters (`:`
 * included), everything else itself.
 * @example referenceGlobRegExp('book:*').test('book:42') // true
 * @throws TypeError when `glob` does not match {@link REFERENCE_GLOB}
 */
export function referenceGlobRegExp(glob: string): RegExp {
  if (!REFERENCE_GLOB.test(glob)) throw new TypeError('invalid reference glob')
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.-]/g, '\\$&')).join('.*')}$`)
}
