/**
 * The overload section (issue 11): what load shedding buys. On an SQLite database of its own, holding the
 * catalog alone, the catalog search ({@link searchOptions}: an author substring, 1.5–2.5 ms of the
 * server per request) is measured at the normal connection count — the capacity — then under 4×
 * overload, once with shedding off and once with it on (`SHED_TARGET_DELAY=50` and the service's
 * other defaults, see {@link sheddingSettings}). Shed answers are 503 with `Retry-After`; latency
 * counts every answer, 503s included.
 *
 * Why a search and not a list page: a 503 costs the server about 0.08 ms (HTTP parsing, routing,
 * the problem's JSON). At 4× the rate of a 0.5 ms list page (8,000 req/s), refusing three in four
 * took about 90 % of the core by itself, and even with 94 % shed the latency grew for as long as
 * the run lasted (measured). Shedding protects requests that cost much more than a refusal; under
 * a flood of cheap requests the answer is in front of the instance (nginx `limit_req`, several
 * instances).
 */
import { readFileSync } from 'node:fs'
import type { Instance, Options, Result } from 'autocannon'
import * as hdr from 'hdr-histogram-js'
import { EnvSchema } from '../src/config.ts'
import type { ServerProcess } from './proc.ts'
import { searchOptions } from './workloads.ts'

/** One measured run of the section. */
export interface OverloadRun {
  connections: number
  /**
   * requests per second the clients offer in all (autocannon `overallRate`: each connection may send
   * `rate / connections` a second); absent when each connection sends its next request as soon as
   * it has its answer (a closed loop)
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
  /** arrival-rate runs: p99 (milliseconds) of the answers in the first and in the second half of the run */
  p99Halves?: [number, number]
  /** arrival-rate runs: p99 (milliseconds) of the answers of each second of the run, null for a second without answers */
  p99BySecond?: Array<number | null>
  /**
   * arrival-rate runs: requests sent over the requests offered (`rate × duration`): a connection
   * waiting for its answer does not send, so below 1 the clients queue on their side (a little
   * over 1: a connection gets its quota at the start of each second begun, the last one included)
   */
  sentShare?: number
  /**
   * connection attempts the kernel dropped because the server's accept queue was full (Linux
   * `TcpExt: ListenOverflows` over the run, all listeners of the machine): a client whose SYN was
   * dropped retries after 1 s, then 3 s, 7 s…, and autocannon counts that wait in the latency of the
   * connection's first request (it writes the request before the connection is established)
   */
  listenOverflows?: number
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
  /** starts autocannon: the instance is the run's result (a promise) and emits every answer */
  run(options: Options): Instance
  log(message: string): void
  connections: number
  duration: number
  warmup: number
}

/**
 * The shedding settings of the `on` run: the adaptive share at `SHED_TARGET_DELAY=50` (off by
 * default in the service) and the service's other defaults (under-pressure ceiling at
 * `SHED_MAX_EVENT_LOOP_DELAY`), `Retry-After: 1`;
 * BENCH_SHED_TARGET, BENCH_SHED_MAX_IN_FLIGHT, BENCH_SHED_DELAY and BENCH_SHED_INTERVAL override them.
 */
export function sheddingSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const given = { SHED_TARGET_DELAY: env.BENCH_SHED_TARGET, SHED_MAX_IN_FLIGHT: env.BENCH_SHED_MAX_IN_FLIGHT, SHED_MAX_EVENT_LOOP_DELAY: env.BENCH_SHED_DELAY, SHED_SAMPLE_INTERVAL: env.BENCH_SHED_INTERVAL }
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(given)) out[key] = value ?? (key === 'SHED_TARGET_DELAY' ? '50' : String((EnvSchema.properties[key as keyof typeof given] as { default?: unknown }).default))
  return { ...out, SHED_RETRY_AFTER: '1' }
}

