import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { Redis } from 'ioredis'
import pg from 'pg'
import { type BuildOptions, buildApp } from '../src/app.ts'
import { type Config, loadConfig } from '../src/config.ts'
import { connectDatabase, type DatabaseHandle } from '../src/db/connect.ts'
import type { App } from '../src/shared/app-types.ts'
import { createUser } from '../src/modules/users/users.service.ts'

/**
 * The arguments that let a spawned `node` run the TypeScript sources: none on a runtime that
 * strips types itself (`process.features.typescript`, Node.js ≥ 22.18), tsx's loader otherwise.
 */
export const TS_LOADER: string[] = (process.features as { typescript?: string | false }).typescript ? [] : ['--import', 'tsx']

/** Which database the suite runs on: `TEST_DB=sqlite` (default) or `TEST_DB=postgres`. */
export const TEST_DB = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite'
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
/** Whether shared state (rate limits, cache) goes to Redis: `TEST_REDIS=1`, set by the test runner on the PostgreSQL pass. */
export const TEST_REDIS = process.env.TEST_REDIS === '1'
/** Tags every PostgreSQL schema a test makes with its runner's id, so the runner drops its own schemas only (never a parallel run's). */
export const SCHEMA_TAG = process.env.TEST_SCHEMA_TAG ?? 'r0'
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

export const STRONG_PASSWORD = 'Sup3r-Secret!'

/** A clock the test moves by hand (the only thing the tests fake). */
export class TestClock {
  private current = Date.parse('2026-11-21T10:00:00.000Z')
  now = (): Date => new Date(this.current)
  advance(ms: number): void {
    this.current += ms
  }
}

/** Config for tests: cheap argon2, silent logs, no catalog import; `overrides` in env form. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    ARGON2_MEMORY_KIB: '256',
    ARGON2_ITERATIONS: '1',
    LOG_LEVEL: 'silent',
    IMPORT_ON_START: 'false',
    // Suites that do not test rate limits send many requests from one address; test/rate-limit/ sets small ones.
    RATE_LIMIT_ANONYMOUS: '100000/min',
    RATE_LIMIT_MEMBER: '100000/min',
    RATE_LIMIT_PREMIUM: '100000/min',
    RATE_LIMIT_STAFF: '100000/min',
    RATE_LIMIT_LOGIN: '100000/min',
    RATE_LIMIT_REGISTER: '100000/min',
    // Schedules off (test/tasks/schedules.test.ts turns them on); quick looks and retries.
    TASK_SCHEDULE_OVERDUE_SCAN: '',
    TASK_SCHEDULE_TOKEN_CLEANUP: '',
    TASK_POLL_INTERVAL: '50',
    TASK_BACKOFF: '20',
    // No load shedding: a starved test machine must not answer 503 (test/observability/load-shedding.test.ts turns it on).
    SHED_MAX_EVENT_LOOP_DELAY: '0',
    SHED_TARGET_DELAY: '0',
    SHED_MAX_IN_FLIGHT: '0',
    ...overrides,
  })
}

type Role = 'admin' | 'librarian' | 'premium' | 'member'

export interface TestUser {
  id: number
  username: string
  email: string
  password: string
  roles: string[]
  access: string
  refresh: string
  /** `{authorization: 'Bearer <access>'}` */
  auth: { authorization: string }
}

/** A built app on a fresh database, with factories and an OpenAPI-checking `inject`. */
export interface TestContext {
  app: App
  /** the app's database connection (a test may close it to see the app fail well) */
  database: DatabaseHandle
  clock: TestClock
  /** `app.inject` that also checks the response against the served OpenAPI document */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>
  /** a signed-in user with the given role (created directly, logged in through the API) */
  makeUser(role?: Role, name?: string): Promise<TestUser>
  /** a book created through the API by a librarian */
  makeBook(fields?: Record<string, unknown>): Promise<{ id: number; [key: string]: unknown }>
  close(): Promise<void>
}

