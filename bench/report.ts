/**
 * Turns the measurements of one run into BENCHMARKS.json and BENCHMARKS.md: the tables, the
 * ratios to the raw baseline and the targets of the benchmark issue, met or missed.
 */
import type { OverloadFigures } from './overload.ts'
import { type ExportLoop, median, percentile, type TaskFigures } from './tasks.ts'
import { SEARCH_REQUEST, WORKLOAD_TITLES, type WorkloadId } from './workloads.ts'

/** One measured workload on one server. */
export interface Row {
  backend: 'sqlite' | 'postgres'
  server: 'api' | 'raw'
  workload: WorkloadId
  /** `uncached` / `cached` for W1 (the server's CACHE_ENABLED), else the default */
  variant: string
  /** cluster workers (`serve --workers N`); undefined for a single process */
  workers?: number
  /** whether the server had a core to itself (taskset) */
  pinned: boolean
  /** autocannon: mean of the per-second samples */
  reqPerSec: number
  /** milliseconds */
  p50: number
  /** milliseconds */
  p99: number
  total: number
  non2xx: number
  /** connection errors and timeouts */
  errors: number
  timeouts: number
  statusCodes: Record<string, number>
  /** RSS of the server (all its processes) right after the workload, MB (10^6 bytes) */
  rssMb: number
  /** CPU time of the server over the measured window / wall time, % of one core */
  serverCpuPct: number
  /** CPU of the load generator over the same window, % of one core */
  loadgenCpuPct: number
  /** CPU of every PostgreSQL process over the window, % of one core (PostgreSQL runs only) */
  dbCpuPct?: number
  /** CPU of redis-server over the window, % of one core (when the server used Redis) */
  redisCpuPct?: number
}

/** W1–W3 on the API under one Node.js release (BENCH_COMPARE_NODE runs). */
export interface RuntimeRows {
  /** `process.version` of the server, e.g. `v26.12.1` */
  node: string
  rows: Row[]
}

/** A target of the issue and its verdict. */
export interface Target {
  name: string
  goal: string
  actual: string
  met: boolean | null
}

/** Everything one run produced. */
export interface Report {
  date: string
  commit: string
  machine: { cpu: string; cores: number; memoryGb: number; node: string; os: string }
  settings: { duration: number; warmup: number; connections: number; pinning: string; rateLimit: string }
  argon2: string
  /** what the probes saw in this build (rate-limit headers, X-Cache, token checks on W2's route) */
  features: Record<string, string>
  /** API vs raw: the same JSON? */
  parity: Record<string, string>
  shutdown: Record<string, string>
  notes: string[]
  rows: Row[]
  /** the task section, one entry per backend (bench/tasks.ts) */
  tasks?: TaskFigures[]
  /** the overload section (bench/overload.ts) */
  overload?: OverloadFigures
  /** the same W1–W3 under each Node.js release compared (BENCH_COMPARE_NODE), the servers' own first */
  runtimes?: RuntimeRows[]
  targets: Target[]
  elapsedSeconds: number
  complete: boolean
}

const find = (rows: Row[], q: Partial<Row>) => rows.find((r) => (Object.keys(q) as (keyof Row)[]).every((k) => r[k] === q[k]))

/** The targets of the benchmark issue (§2) from the SQLite rows, then those of the task issue (9) from the task section. */
export function evaluateTargets(rows: Row[], finalRssMb: number | undefined, tasks: TaskFigures[] = [], overload?: OverloadFigures): Target[] {
  const targets: Target[] = []
  if (rows.length > 0) targets.push(...requestTargets(rows, finalRssMb))
  for (const t of tasks) targets.push(...taskTargets(t))
  if (overload) targets.push(...overloadTargets(overload))
  return targets
}

/**
 * The targets of issue 11 (load shedding) from the overload section: with shedding on, p99 stays
 * within 2× the p99 at capacity under 4× the connections (closed loop), and under clients arriving
 * at 4× the capacity's rate it stays bounded — the p99 of the run's second half within 2× the p99
 * at capacity and no higher than the first half's (the first seconds, while the share rises, are
 * in the whole run's p99, shown too) — while 503s absorb the excess (without shedding, for
 * comparison, the queue's latency); and the 2xx throughput stays at least half the capacity (a
 * 503 costs the server CPU too).
 */
