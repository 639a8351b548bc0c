import type { App } from '../../shared/app-types.ts'
import { setPageLinks } from '../../shared/http.ts'
import { bearer, paged, problemResponses } from '../../shared/schemas.ts'
import { AuditEntrySchema, AuditLogPage, ListAuditLogQuery } from './audit.schemas.ts'
import { listAuditLog } from './audit.service.ts'

export { AuditEntrySchema }

/**
 * `GET /api/v1/admin/audit-log` (admin): the security events, newest first, offset-paginated
 * with RFC 8288 `Link`, filtered by `event`, `user_id`, `since`, `until`.
 * @see api-contract §3
 */
export default async function auditRoutes(app: App) {
  const deps = { db: app.db }
  app.get('/audit-log', {
    schema: {
      tags: ['admin'],
      operationId: 'adminAuditLog',
      summary: 'Security events, newest first (admin)',
      description:
        'Recorded: login success and failure (with the reason), token refresh, refresh reuse detected, logout, logout-all, password change, role change, ' +
        'deactivation, user deletion, admin user creation, cache invalidation, book deletion, tasks started by staff, and 401/403 answers of staff routes. ' +
        'Each row is written in the transaction of the change it records and hash-chained to the one before (`library-api audit verify`). ' +
        '`since`/`until` are RFC 3339 times, inclusive; anything else → 422.',
      security: bearer,
      querystring: ListAuditLogQuery,
      response: { 200: paged(AuditLogPage), ...problemResponses(401, 403, 422) },
    },
    config: { auth: 'required', permission: 'audit:read' },
  }, async (request, reply) => {
    reply.header('cache-control', 'private, no-store')
    const page = await listAuditLog(deps, request.query)
    setPageLinks(request, reply, page.page, page.total_pages)
    return page
  })
}
