import { Type } from 'typebox'
import { PUBLIC_CACHE_CONTROL } from '../../plugins/cache.ts'
import { servesApiVersion } from '../../plugins/versioning.ts'
import { auditContextOf } from '../../plugins/audit.ts'
import type { App } from '../../shared/app-types.ts'
import { etagOf, ifMatchOf, noContent, sendResource, sendWritten, setPageLinks } from '../../shared/http.ts'
import { bearer, IdParams, IfMatchHeaders, notModified, optionalBearer, paged, problemResponses, ref, resourceRead, written } from '../../shared/schemas.ts'
import { idempotencyClaimOf, idempotentCreated, IdempotencyHeaders, markReplay } from '../../shared/idempotency-http.ts'
import { runIdempotently } from '../../shared/idempotency.ts'
import { type Book, BookInput, BookPage, BookPatch, BookSchema, ListBooksQuery } from './books.schemas.ts'
import * as service from './books.service.ts'
import { catalogRead } from './catalog-read.ts'

/**
 * `/api/v1/books`: the catalog, v1 (flat) representation — deprecated in favour of
 * `/api/v2/books`: every answer carries `API-Version: 1`, `Deprecation` and (when configured)
 * `Sunset`; reads add `Link: <…/api/v2/books…>; rel="successor-version"`.
 * @see api-contract §4
 */
export default async function booksRoutes(app: App) {
  const deps = { db: app.db, clock: app.clock, cache: app.responseCache, audit: app.audit }
  servesApiVersion(app, 1, { successor: { from: '/api/v1/books', to: '/api/v2/books' } })

  app.get('', {
    schema: {
      tags: ['books'],
      security: optionalBearer,
      operationId: 'listBooks',
      summary: 'List the catalog (offset pagination, filters, sort whitelist)',
      description: 'Answers `{items, page, per_page, total, total_pages}` and an RFC 8288 `Link` header with `first`, `prev`, `next`, `last`.',
      querystring: ListBooksQuery,
      response: { 200: paged(BookPage), ...problemResponses(400, 401, 422) },
    },
    config: catalogRead('list'),
  }, async (request, reply) => {
    const page = await service.listBooks(deps, request.query)
    setPageLinks(request, reply, page.page, page.total_pages)
    reply.header('cache-control', PUBLIC_CACHE_CONTROL)
    return page
  })

  app.get('/:id', {
    schema: {
      tags: ['books'],
      security: optionalBearer,
      operationId: 'getBook', description: 'The v1 representation with `ETag` and `Last-Modified`; `If-None-Match` with a matching tag is 304. Cached server-side (`X-Cache`).',
      summary: 'One book, with ETag and Last-Modified; If-None-Match → 304',
      params: IdParams,
      response: { 200: resourceRead(ref(BookSchema), { lastModified: true }), 304: notModified({ lastModified: true }), ...problemResponses(401, 404, 422) },
    },
    config: catalogRead('item'),
  }, async (request, reply) => {
    const book = await service.getBook(deps, request.params.id)
    reply.header('cache-control', PUBLIC_CACHE_CONTROL)
    return sendResource(request, reply, book, book.updated_at)
  })

  app.post('', {
    schema: {
      tags: ['books'],
      operationId: 'createBook',
      summary: 'Add a book (librarian, admin)',
      description:
        'The ISBN (10 or 13 digits) is checked by its check digit and stored as ISBN-13; a duplicate ISBN is 409 `already_exists`.\n\n' +
        '`Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): see the header. A replay carries `Idempotent-Replayed: true`.',
      security: bearer,
      headers: IdempotencyHeaders,
      body: BookInput,
      response: { 201: idempotentCreated(ref(BookSchema)), ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
    },
    config: { auth: 'required', permission: 'books:write' },
  }, async (request, reply) => {
    const outcome = await runIdempotently<Book>(deps, request.user!.id, idempotencyClaimOf(request), 201, (onCommit) => service.createBook(deps, request.body, onCommit))
    const book = outcome.value
    return markReplay(reply, outcome).code(201).header('location', `/api/v1/books/${book.id}`).header('etag', etagOf(book)).header('cache-control', 'no-store').send(book)
  })

  app.put('/:id', {
    schema: {
      tags: ['books'],
      operationId: 'replaceBook', description: 'Full replacement: every field of the create body; `If-Match` with a stale ETag is 412; a duplicate ISBN 409. Answers the book with its new `ETag`.',
      summary: 'Replace a book (librarian, admin); honours If-Match',
      security: bearer,
      params: IdParams,
      headers: IfMatchHeaders,
      body: BookInput,
      response: { 200: written(ref(BookSchema)), ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422) },
    },
    config: { auth: 'required', permission: 'books:write' },
  }, async (request, reply) => {
    const book = await service.replaceBook(deps, request.params.id, request.body, ifMatchOf(request))
    return sendWritten(reply, book)
  })

  app.patch('/:id', {
    schema: {
      tags: ['books'],
      operationId: 'patchBook',
      summary: 'Change some fields of a book (librarian, admin); JSON Merge Patch; honours If-Match',
      description: 'Body as `application/merge-patch+json` (RFC 7396) or `application/json`: present members replace, `null` clears an optional field.',
      security: bearer,
      params: IdParams,
      headers: IfMatchHeaders,
      body: BookPatch,
      response: { 200: written(ref(BookSchema)), ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422) },
    },
    config: { auth: 'required', permission: 'books:write' },
  }, async (request, reply) => {
    const book = await service.patchBook(deps, request.params.id, request.body, ifMatchOf(request))
    return sendWritten(reply, book)
  })

  app.delete('/:id', {
    schema: {
      tags: ['books'],
      operationId: 'deleteBook', description: '204; 409 while copies are on loan; `If-Match` with a stale ETag is 412.',
      summary: 'Delete a book (librarian, admin); 409 while copies are on loan; honours If-Match',
      security: bearer,
      params: IdParams,
      headers: IfMatchHeaders,
      response: { 204: Type.Null({ description: 'deleted' }), ...problemResponses(401, 403, 404, 409, 412, 422) },
    },
    config: { auth: 'required', permission: 'books:write' },
  }, async (request, reply) => {
    await service.deleteBook(deps, request.params.id, ifMatchOf(request), auditContextOf(request))
    return noContent(reply)
  })
}
