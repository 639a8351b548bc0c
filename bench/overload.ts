/**
 * The overload section (issue 11): what load shedding buys. On one SQLite database holding the
 * catalog, W1 uncached with pages of 100 books (the CPU-bound list page) is measured at the normal connection count —
 * the capacity — then at 4× the connections, once with shedding off and once with it on
 * (`SHED_TARGET_DELAY=30` and the service's other defaults, see {@link sheddingSettings}). Shed answers are 503 with
 * `Retry-After`; autocannon's latency counts every answer, 503s included.
 */
import type { Options, Result } from 'autocannon'
import { EnvSchema } from '../src/config.ts'
import type { ServerProcess } from './proc.ts'
import { workloadOptions, type WorkloadContext } from './workloads.ts'

/** One measured run of the section. */
export interface OverloadRun {
  connections: number
  /**
   * requests per second autocannon sends in all (`overallRate`), whatever the answers take: the
   * clients' arrival rate, with latency counted from when each request was due (autocannon
   * corrects for coordinated omission), so that a queue shows as the latency it adds; absent
   * when each connection sends its next request as soon as it has its answer (a closed loop)
   */
  rate?: number
  shedding: 'off' | 'on'
  reqPerSec: number
  /** 2xx answers per second */
  okPerSec: number
  /** milliseconds, every answer */
  p50: number
  /** milliseconds, every answer */
  p99: number
  /** milliseconds, every answer */
  max: number
  total: number
  shed503: number
  /** share of answers that were 503, 0–1 */
  shedShare: number
  errors: number
  timeouts: number
}

/** The figures of the section. */
export interface OverloadFigures {
  capacity: OverloadRun
  off: OverloadRun
  on: OverloadRun
  /** clients arriving at 4× the capacity's rate (`rate`), shedding off */
  rateOff: OverloadRun
  /** the same, shedding on */
  rateOn: OverloadRun
  /** the thresholds of the `on` run, as the server got them */
  settings: Record<string, string>
}

/** What the section needs from bench/run.ts. */
export interface OverloadHost {
  /** starts the API on the bench's SQLite database (catalog imported, cache off) with these settings */
  start(name: string, env: Record<string, string>): Promise<ServerProcess>
  stop(server: ServerProcess): Promise<string>
  run(options: Options): Promise<Result>
  log(message: string): void
  connections: number
  duration: number
  warmup: number
}

/**
 * W1's page size here: pages of 100 books cost the server about 4× a page of 20, not the load
 * generator (it does not parse bodies), so one load-generator core can offer 4× the capacity —
 * with pages of 20, 4× the capacity's rate (20,000 req/s) was more than autocannon could send,
 * and its own lag showed as latency.
 */
const PER_PAGE = 100

/** W1 needs no account: its context is empty. */
const W1_CONTEXT: WorkloadContext = { bookIds: [], borrowable: [], librarian: { username: '', password: '', token: '' }, members: [{ username: '', password: '', token: '' }] }

/**
 * The shedding settings of the `on` run: the adaptive share at `SHED_TARGET_DELAY=30` (off by
 * default in the service) and the service's other defaults (under-pressure ceiling at
 * `SHED_MAX_EVENT_LOOP_DELAY`), `Retry-After: 1`;
 * BENCH_SHED_TARGET, BENCH_SHED_MAX_IN_FLIGHT, BENCH_SHED_DELAY and BENCH_SHED_INTERVAL override them.
 */
export function sheddingSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const given = { SHED_TARGET_DELAY: env.BENCH_SHED_TARGET, SHED_MAX_IN_FLIGHT: env.BENCH_SHED_MAX_IN_FLIGHT, SHED_MAX_EVENT_LOOP_DELAY: env.BENCH_SHED_DELAY, SHED_SAMPLE_INTERVAL: env.BENCH_SHED_INTERVAL }
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(given)) out[key] = value ?? (key === 'SHED_TARGET_DELAY' ? '30' : String((EnvSchema.properties[key as keyof typeof given] as { default?: unknown }).default))
  return { ...out, SHED_RETRY_AFTER: '1' }
}

