/**
 * The task section of `npm run bench` (issue 9), run once per backend against the built server:
 *
 * 1. `POST /api/v1/books/import` of the shipped goodbooks CSV (a `text/csv` body) into an empty
 *    catalog — a fresh database and a fresh server for every run — polled every ~10 ms: seconds
 *    from the 202 to the first `completed` seen (and the server's `finished_at − created_at`);
 * 2. `catalog_export` of those 10,000 books: seconds from the create request to the first
 *    `completed` seen, and the size of the download;
 * 3. the task start latency at rest: `overdue_scan` created after ≥ 1 s of idle, `started_at −
 *    created_at` (both stamped by the server's clock);
 * 4. W1 and W2 (autocannon, the settings of the rest of the bench) alone, then while a loop keeps
 *    a `catalog_export` of the 10,000 books running back to back, its worker thread on another
 *    core than the server's ({@link TaskBenchHost.exportPlacement});
 * 5. 100,000 generated books (`library-api import` of a catalog-form CSV into a fresh database),
 *    the server's RSS sampled every ~20 ms before and during one export of all of them.
 *
 * Everything the section needs from the rest of the bench (servers, databases, autocannon) comes
 * through {@link TaskBenchHost}.
 */
import { readFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { processTree, rssBytes, type ServerProcess, treeCpuSeconds } from './proc.ts'
import type { Row } from './report.ts'
import type { WorkloadId } from './workloads.ts'

/** Settings of the section (environment, see the README's Benchmark section). */
export interface TaskBenchSettings {
  /** imports of the goodbooks CSV, each into a fresh database (median reported) */
  importRuns: number
  /** exports of the 10,000 books (median reported) */
  exportRuns: number
  /** books of the large export (RSS) */
  largeBooks: number
  /** overdue_scan tasks created at rest */
  latencySamples: number
  /** milliseconds of idle before each of them */
  latencyGapMs: number
  /** milliseconds between two polls of a task */
  pollMs: number
  /** milliseconds between two RSS samples */
  rssSampleMs: number
  /** run step 4 (W1, W2 alone and during exports) */
  reads: boolean
}

/** What the rest of the bench lends the section. */
export interface TaskBenchHost {
  backend: Row['backend']
  /** the goodbooks CSV */
  csvPath: string
  /** a folder for generated files */
  tmp: string
  admin: { username: string; password: string }
  log(message: string): void
  /**
   * An empty database named after `name`: a new SQLite file, or a PostgreSQL database dropped and
   * created again. @returns its `DATABASE_URL`
   */
  freshDatabase(name: string): Promise<string>
  /**
   * Starts the API from `dist/` on `databaseUrl` (cache on, `IMPORT_ON_START=false`,
   * `TASK_CONCURRENCY=1`, Redis when the backend has it), pinned as the other servers;
   * `taskWorkers: false` → `TASK_WORKERS=false`.
   */
  start(databaseUrl: string, name: string, options?: { taskWorkers?: boolean }): Promise<ServerProcess>
  /** where the server's export thread runs (`TASK_WORKER_CPUS`), for the report */
  exportPlacement: string
  /** whether that is the load generator's core (fewer than three cores) */
  exportSharesLoadCore: boolean
  /** whether this build has `library-api worker` */
  workerCommand: boolean
  /** Starts `library-api worker` on `databaseUrl` (with the Redis of the last `start`, `TASK_CONCURRENCY=1`), on a core other than the server's. */
  startWorker(databaseUrl: string): Promise<ServerProcess>
  /** where {@link startWorker} runs, for the report (`CPU 1, shared with the load generator`) */
  workerPlacement: string
  /** whether that core is also the load generator's (fewer than three cores, or no pinning) */
  workerSharesLoadCore: boolean
  /** SIGTERM and wait; @returns how it exited */
  stop(server: ServerProcess): Promise<string>
  /** `library-api import <file>` (dist/cli.js) on `databaseUrl` */
  importFile(databaseUrl: string, file: string): Promise<void>
  /** Creates the bench's librarian and members on the server, for W1 and W2; resolves to a handle `measure` takes. */
  prepareReads(base: string): Promise<unknown>
  /** One autocannon measurement (warm-up, then the measured window) as the rest of the bench makes it. */
  measure(server: ServerProcess, workload: WorkloadId, variant: string, prepared: unknown): Promise<Row>
  /** Which task backend the server ran: `bullmq` when the queue's keys are in Redis, else `embedded`. */
  taskBackend(): Promise<'embedded' | 'bullmq'>
}

/** Step 1. */
export interface ImportFigures {
  /** seconds from the 202 to the first poll that saw `completed`, one per run */
  seconds: number[]
  /** the server's `finished_at − created_at`, seconds */
  serverSeconds: number[]
  /** milliseconds from sending the upload to the 202 (the 3.3 MB body and the task's insert) */
  uploadMs: number[]
  /** books imported by each run */
  imported: number[]
  fileBytes: number
}

/** Step 2. */
export interface ExportFigures {
  /** seconds from sending the create to the first poll that saw `completed` */
  seconds: number[]
  serverSeconds: number[]
  rows: number
  /** bytes of `GET /tasks/{id}/result` (the last run's) */
  downloadBytes: number
}

/** Step 3. */
export interface LatencyFigures {
  /** `started_at − created_at` of each task, milliseconds (the server's clock) */
  serverMs: number[]
  /** milliseconds from the 202 to the first poll that saw the task no longer `queued` (an upper bound, ±pollMs) */
  clientMs: number[]
  gapMs: number
}

/** What a loop of back-to-back exports did while W1 and W2 ran (their warm-ups included). */
export interface ExportLoop {
  exports: number
  /** mean duration, seconds (the server's `finished_at − started_at`) */
  exportSeconds: number
  /** share of the loop's time an export was running (sum of `finished_at − started_at` over the loop's wall time), % */
  busyPct: number
}

/** Step 4. */
export interface ReadFigures {
  alone: Row[]
  /** the exports run by the server process itself (its task worker) */
  during: Row[]
  /** where that process's export thread ran (`TASK_WORKER_CPUS`) */
  exportPlacement?: string
  /** that thread ran on the load generator's core: a drop may be autocannon starved, not the server */
  exportSharesLoadCore?: boolean
  loop: ExportLoop
  /** the exports run by a `library-api worker` process on another core, the server with `TASK_WORKERS=false` (when the build has the command) */
  duringWorker?: Row[]
  workerLoop?: ExportLoop
  workerPlacement?: string
  /** the worker ran on the load generator's core: a drop may be autocannon starved, not the server */
  workerSharesLoadCore?: boolean
  /** CPU of the worker process over those runs, % of one core */
  workerCpuPct?: number
}

/** Step 5. */
export interface LargeExportFigures {
  books: number
  /** seconds `library-api import` took to fill the database (not a target) */
  fillSeconds: number
  /** RSS right after the start, MB (10^6 bytes) */
  startRssMb: number
  /** median RSS over the second before the export (after a warm-up export of about 1/120 of the books), MB */
  baselineMb: number
  /** highest RSS sampled from the create to 200 ms after `completed` was seen, MB */
  peakMb: number
  growthMb: number
  seconds: number
  serverSeconds: number
  bytes: number
  samples: number
}

/** What the section measured on one backend; a step that failed is absent and named in `errors`. */
export interface TaskFigures {
  backend: Row['backend']
  /** `embedded` (the database worker in the server process) or `bullmq` */
  taskBackend: 'embedded' | 'bullmq' | 'unknown'
  /** whether the server had REDIS_URL set */
  redis: boolean
  /** the machine's 1-minute load average when the section started (another busy process shows here) */
  loadAverage: number
  cores: number
  pollMs: number
  import?: ImportFigures
  export?: ExportFigures
  latency?: LatencyFigures
  reads?: ReadFigures
  large?: LargeExportFigures
  errors: string[]
}

interface TaskJson {
  id: number
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled'
  progress: { done: number; total: number | null }
  result: unknown
  error: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
}

/** A tiny HTTP client of the API with the admin's token. */
class Api {
  readonly base: string
  private token: string

  constructor(
    base: string,
    token = '',
  ) {
    this.base = base
    this.token = token
  }

  async login(username: string, password: string): Promise<void> {
    const res = await this.request('POST', '/api/v1/auth/login', { username, password }, [200])
    this.token = (res.json as { access_token: string }).access_token
  }

  /** @throws when the status is not one of `expect` */
  async request(method: string, path: string, body: unknown, expect: number[], headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; bytes: number }> {
    const h: Record<string, string> = { ...headers }
    if (this.token) h.authorization = `Bearer ${this.token}`
    let payload: string | Buffer | undefined
    if (Buffer.isBuffer(body)) payload = body
    else if (body !== undefined) {
      payload = JSON.stringify(body)
      h['content-type'] ??= 'application/json'
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, signal: AbortSignal.timeout(120_000) })
    const buffer = Buffer.from(await res.arrayBuffer())
    let json: unknown
    try {
      json = buffer.length && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(buffer.toString('utf8')) : undefined
    } catch {
      json = undefined
    }
    if (!expect.includes(res.status)) throw new Error(`${method} ${path}: HTTP ${res.status} ${buffer.toString('utf8').slice(0, 300)}`)
    return { status: res.status, json, bytes: buffer.length }
  }

  task(id: number): Promise<TaskJson> {
    return this.request('GET', `/api/v1/tasks/${id}`, undefined, [200]).then((r) => r.json as TaskJson)
  }

  async create(type: string, params: Record<string, unknown> = {}): Promise<number> {
    const res = await this.request('POST', '/api/v1/tasks', { type, params }, [202])
    return (res.json as { task_id: number }).task_id
  }

  async books(): Promise<number> {
    const res = await this.request('GET', '/api/v1/books?page=1&per_page=1', undefined, [200])
    return (res.json as { total: number }).total
  }
}

