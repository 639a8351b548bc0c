import underPressure from '@fastify/under-pressure'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { AdmissionControl, type AdmissionState } from '../infra/load-shedding/admission.ts'
import { prepareProblem, sendProblem } from './errors.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The load-shedding state of this instance: `overloaded()` while it refuses requests for any
     * reason (an under-pressure threshold, the adaptive share, the in-flight cap — what
     * `/health/ready` reports), `state()` the adaptive share (0–1), requests in flight and the
     * queueing delay estimated from the event loop's turns (milliseconds).
     */
    loadShedding: { overloaded(): boolean; state(): AdmissionState }
  }
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

/** under-pressure's declared type of `pressureHandler`. */
type UnderPressureHandler = NonNullable<Parameters<typeof underPressure>[1]['pressureHandler']>

const isPlainProblemRef = (schema: unknown) =>
  typeof schema === 'object' && schema !== null && Object.keys(schema).length === 1 && (schema as { $ref?: unknown }).$ref === 'Problem#'

/** Options of the load-shedding plugin. */
export interface LoadSheddingOptions {
  shedding: Config['shedding']
  /** absolute base of problem `type` URIs, or '' (`PROBLEM_BASE_URL`) */
  problemBaseUrl: string
}

/**
 * Load shedding (api-contract §10): a request the instance cannot serve soon is answered at once,
 * in the first onRequest hooks — before rate limiting, the cache or any database work — with
 * 503 `unavailable` and `Retry-After` (seconds) instead of joining an ever longer queue. Three
 * rules, each off at 0:
 *
 * - `@fastify/under-pressure` thresholds, sampled every `sampleInterval` ms: mean event-loop
 *   delay (ms), event-loop utilization (0–1), V8 heap in use (bytes). Over one, **every**
 *   shed-able request is refused until the next sample: a ceiling for what the rules below do
 *   not catch (a heap about to run out, a loop stuck for a second).
 * - the adaptive share and turn budget (`targetDelay` ms) and the in-flight cap (`maxInFlight`) of
 *   {@link AdmissionControl}: only the excess is refused, so under overload the instance keeps
 *   serving about its capacity with a bounded delay.
 *
 * A refusal is sent directly (no thrown error, nothing logged: it is the expected answer of an
 * overloaded instance and must cost far less than the request it saves) and counted in
 * `load_shed_total` by reason (`eventLoopDelay`, `heapUsedBytes`, `eventLoopUtilization`,
 * `turnDelay`, `turnBudget`, `inFlight`). Routes declaring `config: { loadShedding: false }` are always answered,
 * and so is a request no route matches (its 404 costs less than a 503 would save).
 * Registered right after the error handler; documents the 503 with `Retry-After` on every
 * operation that may be shed; decorates `app.loadShedding` (the readiness check) besides
 * under-pressure's `app.isUnderPressure()`.
 * @see https://github.com/fastify/under-pressure#readme, RFC 9110 §15.6.4 (503), RFC 9457
 */
export default fp(
  async function loadSheddingPlugin(app: FastifyInstance, opts: LoadSheddingOptions) {
    const { maxEventLoopDelay, maxEventLoopUtilization, maxHeapUsedBytes, retryAfter, sampleInterval, targetDelay, maxInFlight } = opts.shedding
    const retryAfterValue = String(retryAfter)
    const refusal = new AppError('unavailable', 'The service is overloaded; retry shortly', { retry_after: retryAfter }, { 'retry-after': retryAfterValue })
    const exempt = (request: FastifyRequest) => request.routeOptions.config.loadShedding === false || request.is404
    /** Answers a refused request with the problem, and counts it. */
    const refuse = (request: FastifyRequest, reply: FastifyReply, reason: string) => {
      app.metrics?.loadShed(reason)
      return sendProblem(request, reply, refusal, opts.problemBaseUrl)
    }

    await app.register(underPressure, {
      maxEventLoopDelay,
      maxEventLoopUtilization,
      maxHeapUsedBytes,
      sampleInterval,
      // under-pressure calls next() when this returns nothing, and sends any other value that is not a
      // promise with reply.send (its README; its type says void, hence the cast): the request goes no further.
      pressureHandler: ((request: FastifyRequest, reply: FastifyReply, type: string) => {
        if (exempt(request)) return undefined
        app.metrics?.loadShed(type)
        return prepareProblem(request, reply, refusal, opts.problemBaseUrl)
      }) as unknown as UnderPressureHandler,
    })

    const admission = new AdmissionControl({ targetDelayMs: targetDelay, maxInFlight })
    app.decorate('loadShedding', {
      overloaded: () => app.isUnderPressure() || admission.shedding(),
      state: () => admission.state(),
    })
    if (admission.enabled) {
      app.addHook('onRequest', (request, reply, done) => {
        admission.seen()
        if (exempt(request)) return done()
        const refused = admission.admit()
        if (refused !== null) {
          refuse(request, reply, refused)
          return // answered: the request goes no further
        }
        // 'close' comes once whatever the end: the response finished, or the connection was lost first.
        if (admission.countsInFlight) reply.raw.once('close', () => admission.release())
        done()
      })
      app.metrics?.observeShedding(() => admission.state(), { share: targetDelay > 0, inFlight: admission.countsInFlight })
    }

    app.addHook('onRoute', (route: RouteOptions) => {
      if (!route.schema || route.schema.hide || route.config?.loadShedding === false) return
      const response = (route.schema.response ??= {}) as Record<string, unknown>
      if (response[503] === undefined || isPlainProblemRef(response[503])) response[503] = unavailableResponse()
    })
  },
  { name: 'load-shedding', dependencies: ['errors'] },
)
