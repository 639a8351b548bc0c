import { writeFileSync } from 'node:fs'
import { Command, InvalidArgumentError } from 'commander'
import dotenv from 'dotenv'
import { buildApp } from './app.ts'
import { generatePassword } from './bootstrap.ts'
import { startCluster } from './cluster.ts'
import { type Config, ConfigError, loadConfig } from './config.ts'
import { connectDatabase } from './db/connect.ts'
import { migrateToLatest } from './db/migrate.ts'
import { invalidateCatalogFromOutside } from './infra/cache/remote.ts'
import { PasswordHasher } from './modules/auth/passwords.ts'
import { createUser } from './modules/users/users.service.ts'
import { startServer } from './server.ts'
import { systemClock } from './shared/clock.ts'

function config(): Config {
  dotenv.config({ quiet: true })
  return loadConfig(process.env)
}

async function withDatabase<T>(fn: (db: ReturnType<typeof connectDatabase>['db']) => Promise<T>, options = { migrate: true }): Promise<T> {
  const handle = connectDatabase(config().database)
  try {
    if (options.migrate) await migrateToLatest(handle.db)
    return await fn(handle.db)
  } finally {
    await handle.close()
  }
}

function parseWorkers(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('a whole number from 1 to 256')
  return n
}

const program = new Command()
  .name('library-api')
  .description('Library API: a REST API for a lending library — docs at http://localhost:3000/docs once serving')
  .showHelpAfterError()

program
  .command('serve', { isDefault: true })
  .description('migrate, create the first admin, import the catalog into an empty database, and serve HTTP')
  .option('-w, --workers <n>', 'serve from N worker processes (node:cluster) sharing the port; the preparation runs once first', parseWorkers)
  .action(async (opts: { workers?: number }) => {
    if (opts.workers === undefined) await startServer(config())
    else await startCluster(config(), opts.workers)
  })

program
  .command('migrate')
  .description('bring the database schema to the latest migration')
  .action(async () => {
    const results = await withDatabase(migrateToLatest, { migrate: false })
    for (const r of results) console.log(`${r.status.toLowerCase()}: ${r.migrationName}`)
    console.log(results.length ? `${results.length} migration(s) applied` : 'already up to date')
  })

program
  .command('import')
  .argument('<csv>', 'a goodbooks-10k books.csv file')
  .description('import a catalog CSV (repairs what can be repaired; reports every rejected row)')
  .option('--json', 'print the full report as JSON')
  .action(async (csv: string, opts: { json?: boolean }) => {
    const [{ formatReport, importCatalog }, { createProgress }] = await Promise.all([import('./modules/books/import/import-catalog.ts'), import('./modules/books/import/progress.ts')])
    const report = await withDatabase(async (db) => {
      const progress = createProgress(10_000)
      try {
        return await importCatalog(db, csv, { clock: systemClock, onProgress: (n) => progress.update(n) })
      } finally {
        progress.stop()
      }
    })
    console.log(opts.json ? JSON.stringify(report, null, 2) : formatReport(report))
    // The servers' response cache: dropped in Redis when shared; in memory mode out of reach (stderr says so).
    if (report.imported > 0) console.error(await invalidateCatalogFromOutside(config()))
  })

program
  .command('create-admin')
  .description('create an admin account (the password is generated and printed when not given)')
  .requiredOption('-u, --username <name>', 'username')
  .option('-e, --email <email>', 'email (default <username>@library.invalid)')
  .option('-p, --password <password>', 'password (default: generated); prefer ADMIN_PASSWORD to keep it out of shell history')
  .action(async (opts: { username: string; email?: string; password?: string }) => {
    const cfg = config()
    const password = opts.password ?? process.env.ADMIN_PASSWORD ?? generatePassword()
    const user = await withDatabase((db) =>
      createUser({ db, hasher: new PasswordHasher(cfg.argon2), clock: systemClock }, { username: opts.username, email: opts.email ?? `${opts.username}@library.invalid`, password, roles: ['admin'] }),
    )
    console.log(`created admin ${user.username} (id ${user.id})`)
    if (!opts.password && !process.env.ADMIN_PASSWORD) console.log(`password: ${password}  (shown once)`)
  })

program
  .command('seed')
  .description('add demo accounts (librarian, member) with generated passwords, printed once')
  .action(async () => {
    const cfg = config()
    await withDatabase(async (db) => {
      const deps = { db, hasher: new PasswordHasher(cfg.argon2), clock: systemClock }
      for (const [username, roles] of [['librarian', ['librarian']], ['member', ['member']]] as const) {
        const password = generatePassword()
        try {
          await createUser(deps, { username, email: `${username}@library.invalid`, password, roles: [...roles] })
          console.log(`${username}: ${password}`)
        } catch {
          console.log(`${username}: exists already`)
        }
      }
    })
  })

program
  .command('openapi')
  .description('print the OpenAPI 3.1 document (or write it to a file)')
  .option('-o, --out <file>', 'write to this file')
  .action(async (opts: { out?: string }) => {
    const cfg = { ...config(), database: { dialect: 'sqlite', path: ':memory:' } as const, importOnStart: false }
    const app = await buildApp(cfg, { logger: false })
    await app.ready()
    const doc = JSON.stringify(app.swagger(), null, 2)
    await app.close()
    if (opts.out) writeFileSync(opts.out, doc + '\n')
    else console.log(doc)
  })

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
