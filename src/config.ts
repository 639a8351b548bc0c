import { hkdfSync, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { hostname } from 'node:os'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CronExpressionParser } from 'cron-parser'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import type { KeySource } from './modules/keys/key-ring.ts'
import { KeySetError, parseKeySet } from './modules/keys/key-set.ts'
import { parsePolicy, PolicySyntaxError, type RateLimitPolicy } from './infra/rate-limit/policy.ts'

/**
 * The environment variables the service reads, with their defaults and meanings.
 * Every key is documented in the README; `loadConfig` validates them once at start.
 * @see ../shared/docs/api-contract.md §11
 */
export const EnvSchema = Type.Object({
  NODE_ENV: Type.String({ default: 'development', description: '`production` turns on the refusals of unsafe defaults, nothing else' }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535, description: 'TCP port to listen on' }),
  HOST: Type.String({ default: '127.0.0.1', description: 'address to listen on' }),
  DATABASE_URL: Type.String({ default: 'sqlite:data/library.db', description: '`sqlite:<path>` or `postgres://…`' }),
  REDIS_URL: Type.Optional(Type.String({ description: 'set → rate limits and the response cache are shared through Redis' })),
  REDIS_KEY_PREFIX: Type.String({ default: 'library:', description: 'prefix of every Redis key and channel of this deployment' }),
  RATE_LIMIT_ANONYMOUS: Type.String({ default: '60/min;2000/day', description: 'rate-limit policy of callers without a valid access token, per client IP: `N/sec|min|hour|day` windows joined by `;`' }),
  RATE_LIMIT_MEMBER: Type.String({ default: '120/min', description: 'rate-limit policy of members, per user (same syntax)' }),
  RATE_LIMIT_PREMIUM: Type.String({ default: '600/min', description: 'rate-limit policy of premium members, per user' }),
  RATE_LIMIT_STAFF: Type.String({ default: '3000/min', description: 'rate-limit policy of librarians and admins, per user' }),
  RATE_LIMIT_LOGIN: Type.String({ default: '5/min;20/hour', description: 'POST /api/v1/auth/login attempts per client IP and username, on top of the caller\'s policy' }),
  RATE_LIMIT_REGISTER: Type.String({ default: '10/hour', description: 'POST /api/v1/auth/register requests per client IP, on top of the caller\'s policy' }),
  RATE_LIMIT_REDIS_DOWN_AUTH: Type.Union([Type.Literal('closed'), Type.Literal('open')], { default: 'closed', description: 'what /api/v1/auth/* does while Redis is unreachable: `closed` answers 503, `open` counts in memory like every other route' }),
  RATE_LIMIT_RETRY_AFTER: Type.Integer({ default: 5, minimum: 1, maximum: 3600, description: '`Retry-After` of that 503, seconds' }),
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'HS256 key (≥ 32 chars), also keying pagination cursors; generated once into the data folder when unset (in production only allowed with JWT_KEYS_FILE/JWT_KEYS)' })),
  JWT_ISSUER: Type.String({ default: 'library-api', description: '`iss` claim of issued tokens' }),
  JWT_AUDIENCE: Type.String({ default: 'library-api', description: '`aud` claim of issued tokens' }),
  ACCESS_TOKEN_TTL: Type.Integer({ default: 900, minimum: 1, description: 'access token lifetime, seconds' }),
  REFRESH_TOKEN_TTL: Type.Integer({ default: 2_592_000, minimum: 1, description: 'refresh token lifetime, seconds' }),
  REFRESH_REUSE_GRACE: Type.Integer({ default: 10, minimum: 0, description: 'seconds during which a repeated refresh gets the same successor pair' }),
  ARGON2_MEMORY_KIB: Type.Integer({ default: 19_456, minimum: 64, description: 'argon2id memory cost, KiB (OWASP: 19 MiB)' }),
  ARGON2_ITERATIONS: Type.Integer({ default: 2, minimum: 1, description: 'argon2id time cost (passes)' }),
  ADMIN_USERNAME: Type.Optional(Type.String({ description: 'the admin created on first start' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ description: 'its password; generated and printed once when unset' })),
  ADMIN_EMAIL: Type.Optional(Type.String({ description: 'its email; defaults to <username>@library.invalid' })),
  TRUST_PROXY: Type.Optional(Type.String({ description: 'comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed' })),
  CORS_ORIGINS: Type.Optional(Type.String({ description: 'comma-separated allowed origins' })),
  CACHE_ENABLED: Type.Boolean({ default: true, description: 'the server-side response cache' }),
  CACHE_TTL_LIST: Type.Integer({ default: 60, minimum: 1, maximum: 86_400, description: 'seconds a cached catalog list or search page lives (a catalog write drops it sooner)' }),
  CACHE_TTL_ITEM: Type.Integer({ default: 300, minimum: 1, maximum: 86_400, description: 'seconds a cached single book lives (a write to it drops it sooner)' }),
  CACHE_MAX_ENTRIES: Type.Integer({ default: 20000, minimum: 1, description: 'capacity of the in-memory response cache (least recently used evicted first): room for every goodbooks book and many list pages, about 1 KB for a book, 6 KB for a list page of 20; Redis is bounded by its own maxmemory' }),
  LOG_LEVEL: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], { default: 'info', description: 'pino level' }),
  BODY_LIMIT: Type.Integer({ default: 1_048_576, minimum: 1024, description: 'largest accepted request body, bytes' }),
  PROBLEM_BASE_URL: Type.Optional(Type.String({ description: 'absolute base of problem `type` URIs; relative when unset' })),
  LOAN_PERIOD_DAYS: Type.Integer({ default: 14, minimum: 1, description: 'days until a new loan is due; a renewal adds as many' }),
  CATALOG_CSV: Type.String({ default: 'data/goodbooks-10k/books.csv', description: 'the catalog imported on start when the books table is empty; the default is the shipped file of the installation, a value set is relative to the working directory' }),
  IMPORT_ON_START: Type.Boolean({ default: true, description: 'import CATALOG_CSV at start when there are no books' }),
  SHUTDOWN_TIMEOUT: Type.Integer({ default: 10_000, minimum: 0, description: 'milliseconds in-flight requests get on SIGTERM' }),
  HEADERS_TIMEOUT: Type.Integer({ default: 10_000, minimum: 100, description: 'milliseconds a client has to send the request line and headers; later → 408 and the connection is closed' }),
  BODY_TIMEOUT: Type.Integer({ default: 30_000, minimum: 100, description: 'milliseconds a client has to send the whole request, headers and body (not less than HEADERS_TIMEOUT); later → 408 and the connection is closed' }),
  KEEP_ALIVE_TIMEOUT: Type.Integer({ default: 5_000, minimum: 100, description: 'milliseconds an idle keep-alive connection is kept open' }),
  IMPORT_BODY_LIMIT: Type.Integer({ default: 52_428_800, minimum: 1024, description: 'largest CSV accepted by POST /api/v1/books/import, bytes (default 50 MiB)' }),
  TASK_WORKERS: Type.Boolean({ default: true, description: 'run background-task workers (and schedules) in this process; `false` on web instances whose tasks run in `library-api worker` processes' }),
  TASK_CONCURRENCY: Type.Integer({ default: 2, minimum: 1, maximum: 64, description: 'tasks one process runs at once' }),
  TASK_MAX_ATTEMPTS: Type.Integer({ default: 3, minimum: 1, maximum: 50, description: 'attempts of a task before it is failed (a broken input fails at once)' }),
  TASK_BACKOFF: Type.Integer({ default: 2_000, minimum: 10, description: 'milliseconds before the first retry; doubled for every further attempt (exponential backoff)' }),
  TASK_LEASE: Type.Integer({ default: 30_000, minimum: 500, description: 'milliseconds a running task is held without a heartbeat (renewed every third of it); a task whose process died is taken again after it. With REDIS_URL also the BullMQ job lock and stalled-check interval, and 2 × it is when the relay hands a still-queued task to BullMQ again' }),
  TASK_POLL_INTERVAL: Type.Integer({ default: 1_000, minimum: 20, description: 'milliseconds between looks at the task table: embedded mode, for work queued by another process, expired leases and due schedules; with REDIS_URL, for tasks not yet handed to BullMQ (the outbox relay)' }),
  TASK_SHUTDOWN_GRACE: Type.Integer({ default: 10_000, minimum: 0, description: 'milliseconds a running task may still take on SIGTERM before it is handed back to the queue' }),
  TASK_RESULT_TTL: Type.Integer({ default: 604_800, minimum: 1, description: 'seconds a task result (an export, an import report) stays downloadable' }),
  TASK_SCHEDULE_OVERDUE_SCAN: Type.String({ default: '0 * * * *', description: 'cron expression (UTC) of the recurring overdue_scan; empty or `off` disables it' }),
  TASK_SCHEDULE_TOKEN_CLEANUP: Type.String({ default: '30 3 * * *', description: 'cron expression (UTC) of the recurring token_cleanup; empty or `off` disables it' }),
  TASK_WORKER_NICE: Type.Integer({ default: 19, minimum: 0, maximum: 19, description: 'nice value (0–19, 19 the lowest priority) of the worker thread that produces a catalog_export: on Linux it lowers that thread only, so the request path wins a contended core; 0 keeps the process priority' }),
  TASK_WORKER_SCHED: Type.Union([Type.Literal('idle'), Type.Literal('normal')], { default: 'idle', description: 'scheduling policy of the worker thread that produces a catalog_export, Linux only: `idle` (SCHED_IDLE, set with `chrt --idle`) runs it only on CPU time no other thread wants, below nice 19; `normal` leaves it SCHED_OTHER at TASK_WORKER_NICE. A failure (no chrt) is logged and the export goes on' }),
  TASK_WORKER_CPUS: Type.String({ default: '', pattern: '^$|^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$', description: 'CPUs the worker thread of a catalog_export runs on, a `taskset -c` list (`1`, `2-3`, `1,3`), Linux only: keeps the export off the cores that serve requests; empty (the default) leaves it on the process\'s CPUs. A failure (no taskset, no such CPU) is logged and the export goes on' }),
  API_V1_DEPRECATION: Type.String({ default: '@1798761600', description: 'when API v1 is (or was) deprecated, sent as its `Deprecation` header (RFC 9745): `@<epoch seconds>`, an RFC 3339 timestamp or an HTTP-date' }),
  AUDIT_LOG: Type.Boolean({ default: true, description: 'the security audit trail (rows in `audit_log` and `audit` log lines); `false` records nothing, for measuring what it costs (`npm run bench`) — production refuses it, the audit log is a security control' }),
  AUDIT_RETENTION_DAYS: Type.Integer({ default: 365, minimum: 0, maximum: 36_500, description: 'days audit-log rows are kept; older ones are trimmed by the token_cleanup task (the chain stays verifiable from a stored anchor); 0 keeps them forever' }),
  JWT_KEYS_FILE: Type.Optional(Type.String({ description: 'asymmetric signing keys (EdDSA/RS256): path of the key set file `library-api keys generate` writes (e.g. `data/keys/jwks.json`), re-read when it changes; tokens then carry `kid` and HS256 tokens are refused' })),
  JWT_KEYS: Type.Optional(Type.String({ description: 'the same key set as JSON (for secret stores: `library-api keys generate --print`); not together with JWT_KEYS_FILE' })),
  JWT_KEYS_RELOAD_INTERVAL: Type.Integer({ default: 30, minimum: 1, maximum: 86_400, description: 'seconds between looks at JWT_KEYS_FILE for a rotation (a token naming an unknown kid also makes it look); added to how long a retired key still verifies' }),
  API_V1_SUNSET: Type.Optional(Type.String({ description: 'when API v1 stops answering, sent as its `Sunset` header (RFC 8594): an HTTP-date or RFC 3339 timestamp, not before API_V1_DEPRECATION; no header when unset' })),
  COOKIE_SECURE: Type.Boolean({ default: true, description: 'the `Secure` attribute of the browser-mode refresh cookie; `false` only for plain-HTTP local development (production refuses it)' }),
  CSRF_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'HMAC key of the browser-mode CSRF tokens (≥ 32 chars); derived from JWT_SECRET by HKDF when unset' })),
  // Observability (issue 11): metrics, load shedding, tracing.
  METRICS_ENABLED: Type.Boolean({ default: true, description: '`GET /metrics` (Prometheus text) and the counting behind it; `false` registers nothing' }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'set → `GET /metrics` requires `Authorization: Bearer <token>` (at least 16 characters)' })),
  INSTANCE_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'the `instance_id` label of every metric and the `service.instance.id` of traces; `<hostname>:<pid>` when unset' })),
  SHED_MAX_EVENT_LOOP_DELAY: Type.Integer({ default: 1000, minimum: 0, description: 'milliseconds of mean event-loop delay over which requests are shed with 503 `unavailable`; 0 = not checked' }),
  SHED_MAX_EVENT_LOOP_UTILIZATION: Type.Number({ default: 0, minimum: 0, maximum: 1, description: 'event-loop utilization (0–1) over which requests are shed; 0 = not checked' }),
  SHED_MAX_HEAP_USED_BYTES: Type.Integer({ default: 0, minimum: 0, description: 'bytes of V8 heap in use over which requests are shed; 0 = not checked' }),
  SHED_SAMPLE_INTERVAL: Type.Integer({ default: 1000, minimum: 10, maximum: 60_000, description: 'milliseconds between two samples of the load-shedding figures' }),
  SHED_TARGET_DELAY: Type.Integer({ default: 0, minimum: 0, maximum: 10_000, description: 'milliseconds of queueing delay (estimated from the event loop\'s turns that read requests) over which a share of requests, growing while the delay stays over, is shed with 503 `unavailable`, and a request read when its turn has already run twice that long is shed at once; 0 (the default) = off. Opt in (50 is what `npm run bench` measures) on instances that serve no CPU-heavy work of their own: an in-process books_import lengthens the loop\'s turns and would have reads shed while it runs' }),
  SHED_MAX_IN_FLIGHT: Type.Integer({ default: 0, minimum: 0, description: 'requests admitted and not yet answered past which the next is shed with 503 `unavailable` (bounds what waits on the database pool or a remote store); 0 = no cap' }),
  SHED_RETRY_AFTER: Type.Integer({ default: 5, minimum: 1, maximum: 3600, description: '`Retry-After` of a shed request, seconds' }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ description: 'set → OpenTelemetry spans (requests, database queries, tasks) are sent to `<endpoint>/v1/traces` over OTLP/HTTP; unset → tracing code is not even loaded' })),
  OTEL_SERVICE_NAME: Type.String({ default: 'library-api', minLength: 1, description: 'the `service.name` of the spans' }),
})

