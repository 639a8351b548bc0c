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

/**
 * Sets the RFC 8288 `Link` header of an offset-paginated list (`first`, `prev`, `next`, `last`),
 * keeping every other query parameter.
 */
export function setPageLinks(request: FastifyRequest, reply: FastifyReply, page: number, totalPages: number): void {
  const mark = request.url.indexOf('?')
  const path = mark === -1 ? request.url : request.url.slice(0, mark)
  // The client's own query string, its `page` parameters replaced by a marker (or one appended).
  const query = mark === -1 ? '' : request.url.slice(mark + 1)
  let template: string
  if (PAGE_PARAM.test(query)) template = query.replace(PAGE_PARAM, `$1page=${PAGE_MARK}`)
  else if (!query.includes('%')) template = query ? `${query}&page=${PAGE_MARK}` : `page=${PAGE_MARK}`
  else {
    // A percent-encoded name may still spell `page`: let URLSearchParams decode and replace it.
    const params = new URLSearchParams(query)
    params.set('page', PAGE_MARK)
    template = String(params)
  }
  const [before, after] = `${path}?${template}`.split(PAGE_MARK) as [string, string]
  const link = (p: number, rel: string) => `<${before}${p}${after}>; rel="${rel}"`
  const last = Math.max(totalPages, 1)
  let links = link(1, 'first')
  if (page > 1) links += `, ${link(Math.min(page - 1, last), 'prev')}`
  if (page < totalPages) links += `, ${link(page + 1, 'next')}`
  reply.header('link', `${links}, ${link(last, 'last')}`)
}

/** The first `page=` parameter of a query string (the validated query has one page number). */
const PAGE_PARAM = /(^|&)page=[^&]*/
const PAGE_MARK = 'PAGE_NUMBER_MARK'

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
