import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { ObservedTask, TaskAttemptObserver } from '../../shared/observability.ts'

/** Route label of a request no route matched (a 404): never the raw URL, whose ids and typos would be unbounded. */
export const UNMATCHED_ROUTE = 'unmatched'

/** Connection-pool figures of the database, read on scrape. */
export interface PoolStats {
  /** connections open (SQLite: its one connection) */
  total: number
  /** open and not in use; undefined when the driver does not say (SQLite) */
  idle?: number
  /** queries waiting for a connection; undefined when the driver does not say (SQLite) */
  waiting?: number
}

/** What is read only when Prometheus scrapes: tasks by status (queued, running), the pool. */
export interface ScrapeSources {
  /** counts of tasks by status; may reject (the gauge then keeps its last value and the scrape goes on) */
  taskCounts?: () => Promise<Record<string, number>>
  pool?: () => PoolStats
}

/** Latency buckets, seconds: 1 ms to 10 s. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/**
 * The Prometheus metrics of one app, in a registry of its own (never prom-client's global one:
 * tests build many apps in one process). Every series carries the label `instance_id`, so a
 * Prometheus that scrapes every instance can `sum without (instance_id)` (Prometheus's own
 * `instance` target label is left to it).
 *
 * Series (names as Prometheus shows them):
 * - `http_request_duration_seconds` (histogram) and `http_requests_total` by `method`, `route`
 *   (the route template, `unmatched` for 404s) and `status_code`;
 * - `rate_limit_rejections_total` by `policy` (anonymous, member, premium, staff, login, register);
 * - `response_cache_requests_total` by `route` and `result` (`hit`, `miss`);
 * - `load_shed_total` by `reason` (`eventLoopDelay`, `heapUsedBytes`, `eventLoopUtilization`: an under-pressure
 *   threshold; `turnDelay`: the adaptive share; `turnBudget`: the turn budget; `inFlight`: the in-flight cap), and the gauges
 *   `load_shed_share` (adaptive shedding on) and `http_requests_in_flight` (in-flight cap on);
 * - `task_attempts_total` by `type` and `outcome` (completed, failed, retry, released, lost; error when the database failed while recording) and
 *   `task_attempt_duration_seconds`;
 * - `tasks` (gauge) by `status` (queued, running), counted on scrape;
 * - `db_pool_connections` (gauge) by `state` (total, idle, waiting), read on scrape;
 * - prom-client's default process and Node.js metrics (CPU, memory, GC, handles,
 *   `nodejs_eventloop_lag_*` seconds).
 * @see https://github.com/siimon/prom-client#readme, https://prometheus.io/docs/practices/naming/
 */
export class AppMetrics {
  readonly registry = new Registry()
  private readonly requestDuration: Histogram<'method' | 'route' | 'status_code'>
  private readonly requests: Counter<'method' | 'route' | 'status_code'>
  private readonly rateLimitRejections: Counter<'policy'>
  private readonly cacheRequests: Counter<'route' | 'result'>
  private readonly shed: Counter<'reason'>
  private readonly taskAttempts: Counter<'type' | 'outcome'>
  private readonly taskDuration: Histogram<'type'>

  /**
   * @param instanceId the value of the `instance_id` label (`INSTANCE_ID`, else host:pid)
   * @param sources what to read on each scrape
   */
  constructor(instanceId: string, sources: ScrapeSources = {}) {
    const registers = [this.registry]
    this.registry.setDefaultLabels({ instance_id: instanceId })
    collectDefaultMetrics({ register: this.registry })
    this.requestDuration = new Histogram({ name: 'http_request_duration_seconds', help: 'Time from the request to its response being sent, seconds', labelNames: ['method', 'route', 'status_code'], buckets: DURATION_BUCKETS, registers })
    this.requests = new Counter({ name: 'http_requests_total', help: 'Requests answered', labelNames: ['method', 'route', 'status_code'], registers })
    this.rateLimitRejections = new Counter({ name: 'rate_limit_rejections_total', help: 'Requests refused with 429 by a rate-limit policy', labelNames: ['policy'], registers })
    this.cacheRequests = new Counter({ name: 'response_cache_requests_total', help: 'Look-ups of the server-side response cache that answered (hit) or ran the handler (miss)', labelNames: ['route', 'result'], registers })
    this.shed = new Counter({ name: 'load_shed_total', help: 'Requests refused with 503 because the instance was overloaded', labelNames: ['reason'], registers })
    this.taskAttempts = new Counter({ name: 'task_attempts_total', help: 'Background-task attempts run by this instance, by how they ended', labelNames: ['type', 'outcome'], registers })
    this.taskDuration = new Histogram({ name: 'task_attempt_duration_seconds', help: 'Duration of background-task attempts, seconds', labelNames: ['type'], buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300], registers })

