import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sql } from 'kysely'
import { Type } from 'typebox'
import { AppError } from '../errors.ts'
import { ProblemSchema, ref } from '../shared/schemas.ts'

const HealthSchema = Type.Object({ status: Type.String({ examples: ['ok'] }) }, { additionalProperties: false })
const ReadySchema = Type.Object(
  { status: Type.Literal('ok'), checks: Type.Record(Type.String(), Type.Literal('ok')) },
  { additionalProperties: false },
)

/**
 * `/health` (liveness) and `/health/ready` (the database answers, and Redis when configured; the
 * instance is not shedding load — no under-pressure threshold crossed, no adaptive share, in-flight cap not reached — else `checks.pressure: failed` with `Retry-After`). Both are
 * answered while the instance sheds load. @see api-contract §10
 */
export default fp(
  async function healthPlugin(app: FastifyInstance) {
    app.get('/health', {
      config: { loadShedding: false },
      schema: { tags: ['operations'], operationId: 'health', description: 'Answers `{status: "ok"}` while the process runs; it checks no dependency (see `/health/ready`).', summary: 'Liveness: 200 while the process lives', response: { 200: HealthSchema } },
    }, async (_request, reply) => {
      reply.header('cache-control', 'no-store')
      return { status: 'ok' }
    })

    app.get('/health/ready', {
      config: { loadShedding: false },
      schema: {
        tags: ['operations'],
        operationId: 'ready',
        summary: 'Readiness: 200 when the database (and Redis, when configured) answer and the instance is not overloaded, else 503 naming what failed',
        description: 'A 503 is a problem (`code: unavailable`) whose `checks` member names what failed; `pressure: failed` (with `Retry-After`) while the instance sheds load.',
        response: {
          200: ReadySchema,
          503: { ...ref(ProblemSchema), headers: { 'Retry-After': { type: 'integer', description: 'seconds, while the instance sheds load' } } },
        },
      },
    }, async (_request, reply) => {
      reply.header('cache-control', 'no-store')
      const checks: Record<string, 'ok' | 'failed'> = {}
      checks.database = await sql`select 1`.execute(app.db).then(() => 'ok' as const, () => 'failed' as const)
      if (app.redis) checks.redis = await app.redis.ping().then(() => 'ok' as const, () => 'failed' as const)
      const overloaded = app.loadShedding.overloaded()
      if (overloaded) checks.pressure = 'failed'
      const failed = Object.keys(checks).filter((name) => checks[name] === 'failed')
      const headers: Record<string, string> = overloaded ? { 'retry-after': String(app.config.shedding.retryAfter) } : {}
      if (failed.length > 0) throw new AppError('unavailable', `Not ready: ${failed.join(', ')} failed`, { checks }, headers)
      return { status: 'ok' as const, checks: checks as Record<string, 'ok'> }
    })
  },
  { name: 'health', dependencies: ['database', 'redis', 'load-shedding'] },
)
