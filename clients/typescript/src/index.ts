import createClient, { type Client, type Middleware } from 'openapi-fetch'
import { IDEMPOTENT_CREATES } from './operations.ts'
import { isProblemResponse, ProblemError, problemErrorOf } from './problem-error.ts'
import { retryAfterSeconds } from './retry-after.ts'
import type { paths } from './schema.d.ts'
import { memoryTokenStorage, type TokenPair, type TokenStorage } from './tokens.ts'

export type { components, operations, paths } from './schema.d.ts'
export { ProblemError, type FieldError, type Problem, type ProblemCode } from './problem-error.ts'
export { memoryTokenStorage, type TokenPair, type TokenStorage } from './tokens.ts'

/** How the client retries 429, 503 and network failures. */
export interface RetryOptions {
  /** retries of one call after 429/503/409 `idempotency_in_flight`/network errors (default 3); 0 turns retrying off */
  maxRetries?: number
  /** longest `Retry-After` the client waits, seconds (default 30); a longer one is thrown as the ProblemError at once */
  maxRetryAfter?: number
  /** first pause before resending after a network error, milliseconds (default 250), doubled for each further one */
  networkBackoff?: number
}

/** Options of {@link createLibraryClient}. */
export interface LibraryClientOptions {
  /** the API's origin, e.g. `https://library.example.org` (paths start with `/api/…`) */
  baseUrl: string
  /** the fetch to send with (default `globalThis.fetch`); called with a `Request` */
  fetch?: (request: Request) => Promise<Response>
  /** where the tokens live (default: memory) */
  storage?: TokenStorage
  retry?: RetryOptions
}

/** The body of a successful `POST /api/v1/auth/login`. */
export type LoginResponse = paths['/api/v1/auth/login']['post']['responses'][200]['content']['application/json']

/**
 * The typed openapi-fetch client of the Library API (`GET`, `POST`, … on the documented paths)
 * plus the session: every call carries the access token; an expired one is refreshed once (one
 * refresh in flight, shared by concurrent calls) and the call sent again. Any problem answer is
 * thrown as a {@link ProblemError}, so `data` of a returned result is the success body.
 */
export interface LibraryClient extends Client<paths> {
  /** Signs in (`username` may be the email) and keeps the token pair. Throws ProblemError (401 `invalid_credentials`, 429). */
  login(username: string, password: string): Promise<LoginResponse>
  /** Exchanges the refresh token for a new pair (rotation) and keeps it; shared by concurrent callers. Throws ProblemError (401 `token_revoked`/`token_expired`: the tokens are forgotten). */
  refresh(): Promise<TokenPair>
  /** Ends the session on the server (access token and its refresh family revoked) and forgets the tokens; a session already dead (401) is not an error. */
  logout(): Promise<void>
}

