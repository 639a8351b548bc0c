/**
 * `npm run bench`: builds the project, serves it from dist/ on a fresh SQLite file with the
 * goodbooks catalog, and drives it with autocannon — W1 (cache off, then on), W2, W3, W4, W5 —
 * beside the raw baseline (bench/raw-server.ts) answering W1–W3, and W2 with EdDSA keys and W5
 * with `AUDIT_LOG=false` on second API processes (issue 10's costs); then W1, W2, W4 on PostgreSQL
 * (+ Redis), and `serve --workers 1|2` on both. Writes BENCHMARKS.md and BENCHMARKS.json.
 *
 * The server gets CPU 0 and the load generator (this process) CPU 1 when `taskset` exists and
 * the machine has two cores or more; the workers runs share every core.
 *
 * Settings (environment): BENCH_DURATION (10 s), BENCH_WARMUP (2 s), BENCH_CONNECTIONS (50),
 * BENCH_OUT (output folder; default the repository root for a full run, a temporary folder
 * otherwise), BENCH_PG (auto|true|false), BENCH_PG_URL (postgres://postgres@127.0.0.1:5432),
 * BENCH_PG_DATABASE (library_bench), BENCH_REDIS (auto|true|false), BENCH_REDIS_URL
 * (redis://127.0.0.1:6379), BENCH_SERVER_NODE_FLAGS (`--max-semi-space-size=2 --heap-growing-percent=35`), BENCH_WORKERS (true|false), BENCH_WORKER_WORKLOADS (W1),
 * BENCH_RATE_LIMIT (1000000000/min), BENCH_SKIP_BUILD, BENCH_STRICT (exit 1 when a target is
 * missed), BENCH_ENV_<NAME> (passes NAME to the server), BENCH_NODE (the Node.js binary the servers
 * run under; default the one running the bench), BENCH_COMPARE_NODE (a second binary: W1–W3 are
 * measured on the API under both, alternately on the same database, in a "Runtimes" table — see
 * scripts/node-runtime.sh for another release), BENCH_ONLY (`tasks`, `overload` or `auth`: that
 * section alone; `auth` = W2 HS256/EdDSA and W5 audit on/off on SQLite), BENCH_PAIR_ROUNDS (2: ABBA
 * rounds of those pairs). `--profile` runs W1 and W2 under
 * `node --cpu-prof` instead and prints where the time goes.
 */
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { availableParallelism, cpus, release, tmpdir, totalmem, type } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual, parseArgs } from 'node:util'
import autocannon, { type Result } from 'autocannon'
import Database from 'better-sqlite3'
import { Redis } from 'ioredis'
import pg from 'pg'
import { EnvSchema, loadConfig } from '../src/config.ts'
import { generateKey } from '../src/modules/keys/key-set.ts'
import { commandCpuSeconds, freePort, hasTaskset, pinSelf, type ServerProcess, startProcess, stopProcess, treeCpuByPid, treeRssBytes, waitReady, waitSettled } from './proc.ts'
import { type OverloadFigures, runOverloadBench } from './overload.ts'
import { summarizeProfile } from './profile.ts'
import { evaluateTargets, renderMarkdown, type Report, type Row, type RuntimeRows } from './report.ts'
import { runTaskBench, type TaskBenchHost, type TaskBenchSettings, type TaskFigures } from './tasks.ts'
import { type BenchUser, type WorkloadContext, type WorkloadId, workloadOptions } from './workloads.ts'

/** The server's Node.js flags: as `npm run start:built` and the Dockerfile start it, unless BENCH_SERVER_NODE_FLAGS says otherwise. */
const SERVER_NODE_FLAGS = (process.env.BENCH_SERVER_NODE_FLAGS ?? '--max-semi-space-size=2 --heap-growing-percent=35').split(' ').filter(Boolean)
/** The Node.js binary of every server and CLI run (BENCH_NODE), and the one W1–W3 are compared with (BENCH_COMPARE_NODE). */
const SERVER_NODE = process.env.BENCH_NODE || process.execPath
const COMPARE_NODE = process.env.BENCH_COMPARE_NODE || undefined
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const CLI = join(ROOT, 'dist', 'cli.js')
const TSX = import.meta.resolve('tsx')

// ---------------------------------------------------------------------------------------------
// settings

const args = parseArgs({ options: { out: { type: 'string' }, profile: { type: 'boolean', default: false }, 'tasks-only': { type: 'boolean', default: false } }, allowPositionals: false })
const env = process.env
const num = (name: string, fallback: number) => {
  const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name])
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
  return value
}
const tri = (name: string): 'auto' | 'on' | 'off' => {
  const v = (env[name] ?? 'auto').toLowerCase()
  return v === 'true' || v === '1' || v === 'on' ? 'on' : v === 'false' || v === '0' || v === 'off' ? 'off' : 'auto'
}
/** `BENCH_ONLY`: one section alone (`tasks`, `overload`, `auth`), or everything when unset. */
const only = (env.BENCH_ONLY ?? '').trim().toLowerCase()
if (!['', 'tasks', 'overload', 'auth'].includes(only)) throw new Error('BENCH_ONLY must be tasks, overload or auth (or unset: everything)')
const settings = {
  duration: num('BENCH_DURATION', 10),
  warmup: num('BENCH_WARMUP', 2),
  connections: Math.round(num('BENCH_CONNECTIONS', 50)),
  out: args.values.out ?? env.BENCH_OUT,
  pg: tri('BENCH_PG'),
  pgUrl: env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432',
  pgDatabase: env.BENCH_PG_DATABASE ?? 'library_bench',
  redis: tri('BENCH_REDIS'),
  redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  workers: tri('BENCH_WORKERS') !== 'off',
  workerWorkloads: (env.BENCH_WORKER_WORKLOADS ?? 'W1').split(',').map((w) => w.trim().toUpperCase()).filter(Boolean) as WorkloadId[],
  rateLimit: env.BENCH_RATE_LIMIT ?? '1000000000/min',
  skipBuild: tri('BENCH_SKIP_BUILD') === 'on',
  strict: tri('BENCH_STRICT') === 'on',
  profile: args.values.profile ?? false,
  /** the task section (bench/tasks.ts) on each backend */
  tasks: tri('BENCH_TASKS') !== 'off',
  /** only the task section (`BENCH_ONLY=tasks` or `--tasks-only`) */
  tasksOnly: args.values['tasks-only'] === true || only === 'tasks',
  /** the overload section (load shedding, bench/overload.ts); BENCH_OVERLOAD=false skips it */
  overload: tri('BENCH_OVERLOAD') !== 'off',
  /** only the overload section (`BENCH_ONLY=overload`) */
  overloadOnly: only === 'overload',
  /** only the costs of issue 10 on SQLite (`BENCH_ONLY=auth`): W2 with HS256 and with EdDSA keys, W5 with the audit log on and off */
  authOnly: only === 'auth',
  task: {
    importRuns: Math.round(num('BENCH_TASK_IMPORT_RUNS', 3)),
    exportRuns: Math.round(num('BENCH_TASK_EXPORT_RUNS', 5)),
    largeBooks: Math.round(num('BENCH_TASK_LARGE_BOOKS', 100_000)),
    latencySamples: Math.round(num('BENCH_TASK_LATENCY_SAMPLES', 20)),
    latencyGapMs: num('BENCH_TASK_LATENCY_GAP', 1000),
    pollMs: num('BENCH_TASK_POLL', 10),
    rssSampleMs: num('BENCH_TASK_RSS_SAMPLE', 20),
    reads: tri('BENCH_TASK_READS') !== 'off',
  } satisfies TaskBenchSettings,
}
if (settings.tasksOnly && !settings.tasks) throw new Error('BENCH_ONLY=tasks (or --tasks-only) with BENCH_TASKS=false runs nothing')
/** Only a whole run with the issue's parameters may write the committed BENCHMARKS.md. */
const fullRun = settings.duration === 10 && settings.connections === 50 && settings.warmup >= 2 && only === '' && !settings.tasksOnly