export function overloadTargets(o: OverloadFigures): Target[] {
  const bound = o.capacity.p99 * 2
  const r = o.rateOn
  return [
    {
      name: `p99 under 4× the connections (${o.on.connections}, closed loop), shedding on, all answers`,
      goal: `≤ 2 × p99 at capacity (${o.capacity.p99} ms → ≤ ${bound} ms); without shedding ${o.off.p99} ms`,
      actual: `${o.on.p99} ms`,
      met: o.on.p99 <= bound,
    },
    {
      name: `p99 with clients arriving at 4× capacity (${r.rate} req/s over ${r.connections} connections), shedding on, all answers: bounded`,
      goal: `second half of the run ≤ 2 × p99 at capacity (≤ ${bound} ms) and ≤ first half; without shedding ${halves(o.rateOff)}`,
      actual: `${halves(r)} (whole run ${r.p99} ms)`,
      met: r.p99Halves !== undefined && r.p99Halves[1] <= bound && r.p99Halves[1] <= r.p99Halves[0],
    },
    {
      name: 'share of 503 under 4× overload, shedding on',
      goal: '> 0 (the excess is shed, not queued)',
      actual: `${(o.on.shedShare * 100).toFixed(1)} % (4× connections), ${(r.shedShare * 100).toFixed(1)} % (4× arrival rate)`,
      met: o.on.shed503 > 0 && r.shed503 > 0,
    },
    {
      name: '2xx throughput under 4× overload, shedding on',
      goal: `≥ 0.5 × capacity (${Math.round(o.capacity.okPerSec)} 2xx/s)`,
      actual: `${Math.round(o.on.okPerSec)} 2xx/s (4× connections), ${Math.round(r.okPerSec)} 2xx/s (4× arrival rate)`,
      met: Math.min(o.on.okPerSec, r.okPerSec) >= 0.5 * o.capacity.okPerSec,
    },
  ]
}

/** `first → second half` p99 of an arrival-rate run */
const halves = (r: OverloadFigures['capacity']) => (r.p99Halves ? `${r.p99Halves[0]} → ${r.p99Halves[1]} ms` : `${r.p99} ms`)