/** Operations that take no access token (sending one would be refused or pointless). */
const NO_BEARER = new Set(['/api/v1/auth/login', '/api/v1/auth/register', '/api/v1/auth/refresh'])
/** Methods whose resending cannot do a thing twice (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])

/** What the client remembers of one call while it retries it. */
interface Call {
  /** an unsent copy of the request (clone again for every resend: a body is read once) */
  template: Request
  /** whether the client put the bearer in (then it puts the current one into each resend) */
  ownBearer: boolean
  retries: number
  refreshed: boolean
  /** the response was already settled (in onError) */
  settled: boolean
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The `code` of a problem response, without consuming its body. */
async function problemCode(response: Response): Promise<string | undefined> {
  if (!isProblemResponse(response)) return undefined
  const body: unknown = await response.clone().json().catch(() => undefined)
  return typeof body === 'object' && body !== null && 'code' in body ? String(body.code) : undefined
}

/**
 * The pair of a bearer-mode answer. This client never asks for browser mode (`cookie: true`), whose
 * answer carries `csrf_token` instead of `refresh_token`; meeting one anyway is an error.
 * @throws Error when the answer has no refresh token
 */
function bearerPair(data: { access_token: string } & ({ refresh_token: string } | { csrf_token: string })): TokenPair {
  if (!('refresh_token' in data)) throw new Error('the server answered a browser-mode (cookie) session; this client uses bearer refresh tokens')
  return { accessToken: data.access_token, refreshToken: data.refresh_token }
}

/**
 * Creates a client of the Library API.
 * @example
 * const api = createLibraryClient({ baseUrl: 'http://127.0.0.1:3000' })
 * await api.login('ada', 'Sup3r-Secret!')
 * const { data } = await api.GET('/api/v1/books', { params: { query: { per_page: 5 } } })
 * @see https://openapi-ts.dev/openapi-fetch/ (typed methods, middleware)
 * @see RFC 6750 (bearer tokens), RFC 9457 (problems), RFC 9110 §10.2.3 (Retry-After),
 *   draft-ietf-httpapi-idempotency-key-header (Idempotency-Key)
 */
export function createLibraryClient(options: LibraryClientOptions): LibraryClient {
  const storage = options.storage ?? memoryTokenStorage()
  const maxRetries = options.retry?.maxRetries ?? 3
  const maxRetryAfter = options.retry?.maxRetryAfter ?? 30
  const networkBackoff = options.retry?.networkBackoff ?? 250
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) })
  const calls = new Map<string, Call>()
  let refreshing: Promise<TokenPair> | undefined

  const refresh = (): Promise<TokenPair> => {
    refreshing ??= (async () => {
      const tokens = await storage.get()
      if (!tokens) throw new Error('not signed in: call login() first')
      try {
        const { data } = await client.POST('/api/v1/auth/refresh', { body: { refresh_token: tokens.refreshToken } })
        const pair = bearerPair(data!)
        await storage.set(pair)
        return pair
      } catch (error) {
        if (error instanceof ProblemError && error.status === 401) await storage.set(undefined)
        throw error
      }
    })().finally(() => {
      refreshing = undefined
    })
    return refreshing
  }

  const resendable = (request: Request) => IDEMPOTENT_METHODS.has(request.method) || request.headers.has('idempotency-key')

  /** Milliseconds to wait before sending `call` again after `outcome`, or undefined when `outcome` is final. */
  const nextDelay = async (call: Call, outcome: Response | unknown): Promise<number | undefined> => {
    if (!(outcome instanceof Response)) {
      const aborted = outcome instanceof Error && (outcome.name === 'AbortError' || outcome.name === 'TimeoutError')
      if (aborted || !resendable(call.template) || call.retries >= maxRetries) return undefined
      return networkBackoff * 2 ** call.retries++
    }
    const code = await problemCode(outcome)
    if (outcome.status === 401 && code === 'token_expired' && call.ownBearer && !call.refreshed) {
      call.refreshed = true
      const used = call.template.headers.get('authorization')
      const current = await storage.get()
      // A call that raced a refresh already finished by another one only needs the new token.
      if (!current || used === `Bearer ${current.accessToken}`) await refresh()
      return 0
    }
    const busy = outcome.status === 429 || (code === 'idempotency_in_flight' && outcome.status === 409) || (outcome.status === 503 && resendable(call.template))
    if (!busy || call.retries >= maxRetries) return undefined
    const seconds = retryAfterSeconds(outcome.headers.get('retry-after')) ?? 1
    if (seconds > maxRetryAfter) return undefined
    call.retries++
    return seconds * 1000
  }

  /** Sends `call` again until an outcome is final; returns that response or throws that error. */
  const settle = async (call: Call, first: Response | unknown, fetch: (request: Request) => Promise<Response>): Promise<Response> => {
    let outcome = first
    for (;;) {
      const delay = await nextDelay(call, outcome)
      if (delay === undefined) {
        if (outcome instanceof Response) return outcome
        throw outcome
      }
      if (outcome instanceof Response) await outcome.body?.cancel()
      if (delay > 0) await sleep(delay)
      const request = call.template.clone()
      const tokens = await storage.get()
      if (call.ownBearer && tokens) request.headers.set('authorization', `Bearer ${tokens.accessToken}`)
      try {
        outcome = await fetch(request)
      } catch (error) {
        outcome = error
      }
    }
  }

  const session: Middleware = {
    async onRequest({ request, schemaPath, id }) {
      let ownBearer = false
      if (!NO_BEARER.has(schemaPath) && !request.headers.has('authorization')) {
        const tokens = await storage.get()
        if (tokens) {
          request.headers.set('authorization', `Bearer ${tokens.accessToken}`)
          ownBearer = true
        }
      }
      // One key per logical call, so that every resend of a create is the same request to the server.
      if (request.method === 'POST' && IDEMPOTENT_CREATES.has(schemaPath) && !request.headers.has('idempotency-key')) {
        request.headers.set('idempotency-key', globalThis.crypto.randomUUID())
      }
      calls.set(id, { template: request.clone(), ownBearer, retries: 0, refreshed: false, settled: false })
      return request
    },
    async onError({ error, id, options }) {
      const call = calls.get(id)
      if (!call) return error instanceof Error ? error : new Error(String(error))
      try {
        const response = await settle(call, error, options.fetch)
        call.settled = true
        return response
      } catch (final) {
        calls.delete(id)
        return final instanceof Error ? final : new Error(String(final))
      }
    },
    async onResponse({ response, id, options }) {
      const call = calls.get(id)
      calls.delete(id)
      const final = call && !call.settled ? await settle(call, response, options.fetch) : response
      if (isProblemResponse(final)) throw await problemErrorOf(final)
      return final === response ? undefined : final
    },
  }
  client.use(session)

  return Object.assign(client, {
    async login(username: string, password: string): Promise<LoginResponse> {
      const { data } = await client.POST('/api/v1/auth/login', { body: { username, password } })
      await storage.set(bearerPair(data!))
      return data! as LoginResponse
    },
    refresh,
    async logout(): Promise<void> {
      if (!(await storage.get())) return
      try {
        await client.POST('/api/v1/auth/logout')
      } catch (error) {
        if (!(error instanceof ProblemError && error.status === 401)) throw error
      } finally {
        await storage.set(undefined)
      }
    },
  })
}
