#!/usr/bin/env node
// Runs the whole suite once per database backend: SQLite (a real file) and PostgreSQL.
// PostgreSQL is required: when it does not answer the run fails — it never passes by skipping.
// TEST_MODES=sqlite (or postgres) limits the run to one backend; extra arguments are test files.
// Files that touch neither a database nor Redis run in the first backend's pass only (DATABASE_FREE).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'

const modes = (process.env.TEST_MODES ?? 'sqlite,postgres').split(',').map((m) => m.trim()).filter(Boolean)
const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const files = process.argv.slice(2)
// Test files run at once (node --test-concurrency); 2 for the 2-core CI machine.
const concurrency = Number(process.env.TEST_CONCURRENCY ?? 2)
if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`TEST_CONCURRENCY must be a whole number ≥ 1, not ${process.env.TEST_CONCURRENCY}`)
// Node 20's test runner does not expand globs: list the test files here.
const findTests = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? findTests(join(dir, entry.name)) : entry.name.endsWith('.test.ts') ? [join(dir, entry.name)] : [],
  )
const pattern = files.length ? files : findTests('test').sort()
// A file that opens with this line touches no database and no Redis: it runs in the first
// backend's pass only (a second pass would run the very same code).
const DATABASE_FREE = "// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only."
const databaseFree = new Set(pattern.filter((file) => readFileSync(file, 'utf8').startsWith(DATABASE_FREE)))
// A runtime that strips TypeScript types itself (Node.js ≥ 22.18 / 23.6; `process.features.typescript`)
// loads the tests and sources as they are; older ones (Node 20) go through tsx. The sources keep to
// erasable syntax (tsconfig `erasableSyntaxOnly`) so both load them alike. Each test file is its own
// process, and tsx's loader thread cost about a second of CPU in each.
const typescriptLoader = process.features.typescript ? [] : ['--import', 'tsx']
// --test-force-exit: a test file's process ends once its tests have, even if a handle it leaked
// would keep it alive (CI once waited four minutes on a file whose tests had all passed). Not on
// Node 20: its runner then exits before the TAP reporter has written its file, and the counts are lost.
const forceExit = Number(process.versions.node.split('.')[0]) >= 22 ? ['--test-force-exit'] : []

async function postgresAnswers() {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch (error) {
    console.error(`PostgreSQL at ${databaseUrl.replace(/\/\/[^@]*@/, '//…@')} does not answer: ${error.message}`)
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
async function redisAnswers() {
  const client = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch (error) {
    console.error(`Redis at ${redisUrl} does not answer: ${error.message}`)
    return false
  } finally {
    client.disconnect()
  }
}

// Every schema a test makes carries this run's tag (t_r<pid>_…, imp_r<pid>_…, srv_r<pid>_…), so
// parallel runs on one database never drop each other's schemas. A run is alive while its guard
// connection (application_name library-tests-<tag>) is open: that holds across PID namespaces,
// where a kill(pid, 0) check would call another sandbox's live run dead and drop its schemas.
const tag = `r${process.pid}`
const TAGGED = /^(?:t|imp|srv)_(r\d+)_/
const GUARD = 'library-tests-'
let guard

/** Opens the connection that marks this run as alive for as long as it lasts. */
async function holdGuard() {
  guard = new pg.Client({ connectionString: databaseUrl, application_name: `${GUARD}${tag}` })
  await guard.connect()
}

/** Drops this run's test schemas; with `stale`, also those of runs that are no longer alive (and untagged leftovers). */
async function dropTestSchemas({ stale = false } = {}) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query(`select nspname from pg_namespace where nspname ~ '^(t|imp|srv)_[a-z0-9_]+$'`)
    const live = new Set(
      (await client.query(`select application_name from pg_stat_activity where application_name like $1`, [`${GUARD}%`])).rows.map((row) => row.application_name.slice(GUARD.length)),
    )
    for (const { nspname } of rows) {
      const owner = TAGGED.exec(nspname)?.[1]
      const mine = owner === tag
      if (mine || (stale && (owner === undefined || !live.has(owner)))) await client.query(`drop schema if exists "${nspname}" cascade`)
    }
  } finally {
    await client.end()
  }
}

