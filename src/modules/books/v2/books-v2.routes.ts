import { PUBLIC_CACHE_CONTROL } from '../../../plugins/cache.ts'
import { servesApiVersion } from '../../../plugins/versioning.ts'
import type { App } from '../../../shared/app-types.ts'
import { sendResource } from '../../../shared/http.ts'
import { IdParams, notModified, optionalBearer, problemResponses, ref, resourceRead } from '../../../shared/schemas.ts'
import { versionedContent, withLinks } from './books-v2.http.ts'
import { BookV2Page, BookV2Schema, ListBooksV2Query, SearchBooksQuery } from './books-v2.schemas.ts'
import { catalogRead } from '../catalog-read.ts'
import * as service from './books-v2.service.ts'
import { CursorCodec } from './cursor.ts'

const CONTENT_NOTE =
  'Sent as `application/vnd.library.v2+json` when `Accept` names that type, else as `application/json`. ' +
  'The path fixes the version: `Accept` / `X-API-Version` are not consulted here (see `/api/books` for that).'

/**
 * `/api/v2/books`: the catalog, v2 (nested, HAL `_links`) representation — keyset pagination
 * with signed cursors and full-text search. Read-only: writes stay on `/api/v1/books`.
 * @see api-contract §4
 */
export default async function booksV2Routes(app: App) {
  const deps = { db: app.db, cursors: new CursorCodec(app.config.jwt.secret) }
  servesApiVersion(app, 2)

  app.get('', {
    schema: {
      tags: ['books'],
      security: optionalBearer,
      operationId: 'listBooksV2',
      summary: 'List the catalog, v2 (keyset pagination by signed cursor, filters, sort whitelist)',
      description:
        'Answers `{items, page_size, has_more, next_cursor, _links: {self, next}}`. Follow `_links.next` (or pass `next_cursor` as `cursor` ' +
        'with the same `sort`, `dir` and filters): pages stay exact while books are added or removed. `sort` is title, publication_year, ' +
        'created_at or id (default), `dir` asc (default) or desc, `id` the tiebreak; books without a publication year come last in both ' +
        `directions. ${CONTENT_NOTE}`,
      querystring: ListBooksV2Query,
      response: { 200: versionedContent('a page of books', ref(BookV2Page), { 2: ref(BookV2Page) }), ...problemResponses(400, 401, 422) },
    },
    config: catalogRead('list'),
  }, async (request, reply) => {
    const page = await service.listBooksV2(deps, request.query)
    reply.header('cache-control', PUBLIC_CACHE_CONTROL)
    return withLinks(request, page)
  })

  app.get('/search', {
    schema: {
      tags: ['books'],
      security: optionalBearer,
      operationId: 'searchBooksV2',
      summary: 'Full-text search of title, author and summary, best match first (v2)',
      description:
        'Every word must match (stemmed, case- and accent-insensitive); `"a phrase"`, `-excluded` and `this or that` work as in web search. ' +
        'Title matches weigh most, then author, then summary. Paginated like the list, by a signed cursor bound to `q`. ' +
        `Nothing typed in \`q\` is ever read as query-language syntax. ${CONTENT_NOTE}`,
      querystring: SearchBooksQuery,
      response: { 200: versionedContent('a page of matching books, best first', ref(BookV2Page), { 2: ref(BookV2Page) }), ...problemResponses(400, 401, 422) },
    },
    config: catalogRead('list'),
  }, async (request, reply) => {
    const page = await service.searchBooks(deps, request.query)
    reply.header('cache-control', PUBLIC_CACHE_CONTROL)
    return withLinks(request, page)
  })

  app.get('/:id', {
    schema: {
      tags: ['books'],
      security: optionalBearer,
      operationId: 'getBookV2',
      summary: 'One book, v2, with ETag and Last-Modified; If-None-Match → 304',
      description: CONTENT_NOTE,
      params: IdParams,
      response: {
        200: resourceRead(versionedContent('the book', ref(BookV2Schema), { 2: ref(BookV2Schema) }), { lastModified: true }),
        304: notModified({ lastModified: true }),
        ...problemResponses(401, 404, 422),
      },
    },
    config: catalogRead('item'),
  }, async (request, reply) => {
    const { book, updatedAt } = await service.getBookV2(deps, request.params.id)
    reply.header('cache-control', PUBLIC_CACHE_CONTROL)
    return sendResource(request, reply, book, updatedAt)
  })
}
