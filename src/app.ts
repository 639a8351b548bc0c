import { randomUUID } from 'node:crypto'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base'
import Fastify, { type FastifyReply, type FastifyRequest, LogController } from 'fastify'
import type { Config } from './config.ts'
import { connectDatabase, type DatabaseHandle } from './db/connect.ts'
import adminRoutes, { StatsSchema } from './modules/admin/admin.routes.ts'
import adminCacheRoutes from './modules/admin/cache.routes.ts'
import authRoutes from './modules/auth/auth.routes.ts'
import { CookieLoginResponse, CookieTokensSchema, LoginResponse, TokenPairSchema } from './modules/auth/auth.schemas.ts'
import { PasswordHasher } from './modules/auth/passwords.ts'
import { TokenService } from './modules/auth/tokens.ts'
import { KeyRing } from './modules/keys/key-ring.ts'
import keysRoutes from './modules/keys/keys.routes.ts'
import booksRoutes from './modules/books/books.routes.ts'
import booksImportRoutes from './modules/books/import/import.routes.ts'
import { BookSchema } from './modules/books/books.schemas.ts'
import booksNegotiatedRoutes from './modules/books/v2/books-negotiated.routes.ts'
import { BookV2Page, BookV2Schema } from './modules/books/v2/books-v2.schemas.ts'
import booksV2Routes from './modules/books/v2/books-v2.routes.ts'
import loansRoutes, { userLoansRoutes } from './modules/loans/loans.routes.ts'
import { LoanSchema } from './modules/loans/loans.schemas.ts'
import postsRoutes, { userPostsRoutes } from './modules/posts/posts.routes.ts'
import { PostSchema } from './modules/posts/posts.schemas.ts'
import rateLimitRoutes from './modules/rate-limit/rate-limit.routes.ts'
import { TaskSchema } from './modules/tasks/tasks.schemas.ts'
import tasksRoutes from './modules/tasks/tasks.routes.ts'
import usersRoutes from './modules/users/users.routes.ts'
import { PublicUserSchema, UserSchema } from './modules/users/users.schemas.ts'
import authPlugin from './plugins/auth.ts'
import auditPlugin from './plugins/audit.ts'
import { createAuditTrail, DISABLED_AUDIT_TRAIL } from './modules/audit/audit.service.ts'
import auditRoutes, { AuditEntrySchema } from './modules/audit/audit.routes.ts'
import cachePlugin from './plugins/cache.ts'
import databasePlugin from './plugins/database.ts'
import docsPlugin from './plugins/docs.ts'
import connectionsPlugin from './plugins/connections.ts'
import errorsPlugin from './plugins/errors.ts'
import healthPlugin from './plugins/health.ts'
import loadSheddingPlugin from './plugins/load-shedding.ts'
import metricsPlugin, { metricsRoute } from './plugins/metrics.ts'
import tracingPlugin, { startTracingIfConfigured } from './plugins/tracing.ts'
import httpErrorsPlugin, { clientErrorHandler, frameworkErrors } from './plugins/http-errors.ts'
import rateLimitPlugin, { rateLimitDocs } from './plugins/rate-limit.ts'
import redisPlugin from './plugins/redis.ts'
import securityPlugin from './plugins/security.ts'
import tasksPlugin from './plugins/tasks.ts'
import versioningPlugin from './plugins/versioning.ts'
import type { App } from './shared/app-types.ts'
import { type Clock, systemClock } from './shared/clock.ts'
import { SHARED_SCHEMAS } from './shared/schemas.ts'
import { cachedSerializerFactory } from './shared/serializer-cache.ts'
import { utf8JsonParser } from './shared/json-body.ts'
import { createValidatorCompiler, enforceQueryRules } from './shared/validation.ts'

/** Schemas with an `$id`, registered once so OpenAPI names them as components. */
const COMPONENT_SCHEMAS = [...SHARED_SCHEMAS, UserSchema, PublicUserSchema, TokenPairSchema, LoginResponse, CookieTokensSchema, CookieLoginResponse, StatsSchema, BookSchema, BookV2Schema, BookV2Page, LoanSchema, PostSchema, TaskSchema, AuditEntrySchema]