/**
 * The slowest top-level tests of a TAP report by `duration_ms`, slowest first: where CI time goes
 * (the runner reports each file's tests at the top level, not the file).
 */
function slowestEntries(report, count) {
  const files = [...report.matchAll(/^(?:not )?ok \d+ - (.+)\n {2}---\n {2}duration_ms: ([\d.]+)$/gm)].map((m) => [m[1], Number(m[2])])
  return files.sort((a, b) => b[1] - a[1]).slice(0, count)
}

const totals = { pass: 0, fail: 0 }
const dir = mkdtempSync(join(tmpdir(), 'library-tests-'))
// V8's compile cache (Node.js >= 22.1, ignored by older ones): every process the suite starts —
// test files, servers, CLI commands — loads the same modules, compiled once for the run.
// https://nodejs.org/api/module.html#module-compile-cache
const compileCache = join(dir, 'compile-cache')
let failed = false
for (const [index, mode] of modes.entries()) {
  const selected = index === 0 ? pattern : pattern.filter((file) => !databaseFree.has(file))
  if (selected.length < pattern.length) console.log(`\n(${pattern.length - selected.length} database-free test files ran in the ${modes[0]} pass and are not repeated on ${mode})`)
  if (selected.length === 0) continue
  if (mode === 'postgres' && !((await postgresAnswers()) && (await redisAnswers()))) {
    console.error('The distributed suite cannot run. Start PostgreSQL and Redis or set TEST_DATABASE_URL / TEST_REDIS_URL (TEST_MODES=sqlite runs SQLite only).')
    failed = true
    totals.fail += 1
    continue
  }
  if (mode === 'postgres') {
    await holdGuard()
    await dropTestSchemas({ stale: true })
  }
  console.log(`\n=== API suite on ${mode === 'postgres' ? 'PostgreSQL + Redis' : 'SQLite + memory'}, Node.js ${process.version} ===`)
  const tap = join(dir, `${mode}.tap`)
  const result = spawnSync(
    process.execPath,
    [...typescriptLoader, '--test', ...forceExit, `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...selected],
    // The PostgreSQL pass is the distributed mode: rate limits and caches on Redis too. Servers the
    // tests spawn do not shed load (as testConfig): a starved CI machine must not answer 503.
    { stdio: 'inherit', env: { NODE_COMPILE_CACHE: compileCache, ...process.env, TEST_DB: mode, TEST_DATABASE_URL: databaseUrl, TEST_REDIS: mode === 'postgres' ? '1' : '0', TEST_SCHEMA_TAG: tag, SHED_MAX_EVENT_LOOP_DELAY: process.env.SHED_MAX_EVENT_LOOP_DELAY ?? '0', SHED_TARGET_DELAY: process.env.SHED_TARGET_DELAY ?? '0', SHED_MAX_IN_FLIGHT: process.env.SHED_MAX_IN_FLIGHT ?? '0' } },
  )
  if (mode === 'postgres') await dropTestSchemas()
  const report = readFileSync(tap, 'utf8')
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(report)?.[1] ?? 0)
  const pass = count('pass')
  const fail = count('fail') + count('cancelled')
  const slowest = slowestEntries(report, 8)
  const short = (name) => (name.includes('/test/') ? name.replace(/^.*?\/test\//, 'test/') : name.length > 70 ? `${name.slice(0, 69)}…` : name)
  if (slowest.length) console.log(`slowest on ${mode}:\n${slowest.map(([name, ms]) => `  ${(ms / 1000).toFixed(0).padStart(4)} s  ${short(name)}`).join('\n')}`)
  console.log(`${mode}: ${pass} passed, ${fail} failed`)
  totals.pass += pass
  totals.fail += fail
  if (result.status !== 0 || pass === 0) failed = true
}
rmSync(dir, { recursive: true, force: true })
await guard?.end().catch(() => {})
console.log(`\ntests: ${totals.pass} passed, ${totals.fail} failed`)
process.exit(failed || totals.fail > 0 ? 1 : 0)
