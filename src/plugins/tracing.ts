import type { SpanProcessor } from '@opentelemetry/sdk-trace-base'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.ts'
import type { DatabaseHandle } from '../db/connect.ts'
import type { Tracing } from '../infra/tracing/otel.ts'
import type { TaskAttemptObserver } from '../shared/observability.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** puts a span around every task attempt; undefined when tracing is off */
    taskTracing: TaskAttemptObserver | undefined
  }
}

/**
 * Starts OpenTelemetry tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set or a span processor is
 * given (tests): only then is the SDK imported.
 * @returns the app's tracing, or null when off (nothing of OpenTelemetry's SDK loaded)
 */
export async function startTracingIfConfigured(config: Config, dialect: DatabaseHandle['dialect'], spanProcessor?: SpanProcessor): Promise<Tracing | null> {
  if (config.tracing.endpoint === undefined && spanProcessor === undefined) return null
  const { startTracing } = await import('../infra/tracing/otel.ts')
  return startTracing({ endpoint: config.tracing.endpoint, spanProcessor, serviceName: config.tracing.serviceName, instanceId: config.instanceId, dialect })
}

/**
 * Tracing (issue 11): registers @fastify/otel first of all plugins — it wraps the hooks added
 * after it — hands the database's queries to the tracer, and decorates the app with the task
 * span wrapper. On close the database stops being observed and buffered spans are sent.
 * With `tracing: null` it only decorates `taskTracing` as undefined.
 * @see https://github.com/fastify/otel#readme
 */
export default fp(
  async function tracingPlugin(app: FastifyInstance, opts: { tracing: Tracing | null; database: DatabaseHandle }) {
    const { tracing, database } = opts
    app.decorate('taskTracing', tracing?.observeTask)
    if (!tracing) return
    await app.register(tracing.fastifyPlugin)
    database.observeQueries(tracing.observeQuery)
    app.addHook('onClose', async () => {
      database.observeQueries(null)
      // An unreachable collector must not fail the shutdown: its spans are lost, the process is not.
      await tracing.shutdown().catch((error: unknown) => app.log.warn({ err: error }, 'tracing: the last spans could not be sent'))
    })
  },
  { name: 'tracing' },
)