async function measureRun(host: OverloadHost, server: ServerProcess, connections: number, shedding: 'off' | 'on', rate?: number): Promise<OverloadRun> {
  const options = (duration: number) => ({ ...workloadOptions('W1', server.url, W1_CONTEXT, connections, duration, PER_PAGE), ...(rate ? { overallRate: rate } : {}) })
  await host.run(options(host.warmup))
  const result = await host.run(options(host.duration))
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]))
  const ok = Object.entries(codes).reduce((sum, [code, n]) => sum + (code.startsWith('2') ? n : 0), 0)
  const shed503 = codes['503'] ?? 0
  const answered = Object.values(codes).reduce((sum, n) => sum + n, 0)
  const run: OverloadRun = {
    connections,
    ...(rate ? { rate } : {}),
    shedding,
    reqPerSec: result.requests.average,
    okPerSec: ok / host.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    total: result.requests.total,
    shed503,
    shedShare: answered === 0 ? 0 : shed503 / answered,
    errors: result.errors,
    timeouts: result.timeouts,
  }
  host.log(
    `overload: ${connections} connections${rate ? ` at ${rate} req/s` : ''}, shedding ${shedding}: ${Math.round(run.reqPerSec)} req/s (${Math.round(run.okPerSec)} 2xx/s), ` +
      `p50 ${run.p50} ms, p99 ${run.p99} ms, max ${run.max} ms, 503 ${(run.shedShare * 100).toFixed(1)}%, errors ${run.errors}, timeouts ${run.timeouts}`,
  )
  return run
}

/**
 * Runs the section: the capacity (the normal connection count, closed loop); 4× the connections
 * (closed loop), without and with shedding; then clients arriving at 4× the capacity's rate over
 * {@link RATE_CONNECTIONS_FACTOR}× the connections, without and with shedding. A closed loop
 * cannot overload a server for long (each connection waits for its answer, so the queue is at
 * most the connection count); clients arriving at a rate can, and without shedding the latency
 * then grows for as long as they keep coming.
 */
export async function runOverloadBench(host: OverloadHost, env: NodeJS.ProcessEnv): Promise<OverloadFigures> {
  const overload = host.connections * 4
  const settings = sheddingSettings(env)
  const plain = await host.start('api (overload, shedding off)', { SHED_MAX_EVENT_LOOP_DELAY: '0', SHED_TARGET_DELAY: '0', SHED_MAX_IN_FLIGHT: '0' })
  let capacity: OverloadRun
  let off: OverloadRun
  let rateOff: OverloadRun
  let rate: number
  try {
    capacity = await measureRun(host, plain, host.connections, 'off')
    rate = Math.round(capacity.reqPerSec * 4)
    off = await measureRun(host, plain, overload, 'off')
    rateOff = await measureRun(host, plain, host.connections * RATE_CONNECTIONS_FACTOR, 'off', rate)
  } finally {
    await host.stop(plain)
  }
  const shedding = await host.start('api (overload, shedding on)', settings)
  try {
    const on = await measureRun(host, shedding, overload, 'on')
    const rateOn = await measureRun(host, shedding, host.connections * RATE_CONNECTIONS_FACTOR, 'on', rate)
    return { capacity, off, on, rateOff, rateOn, settings }
  } finally {
    await host.stop(shedding)
  }
}

/**
 * Connections of the arrival-rate runs, per connection of the capacity run: enough that the rate,
 * not the connections, sets the load — each connection sends every `connections / rate` seconds
 * (1,000 connections at 4× a capacity of 2,400 req/s: every 104 ms), and a connection whose
 * answers take longer than that falls behind its schedule, which autocannon counts as latency.
 * With 8× (400), answers shed in 20–30 ms still left connections behind.
 */
export const RATE_CONNECTIONS_FACTOR = 20
