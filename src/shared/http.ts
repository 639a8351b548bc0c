import { hash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'

/**
 * A strong entity tag over a representation: the SHA-1 of its JSON, so any change of any
 * field (a borrow changing `copies_available` included) changes it.
 * @returns a quoted ETag such as `"2jmj7l5rSw0yVb_vlWAYkK_YBwk"`
 * @see RFC 9110 §8.8.3
 */
export function etagOf(representation: unknown): string {
  return `"${hash('sha1', JSON.stringify(representation), 'base64url')}"`
}

function listMatches(header: string, etag: string, weak: boolean): boolean {
  if (header === etag) return true
  if (header.trim() === '*') return true
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some((candidate) => {
    const c = candidate.trim()
    return weak ? c.replace(/^W\//, '') === bare : c === etag
  })
}

/**
 * Sends a single resource with its `ETag` (and `Last-Modified` when given); answers 304 with no
 * body when `If-None-Match` matches (weak comparison).
 * @see RFC 9110 §13.1.2
 */
export function sendResource<T>(request: FastifyRequest, reply: FastifyReply, body: T, lastModified?: string): FastifyReply | T {
  const etag = etagOf(body)
  reply.header('etag', etag)
  if (lastModified) reply.header('last-modified', new Date(lastModified).toUTCString())
  const ifNoneMatch = request.headers['if-none-match']
  if (typeof ifNoneMatch === 'string' && listMatches(ifNoneMatch, etag, true)) {
    return reply.code(304).send()
  }
  return body
}

/**
 * Checks an `If-Match` header value against the current representation before a write
 * (strong comparison). No header: no precondition.
 * @throws AppError `precondition_failed` (412) when the header matches nothing
 * @see RFC 9110 §13.1.1
 */
export function assertIfMatch(ifMatch: string | undefined, current: unknown): void {
  if (ifMatch === undefined) return
  if (!listMatches(ifMatch, etagOf(current), false)) {
    throw new AppError('precondition_failed', 'If-Match does not match the current ETag')
  }
}

/** The `If-Match` header of a request, if any. */
export function ifMatchOf(request: FastifyRequest): string | undefined {
  const value = request.headers['if-match']
  return typeof value === 'string' ? value : undefined
}

const ROUTE_PARAM = /:(\w+)/g

/**
 * The path of a request as its route spells it, the validated path parameters filled in and
 * percent-encoded: `/api/v1/users/:id/posts` → `/api/v1/users/7/posts`, whatever spelling of
 * the path the client sent (`%37`…).
 */
export function canonicalPath(request: FastifyRequest): string {
  const template = request.routeOptions.url ?? ''
  if (!template.includes(':')) return template
  const params = (request.params ?? {}) as Record<string, unknown>
  return template.replace(ROUTE_PARAM, (_match, name: string) => encodeURIComponent(String(params[name] ?? '')))
}

/**
 * A function that builds the canonical URL of the request with one query parameter set to a
 * given value: the path from {@link canonicalPath}, then the validated query (`request.query`
 * after validation: defaults applied, in the client's order, arrays repeated) with every name and
 * value percent-encoded — so nothing the client spelled reaches a header unencoded. `name` keeps
 * its place when the query has it, else goes last.
 * @returns `(value) => '/path?a=1&name=<value>&b=2'` (`value` must already be percent-encoded);
 *   with no value, the URL without `name`: `/path?a=1&b=2`
 */
export function urlWith(request: FastifyRequest, name: string): (value?: string) => string {
  const query = (request.query ?? {}) as Record<string, unknown>
  let before = `${canonicalPath(request)}?`
  let after = ''
  let placed = false
  for (const key of Object.keys(query)) {
    if (key === name) {
      placed = true
      continue
    }
    const value = query[key]
    if (value === undefined) continue
    const encodedName = encodeURIComponent(key)
    for (const item of Array.isArray(value) ? value : [value]) {
      const pair = `${encodedName}=${encodeURIComponent(String(item))}`
      if (placed) after += `&${pair}`
      else before += `${pair}&`
    }
  }
  const head = `${before}${name}=`
  const bare = before.endsWith('?') ? (after ? `${before}${after.slice(1)}` : before.slice(0, -1)) : `${before.slice(0, -1)}${after}`
  return (value) => (value === undefined ? bare : `${head}${value}${after}`)
}

/**
 * Sets the RFC 8288 `Link` header of an offset-paginated list (`first`, `prev`, `next`, `last`),
 * keeping every other query parameter. Built only from the route's path and the validated,
 * re-encoded query ({@link urlWith}): a client cannot add link relations or parameters.
 * @see RFC 8288 §3
 */
export function setPageLinks(request: FastifyRequest, reply: FastifyReply, page: number, totalPages: number): void {
  const url = urlWith(request, 'page')
  const link = (p: number, rel: string) => `<${url(String(p))}>; rel="${rel}"`
  const last = Math.max(totalPages, 1)
  let links = link(1, 'first')
  if (page > 1) links += `, ${link(Math.min(page - 1, last), 'prev')}`
  if (page < totalPages) links += `, ${link(page + 1, 'next')}`
  reply.header('link', `${links}, ${link(last, 'last')}`)
}

/** `Location` of a created resource, relative to the API root. */
export function created(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(201).header('location', location)
}

/** Answers a written resource (200 by default) with its `ETag` and `Cache-Control: no-store`. */
export function sendWritten<T>(reply: FastifyReply, body: T): FastifyReply {
  return reply.header('etag', etagOf(body)).header('cache-control', 'no-store').send(body)
}

/** Answers 204 No Content. */
export function noContent(reply: FastifyReply): FastifyReply {
  return reply.code(204).send()
}
