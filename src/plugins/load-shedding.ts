import underPressure from '@fastify/under-pressure'
import type { FastifyInstance, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: answered even while the instance sheds load (health, readiness, metrics) */
    loadShedding?: boolean
  }
}

/** The 503 every shed-able operation may answer, with its `Retry-After`. */
const unavailableResponse = () => ({
  $ref: 'Problem#',
  description:
    'Service unavailable (`unavailable`): the instance is overloaded and sheds load, is not ready or is shutting down, or — on /api/v1/auth/* — ' +
    'the shared rate-limit store is unreachable. Retry after `Retry-After` seconds when given.',
  headers: { 'Retry-After': { type: 'integer', description: 'seconds to wait, when known (RFC 9110 §10.2.3)' } },
})

const isPlainProblemRef = (schema: unknown) =>
  typeof schema === 'object' && schema !== null && Object.keys(schema).length === 1 && (schema as { $ref?: unknown }).$ref === 'Problem#'

/**
 * Load shedding (api-contract §10) with `@fastify/under-pressure`: every `sampleInterval`
 * milliseconds it samples the event-loop delay (mean, milliseconds), the event-loop utilization
 * (0–1) and the V8 heap in use (bytes); while one is over its threshold (0 = not checked) every
 * request is answered at once, in the first onRequest hook — before rate limiting, the cache or
 * any database work — with 503 `unavailable` and `Retry-After` (seconds) instead of joining an
 * ever longer queue. Routes declaring `config: { loadShedding: false }` are still answered, and so
 * is a request no route matches (its 404 costs less than a 503 would save).
 * Registered right after the error handler; documents the 503 with `Retry-After` on every
 * operation that may be shed. `app.isUnderPressure()` tells the readiness check.
 * @see https://github.com/fastify/under-pressure#readme, RFC 9110 §15.6.4 (503)
 */
export default fp(
  async function loadSheddingPlugin(app: FastifyInstance, opts: { shedding: Config['shedding'] }) {
    const { maxEventLoopDelay, maxEventLoopUtilization, maxHeapUsedBytes, retryAfter, sampleInterval } = opts.shedding
    const retryAfterValue = String(retryAfter)
    await app.register(underPressure, {
      maxEventLoopDelay,
      maxEventLoopUtilization,
      maxHeapUsedBytes,
      sampleInterval,
      // under-pressure calls next() when this returns nothing, next(error) when it rejects.
      pressureHandler: async (request, _reply, type) => {
        // An unknown route costs a router look-up: answered with its 404 as the contract says.
        if (request.routeOptions.config.loadShedding === false || request.is404) return
        app.metrics?.loadShed(type)
        throw new AppError('unavailable', 'The service is overloaded; retry shortly', { retry_after: retryAfter }, { 'retry-after': retryAfterValue })
      },
    })

    app.addHook('onRoute', (route: RouteOptions) => {
      if (!route.schema || route.schema.hide || route.config?.loadShedding === false) return
      const response = (route.schema.response ??= {}) as Record<string, unknown>
      if (response[503] === undefined || isPlainProblemRef(response[503])) response[503] = unavailableResponse()
    })
  },
  { name: 'load-shedding', dependencies: ['errors'] },
)
