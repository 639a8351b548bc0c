import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { cacheKey } from '../infra/cache/keys.ts'
import { MemoryResponseStore } from '../infra/cache/memory-store.ts'
import { RedisResponseStore } from '../infra/cache/redis-store.ts'
import { type Flight, ResponseCache } from '../infra/cache/response-cache.ts'
import { CACHED_HEADERS, type CachedResponse, type ResponseStore } from '../infra/cache/store.ts'
import { canonicalPath } from '../shared/http.ts'

/**
 * How a GET route opts into the server-side response cache, as its route config:
 * ```ts
 * app.get('/:id', { schema, config: { cache: { ttl: 'item', references: ['book:{id}'] } } }, handler)
 * app.get('', { schema, config: { cache: { ttl: 'list', references: ['books'] } } }, handler)
 * ```
 * Only for public responses that are the same for every caller: the route must not declare
 * `config.auth`, and whatever credentials a request carries, every caller gets the stored
 * response (the catalog reads ignore them). The key is the path, the validated query (sorted,
 * defaults applied) and the representation (the API version from the path, or from `Accept` /
 * `X-API-Version` on the version-neutral `/api/…` paths, and whether `Accept` names the vendor
 * media type), so versions never mix. Only 200 responses are stored: the serialized body and
 * the headers of `CACHED_HEADERS` (Content-Type, ETag, Last-Modified, Link, Cache-Control, Vary,
 * API-Version, Deprecation, Sunset) as the handler left them — every hook runs again on a HIT.
 * A route without its own `Cache-Control` gets {@link PUBLIC_CACHE_CONTROL}.
 * @example v2 — `config: { cache: { ttl: 'list', references: ['books'] } }` on the list and the
 *   search, `{ ttl: 'item', references: ['book:{id}'] }` on the item: the writes already drop them.
 */
export interface RouteCacheOptions {
  /** which TTL applies: `list` = `CACHE_TTL_LIST` (collections, search), `item` = `CACHE_TTL_ITEM` (one resource) */
  ttl: 'list' | 'item'
  /**
   * The references that invalidate the entry (see `src/infra/cache/keys.ts`); `{name}` is
   * replaced by the validated path parameter: `['book:{id}']`, `['books']`.
   */
  references: readonly string[]
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the server-side response cache (memory, or Redis when `REDIS_URL` is set); null when `CACHE_ENABLED=false` */
    responseCache: ResponseCache | null
  }
  interface FastifyContextConfig {
    /** opts a public GET into the server-side response cache: see {@link RouteCacheOptions} */
    cache?: RouteCacheOptions
    /**
     * The `Cache-Control` of the route's successful GET and HEAD answers when its handler set none
     * (the OpenAPI document and the docs pages: {@link DOCS_CACHE_CONTROL}); see {@link defaultCacheControl}.
     */
    cacheControl?: string
  }
}

/** Options of the cache plugin, from the config. */
export interface CachePluginOptions {
  /** `CACHE_ENABLED`: false → no server-side cache at all (the Cache-Control defaults stay) */
  enabled: boolean
  /** seconds: `CACHE_TTL_LIST`, `CACHE_TTL_ITEM` */
  ttl: { list: number; item: number }
  /** `CACHE_MAX_ENTRIES`: capacity of the memory store (LRU) */
  maxEntries: number
  /** `REDIS_KEY_PREFIX`; the Redis store lives under `<prefix>cache:` */
  keyPrefix: string
  /** how long identical requests wait for the one computing their response, ms (default 10 s) */
  leaderTimeoutMs?: number
}

/** `Cache-Control` of a public catalog read (also the default of every cacheable route). @see api-contract §9 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60'
/** `Cache-Control` of the OpenAPI document and the docs pages: public, change only with a deploy. */
export const DOCS_CACHE_CONTROL = 'public, max-age=300'

/**
 * The `Cache-Control` of a response whose route set none:
 * - a problem (status ≥ 400): `no-store`, always — also over a value the route had set;
 * - a write (not GET/HEAD): `no-store`;
 * - a cacheable route (`config.cache`): {@link PUBLIC_CACHE_CONTROL};
 * - a route that declares `config.cacheControl`: that value (the OpenAPI document and the docs
 *   pages declare {@link DOCS_CACHE_CONTROL});
 * - a GET that is authenticated, or may be: `private, no-store`;
 * - anything else: `no-store`.
 * Routes set their own on success (books `public, max-age=60`; users, loans `private, no-store`;
 * auth `no-store`; health `no-store`). Only the route's config is read, never its URL.
 * @see RFC 9111 §5.2
 */
