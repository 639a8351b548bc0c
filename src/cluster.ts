import cluster, { type Worker } from 'node:cluster'
import { hostname } from 'node:os'
import { buildApp } from './app.ts'
import { ensureAdmin } from './bootstrap.ts'
import { type Config, describeStorage } from './config.ts'
import { importCatalogIfEmpty } from './modules/books/import/import-on-start.ts'
import { startServer } from './server.ts'

/** pino's numeric levels, so the primary's few lines read like the workers' JSON logs. */
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const

/**
 * `library-api serve --workers N`: one primary and N worker processes (node:cluster) serving the
 * same port; the primary hands out connections round-robin. The primary migrates the database,
 * creates the first admin and imports the catalog ONCE before forking, so workers never race on
 * them; each worker then runs `startServer` (whose bootstrap finds everything done). SIGTERM or
 * SIGINT on the primary is forwarded to every worker, each finishes its in-flight requests, and
 * the primary exits 0 when all of them did. A worker that dies once the service is up is
 * replaced; one that dies before every worker first listened (bad config, port taken), or more
 * than max(3, 2N) replacements within a minute, stop the whole service with exit 1 instead of a
 * restart loop.
 *
 * In-process state (the embedded rate-limit counters and response cache) is per worker: use
 * Redis (`REDIS_URL`) when the workers must share it.
 * @param workers number of worker processes, ≥ 1
 * @see https://nodejs.org/docs/latest-v20.x/api/cluster.html
 */
export async function startCluster(config: Config, workers: number): Promise<void> {
  if (cluster.isWorker) {
    await startServer({ ...config, importOnStart: false })
    return
  }
  const threshold = LEVELS[config.logLevel]
  const log = (level: keyof typeof LEVELS, msg: string, extra: Record<string, unknown> = {}) => {
    if (LEVELS[level] < threshold) return
    process.stdout.write(JSON.stringify({ level: LEVELS[level], time: Date.now(), pid: process.pid, hostname: hostname(), ...extra, msg }) + '\n')
  }

  await prepare(config)
  if (workers > 1 && !config.redisUrl) {
    log('warn', `${workers} workers without REDIS_URL: each counts its own rate limits and keeps its own response cache (a catalog write in one leaves the others' cached reads stale until they expire); set REDIS_URL to share them`)
  }

  // Our own books: cluster.workers may still list a worker during its 'exit' event.
  const live = new Set<Worker>()
  const listening = new Set<Worker>()
  let started = false
  let stopping = false
  let exitCode = 0
  /** times of the replacements in the last minute: a crash loop stops the service */
  let restarts: number[] = []
  const fork = () => live.add(cluster.fork())

  const stopAll = (reason: string, code: number) => {
    if (stopping) return
    stopping = true
    exitCode = Math.max(exitCode, code)
    log('info', `stopping ${live.size} worker(s): ${reason}`)
    for (const worker of live) worker.process.kill('SIGTERM')
    // The workers time their own graceful close (SHUTDOWN_TIMEOUT); this is the backstop.
    const backstop = setTimeout(() => {
      log('error', 'workers did not stop in time; killing them')
      for (const worker of live) worker.process.kill('SIGKILL')
      process.exit(1)
    }, config.shutdownTimeout + 5_000)
    backstop.unref()
    if (live.size === 0) process.exit(exitCode)
  }

  cluster.on('listening', (worker, address) => {
    listening.add(worker)
    if (!started && listening.size === workers) {
      started = true
      log('info', `Library API ready: ${workers} workers on ${address.address ?? config.host}:${address.port}`)
    }
  })
  cluster.on('exit', (worker, code, signal) => {
    live.delete(worker)
    listening.delete(worker)
    if (stopping) {
      if (code !== 0) exitCode = 1
      if (live.size === 0) process.exit(exitCode)
      return
    }
    const facts = { worker_pid: worker.process.pid, code, signal }
    // Before the service was ever up, a dying worker means a bad config or a taken port: restarting
    // would only loop.
    if (!started) {
      log('error', 'a worker exited before the service was up; stopping', facts)
      stopAll('a worker failed to start', 1)
      return
    }
    const now = Date.now()
    restarts = [...restarts.filter((t) => now - t < 60_000), now]
    if (restarts.length > Math.max(3, 2 * workers)) {
      log('error', `${restarts.length} workers replaced within a minute; stopping`, facts)
      stopAll('workers keep dying', 1)
      return
    }
    log('error', 'a worker exited; starting another', facts)
    fork()
  })
  process.once('SIGTERM', () => stopAll('SIGTERM', 0))
  process.once('SIGINT', () => stopAll('SIGINT', 0))

  for (let i = 0; i < workers; i++) fork()
}

/**
 * What `startServer` does before listening, done once by the primary: migrations (in
 * `buildApp`), the first admin, the catalog import on an empty database.
 */
async function prepare(config: Config): Promise<void> {
  // The primary serves nothing and runs no task: its workers do.
  const app = await buildApp({ ...config, tasks: { ...config.tasks, workers: false } })
  try {
    await app.ready()
    app.log.info(describeStorage(config), 'storage: database and catalog in use')
    const admin = await ensureAdmin(app, config.admin)
    if (admin?.generatedPassword) {
      process.stdout.write(
        `\n  First start: created the admin account.\n    username: ${admin.username}\n    password: ${admin.generatedPassword}\n  It is shown only this once; set ADMIN_USERNAME/ADMIN_PASSWORD to choose them.\n\n`,
      )
    }
    if (config.importOnStart) await importCatalogIfEmpty(app.db, app.dbDialect, config.catalogCsv, app.log, app.clock, app.responseCache)
  } finally {
    await app.close()
  }
}
