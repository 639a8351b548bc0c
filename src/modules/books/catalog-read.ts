import { CATALOG_COLLECTIONS } from '../../infra/cache/keys.ts'
import type { RouteCacheOptions } from '../../plugins/cache.ts'

const LIST: RouteCacheOptions = { ttl: 'list', references: [CATALOG_COLLECTIONS] }
/** `bookReference(id)` of keys.ts, with the route's `id` parameter filled in by the cache plugin */
const ITEM: RouteCacheOptions = { ttl: 'item', references: ['book:{id}'] }

/**
 * The route config of a public catalog read (every version, list, search or one book): open to
 * anonymous callers, but a token that is sent is checked in full — signature, expiry,
 * revocation — and answered 401 when bad, before the response cache is consulted; the answer
 * is the same for every caller, so it is cached: a `list` until any catalog write, an `item`
 * (route parameter `id`) until that book changes.
 * @see api-contract §4, §9; RFC 6750 §3.1
 */
export function catalogRead(kind: 'list' | 'item'): { auth: 'optional'; cache: RouteCacheOptions } {
  return { auth: 'optional', cache: kind === 'list' ? LIST : ITEM }
}