/** The raw, validated environment (names as the operator writes them). */
export type Env = Static<typeof EnvSchema>

/**
 * The typed, frozen configuration handed to `buildApp`. Durations are in seconds unless
 * the name says otherwise.
 */
export interface Config {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  database: { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string }
  redisUrl: string | undefined
  redisKeyPrefix: string
  /** rate limits (api-contract §8) */
  rateLimit: {
    /** parsed policies by name; `staff` applies to librarians and admins */
    policies: Record<RateLimitPolicyName, RateLimitPolicy>
    /** what /api/v1/auth/* does while Redis is unreachable: `closed` → 503, `open` → memory counters */
    redisDownAuth: 'closed' | 'open'
    /** `Retry-After` of that 503, seconds */
    retryAfter: number
  }
  jwt: {
    secret: string
    issuer: string
    audience: string
    /** seconds */
    accessTtl: number
    /** seconds */
    refreshTtl: number
    /** seconds */
    reuseGrace: number
    /** asymmetric signing keys (`JWT_KEYS_FILE` or `JWT_KEYS`); undefined → HS256 with `secret` */
    keys: KeySource | undefined
    /** seconds between looks at a key file for changes */
    keysReloadInterval: number
  }
  argon2: { memoryCost: number; timeCost: number }
  admin: { username: string | undefined; password: string | undefined; email: string | undefined }
  trustProxy: string[]
  corsOrigins: string[]
  cacheEnabled: boolean
  /** server-side response cache (api-contract §9): TTLs in seconds, memory capacity in entries */
  cache: { ttlList: number; ttlItem: number; maxEntries: number }
  logLevel: Env['LOG_LEVEL']
  /** bytes */
  bodyLimit: number
  problemBaseUrl: string
  loanPeriodDays: number
  /** absolute path of the catalog CSV */
  catalogCsv: string
  importOnStart: boolean
  /** milliseconds */
  shutdownTimeout: number
  /** bounds on slow clients, milliseconds (api-contract §10) */
  timeouts: {
    /** request line and headers */
    headers: number
    /** the whole request, body included; ≥ `headers` */
    body: number
    /** an idle keep-alive connection */
    keepAlive: number
  }
  /** bytes: the body limit of the CSV import route */
  importBodyLimit: number
  /** background tasks (api-contract §7) */
  tasks: TaskConfig
  /** header values announcing the end of API v1 */
  apiV1: {
    /** RFC 9745 structured date, e.g. `@1798761600` */
    deprecation: string
    /** RFC 8594 HTTP-date (IMF-fixdate), or undefined for no `Sunset` header */
    sunset: string | undefined
  }
  /** browser mode (api-contract §2): the refresh token in a cookie, CSRF tokens bound to the login session */
  browserSession: BrowserSessionConfig
  /** observability (issue 11) */
  metrics: { enabled: boolean; token: string | undefined }
  /** `instance_id` of metrics, `service.instance.id` of traces */
  instanceId: string
  /**
   * load shedding (0 = not checked): under-pressure thresholds (milliseconds, 0–1, bytes) and their sample interval
   * (milliseconds); the target queueing delay of the adaptive share (milliseconds); the in-flight cap (requests);
   * `Retry-After` seconds
   */
  shedding: { maxEventLoopDelay: number; maxEventLoopUtilization: number; maxHeapUsedBytes: number; sampleInterval: number; targetDelay: number; maxInFlight: number; retryAfter: number }
  /** OpenTelemetry: the OTLP/HTTP base URL (undefined = tracing off) and `service.name` */
  tracing: { endpoint: string | undefined; serviceName: string }
  /** the audit log (issue 10) */
  audit: {
    /** whether security events are recorded (`AUDIT_LOG`); false → the no-op trail, never in production */
    enabled: boolean
    /** days rows are kept; 0 = forever */
    retentionDays: number
  }
}

