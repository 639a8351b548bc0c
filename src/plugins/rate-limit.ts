import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { clientKey } from '../infra/rate-limit/client-key.ts'
import { PreparedPolicy, StoreHealth, Verdict, type WindowState } from '../infra/rate-limit/limiter.ts'
import { type CounterStore, memoryStore, redisStore } from '../infra/rate-limit/store.ts'
import { bearerToken } from '../modules/auth/tokens.ts'

/**
 * Finds the account a submitted login name names (by username or email, case-insensitively),
 * for the login limiter to count one budget per account. Given the raw `username` string of the
 * body before validation (any length or content): it must answer undefined, without a query, for
 * a name no account can have. A failure is logged and counted as an unknown name.
 * @returns the user id, or undefined when no account matches
 */
export type LoginAccountLookup = (name: string) => Promise<number | undefined>

/**
 * What a route declares about rate limits, beyond the caller's policy that every request counts
 * against: `{policy: 'login', accountOf}` adds the login policy keyed by client IP and the
 * account the body's `username` names (by user id, found by `accountOf`), or — no account
 * matching — the lower-cased name itself; `register` adds the register policy keyed by client
 * IP; `inspect` marks a read-only route that counts nothing (`GET /api/v1/rate-limit`).
 */
export type RouteRateLimit = 'register' | 'inspect' | { policy: 'login'; accountOf: LoginAccountLookup }

declare module 'fastify' {
  interface FastifyInstance {
    /** the rate limiter (api-contract §8) */
    rateLimits: RateLimits
  }
  interface FastifyRequest {
    /** how this request was counted: the caller's key and policy, what is left; set in onRequest */
    rateLimit: Verdict | null
  }
  interface FastifyContextConfig {
    /** @see RouteRateLimit */
    rateLimit?: RouteRateLimit
    /**
     * `true` on the auth routes: while the shared counter store (Redis) is unreachable they answer
     * 503 `unavailable` with `Retry-After` instead of counting in memory, when
     * `RATE_LIMIT_REDIS_DOWN_AUTH=closed` (api-contract §8).
     */
    rateLimitFailClosed?: boolean
  }
}

/** What routes can ask of the rate limiter. */
export interface RateLimits {
  /**
   * The caller's policy windows and what is left of each, without counting the request: as read
   * in onRequest for an `inspect` route, else read now (and the `RateLimit-*` fields set from them).
   * @returns the body of `GET /api/v1/rate-limit`
   */
  inspect(request: FastifyRequest, reply: FastifyReply): Promise<{ key_type: 'user' | 'ip'; policies: WindowState[] }>
}

/** Options of the rate-limit plugin. */
export interface RateLimitPluginOptions {
  /** the parsed `RATE_LIMIT_*` configuration */
  rateLimit: Config['rateLimit']
}

const RATE_LIMIT_FIELDS = {
  'RateLimit-Limit': { type: 'integer', description: 'requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06)' },
  'RateLimit-Remaining': { type: 'integer', description: 'requests left in that window' },
  'RateLimit-Reset': { type: 'integer', description: 'seconds until that window starts afresh' },
  'RateLimit-Policy': { type: 'string', description: 'every window that applies, e.g. `60;w=60, 2000;w=86400`' },
}

/** The 429 response added to every documented operation. @see RFC 6585 §4 */
const tooManyResponse = () => ({
  $ref: 'Problem#',
  description: 'Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body).',
  headers: { 'Retry-After': { type: 'integer', description: 'seconds to wait (RFC 9110 §10.2.3)' }, ...RATE_LIMIT_FIELDS },
})

/** The 503 of routes that fail closed, documenting its `Retry-After`. */
const unavailableResponse = () => ({
  $ref: 'Problem#',
  description: 'Service unavailable (`unavailable`): not ready, shutting down, or — on /api/v1/auth/* — the shared rate-limit store is unreachable. Retry after `Retry-After` seconds when given.',
  headers: { 'Retry-After': { type: 'integer', description: 'seconds to wait, when known' } },
})

/** Appended to the OpenAPI `info.description`. */
const OPENAPI_DESCRIPTION = [
  '',
  '**Rate limits** (api-contract §8). Requests are counted per user when they carry a valid access token, else per client IP. ' +
    'Every response carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds) for the window closest to exhaustion, and ' +
    '`RateLimit-Policy` listing every window that applies, e.g. `60;w=60, 2000;w=86400` (draft-ietf-httpapi-ratelimit-headers-06). ' +
    'Over a limit the answer is 429 `rate_limited` (RFC 6585) with `Retry-After` and `retry_after` (seconds). ' +
    '`POST /api/v1/auth/login` also counts per client IP and account — the one the `username` field names, by username or email in any case; the lower-cased name itself when no account matches — and `POST /api/v1/auth/register` per client IP; both count against the caller\'s policy too. ' +
    '`GET /api/v1/rate-limit` shows the caller\'s windows without counting.',
].join('\n\n')

