import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AuditContext, AuditTrail } from '../shared/audit.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** the security audit trail (src/modules/audit): hash-chained rows and `audit` log lines */
    audit: AuditTrail
  }
  interface FastifyRequest {
    /** made by {@link auditContextOf} on first use */
    auditContext: AuditContext | null
  }
}

/**
 * The audit context of a request — actor (the authenticated caller), client address, request
 * id — made once per request; call it in the handler, after authentication.
 */
export function auditContextOf(request: FastifyRequest): AuditContext {
  request.auditContext ??= { actorId: request.user?.id ?? null, ip: request.ip, requestId: request.id, pending: [] }
  return request.auditContext
}

/**
 * Audit hooks: a request that a route guarded by a staff permission (`config.permission`)
 * answers 401 or 403 writes one `access_denied` row before the response leaves (its own
 * transaction; a failure to write is logged, the answer stays the same); the log lines of rows
 * written inside a request's transactions are written once the response is sent — and only when
 * it succeeded (status below 400), since a failed request rolled its transaction back.
 */
export default fp(
  async function auditPlugin(app: FastifyInstance) {
    app.decorateRequest('auditContext', null)

    app.addHook('onSend', async (request, reply) => {
      const permission = request.routeOptions.config.permission
      if (!permission || (reply.statusCode !== 401 && reply.statusCode !== 403)) return
      const details = { permission, status: reply.statusCode, method: request.method, route: request.routeOptions.url ?? null }
      await app.audit.recordAlone(auditContextOf(request), { event: 'access_denied', userId: request.user?.id ?? null, details }).catch((error: unknown) => {
        request.log.error({ err: error }, 'audit: access_denied could not be recorded')
      })
    })

    app.addHook('onResponse', (request, reply, done) => {
      const context = request.auditContext
      if (context?.pending?.length) {
        if (reply.statusCode < 400) app.audit.flush(context)
        else context.pending.length = 0
      }
      done()
    })
  },
  { name: 'audit', dependencies: ['auth'] },
)