/** Browser-mode settings: the refresh cookie and the CSRF key. */
export interface BrowserSessionConfig {
  /** whether the refresh cookie carries `Secure` (and the `__Secure-` name prefix) */
  cookieSecure: boolean
  /** HMAC-SHA256 key of the CSRF tokens (`CSRF_SECRET`'s bytes, or 32 bytes derived from the JWT secret) */
  csrfKey: Buffer
}

/** The recurring task types and their schedules. */
export type ScheduledTaskType = 'overdue_scan' | 'token_cleanup'

/** Background-task settings; durations in milliseconds unless the name says seconds. */
export interface TaskConfig {
  /** whether this process runs workers and schedules */
  workers: boolean
  concurrency: number
  maxAttempts: number
  /** milliseconds before the first retry, doubled per attempt */
  backoff: number
  /** milliseconds */
  lease: number
  /** milliseconds */
  pollInterval: number
  /** milliseconds */
  shutdownGrace: number
  /** seconds */
  resultTtl: number
  /** cron expression (5 or 6 fields, UTC) per recurring type; null = disabled */
  schedules: Record<ScheduledTaskType, string | null>
  /** nice value (0–19) of a catalog export's worker thread (setpriority(2): per thread on Linux) */
  workerNice: number
  /** scheduling policy of that thread (Linux): `idle` = SCHED_IDLE, `normal` = SCHED_OTHER */
  workerSched: 'idle' | 'normal'
  /** CPUs of that thread, a `taskset -c` list; undefined = the process's (Linux) */
  workerCpus: string | undefined
}

