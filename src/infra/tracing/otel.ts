// Loaded by `import()` only when tracing is on: nothing of OpenTelemetry's SDK is loaded otherwise.
import { FastifyOtelInstrumentation } from '@fastify/otel'
import { context, propagation, ROOT_CONTEXT, SpanKind, type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base'
import type { FastifyPluginCallback, FastifyRequest } from 'fastify'
import type { QueryObserver } from '../../db/observed-dialect.ts'
import type { ObservedTask, TaskAttemptObserver } from '../../shared/observability.ts'

/** What tracing adds to an app. */
export interface Tracing {
  /** @fastify/otel: one span per request (named `request`, with `http.route` and the request id as `http.request.id`) and its hooks and handler */
  fastifyPlugin: FastifyPluginCallback
  /** one span per database query, a child of the active span */
  observeQuery: QueryObserver
  /** one root span per task attempt; the attempt's queries are its children */
  observeTask: TaskAttemptObserver
  /** ends the provider, sending the spans still buffered */
  shutdown(): Promise<void>
}

/** How tracing is set up. */
export interface TracingOptions {
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces` in batches */
  endpoint: string | undefined
  /** instead of the OTLP exporter (tests: a SimpleSpanProcessor on an InMemorySpanExporter) */
  spanProcessor?: SpanProcessor
  serviceName: string
  instanceId: string
  dialect: 'sqlite' | 'postgres'
}

/**
 * Installs, once per process, what OpenTelemetry's API needs to carry the active span across
 * `await` (an AsyncLocalStorage context manager) and to read and write `traceparent`
 * (W3C Trace Context). The tracer provider itself stays per app, never global.
 */
function installGlobalsOnce(): void {
  const manager = new AsyncLocalStorageContextManager()
  if (context.setGlobalContextManager(manager.enable())) propagation.setGlobalPropagator(new W3CTraceContextPropagator())
  else manager.disable()
}

/** `SELECT` of `select "id" from …`: the statement's first keyword. */
function operationOf(sql: string): string {
  return /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY'
}

/**
 * Starts tracing for one app: a tracer provider with the service's resource (`service.name`,
 * `service.instance.id`) and either the OTLP/HTTP exporter behind a batch processor or the
 * given span processor.
 * @see https://opentelemetry.io/docs/languages/js/, https://github.com/fastify/otel#readme,
 *   https://opentelemetry.io/docs/specs/semconv/database/database-spans/
 */
export function startTracing(options: TracingOptions): Tracing {
  installGlobalsOnce()
  const processor = options.spanProcessor ?? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint}/v1/traces` }))
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName, 'service.instance.id': options.instanceId }),
    spanProcessors: [processor],
  })
  const tracer: Tracer = provider.getTracer('library-api')
  const instrumentation = new FastifyOtelInstrumentation({
    requestHook: (span: { setAttribute(key: string, value: string): void }, request: FastifyRequest) => span.setAttribute('http.request.id', String(request.id)),
  })
  instrumentation.setTracerProvider(provider)
  const system = options.dialect === 'postgres' ? 'postgresql' : 'sqlite'

  const observeQuery: QueryObserver = (query, run) => {
    const operation = operationOf(query.sql)
    return tracer.startActiveSpan(`${operation} ${system}`, { kind: SpanKind.CLIENT, attributes: { 'db.system.name': system, 'db.operation.name': operation, 'db.query.text': query.sql } }, (span) => endingSpan(span, run))
  }

  const observeTask: TaskAttemptObserver = <T extends string>(task: ObservedTask, attempt: () => Promise<T>): Promise<T> => {
    const attributes = { 'task.id': task.id, 'task.type': task.type, 'task.attempt': task.attempts }
    // A root span: a task is not part of whatever request or poll happened to wake the worker.
    return tracer.startActiveSpan(`task ${task.type}`, { kind: SpanKind.CONSUMER, attributes, root: true }, ROOT_CONTEXT, (span) =>
      endingSpan(span, async () => {
        const outcome = await attempt()
        span.setAttribute('task.outcome', outcome)
        if (outcome === 'failed') span.setStatus({ code: SpanStatusCode.ERROR })
        return outcome
      }))
  }

  return {
    fastifyPlugin: instrumentation.plugin() as unknown as FastifyPluginCallback,
    observeQuery,
    observeTask,
    shutdown: () => provider.shutdown(),
  }
}

/** Runs `work` in `span` and ends it; a throw is recorded on the span (status ERROR) and rethrown. */
async function endingSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    span.recordException(error as Error)
    span.setStatus({ code: SpanStatusCode.ERROR })
    throw error
  } finally {
    span.end()
  }
}
