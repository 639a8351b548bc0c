import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { DatabaseHandle } from '../db/connect.ts'
import { migrateToLatest } from '../db/migrate.ts'
import type { Db } from '../db/schema.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** the Kysely handle (SQLite or PostgreSQL) */
    db: Db
    dbDialect: 'sqlite' | 'postgres'
    /** the connections of the database right now (see `DatabaseHandle.poolStats`) */
    dbPoolStats: DatabaseHandle['poolStats']
  }
}

/**
 * Decorates the app with the database, brings its schema to the latest migration, and closes
 * it on `onClose` when the app owns it.
 */
export default fp(
  async function databasePlugin(app: FastifyInstance, opts: { handle: DatabaseHandle; owned: boolean }) {
    await migrateToLatest(opts.handle.db)
    app.decorate('db', opts.handle.db)
    app.decorate('dbDialect', opts.handle.dialect)
    app.decorate('dbPoolStats', opts.handle.poolStats)
    if (opts.owned) app.addHook('onClose', async () => opts.handle.close())
  },
  { name: 'database' },
)