/** The section `Overload` of the page. */
function renderOverload(o: OverloadFigures): string[] {
  const line = (name: string, r: OverloadFigures['capacity']) =>
    `| ${name} | ${r.connections} | ${r.rate ?? 'as answered'} | ${r.sentShare === undefined ? '—' : `${Math.round(r.sentShare * 100)} %`} | ${r.shedding} | ${Math.round(r.reqPerSec)} | ${Math.round(r.okPerSec)} | ${r.p50} | ${r.p99} | ${r.p99Halves ? r.p99Halves.join(' → ') : '—'} | ${r.max} | ${(r.shedShare * 100).toFixed(1)} % | ${r.errors + r.timeouts} | ${r.listenOverflows ?? '—'} |`
  return [
    '## Overload (load shedding)',
    '',
    `The catalog search on SQLite (${SEARCH_REQUEST}; 1.5–2.5 ms of the server each, 20–40× a 503), after a warm-up run. Shedding on: ${Object.entries(o.settings).map(([k, v]) => `\`${k}=${v}\``).join(', ')}. Latency counts every answer, 503s included, from when its request was sent.`,
    'The first three runs are closed loops (each connection sends its next request when it has its answer): their queue is at most the connection count.',
    'The last two have clients arriving at 4× the capacity\'s rate: autocannon `overallRate` over 1,000 connections, each sending up to its share of the rate a second, in ten runs started 100 ms apart (one run starts every connection\'s one-second timer at once: a herd). A connection waiting for its answer does not send, so "sent" is the share of the offered requests that went out at all; the p99 of the first and second half of the run shows whether the latency grows while the clients keep coming. autocannon\'s own coordinated-omission correction is off: in autocannon 8 it assumes 1 ms between two requests of a connection whatever the rate (`Math.ceil(1 / rate)`), adding a synthetic answer per millisecond of latency.',
    'A list page of 100 books (0.5 ms) did not work: at 4× its rate (8,000 req/s) refusing three in four took about 90 % of the core by itself, and the latency grew even with 94 % shed — under a flood of cheap requests, shed in front of the instance (nginx `limit_req`).',
    '',
    '| run | connections | offered req/s | sent | shedding | req/s | 2xx/s | p50 ms | p99 ms | p99 ms, 1st → 2nd half | max ms | 503 | errors | accept-queue drops |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    line('capacity', o.capacity),
    line('4× connections', o.off),
    line('4× connections', o.on),
    line('4× arrival rate', o.rateOff),
    line('4× arrival rate', o.rateOn),
    '',
    ...[o.rateOff, o.rateOn].filter((r) => r.p99BySecond).map((r) => `p99 ms by second of the 4× arrival-rate run, shedding ${r.shedding}: ${r.p99BySecond?.map((p) => p ?? '—').join(', ')}.`),
    '',
    '*accept-queue drops*: connection attempts the kernel dropped during the run because the server\'s accept queue was full (Linux `TcpExt: ListenOverflows`); such a client retries after 1 s, 3 s, 7 s…, and autocannon counts the wait in its first request\'s latency.',
    '',
  ]
}

/** `SQLite`, `PostgreSQL + Redis`… */
export const backendLabel = (t: Pick<TaskFigures, 'backend' | 'redis'>) => `${t.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'}${t.redis ? ' + Redis' : ''}`

const s2 = (x: number) => `${x.toFixed(2)} s`
const mb = (x: number) => `${x.toFixed(1)} MB`

/**
 * The targets of issue 9 on one backend: the HTTP import (≤ 3 s SQLite, ≤ 6 s PostgreSQL), the
 * export of 10,000 books (≤ 1 s), the RSS growth while exporting 100,000 (≤ 20 MB), the start
 * latency at rest (p95 ≤ 50 ms with BullMQ, ≤ 250 ms embedded) and W1/W2 during exports (≥ 0.95× alone).
 */
export function taskTargets(t: TaskFigures): Target[] {
  const where = backendLabel(t)
  const out: Target[] = []
  const importGoal = t.backend === 'sqlite' ? 3 : 6
  const imp = t.import
  out.push({
    name: `import of books.csv over HTTP, 202 → completed, median (${where})`,
    goal: `≤ ${importGoal} s`,
    actual: imp ? `${s2(median(imp.seconds))} (runs ${imp.seconds.map((x) => x.toFixed(2)).join(', ')})` : 'not measured',
    met: imp ? median(imp.seconds) <= importGoal : null,
  })
  const exp = t.export
  out.push({
    name: `catalog_export of ${exp ? exp.rows.toLocaleString('en-US') : '10,000'} books, create → completed, median (${where})`,
    goal: '≤ 1 s',
    actual: exp ? s2(median(exp.seconds)) : 'not measured',
    met: exp ? median(exp.seconds) <= 1 : null,
  })
  const large = t.large
  out.push({
    name: `server RSS growth exporting ${large ? large.books.toLocaleString('en-US') : '100,000'} books (${where})`,
    goal: '≤ 20 MB',
    actual: large ? `${mb(large.growthMb)} (${large.baselineMb.toFixed(0)} → ${large.peakMb.toFixed(0)} MB)` : 'not measured',
    met: large ? large.growthMb <= 20 : null,
  })
  const lat = t.latency
  const bull = t.taskBackend === 'bullmq'
  const latencyGoal = bull ? 50 : 250
  out.push({
    name: `task start latency at rest, started_at − created_at, p95 (${where}, ${bull ? 'BullMQ' : 'embedded worker'})`,
    goal: `≤ ${latencyGoal} ms`,
    actual: lat ? `${percentile(lat.serverMs, 95)} ms (median ${median(lat.serverMs)} ms)` : 'not measured',
    met: lat ? percentile(lat.serverMs, 95) <= latencyGoal : null,
  })
  if (t.redis && !bull) {
    out.push({
      name: `task start latency at rest, p95 (${where}, BullMQ)`,
      goal: '≤ 50 ms',
      actual: 'not measured: REDIS_URL was set but this build ran the tasks on the embedded worker (no BullMQ keys in Redis)',
      met: null,
    })
  }
  const variants: Array<[string, Row[] | undefined]> = [['in the server process', t.reads?.during]]
  if (t.reads?.duringWorker || !t.reads) variants.push(['in `library-api worker`', t.reads?.duringWorker])
  for (const [how, rows] of variants) {
    for (const workload of ['W1', 'W2'] as const) {
      const alone = t.reads?.alone.find((r) => r.workload === workload)
      const during = rows?.find((r) => r.workload === workload)
      // An export (a worker process, or the server's export thread) on the load generator's core
      // slows autocannon: no verdict on the server then.
      const unfair = rows === t.reads?.duringWorker ? t.reads?.workerSharesLoadCore === true : t.reads?.exportSharesLoadCore === true
      out.push({
        name: `${workload} req/s while catalog_export runs back to back ${how} (${where})`,
        goal: '≥ 0.95× alone',
        actual: alone && during
          ? `${(during.reqPerSec / alone.reqPerSec).toFixed(2)}× (${n0(during.reqPerSec)} vs ${n0(alone.reqPerSec)})${unfair ? ' — no verdict: the export shared the load generator\'s core' : ''}`
          : 'not measured',
        met: alone && during && !unfair ? during.reqPerSec / alone.reqPerSec >= 0.95 : null,
      })
    }
  }
  return out
}

/**
 * Issue 10, "audit writes and EdDSA verification must not cost the hot paths": W2 with EdDSA
 * signing keys (`JWT_KEYS`: Ed25519) over W2 with HS256 on a process started alike, and W5 with the audit log (the default)
 * over W5 with `AUDIT_LOG=false`, each pair on the same database in the same run; goal ≥ 0.95
 * (within 5 %). Ratios of req/s, shown with three decimals: the goal is a few per cent.
 */
export function securityCostTargets(rows: Row[]): Target[] {
  const sqliteApi = (workload: WorkloadId, variant: string) => find(rows, { backend: 'sqlite', server: 'api', workload, variant, workers: undefined })
  const pairs: Array<[string, Row | undefined, Row | undefined, string]> = [
    ['W2 EdDSA / W2 HS256 req/s (EdDSA signing keys on an authenticated read)', sqliteApi('W2', 'EdDSA'), sqliteApi('W2', 'HS256 own process') ?? sqliteApi('W2', 'default'), 'W2 with HS256 on a process started alike'],
    ['W5 audit on / W5 audit off req/s (the audit row of a login)', sqliteApi('W5', 'audit on') ?? sqliteApi('W5', 'default'), sqliteApi('W5', 'audit off'), 'W5 with AUDIT_LOG=false on a process started alike'],
  ]
  return pairs.map(([name, measured, baseline, of]) => {
    const goal = `≥ 0.95× ${of} (within 5 %)`
    if (!measured || !baseline) return { name, goal, actual: 'not measured', met: null }
    const ratio = measured.reqPerSec / baseline.reqPerSec
    return { name, goal, actual: `${ratio.toFixed(3)}× (${n0(measured.reqPerSec)} / ${n0(baseline.reqPerSec)} req/s)`, met: ratio >= 0.95 }
  })
}

function requestTargets(rows: Row[], finalRssMb: number | undefined): Target[] {
  const targets: Target[] = []
  const base = { backend: 'sqlite' as const, workers: undefined }
  const pairs: Array<[string, Partial<Row>, WorkloadId, number]> = [
    ['W1 uncached', { workload: 'W1', variant: 'uncached' }, 'W1', 0.8],
    ['W1 cached', { workload: 'W1', variant: 'cached' }, 'W1', 2],
    ['W2', { workload: 'W2', variant: 'default' }, 'W2', 0.6],
    ['W3', { workload: 'W3' }, 'W3', 0.6],
  ]
  for (const [name, q, rawWorkload, goal] of pairs) {
    const api = find(rows, { ...base, server: 'api', ...q })
    const raw = find(rows, { ...base, server: 'raw', workload: rawWorkload })
    if (!api || !raw) {
      targets.push({ name: `${name} req/s`, goal: `≥ ${goal}× raw`, actual: 'not measured', met: null })
      continue
    }
    const ratio = api.reqPerSec / raw.reqPerSec
    targets.push({ name: `${name} req/s`, goal: `≥ ${goal}× raw`, actual: `${ratio.toFixed(2)}×`, met: ratio >= goal })
    targets.push({ name: `${name} p99`, goal: `≤ 2× raw p99 (${raw.p99} ms)`, actual: `${api.p99} ms`, met: api.p99 <= 2 * raw.p99 })
  }
  targets.push(...securityCostTargets(rows))
  const sqliteApi = rows.filter((r) => r.backend === 'sqlite' && r.workers === undefined)
  const failing = sqliteApi.filter((r) => r.non2xx > 0 || r.errors > 0 || r.total === 0)
  targets.push({
    name: 'zero non-2xx',
    goal: '0 non-2xx, 0 errors, every SQLite workload',
    actual: failing.length
      ? failing.map((r) => `${r.server} ${label(r)}: ${r.total === 0 ? 'no response at all' : `${r.non2xx} non-2xx, ${r.errors} errors`}`).join('; ')
      : '0',
    met: sqliteApi.length ? failing.length === 0 : null,
  })
  targets.push({
    name: 'server RSS at the end (1 s after the last workload; MB = 10^6 bytes)',
    goal: '≤ 150 MB',
    actual: finalRssMb === undefined ? 'not measured' : `${finalRssMb.toFixed(0)} MB`,
    met: finalRssMb === undefined ? null : finalRssMb <= 150,
  })
  return targets
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US')
const verdict = (met: boolean | null) => (met === null ? '—' : met ? 'met' : '**missed**')

function rowCells(r: Row): string[] {
  return [
    n0(r.reqPerSec),
    String(r.p50),
    String(r.p99),
    n0(r.non2xx),
    n0(r.errors),
    r.rssMb.toFixed(0),
    `${r.serverCpuPct.toFixed(0)}%`,
    `${r.loadgenCpuPct.toFixed(0)}%`,
  ]
}

const pct = (x: number | undefined) => (x === undefined ? '—' : `${x.toFixed(0)}%`)
const label = (r: Row) => `${r.workload}${r.variant === 'default' ? '' : ` ${r.variant}`}`

function table(header: string[], lines: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n')
}

const ms0 = (x: number) => `${Math.round(x)} ms`

/** The section `Background tasks` of the page: one table per backend. */
function renderTasks(tasks: TaskFigures[]): string[] {
  const out: string[] = ['## Background tasks', '']
  out.push(
    'Each backend on servers of its own (cache on, `IMPORT_ON_START=false`), pinned as above; a task is polled every ' +
      `${tasks[0]?.pollMs ?? 10} ms, so a client-side figure is late by up to that much. *server* is \`finished_at − created_at\` (or \`started_at − created_at\`) of the task, both stamped by the server's clock.`,
    '',
  )
  for (const t of tasks) {
    out.push(`### ${backendLabel(t)} — task backend: ${t.taskBackend === 'bullmq' ? 'BullMQ' : t.taskBackend === 'embedded' ? 'embedded worker (in the server process)' : 'unknown'}`, '')
    out.push(`1-minute load average when the section started: ${t.loadAverage.toFixed(2)} on ${t.cores} cores (the bench's own earlier runs count in it; above that, another process was busy).`, '')
    const lines: string[][] = []
    if (t.import) {
      const i = t.import
      lines.push([
        `import of books.csv (${(i.fileBytes / 1e6).toFixed(1)} MB, \`text/csv\` body) into an empty catalog, 202 → completed`,
        `median ${s2(median(i.seconds))}`,
        `${i.seconds.length} runs, each on a fresh database and server: ${i.seconds.map((x) => x.toFixed(2)).join(', ')} s; server ${i.serverSeconds.map((x) => x.toFixed(2)).join(', ')} s; upload → 202 ${i.uploadMs.map((x) => x.toFixed(0)).join(', ')} ms; ${i.imported[0]} books imported`,
      ])
    }
    if (t.export) {
      const e = t.export
      lines.push([
        `catalog_export of ${e.rows.toLocaleString('en-US')} books, create → completed`,
        `median ${s2(median(e.seconds))}`,
        `${e.seconds.length} runs: ${e.seconds.map((x) => x.toFixed(2)).join(', ')} s; server ${e.serverSeconds.map((x) => x.toFixed(2)).join(', ')} s; download ${(e.downloadBytes / 1e6).toFixed(2)} MB (${e.downloadBytes.toLocaleString('en-US')} bytes)`,
      ])
    }
    if (t.large) {
      const l = t.large
      lines.push([
        `catalog_export of ${l.books.toLocaleString('en-US')} books: server RSS`,
        `+${mb(l.growthMb)}`,
        `baseline ${mb(l.baselineMb)} (median over 1 s, after a warm-up export of one year's books; ${mb(l.startRssMb)} right after the start), peak ${mb(l.peakMb)} over ${l.samples} samples; ` +
          `the export took ${s2(l.seconds)} (server ${s2(l.serverSeconds)}), ${(l.bytes / 1e6).toFixed(1)} MB of CSV; the database was filled by \`library-api import\` in ${l.fillSeconds.toFixed(1)} s`,
      ])
    }
    if (t.latency) {
      const l = t.latency
      lines.push([
        `start latency at rest: \`started_at − created_at\` of ${l.serverMs.length} overdue_scan, each after ${(l.gapMs / 1000).toFixed(1)} s idle`,
        `median ${ms0(median(l.serverMs))}, p95 ${ms0(percentile(l.serverMs, 95))}`,
        `max ${ms0(Math.max(...l.serverMs))}; client-side 202 → first poll past \`queued\`: median ${ms0(median(l.clientMs))}, p95 ${ms0(percentile(l.clientMs, 95))}`,
      ])
    }
    if (lines.length) out.push(table(['measurement', 'figure', 'detail'], lines), '')
    if (t.reads) {
      const r = t.reads
      const readLines = [...r.alone, ...r.during, ...(r.duringWorker ?? [])].map((row) => {
        const alone = r.alone.find((a) => a.workload === row.workload)
        return [`${row.workload} ${row.variant}`, ...rowCells(row), alone && alone !== row ? `${(row.reqPerSec / alone.reqPerSec).toFixed(2)}×` : '—']
      })
      out.push(table(['reads (cache on)', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'RSS MB', 'server CPU', 'loadgen CPU', 'vs alone'], readLines), '')
      const loop = (l: ExportLoop) =>
        `${l.exports} exports of ${Number.isFinite(l.exportSeconds) ? s2(l.exportSeconds) : '—'} on average, one running ${l.busyPct.toFixed(0)}% of the time`
      out.push(
        `*during exports*: exports of all the books ran back to back (the next one queued behind the running one, \`TASK_CONCURRENCY=1\`), in the server process — the CSV made in a worker thread at \`TASK_WORKER_NICE\` and \`TASK_WORKER_SCHED\` (SCHED_IDLE by default)${r.exportPlacement ? ` ${r.exportPlacement}` : ''}, the server's event loop storing its chunks (${loop(r.loop)}).` +
          (r.workerLoop
            ? ` *in a worker process*: the same with the server at \`TASK_WORKERS=false\` and the exports run by \`library-api worker\` on ${r.workerPlacement} (${loop(r.workerLoop)}; the worker used ${pct(r.workerCpuPct)} of a core); its server CPU column is the web server's alone.`
            : ' No run with the exports in `library-api worker`: this build has no such command.'),
        '',
      )
    }
    if (t.errors.length) out.push(...t.errors.map((e) => `- failed: ${e}`), '')
  }
  return out
}

/** The "Runtimes" section: W1–W3 under each Node.js release, and the ratio of each to the first. */
function renderRuntimes(runtimes: RuntimeRows[]): string[] {
  const [first] = runtimes
  if (!first) return []
  const header = ['workload', ...runtimes.flatMap((r) => [`${r.node} req/s`, `${r.node} p99 ms`]), ...runtimes.slice(1).map((r) => `${r.node} / ${first.node}`)]
  const lines = first.rows.map((base) => {
    const same = runtimes.map((r) => find(r.rows, { workload: base.workload, variant: base.variant }))
    return [
      `API ${label(base)}`,
      ...same.flatMap((r) => (r ? [n0(r.reqPerSec), String(r.p99)] : ['—', '—'])),
      ...same.slice(1).map((r) => (r ? `${(r.reqPerSec / base.reqPerSec).toFixed(2)}×` : '—')),
    ]
  })
  return [
    '## Runtimes (SQLite, server on one core)',
    '',
    'The same build on the same database after the SQLite section above: one server per release (cache off for W1 uncached, then on), each workload measured on both releases back to back, the order flipping from one workload to the next, so that a change in the machine\'s load falls on both.',
    '',
    table(header, lines),
    '',
  ]
}

/** The Markdown page. */
export function renderMarkdown(report: Report): string {
  const { rows } = report
  const out: string[] = []
  out.push('# Benchmarks', '')
  if (!report.complete) out.push('> **Incomplete run** — see the notes at the end.', '')
  out.push(
    `Commit \`${report.commit}\` · ${report.date} · ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGb} GB · Node ${report.machine.node} · ${report.machine.os}`,
    '',
    `autocannon, ${report.settings.connections} connections, ${report.settings.duration} s per workload after a ${report.settings.warmup} s warm-up; ${report.settings.pinning}. ` +
      `Rate limits raised, not switched off: ${report.settings.rateLimit}. Whole run: ${Math.round(report.elapsedSeconds)} s. ` +
      'Reproduce with `npm run bench`; the README says how to read this page.',
    '',
  )

  const sqlite = rows.filter((r) => r.backend === 'sqlite' && r.workers === undefined)
  if (sqlite.length) {
    out.push('## SQLite (embedded default)', '')
    const lines = sqlite.map((r) => {
      const raw = r.server === 'api' ? find(rows, { backend: 'sqlite', server: 'raw', workload: r.workload, workers: undefined }) : undefined
      const ratio = raw ? `${(r.reqPerSec / raw.reqPerSec).toFixed(2)}×` : '—'
      return [r.server === 'raw' ? `raw ${r.workload}` : `API ${label(r)}`, ...rowCells(r), ratio]
    })
    out.push(table(['workload', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'RSS MB', 'server CPU', 'loadgen CPU', 'ratio to raw'], lines), '')
    const w4 = find(rows, { backend: 'sqlite', server: 'api', workload: 'W4', workers: undefined })
    if (w4) out.push(`W4 counts both requests of a pair: ${n0(w4.reqPerSec / 2)} borrow+return pairs/s.`, '')
    out.push(`W5 (login) hashes with ${report.argon2}.`, '')
    const costs = securityCostTargets(rows).filter((t) => t.met !== null)
    if (costs.length) {
      out.push(`Issue 10 (audit and EdDSA must not cost the hot paths; target within 5 %): ${costs.map((t) => `${t.name.replace(/ req\/s.*/, '')} = ${t.actual}, ${verdict(t.met)}`).join('; ')}. Each side the mean of its runs in ABBA order on two processes started alike (BENCH_PAIR_ROUNDS); on a busy machine a few per cent is still noise.`, '')
    }
  }

  const pgRows = rows.filter((r) => r.backend === 'postgres' && r.workers === undefined)
  if (pgRows.length) {
    out.push(`## PostgreSQL${report.features.redis === 'yes' ? ' + Redis' : ''}`, '')
    const lines = pgRows.map((r) => {
      const same = find(rows, { backend: 'sqlite', server: 'api', workload: r.workload, variant: r.variant, workers: undefined })
      const raw = find(rows, { backend: 'sqlite', server: 'raw', workload: r.workload, workers: undefined })
      return [
        `API ${label(r)}`,
        ...rowCells(r),
        pct(r.dbCpuPct),
        pct(r.redisCpuPct),
        same ? `${(r.reqPerSec / same.reqPerSec).toFixed(2)}×` : '—',
        raw ? `${(r.reqPerSec / raw.reqPerSec).toFixed(2)}×` : '—',
      ]
    })
    out.push(table(['workload', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'RSS MB', 'server CPU', 'loadgen CPU', 'PostgreSQL CPU', 'Redis CPU', 'vs SQLite API', 'vs SQLite raw'], lines), '')
  }

  const clustered = rows.filter((r) => r.workers !== undefined)
  if (clustered.length) {
    out.push('## Workers (`serve --workers N`)', '')
    out.push(
      'Server and load generator unpinned, sharing the same cores: with 2 cores, 2 workers compete with autocannon for CPU, so the speed-up here is a floor, not what 2 workers give on a host with spare cores. RSS counts the primary and every worker.',
      '',
    )
    const lines: string[][] = []
    for (const backend of ['sqlite', 'postgres'] as const) {
      for (const workload of ['W1', 'W2', 'W3', 'W4', 'W5'] as const) {
        const byN = clustered.filter((r) => r.backend === backend && r.workload === workload).sort((a, b) => (a.workers ?? 0) - (b.workers ?? 0))
        if (!byN.length) continue
        const one = byN.find((r) => r.workers === 1)
        for (const r of byN) {
          lines.push([backend, label(r), String(r.workers), ...rowCells(r), pct(r.dbCpuPct), one && r !== one ? `${(r.reqPerSec / one.reqPerSec).toFixed(2)}×` : '—'])
        }
      }
    }
    out.push(table(['backend', 'workload', 'workers', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'RSS MB', 'server CPU', 'loadgen CPU', 'PostgreSQL CPU', 'speed-up vs 1'], lines), '')
  }

  if (report.runtimes?.length) out.push(...renderRuntimes(report.runtimes))

  if (report.tasks?.length) out.push(...renderTasks(report.tasks))
  if (report.overload) out.push(...renderOverload(report.overload))

  if (report.targets.length) {
    out.push('## Targets (one run, server on one core; the request targets on SQLite)', '')
    out.push(table(['target', 'goal', 'actual', 'verdict'], report.targets.map((t) => [t.name, t.goal, t.actual, verdict(t.met)])), '')
  }

  out.push('## What ran', '')
  out.push(table(['workload', 'requests'], (Object.keys(WORKLOAD_TITLES) as WorkloadId[]).map((w) => [w, WORKLOAD_TITLES[w]])), '')
  out.push(
    'The raw baseline (`bench/raw-server.ts`) is `node:http` + better-sqlite3 prepared statements + an HMAC-SHA256 JWT check on the same database file, answering W1–W3 with the same JSON; ' +
      'with a token it also looks the session up (revocation), as the contract asks. It has no framework, hooks, security headers, rate limiter, ETag, logs or cache.',
    '',
  )
  const facts = [
    ...Object.entries(report.features).map(([k, v]) => `- ${k}: ${v}`),
    ...Object.entries(report.parity).map(([k, v]) => `- same JSON as raw, ${k}: ${v}`),
    ...Object.entries(report.shutdown).map(([k, v]) => `- SIGTERM, ${k}: ${v}`),
  ]
  if (facts.length) out.push('Seen in this build:', '', ...facts, '')
  if (report.notes.length) out.push('## Notes', '', ...report.notes.map((n) => `- ${n}`), '')
  return out.join('\n')
}
