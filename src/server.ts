import { buildApp } from './app.ts'
import { ensureAdmin } from './bootstrap.ts'
import { type Config, describeStorage } from './config.ts'
import { importCatalogIfEmpty } from './modules/books/import/import-on-start.ts'

/**
 * Starts the service: builds the app (migrating the database), creates the first admin,
 * imports the catalog into an empty database, listens, and closes gracefully on SIGTERM/SIGINT
 * (stop accepting, finish in-flight requests, close the pools, exit 0).
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
    const timer = setTimeout(() => {
      app.log.error('shutdown timed out; exiting')
      process.exit(1)
    }, config.shutdownTimeout)
    timer.unref()
    // Keep-alive connections whose request finishes during the close would otherwise idle until
    // their timeout; close each as soon as it has answered.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 50)
    sweep.unref()
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))

  const address = await app.listen({ port: config.port, host: config.host })
  app.log.info(`Library API ready at ${address} — docs at ${address}/docs`)
  return address
}
