import type { FastifySchema, RouteOptions } from 'fastify'
import { bearer, optionalBearer } from '../shared/schemas.ts'
import { EARLY_STATUSES, HEADER_COMPONENTS, headerKey, problemExample, STATUS_DOCS } from './openapi-responses.ts'

type Node = Record<string, unknown>
const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object' && !Array.isArray(value)

const PROBLEM_MEDIA = 'application/problem+json'
const DEFAULT_DESCRIPTIONS = new Set(['Default Response', 'RFC 9457 problem details'])
const RATE_LIMIT_FIELDS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy']

/**
 * @fastify/swagger's per-route `transform`: what a route declares in its config becomes the
 * document's truth. `security` follows `config.auth` (`required` → bearer, `optional` →
 * `[{}, {bearerAuth: []}]`, the OpenAPI 3.1 way of saying "a token may be sent"); a route without
 * `config.auth` keeps its own (the refresh token route). A query parameter that has a `default` is
 * not required (the server fills it in), whatever the TypeBox object's `required` says.
 * The route's own schema objects are not changed (Fastify validates with them).
 * @see https://github.com/fastify/fastify-swagger#transform, https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
export function transformRoute({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }): { schema: FastifySchema; url: string } {
  if (!schema || (schema as { hide?: boolean }).hide) return { schema, url }
  const out: Node = { ...schema }
  const auth = (route.config as { auth?: 'required' | 'optional' } | undefined)?.auth
  // Other schemes the route names besides the bearer token (the refresh cookie of logout) stay.
  const others = Array.isArray(schema.security) ? (schema.security as Node[]).filter((s) => isNode(s) && Object.keys(s).length > 0 && !('bearerAuth' in s)) : []
  if (auth === 'required') out.security = [...bearer, ...others]
  else if (auth === 'optional') out.security = [...optionalBearer, ...others]
  const query = schema.querystring as Node | undefined
  if (isNode(query) && Array.isArray(query.required) && isNode(query.properties)) {
    const properties = query.properties
    out.querystring = { ...query, required: query.required.filter((name) => !(isNode(properties[name]) && 'default' in properties[name])) }
  }
  return { schema: out as FastifySchema, url }
}

/** Replaces an inline header of a name that `components.headers` defines with a `$ref` to it. */
function headerRef(name: string): Node {
  return { $ref: `#/components/headers/${headerKey(name)}` }
}

/** Whether the operation accepts an `Idempotency-Key` request header. */
function takesIdempotencyKey(operation: Node): boolean {
  return Array.isArray(operation.parameters) && operation.parameters.some((p) => isNode(p) && p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key')
}

/** The headers a response carries whatever the operation: named in components, referenced here. */
function commonHeaders(status: string, operation: Node): Node {
  const headers: Node = { 'X-Request-ID': headerRef('X-Request-ID') }
  if (!EARLY_STATUSES.has(status)) {
    for (const name of [...RATE_LIMIT_FIELDS, 'Cache-Control']) headers[name] = headerRef(name)
  } else {
    for (const name of RATE_LIMIT_FIELDS) headers[name] = { ...(HEADER_COMPONENTS[name as keyof typeof HEADER_COMPONENTS] as Node), required: false }
    headers['Cache-Control'] = { ...HEADER_COMPONENTS['Cache-Control'], required: false }
  }
  if (status === '429') headers['Retry-After'] = { ...HEADER_COMPONENTS['Retry-After'], required: true }
  if (status === '503') headers['Retry-After'] = headerRef('Retry-After')
  if (takesIdempotencyKey(operation) && !EARLY_STATUSES.has(status)) {
    // Any stored outcome may be a replay; a repeat while the first is in flight is 409 with Retry-After.
    headers['Idempotent-Replayed'] = headerRef('Idempotent-Replayed')
    if (status === '409') headers['Retry-After'] = headerRef('Retry-After')
  }
  if (status === '401') {
    // Operations that take a token answer 401 only for a token error, which always carries the challenge.
    const secured = Array.isArray(operation.security) && operation.security.some((s) => isNode(s) && Object.keys(s).length > 0)
    headers['WWW-Authenticate'] = secured ? { ...HEADER_COMPONENTS['WWW-Authenticate'], required: true } : headerRef('WWW-Authenticate')
  }
  return headers
}

/** One response of an operation, made to say what the server sends. */
function fixResponse(status: string, response: Node, operation: Node): void {
  const docs = STATUS_DOCS[status]
  if (typeof response.description !== 'string' || DEFAULT_DESCRIPTIONS.has(response.description)) {
    response.description = docs?.description ?? `HTTP ${status}`
  }
  const own = isNode(response.headers) ? response.headers : {}
  const headers: Node = {}
  for (const [name, header] of Object.entries(own)) {
    // The route's RateLimit-*/Retry-After copies are replaced by the components (one definition).
    if (!(name in HEADER_COMPONENTS)) headers[name] = header
  }
  response.headers = { ...commonHeaders(status, operation), ...headers }

  if (Number(status) >= 400 && isNode(response.content)) {
    const content = response.content
    const media = (content[PROBLEM_MEDIA] ?? content['application/json']) as Node | undefined
    if (media) {
      const example = problemExample(status)
      response.content = { [PROBLEM_MEDIA]: { ...media, ...(example ? { examples: { [String(example.code)]: { summary: String(example.title), value: example } } } : {}) } }
    }
  }
}

/**
 * @fastify/swagger's `transformObject`: the document-wide rules, applied once to every
 * operation so that routes added later inherit them.
 * - Every 4xx/5xx body is `application/problem+json` (the Problem schema) with an example of
 *   its own status and `code`, from {@link STATUS_DOCS}.
 * - Every response has a real description ("Default Response" replaced per status).
 * - Every response declares `X-Request-ID`; the rate-limit fields and `Cache-Control` are
 *   declared on every response and required where the route's hooks ran (not on statuses the
 *   HTTP layer may give first); `Retry-After` on 429 and 503; `WWW-Authenticate` on 401;
 *   `Idempotent-Replayed` on the answers of an operation taking `Idempotency-Key` (and
 *   `Retry-After` on its 409).
 *   Each is defined once under `components.headers`.
 * @see RFC 9457, RFC 6750 §3, RFC 9110 §10.2.3, draft-ietf-httpapi-ratelimit-headers-06
 */
export function transformDocument(documentObject: object): Node {
  const doc = (documentObject as { openapiObject: Node }).openapiObject as Node & { paths?: Record<string, Record<string, Node>>; components?: Node }
  const components = (doc.components ??= {}) as Node
  const headers: Node = {}
  for (const [name, header] of Object.entries(HEADER_COMPONENTS)) headers[headerKey(name)] = header
  components.headers = { ...(components.headers as Node | undefined), ...headers }
  for (const item of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(item)) {
      if (!isNode(operation) || !isNode(operation.responses)) continue
      for (const [status, response] of Object.entries(operation.responses)) {
        if (isNode(response)) fixResponse(status, response, operation)
      }
    }
  }
  return doc
}