/** Thrown when the environment is invalid; the message (one line) names keys and rules, never values. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** The installation's root folder (holding package.json), from this module's own URL: `src/` or `dist/` is one level down. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The JSON Schema keywords {@link ruleOf} reads. */
interface SchemaKeywords {
  type?: string
  minimum?: number
  maximum?: number
  minLength?: number
  anyOf?: { const?: unknown }[]
}

/**
 * The rule of an environment variable in words, from its schema (`an integer from 0 to 65535`),
 * so that a variable added to {@link EnvSchema} gets its message without more code.
 */
function ruleOf(schema: SchemaKeywords): string {
  if (schema.anyOf) return `one of ${schema.anyOf.map((member) => String(member.const)).join(', ')}`
  if (schema.type === 'boolean') return 'true or false'
  if (schema.type === 'integer' || schema.type === 'number') {
    const kind = schema.type === 'integer' ? 'an integer' : 'a number'
    if (schema.minimum !== undefined && schema.maximum !== undefined) return `${kind} from ${schema.minimum} to ${schema.maximum}`
    if (schema.minimum !== undefined) return `${kind} of at least ${schema.minimum}`
    if (schema.maximum !== undefined) return `${kind} of at most ${schema.maximum}`
    return kind
  }
  if (schema.minLength !== undefined) return `at least ${schema.minLength} characters`
  return 'text'
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)
}