/** Polls a task every `pollMs` until it ends. `seenAt`: when a poll first saw it past `queued` and when it first saw it ended (performance.now()). */
async function waitTask(api: Api, id: number, pollMs: number, timeoutMs = 300_000): Promise<{ task: TaskJson; startedSeenAt: number; endedSeenAt: number }> {
  const deadline = performance.now() + timeoutMs
  let startedSeenAt: number | undefined
  for (;;) {
    const task = await api.task(id)
    const now = performance.now()
    if (task.status !== 'queued') startedSeenAt ??= now
    if (task.status === 'completed' || task.status === 'failed' || task.status === 'cancelled') {
      if (task.status !== 'completed') throw new Error(`task ${id} ended ${task.status}${task.error ? `: ${task.error}` : ''}`)
      return { task, startedSeenAt: startedSeenAt ?? now, endedSeenAt: now }
    }
    if (now > deadline) throw new Error(`task ${id} still ${task.status} after ${timeoutMs / 1000} s`)
    await sleep(pollMs)
  }
}

const between = (from: string | null, to: string | null) => (from && to ? Date.parse(to) - Date.parse(from) : NaN)

/** The median (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const mid = sorted.length >> 1
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** The nearest-rank percentile `p` (0–100). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}

/** A valid ISBN-13 for book `n` (prefix 979, `n` in the body): unique per `n` below 10^9. */
function isbnOf(n: number): string {
  const first12 = `979${String(n).padStart(9, '0')}`
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3)
  return first12 + String((10 - (sum % 10)) % 10)
}