const isPlainProblemRef = (schema: unknown) =>
  typeof schema === 'object' && schema !== null && Object.keys(schema).length === 1 && (schema as { $ref?: unknown }).$ref === 'Problem#'

function appendHook<T>(existing: T | T[] | undefined, hook: T): T[] {
  if (existing === undefined) return [hook]
  return Array.isArray(existing) ? [...existing, hook] : [existing, hook]
}

/**
 * Rate limiting per api-contract §8, on rate-limit-flexible counters in memory (embedded mode)
 * or in Redis (when `app.redis` is set, shared by every instance).
 *
 * - **Key**: the user id when the request carries a valid access token — verified here, before
 *   authentication, by the same TokenService (signature, `iss`, `aud`, `exp`, type; not the
 *   revocation check, so a revoked but unexpired token still counts against its own user) and
 *   remembered per header until it expires — with the policy of the user's highest role
 *   (staff > premium > member); else the client IP (`request.ip`, which believes
 *   `X-Forwarded-For` only from `TRUST_PROXY`; IPv6 by /64).
 * - **Order**: an onRequest hook registered before the auth plugin's, so every request — public,
 *   authenticated, 401 or 404 — is counted and carries the `RateLimit-*` fields, before any
 *   database work. Login adds its policy in a route preValidation hook (the body is parsed
 *   then), register in a route onRequest hook; both also count against the caller's policy.
 * - **Redis down**: counters fall back to this instance's memory; routes that declare `rateLimitFailClosed` (the auth routes) answer 503
 *   `unavailable` with `Retry-After` instead (`RATE_LIMIT_REDIS_DOWN_AUTH=closed`, the default).
 *   Logged once per outage; back to Redis on the first call that succeeds (ioredis reconnects).
 * - **OpenAPI**: adds 429 (with its header fields) to every documented operation, documents the
 *   fail-closed 503 on the routes that declare `rateLimitFailClosed`, and describes the fields in `info.description`.
 * @see RFC 6585 §4 (429), draft-ietf-httpapi-ratelimit-headers-06, https://github.com/animir/node-rate-limiter-flexible/wiki
 */