/**
 * Parses `sqlite:<path>` / `postgres://…` into a database target.
 * @throws ConfigError for any other scheme
 */
export function parseDatabaseUrl(url: string): Config['database'] {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', url }
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', path: url.slice('sqlite:'.length).replace(/^\/\//, '') || ':memory:' }
  throw new ConfigError('DATABASE_URL: sqlite:<path> or postgres://user:password@host:port/database')
}

/**
 * A database URL fit for logs and error messages: the password of a PostgreSQL URL replaced by
 * `***` (`postgres://user:***@host/db`); an unparsable URL reduced to its scheme.
 */
export function maskDatabaseUrl(url: string): string {
  if (!/^postgres(ql)?:/.test(url)) return url
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return `${url.split(':')[0]}://…`
  }
}

/**
 * Where the service keeps its data and reads its catalog, for one log line at start: the
 * database (password masked; a SQLite path made absolute — it is relative to the working
 * directory) and the absolute catalog path.
 */
export function describeStorage(config: Config): { database: string; catalog: string } {
  const db = config.database
  const database = db.dialect === 'postgres' ? maskDatabaseUrl(db.url) : `sqlite:${db.path === ':memory:' ? db.path : resolve(db.path)}`
  return { database, catalog: config.catalogCsv }
}

/**
 * Checks `REDIS_URL`: a `redis:` or `rediss:` (TLS) URL, as ioredis reads it.
 * @throws ConfigError for anything else
 * @see https://github.com/redis/ioredis#connect-to-redis
 */
function redisUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (!hasProtocol(value, ['redis:', 'rediss:'])) throw new ConfigError('REDIS_URL: a redis:// or rediss:// URL (redis://host:6379)')
  return value
}

/** Whether `value` parses as a WHATWG URL with one of these protocols (`redis:`, `http:`…). */
function hasProtocol(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol)
  } catch {
    return false
  }
}

/**
 * Checks `OTEL_EXPORTER_OTLP_ENDPOINT`: an http(s) base URL, as the OTLP exporter takes it.
 * @returns the URL without a trailing slash, or undefined when unset
 * @throws ConfigError for anything else
 * @see https://opentelemetry.io/docs/specs/otel/protocol/exporter/
 */
function otlpEndpoint(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (!hasProtocol(value, ['http:', 'https:'])) throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT: an http:// or https:// URL (http://collector:4318)')
  return value.replace(/\/+$/, '')
}

/** The names of address ranges Fastify's `trustProxy` (@fastify/proxy-addr) also accepts. */
const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/**
 * Checks `TRUST_PROXY`: comma-separated IP addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`) or
 * the names `loopback`, `linklocal`, `uniquelocal`, as Fastify's `trustProxy` takes them. A
 * range of prefix length 0 (`0.0.0.0/0`, `::/0`) is refused: it would believe the
 * `X-Forwarded-For` of every client, so any client could choose the address its rate limit
 * counts against.
 * @throws ConfigError naming the position of the first bad entry (never the value)
 * @see https://fastify.dev/docs/latest/Reference/Server/#trustproxy
 */