/** Linux's count of connections dropped at a full accept queue (`/proc/net/netstat`, TcpExt), or undefined elsewhere. */
function listenOverflows(): number | undefined {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((line) => line.startsWith('TcpExt:'))
    const [names, values] = lines.map((line) => line.trim().split(/\s+/))
    const index = names?.indexOf('ListenOverflows') ?? -1
    return index > 0 && values ? Number(values[index]) : undefined
  } catch {
    return undefined
  }
}

/** Milliseconds between the warm-up and the measured runs: the server answers what the warm-up left queued first. */
const DRAIN_MS = 2000

const histogram = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: 3 })

/** One histogram of the answers of seconds `[from, to)` of the run (milliseconds; a second without answers is a hole). */
function merged(perSecond: hdr.Histogram[], from = 0, to = perSecond.length): hdr.Histogram {
  const out = histogram()
  for (const second of perSecond.slice(from, to)) if (second) out.add(second)
  return out
}

/**
 * Records every answer's latency (from when its request was sent) of an arrival-rate run, by the
 * second of the run it came in. Each connection of such a run may send `rate / connections` requests a
 * second and sends the next when it has its answer: a connection that waits sends fewer, and the
 * requests it did not send are counted as the share of the offered rate that was sent
 * ({@link OverloadRun.sentShare}), not as latencies. autocannon's own correction for coordinated
 * omission is turned off: in autocannon 8 its expected interval is `Math.ceil(1 / rate)` — 1 ms
 * whatever the rate, where `1000 / rate` was meant — which recorded a synthetic answer for every
 * millisecond an answer took (a 10 s answer became 10,000 samples) and kept the load generator's
 * core busy (measured: autocannon at 100 % of its core while the server idled at 1 %).
 * @param run one autocannon run (its 'response' events)
 * @param perSecond where the latencies are recorded, one histogram per second (several runs may share it)
 * @see https://github.com/HdrHistogram/HdrHistogramJS
 */
function recordLatency(run: Instance, perSecond: hdr.Histogram[]): void {
  const started = performance.now()
  run.on('response', (_client, _status, _bytes, responseTime) => {
    ;(perSecond[Math.floor((performance.now() - started) / 1000)] ??= histogram()).recordValue(Math.max(1, Math.round(responseTime)))
  })
}

/**
 * autocannon runs of an arrival-rate measurement, started a fraction of a second apart. A rate-limited
 * autocannon connection may send its quota of a second when a timer of its own fires, and one
 * run starts all its connections' timers at once: 1,000 connections then arrive together once a
 * second, a herd no server answers quickly. Ten runs of a tenth of the connections and of the
 * rate, started 100 ms apart, spread the arrivals over the second.
 */
const STAGGERED_RUNS = 10

/** Starts `runs` autocannon runs `1000 / runs` ms apart; resolves with each one's result. */
async function staggered(host: OverloadHost, runs: number, options: Options, onStart?: (job: Instance) => void): Promise<Result[]> {
  const jobs: Array<Promise<Result>> = []
  for (let i = 0; i < runs; i++) {
    if (i > 0) await new Promise((resolveDelay) => setTimeout(resolveDelay, 1000 / runs))
    const job = host.run(options)
    onStart?.(job)
    jobs.push(Promise.resolve(job))
  }
  return Promise.all(jobs)
}