/** What a caller may supply besides the config (tests and the CLI). */
export interface BuildOptions {
  /** an open database; by default the app opens `config.database` and closes it on `close()` */
  database?: DatabaseHandle
  /** the time source (tests move it) */
  clock?: Clock
  /** false for no logs; a stream (and level) to send the JSON logs elsewhere. Secrets are always redacted. */
  logger?: false | { stream: NodeJS.WritableStream; level?: string }
  /** turns tracing on with this span processor instead of the OTLP exporter (tests use an in-memory exporter) */
  spanProcessor?: SpanProcessor
}

/**
 * One access-log line per request, written when the response is done — method, URL, client
 * address, status, response time (milliseconds) and request id — instead of Fastify's two
 * (`incoming request`, then `request completed`).
 * @see https://fastify.dev/docs/latest/Reference/Server/#factory-log-controller
 */
class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const entry = { req: request, res: reply, responseTime: reply.elapsedTime }
    if (error) reply.log.error({ ...entry, err: error }, 'request errored')
    else reply.log.info(entry, 'request completed')
  }
}

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * Builds the whole application from a configuration. Reads no environment and opens no port:
 * `server.ts` listens, tests use `inject()`.
 * @returns a ready-to-listen Fastify instance (await `app.ready()` or `inject`)
 * @throws whatever a migration throws when the database schema cannot be brought up to date
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger === false ? false : {
      level: options.logger?.level ?? config.logLevel,
      ...(options.logger ? { stream: options.logger.stream } : {}),
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.password_hash', '*.refresh_token', '*.access_token'],
        censor: '[redacted]',
      },
    },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id']
      return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID()
    },
    // On close, idle keep-alive sockets are closed; a request that still arrives on an open
    // connection is answered normally, with `Connection: close` (src/plugins/connections.ts), not 503.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    // Slow clients (api-contract §10): Node answers 408 through `clientErrorHandler` when the
    // headers or the whole request take longer; idle keep-alive sockets close after keepAliveTimeout.
    keepAliveTimeout: config.timeouts.keepAlive,
    requestTimeout: config.timeouts.body,
    http: {
      headersTimeout: config.timeouts.headers,
      // Node checks those two timeouts only this often (default 30 s).
      connectionsCheckingInterval: Math.min(1000, Math.max(25, Math.floor(config.timeouts.headers / 10))),
    },
    // One fast-json-stringify serializer per distinct response schema (src/shared/serializer-cache.ts).
    schemaController: { compilersFactory: { buildSerializer: cachedSerializerFactory } },
    clientErrorHandler: clientErrorHandler(config.problemBaseUrl),
    frameworkErrors: frameworkErrors(config.problemBaseUrl),
    logController: new AccessLog(),
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Signing keys (JWT_KEYS_FILE / JWT_KEYS): a retired key verifies until its last token can have expired.
  const keyRing = config.jwt.keys && await KeyRing.load(config.jwt.keys, {
    retiredLifetime: Math.max(config.jwt.accessTtl, config.jwt.refreshTtl) + config.jwt.keysReloadInterval,
    onReloadError: (error) => app.log.error({ err: { type: error.name, message: error.message } }, 'the changed key file cannot be used; the previous keys stay in use'),
  })
  const database = options.database ?? connectDatabase(config.database)
  app.decorate('config', config)
  app.decorate('clock', options.clock ?? systemClock)
  app.decorate('hasher', new PasswordHasher(config.argon2))
  app.decorate('tokens', new TokenService(config.jwt, keyRing))
  // AUDIT_LOG=false (refused in production): nothing recorded, for measuring the trail's cost.
  app.decorate('audit', config.audit.enabled ? createAuditTrail({ db: database.db, clock: app.clock, log: app.log.child({ logger: 'audit' }) }) : DISABLED_AUDIT_TRAIL)
  if (!config.audit.enabled) app.log.warn('AUDIT_LOG=false: security events are not recorded')

  // JSON only: a text/plain body is 415, not a string for the validator to puzzle over.
  app.removeContentTypeParser('text/plain')
  // JSON from the raw bytes: invalid UTF-8 or another charset is refused, not replaced by U+FFFD.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser(['application/json', 'application/merge-patch+json'], { parseAs: 'buffer' }, utf8JsonParser(app.getDefaultJsonParser('error', 'ignore')))
  for (const schema of COMPONENT_SCHEMAS) app.addSchema(schema)
  app.setValidatorCompiler(createValidatorCompiler(COMPONENT_SCHEMAS))
  enforceQueryRules(app)

  // First: @fastify/otel wraps the hooks registered after it. Nothing is loaded when tracing is off.
  await app.register(tracingPlugin, { tracing: await startTracingIfConfigured(config, database.dialect, options.spanProcessor), database })
  await app.register(errorsPlugin, { problemBaseUrl: config.problemBaseUrl })
  await app.register(connectionsPlugin, { problemBaseUrl: config.problemBaseUrl })
  await app.register(securityPlugin, { corsOrigins: config.corsOrigins })
  await app.register(httpErrorsPlugin, { problemBaseUrl: config.problemBaseUrl })
  await app.register(databasePlugin, { handle: database, owned: options.database === undefined })
  await app.register(metricsPlugin, { enabled: config.metrics.enabled, instanceId: config.instanceId })
  // Before the rate limiter, the cache and any database work: a shed request costs next to nothing.
  await app.register(loadSheddingPlugin, { shedding: config.shedding, problemBaseUrl: config.problemBaseUrl })
  await app.register(redisPlugin, { url: config.redisUrl, keyPrefix: config.redisKeyPrefix })
  // Before auth: every request is counted (and 401s and 404s carry RateLimit-*) before any database work.
  await app.register(rateLimitPlugin, { rateLimit: config.rateLimit })
  // Before every route (cacheable ones opt in by route config) and before the plugins that add routes.
  await app.register(cachePlugin, {
    enabled: config.cacheEnabled,
    ttl: { list: config.cache.ttlList, item: config.cache.ttlItem },
    maxEntries: config.cache.maxEntries,
    keyPrefix: config.redisKeyPrefix,
  })
  await app.register(tasksPlugin)
  await app.register(authPlugin, { tokens: app.tokens })
  await app.register(auditPlugin)
  await app.register(docsPlugin)
  await app.register(rateLimitDocs)
  await app.register(healthPlugin)
  await app.register(metricsRoute, { token: config.metrics.token })
  await app.register(versioningPlugin, config.apiV1)

  await app.register(authRoutes, { prefix: '/api/v1/auth' })
  await app.register(usersRoutes, { prefix: '/api/v1/users' })
  await app.register(adminRoutes, { prefix: '/api/v1/admin' })
  await app.register(adminCacheRoutes, { prefix: '/api/v1/admin' })
  await app.register(auditRoutes, { prefix: '/api/v1/admin' })
  await app.register(booksRoutes, { prefix: '/api/v1/books' })
  await app.register(booksImportRoutes, { prefix: '/api/v1/books' })
  await app.register(booksV2Routes, { prefix: '/api/v2/books' })
  await app.register(booksNegotiatedRoutes, { prefix: '/api/books' })
  await app.register(loansRoutes, { prefix: '/api/v1/loans' })
  await app.register(userLoansRoutes, { prefix: '/api/v1/users' })
  await app.register(postsRoutes, { prefix: '/api/v1/posts' })
  await app.register(userPostsRoutes, { prefix: '/api/v1/users' })
  await app.register(rateLimitRoutes, { prefix: '/api/v1/rate-limit' })
  await app.register(tasksRoutes, { prefix: '/api/v1/tasks' })
  await app.register(keysRoutes, { ring: keyRing, reloadIntervalMs: config.jwt.keysReloadInterval * 1000 })
  return app
}