function trustProxyList(value: string | undefined): string[] {
  const entries = list(value)
  entries.forEach((entry, i) => {
    const position = entries.length > 1 ? ` (entry ${i + 1})` : ''
    if (TRUST_PROXY_NAMES.has(entry)) return
    const [address = '', prefix, extra] = entry.split('/')
    const family = isIP(address)
    const bits = family === 4 ? 32 : 128
    const validPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits)
    if (family === 0 || extra !== undefined || !validPrefix) {
      throw new ConfigError(`TRUST_PROXY${position}: comma-separated IP addresses or CIDR ranges (10.0.0.0/8), or loopback, linklocal, uniquelocal`)
    }
    if (prefix !== undefined && Number(prefix) === 0) {
      throw new ConfigError(`TRUST_PROXY${position}: a /0 range trusts every client's X-Forwarded-For, so any client could pick its own address; list your proxies' addresses or network`)
    }
  })
  return entries
}

/**
 * Reads the JWT secret kept in the data folder, creating it (256 random bits) on first use.
 * Outside production a convenience; in production only with signing keys configured, where the
 * secret no longer signs tokens and keys only the v2 pagination cursors (set `JWT_SECRET` when
 * instances do not share the data folder, so that a cursor from one is read by another).
 */
function developmentSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dirname(file), { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}

/**
 * The CORS origins, each exactly as a browser sends `Origin` (RFC 6454 §6.2): `http(s)://host[:port]`,
 * no path, no `*` — responses carry credentials headers, which must never go to any origin.
 * @throws ConfigError naming CORS_ORIGINS and its rule
 */
function corsOrigins(value: string | undefined): string[] {
  const origins = list(value)
  const isOrigin = (entry: string) => {
    try {
      const url = new URL(entry)
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === entry
    } catch {
      return false
    }
  }
  if (!origins.every(isOrigin)) throw new ConfigError('CORS_ORIGINS: comma-separated origins such as https://app.example.org (scheme, host and port only: no path, no trailing slash, no *)')
  return origins
}

/**
 * The CSRF HMAC key: `CSRF_SECRET` when set, else HKDF-SHA256 of the JWT secret with its own
 * `info`, so the CSRF tokens never share a key with the JWTs.
 * @returns the key bytes (32 when derived)
 * @see RFC 5869 (HKDF), https://nodejs.org/api/crypto.html#cryptohkdfsyncdigest-ikm-salt-info-keylen
 */
function csrfKey(csrfSecret: string | undefined, jwtSecret: string): Buffer {
  if (csrfSecret !== undefined) return Buffer.from(csrfSecret, 'utf8')
  return Buffer.from(hkdfSync('sha256', jwtSecret, '', 'library-api csrf-token v1', 32))
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/

/**
 * Seconds since the epoch of `@<seconds>`, an RFC 3339 timestamp or an HTTP-date (IMF-fixdate);
 * undefined when it is none of them.
 */
function epochSeconds(value: string): number | undefined {
  if (/^@-?\d{1,15}$/.test(value)) return Number(value.slice(1))
  if (!RFC3339.test(value) && !IMF_FIXDATE.test(value)) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000)
}

/**
 * The `Deprecation` (RFC 9745) and `Sunset` (RFC 8594) header values of API v1.
 * @throws ConfigError naming the key that is not a date, or a sunset before the deprecation
 */
function apiV1Headers(e: Env): Config['apiV1'] {
  const deprecation = epochSeconds(e.API_V1_DEPRECATION.trim())
  if (deprecation === undefined) throw new ConfigError('API_V1_DEPRECATION: @<epoch seconds>, an RFC 3339 timestamp or an HTTP-date')
  if (e.API_V1_SUNSET === undefined) return { deprecation: `@${deprecation}`, sunset: undefined }
  const sunset = epochSeconds(e.API_V1_SUNSET.trim())
  if (sunset === undefined) throw new ConfigError('API_V1_SUNSET: an HTTP-date or an RFC 3339 timestamp')
  if (sunset < deprecation) throw new ConfigError('API_V1_SUNSET: not earlier than API_V1_DEPRECATION (RFC 9745)')
  return { deprecation: `@${deprecation}`, sunset: new Date(sunset * 1000).toUTCString() }
}

/**
 * The asymmetric key source: `JWT_KEYS_FILE` (made absolute; read by the app) or `JWT_KEYS`
 * (parsed and checked here), or undefined for HS256.
 * @throws ConfigError when both are set, or `JWT_KEYS` is not a valid key set (the rule is named, never a value)
 */
function signingKeySource(e: Env): KeySource | undefined {
  if (e.JWT_KEYS_FILE !== undefined && e.JWT_KEYS !== undefined) throw new ConfigError('JWT_KEYS_FILE and JWT_KEYS: set one of them, not both')
  if (e.JWT_KEYS_FILE !== undefined) return { file: resolve(e.JWT_KEYS_FILE) }
  if (e.JWT_KEYS === undefined) return undefined
  try {
    return { set: parseKeySet(e.JWT_KEYS, 'JWT_KEYS'), name: 'JWT_KEYS' }
  } catch (error) {
    if (error instanceof KeySetError) throw new ConfigError(error.message)
    throw error
  }
}

const SCHEDULE_KEYS = { overdue_scan: 'TASK_SCHEDULE_OVERDUE_SCAN', token_cleanup: 'TASK_SCHEDULE_TOKEN_CLEANUP' } as const