export function defaultCacheControl(request: FastifyRequest, status: number): string {
  if (status >= 400) return 'no-store'
  if (request.method !== 'GET' && request.method !== 'HEAD') return 'no-store'
  const config = request.routeOptions.config as { cache?: unknown; cacheControl?: string; auth?: unknown } | undefined
  if (config?.cache) return PUBLIC_CACHE_CONTROL
  if (config?.cacheControl) return config.cacheControl
  if (request.headers.authorization !== undefined || config?.auth) return 'private, no-store'
  return 'no-store'
}

/** Whether an `If-None-Match` value matches an ETag (weak comparison, `*` matches any). @see RFC 9110 §13.1.2 */
function etagMatches(header: string, etag: unknown): boolean {
  if (typeof etag !== 'string') return false
  if (header.trim() === '*') return true
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare)
}

function storedHeaders(reply: FastifyReply): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const name of CACHED_HEADERS) {
    const value = reply.getHeader(name)
    if (value !== undefined) kept[name] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return kept
}

/**
 * Answers from a stored response: its status, body and headers, `X-Cache: HIT`, 304 when
 * `If-None-Match` matches. A header an onRequest hook has already set for this request wins
 * over the stored one; onSend hooks run as for any answer.
 */
function replay(request: FastifyRequest, reply: FastifyReply, entry: CachedResponse): FastifyReply {
  for (const name in entry.headers) if (!reply.hasHeader(name)) reply.header(name, entry.headers[name])
  reply.header('x-cache', 'HIT')
  const ifNoneMatch = request.headers['if-none-match']
  if (typeof ifNoneMatch === 'string' && etagMatches(ifNoneMatch, entry.headers.etag)) {
    reply.removeHeader('content-type')
    return reply.code(304).send()
  }
  return reply.code(entry.status).send(entry.body)
}

const X_CACHE_HEADER = {
  type: 'string',
  enum: ['HIT', 'MISS'],
  description:
    'Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. ' +
    'Absent when the cache is off or unreachable.',
}

/** Adds the `X-Cache` header to every documented response of the route, without touching the shared schema objects. */
function documentXCache(route: RouteOptions): void {
  const response = route.schema?.response as Record<string, Record<string, unknown>> | undefined
  if (!response) return
  // A MISS is marked on whatever the handler answers (a 404, a 400 `invalid_sort`…), not only on a 200.
  for (const [status, schema] of Object.entries(response)) {
    response[status] = { ...schema, headers: { ...(schema.headers as object | undefined), 'X-Cache': X_CACHE_HEADER } }
  }
}

/** `['book:{id}']` → a function of the validated path parameters → `['book:42']`. */
function referenceBuilder(templates: readonly string[]): (params: unknown) => string[] {
  if (!templates.some((t) => t.includes('{'))) {
    const fixed = [...templates]
    return () => fixed
  }
  // Split once: `book:{id}` → parts ['book:', ''] around names ['id'].
  const compiled = templates.map((template) => {
    const pieces = template.split(/\{(\w+)\}/)
    return { parts: pieces.filter((_, i) => i % 2 === 0), names: pieces.filter((_, i) => i % 2 === 1) }
  })
  return (params) => {
    const values = params as Record<string, unknown>
    return compiled.map(({ parts, names }) => {
      let reference = parts[0]!
      for (let i = 0; i < names.length; i++) reference += String(values[names[i]!]) + parts[i + 1]!
      return reference
    })
  }
}

interface LeaderState {
  flight: Flight
  references: string[]
  ifNoneMatch: string | undefined
  /** the headers as the handler left them, before any onSend hook */
  headers?: Record<string, string>
}
const COMPUTING = 'computing'

/**
 * Server-side response cache and HTTP caching headers (api-contract §9).
 *
 * Routes opt in with `config: { cache: … }` ({@link RouteCacheOptions}). A HIT is answered in
 * the route's last preHandler — after rate limiting, versioning and query validation, before the
 * handler: no query, no serialization. A MISS runs the handler; what is stored is the handler's
 * answer — its headers as they are before the onSend hooks (which run again on every HIT) and
 * the serialized body. Concurrent misses for one key run the handler once (see
 * {@link ResponseCache}). Answers carry `X-Cache: HIT|MISS` (`MISS` exactly when the handler
 * ran); a HIT answers `If-None-Match` with 304 like the route would. HEAD requests go to the
 * route. The store is process memory by default, Redis (shared by every instance, under
 * `<REDIS_KEY_PREFIX>cache:`) when `REDIS_URL` is set; while Redis is down the cache is bypassed
 * (no `X-Cache`), never an error. Writes invalidate through `app.responseCache.invalidate(references)`.
 *
 * Independently of `CACHE_ENABLED`, every response gets a `Cache-Control` when its route set
 * none: see {@link defaultCacheControl}.
 * @see RFC 9111 (HTTP caching), https://github.com/mcollina/async-cache-dedupe
 */