const LANGUAGES = ['en', 'fr', 'de', 'es', 'it']

/**
 * Writes `books` books in the catalog form (the export's columns, which `library-api import` reads
 * back) to `file`: unique titles and ISBNs, no summary, rows of about the size of the goodbooks
 * books' in an export (~100 bytes), publication years 1900–2019 (about 1/120 of the books per year).
 */
export async function writeCatalogCsv(file: string, books: number): Promise<number> {
  const handle = await open(file, 'w')
  let bytes = 0
  try {
    const header = 'id,title,author,isbn,publication_year,publisher,language,summary,genres,copies_total\r\n'
    await handle.write(header)
    bytes += Buffer.byteLength(header)
    const lines: string[] = []
    for (let n = 1; n <= books; n++) {
      lines.push(`${n},Bench volume ${n},Bench Author ${n % 5000},${isbnOf(n)},${1900 + (n % 120)},Bench Press,${LANGUAGES[n % 5]},,"[""benchmark""]",${1 + (n % 5)}\r\n`)
      if (lines.length === 5000 || n === books) {
        const chunk = lines.join('')
        lines.length = 0
        await handle.write(chunk)
        bytes += Buffer.byteLength(chunk)
      }
    }
  } finally {
    await handle.close()
  }
  return bytes
}

