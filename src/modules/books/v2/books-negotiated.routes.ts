import { Type } from 'typebox'
import { API_VERSIONS } from '../../../shared/api-version.ts'
import { validationError } from '../../../errors.ts'
import { PUBLIC_CACHE_CONTROL } from '../../../plugins/cache.ts'
import { servesApiVersion } from '../../../plugins/versioning.ts'
import type { App } from '../../../shared/app-types.ts'
import { sendResource, setPageLinks } from '../../../shared/http.ts'
import { IdParams, notModified, optionalBearer, problemResponses, ref, resourceRead } from '../../../shared/schemas.ts'
import { BookPage, BookSchema } from '../books.schemas.ts'
import * as v1 from '../books.service.ts'
import { catalogRead } from '../catalog-read.ts'
import { versionedContent, withLinks } from './books-v2.http.ts'
import { BookFilterQuery, BookV2Page, BookV2Schema, CursorPage, CursorPageQuery, SearchBooksQuery, SortQuery } from './books-v2.schemas.ts'
import * as v2 from './books-v2.service.ts'
import { CursorCodec } from './cursor.ts'

/** The request headers that pick a version, documented on every operation here. */
const VersionHeaders = Type.Object({
  'x-api-version': Type.Optional(Type.Unsafe<string>({
    type: 'string',
    enum: API_VERSIONS.map(String),
    description: '`1` or `2`; wins over `Accept`. Any other value → 406 `unsupported_version`',
    examples: ['2'],
  })),
})

const NEGOTIATION_NOTE =
  'The representation is chosen by header: `Accept: application/vnd.library.v2+json` or `X-API-Version: 2` → v2; ' +
  'nothing → v1 (deprecated: `Deprecation`, `Sunset` when configured, `Link: rel="successor-version"`); any other version → 406 ' +
  '`unsupported_version`. Answers carry `API-Version` and `Vary: Accept, X-API-Version`, and are sent as ' +
  '`application/vnd.library.v<n>+json` when `Accept` names that type, else as `application/json`.'

/** `GET /api/books` query: v1's `page`/`per_page` or v2's `limit`/`cursor`, filters and sort common to both. */
export const NegotiatedListQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'v1 only (default 1); 422 on v2' })),
    per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'v1 only: 1–100 (default 20); 422 on v2' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'v2 only: 1–100 (default 20); 422 on v1' })),
    cursor: Type.Optional(Type.String({ ...CursorPageQuery.cursor, description: 'v2 only: `next_cursor` of the previous page; 422 on v1' })),
    ...BookFilterQuery,
    ...SortQuery,
  },
  { additionalProperties: false },
)

/** v1 search results: v1 books in the cursor envelope. */
const BookV1SearchPage = CursorPage(ref(BookSchema), { description: 'a page of v1 books, paginated by an opaque signed cursor' })

/** 422 for parameters of the other version, all named at once. */
function rejectOtherVersion(query: Record<string, unknown>, names: string[], version: number): void {
  const present = names.filter((name) => query[name] !== undefined)
  if (present.length > 0) throw validationError(present.map((field) => ({ field, message: `is not a parameter of API version ${version}` })))
}

/**
 * `/api/books`: the catalog on version-neutral paths — the representation (v1 or v2) is
 * negotiated per request by `Accept` / `X-API-Version`; see the versioning plugin.
 * @see api-contract §4
 */
export default async function booksNegotiatedRoutes(app: App) {
  const v1Deps = { db: app.db, clock: app.clock }
  const v2Deps = { db: app.db, cursors: new CursorCodec(app.config.jwt.secret) }
  servesApiVersion(app, 'negotiated', { successor: { from: '/api/books', to: '/api/v2/books' } })

  app.get('', {
    schema: {
      tags: ['books'],
      security: optionalBearer,
      operationId: 'listBooksNegotiated',
      summary: 'List the catalog in the version asked for by header (v1: offset pages; v2: cursor pages)',
      description: `v1 answers as \`GET /api/v1/books\` (with its \`Link\` pagination header), v2 as \`GET /api/v2/books\`. ${NEGOTIATION_NOTE}`,
      headers: VersionHeaders,
      querystring: NegotiatedListQuery,
      response: {
        200: versionedContent('a page of books in the negotiated version', Type.Union([BookPage, ref(BookV2Page)]), { 1: BookPage, 2: ref(BookV2Page) }),
        ...problemResponses(400, 401, 406, 422),
      },
    },
    config: catalogRead('list'),
  }, async (request, reply) => {
    const { page, per_page, limit, cursor, ...rest } = request.query
    reply.header('cache-control', PUBLIC_CACHE_CONTROL)
    if (request.apiVersion === 2) {
      rejectOtherVersion(request.query, ['page', 'per_page'], 2)
      return withLinks(request, await v2.listBooksV2(v2Deps, { ...rest, limit: limit ?? 20, ...(cursor === undefined ? {} : { cursor }) }))
    }
    rejectOtherVersion(request.query, ['limit', 'cursor'], 1)
    const result = await v1.listBooks(v1Deps, { ...rest, page: page ?? 1, per_page: per_page ?? 20 })
    setPageLinks(request, reply, result.page, result.total_pages)
    return result
  })

  app.get('/search', {
    schema: {
      tags: ['books'],
      security: optionalBearer,
      operationId: 'searchBooksNegotiated',
      summary: 'Full-text search, best match first, items in the version asked for by header',
      description: `As \`GET /api/v2/books/search\`; with v1 the items are v1 books in the same cursor envelope. ${NEGOTIATION_NOTE}`,
      headers: VersionHeaders,
      querystring: SearchBooksQuery,
      response: {
        200: versionedContent('a page of matching books, best first', Type.Union([BookV1SearchPage, ref(BookV2Page)]), { 1: BookV1SearchPage, 2: ref(BookV2Page) }),
        ...problemResponses(400, 401, 406, 422),
      },
    },
    config: catalogRead('list'),
  }, async (request, reply) => {
    reply.header('cache-control', PUBLIC_CACHE_CONTROL)
    if (request.apiVersion === 2) return withLinks(request, await v2.searchBooks(v2Deps, request.query))
    return withLinks(request, await v2.searchBooks(v2Deps, request.query, v1.toBook))
  })

  app.get('/:id', {
    schema: {
      tags: ['books'],
      security: optionalBearer,
      operationId: 'getBookNegotiated',
      summary: 'One book in the version asked for by header, with ETag and Last-Modified; If-None-Match → 304',
      description: `Each version has its own ETag. ${NEGOTIATION_NOTE}`,
      headers: VersionHeaders,
      params: IdParams,
      response: {
        200: resourceRead(versionedContent('the book in the negotiated version', Type.Union([ref(BookSchema), ref(BookV2Schema)]), { 1: ref(BookSchema), 2: ref(BookV2Schema) }), { lastModified: true }),
        304: notModified({ lastModified: true }),
        ...problemResponses(401, 404, 406, 422),
      },
    },
    config: catalogRead('item'),
  }, async (request, reply) => {
    reply.header('cache-control', PUBLIC_CACHE_CONTROL)
    if (request.apiVersion === 2) {
      const { book, updatedAt } = await v2.getBookV2(v2Deps, request.params.id)
      return sendResource(request, reply, book, updatedAt)
    }
    const book = await v1.getBook(v1Deps, request.params.id)
    return sendResource(request, reply, book, book.updated_at)
  })
}