    const { taskCounts, pool } = sources
    if (taskCounts) {
      new Gauge({
        name: 'tasks',
        help: 'Background tasks in the shared task table by status (queued, running), read on scrape',
        labelNames: ['status'],
        registers,
        async collect() {
          const counts = await taskCounts().catch(() => undefined)
          if (counts === undefined) return
          for (const status of ['queued', 'running']) this.set({ status }, counts[status] ?? 0)
        },
      })
    }
    if (pool) {
      new Gauge({
        name: 'db_pool_connections',
        help: 'Database connections by state (total, idle, waiting = queries waiting for one), read on scrape; SQLite has one connection and reports total only',
        labelNames: ['state'],
        registers,
        collect() {
          const stats = pool()
          this.set({ state: 'total' }, stats.total)
          if (stats.idle !== undefined) this.set({ state: 'idle' }, stats.idle)
          if (stats.waiting !== undefined) this.set({ state: 'waiting' }, stats.waiting)
        },
      })
    }
  }

  /**
   * Records one answered request.
   * @param route the route template (`/api/v1/books/:id`), or undefined for an unmatched request
   * @param durationMs milliseconds from the request to the response
   */
  observeRequest(method: string, route: string | undefined, statusCode: number, durationMs: number): void {
    const labels = { method, route: route ?? UNMATCHED_ROUTE, status_code: String(statusCode) }
    this.requests.inc(labels)
    this.requestDuration.observe(labels, durationMs / 1000)
  }

  /** Counts a 429 of the named policy. */
  rateLimited(policy: string): void {
    this.rateLimitRejections.inc({ policy })
  }

  /** Counts a response-cache look-up by its route template. */
  cacheLookup(route: string, result: 'hit' | 'miss'): void {
    this.cacheRequests.inc({ route, result })
  }

  /**
   * Reads the load-shedding state on each scrape: `load_shed_share` (gauge, 0–1, the share of
   * shed-able requests the adaptive rule refuses now) and `http_requests_in_flight` (gauge,
   * requests admitted and not yet answered), each when its rule is on. Called once, by the
   * load-shedding plugin.
   */
  observeShedding(read: () => { share: number; inFlight: number }, rules: { share: boolean; inFlight: boolean }): void {
    const registers = [this.registry]
    if (rules.share) new Gauge({ name: 'load_shed_share', help: 'Share of shed-able requests refused with 503 by the adaptive rule now, 0-1', registers, collect() { this.set(read().share) } })
    if (rules.inFlight) new Gauge({ name: 'http_requests_in_flight', help: 'Requests admitted and not yet answered (SHED_MAX_IN_FLIGHT on)', registers, collect() { this.set(read().inFlight) } })
  }

  /** Counts a request refused by load shedding, by what was over its threshold. */
  loadShed(reason: string): void {
    this.shed.inc({ reason })
  }

  /** Counts every task attempt by its outcome and times it. */
  readonly observeTask: TaskAttemptObserver = async <T extends string>(task: ObservedTask, attempt: () => Promise<T>): Promise<T> => {
    const stop = this.taskDuration.startTimer({ type: task.type })
    try {
      const outcome = await attempt()
      if (outcome !== 'skipped') this.taskAttempts.inc({ type: task.type, outcome })
      return outcome
    } catch (error) {
      this.taskAttempts.inc({ type: task.type, outcome: 'error' })
      throw error
    } finally {
      stop()
    }
  }

  /** The exposition: `text/plain; version=0.0.4` (see {@link contentType}). */
  scrape(): Promise<string> {
    return this.registry.metrics()
  }

  /** The exposition's media type. */
  get contentType(): string {
    return this.registry.contentType
  }
}
