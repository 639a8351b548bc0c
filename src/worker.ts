import { buildApp } from './app.ts'
import { type Config, describeStorage } from './config.ts'
import { closeAndExit } from './server.ts'
import type { App } from './shared/app-types.ts'

/**
 * `library-api worker`: builds the app with its task workers and schedules on (whatever
 * `TASK_WORKERS` says), listens on no port, and logs one line once it takes tasks — from
 * BullMQ when `REDIS_URL` is set, else from the database like the embedded worker of `serve` (on
 * the same SQLite file or PostgreSQL database). On SIGTERM or SIGINT — also one that comes while
 * it starts — it stops taking tasks, lets running ones finish within `TASK_SHUTDOWN_GRACE`
 * milliseconds and hands the rest back to the queue (no attempt counted), closes its connections
 * and exits 0; or 1 when the close fails or takes longer than `TASK_SHUTDOWN_GRACE +
 * SHUTDOWN_TIMEOUT`.
 * @throws whatever building the app throws (a migration that fails, an unreachable database)
 */
export async function startWorker(config: Config): Promise<void> {
  const { concurrency, lease, shutdownGrace } = config.tasks
  // Set once built: a signal may come before.
  const started: { app?: App } = {}
  let ready = false
  let signalled: string | undefined

  const shutdown = (signal: string) => {
    const { app } = started
    if (!app || !ready) {
      // Tasks may already run (the workers start while the app gets ready): close once it is.
      signalled ??= signal
      return
    }
    if (closing) return
    closing = true
    clearInterval(keepAlive)
    app.log.info({ signal }, 'task worker stopping: running tasks get the shutdown grace')
    const deadline = setTimeout(() => {
      app.log.error({ after_ms: shutdownGrace + config.shutdownTimeout }, 'task worker did not stop in time')
      process.exit(1)
    }, shutdownGrace + config.shutdownTimeout)
    deadline.unref()
    closeAndExit(app, 'task worker shutdown failed')
  }
  let closing = false
  // Before the app starts its workers: a signal during the start must not kill a running task.
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
  // The backends' timers and connections do not hold the process open (they must not keep a
  // closing app alive): this does, until a signal comes.
  const keepAlive = setInterval(() => {}, 2 ** 31 - 1)

  const app = await buildApp({ ...config, tasks: { ...config.tasks, workers: true } })
  started.app = app
  await app.ready()
  ready = true
  app.log.info({ database: describeStorage(config).database, backend: app.tasks.kind, concurrency, lease_ms: lease, grace_ms: shutdownGrace }, 'task worker ready')
  if (signalled) shutdown(signalled)
}
