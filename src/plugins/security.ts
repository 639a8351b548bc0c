import cors from '@fastify/cors'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'
import { AppError } from '../errors.ts'

/**
 * What helmet sets on API responses: a `default-src 'none'` CSP, `X-Content-Type-Options:
 * nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer` and
 * `Cross-Origin-Resource-Policy: same-origin` — the headers the OWASP REST Security Cheat Sheet
 * lists for APIs (HSTS is added per request, over TLS only). Helmet's headers for HTML pages
 * in old browsers are left out: `X-XSS-Protection`, `X-Download-Options`,
 * `X-DNS-Prefetch-Control`, `X-Permitted-Cross-Domain-Policies`, `Origin-Agent-Cluster` and
 * `Cross-Origin-Opener-Policy` protect documents, and JSON answers are not documents.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers
 */
const HELMET_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  strictTransportSecurity: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: { action: 'deny' },
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
}

/** `Strict-Transport-Security`, sent only on responses to requests that arrived over TLS (RFC 6797 §7.2). */
export const HSTS = 'max-age=31536000; includeSubDomains'

/**
 * The header fields helmet's middleware writes with these options, read once by running it
 * against a response that records them. They depend on the options only, so every request gets
 * the same fields without running the middleware again (it rebuilt them on every request: about
 * 5% of a cached read's CPU in `npm run bench -- --profile`).
 * @returns lower-case field name → value
 * @see https://helmetjs.github.io/
 */
export function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const fields: Record<string, string> = {}
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      fields[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
    },
    removeHeader: (name: string) => {
      delete fields[name.toLowerCase()]
    },
  }
  let finished = false
  helmet(options)({} as never, recorder as never, (error?: unknown) => {
    if (error) throw error
    finished = true
  })
  if (!finished) throw new Error('helmet did not finish synchronously')
  return fields
}

/**
 * The hardened header fields every response carries (HSTS aside), lower-case name → value: the
 * one source for this plugin and for the answers written before a route runs
 * (`src/plugins/http-errors.ts`).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze(helmetHeaders(HELMET_OPTIONS))

/**
 * Why a request that reached Fastify must not be routed: an HTTP/1.1 request without `Host`
 * (RFC 9112 §3.2) or a request line without a version (HTTP/0.9), which Node lets through.
 * @returns the 400 `bad_request` to answer, or undefined
 */
export function unroutableRequest(request: FastifyRequest): AppError | undefined {
  const raw = request.raw
  if (raw.httpVersionMajor !== 1) return new AppError('bad_request', 'Only HTTP/1.0 and HTTP/1.1 requests are accepted')
  if (raw.httpVersionMinor === 1 && request.headers.host === undefined) return new AppError('bad_request', 'An HTTP/1.1 request must carry a Host header (RFC 9112 §3.2)')
  return undefined
}

/**
 * Hardened headers (helmet's: `nosniff`, `X-Frame-Options: DENY`, a `default-src 'none'` CSP for
 * API responses…; HSTS only on requests that arrived over TLS), `X-Request-ID` on every
 * response, and CORS for the configured origins only. Swagger UI sets its own CSP on `/docs`.
 * @see https://helmetjs.github.io/, https://github.com/fastify/fastify-cors
 */
export default fp(
  async function securityPlugin(app: FastifyInstance, opts: { corsOrigins: string[] }) {
    const fields = Object.entries(SECURITY_HEADERS)
    app.addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id)
      for (const [name, value] of fields) reply.header(name, value)
      if (request.protocol === 'https') reply.header('strict-transport-security', HSTS)
      // After the headers, so that this refusal carries them too.
      done(unroutableRequest(request))
    })
    if (opts.corsOrigins.length > 0) {
      const allowed = new Set(opts.corsOrigins)
      await app.register(cors, {
        // A function, not the list: for an origin outside it the plugin then sends no CORS header at all
        // (with the list it still sent `Access-Control-Allow-Credentials: true` to every origin).
        origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
        credentials: true,
        // No `allowedHeaders`: a preflight's Access-Control-Request-Headers are allowed as asked, so browser
        // mode's X-CSRF-Token passes as Authorization and If-Match do (for the listed origins only).
        exposedHeaders: ['ETag', 'Link', 'Location', 'X-Request-ID', 'Retry-After', 'Idempotent-Replayed'],
      })
    }
  },
  { name: 'security' },
)