/**
 * Runs `measure` while exports of the whole catalog run back to back: two chains each create a
 * `catalog_export` and wait for it (polled every 25 ms at least, to add little load), so that
 * with the server running one task at a time (`TASK_CONCURRENCY=1`, see
 * {@link TaskBenchHost.start}) the next export is already queued when one ends and starts at
 * once — an export runs all through the window, never two at once.
 */
/** Milliseconds between two polls of an export of the reads-during-exports loop. */
const LOOP_POLL_MS = 250

async function duringExports(api: Api, measure: () => Promise<Row[]>): Promise<{ rows: Row[]; loop: ExportLoop }> {
  let stop = false
  let exports = 0
  let runningMs = 0
  const started = performance.now()
  // Three chains: one export runs while the next ones wait in the queue, so the server runs them
  // back to back whatever the polling. The chains poll every 250 ms (a client's pace; every 25 ms, their
  // own polls were about 3 % of the server's core, counted against the exports).
  const chain = async () => {
    while (!stop) {
      const { task } = await waitTask(api, await api.create('catalog_export'), LOOP_POLL_MS)
      exports++
      runningMs += between(task.started_at, task.finished_at)
    }
  }
  const chains = [chain(), chain(), chain()]
  let rows: Row[]
  try {
    rows = await measure()
  } finally {
    stop = true
  }
  await Promise.all(chains)
  return { rows, loop: { exports, exportSeconds: exports ? runningMs / exports / 1000 : NaN, busyPct: (runningMs / (performance.now() - started)) * 100 } }
}

