import { type Static, type TSchema, Type } from 'typebox'
import { PROBLEMS } from '../errors.ts'

/**
 * A reference to a registered schema (one with `$id`), typed as that schema. Fastify resolves it
 * for validation and serialization; @fastify/swagger turns it into `#/components/schemas/<id>`.
 * @param schema a schema carrying `$id`, registered with `app.addSchema`
 */
export function ref<T extends TSchema>(schema: T) {
  const id = (schema as { $id?: unknown }).$id
  if (typeof id !== 'string') throw new TypeError('ref() needs a schema with $id')
  return Type.Unsafe<Static<T>>({ $ref: `${id}#` })
}

/** RFC 3339 UTC timestamp string. */
export const Timestamp = Type.String({ format: 'date-time', examples: ['2026-11-21T10:00:00.000Z'] })

/** The OpenAPI `security` of a route that needs an access token. */
export const bearer = [{ bearerAuth: [] }]

/**
 * The OpenAPI `security` of a route open to anonymous callers that still checks a token when one
 * is sent (signature, expiry, revocation): an invalid, expired or revoked token is 401, as RFC 6750
 * §3.1 asks, rather than silently ignored.
 */
export const optionalBearer: Array<Record<string, string[]>> = [{}, { bearerAuth: [] }]

/** The `If-Match` request header of a conditional write (RFC 9110 §13.1.1). */
export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'ETag from a GET; 412 when it no longer matches' })) })

/** A positive integer id in the path. */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'resource id' }) }, { additionalProperties: false })

/** An RFC 9457 problem, with this API's `code`, `request_id` and, for 422, `errors[]`. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI reference to the documentation of this problem' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.Unsafe<string>({ type: 'string', enum: Object.keys(PROBLEMS), description: 'stable machine-readable code; see /docs/problems' }),
    instance: Type.Optional(Type.String()),
    request_id: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    retry_after: Type.Optional(Type.Integer({ description: 'seconds' })),
    checks: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'readiness: the state of each dependency' })),
  },
  {
    $id: 'Problem',
    description: 'RFC 9457 problem details',
    examples: [
      {
        type: '/docs/problems#validation-error',
        title: 'Validation failed',
        status: 422,
        detail: '1 field is invalid',
        code: 'validation_error',
        instance: '/api/v1/books',
        request_id: '5f0c1a8e-6c4e-4d7b-9a43-1d2f3e4a5b6c',
        errors: [{ field: 'title', message: 'must NOT have fewer than 1 characters' }],
      },
    ],
  },
)

/** Query members of offset pagination: `page` (from 1) and `per_page` (1–100). */
export const OffsetPageQuery = {
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
}

/** The envelope of an offset-paginated list: `{items, page, per_page, total, total_pages}`. */
export function OffsetPage<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    per_page: Type.Integer(),
    total: Type.Integer(),
    total_pages: Type.Integer(),
  })
}

/** Response schema for each problem status a route may answer. */
export function problemResponses(...statuses: number[]): Record<number, ReturnType<typeof ref<typeof ProblemSchema>>> {
  const out: Record<number, ReturnType<typeof ref<typeof ProblemSchema>>> = {}
  for (const status of statuses) out[status] = ref(ProblemSchema)
  return out
}

/** Shared schemas registered once by the app so OpenAPI names them. */
export const SHARED_SCHEMAS = [ProblemSchema]

/** Response header fields a route sends itself, as @fastify/swagger reads them from a response schema's `headers`. */
const ROUTE_HEADERS = {
  ETag: { type: 'string', maxLength: 64, description: 'RFC 9110 §8.8.3 strong entity tag of this representation (for `If-None-Match` and `If-Match`)', examples: ['"2jmj7l5rSw0yVb_vlWAYkK_YBwk"'] },
  'Last-Modified': { type: 'string', maxLength: 40, description: 'RFC 9110 §8.8.2 HTTP-date of the last change', examples: ['Sat, 21 Nov 2026 10:00:00 GMT'] },
  Link: {
    type: 'string',
    maxLength: 4096,
    description: 'RFC 8288 pagination links `first`, `prev`, `next`, `last` (the other query parameters kept)',
    examples: ['</api/v1/books?page=1>; rel="first", </api/v1/books?page=2>; rel="next", </api/v1/books?page=5>; rel="last"'],
  },
  Location: { type: 'string', maxLength: 2048, description: 'the created resource (RFC 9110 §10.2.2)', examples: ['/api/v1/users/7'] },
} as const

/** A response schema (usually a `ref()`) that also declares response header fields, leaving the shared schema alone. */
function withHeaders<T extends TSchema>(schema: T, names: Array<keyof typeof ROUTE_HEADERS>): T {
  const own = (schema as { headers?: object }).headers
  const headers: Record<string, unknown> = { ...own }
  for (const name of names) headers[name] = ROUTE_HEADERS[name]
  return { ...schema, headers } as T
}

/** The 200 of a single-resource read (`sendResource` in shared/http.ts): `ETag`, and `Last-Modified` when the resource has one. */
export function resourceRead<T extends TSchema>(schema: T, options: { lastModified?: boolean } = {}): T {
  return withHeaders(schema, options.lastModified ? ['ETag', 'Last-Modified'] : ['ETag'])
}

/** The 304 of a conditional single-resource read: no body; the `ETag` (and `Last-Modified`) of the current representation. */
export function notModified(options: { lastModified?: boolean } = {}) {
  return resourceRead(Type.Null({ description: 'Not modified: `If-None-Match` matches the current `ETag`; no body' }), options)
}

/** The answer of a write that returns the resource (`sendWritten` in shared/http.ts): its new `ETag`. */
export function written<T extends TSchema>(schema: T): T {
  return withHeaders(schema, ['ETag'])
}

/** The 200 of an offset-paginated list (`setPageLinks` in shared/http.ts): the RFC 8288 `Link` header. */
export function paged<T extends TSchema>(schema: T): T {
  return withHeaders(schema, ['Link'])
}

/** A 201 whose `Location` names the created resource (without an idempotency replay; see idempotentCreated). */
export function createdWithLocation<T extends TSchema>(schema: T): T {
  return withHeaders(schema, ['Location'])
}