const cores = availableParallelism()
const canPin = cores >= 2 && hasTaskset()
const SERVER_CPU = canPin ? '0' : undefined
const LOAD_CPU = '1'
const ALL_CPUS = canPin ? `0-${cores - 1}` : undefined
/** `library-api worker` in the task section: a core of its own from three cores up, else the load generator's. */
const WORKER_CPUS = canPin ? (cores >= 3 ? `2-${cores - 1}` : LOAD_CPU) : undefined
const WORKER_PLACEMENT = !canPin
  ? 'unpinned'
  : cores >= 3
    ? `CPU ${WORKER_CPUS}, away from the server and the load generator`
    : `CPU ${LOAD_CPU}, shared with the load generator (two cores: no third one)`

/**
 * The CPUs of a server's export thread in the task section (`TASK_WORKER_CPUS`): another core than
 * the server's — the third and up when there are, else the load generator's.
 */
const EXPORT_CPUS = env.BENCH_ENV_TASK_WORKER_CPUS ?? WORKER_CPUS
const EXPORT_PLACEMENT = !EXPORT_CPUS
  ? 'on the server\'s CPUs'
  : env.BENCH_ENV_TASK_WORKER_CPUS !== undefined
    ? `on CPU ${EXPORT_CPUS} (BENCH_ENV_TASK_WORKER_CPUS)`
    : `on ${WORKER_PLACEMENT} (TASK_WORKER_CPUS)`

/**
 * Every policy raised to BENCH_RATE_LIMIT, each one a little lower than the one before (`N/min`,
 * `N-1/min`, …) so that `RateLimit-Limit` tells which policy counted a request.
 */