async function measureRun(host: OverloadHost, server: ServerProcess, connections: number, shedding: 'off' | 'on', rate?: number): Promise<OverloadRun> {
  const runs = rate ? STAGGERED_RUNS : 1
  const options = (duration: number): Options => ({
    ...searchOptions(server.url, connections / runs, duration),
    ...(rate ? { overallRate: rate / runs, ignoreCoordinatedOmission: true } : {}),
  })
  await staggered(host, runs, options(host.warmup))
  await new Promise((resolveDelay) => setTimeout(resolveDelay, DRAIN_MS))
  const overflowsBefore = listenOverflows()
  const perSecond: hdr.Histogram[] | undefined = rate ? [] : undefined
  const results = await staggered(host, runs, options(host.duration), (job) => {
    if (perSecond) recordLatency(job, perSecond)
  })
  const overflowsAfter = listenOverflows()
  const all = perSecond && merged(perSecond)
  const latency = all ? { p50: all.getValueAtPercentile(50), p99: all.getValueAtPercentile(99), max: all.maxValue } : (results[0] as Result).latency
  const codes: Record<string, number> = {}
  for (const result of results) for (const [code, stats] of Object.entries(result.statusCodeStats)) codes[code] = (codes[code] ?? 0) + stats.count
  const sum = (of: (result: Result) => number) => results.reduce((total, result) => total + of(result), 0)
  const ok = Object.entries(codes).reduce((total, [code, n]) => total + (code.startsWith('2') ? n : 0), 0)
  const shed503 = codes['503'] ?? 0
  const answered = Object.values(codes).reduce((total, n) => total + n, 0)
  const run: OverloadRun = {
    connections,
    ...(rate ? { rate } : {}),
    shedding,
    reqPerSec: sum((result) => result.requests.average),
    okPerSec: ok / host.duration,
    p50: latency.p50,
    p99: latency.p99,
    max: latency.max,
    ...(perSecond
      ? {
          p99BySecond: Array.from(perSecond, (h) => (h ? h.getValueAtPercentile(99) : null)),
          p99Halves: [merged(perSecond, 0, host.duration / 2), merged(perSecond, host.duration / 2)].map((h) => h.getValueAtPercentile(99)) as [number, number],
        }
      : {}),
    ...(overflowsBefore !== undefined && overflowsAfter !== undefined ? { listenOverflows: overflowsAfter - overflowsBefore } : {}),
    total: sum((result) => result.requests.total),
    // autocannon 8 counts, for each connection, its rate of requests as sent before it listens to
    // the connection, where one was (lib/run.js: `totalRequests += url.rate`): rate − connections too many
    ...(rate ? { sentShare: (sum((result) => result.requests.sent) - (rate - connections)) / (rate * host.duration) } : {}),
    shed503,
    shedShare: answered === 0 ? 0 : shed503 / answered,
    errors: sum((result) => result.errors),
    timeouts: sum((result) => result.timeouts),
  }
  if (perSecond) host.log(`p99 ms (answers) by second of the run: ${[...perSecond.entries()].map(([second, h]) => `${second}: ${h ? `${h.getValueAtPercentile(99)} (${h.totalCount})` : '— (0)'}`).join(', ')}`)
  host.log(
    `overload: ${connections} connections${rate ? ` at ${rate} req/s (${runs} runs ${1000 / runs} ms apart)` : ''}, shedding ${shedding}: ${Math.round(run.reqPerSec)} req/s (${Math.round(run.okPerSec)} 2xx/s), ` +
      `p50 ${run.p50} ms, p99 ${run.p99} ms${run.p99Halves ? ` (halves ${run.p99Halves.join(' → ')}, ${Math.round((run.sentShare ?? 0) * 100)} % of the offered requests sent)` : ''}, max ${run.max} ms, 503 ${(run.shedShare * 100).toFixed(1)}%, listen overflows ${run.listenOverflows ?? 'n/a'}, statuses ${JSON.stringify(codes)}, errors ${run.errors}, timeouts ${run.timeouts}`,
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
    // a first run warms the server (its JIT, SQLite's page cache): the capacity sets the rate of the overload runs
    await host.run(searchOptions(plain.url, host.connections, host.warmup + host.duration / 2))
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
 * not the connections, sets the load once requests are shed — each connection may send
 * `rate / connections` requests a second (1,000 connections at 4× a capacity of 550 req/s: about
 * 2 a second), and without shedding most of them wait for an answer instead (the share of the
 * offered requests sent shows it).
 */
export const RATE_CONNECTIONS_FACTOR = 20
