import { Type } from 'typebox'
import { auditContextOf } from '../../plugins/audit.ts'
import type { App } from '../../shared/app-types.ts'
import { bearer, IdParams, problemResponses, ref } from '../../shared/schemas.ts'
import { CreateUserBody, RolesBody, type User, UserSchema } from '../users/users.schemas.ts'
import { adminCreateUser, setRoles } from '../users/users.service.ts'
import { idempotencyClaimOf, idempotentCreated, IdempotencyHeaders, markReplay } from '../../shared/idempotency-http.ts'
import { runIdempotently } from '../../shared/idempotency.ts'
import { getStats } from './admin.service.ts'


export const StatsSchema = Type.Object(
  { users: Type.Integer(), books: Type.Integer(), loans_active: Type.Integer({ description: 'unreturned loans, overdue included' }), loans_overdue: Type.Integer() },
  { $id: 'Stats', additionalProperties: false },
)

/** `/api/v1/admin`: create users with roles, replace roles, statistics. @see api-contract §3 */
export default async function adminRoutes(app: App) {
  const deps = { db: app.db, hasher: app.hasher, clock: app.clock, audit: app.audit }
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store')
  })

  app.post('/users', {
    schema: {
      tags: ['admin'],
      operationId: 'adminCreateUser',
      summary: 'Create a user with roles (admin)',
      description: '`Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): see the header. A replay carries `Idempotent-Replayed: true`.',
      security: bearer,
      headers: IdempotencyHeaders,
      body: CreateUserBody,
      response: { 201: idempotentCreated(ref(UserSchema)), ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
    },
    config: { auth: 'required', permission: 'users:manage' },
  }, async (request, reply) => {
    const outcome = await runIdempotently<User>(deps, request.user!.id, idempotencyClaimOf(request), 201, (onCommit) => adminCreateUser(deps, request.body, auditContextOf(request), onCommit))
    const user = outcome.value
    return markReplay(reply, outcome).code(201).header('location', `/api/v1/users/${user.id}`).send(user)
  })

  app.put('/users/:id/roles', {
    schema: {
      tags: ['admin'],
      operationId: 'adminSetRoles', description: 'Replaces the whole role set; 409 `conflict` when the change would leave no active admin.',
      summary: 'Replace the roles of a user (admin); 409 when it would leave no active admin',
      security: bearer,
      params: IdParams,
      body: RolesBody,
      response: { 200: ref(UserSchema), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
    },
    config: { auth: 'required', permission: 'users:manage' },
  }, async (request) => setRoles(deps, request.params.id, request.body.roles, auditContextOf(request)))

  app.get('/stats', {
    schema: {
      tags: ['admin'],
      operationId: 'adminStats', description: 'Counts of users, books, active loans and overdue loans, computed now.',
      summary: 'Counts of users, books, active and overdue loans (admin)',
      security: bearer,
      response: { 200: ref(StatsSchema), ...problemResponses(401, 403) },
    },
    config: { auth: 'required', permission: 'admin:stats' },
  }, async () => getStats(deps))
}