const RATE_POLICIES = ['ANONYMOUS', 'MEMBER', 'PREMIUM', 'STAFF', 'LOGIN', 'REGISTER'] as const
const RATE_LIMITS: Record<(typeof RATE_POLICIES)[number], string> = (() => {
  const m = /^(\d+)\s*\/\s*(sec|min|hour|day)$/.exec(settings.rateLimit.trim())
  return Object.fromEntries(RATE_POLICIES.map((p, i) => [p, m ? `${Math.max(1, Number(m[1]) - i)}/${m[2]}` : settings.rateLimit])) as Record<(typeof RATE_POLICIES)[number], string>
})()
const limitOf = (policy: (typeof RATE_POLICIES)[number]) => Number(/^(\d+)\//.exec(RATE_LIMITS[policy])?.[1] ?? NaN)

const JWT_SECRET = randomBytes(48).toString('base64url')
const PASSWORD = `Bench-${randomBytes(12).toString('base64url')}-9a`
const ADMIN = 'bench_admin'

// ---------------------------------------------------------------------------------------------
// helpers

const T0 = Date.now()
const log = (msg: string) => process.stderr.write(`[bench +${((Date.now() - T0) / 1000).toFixed(0)}s] ${msg}\n`)

/** What must be undone on exit: servers, the temporary folder, the PostgreSQL database, Redis keys. */
const cleanups: Array<() => Promise<void> | void> = []
const running = new Set<ServerProcess>()

async function cleanup(): Promise<void> {
  for (const server of running) server.child.kill('SIGKILL')
  running.clear()
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn()
    } catch (error) {
      log(`cleanup: ${(error as Error).message}`)
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`)
    void cleanup().finally(() => process.exit(130))
  })
}

/** The server's environment: ours, with every setting of the service replaced by the bench's. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env }
  const serviceKeys = new Set(Object.keys(EnvSchema.properties))
  for (const key of Object.keys(out)) {
    if (serviceKeys.has(key) || /^(RATE_LIMIT_|CACHE_|REDIS_|TEST_|BENCH_)/.test(key)) delete out[key]
  }
  const limits = Object.fromEntries(RATE_POLICIES.map((p) => [`RATE_LIMIT_${p}`, RATE_LIMITS[p]]))
  const passthrough = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('BENCH_ENV_')).map(([k, v]) => [k.slice('BENCH_ENV_'.length), v]))
  return {
    ...out,
    NODE_ENV: 'production',
    // glibc's per-thread malloc arenas, as `npm run start:built` and the Dockerfile set them
    MALLOC_ARENA_MAX: '2',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JWT_SECRET,
    ACCESS_TOKEN_TTL: '7200',
    ADMIN_USERNAME: ADMIN,
    ADMIN_PASSWORD: PASSWORD,
    CATALOG_CSV: join(ROOT, 'data', 'goodbooks-10k', 'books.csv'),
    IMPORT_ON_START: 'true',
    ...limits,
    ...extra,
    ...passthrough,
  }
}

interface Reply {
  status: number
  headers: Headers
  json: unknown
}

async function call(base: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Reply> {
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(base + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(60_000),
  })
  const text = await res.text()
  let json: unknown = text
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, json }
}

function expectStatus(reply: Reply, statuses: number[], what: string): Reply {
  if (!statuses.includes(reply.status)) throw new Error(`${what}: HTTP ${reply.status} ${JSON.stringify(reply.json).slice(0, 500)}`)
  return reply
}

/** Runs `fn` over `items`, `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

function tcpOpen(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url)
  return new Promise((resolveOpen) => {
    const socket = connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) })
    const done = (ok: boolean) => {
      socket.destroy()
      resolveOpen(ok)
    }
    socket.setTimeout(1500, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

/** A valid ISBN-13 (prefix 979, random body, EAN-13 check digit), hyphenated. */
function randomIsbn13(): string {
  const first12 = `979${Array.from(randomBytes(9), (b) => b % 10).join('')}`
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3)
  const compact = first12 + String((10 - (sum % 10)) % 10)
  return `${compact.slice(0, 3)}-${compact.slice(3)}`
}

// ---------------------------------------------------------------------------------------------
// servers

interface ServeOptions {
  name: string
  databaseUrl: string
  cache: boolean
  workers?: number
  redis?: { url: string; prefix: string }
  cpus: string | undefined
  nodeArgs?: string[]
  /** the Node.js binary (SERVER_NODE unless given) */
  node?: string
  cwd: string
  /** more settings of the server (IMPORT_ON_START=false…) */
  env?: Record<string, string>
}

async function startApi(o: ServeOptions): Promise<ServerProcess> {
  const port = await freePort()
  const extra: Record<string, string> = { PORT: String(port), DATABASE_URL: o.databaseUrl, CACHE_ENABLED: String(o.cache) }
  if (o.redis) Object.assign(extra, { REDIS_URL: o.redis.url, REDIS_KEY_PREFIX: o.redis.prefix })
  Object.assign(extra, o.env)
  const cmd = [o.node ?? SERVER_NODE, ...SERVER_NODE_FLAGS, ...(o.nodeArgs ?? []), CLI, 'serve', ...(o.workers ? ['--workers', String(o.workers)] : [])]
  const server = startProcess(o.name, cmd, { env: serverEnv(extra), cwd: o.cwd, cpus: o.cpus, port })
  running.add(server)
  await waitReady(server, '/health/ready')
  // ready = one worker listens; wait for all of them (primary + N workers, done starting)
  if (o.workers) await waitSettled(server.pid, o.workers + 1)
  return server
}

async function startRaw(dbPath: string, cwd: string, nodeArgs: string[] = []): Promise<ServerProcess> {
  const port = await freePort()
  const rawEnv = { ...env, RAW_DB_PATH: dbPath, JWT_SECRET, PORT: String(port), HOST: '127.0.0.1', JWT_ISSUER: 'library-api', JWT_AUDIENCE: 'library-api' }
  const server = startProcess('raw', [SERVER_NODE, ...nodeArgs, '--import', TSX, join(ROOT, 'bench', 'raw-server.ts')], { env: rawEnv, cwd, cpus: SERVER_CPU, port })
  running.add(server)
  await waitReady(server, '/health')
  return server
}

async function stop(server: ServerProcess): Promise<string> {
  const code = await stopProcess(server)
  running.delete(server)
  return code === 0 ? 'exit 0 (graceful)' : `exit ${code}`
}

// ---------------------------------------------------------------------------------------------
// setup and checks

async function login(base: string, username: string, password: string): Promise<string> {
  const reply = expectStatus(await call(base, 'POST', '/api/v1/auth/login', { body: { username, password } }), [200], `login ${username}`)
  return (reply.json as { access_token: string }).access_token
}

interface Setup extends WorkloadContext {
  adminToken: string
  revokedToken: string
}

/** Creates the librarian and members (admin → POST /admin/users), logs them in, lists the catalog. */
async function setup(base: string, members: number): Promise<Setup> {
  const adminToken = await login(base, ADMIN, PASSWORD)
  const create = async (username: string, roles: string[]) => {
    const reply = await call(base, 'POST', '/api/v1/admin/users', { token: adminToken, body: { username, email: `${username}@bench.invalid`, password: PASSWORD, roles } })
    expectStatus(reply, [201, 409], `create ${username}`)
  }
  const names = Array.from({ length: members }, (_, i) => `bench_m${String(i).padStart(3, '0')}`)
  await create('bench_librarian', ['librarian'])
  await create('bench_revoked', ['member'])
  await pool(names, 4, (name) => create(name, ['member']))
  const librarian: BenchUser = { username: 'bench_librarian', password: PASSWORD, token: await login(base, 'bench_librarian', PASSWORD) }
  const memberUsers = await pool(names, 4, async (username) => ({ username, password: PASSWORD, token: await login(base, username, PASSWORD) }))
  const revokedToken = await login(base, 'bench_revoked', PASSWORD)
  expectStatus(await call(base, 'POST', '/api/v1/auth/logout', { token: revokedToken }), [204], 'logout')

  const first = expectStatus(await call(base, 'GET', '/api/v1/books?page=1&per_page=100'), [200], 'list books').json as { total_pages: number }
  const pages = Array.from({ length: first.total_pages }, (_, i) => i + 1)
  const books = (
    await pool(pages, 4, async (page) => {
      const reply = expectStatus(await call(base, 'GET', `/api/v1/books?page=${page}&per_page=100`, { token: librarian.token }), [200], 'list books')
      return (reply.json as { items: Array<{ id: number; copies_available: number }> }).items
    })
  ).flat()
  if (books.length < 1000) throw new Error(`the catalog holds ${books.length} books; the import did not run?`)
  return {
    adminToken,
    revokedToken,
    librarian,
    members: memberUsers,
    bookIds: books.map((b) => b.id),
    borrowable: books.filter((b) => b.copies_available > 0).map((b) => b.id),
  }
}

/** Rounds of ABBA order in {@link measurePair}: each variant is measured 2 × PAIR_ROUNDS times. */
const PAIR_ROUNDS = Math.max(1, Math.round(num('BENCH_PAIR_ROUNDS', 2)))

/**
 * One workload on two more API processes on the same database, started alike and both up, the
 * members logged in again on each, measured in ABBA order `PAIR_ROUNDS` times over (A, B, B, A,
 * A, B, B, A…); each row's req/s is the mean of its runs. Single runs of separate processes moved
 * by ±5–10 % from one run to the next, as much as the 5 % targets this serves; the ABBA order
 * cancels a drift of the machine (and of the database, which logins grow) and the repetitions
 * shrink the rest.
 */
async function measurePair(workload: WorkloadId, variants: [[string, Record<string, string>], [string, Record<string, string>]], databaseUrl: string, cwd: string, ctx: Setup, pinned: boolean): Promise<Row[]> {
  const servers: ServerProcess[] = []
  try {
    const prepared: Array<{ server: ServerProcess; members: BenchUser[]; runs: Row[]; variant: string }> = []
    for (const [variant, env] of variants) {
      const server = await startApi({ name: `api (sqlite, ${variant})`, databaseUrl, cache: true, cpus: SERVER_CPU, cwd, env: { IMPORT_ON_START: 'false', ...env } })
      servers.push(server)
      const members = await pool(ctx.members, 4, async (member) => ({ ...member, token: await login(server.url, member.username, member.password) }))
      prepared.push({ variant, server, members, runs: [] })
    }
    for (let round = 0; round < PAIR_ROUNDS; round++) {
      for (const index of [0, 1, 1, 0]) {
        const { variant, server, members, runs } = prepared[index]!
        runs.push(await measure({ server, backend: 'sqlite', kind: 'api', workload, variant, pinned }, { ...ctx, members }))
      }
    }
    return prepared.map(({ runs }) => ({ ...runs.at(-1)!, reqPerSec: runs.reduce((sum, row) => sum + row.reqPerSec, 0) / runs.length }))
  } finally {
    for (const server of servers) await stop(server)
  }
}

/**
 * W2 with HS256 (variant `HS256 own process`) and with EdDSA tokens (`JWT_KEYS`: one new Ed25519
 * key; variant `EdDSA`), by {@link measurePair}: the cost of asymmetric signing keys (target:
 * within 5 %).
 */
async function measureEdDsaW2(databaseUrl: string, cwd: string, ctx: Setup, pinned: boolean): Promise<Row[]> {
  const keys = JSON.stringify({ keys: [await generateKey('EdDSA', new Date())] })
  return measurePair('W2', [['HS256 own process', {}], ['EdDSA', { JWT_KEYS: keys }]], databaseUrl, cwd, ctx, pinned)
}

/**
 * W5 with the audit log on (variant `audit on`) and off (`AUDIT_LOG=false`: no audit row, no
 * chain lock, no `audit` log line per login; variant `audit off`), by {@link measurePair}: what
 * the audit trail costs a login (target: within 5 %). Both `NODE_ENV=development`, as production
 * refuses `AUDIT_LOG=false`; in this code base NODE_ENV changes nothing but those start-up
 * refusals (src/config.ts).
 */
async function measureAuditW5(databaseUrl: string, cwd: string, ctx: Setup, pinned: boolean): Promise<Row[]> {
  return measurePair('W5', [['audit on', { NODE_ENV: 'development' }], ['audit off', { AUDIT_LOG: 'false', NODE_ENV: 'development' }]], databaseUrl, cwd, ctx, pinned)
}

/** What this build does on the paths under test (rate-limit headers, X-Cache, token checks on W2's route). */
async function probe(base: string, ctx: Setup): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const a = await call(base, 'GET', '/api/v1/books?page=499&per_page=19')
  const b = await call(base, 'GET', '/api/v1/books?page=499&per_page=19')
  const xCache = [a.headers.get('x-cache'), b.headers.get('x-cache')]
  out['response cache'] = xCache[1] ? `X-Cache ${xCache[0]} then ${xCache[1]}` : 'no X-Cache header (no response cache in this build)'
  const limit = a.headers.get('ratelimit-limit') ?? a.headers.get('x-ratelimit-limit')
  out['rate limiter'] = limit ? `on, RateLimit-Limit ${limit}${a.headers.get('ratelimit-policy') ? ` (policy ${a.headers.get('ratelimit-policy')})` : ''}` : 'no RateLimit-* headers (no rate limiter in this build)'
  // W2's route is public: does the API look at the token at all (the route, or the rate limiter
  // keying by user), and does it check revocation? RateLimit-Limit names the policy that counted.
  const id = ctx.bookIds[0] as number
  const token = ctx.members[0]?.token as string
  const valid = await call(base, 'GET', `/api/v1/books/${id}`, { token })
  const forged = await call(base, 'GET', `/api/v1/books/${id}`, { token: `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}` })
  const revoked = await call(base, 'GET', `/api/v1/books/${id}`, { token: ctx.revokedToken })
  const policy = (r: Reply) => {
    const n = Number(r.headers.get('ratelimit-limit') ?? NaN)
    return n === limitOf('MEMBER') ? 'member' : n === limitOf('ANONYMOUS') ? 'anonymous' : 'unknown'
  }
  const [pv, pf, pr] = [policy(valid), policy(forged), policy(revoked)]
  const verdict =
    forged.status === 401 && revoked.status === 401
      ? 'the route authenticates: JWT verified and revocation checked'
      : pv === 'member' && pf === 'anonymous' && pr === 'anonymous'
        ? 'the rate limiter verifies the JWT and checks revocation (a bad token counts as anonymous)'
        : pv === 'member' && pf === 'anonymous'
          ? 'the rate limiter verifies the JWT but does NOT check revocation'
          : pv === 'anonymous'
            ? 'the token is NOT looked at: W2 does no JWT work on the API side'
            : 'unknown (no distinct RateLimit-Limit per policy)'
  out['W2 token handling (GET /books/{id}: valid / forged / revoked token)'] =
    `HTTP ${valid.status} / ${forged.status} / ${revoked.status}, counted as ${pv} / ${pf} / ${pr} — ${verdict}`
  return out
}

