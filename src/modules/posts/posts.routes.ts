import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { PUBLIC_CACHE_CONTROL } from '../../plugins/cache.ts'
import type { App } from '../../shared/app-types.ts'
import { created, etagOf, ifMatchOf, noContent, sendResource, sendWritten, setPageLinks } from '../../shared/http.ts'
import { bearer, IdParams, IfMatchHeaders, notModified, optionalBearer, paged, problemResponses, ref, resourceRead, written } from '../../shared/schemas.ts'
import { CreatePostBody, ListPostsQuery, ListUserPostsQuery, PatchPostBody, type Post, PostPage, PostSchema, ReplacePostBody } from './posts.schemas.ts'
import { idempotencyClaimOf, idempotentCreated, IdempotencyHeaders, markReplay } from '../../shared/idempotency-http.ts'
import { runIdempotently } from '../../shared/idempotency.ts'
import * as service from './posts.service.ts'

const PRIVATE_CACHE = 'private, no-store'

/** Published content is the same for everyone and may be cached; anything with drafts is per-user. */
function cacheFor(reply: FastifyReply, published: boolean): void {
  reply.header('cache-control', published ? PUBLIC_CACHE_CONTROL : PRIVATE_CACHE)
}

/**
 * `/api/v1/posts`: news and reviews. Reads are public (drafts only to their author and admins);
 * any signed-in user writes, as the author; only the author edits, the author or an admin deletes.
 * @see api-contract §6
 */