export default fp(
  async function rateLimitPlugin(app: FastifyInstance, opts: RateLimitPluginOptions) {
    const { policies, redisDownAuth, retryAfter } = opts.rateLimit
    const failClosed = redisDownAuth === 'closed'
    const health = new StoreHealth(app.log)
    const store: CounterStore = app.redis ? redisStore(app.redis) : memoryStore()
    const fallback = app.redis ? memoryStore() : null
    const prepare = (name: keyof typeof policies) => new PreparedPolicy(name, policies[name], store, fallback, health)
    const anonymous = prepare('anonymous')
    const member = prepare('member')
    const premium = prepare('premium')
    const staff = prepare('staff')
    const login = prepare('login')
    const register = prepare('register')
    const retryAfterValue = String(retryAfter)

    /** The policy of the highest of a token's roles. */
    const policyOf = (roles: unknown[]): PreparedPolicy => {
      let policy = member
      for (const role of roles) {
        if (role === 'admin' || role === 'librarian') return staff
        if (role === 'premium') policy = premium
      }
      return policy
    }

    /**
     * Who the request counts against: the token's user, or the client IP. The token service
     * remembers verified tokens, so the auth hook that follows does not verify again.
     */
    async function identify(request: FastifyRequest): Promise<Verdict> {
      const token = bearerToken(request.headers.authorization)
      if (token !== undefined) {
        const claims = await app.tokens.verify(token, 'access', Math.floor(app.clock.now().getTime() / 1000)).catch(() => null)
        if (claims !== null) return new Verdict(policyOf(claims.roles), claims.sub, 'user')
      }
      return new Verdict(anonymous, clientKey(request.ip), 'ip')
    }

    function setFields(reply: FastifyReply, verdict: Verdict, policyValue: string): void {
      reply.header('ratelimit-limit', verdict.limit)
      reply.header('ratelimit-remaining', verdict.remaining)
      reply.header('ratelimit-reset', verdict.resetSeconds)
      reply.header('ratelimit-policy', policyValue)
    }

    /** 429 `rate_limited`. @see RFC 6585 §4 */
    const tooMany = (verdict: Verdict) => {
      app.metrics?.rateLimited(verdict.policy.name)
      return new AppError('rate_limited', `Rate limit exceeded; retry in ${verdict.retryAfterSeconds} s`, { retry_after: verdict.retryAfterSeconds }, { 'retry-after': String(verdict.retryAfterSeconds) })
    }
    const storeDown = () =>
      new AppError('unavailable', 'Rate limits cannot be checked right now; retry shortly', { retry_after: retryAfter }, { 'retry-after': retryAfterValue })

    app.decorateRequest('rateLimit', null)

    app.addHook('onRequest', async (request, reply) => {
      const verdict = await identify(request)
      request.rateLimit = verdict
      const config = request.routeOptions.config
      if (config.rateLimit === 'inspect') {
        await verdict.policy.inspect(verdict.key, verdict)
        setFields(reply, verdict, verdict.policy.header)
        return
      }
      await verdict.policy.consume(verdict.key, verdict)
      setFields(reply, verdict, verdict.policy.header)
      if (verdict.degraded && failClosed && config.rateLimitFailClosed === true) throw storeDown()
      if (!verdict.allowed) throw tooMany(verdict)
    })

    /** Counts a route's own policy on top of the caller's; reports whichever is closer to exhaustion. */
    async function countRoutePolicy(request: FastifyRequest, reply: FastifyReply, policy: PreparedPolicy, key: string): Promise<void> {
      const verdict = new Verdict(policy, key, 'ip')
      await policy.consume(key, verdict)
      const general = request.rateLimit
      const shown = general === null || !verdict.allowed || verdict.closerThan(general) ? verdict : general
      setFields(reply, shown, general === null ? policy.header : `${general.policy.header}, ${policy.header}`)
      if (verdict.degraded && failClosed) throw storeDown()
      if (!verdict.allowed) throw tooMany(verdict)
    }

    /**
     * The login budget's key: the client IP with the account the name names, else with the name.
     * `a:`/`n:` keep a user id and a name that looks like one apart.
     */
    async function loginKey(request: FastifyRequest, accountOf: LoginAccountLookup): Promise<string> {
      const body = request.body as { username?: unknown } | null | undefined
      const submitted = typeof body?.username === 'string' ? body.username : ''
      const ip = clientKey(request.ip)
      let account: number | undefined
      try {
        account = await accountOf(submitted)
      } catch (error) {
        request.log.warn({ err: error }, 'login limiter: account lookup failed; counting by the submitted name')
      }
      // Sliced: the key of an unknown name must stay small whatever was sent.
      return account === undefined ? `${ip}|n:${submitted.slice(0, 254).toLowerCase()}` : `${ip}|a:${account}`
    }
    const registerHook = async (request: FastifyRequest, reply: FastifyReply) => {
      await countRoutePolicy(request, reply, register, clientKey(request.ip))
    }

    app.addHook('onRoute', (route: RouteOptions) => {
      const kind = route.config?.rateLimit
      if (route.schema && !route.schema.hide) {
        const response = (route.schema.response ??= {}) as Record<string, unknown>
        if (kind !== 'inspect') response[429] ??= tooManyResponse()
        if (route.config?.rateLimitFailClosed === true && (response[503] === undefined || isPlainProblemRef(response[503]))) response[503] = unavailableResponse()
      }
      if (typeof kind === 'object' && kind.policy === 'login') {
        const { accountOf } = kind
        // preValidation: the body is parsed by then, and a body that fails validation still counts.
        route.preValidation = appendHook(route.preValidation, async (request: FastifyRequest, reply: FastifyReply) => {
          await countRoutePolicy(request, reply, login, await loginKey(request, accountOf))
        })
      } else if (kind === 'register') {
        route.onRequest = appendHook(route.onRequest, registerHook)
      }
    })

    app.decorate('rateLimits', {
      async inspect(request: FastifyRequest, reply: FastifyReply) {
        let verdict = request.rateLimit
        if (verdict?.windows == null) {
          verdict = await identify(request)
          await verdict.policy.inspect(verdict.key, verdict)
          setFields(reply, verdict, verdict.policy.header)
        }
        return { key_type: verdict.keyType, policies: verdict.windows! }
      },
    } satisfies RateLimits)
  },
  { name: 'rate-limit', dependencies: ['redis', 'metrics'] },
)

/**
 * Describes the rate-limit header fields in the OpenAPI `info.description` of the docs plugin's
 * document: register it after the docs plugin (its onReady hook must run after @fastify/swagger's,
 * which the document needs before it can be built; @fastify/swagger then keeps the object built).
 */
export const rateLimitDocs = fp(
  async function rateLimitDocs(app: FastifyInstance) {
    app.addHook('onReady', async () => {
      const doc = app.swagger() as { info?: { description?: string } }
      if (doc.info && !doc.info.description?.includes('**Rate limits**')) doc.info.description = `${doc.info.description ?? ''}${OPENAPI_DESCRIPTION}`
    })
  },
  { name: 'rate-limit-docs', dependencies: ['docs'] },
)