const withoutVolatile = (book: unknown) => {
  const { id: _id, created_at: _c, updated_at: _u, ...rest } = book as Record<string, unknown>
  return rest
}

/** The API and the raw baseline answer W1, W2 and W3 with the same JSON. */
async function parity(api: string, raw: string, ctx: Setup): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const path1 = '/api/v1/books?page=7&per_page=20'
  const [a1, r1] = [await call(api, 'GET', path1), await call(raw, 'GET', path1)]
  out.W1 = a1.status === 200 && r1.status === 200 && isDeepStrictEqual(a1.json, r1.json) ? 'identical' : `DIFFERENT (${a1.status} vs ${r1.status})`
  const token = ctx.members[0]?.token
  const path2 = `/api/v1/books/${ctx.bookIds[42]}`
  const [a2, r2] = [await call(api, 'GET', path2, { token }), await call(raw, 'GET', path2, { token })]
  out.W2 = a2.status === 200 && r2.status === 200 && isDeepStrictEqual(a2.json, r2.json) ? 'identical' : `DIFFERENT (${a2.status} vs ${r2.status})`
  // Both insert into the same database, so each gets its own ISBN (the same one twice is a 409).
  const [isbnA, isbnR] = [randomIsbn13(), randomIsbn13()]
  const body = { title: 'Parity check', author: 'Bench', publication_year: 1999, genres: ['benchmark'], copies_total: 2 }
  const a3 = await call(api, 'POST', '/api/v1/books', { token: ctx.librarian.token, body: { ...body, isbn: isbnA } })
  const r3 = await call(raw, 'POST', '/api/v1/books', { token: ctx.librarian.token, body: { ...body, isbn: isbnR } })
  const compact = (isbn: string) => isbn.replace(/-/g, '')
  const same =
    a3.status === 201 &&
    r3.status === 201 &&
    (a3.json as { isbn: unknown }).isbn === compact(isbnA) &&
    (r3.json as { isbn: unknown }).isbn === compact(isbnR) &&
    isDeepStrictEqual({ ...withoutVolatile(a3.json), isbn: null }, { ...withoutVolatile(r3.json), isbn: null })
  const keys = (x: unknown) => Object.keys(x as object).join(',')
  out.W3 = same && keys(a3.json) === keys(r3.json) ? 'identical but for id, isbn and timestamps' : `DIFFERENT (${a3.status} vs ${r3.status}) ${JSON.stringify(a3.json).slice(0, 200)} / ${JSON.stringify(r3.json).slice(0, 200)}`
  for (const [k, v] of Object.entries(out)) if (v.startsWith('DIFFERENT')) log(`parity ${k}: ${v}`)
  return out
}

/** W4 leaves the loan of a borrow whose return was cut off at the end of a run: return it. */
async function returnOpenLoans(base: string, ctx: Setup): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const reply = expectStatus(await call(base, 'GET', '/api/v1/loans?status=active&per_page=100', { token: ctx.librarian.token }), [200], 'list open loans')
    const loans = (reply.json as { items: Array<{ id: number }> }).items
    if (loans.length === 0) return
    await pool(loans, 4, async (loan) => expectStatus(await call(base, 'POST', `/api/v1/loans/${loan.id}/return`, { token: ctx.librarian.token }), [200, 409], 'return'))
  }
}

// ---------------------------------------------------------------------------------------------
// measuring

function run(options: Parameters<typeof autocannon>[0]): Promise<Result> {
  return new Promise((resolveRun, reject) => {
    autocannon(options).then(resolveRun, reject)
  })
}

interface MeasureSpec {
  server: ServerProcess
  backend: Row['backend']
  kind: Row['server']
  workload: WorkloadId
  variant?: string
  workers?: number
  pinned: boolean
  /** the server talks to Redis (its CPU is reported) */
  redis?: boolean
}

/** The measured window on the monotonic clock, microseconds (the clock V8 stamps profiles with). */
let lastWindow = { startUs: 0, endUs: 0 }
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n)

