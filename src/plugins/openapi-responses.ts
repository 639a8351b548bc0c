import { type ProblemCode, problemAnchor, PROBLEMS } from '../errors.ts'

/**
 * What the OpenAPI document says about each HTTP status an operation may answer: a description
 * (used where the route gave none) and, for problems, the `code` of the example shown for it.
 * The one table of per-status problem examples (api-contract §1).
 * @see RFC 9110 §15 (status codes), RFC 9457 (problem details)
 */
export const STATUS_DOCS: Record<string, { description: string; example?: { code: ProblemCode; detail: string; extra?: Record<string, unknown> } }> = {
  200: { description: 'OK' },
  201: { description: 'Created: `Location` names the new resource' },
  202: { description: 'Accepted: queued; `Location` names the task to follow' },
  204: { description: 'No content: done' },
  304: { description: 'Not modified: `If-None-Match` matches the current `ETag`; no body' },
  400: { description: 'Bad request: a malformed request or body', example: { code: 'invalid_json', detail: 'The request body is not valid JSON' } },
  401: {
    description: 'Unauthorized: the access token is missing, invalid, expired or revoked (with `WWW-Authenticate`), or the credentials are wrong',
    example: { code: 'token_missing', detail: 'This route needs an access token' },
  },
  403: { description: 'Forbidden: the caller may not do this (role or ownership)', example: { code: 'forbidden', detail: 'Your role does not allow this' } },
  404: { description: 'Not found (also for what the caller may not know exists)', example: { code: 'not_found', detail: 'Book 42 not found' } },
  405: { description: 'Method not allowed: `Allow` lists the methods of the path', example: { code: 'method_not_allowed', detail: 'PUT is not allowed on /api/v1/books' } },
  406: { description: 'Not acceptable: an API version that does not exist', example: { code: 'unsupported_version', detail: 'API version 3 does not exist; use one of 1, 2' } },
  408: { description: 'Request timeout: the headers or body arrived too slowly', example: { code: 'request_timeout', detail: 'The request took too long to arrive' } },
  409: { description: 'Conflict with the current state (uniqueness, availability, a request in flight)', example: { code: 'conflict', detail: 'The resource changed meanwhile' } },
  412: { description: 'Precondition failed: `If-Match` does not match the current `ETag`', example: { code: 'precondition_failed', detail: 'If-Match does not match the current ETag' } },
  413: { description: 'Payload too large: the body is over the limit', example: { code: 'payload_too_large', detail: 'Payload too large' } },
  414: { description: 'URI too long: the request line is over the limit', example: { code: 'uri_too_long', detail: 'URI too long' } },
  415: { description: 'Unsupported media type: a body in a media type or charset the operation does not take', example: { code: 'unsupported_media_type', detail: 'Unsupported media type' } },
  417: { description: 'Expectation failed: an `Expect` other than `100-continue`', example: { code: 'expectation_failed', detail: 'Only Expect: 100-continue is supported' } },
  422: {
    description: 'Unprocessable: the body, query, path or headers fail the schema; `errors[]` names every failing field',
    example: { code: 'validation_error', detail: '1 field is invalid', extra: { errors: [{ field: 'title', message: 'must NOT have fewer than 1 characters' }] } },
  },
  429: {
    description: 'Too many requests: a rate-limit window is used up; wait `Retry-After` seconds (also `retry_after` in the body)',
    example: { code: 'rate_limited', detail: 'Rate limit exceeded; retry in 30 s', extra: { retry_after: 30 } },
  },
  431: { description: 'Request header fields too large', example: { code: 'headers_too_large', detail: 'Request header fields too large' } },
  500: { description: 'Internal error: nothing but the request id is told; the failure is logged', example: { code: 'internal_error', detail: 'An unexpected error occurred' } },
  503: { description: 'Service unavailable: not ready, shutting down or shedding load; retry after `Retry-After` seconds when given', example: { code: 'unavailable', detail: 'Service unavailable' } },
}

/** The RFC 9457 example body of a status from {@link STATUS_DOCS}, or undefined for a success. */
export function problemExample(status: string): Record<string, unknown> | undefined {
  const example = STATUS_DOCS[status]?.example
  if (!example) return undefined
  const { status: code, title } = PROBLEMS[example.code]
  return {
    type: `/docs/problems#${problemAnchor(example.code)}`,
    title,
    status: code,
    detail: example.detail,
    code: example.code,
    instance: '/api/v1/books/42',
    request_id: '5f0c1a8e-6c4e-4d7b-9a43-1d2f3e4a5b6c',
    ...example.extra,
  }
}

/**
 * Statuses that the HTTP layer may answer before a route's hooks run (a malformed request, slow
 * or oversized headers, a body the parser refuses) or while the process is failing or shedding:
 * such answers carry `X-Request-ID` but not always the rate-limit fields or `Cache-Control`.
 */
export const EARLY_STATUSES = new Set(['400', '408', '413', '414', '415', '417', '431', '500', '503'])

/**
 * Response header fields, named once under `components.headers` and referenced from every
 * response that carries them. `required: true` means every answer of that kind carries the field
 * (the test suite checks it on every response).
 * @see https://spec.openapis.org/oas/v3.1.0#header-object
 */
export const HEADER_COMPONENTS = {
  'X-Request-ID': {
    description: 'The id of this request: the sane value the client sent in `X-Request-ID`, else generated; also `request_id` in problems',
    required: true,
    schema: { type: 'string', maxLength: 128, examples: ['5f0c1a8e-6c4e-4d7b-9a43-1d2f3e4a5b6c'] },
  },
  'RateLimit-Limit': {
    description: 'Requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06)',
    required: true,
    schema: { type: 'integer', minimum: 0, maximum: 1_000_000_000 },
  },
  'RateLimit-Remaining': { description: 'Requests left in that window', required: true, schema: { type: 'integer', minimum: 0, maximum: 1_000_000_000 } },
  'RateLimit-Reset': { description: 'Seconds until that window starts afresh', required: true, schema: { type: 'integer', minimum: 0, maximum: 1_000_000_000 } },
  'RateLimit-Policy': {
    description: 'Every window that applies, e.g. `60;w=60, 2000;w=86400`',
    required: true,
    schema: { type: 'string', maxLength: 512, examples: ['60;w=60, 2000;w=86400'] },
  },
  'Cache-Control': {
    description: 'RFC 9111: `public, max-age=…` on public catalog reads, `private, no-store` on anything per user, `no-store` on problems',
    required: true,
    schema: { type: 'string', maxLength: 128, examples: ['private, no-store'] },
  },
  'Retry-After': { description: 'Seconds to wait before retrying (RFC 9110 §10.2.3)', schema: { type: 'integer', minimum: 0, maximum: 86_400 } },
  'Idempotent-Replayed': {
    description: 'Present (`true`) on a replay of the stored answer of an earlier request with the same `Idempotency-Key` — a 201 or a stored 4xx outcome',
    schema: { type: 'string', enum: ['true'] },
  },
  'WWW-Authenticate': {
    description: 'RFC 6750 §3: the bearer challenge of a token error (`Bearer error="invalid_token"`…); absent on `invalid_credentials`',
    schema: { type: 'string', maxLength: 512, examples: ['Bearer realm="library", error="invalid_token", error_description="The token has expired"'] },
  },
} as const

/** A header component's name as a `$ref` key: `RateLimit-Limit` → `RateLimitLimit`. */
export const headerKey = (name: string) => name.replaceAll('-', '')