export default async function postsRoutes(app: App) {
  const deps = { db: app.db, clock: app.clock }

  app.get('', {
    schema: {
      tags: ['posts'],
      operationId: 'listPosts',
      summary: 'List published posts, newest first; `published=false`: your own drafts',
      description:
        'Answers `{items, page, per_page, total, total_pages}` and an RFC 8288 `Link` header (`first`, `prev`, `next`, `last`). ' +
        'Without `published` (or `published=true`): every published post, `Cache-Control: public, max-age=60`. ' +
        'With `published=false`: only the caller’s own drafts (for admins too), `Cache-Control: private, no-store`; ' +
        'an anonymous caller gets 401 `token_missing` rather than a misleading empty list.',
      security: optionalBearer,
      querystring: ListPostsQuery,
      response: { 200: paged(PostPage), ...problemResponses(401, 422) },
    },
    config: { auth: 'optional' },
  }, async (request, reply) => {
    const page = await service.listPosts(deps, request.user, request.query)
    setPageLinks(request, reply, page.page, page.total_pages)
    cacheFor(reply, request.query.published !== false)
    return page
  })

  app.get('/:id', {
    schema: {
      tags: ['posts'],
      operationId: 'getPost',
      summary: 'One post, with ETag; If-None-Match → 304; a draft is 404 to all but its author and admins',
      description: 'A published post is `Cache-Control: public, max-age=60`; a draft `private, no-store`.',
      security: optionalBearer,
      params: IdParams,
      response: { 200: resourceRead(ref(PostSchema), { lastModified: true }), 304: notModified({ lastModified: true }), ...problemResponses(401, 404, 422) },
    },
    config: { auth: 'optional' },
  }, async (request, reply) => {
    const post = await service.getPost(deps, request.user, request.params.id)
    cacheFor(reply, post.published)
    return sendResource(request, reply, post, post.updated_at)
  })

  app.post('', {
    schema: {
      tags: ['posts'],
      operationId: 'createPost',
      summary: 'Write a post (any signed-in user); the author is the caller',
      description:
        '`published` defaults to `false`: a new post is a draft until its author publishes it. ' +
        'The author is always the caller; `author`, `author_id` or any other unknown member is a 422.\n\n' +
        '`Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): see the header. A replay carries `Idempotent-Replayed: true`.',
      security: bearer,
      headers: IdempotencyHeaders,
      body: CreatePostBody,
      response: { 201: idempotentCreated(ref(PostSchema)), ...problemResponses(400, 401, 409, 413, 415, 422) },
    },
    config: { auth: 'required' },
  }, async (request, reply) => {
    const outcome = await runIdempotently<Post>(deps, request.user!.id, idempotencyClaimOf(request), 201, (onCommit) => service.createPost(deps, request.user!, request.body, onCommit))
    const post = outcome.value
    return created(markReplay(reply, outcome), `/api/v1/posts/${post.id}`).header('etag', etagOf(post)).header('cache-control', 'no-store').send(post)
  })

  app.put('/:id', {
    schema: {
      tags: ['posts'],
      operationId: 'replacePost',
      summary: 'Replace a post (author only); honours If-Match',
      description:
        'All of `title`, `content` and `published` are required. Anyone but the author gets 403 (admins too: they may delete, not edit); ' +
        'a draft of someone else is 404 to non-admins, its existence being hidden.',
      security: bearer,
      params: IdParams,
      headers: IfMatchHeaders,
      body: ReplacePostBody,
      response: { 200: written(ref(PostSchema)), ...problemResponses(400, 401, 403, 404, 412, 413, 415, 422) },
    },
    config: { auth: 'required' },
  }, async (request, reply) => {
    const post = await service.replacePost(deps, request.user!, request.params.id, request.body, ifMatchOf(request))
    return sendWritten(reply, post)
  })

  app.patch('/:id', {
    schema: {
      tags: ['posts'],
      operationId: 'patchPost',
      summary: 'Change some fields of a post (author only); JSON Merge Patch; honours If-Match',
      description:
        'Body as `application/merge-patch+json` (RFC 7396) or `application/json`: present members replace; no member is nullable; `{}` changes nothing. ' +
        'Anyone but the author gets 403 (admins too); a draft of someone else is 404 to non-admins.',
      security: bearer,
      params: IdParams,
      headers: IfMatchHeaders,
      body: PatchPostBody,
      response: { 200: written(ref(PostSchema)), ...problemResponses(400, 401, 403, 404, 412, 413, 415, 422) },
    },
    config: { auth: 'required' },
  }, async (request, reply) => {
    const post = await service.patchPost(deps, request.user!, request.params.id, request.body, ifMatchOf(request))
    return sendWritten(reply, post)
  })

  app.delete('/:id', {
    schema: {
      tags: ['posts'],
      operationId: 'deletePost',
      summary: 'Delete a post (author or admin); honours If-Match',
      description: 'Anyone else gets 403; a draft of someone else is 404 to non-admins.',
      security: bearer,
      params: IdParams,
      headers: IfMatchHeaders,
      response: { 204: Type.Null({ description: 'deleted' }), ...problemResponses(401, 403, 404, 412, 422) },
    },
    config: { auth: 'required' },
  }, async (request, reply) => {
    await service.deletePost(deps, request.user!, request.params.id, ifMatchOf(request))
    return noContent(reply)
  })
}

/**
 * `GET /api/v1/users/{id}/posts`, registered under the `/api/v1/users` prefix (the users module
 * owns `/:id` only): a user's published posts, or their drafts for the user themself or an admin.
 * @see api-contract §3
 */
export async function userPostsRoutes(app: App) {
  const deps = { db: app.db, clock: app.clock }

  app.get('/:id/posts', {
    schema: {
      tags: ['posts'],
      operationId: 'listUserPosts',
      summary: 'A user’s published posts, newest first; `published=false`: their drafts (self or admin)',
      description:
        'Offset-paginated like `GET /api/v1/posts`, with a `Link` header. `published=false` lists the drafts only (not drafts and published together), ' +
        'to the user themself or an admin: anonymous → 401 `token_missing`, anyone else → 403 `forbidden`. Unknown user → 404. ' +
        'Published lists are `Cache-Control: public, max-age=60`; drafts `private, no-store`.',
      security: optionalBearer,
      params: IdParams,
      querystring: ListUserPostsQuery,
      response: { 200: paged(PostPage), ...problemResponses(401, 403, 404, 422) },
    },
    config: { auth: 'optional' },
  }, async (request, reply) => {
    const page = await service.listUserPosts(deps, request.user, request.params.id, request.query)
    setPageLinks(request, reply, page.page, page.total_pages)
    cacheFor(reply, request.query.published !== false)
    return page
  })
}