async function measure(spec: MeasureSpec, ctx: Setup): Promise<Row> {
  const base = spec.server.url
  const options = (duration: number) => workloadOptions(spec.workload, base, ctx, settings.connections, duration)
  if (spec.workload === 'W4') await returnOpenLoans(base, ctx)
  await run(options(settings.warmup))
  if (spec.workload === 'W4') await returnOpenLoans(base, ctx)

  const cpu0 = treeCpuByPid(spec.server.pid)
  const db0 = spec.backend === 'postgres' ? commandCpuSeconds(['postgres']) : 0
  const redis0 = commandCpuSeconds(['redis-server'])
  const load0 = process.cpuUsage()
  const t0 = performance.now()
  const startUs = monotonicUs()
  const result = await run(options(settings.duration))
  lastWindow = { startUs, endUs: monotonicUs() }
  const wall = (performance.now() - t0) / 1000
  const cpu1 = treeCpuByPid(spec.server.pid)
  const db1 = spec.backend === 'postgres' ? commandCpuSeconds(['postgres']) : 0
  const redis1 = commandCpuSeconds(['redis-server'])
  const load1 = process.cpuUsage(load0)
  const rss = treeRssBytes(spec.server.pid)
  if (spec.server.exitCode() !== null) throw new Error(`${spec.server.name} died during ${spec.workload}:\n${spec.server.output()}`)

  const row: Row = {
    backend: spec.backend,
    server: spec.kind,
    workload: spec.workload,
    variant: spec.variant ?? 'default',
    ...(spec.workers === undefined ? {} : { workers: spec.workers }),
    pinned: spec.pinned,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
    rssMb: rss / 1e6,
    serverCpuPct: ([...cpu1].reduce((sum, [pid, s]) => sum + s - (cpu0.get(pid) ?? 0), 0) / wall) * 100,
    loadgenCpuPct: ((load1.user + load1.system) / 1e6 / wall) * 100,
    ...(spec.backend === 'postgres' ? { dbCpuPct: ((db1 - db0) / wall) * 100 } : {}),
    ...(spec.backend === 'postgres' && spec.redis ? { redisCpuPct: ((redis1 - redis0) / wall) * 100 } : {}),
  }
  const codes = Object.entries(row.statusCodes).map(([c, n]) => `${c}×${n}`).join(' ')
  log(
    `${row.backend} ${row.server} ${row.workload}${row.variant === 'default' ? '' : ` ${row.variant}`}${row.workers ? ` workers=${row.workers}` : ''}: ` +
      `${Math.round(row.reqPerSec)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}, errors ${row.errors} [${codes}], ` +
      `RSS ${row.rssMb.toFixed(0)} MB, CPU server ${row.serverCpuPct.toFixed(0)}% / loadgen ${row.loadgenCpuPct.toFixed(0)}%` +
      (row.dbCpuPct === undefined ? '' : ` / PostgreSQL ${row.dbCpuPct.toFixed(0)}%`) +
      (row.redisCpuPct === undefined ? '' : ` / Redis ${row.redisCpuPct.toFixed(0)}%`) +
      (cpu1.size > 1 ? ` (per process: ${[...cpu1].map(([pid, s]) => `${(((s - (cpu0.get(pid) ?? 0)) / wall) * 100).toFixed(0)}%`).join(' + ')})` : ''),
  )
  return row
}

// ---------------------------------------------------------------------------------------------
// the task section

/** Runs `dist/cli.js <args>` with the server's environment plus `extra`; @throws with its last output when it fails. */
function runCli(cliArgs: string[], extra: Record<string, string>, cwd: string): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(SERVER_NODE, [...SERVER_NODE_FLAGS, CLI, ...cliArgs], { env: serverEnv(extra), cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code === 0) return resolveRun()
      const last = output.trim().split('\n').at(-1) ?? ''
      reject(new Error(`library-api ${cliArgs[0]} exited ${code}: ${last}\n${output}`))
    })
  })
}

/** Whether the build has `library-api worker` (its help lists the command). */
function hasWorkerCommand(): boolean {
  const help = spawnSync(SERVER_NODE, [CLI, '--help'], { encoding: 'utf8', env: serverEnv({}) })
  return /^\s+worker\b/m.test(help.stdout ?? '')
}

/** Whether Redis holds keys of a BullMQ queue under `prefix` (the distributed task backend ran). */
async function hasQueueKeys(url: string, prefix: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await client.connect()
  try {
    let cursor = '0'
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*bull*`, 'COUNT', 1000)
      if (keys.length) return true
      cursor = next
    } while (cursor !== '0')
    return false
  } finally {
    client.disconnect()
  }
}

/**
 * The task section (bench/tasks.ts) on one backend, with the bench's servers: each on a database
 * of its own (`<tmp>/tasks*.db`, or `<BENCH_PG_DATABASE>_tasks*` dropped at the end), cache on,
 * `IMPORT_ON_START=false`, and with Redis under a key prefix of its own per start.
 */
async function taskSection(backend: Row['backend'], tmp: string, redisTarget: { url: string; prefix: string } | undefined, workerCommand: boolean): Promise<TaskFigures> {
  const created = new Set<string>()
  let starts = 0
  let current: { url: string; prefix: string } | undefined
  const host: TaskBenchHost = {
    backend,
    csvPath: join(ROOT, 'data', 'goodbooks-10k', 'books.csv'),
    tmp,
    admin: { username: ADMIN, password: PASSWORD },
    log,
    async freshDatabase(name) {
      if (backend === 'sqlite') {
        const path = join(tmp, `${name}.db`)
        for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
        return `sqlite:${path}`
      }
      const database = await createPgDatabase(`${settings.pgDatabase}_${name}`)
      if (!created.has(name)) cleanups.push(database.drop)
      created.add(name)
      return database.url
    },
    start(databaseUrl, name, options) {
      current = redisTarget ? { url: redisTarget.url, prefix: `${redisTarget.prefix}tasks${++starts}:` } : undefined
      // One task at a time: the reads-during-exports loop keeps the next export queued behind the running one.
      // The export's worker thread on the other core (the issue's "an export on another core"),
      // SCHED_IDLE by default; BENCH_ENV_TASK_WORKER_CPUS=0 keeps it on the server's core.
      const extra = { IMPORT_ON_START: 'false', TASK_CONCURRENCY: '1', ...(EXPORT_CPUS ? { TASK_WORKER_CPUS: EXPORT_CPUS } : {}), ...(options?.taskWorkers === false ? { TASK_WORKERS: 'false' } : {}) }
      return startApi({ name, databaseUrl, cache: true, cpus: SERVER_CPU, cwd: tmp, env: extra, ...(current ? { redis: current } : {}) })
    },
    workerCommand,
    exportPlacement: EXPORT_PLACEMENT,
    exportSharesLoadCore: EXPORT_CPUS !== undefined && EXPORT_CPUS.split(',').includes(LOAD_CPU),
    workerPlacement: WORKER_PLACEMENT,
    workerSharesLoadCore: !canPin || cores < 3,
    async startWorker(databaseUrl) {
      const extra: Record<string, string> = { DATABASE_URL: databaseUrl, CACHE_ENABLED: 'true', IMPORT_ON_START: 'false', TASK_CONCURRENCY: '1', PORT: String(await freePort()) }
      if (current) Object.assign(extra, { REDIS_URL: current.url, REDIS_KEY_PREFIX: current.prefix })
      const worker = startProcess(`library-api worker (${backend})`, [SERVER_NODE, ...SERVER_NODE_FLAGS, CLI, 'worker'], { env: serverEnv(extra), cwd: tmp, cpus: WORKER_CPUS, port: 0 })
      running.add(worker)
      await waitSettled(worker.pid, 1)
      if (worker.exitCode() !== null) throw new Error(`${worker.name} exited (${worker.exitCode()}):\n${worker.output()}`)
      return worker
    },
    stop: (server) => stop(server),
    importFile: (databaseUrl, file) => runCli(['import', file], { DATABASE_URL: databaseUrl }, tmp),
    prepareReads: (base) => setup(base, settings.connections),
    measure: (server, workload, variant, prepared) =>
      measure({ server, backend, kind: 'api', workload, variant, pinned: canPin, redis: redisTarget !== undefined }, prepared as Setup),
    async taskBackend() {
      return current && (await hasQueueKeys(current.url, current.prefix)) ? 'bullmq' : 'embedded'
    },
  }
  return runTaskBench(host, settings.task, redisTarget !== undefined)
}

// ---------------------------------------------------------------------------------------------
// the run

function machine(): Report['machine'] {
  let cpu = cpus()[0]?.model ?? 'unknown CPU'
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu
  } catch {
    // not Linux
  }
  return { cpu, cores, memoryGb: Math.round(totalmem() / 1024 ** 3), node: nodeVersion(SERVER_NODE), os: `${type()} ${release()}` }
}

/** `v26.12.1`: the version of a Node.js binary (throws when it does not run). */
function nodeVersion(binary: string): string {
  const out = spawnSync(binary, ['-p', 'process.version'], { encoding: 'utf8' })
  if (out.status !== 0) throw new Error(`${binary} does not run: ${out.stderr || out.error?.message}`)
  return out.stdout.trim()
}

function commit(): string {
  const head = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() || 'unknown'
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim()
  return dirty ? `${head} (+ uncommitted changes)` : head
}

/** The argon2id parameters of the stored hashes (the truth), else of the configuration. */
function argon2Parameters(dbPath: string): string {
  try {
    const db = new Database(dbPath, { readonly: true })
    const row = db.prepare<[string], { password_hash: string }>('select password_hash from users where username = ?').get('bench_m000')
    db.close()
    const m = row && /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(row.password_hash)
    if (m) return `argon2id m=${m[1]} KiB (${(Number(m[1]) / 1024).toFixed(0)} MiB), t=${m[2]}, p=${m[3]} (read from a stored hash)`
  } catch {
    // fall back on the configuration
  }
  const config = loadConfig(serverEnv({}) as Record<string, string | undefined>)
  return `argon2id m=${config.argon2.memoryCost} KiB, t=${config.argon2.timeCost}, p=1 (from the configuration)`
}

function build(): void {
  if (settings.skipBuild) {
    if (!existsSync(CLI)) throw new Error('BENCH_SKIP_BUILD is set but dist/cli.js does not exist')
    return
  }
  log('npm run build')
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('npm run build failed')
}

async function postgres(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (settings.pg === 'off') return undefined
  if (!(await tcpOpen(settings.pgUrl, 5432))) {
    if (settings.pg === 'on') throw new Error(`PostgreSQL does not answer at ${settings.pgUrl}`)
    return undefined
  }
  return createPgDatabase(settings.pgDatabase)
}

/** Drops the PostgreSQL database `name` (after closing its connections) and creates it again, empty. */
async function createPgDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = new URL(settings.pgUrl)
  adminUrl.pathname = '/postgres'
  const target = new URL(settings.pgUrl)
  target.pathname = `/${name}`
  const ident = `"${name.replace(/"/g, '""')}"`
  const exec = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 5000 })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  await exec(`drop database if exists ${ident} with (force)`)
  await exec(`create database ${ident}`)
  return { url: target.toString(), drop: () => exec(`drop database if exists ${ident} with (force)`) }
}