export default fp(
  async function cachePlugin(app: FastifyInstance, opts: CachePluginOptions) {
    app.addHook('onSend', (request, reply, payload, done) => {
      if (reply.statusCode >= 400 || !reply.hasHeader('cache-control')) reply.header('cache-control', defaultCacheControl(request, reply.statusCode))
      done(null, payload)
    })

    if (!opts.enabled) {
      app.decorate('responseCache', null)
      // The same document either way: X-Cache is documented as absent when the cache is off.
      app.addHook('onRoute', (route) => {
        if ((route.config as { cache?: RouteCacheOptions } | undefined)?.cache) documentXCache(route)
      })
      return
    }

    let store: ResponseStore
    if (app.redis) {
      const client = app.redis.duplicate({ keyPrefix: `${opts.keyPrefix}cache:` })
      store = new RedisResponseStore({ client, maxTtl: Math.max(opts.ttl.list, opts.ttl.item), log: app.log })
      await client.connect().catch(() => {})
    } else {
      store = new MemoryResponseStore(opts.maxEntries)
    }
    const cache = new ResponseCache(store, { leaderTimeoutMs: opts.leaderTimeoutMs ?? 10_000 })
    app.decorate('responseCache', cache)
    app.addHook('onClose', async () => cache.close())

    const states = new WeakMap<FastifyRequest, LeaderState | typeof COMPUTING>()

    app.addHook('onRoute', (route) => {
      const options = (route.config as { cache?: RouteCacheOptions } | undefined)?.cache
      if (!options) return
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      if (methods.some((m) => m !== 'GET' && m !== 'HEAD')) throw new Error(`${route.url}: only GET routes can be cached`)
      // `optional` only checks a token that is sent (a bad one is 401 before the look-up); the answer must not depend on who asks.
      if ((route.config as { auth?: unknown }).auth === 'required') throw new Error(`${route.url}: a route that requires a caller is per-caller and cannot be cached`)
      documentXCache(route)
      if (!methods.includes('GET')) return
      const ttl = opts.ttl[options.ttl]
      const referencesOf = referenceBuilder(options.references)

      const lookup = async (request: FastifyRequest, reply: FastifyReply) => {
        if (request.method !== 'GET') return
        const key = cacheKey(canonicalPath(request), request.query, request.headers)
        if (key === undefined) return
        const found = await cache.lookup(key)
        if (found.outcome === 'hit') {
          app.metrics?.cacheLookup(route.url, 'hit')
          return replay(request, reply, found.entry)
        }
        if (found.outcome === 'compute') states.set(request, COMPUTING)
        if (found.outcome !== 'lead') return
        // The handler must produce the full 200 to store; a matching If-None-Match becomes the 304 on the way out.
        const ifNoneMatch = request.headers['if-none-match']
        delete request.headers['if-none-match']
        states.set(request, { flight: found.flight, references: referencesOf(request.params), ifNoneMatch: typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined })
      }

      const capture = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        const state = states.get(request)
        if (state === undefined) return payload
        reply.header('x-cache', 'MISS')
        app.metrics?.cacheLookup(route.url, 'miss')
        if (state === COMPUTING) return payload
        const storable = reply.statusCode === 200 && typeof payload === 'string'
        void cache.complete(state.flight, storable ? { status: 200, headers: state.headers ?? storedHeaders(reply), body: payload } : null, ttl, state.references)
        if (storable && state.ifNoneMatch !== undefined && etagMatches(state.ifNoneMatch, reply.getHeader('etag'))) {
          reply.code(304)
          reply.removeHeader('content-type')
          return null
        }
        return payload
      }

      // What a HIT replays is the handler's answer: the headers are taken before the onSend hooks,
      // which run again on every HIT (the versioning plugin appends its successor Link there).
      const captureHeaders = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        const state = states.get(request)
        if (state !== undefined && state !== COMPUTING) state.headers = storedHeaders(reply)
        return payload
      }

      // Route-level hooks run after the instance's: the look-up follows authorization.
      route.preHandler = [...toArray(route.preHandler), lookup]
      route.preSerialization = [...toArray(route.preSerialization), captureHeaders]
      route.onSend = [...toArray(route.onSend), capture]
    })
  },
  { name: 'cache', dependencies: ['redis', 'metrics'] },
)

function toArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}
