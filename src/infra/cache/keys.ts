import { resolveApiVersion } from '../../shared/api-version.ts'

/**
 * The reference of every cached catalog collection — the v1 list, the v2 list and search, on
 * versioned and version-neutral paths: any catalog write (create, edit, delete, borrow, return,
 * import) drops them all, since any of them may change a page, a total or a match.
 */
export const CATALOG_COLLECTIONS = 'books'

/** The reference of every cached representation of one book, every API version. @example bookReference(42) // 'book:42' */
export function bookReference(id: number): string {
  return `book:${id}`
}

/** What a change of book `id` invalidates: the collections and every version of the book. */
export function bookChanged(id: number): string[] {
  return [CATALOG_COLLECTIONS, bookReference(id)]
}

/**
 * The validated query as a canonical string: parameters sorted by name, `undefined` dropped,
 * arrays repeated in order, everything percent-encoded. Since validation has applied the
 * defaults and coerced the types, `?per_page=20&page=1`, `?page=1` and no query at all give the
 * same string.
 * @returns `''` or `?a=1&b=2`
 */
export function normalizedQuery(query: unknown): string {
  if (query === null || typeof query !== 'object') return ''
  const pairs: string[] = []
  const record = query as Record<string, unknown>
  for (const name of Object.keys(record).sort()) {
    const value = record[name]
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(v))}`)
  }
  return pairs.length ? `?${pairs.join('&')}` : ''
}

const VERSIONED_PATH = /^\/api\/v(\d+)(?:\/|$)/

/** Whether `Accept` names `application/vnd.library.v<n>+json` (parameters and case ignored), which changes the Content-Type answered. */
function acceptsVendorType(accept: string | string[] | undefined, version: string): boolean {
  if (typeof accept !== 'string') return false
  const type = `application/vnd.library.v${version}+json`
  return accept.split(',').some((range) => range.split(';')[0]!.trim().toLowerCase() === type)
}

/**
 * The representation a request gets, as a key part: the version from the path (`/api/v2/…` →
 * `v2`), or on the version-neutral `/api/…` paths from `Accept` / `X-API-Version`
 * ({@link resolveApiVersion}); `+vnd` appended when `Accept` names the version's vendor media
 * type (the answer is then sent as that type); `-` outside `/api/`. Together with the path and
 * query this is everything the negotiated answers vary on (`Vary: Accept, X-API-Version`).
 * @returns undefined when the headers ask for a version that does not exist (the route answers
 *   406 itself; nothing is cached)
 */
export function apiVersionTag(path: string, headers: Record<string, string | string[] | undefined>): string | undefined {
  let version: string
  const versioned = VERSIONED_PATH.exec(path)
  if (versioned) version = versioned[1]!
  else if (!path.startsWith('/api/')) return '-'
  else {
    try {
      version = String(resolveApiVersion(headers))
    } catch {
      return undefined
    }
  }
  return acceptsVendorType(headers.accept, version) ? `v${version}+vnd` : `v${version}`
}

/**
 * The cache key of a GET: `<representation> <path><normalized query>`, e.g.
 * `v1 /api/v1/books?page=2&per_page=20` or `v2+vnd /api/books/7`. Built from validated values
 * only — the route's path with the validated parameters filled in, the validated query — so no
 * spelling of a request (`/books/%37`, `?pag%65=2`, a trailing `&`, another order) makes a new
 * entry: junk cannot grow the cache or go around it.
 * @param path the canonical path (route template with the validated path parameters, as `canonicalPath` of shared/http.ts builds it)
 * @param query the validated query object
 * @returns undefined when the request must not be cached (unknown version)
 */
export function cacheKey(path: string, query: unknown, headers: Record<string, string | string[] | undefined>): string | undefined {
  const version = apiVersionTag(path, headers)
  return version === undefined ? undefined : `${version} ${path}${normalizedQuery(query)}`
}