/**
 * Whether PostgreSQL has statistics for `books` (a fresh bulk import has none until autovacuum's
 * ANALYZE, and the planner then sorts the table instead of walking the primary key).
 */
async function booksStatistics(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    const { rows } = await client.query<{ last_analyze: Date | null; last_autoanalyze: Date | null; n_mod_since_analyze: string }>(
      "select last_analyze, last_autoanalyze, n_mod_since_analyze from pg_stat_user_tables where relname = 'books'",
    )
    const row = rows[0]
    if (!row) return 'unknown'
    const last = row.last_analyze ?? row.last_autoanalyze
    return last ? `analyzed ${Math.round((Date.now() - last.getTime()) / 1000)} s before (${row.n_mod_since_analyze} rows changed since)` : `never analyzed (${row.n_mod_since_analyze} rows changed)`
  } finally {
    await client.end()
  }
}

async function redis(): Promise<{ url: string; prefix: string } | undefined> {
  if (settings.redis === 'off') return undefined
  if (!(await tcpOpen(settings.redisUrl, 6379))) {
    if (settings.redis === 'on') throw new Error(`Redis does not answer at ${settings.redisUrl}`)
    return undefined
  }
  const prefix = `library-bench-${process.pid}-${Date.now()}:`
  cleanups.push(async () => {
    const client = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
    await client.connect()
    try {
      let cursor = '0'
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
        cursor = next
        if (keys.length) await client.unlink(...keys)
      } while (cursor !== '0')
    } finally {
      client.disconnect()
    }
  })
  return { url: settings.redisUrl, prefix }
}

/**
 * W1 (cache off, then on), W2 and W3 on the API under each Node.js binary, on the SQLite database of
 * the run (after W4 and W5 wrote to it): one server per binary up at a time per cache setting, and
 * each workload measured on every binary back to back, in an order that flips from one workload to
 * the next, so a drift in the machine's load falls on all of them alike. The rows come back per
 * binary, in the order given.
 */
async function measureRuntimes(nodes: string[], databaseUrl: string, cwd: string, ctx: Setup): Promise<RuntimeRows[]> {
  const out = nodes.map((node) => ({ node: nodeVersion(node), rows: [] as Row[] }))
  const serve = async (cache: boolean) => {
    const servers: ServerProcess[] = []
    for (const [i, node] of nodes.entries()) servers.push(await startApi({ name: `api (sqlite, cache ${cache ? 'on' : 'off'}, ${out[i]?.node})`, databaseUrl, cache, cpus: SERVER_CPU, cwd, node }))
    return servers
  }
  // ABBA: the order flips from one workload to the next, so neither release always goes first.
  let flip = false
  const each = async (servers: ServerProcess[], workload: WorkloadId, variant?: string) => {
    const order = [...servers.keys()]
    if (flip) order.reverse()
    flip = !flip
    for (const i of order) {
      const server = servers[i] as ServerProcess
      out[i]?.rows.push(await measure({ server, backend: 'sqlite', kind: 'api', workload, ...(variant ? { variant } : {}), pinned: canPin }, ctx))
    }
  }
  log(`runtimes: W1–W3 on the API under ${out.map((r) => `Node.js ${r.node}`).join(' and ')}`)
  const off = await serve(false)
  await each(off, 'W1', 'uncached')
  for (const server of off) await stop(server)
  const on = await serve(true)
  await each(on, 'W1', 'cached')
  await each(on, 'W2')
  await each(on, 'W3')
  for (const server of on) await stop(server)
  return out
}