/**
 * The schedules of the recurring tasks: an empty value (set but empty) or `off` disables one; an
 * unset one takes its default.
 * @throws ConfigError naming every key whose value cron-parser cannot read
 * @see https://github.com/harrisiirak/cron-parser#readme
 */
function taskSchedules(e: Env, env: Record<string, string | undefined>): TaskConfig['schedules'] {
  const schedules = {} as Record<ScheduledTaskType, string | null>
  const invalid: string[] = []
  for (const [type, key] of Object.entries(SCHEDULE_KEYS) as [ScheduledTaskType, keyof Env & string][]) {
    const raw = env[key] === '' ? '' : String(e[key]).trim()
    if (raw === '' || raw.toLowerCase() === 'off') {
      schedules[type] = null
      continue
    }
    try {
      CronExpressionParser.parse(raw, { tz: 'UTC' })
      schedules[type] = raw
    } catch {
      invalid.push(key)
    }
  }
  if (invalid.length > 0) throw new ConfigError(`invalid task schedule (a cron expression such as "0 * * * *", empty or off to disable): ${invalid.join(', ')}`)
  return schedules
}

/** The rate-limit policies, by name, and the variable each is read from. */
const RATE_LIMIT_KEYS = {
  anonymous: 'RATE_LIMIT_ANONYMOUS',
  member: 'RATE_LIMIT_MEMBER',
  premium: 'RATE_LIMIT_PREMIUM',
  staff: 'RATE_LIMIT_STAFF',
  login: 'RATE_LIMIT_LOGIN',
  register: 'RATE_LIMIT_REGISTER',
} as const satisfies Record<string, keyof Env>

/** The name of a rate-limit policy. */
export type RateLimitPolicyName = keyof typeof RATE_LIMIT_KEYS

/**
 * Parses every `RATE_LIMIT_*` policy string.
 * @throws ConfigError naming every key whose value is not `N/sec|min|hour|day` windows joined by `;`
 */
function rateLimitPolicies(e: Env): Record<RateLimitPolicyName, RateLimitPolicy> {
  const policies = {} as Record<RateLimitPolicyName, RateLimitPolicy>
  const invalid: string[] = []
  for (const [name, key] of Object.entries(RATE_LIMIT_KEYS) as [RateLimitPolicyName, keyof Env][]) {
    try {
      policies[name] = parsePolicy(String(e[key]))
    } catch (error) {
      if (!(error instanceof PolicySyntaxError)) throw error
      invalid.push(key)
    }
  }
  if (invalid.length > 0) throw new ConfigError(`invalid rate-limit policy (N/sec|min|hour|day joined by ";", each unit once): ${invalid.join(', ')}`)
  return Object.freeze(policies)
}

/**
 * Builds the configuration from an environment (normally `process.env` after `.env` is
 * loaded). Only `server.ts` and `cli.ts` call it.
 * @param env variables by name
 * @param options.dataDir where the development JWT secret is kept (default `data`)
 * @throws ConfigError naming every invalid key with its rule (never its value): a value against
 *   {@link EnvSchema}, a missing secret or an unsafe setting in production (`COOKIE_SECURE=false`,
 *   `AUDIT_LOG=false`, a short `ADMIN_PASSWORD`), a bad `DATABASE_URL`, `REDIS_URL`,
 *   `TRUST_PROXY`, rate-limit policy or API v1 date
 */