let counter = 0
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`

/** How a test app is built besides its config. */
export interface TestAppOptions {
  /** where the JSON logs go (level trace); none by default */
  logStream?: NodeJS.WritableStream
  /** another app's database (a second instance on one database): used, not closed, by this one */
  database?: DatabaseHandle
  /** another app's clock, or one that follows real time (schedules) */
  clock?: TestClock
  /** turns tracing on with this span processor (test/observability/tracing.test.ts) */
  spanProcessor?: BuildOptions['spanProcessor']
  /** registers routes of the test's own on the built app, before it is ready (call them with `t.app.inject`: they are not in the OpenAPI document) */
  routes?: (app: App) => void
}

/** Builds an app with these settings (env form), runs `fn`, always closes it. */
export async function withApp(overrides: Record<string, string>, fn: (t: TestContext) => Promise<void>, options: TestAppOptions = {}): Promise<void> {
  const t = await buildTestApp(overrides, options)
  try {
    await fn(t)
  } finally {
    await t.close()
  }
}

/**
 * Builds the app on the chosen backend: a new SQLite file in the temp folder, or a new schema
 * in the test PostgreSQL database (or `options.database`). Everything it made is removed on `close()`.
 */
export async function buildTestApp(overrides: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestContext> {
  const clock = options.clock ?? new TestClock()
  // Each app gets its own Redis key prefix, so tests never see each other's counters or entries.
  const redis: Record<string, string> = TEST_REDIS ? { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `test:${unique()}:` } : {}
  const config = testConfig({ ...redis, ...overrides })
  let cleanup: () => Promise<void>
  let handle: DatabaseHandle
  if (options.database) {
    handle = options.database
    cleanup = async () => {}
  } else if (TEST_DB === 'postgres') {
    const schema = `t_${SCHEMA_TAG}_${unique()}`
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    handle = connectDatabase({ dialect: 'postgres', url: TEST_DATABASE_URL }, { searchPath: schema, poolSize: 5 })
    // The schema is dropped by the test runner after the pass, not here: dropping a schema while
    // another test's migrator scans the catalog makes that scan fail (3F000).
    cleanup = () => handle.close()
  } else {
    const file = join(tmpdir(), `library-test-${unique()}.db`)
    handle = connectDatabase({ dialect: 'sqlite', path: file })
    cleanup = async () => {
      await handle.close()
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
    }
  }
  const app = await buildApp(config, { database: handle, clock, logger: options.logStream ? { stream: options.logStream, level: 'trace' } : false, spanProcessor: options.spanProcessor })
  options.routes?.(app)
  await app.ready()
  const checker = openApiChecker(app)

  const inject = async (options: InjectOptions) => {
    const response = await app.inject(options)
    checker(options, response)
    return response
  }

  const makeUser = async (role: Role = 'member', name?: string): Promise<TestUser> => {
    const username = name ?? `${role}_${unique()}`
    const email = `${username}@example.org`
    const user = await createUser({ db: app.db, hasher: app.hasher, clock }, { username, email, password: STRONG_PASSWORD, roles: [role] })
    const login = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: STRONG_PASSWORD } })
    if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`)
    const { access_token, refresh_token } = login.json()
    return { id: user.id, username, email, password: STRONG_PASSWORD, roles: user.roles, access: access_token, refresh: refresh_token, auth: { authorization: `Bearer ${access_token}` } }
  }

  let librarian: TestUser | undefined
  const makeBook = async (fields: Record<string, unknown> = {}) => {
    librarian ??= await makeUser('librarian')
    const response = await inject({ method: 'POST', url: '/api/v1/books', headers: librarian.auth, payload: { title: `Book ${unique()}`, author: 'Test Author', copies_total: 2, ...fields } })
    if (response.statusCode !== 201) throw new Error(`makeBook failed: ${response.body}`)
    return response.json()
  }

  return {
    app,
    database: handle,
    clock,
    inject,
    makeUser,
    makeBook,
    close: async () => {
      await app.close()
      await cleanup()
      // BullMQ's keys (a queue's meta, its event stream) do not expire like counters and cache entries.
      if (redis.REDIS_KEY_PREFIX && config.redisKeyPrefix === redis.REDIS_KEY_PREFIX) await deleteRedisKeys(redis.REDIS_KEY_PREFIX)
    },
  }
}

