import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import dotenv from 'dotenv'
import { sql } from 'kysely'
import { buildApp } from './app.ts'
import { generatePassword } from './bootstrap.ts'
import { adminInputProblem } from './cli/admin-input.ts'
import { CliError, databaseUnreachable, describeError, stackOf, wantsStack } from './cli/errors.ts'
import { startCluster } from './cluster.ts'
import { type Config, loadConfig, PACKAGE_ROOT } from './config.ts'
import { connectDatabase } from './db/connect.ts'
import { migrateToLatest } from './db/migrate.ts'
import { AppError } from './errors.ts'
import { invalidateCatalogFromOutside } from './infra/cache/remote.ts'
import { PasswordHasher } from './modules/auth/passwords.ts'
import { createUser } from './modules/users/users.service.ts'
import { startServer } from './server.ts'
import { systemClock } from './shared/clock.ts'
import { startWorker } from './worker.ts'

// `library-api openapi | head`: the reader leaving early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

let loaded: Config | undefined
function config(): Config {
  if (loaded) return loaded
  dotenv.config({ quiet: true })
  loaded = loadConfig(process.env)
  return loaded
}

function databaseUrl(): string {
  return process.env.DATABASE_URL || 'sqlite:data/library.db'
}

/**
 * Opens the database and answers one query, so that an unreachable database is one clear line
 * (`DATABASE_URL` named, password masked) rather than the first failing statement's error.
 */
async function openDatabase() {
  const target = config().database
  let handle: ReturnType<typeof connectDatabase> | undefined
  try {
    handle = connectDatabase(target)
    await sql`select 1`.execute(handle.db)
    return handle
  } catch (cause) {
    await handle?.close().catch(() => {})
    throw databaseUnreachable(databaseUrl(), cause)
  }
}

async function withDatabase<T>(fn: (db: ReturnType<typeof connectDatabase>['db']) => Promise<T>, options = { migrate: true }): Promise<T> {
  const handle = await openDatabase()
  try {
    if (options.migrate) await migrateToLatest(handle.db)
    return await fn(handle.db)
  } finally {
    await handle.close()
  }
}

/**
 * Fails early when the port is taken, before the admin is created or the catalog imported
 * (the listen itself still reports a port taken in between).
 * @throws the `listen` error (EADDRINUSE, EACCES…), worded by `describeError`
 */
async function assertPortFree(cfg: Config): Promise<void> {
  if (cfg.port === 0) return
  const probe = createServer()
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject)
    probe.listen({ port: cfg.port, host: cfg.host, exclusive: true }, () => probe.close(() => resolve()))
  })
}

function parseWorkers(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('a whole number from 1 to 256')
  return n
}

const { version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }

const program = new Command()
  .name('library-api')
  .description('Library API: a REST API for a lending library — docs at http://localhost:3000/docs once serving. Without a command: serve.')
  .version(version, '-V, --version', 'print the version')
  // Errors are printed once, as one line, by the handler at the end.
  .exitOverride()
  .configureOutput({ outputError: () => {} })

program
  .command('serve')
  .description('migrate, create the first admin, import the catalog into an empty database, and serve HTTP (the default command)')
  .option('-w, --workers <n>', 'serve from N worker processes (node:cluster) sharing the port; the preparation runs once first', parseWorkers)
  .action(async (opts: { workers?: number }) => {
    await assertPortFree(config())
    await (await openDatabase()).close()
    if (opts.workers === undefined) await startServer(config())
    else await startCluster(config(), opts.workers)
  })

program
  .command('worker')
  .description('run background tasks and their schedules, serving no HTTP: from BullMQ when REDIS_URL is set, else from the database (beside `serve` on the same database); SIGTERM lets running tasks finish within TASK_SHUTDOWN_GRACE, hands the rest back and exits 0')
  .action(async () => {
    await (await openDatabase()).close()
    await startWorker(config())
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
  .description('import a catalog CSV: all valid rows in one transaction, every rejected row reported; a file that cannot be parsed imports nothing')
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
    if (report.imported + report.skipped_existing === 0) throw new CliError(`${csv}: no row could be imported (${report.rejected} rejected)`)
    // The servers' response cache: dropped in Redis when shared; in memory mode out of reach (stderr says so).
    if (report.imported > 0) console.error(await invalidateCatalogFromOutside(config()))
  })

program
  .command('create-admin')
  .description('create an admin account (the password is generated and printed when not given)')
  .requiredOption('-u, --username <name>', 'username: 3–32 of A-Z a-z 0-9 _ . -')
  .option('-e, --email <email>', 'email (default <username>@library.invalid)')
  .option('-p, --password <password>', 'password (default: generated); prefer ADMIN_PASSWORD to keep it out of shell history')
  .action(async (opts: { username: string; email?: string; password?: string }) => {
    const cfg = config()
    const password = opts.password ?? process.env.ADMIN_PASSWORD ?? generatePassword()
    const passwordSource = opts.password !== undefined ? '--password' : process.env.ADMIN_PASSWORD !== undefined ? 'ADMIN_PASSWORD' : 'generated'
    const input = { username: opts.username, email: opts.email ?? `${opts.username}@library.invalid`, password, passwordSource }
    const problem = adminInputProblem(input)
    if (problem) throw new CliError(problem)
    const user = await withDatabase(async (db) => {
      try {
        return await createUser({ db, hasher: new PasswordHasher(cfg.argon2), clock: systemClock }, { ...input, roles: ['admin'] })
      } catch (error) {
        if (error instanceof AppError && error.code === 'already_exists') {
          throw new CliError(/email/i.test(error.message) ? `the email ${input.email} is already registered` : `the username ${input.username} is taken`)
        }
        throw error
      }
    })
    console.log(`created admin ${user.username} (id ${user.id})`)
    if (passwordSource === 'generated') console.log(`password: ${password}  (shown once)`)
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
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'already_exists')) throw error
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
    const base = config()
    const cfg = { ...base, database: { dialect: 'sqlite', path: ':memory:' } as const, redisUrl: undefined, importOnStart: false, tasks: { ...base.tasks, workers: false } }
    const app = await buildApp(cfg, { logger: false })
    await app.ready()
    const doc = JSON.stringify(app.swagger(), null, 2)
    await app.close()
    if (!opts.out) return void console.log(doc)
    try {
      writeFileSync(opts.out, doc + '\n')
    } catch (cause) {
      throw new CliError(`cannot write ${opts.out}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}`, { cause })
    }
  })

/**
 * The arguments with `serve` put first when no command is named (`library-api`,
 * `library-api --workers 4`), so that an unknown word is an unknown command rather than an
 * argument swallowed by a default command.
 */
function withDefaultCommand(args: string[]): string[] {
  const first = args[0]
  const rootOption = first === '-h' || first === '--help' || first === '-V' || first === '--version'
  return first === undefined || (first.startsWith('-') && !rootOption) ? ['serve', ...args] : args
}

const args = withDefaultCommand(process.argv.slice(2))
program.parseAsync(args, { from: 'user' }).catch((error: unknown) => {
  const exitCode = (error as { exitCode?: unknown }).exitCode
  if (error instanceof Error && error.name === 'CommanderError' && exitCode === 0) process.exit(0)
  const command = program.commands.find((c) => c.name() === args[0])?.name() ?? 'library-api'
  const context = loaded ? { port: loaded.port, host: loaded.host } : {}
  process.stderr.write(`${command}: ${describeError(error, context)}\n`)
  if (wantsStack(process.env)) process.stderr.write(`${stackOf(error)}\n`)
  process.exit(1)
})