/** Runs the section on one backend; a step that fails is recorded and the next one still runs when it can. */
export async function runTaskBench(host: TaskBenchHost, settings: TaskBenchSettings, redis: boolean): Promise<TaskFigures> {
  const figures: TaskFigures = { backend: host.backend, taskBackend: 'unknown', redis, loadAverage: loadavg()[0] as number, cores: cpus().length, pollMs: settings.pollMs, errors: [] }
  const log = (message: string) => host.log(`${host.backend} tasks: ${message}`)
  const attempt = async (step: string, fn: () => Promise<void>) => {
    try {
      await fn()
    } catch (error) {
      figures.errors.push(`${step}: ${(error as Error).message.split('\n')[0]}`)
      log(`${step} failed: ${(error as Error).stack ?? error}`)
    }
  }

  let server: ServerProcess | undefined
  const stopServer = async () => {
    if (server) await host.stop(server)
    server = undefined
  }
  let api: Api | undefined
  let databaseUrl = ''
  /** the running server holds the imported goodbooks catalog (the last import completed) */
  let imported = false
  try {
    // 1. the HTTP import, each run into a fresh database on a fresh server
    const csv = readFileSync(host.csvPath)
    await attempt('import', async () => {
      const out: ImportFigures = { seconds: [], serverSeconds: [], uploadMs: [], imported: [], fileBytes: csv.length }
      for (let run = 1; run <= settings.importRuns; run++) {
        imported = false
        await stopServer()
        databaseUrl = await host.freshDatabase('tasks')
        server = await host.start(databaseUrl, `api (${host.backend}, tasks)`)
        api = new Api(server.url)
        await api.login(host.admin.username, host.admin.password)
        const before = await api.books()
        if (before !== 0) throw new Error(`the fresh catalog holds ${before} books`)
        await sleep(500)
        const sent = performance.now()
        const res = await api.request('POST', '/api/v1/books/import', csv, [202], { 'content-type': 'text/csv' })
        const accepted = performance.now()
        const { task, endedSeenAt } = await waitTask(api, (res.json as { task_id: number }).task_id, settings.pollMs)
        const count = (task.result as { imported: number }).imported
        out.seconds.push((endedSeenAt - accepted) / 1000)
        out.serverSeconds.push(between(task.created_at, task.finished_at) / 1000)
        out.uploadMs.push(accepted - sent)
        out.imported.push(count)
        log(`import ${run}/${settings.importRuns}: ${((endedSeenAt - accepted) / 1000).toFixed(2)} s from the 202 to completed (server ${(between(task.created_at, task.finished_at) / 1000).toFixed(2)} s, upload ${(accepted - sent).toFixed(0)} ms), ${count} books`)
        if ((await api.books()) !== count) throw new Error('the catalog does not hold the imported books')
        imported = true
      }
      figures.import = out
    })
    // The server of the last import holds the 10,000 books: steps 2–4 run on it.
    if (!server || !api || !imported) figures.errors.push('export, latency, reads: skipped (no server holding the imported books)')
    else {
      const a = api
      const s = server

      // 2. catalog_export of the 10,000 books
      await attempt('export', async () => {
        const out: ExportFigures = { seconds: [], serverSeconds: [], rows: 0, downloadBytes: 0 }
        for (let run = 1; run <= settings.exportRuns; run++) {
          const t0 = performance.now()
          const id = await a.create('catalog_export')
          const { task, endedSeenAt } = await waitTask(a, id, settings.pollMs)
          out.seconds.push((endedSeenAt - t0) / 1000)
          out.serverSeconds.push(between(task.created_at, task.finished_at) / 1000)
          out.rows = (task.result as { rows: number }).rows
          if (run === settings.exportRuns) out.downloadBytes = (await a.request('GET', `/api/v1/tasks/${id}/result`, undefined, [200])).bytes
        }
        log(`export of ${out.rows} books: ${out.seconds.map((x) => x.toFixed(2)).join(', ')} s (create → completed seen); download ${out.downloadBytes} bytes`)
        figures.export = out
      })

      // 3. start latency at rest
      await attempt('latency', async () => {
        const out: LatencyFigures = { serverMs: [], clientMs: [], gapMs: settings.latencyGapMs }
        for (let i = 0; i < settings.latencySamples; i++) {
          await sleep(settings.latencyGapMs)
          const res = await a.request('POST', '/api/v1/tasks', { type: 'overdue_scan' }, [202])
          const accepted = performance.now()
          const { task, startedSeenAt } = await waitTask(a, (res.json as { task_id: number }).task_id, settings.pollMs)
          out.serverMs.push(between(task.created_at, task.started_at))
          out.clientMs.push(startedSeenAt - accepted)
        }
        log(`start latency at rest (started_at − created_at): median ${median(out.serverMs)} ms, p95 ${percentile(out.serverMs, 95)} ms; 202 → running seen: median ${median(out.clientMs).toFixed(0)} ms`)
        figures.latency = out
      })

      figures.taskBackend = await host.taskBackend()

      // 4. reads alone, then while exports run back to back: in the server process, then (when
      // the build has `library-api worker`) in a worker process on another core
      if (settings.reads) {
        await attempt('reads', async () => {
          const prepared = await host.prepareReads(s.url)
          const alone = [await host.measure(s, 'W1', 'alone', prepared), await host.measure(s, 'W2', 'alone', prepared)]
          const inProcess = await duringExports(a, async () => [
            await host.measure(s, 'W1', 'during exports', prepared),
            await host.measure(s, 'W2', 'during exports', prepared),
          ])
          figures.reads = { alone, during: inProcess.rows, exportPlacement: host.exportPlacement, exportSharesLoadCore: host.exportSharesLoadCore, loop: inProcess.loop }
          log(`reads: ${inProcess.rows.map((r, i) => `${r.workload} ${(r.reqPerSec / (alone[i] as Row).reqPerSec).toFixed(2)}× alone`).join(', ')}; ${inProcess.loop.exports} exports, ${inProcess.loop.exportSeconds.toFixed(2)} s each`)
          // the same with the exports in `library-api worker`
          if (!host.workerCommand) {
            log('this build has no `library-api worker`: no reads with the exports on another core')
            return
          }
          await stopServer()
          server = await host.start(databaseUrl, `api (${host.backend}, tasks, TASK_WORKERS=false)`, { taskWorkers: false })
          const web = server
          const worker = await host.startWorker(databaseUrl)
          try {
            const w = new Api(web.url)
            await w.login(host.admin.username, host.admin.password)
            const cpu0 = treeCpuSeconds(worker.pid)
            const t0 = performance.now()
            const other = await duringExports(w, async () => [
              await host.measure(web, 'W1', 'during exports in a worker process', prepared),
              await host.measure(web, 'W2', 'during exports in a worker process', prepared),
            ])
            const workerCpuPct = ((treeCpuSeconds(worker.pid) - cpu0) / ((performance.now() - t0) / 1000)) * 100
            Object.assign(figures.reads, { duringWorker: other.rows, workerLoop: other.loop, workerPlacement: host.workerPlacement, workerSharesLoadCore: host.workerSharesLoadCore, workerCpuPct })
            log(`reads, exports in library-api worker: ${other.rows.map((r, i) => `${r.workload} ${(r.reqPerSec / (alone[i] as Row).reqPerSec).toFixed(2)}× alone`).join(', ')}; ${other.loop.exports} exports, ${other.loop.exportSeconds.toFixed(2)} s each`)
          } finally {
            await host.stop(worker)
          }
        })
      }
    }
    await stopServer()

    // 5. 100,000 books: RSS during one export of all of them
    await attempt('large export', async () => {
      const file = `${host.tmp}/catalog-${settings.largeBooks}.csv`
      const fileBytes = await writeCatalogCsv(file, settings.largeBooks)
      const url = await host.freshDatabase('tasks_large')
      log(`filling a fresh database with ${settings.largeBooks} books (${(fileBytes / 1e6).toFixed(1)} MB CSV, library-api import)`)
      const f0 = performance.now()
      await host.importFile(url, file)
      const fillSeconds = (performance.now() - f0) / 1000
      server = await host.start(url, `api (${host.backend}, ${settings.largeBooks} books)`)
      const big = new Api(server.url)
      await big.login(host.admin.username, host.admin.password)
      const books = await big.books()
      if (books !== settings.largeBooks) throw new Error(`the database holds ${books} books, not ${settings.largeBooks}`)
      const pids = processTree(server.pid)
      const rss = () => pids.reduce((sum, pid) => sum + rssBytes(pid), 0)
      const startRssMb = rss() / 1e6
      // Warm-up: the export's code loaded and compiled, on one year's books (about 1/120).
      await waitTask(big, await big.create('catalog_export', { year: 1950 }), settings.pollMs)
      await sleep(1000)
      const before: number[] = []
      for (let t = performance.now(); performance.now() - t < 1000; ) {
        before.push(rss())
        await sleep(settings.rssSampleMs)
      }
      let peak = 0
      let samples = 0
      let sampling = true
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, rss())
          samples++
          await sleep(settings.rssSampleMs)
        }
      })()
      const t0 = performance.now()
      let result: Awaited<ReturnType<typeof waitTask>>
      try {
        result = await waitTask(big, await big.create('catalog_export'), settings.pollMs)
        await sleep(200)
      } finally {
        sampling = false
        await sampler
      }
      const baselineMb = median(before) / 1e6
      const out: LargeExportFigures = {
        books,
        fillSeconds,
        startRssMb,
        baselineMb,
        peakMb: peak / 1e6,
        growthMb: peak / 1e6 - baselineMb,
        seconds: (result.endedSeenAt - t0) / 1000,
        serverSeconds: between(result.task.created_at, result.task.finished_at) / 1000,
        bytes: (result.task.result as { bytes: number }).bytes,
        samples,
      }
      log(`export of ${books} books: ${out.seconds.toFixed(2)} s, ${(out.bytes / 1e6).toFixed(1)} MB; RSS ${out.baselineMb.toFixed(0)} → peak ${out.peakMb.toFixed(0)} MB (+${out.growthMb.toFixed(1)} MB, ${samples} samples)`)
      figures.large = out
    })
  } catch (error) {
    figures.errors.push((error as Error).message.split('\n')[0] as string)
    log(`failed: ${(error as Error).stack ?? error}`)
  } finally {
    await stopServer()
  }
  return figures
}
