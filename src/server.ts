import { buildApp } from './app.ts'
import type { App } from './shared/app-types.ts'
import { ensureAdmin } from './bootstrap.ts'
import { type Config, describeStorage } from './config.ts'
import { importCatalogIfEmpty } from './modules/books/import/import-on-start.ts'

/** How long keep-alive sockets idle at SIGTERM may still deliver a request, milliseconds. */
const IDLE_GRACE_MS = 250

/**
 * Starts the service: builds the app (migrating the database), creates the first admin,
 * imports the catalog into an empty database, listens, and closes gracefully on SIGTERM/SIGINT:
 * stop accepting, answer every request already started (also one whose body is still arriving)
 * with `Connection: close`, close idle keep-alive sockets, stop taking background tasks and let
 * running ones finish within `TASK_SHUTDOWN_GRACE` (then hand them back), close the pools after
 * the last response, exit 0 — or, past `shutdownTimeout` (milliseconds), answer what is still
 * waiting with a 503 problem and exit 1.
 * @returns the listening address
 */
export async function startServer(config: Config): Promise<string> {
  const app = await buildApp(config)
  await app.ready()
  app.log.info(describeStorage(config), 'storage: database and catalog in use')

  const admin = await ensureAdmin(app, config.admin)
  if (admin?.generatedPassword) {
    process.stdout.write(
      `\n  First start: created the admin account.\n    username: ${admin.username}\n    password: ${admin.generatedPassword}\n  It is shown only this once; set ADMIN_USERNAME/ADMIN_PASSWORD to choose them.\n\n`,
    )
  } else if (admin) {
    app.log.info({ username: admin.username }, 'created the admin account from ADMIN_USERNAME/ADMIN_PASSWORD')
  }
  if (config.importOnStart) await importCatalogIfEmpty(app.db, app.dbDialect, config.catalogCsv, app.log, app.clock, app.responseCache)

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    // Past the deadline a request still unanswered (a body that never finishes, a stuck handler)
    // gets a 503 problem when nothing was written on its connection yet; then the process exits 1.
    // Running background tasks have their own deadline (TASK_SHUTDOWN_GRACE, then they are handed
    // back to the queue): the close may outlast SHUTDOWN_TIMEOUT for them without any request waiting.
    const timer = setTimeout(() => {
      const connections = app.answerOpenConnections('unavailable', 'The server is shutting down')
      if (connections === 0) return
      app.log.error({ connections }, 'shutdown timed out; closed the remaining connections')
      setTimeout(() => process.exit(1), 200).unref()
    }, config.shutdownTimeout)
    timer.unref()
    setTimeout(() => {
      app.log.error('shutdown timed out')
      process.exit(1)
    }, Math.max(config.shutdownTimeout, config.tasks.shutdownGrace) + 5000).unref()
    // Every response sent from now on says `Connection: close` (plugins/connections.ts) and its
    // socket closes after it. A keep-alive socket that looks idle may already carry its next
    // request on the wire: destroying it at once (what Node's server.close() does) resets that
    // request. So idle sockets get IDLE_GRACE_MS to deliver one — answered with `Connection:
    // close` — and only then are the still idle ones closed, and every one that turns idle after.
    const closeIdle = app.server.closeIdleConnections.bind(app.server)
    app.server.closeIdleConnections = () => {}
    const grace = setTimeout(() => {
      closeIdle()
      setInterval(closeIdle, 50).unref()
    }, IDLE_GRACE_MS)
    grace.unref()
    // The database pool closes in its plugin's onClose, after the server closed its last connection.
    closeAndExit(app, 'shutdown failed')
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))

  const address = await app.listen({ port: config.port, host: config.host })
  app.log.info(`Library API ready at ${address} — docs at ${address}/docs`)
  return address
}

/**
 * Closes the app (its onClose hooks: pools, queues) and ends the process: exit 0 once closed,
 * exit 1 after logging `message` when closing throws. Used by `serve` and `worker` on SIGTERM/SIGINT.
 */
export function closeAndExit(app: App, message: string): void {
  app.close().then(
    () => process.exit(0),
    (error: unknown) => {
      app.log.error({ err: error }, message)
      process.exit(1)
    },
  )
}
