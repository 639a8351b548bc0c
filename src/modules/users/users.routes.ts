import { Type } from 'typebox'
import { auditContextOf } from '../../plugins/audit.ts'
import type { App } from '../../shared/app-types.ts'
import { ifMatchOf, noContent, sendResource, sendWritten, setPageLinks } from '../../shared/http.ts'
import { bearer, IdParams, IfMatchHeaders, notModified, paged, problemResponses, resourceRead, written } from '../../shared/schemas.ts'
import { ListUsersQuery, UpdateUserBody, UserOrPublicUser, UserPage } from './users.schemas.ts'
import * as service from './users.service.ts'


/** `/api/v1/users`: list (staff), read (full for self/staff, public otherwise), update, delete. @see api-contract §3 */
export default async function usersRoutes(app: App) {
  const deps = { db: app.db, hasher: app.hasher, clock: app.clock, audit: app.audit }
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store')
  })

  app.get('', {
    schema: {
      tags: ['users'],
      operationId: 'listUsers', description: 'Offset pagination (`page`, `per_page`) with an RFC 8288 `Link` header; filters `role` and `q` (username or email substring). Librarians read only.',
      summary: 'List users (admin, librarian)',
      security: bearer,
      querystring: ListUsersQuery,
      response: { 200: paged(UserPage), ...problemResponses(401, 403, 422) },
    },
    config: { auth: 'required', permission: 'users:read' },
  }, async (request, reply) => {
    const page = await service.listUsers(deps, request.query)
    setPageLinks(request, reply, page.page, page.total_pages)
    return page
  })

  app.get('/:id', {
    schema: {
      tags: ['users'],
      operationId: 'getUser', description: 'Self, admin and librarian get `{id, username, email, roles, is_active, created_at, updated_at}`; anyone else the public profile `{id, username, created_at}`. `ETag`; `If-None-Match` → 304.',
      summary: 'A user: full record for self, admin and librarian; public profile for anyone else',
      params: IdParams,
      response: { 200: resourceRead(UserOrPublicUser), 304: notModified(), ...problemResponses(401, 404, 422) },
    },
    config: { auth: 'optional' },
  }, async (request, reply) => {
    const user = await service.getUser(deps, request.user, request.params.id)
    return sendResource(request, reply, user)
  })

  app.patch('/:id', {
    schema: {
      tags: ['users'],
      operationId: 'updateUser',
      summary: 'Update a user (self or admin); roles and is_active by admin only',
      description:
        'A user changing their own password must send `current_password` (missing → 422, wrong → 403). A password change or deactivation revokes every token of the user. ' +
        '`If-Match` (the ETag of `GET /users/{id}`): checked and written under the user\'s row lock, so of concurrent writers with one ETag exactly one wins and the rest get 412. ' +
        'Taking the admin role from, or deactivating, the last active admin → 409 `conflict`.',
      security: bearer,
      params: IdParams,
      headers: IfMatchHeaders,
      body: UpdateUserBody,
      response: { 200: written(UserOrPublicUser), ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422) },
    },
    config: { auth: 'required' },
  }, async (request, reply) => sendWritten(reply, await service.updateUser(deps, request.user!, request.params.id, request.body, ifMatchOf(request), auditContextOf(request))))

  app.delete('/:id', {
    schema: {
      tags: ['users'],
      operationId: 'deleteUser',
      summary: 'Delete a user (self or admin); 409 while they have unreturned loans, or for the last active admin',
      description: '`If-Match` is honoured as on PATCH (412 on mismatch, checked under the row lock).',
      security: bearer,
      params: IdParams,
      headers: IfMatchHeaders,
      response: { 204: Type.Null({ description: 'deleted' }), ...problemResponses(401, 403, 404, 409, 412, 422) },
    },
    config: { auth: 'required' },
  }, async (request, reply) => {
    await service.deleteUser(deps, request.user!, request.params.id, ifMatchOf(request), auditContextOf(request))
    return noContent(reply)
  })
}
