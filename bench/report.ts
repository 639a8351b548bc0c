/**
 * Turns the measurements of one run into BENCHMARKS.json and BENCHMARKS.md: the tables, the
 * ratios to the raw baseline and the targets of the benchmark issue, met or missed.
 */
import { WORKLOAD_TITLES, type WorkloadId } from './workloads.ts'

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
  targets: Target[]
  elapsedSeconds: number
  complete: boolean
}

const find = (rows: Row[], q: Partial<Row>) => rows.find((r) => (Object.keys(q) as (keyof Row)[]).every((k) => r[k] === q[k]))

/** The targets of the issue (§2) from the SQLite rows. */
export function evaluateTargets(rows: Row[], finalRssMb: number | undefined): Target[] {
  const targets: Target[] = []
  const base = { backend: 'sqlite' as const, workers: undefined }
  const pairs: Array<[string, Partial<Row>, WorkloadId, number]> = [
    ['W1 uncached', { workload: 'W1', variant: 'uncached' }, 'W1', 0.8],
    ['W1 cached', { workload: 'W1', variant: 'cached' }, 'W1', 2],
    ['W2', { workload: 'W2' }, 'W2', 0.6],
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

  if (report.targets.length) {
    out.push('## Targets (SQLite, one run, server on one core)', '')
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
