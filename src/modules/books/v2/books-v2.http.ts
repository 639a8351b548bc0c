import type { FastifyRequest } from 'fastify'
import type { TSchema } from 'typebox'
import { vendorMediaType } from '../../../plugins/versioning.ts'
import type { ApiVersion } from '../../../shared/api-version.ts'
import type { HalLinkType } from './books-v2.schemas.ts'
import type { CursorPageResult } from './books-v2.service.ts'
import { urlWith } from '../../../shared/http.ts'

/**
 * A response schema offered as `application/json` and as the vendor media type of each given
 * version — Fastify picks the serializer by the reply's `Content-Type`, which the versioning
 * plugin sets to the vendor type when the client's `Accept` names it.
 * @param json the schema of the `application/json` answer (a union on version-neutral paths)
 * @param byVersion the schema of each version's vendor media type
 * @see https://fastify.dev/docs/latest/Reference/Validation-and-Serialization/#serialization
 */
export function versionedContent(description: string, json: TSchema, byVersion: Partial<Record<ApiVersion, TSchema>>) {
  const content: Record<string, { schema: TSchema }> = { 'application/json': { schema: json } }
  for (const [version, schema] of Object.entries(byVersion)) content[vendorMediaType(Number(version) as ApiVersion)] = { schema }
  return { description, content }
}

/**
 * The `_links` of a cursor page: `self` (the request as the route spells it, with the validated
 * query re-encoded) and `next` (the same with `cursor` set to the next cursor, or null on the
 * last page). Nothing is copied from the raw URL.
 */
export function cursorPageLinks(request: FastifyRequest, nextCursor: string | null): { self: HalLinkType; next: HalLinkType | null } {
  const withCursor = urlWith(request, 'cursor')
  const sent = (request.query as { cursor?: unknown } | undefined)?.cursor
  const self = { href: typeof sent === 'string' ? withCursor(encodeURIComponent(sent)) : withCursor() }
  if (nextCursor === null) return { self, next: null }
  return { self, next: { href: withCursor(encodeURIComponent(nextCursor)) } }
}

/** A cursor page with its `_links`. */
export function withLinks<T>(request: FastifyRequest, page: CursorPageResult<T>) {
  return { ...page, _links: cursorPageLinks(request, page.next_cursor) }
}