/** Deletes every key under `prefix` in the test Redis. */
async function deleteRedisKeys(prefix: string): Promise<void> {
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
  client.on('error', () => {})
  try {
    await client.connect()
    for await (const keys of client.scanStream({ match: `${prefix}*`, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await client.del(...keys)
    }
  } catch {
    // Best effort: a test about an unreachable Redis has nothing to clean.
  } finally {
    client.disconnect()
  }
}

/** Asserts an RFC 9457 problem with this status and code; returns the body. */
export function assertProblem(response: LightMyRequestResponse, status: number, code: string) {
  assert.equal(response.statusCode, status, response.body)
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
  const body = response.json()
  assert.equal(body.code, code, response.body)
  assert.equal(body.request_id, response.headers['x-request-id'])
  return body as { code: string; detail?: string; errors?: { field: string; message: string }[] }
}

/**
 * Response header fields with API meaning: one of them sent on a response must be declared for
 * that status in the document (transport, CORS and security headers are not listed).
 */
const API_HEADERS = [
  'x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy', 'retry-after', 'www-authenticate',
  'cache-control', 'etag', 'last-modified', 'location', 'link', 'x-cache', 'api-version', 'deprecation', 'sunset', 'idempotent-replayed',
  'content-disposition',
]

interface DocumentedResponse {
  content?: Record<string, { schema: unknown }>
  headers?: Record<string, { $ref?: string; required?: boolean }>
}

/** Checkers by the digest of their document: apps built alike serve the same document, and compiling it costs more than building the app. */
const checkers = new Map<string, ReturnType<typeof compileChecker>>()

/**
 * Returns a function that asserts a response matches the OpenAPI document the app serves: the
 * path and method are documented, the status is documented for them, the `Content-Type` media
 * type of a body is one documented for that status, every header the document marks `required`
 * is present, every {@link API_HEADERS} field sent is documented, and a JSON body validates
 * against that status's schema (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses).
 */
function openApiChecker(app: App) {
  const doc = app.swagger() as unknown as OpenApiDocument
  const key = createHash('sha256').update(JSON.stringify(doc)).digest('base64url')
  let checker = checkers.get(key)
  if (!checker) {
    checker = compileChecker(doc)
    checkers.set(key, checker)
  }
  return checker
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>>
  components: { headers?: Record<string, { required?: boolean }> }
}

function compileChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: true })
  addFormats.default(ajv)
  ajv.addSchema({ ...doc, $id: 'openapi.json' } as object)
  const templates = Object.keys(doc.paths).map((path) => ({
    path,
    regex: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  const escape = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1')
  const validators = new Map<string, ReturnType<typeof ajv.compile>>()

  return (options: InjectOptions, response: LightMyRequestResponse) => {
    const method = String(options.method ?? 'GET').toLowerCase()
    const url = typeof options.url === 'string' ? options.url : String(options.path ?? '/')
    const pathname = url.split('?')[0]!
    const contentType = String(response.headers['content-type'] ?? '')
    // A literal path (`/api/v1/books/import`) wins over a template that also matches it (`/api/v1/books/{id}`), as in the router.
    const template = templates.find((t) => t.path === pathname) ?? templates.find((t) => t.regex.test(pathname))
    const operation = template && doc.paths[template.path]![method]
    if (!template || !operation) {
      // Unknown routes and methods must still answer a documented problem.
      if (response.statusCode === 404 || response.statusCode === 405) {
        if (!contentType.startsWith('application/problem+json')) throw new Error(`${method} ${pathname}: ${response.statusCode} is not a problem`)
        const validate = ajv.getSchema('openapi.json#/components/schemas/Problem')
        if (validate && !validate(response.json())) throw new Error(`${method} ${pathname}: problem invalid: ${ajv.errorsText(validate.errors)}`)
        return
      }
      if (pathname.startsWith('/docs') || pathname === '/openapi.json') return
      throw new Error(`${method.toUpperCase()} ${pathname} is not in the OpenAPI document (status ${response.statusCode})`)
    }
    const status = String(response.statusCode)
    const documented = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default
    const where = `${method.toUpperCase()} ${template.path} ${status}`
    if (!documented) throw new Error(`${method.toUpperCase()} ${template.path}: status ${status} is not documented (body ${response.body.slice(0, 300)})`)
    const declared = new Map<string, boolean>()
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      const resolved = header.$ref ? doc.components.headers?.[header.$ref.split('/').pop()!] : header
      declared.set(name.toLowerCase(), resolved?.required === true)
    }
    for (const [name, required] of declared) {
      if (required && response.headers[name] === undefined) throw new Error(`${where}: the required header ${name} is missing`)
    }
    for (const name of API_HEADERS) {
      if (response.headers[name] !== undefined && !declared.has(name)) throw new Error(`${where}: the header ${name} is sent but not documented`)
    }
    if (!response.body) return
    const medias = Object.keys(documented.content ?? {})
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase()
    const media = medias.find((m) => m === mediaType)
    if (!media) throw new Error(`${where}: a ${mediaType || 'body without Content-Type'} body was sent; documented: ${medias.join(', ') || 'no body'}`)
    if (!media.includes('json')) return
    const pointer = `openapi.json#/paths/${escape(template.path)}/${method}/responses/${status in operation.responses ? status : 'default'}/content/${escape(media)}/schema`
    let validate = validators.get(pointer)
    if (!validate) {
      validate = ajv.compile({ $ref: pointer })
      validators.set(pointer, validate)
    }
    if (!validate(response.json())) {
      throw new Error(`${method.toUpperCase()} ${template.path} ${status}: body does not match the OpenAPI schema: ${ajv.errorsText(validate.errors)}\n${response.body.slice(0, 500)}`)
    }
  }
}
