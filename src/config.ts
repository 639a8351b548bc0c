import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

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
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'HS256 key (≥ 32 chars); generated once into the data folder when unset, outside production' })),
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
  LOG_LEVEL: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], { default: 'info', description: 'pino level' }),
  BODY_LIMIT: Type.Integer({ default: 1_048_576, minimum: 1024, description: 'largest accepted request body, bytes' }),
  PROBLEM_BASE_URL: Type.Optional(Type.String({ description: 'absolute base of problem `type` URIs; relative when unset' })),
  LOAN_PERIOD_DAYS: Type.Integer({ default: 14, minimum: 1, description: 'days until a new loan is due; a renewal adds as many' }),
  CATALOG_CSV: Type.String({ default: 'data/goodbooks-10k/books.csv', description: 'the catalog imported on start when the books table is empty' }),
  IMPORT_ON_START: Type.Boolean({ default: true, description: 'import CATALOG_CSV at start when there are no books' }),
  SHUTDOWN_TIMEOUT: Type.Integer({ default: 10_000, minimum: 0, description: 'milliseconds in-flight requests get on SIGTERM' }),
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
  }
  argon2: { memoryCost: number; timeCost: number }
  admin: { username: string | undefined; password: string | undefined; email: string | undefined }
  trustProxy: string[]
  corsOrigins: string[]
  cacheEnabled: boolean
  logLevel: Env['LOG_LEVEL']
  /** bytes */
  bodyLimit: number
  problemBaseUrl: string
  loanPeriodDays: number
  catalogCsv: string
  importOnStart: boolean
  /** milliseconds */
  shutdownTimeout: number
}

/** Thrown when the environment is invalid; the message names keys, never values. */
export class ConfigError extends Error {
  override name = 'ConfigError'
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
  throw new ConfigError('DATABASE_URL must start with sqlite: or postgres://')
}

/**
 * Reads the JWT secret kept in the data folder, creating it (256 random bits) on first use.
 * Development convenience only: production refuses to run without `JWT_SECRET`.
 */
function developmentSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dirname(file), { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}

/**
 * Builds the configuration from an environment (normally `process.env` after `.env` is
 * loaded). Only `server.ts` and `cli.ts` call it.
 * @param env variables by name
 * @param options.dataDir where the development JWT secret is kept (default `data`)
 * @throws ConfigError naming every invalid key, or a default secret in production
 */
export function loadConfig(env: Record<string, string | undefined>, options: { dataDir?: string } = {}): Config {
  const input: Record<string, unknown> = {}
  for (const key of Object.keys(EnvSchema.properties)) {
    const raw = env[key]
    if (raw !== undefined && raw !== '') input[key] = raw
  }
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, input))
  if (!Value.Check(EnvSchema, converted)) {
    const keys = [...new Set([...Value.Errors(EnvSchema, converted)].map((e) => e.instancePath.replace(/^\//, '') || 'environment'))]
    throw new ConfigError(`invalid configuration: ${keys.join(', ')}`)
  }
  const e = converted as Env
  const production = e.NODE_ENV === 'production'
  if (production && !e.JWT_SECRET) throw new ConfigError('JWT_SECRET is required in production')
  if (production && e.ADMIN_PASSWORD !== undefined && e.ADMIN_PASSWORD.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 12 characters in production')
  }
  const database = parseDatabaseUrl(e.DATABASE_URL)
  const dataDir = options.dataDir ?? 'data'
  return Object.freeze({
    env: production ? 'production' : e.NODE_ENV === 'test' ? 'test' : 'development',
    port: e.PORT,
    host: e.HOST,
    database,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    jwt: {
      secret: e.JWT_SECRET ?? developmentSecret(resolve(dataDir, 'jwt-secret')),
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtl: e.ACCESS_TOKEN_TTL,
      refreshTtl: e.REFRESH_TOKEN_TTL,
      reuseGrace: e.REFRESH_REUSE_GRACE,
    },
    argon2: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_ITERATIONS },
    admin: { username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD, email: e.ADMIN_EMAIL },
    trustProxy: list(e.TRUST_PROXY),
    corsOrigins: list(e.CORS_ORIGINS),
    cacheEnabled: e.CACHE_ENABLED,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    problemBaseUrl: (e.PROBLEM_BASE_URL ?? '').replace(/\/$/, ''),
    loanPeriodDays: e.LOAN_PERIOD_DAYS,
    catalogCsv: e.CATALOG_CSV,
    importOnStart: e.IMPORT_ON_START,
    shutdownTimeout: e.SHUTDOWN_TIMEOUT,
  } satisfies Config)
}
