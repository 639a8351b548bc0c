import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sql } from 'kysely'
import { Type } from 'typebox'

const HealthSchema = Type.Object({ status: Type.String({ examples: ['ok'] }) }, { additionalProperties: false })
const ReadySchema = Type.Object(
  { status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]), checks: Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.Literal('failed')])) },
  { additionalProperties: false },
)

/** `/health` (liveness) and `/health/ready` (the database answers). @see api-contract §10 */
export default fp(
  async function healthPlugin(app: FastifyInstance) {
    app.get('/health', {
      schema: { tags: ['operations'], operationId: 'health', summary: 'Liveness: 200 while the process lives', response: { 200: HealthSchema } },
    }, async (_request, reply) => {
      reply.header('cache-control', 'no-store')
      return { status: 'ok' }
    })

    app.get('/health/ready', {
      schema: {
        tags: ['operations'],
        operationId: 'ready',
        summary: 'Readiness: 200 when the database answers, else 503 naming what failed',
        response: { 200: ReadySchema, 503: ReadySchema },
      },
    }, async (_request, reply) => {
      reply.header('cache-control', 'no-store')
      let database: 'ok' | 'failed' = 'ok'
      try {
        await sql`select 1`.execute(app.db)
      } catch {
        database = 'failed'
      }
      const ok = database === 'ok'
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { database } })
    })
  },
  { name: 'health', dependencies: ['database'] },
)