export function loadConfig(env: Record<string, string | undefined>, options: { dataDir?: string } = {}): Config {
  const input: Record<string, unknown> = {}
  for (const key of Object.keys(EnvSchema.properties)) {
    const raw = env[key]
    if (raw !== undefined && raw !== '') input[key] = raw
  }
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, input))
  const properties = EnvSchema.properties as Record<string, SchemaKeywords>
  // Value.Convert reads `1.5` as the integer 1: an integer is whole digits or it is refused.
  const notWhole = Object.keys(properties).filter((key) => properties[key]?.type === 'integer' && env[key] && !/^\s*[+-]?\d+\s*$/.test(String(env[key])))
  if (notWhole.length > 0 || !Value.Check(EnvSchema, converted)) {
    const invalid = new Set([...notWhole, ...[...Value.Errors(EnvSchema, converted)].map((e) => e.instancePath.replace(/^\//, ''))])
    const keys = Object.keys(properties).filter((key) => invalid.has(key))
    if (invalid.has('')) keys.push('')
    const rules = keys.map((key) => (properties[key] ? `${key}: ${ruleOf(properties[key])}` : 'the environment is not a set of variables'))
    throw new ConfigError(`invalid configuration: ${rules.join('; ')}`)
  }
  const e = converted as Env
  const production = e.NODE_ENV === 'production'
  const keys = signingKeySource(e)
  if (production && !e.JWT_SECRET && !keys) throw new ConfigError('JWT_SECRET: required in production (at least 32 characters), unless signing keys are set (JWT_KEYS_FILE or JWT_KEYS)')
  if (production && !e.COOKIE_SECURE) throw new ConfigError('COOKIE_SECURE: false is for plain-HTTP local development only; production refuses it')
  if (production && !e.AUDIT_LOG) throw new ConfigError('AUDIT_LOG: false is for measuring the audit trail\'s cost outside production; production refuses it (the audit log is a security control)')
  if (production && e.ADMIN_PASSWORD !== undefined && e.ADMIN_PASSWORD.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD: at least 12 characters in production')
  }
  // Node refuses a headers timeout above the request timeout (ERR_OUT_OF_RANGE).
  if (e.HEADERS_TIMEOUT > e.BODY_TIMEOUT) throw new ConfigError('HEADERS_TIMEOUT must not be greater than BODY_TIMEOUT')
  const database = parseDatabaseUrl(e.DATABASE_URL)
  const dataDir = options.dataDir ?? 'data'
  return Object.freeze({
    env: production ? 'production' : e.NODE_ENV === 'test' ? 'test' : 'development',
    port: e.PORT,
    host: e.HOST,
    database,
    redisUrl: redisUrl(e.REDIS_URL),
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    rateLimit: { policies: rateLimitPolicies(e), redisDownAuth: e.RATE_LIMIT_REDIS_DOWN_AUTH, retryAfter: e.RATE_LIMIT_RETRY_AFTER },
    jwt: {
      secret: e.JWT_SECRET ?? developmentSecret(resolve(dataDir, 'jwt-secret')),
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtl: e.ACCESS_TOKEN_TTL,
      refreshTtl: e.REFRESH_TOKEN_TTL,
      reuseGrace: e.REFRESH_REUSE_GRACE,
      keys,
      keysReloadInterval: e.JWT_KEYS_RELOAD_INTERVAL,
    },
    argon2: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_ITERATIONS },
    admin: { username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD, email: e.ADMIN_EMAIL },
    trustProxy: trustProxyList(e.TRUST_PROXY),
    corsOrigins: corsOrigins(e.CORS_ORIGINS),
    cacheEnabled: e.CACHE_ENABLED,
    cache: { ttlList: e.CACHE_TTL_LIST, ttlItem: e.CACHE_TTL_ITEM, maxEntries: e.CACHE_MAX_ENTRIES },
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    problemBaseUrl: (e.PROBLEM_BASE_URL ?? '').replace(/\/$/, ''),
    loanPeriodDays: e.LOAN_PERIOD_DAYS,
    // The shipped catalog belongs to the installation, wherever the service is started from.
    catalogCsv: env.CATALOG_CSV ? resolve(e.CATALOG_CSV) : resolve(PACKAGE_ROOT, e.CATALOG_CSV),
    importOnStart: e.IMPORT_ON_START,
    shutdownTimeout: e.SHUTDOWN_TIMEOUT,
    timeouts: { headers: e.HEADERS_TIMEOUT, body: e.BODY_TIMEOUT, keepAlive: e.KEEP_ALIVE_TIMEOUT },
    importBodyLimit: e.IMPORT_BODY_LIMIT,
    tasks: {
      workers: e.TASK_WORKERS,
      concurrency: e.TASK_CONCURRENCY,
      maxAttempts: e.TASK_MAX_ATTEMPTS,
      backoff: e.TASK_BACKOFF,
      lease: e.TASK_LEASE,
      pollInterval: e.TASK_POLL_INTERVAL,
      shutdownGrace: e.TASK_SHUTDOWN_GRACE,
      resultTtl: e.TASK_RESULT_TTL,
      schedules: taskSchedules(e, env),
      workerNice: e.TASK_WORKER_NICE,
      workerSched: e.TASK_WORKER_SCHED,
      workerCpus: e.TASK_WORKER_CPUS === '' ? undefined : e.TASK_WORKER_CPUS,
    },
    apiV1: apiV1Headers(e),
    browserSession: { cookieSecure: e.COOKIE_SECURE, csrfKey: csrfKey(e.CSRF_SECRET, e.JWT_SECRET ?? developmentSecret(resolve(dataDir, 'jwt-secret'))) },
    metrics: { enabled: e.METRICS_ENABLED, token: e.METRICS_TOKEN },
    instanceId: e.INSTANCE_ID ?? `${hostname()}:${process.pid}`,
    shedding: {
      maxEventLoopDelay: e.SHED_MAX_EVENT_LOOP_DELAY,
      maxEventLoopUtilization: e.SHED_MAX_EVENT_LOOP_UTILIZATION,
      maxHeapUsedBytes: e.SHED_MAX_HEAP_USED_BYTES,
      sampleInterval: e.SHED_SAMPLE_INTERVAL,
      targetDelay: e.SHED_TARGET_DELAY,
      maxInFlight: e.SHED_MAX_IN_FLIGHT,
      retryAfter: e.SHED_RETRY_AFTER,
    },
    tracing: { endpoint: otlpEndpoint(e.OTEL_EXPORTER_OTLP_ENDPOINT), serviceName: e.OTEL_SERVICE_NAME },
    audit: { enabled: e.AUDIT_LOG, retentionDays: e.AUDIT_RETENTION_DAYS },
  } satisfies Config)
}