async function main(): Promise<number> {
  const started = Date.now()
  const workersRuns = settings.workers && !settings.tasksOnly ? settings.workerWorkloads.length * 2 : 0
  // alone, during exports in the server, during exports in `library-api worker` (when the build has it)
  const taskReads = settings.tasks && settings.task.reads ? 6 : 0
  const measurements = settings.authOnly ? 4 : (settings.tasksOnly ? 0 : 11 + 4 + (COMPARE_NODE ? 8 : 0)) + workersRuns * 2 + taskReads * 2
  // the task section besides its reads, per backend: imports, exports, the latency samples, the 100,000 books
  const taskSeconds = settings.tasks && !settings.authOnly ? (settings.pg === 'off' ? 1 : 2) * (settings.task.importRuns * 6 + settings.task.exportRuns + (settings.task.latencySamples * settings.task.latencyGapMs) / 1000 + 15 + settings.task.largeBooks / 4000) : 0
  log(
    `~${Math.round((measurements * (settings.duration + settings.warmup) + taskSeconds + 45) / 60)} min: ${measurements} measurements of ${settings.warmup} + ${settings.duration} s, ` +
      `${settings.connections} connections${settings.authOnly ? ', the auth section only' : settings.tasks ? `, the task section${settings.tasksOnly ? ' only' : ''}` : ''}; ` +
      `${canPin ? `server on CPU ${SERVER_CPU}, load generator on CPU ${LOAD_CPU}` : 'no pinning (taskset missing or one core)'}`,
  )
  build()
  const tmp = mkdtempSync(join(tmpdir(), 'library-bench-'))
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }))
  if (canPin && !pinSelf(LOAD_CPU)) throw new Error('taskset could not pin the load generator')

  const rows: Row[] = []
  const notes: string[] = []
  const features: Record<string, string> = {}
  const parityResults: Record<string, string> = {}
  const shutdown: Record<string, string> = {}
  let complete = true
  let finalRss: number | undefined
  let argon2 = 'not measured'
  const pinned = canPin
  const phase = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn()
    } catch (error) {
      complete = false
      notes.push(`${name} failed: ${(error as Error).message.split('\n')[0]}`)
      log(`${name} failed: ${(error as Error).stack ?? error}`)
      for (const server of [...running]) await stop(server)
    }
  }
  const dbPath = join(tmp, 'bench.db')
  const sqliteUrl = `sqlite:${dbPath}`
  let sqliteCtx: Setup | undefined
  const tasks: TaskFigures[] = []
  const workerCommand = settings.tasks && hasWorkerCommand()
  const taskPhase = (backend: Row['backend'], redisTarget?: { url: string; prefix: string }) =>
    phase(`tasks on ${backend}`, async () => {
      const figures = await taskSection(backend, tmp, redisTarget, workerCommand)
      tasks.push(figures)
      for (const error of figures.errors) {
        complete = false
        notes.push(`tasks on ${backend}: ${error}`)
      }
    })

  let overload: OverloadFigures | undefined
  const overloadPhase = () =>
    phase('overload', async () => {
      overload = await runOverloadBench(
        {
          // a database of its own, the catalog alone: W3 adds tens of thousands of books to bench.db, and the search reads every one
          start: (name, extra) => startApi({ name, databaseUrl: `sqlite:${join(tmp, 'overload.db')}`, cache: false, cpus: SERVER_CPU, cwd: tmp, env: extra }),
          stop,
          run: (options) => autocannon(options),
          log,
          connections: settings.connections,
          duration: settings.duration,
          warmup: settings.warmup,
        },
        env,
      )
    })
  if (settings.authOnly) {
    await phase('auth', async () => {
      log('SQLite: starting the API on a fresh database; it imports the catalog')
      const api = await startApi({ name: 'api (sqlite)', databaseUrl: sqliteUrl, cache: true, cpus: SERVER_CPU, cwd: tmp })
      const ctx = await setup(api.url, settings.connections)
      argon2 = argon2Parameters(dbPath)
      rows.push(await measure({ server: api, backend: 'sqlite', kind: 'api', workload: 'W2', pinned }, ctx))
      rows.push(...(await measureEdDsaW2(sqliteUrl, tmp, ctx, pinned)))
      rows.push(await measure({ server: api, backend: 'sqlite', kind: 'api', workload: 'W5', pinned }, ctx))
      shutdown['SQLite API'] = await stop(api)
      rows.push(...(await measureAuditW5(sqliteUrl, tmp, ctx, pinned)))
    })
    return finish({ rows, notes: [...notes, 'Only the auth section ran (BENCH_ONLY=auth): W2 with HS256 and EdDSA keys, W5 with the audit log on and off.'], features, parityResults, shutdown, tasks: [], overload: undefined, runtimes: [], finalRss: undefined, argon2, complete, started })
  }
  if (settings.overloadOnly) {
    await overloadPhase()
    return finish({ rows: [], notes: [...notes, 'Only the overload section ran (BENCH_ONLY=overload).'], features, parityResults, shutdown, tasks: [], overload, runtimes: [], finalRss: undefined, argon2, complete, started })
  }

  if (!settings.tasksOnly) await phase('SQLite', async () => {
    log('SQLite: starting the API (cache off) on a fresh database; it imports the catalog')
    const apiOff = await startApi({ name: 'api (sqlite, cache off)', databaseUrl: sqliteUrl, cache: false, cpus: SERVER_CPU, cwd: tmp })
    const ctx = await setup(apiOff.url, settings.connections)
    sqliteCtx = ctx
    argon2 = argon2Parameters(dbPath)
    Object.assign(features, await probe(apiOff.url, ctx))
    const raw = await startRaw(dbPath, tmp)
    Object.assign(parityResults, await parity(apiOff.url, raw.url, ctx))
    const m = (server: ServerProcess, kind: Row['server'], workload: WorkloadId, variant?: string) =>
      measure({ server, backend: 'sqlite', kind, workload, ...(variant ? { variant } : {}), pinned }, ctx).then((row) => rows.push(row))

    await m(raw, 'raw', 'W1')
    await m(apiOff, 'api', 'W1', 'uncached')
    shutdown['SQLite API, cache off'] = await stop(apiOff)

    const api = await startApi({ name: 'api (sqlite)', databaseUrl: sqliteUrl, cache: true, cpus: SERVER_CPU, cwd: tmp })
    features['API RSS, idle after start (no import)'] = `${(treeRssBytes(api.pid) / 1e6).toFixed(0)} MB`
    const seen = await probe(api.url, ctx)
    features['response cache'] = seen['response cache'] as string
    await m(api, 'api', 'W1', 'cached')
    await m(raw, 'raw', 'W2')
    await m(api, 'api', 'W2')
    await measureEdDsaW2(sqliteUrl, tmp, ctx, pinned).then((measured) => rows.push(...measured))
    await m(raw, 'raw', 'W3')
    await m(api, 'api', 'W3')
    shutdown.raw = await stop(raw)
    await m(api, 'api', 'W4')
    await m(api, 'api', 'W5')
    await sleep(1000)
    finalRss = treeRssBytes(api.pid) / 1e6
    shutdown['SQLite API'] = await stop(api)
    await measureAuditW5(sqliteUrl, tmp, ctx, pinned).then((measured) => rows.push(...measured))
  })
  if (!settings.tasksOnly && settings.overload) await overloadPhase()
  const runtimes: RuntimeRows[] = []
  if (COMPARE_NODE && !settings.tasksOnly && sqliteCtx) {
    const ctx = sqliteCtx
    await phase('runtimes', async () => {
      runtimes.push(...(await measureRuntimes([SERVER_NODE, COMPARE_NODE], sqliteUrl, tmp, ctx)))
    })
  }
  if (settings.tasks) await taskPhase('sqlite')

  const pgTarget = await postgres().catch((error: unknown) => {
    notes.push(`PostgreSQL unavailable: ${(error as Error).message}`)
    if (settings.pg === 'on') complete = false
    return undefined
  })
  if (pgTarget) cleanups.push(pgTarget.drop)
  else if (settings.pg !== 'off') notes.push(`PostgreSQL: nothing answers at ${settings.pgUrl}; its runs were skipped.`)
  const redisTarget = pgTarget ? await redis() : undefined
  features.redis = redisTarget ? 'yes' : 'no'
  let pgCtx: Setup | undefined

  if (pgTarget && !settings.tasksOnly) {
    await phase('PostgreSQL', async () => {
      log(`PostgreSQL${redisTarget ? ' + Redis' : ''}: starting the API (cache off); it imports the catalog`)
      const common = { databaseUrl: pgTarget.url, cpus: SERVER_CPU, cwd: tmp, ...(redisTarget ? { redis: redisTarget } : {}) }
      const apiOff = await startApi({ name: 'api (postgres, cache off)', cache: false, ...common })
      const ctx = await setup(apiOff.url, settings.connections)
      pgCtx = ctx
      const m = (server: ServerProcess, workload: WorkloadId, variant?: string) =>
        measure({ server, backend: 'postgres', kind: 'api', workload, ...(variant ? { variant } : {}), pinned, redis: redisTarget !== undefined }, ctx).then((row) => rows.push(row))
      features['PostgreSQL statistics of books at W1 uncached'] = await booksStatistics(pgTarget.url)
      await m(apiOff, 'W1', 'uncached')
      shutdown['PostgreSQL API, cache off'] = await stop(apiOff)
      const api = await startApi({ name: 'api (postgres)', cache: true, ...common })
      await m(api, 'W1', 'cached')
      await m(api, 'W2')
      await m(api, 'W4')
      shutdown['PostgreSQL API'] = await stop(api)
    })
  }
  if (pgTarget && settings.tasks) await taskPhase('postgres', redisTarget)

  if (settings.workers && !settings.tasksOnly) {
    if (canPin) pinSelf(ALL_CPUS as string)
    const backends: Array<[Row['backend'], string, Setup | undefined]> = [['sqlite', sqliteUrl, sqliteCtx]]
    if (pgTarget) backends.push(['postgres', pgTarget.url, pgCtx])
    for (const [backend, databaseUrl, ctx] of backends) {
      if (!ctx) continue
      await phase(`workers on ${backend}`, async () => {
        for (const workers of [1, 2]) {
          log(`${backend}: serve --workers ${workers} (cache off, unpinned)`)
          const server = await startApi({
            name: `api (${backend}, ${workers} workers)`,
            databaseUrl,
            cache: false,
            workers,
            cpus: ALL_CPUS,
            cwd: tmp,
            ...(backend === 'postgres' && redisTarget ? { redis: redisTarget } : {}),
          })
          if (backend === 'postgres') features[`PostgreSQL statistics of books at --workers ${workers}`] = await booksStatistics(databaseUrl)
          for (const workload of settings.workerWorkloads) {
            const variant = workload === 'W1' ? 'uncached' : undefined
            const redis = backend === 'postgres' && redisTarget !== undefined
            rows.push(await measure({ server, backend, kind: 'api', workload, ...(variant ? { variant } : {}), workers, pinned: false, redis }, ctx))
          }
          shutdown[`${backend}, --workers ${workers}`] = await stop(server)
        }
      })
    }
  }

  return finish({ rows, notes, features, parityResults, shutdown, tasks, overload, runtimes, finalRss, argon2, complete, started })
}

