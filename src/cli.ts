import { readFileSync, writeFileSync } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Command, InvalidArgumentError } from 'commander'
import dotenv from 'dotenv'
import { sql } from 'kysely'
import { buildApp } from './app.ts'
import { generatePassword } from './bootstrap.ts'
import { adminInputProblem } from './cli/admin-input.ts'
import { registerKeyCommands } from './cli/keys.ts'
import { CliError, databaseUnreachable, describeError, firstLine, stackOf, wantsStack } from './cli/errors.ts'
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

/** `--year`: the API's rule for `GET /api/v1/books?year=` (canonical decimal, -5000 to 2100). */
function parseYear(value: string): number {
  const n = Number(value)
  if (!/^-?(0|[1-9]\d*)$/.test(value) || n < -5000 || n > 2100) throw new InvalidArgumentError('a whole year from -5000 to 2100')
  return n
}

/** A text filter: not empty (the API refuses an empty filter too). */
function parseFilterText(value: string): string {
  if (value === '') throw new InvalidArgumentError('not empty')
  return value
}

/**
 * Where `export` writes: standard output, or a file written under a temporary name in its
 * folder and renamed into place once complete (a failed export leaves no half file behind).
 * `write` resolves when the chunk is taken: at once while the pipe has room, else on `drain`.
 */
async function openOutput(out: string | undefined): Promise<{ write: (chunk: Buffer) => Promise<void>; commit(): Promise<void>; discard(): Promise<void> }> {
  if (out === undefined) {
    let failure: Error | undefined
    process.stdout.on('error', (error) => (failure ??= error))
    const drained = () => new Promise<void>((resolve) => process.stdout.once('drain', resolve))
    return {
      write: async (chunk) => {
        if (failure) throw failure
        if (!process.stdout.write(chunk)) await drained()
      },
      commit: async () => {},
      discard: async () => {},
    }
  }
  const temporary = `${out}.${process.pid}.partial`
  const cannotWrite = (cause: unknown) => new CliError(`cannot write ${out}: ${(cause as NodeJS.ErrnoException).code ?? firstLine(cause)}`, { cause })
  const file = await open(temporary, 'w').catch((cause: unknown) => {
    throw cannotWrite(cause)
  })
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await file.close()
  }
  return {
    write: async (chunk) => {
      await file.write(chunk).catch((cause: unknown) => {
        throw cannotWrite(cause)
      })
    },
    commit: async () => {
      await close()
      await rename(temporary, out).catch((cause: unknown) => {
        throw cannotWrite(cause)
      })
    },
    discard: async () => {
      await close().catch(() => {})
      await rm(temporary, { force: true })
    },
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`

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
      // A bar on a terminal; otherwise one summary line on stderr (the report goes to stdout).
      const progress = createProgress(undefined, { label: 'importing', unit: 'rows' })
      try {
        const done = await importCatalog(db, csv, { clock: systemClock, onProgress: (n, total) => progress.update(n, total) })
        const rows = done.imported + done.rejected + done.skipped_existing
        progress.stop(`imported ${done.imported} of ${count(rows, 'row')} (${done.skipped_existing} already in the catalog, ${done.rejected} rejected) in ${seconds(done.seconds * 1000)}`)
        return done
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
  .command('export')
  .description('write the catalog (or the books matching the filters, as GET /api/v1/books filters them) as CSV, in the form `import` reads back')
  .option('-o, --out <file>', 'write to this file (default: standard output)')
  .option('--author <text>', 'books whose author contains this text (case-insensitive)', parseFilterText)
  .option('--genre <genre>', 'books with this genre (case-insensitive)', parseFilterText)
  .option('--language <tag>', 'books in this language (case-insensitive)', parseFilterText)
  .option('--year <n>', 'books published this year (negative before the common era: --year=-750)', parseYear)
  .action(async (opts: { out?: string; author?: string; genre?: string; language?: string; year?: number }) => {
    const [{ exportCatalog }, { createProgress, formatBytes }] = await Promise.all([import('./modules/books/export/export-catalog.ts'), import('./modules/books/import/progress.ts')])
    const filter = { author: opts.author, genre: opts.genre, language: opts.language, year: opts.year }
    await withDatabase(async (db) => {
      const output = await openOutput(opts.out)
      const progress = createProgress(undefined, { label: 'exporting', unit: 'books' })
      const started = performance.now()
      try {
        const summary = await exportCatalog(db, filter, output.write, { onProgress: (done, total) => progress.update(done, total) })
        await output.commit()
        progress.stop(`exported ${count(summary.rows, 'book')} (${formatBytes(summary.bytes)}) in ${seconds(performance.now() - started)}`)
      } catch (error) {
        await output.discard()
        throw error
      } finally {
        progress.stop()
      }
    })
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

const audit = program.command('audit').description('the security audit log')
audit
  .command('verify')
  .description('check the audit log\'s hash chain from its retention anchor to its head: exit 0 "chain valid, N rows", or exit 1 naming the first row that was changed, removed or reordered')
  .action(async () => {
    const { verifyAuditChain } = await import('./modules/audit/audit.service.ts')
    const verdict = await withDatabase(verifyAuditChain)
    if (!verdict.ok) throw new CliError(`chain broken at row ${verdict.id}: ${verdict.reason} (${verdict.rows} rows before it are valid)`)
    console.log(`chain valid, ${verdict.rows} rows`)
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

registerKeyCommands(program, () => {
  dotenv.config({ quiet: true })
  return process.env
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
