import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { AppMetrics } from '../infra/metrics/app-metrics.ts'
import { bearerToken, tokenError } from '../modules/auth/tokens.ts'
import { countActiveTasks } from '../modules/tasks/tasks.service.ts'
import { problemResponses } from '../shared/schemas.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** this instance's Prometheus metrics; null when `METRICS_ENABLED=false` */
    metrics: AppMetrics | null
  }
}

/** Options of the metrics plugin. */
export interface MetricsPluginOptions {
  enabled: boolean
  /** the `instance_id` label of every series */
  instanceId: string
}

/**
 * Prometheus metrics of this instance ({@link AppMetrics}): decorates the app with
 * `app.metrics` (the rate-limit, cache and task code count through it) and times every answered
 * request in an onResponse hook by its route template — `request.routeOptions.url`, never the
 * raw URL, `unmatched` when no route matched. Registered after the database plugin (the pool
 * gauge) and before the plugins that count. With `enabled: false` nothing is registered and
 * `app.metrics` is null.
 * @see https://github.com/siimon/prom-client#readme
 */
export default fp(
  async function metricsPlugin(app: FastifyInstance, opts: MetricsPluginOptions) {
    if (!opts.enabled) {
      app.decorate('metrics', null)
      return
    }
    const metrics = new AppMetrics(opts.instanceId, {
      // Read at scrape time: the tasks plugin is registered after this one.
      taskCounts: () => countActiveTasks({ db: app.db }),
      pool: () => app.dbPoolStats(),
    })
    app.decorate('metrics', metrics)
    app.addHook('onResponse', (request, reply, done) => {
      metrics.observeRequest(request.method, routeTemplate(request), reply.statusCode, reply.elapsedTime)
      done()
    })
  },
  { name: 'metrics', dependencies: ['database'] },
)

/** The route template a request matched (`/api/v1/books/:id`), undefined when none did (a 404). */
export function routeTemplate(request: FastifyRequest): string | undefined {
  return request.is404 ? undefined : request.routeOptions.url
}

/** The SHA-256 of a token: equal-length inputs for `timingSafeEqual`, whatever was sent. */
const digest = (value: string) => createHash('sha256').update(value).digest()

/**
 * `GET /metrics`: the Prometheus text exposition of this instance (api-contract §10). With a
 * token set, a request without `Authorization: Bearer <token>` is 401 `token_missing`, one with
 * another token 401 `token_invalid`, both with `WWW-Authenticate` (RFC 6750); the comparison
 * takes the same time whatever the token. Exempt from load shedding (an overloaded instance is
 * exactly when its metrics are wanted); counted by the rate limiter like any route. Registered
 * after the docs plugin, so the route is in the OpenAPI document; nothing when metrics are off.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/, RFC 6750 §3
 */
export const metricsRoute = fp(
  async function metricsRoute(app: FastifyInstance, opts: { token: string | undefined }) {
    const metrics = app.metrics
    if (!metrics) return
    const expected = opts.token === undefined ? undefined : digest(opts.token)
    app.get('/metrics', {
      schema: {
        tags: ['operations'],
        operationId: 'metrics',
        summary: 'Prometheus metrics of this instance (scrape every instance directly; the shipped nginx does not expose it)',
        description:
          'Request counts and latency histograms by method, route template and status; rate-limit rejections by policy; response-cache hits and misses; ' +
          'load shed; task attempts by type and outcome and tasks by status; database pool; event-loop lag and the Node.js process metrics. ' +
          'Every series carries `instance_id`. When `METRICS_TOKEN` is set, `Authorization: Bearer <METRICS_TOKEN>` is required.',
        ...(expected ? { security: [{ metricsToken: [] }] } : {}),
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4',
            content: { 'text/plain': { schema: { type: 'string', examples: ['http_requests_total{method="GET",route="/api/v1/books/:id",status_code="200",instance_id="api-1"} 3'] } } },
          },
          ...problemResponses(401),
        },
      },
      config: { loadShedding: false },
    }, async (request, reply) => {
      if (expected) {
        const given = bearerToken(request.headers.authorization)
        if (given === undefined) throw tokenError('token_missing', 'This endpoint requires the metrics bearer token')
        if (!timingSafeEqual(digest(given), expected)) throw tokenError('token_invalid', 'The metrics token is not valid')
      }
      reply.header('cache-control', 'no-store').type(metrics.contentType)
      return metrics.scrape()
    })
  },
  { name: 'metrics-route', dependencies: ['metrics', 'docs'] },
)