/** What a run measured, for {@link finish}. */
interface Outcome {
  rows: Row[]
  notes: string[]
  features: Record<string, string>
  parityResults: Record<string, string>
  shutdown: Record<string, string>
  tasks: TaskFigures[]
  overload: OverloadFigures | undefined
  runtimes: RuntimeRows[]
  finalRss: number | undefined
  argon2: string
  complete: boolean
  started: number
}

/** Writes BENCHMARKS.md and BENCHMARKS.json; returns the exit code. */
function finish(o: Outcome): number {
  const { rows, notes, features, parityResults, shutdown, tasks, overload, runtimes, finalRss, argon2, complete, started } = o
  const report: Report = {
    date: new Date().toISOString(),
    commit: commit(),
    machine: machine(),
    settings: {
      duration: settings.duration,
      warmup: settings.warmup,
      connections: settings.connections,
      pinning: canPin ? `server pinned to CPU ${SERVER_CPU}, autocannon to CPU ${LOAD_CPU} (taskset)` : 'no CPU pinning (taskset missing or a single core)',
      rateLimit: RATE_POLICIES.map((p) => `${p} ${RATE_LIMITS[p]}`).join(', '),
    },
    argon2,
    features,
    parity: parityResults,
    shutdown,
    notes,
    rows,
    tasks,
    ...(overload ? { overload } : {}),
    ...(runtimes.length ? { runtimes } : {}),
    targets: evaluateTargets(rows, finalRss, tasks, overload),
    elapsedSeconds: (Date.now() - started) / 1000,
    complete,
  }
  if (settings.tasksOnly) report.notes.push('Only the task section ran (BENCH_ONLY=tasks or --tasks-only).')
  if (!(settings.duration === 10 && settings.connections === 50 && settings.warmup >= 2)) report.notes.push(`Not a full run (BENCH_DURATION=${settings.duration}, BENCH_WARMUP=${settings.warmup}, BENCH_CONNECTIONS=${settings.connections}): the figures are not comparable with a full run.`)
  const taskRows = tasks.flatMap((t) => [...(t.reads?.alone ?? []), ...(t.reads?.during ?? [])])
  for (const row of [...rows, ...taskRows]) {
    if (row.loadgenCpuPct > 90 && row.pinned) report.notes.push(`${row.backend} ${row.server} ${row.workload} ${row.variant}: the load generator was at ${row.loadgenCpuPct.toFixed(0)}% of its core — the figure may be limited by autocannon, not the server.`)
  }
  const outDir = settings.out ? resolve(settings.out) : fullRun && complete ? ROOT : join(tmpdir(), 'library-bench-results')
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'BENCHMARKS.json'), JSON.stringify(report, null, 2) + '\n')
  writeFileSync(join(outDir, 'BENCHMARKS.md'), renderMarkdown(report))
  log(`wrote ${join(outDir, 'BENCHMARKS.md')} and BENCHMARKS.json in ${Math.round(report.elapsedSeconds)} s`)
  const missed = report.targets.filter((t) => t.met === false)
  if (missed.length) log(`targets missed: ${missed.map((t) => t.name).join(', ')}`)
  if (!complete) return 1
  return settings.strict && missed.length ? 1 : 0
}

/**
 * `--profile`: W1 (cache off), W2 and W3 (cache on, as measured), each on a fresh API process under `node --cpu-prof`, and
 * the same on the raw baseline; prints the CPU time per request and the top self-time functions.
 */
async function profile(): Promise<number> {
  build()
  const tmp = mkdtempSync(join(tmpdir(), 'library-bench-profile-'))
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }))
  if (canPin) pinSelf(LOAD_CPU)
  const outDir = settings.out ? resolve(settings.out) : join(tmpdir(), 'library-bench-profiles')
  mkdirSync(outDir, { recursive: true })
  const dbPath = join(tmp, 'bench.db')
  const databaseUrl = `sqlite:${dbPath}`
  // Import and accounts first, in a server of their own, so the profiles hold only the load.
  const prep = await startApi({ name: 'api (setup)', databaseUrl, cache: false, cpus: SERVER_CPU, cwd: tmp })
  const ctx = await setup(prep.url, settings.connections)
  await stop(prep)
  for (const kind of ['api', 'raw'] as const) {
    for (const workload of ['W1', 'W2', 'W3'] as const) {
      const dir = join(outDir, `${kind}-${workload}`)
      rmSync(dir, { recursive: true, force: true })
      const nodeArgs = ['--cpu-prof', '--cpu-prof-dir', dir]
      const server =
        kind === 'api'
          ? await startApi({ name: `api (profile ${workload})`, databaseUrl, cache: workload !== 'W1', cpus: SERVER_CPU, cwd: tmp, nodeArgs })
          : await startRaw(dbPath, tmp, nodeArgs)
      const row = await measure({ server, backend: 'sqlite', kind, workload, variant: workload === 'W1' ? 'uncached' : 'default', pinned: canPin }, ctx)
      await stop(server)
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
      if (!file) throw new Error(`no profile written in ${dir}`)
      const perRequest = ((row.serverCpuPct / 100) * settings.duration * 1e6) / Math.max(row.total, 1)
      process.stdout.write(
        `\n## ${kind} ${workload}: ${Math.round(row.reqPerSec)} req/s, ≈ ${perRequest.toFixed(0)} µs of server CPU per request — ${join(dir, file)}\n\n` +
          `${summarizeProfile(join(dir, file), { root: ROOT, top: 30, window: lastWindow, requests: row.total })}\n`,
      )
    }
  }
  return 0
}

;(settings.profile ? profile() : main())
  .then(async (code) => {
    await cleanup()
    process.exit(code)
  })
  .catch(async (error: unknown) => {
    log(`failed: ${(error as Error).stack ?? error}`)
    await cleanup()
    process.exit(1)
  })
