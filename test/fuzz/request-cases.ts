/**
 * From the served OpenAPI document to fuzz cases: the operations with their parameter and body
 * schemas, a fast-check arbitrary of abstract cases per operation, and the concrete request a
 * case becomes once its {@link Known} markers are resolved against the live fixtures.
 * @see OpenAPI 3.1 (parameters, requestBody), https://fast-check.dev
 */
import fc from 'fast-check'
import {
  anyHeaderValue,
  DeepNesting,
  HOSTILE_NUMBER_URL_TEXT,
  HOSTILE_STRINGS,
  idKindFor,
  type JsonSchema,
  Known,
  type KnownKind,
  objectValue,
  slotValues,
  percentEncode,
  resolveKnown,
  toJsonBytes,
  typeSwap,
  URL_JUNK,
  validString,
} from './hostile-values.ts'

/** The callers every operation is tried as. */
export const ROLES = ['anonymous', 'member', 'premium', 'librarian', 'admin'] as const
export type FuzzRole = (typeof ROLES)[number]

/** One parameter of an operation. */
export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie'
  name: string
  required: boolean
  schema: JsonSchema
}

/** One operation of the document: method, path template, inputs, documented statuses. */
export interface Operation {
  method: string
  path: string
  operationId: string
  parameters: Parameter[]
  body?: JsonSchema
  responses: Set<string>
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string; parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> }; responses: Record<string, unknown> }>>
  components?: { schemas?: Record<string, JsonSchema> }
}

/** Replaces `#/components/schemas/…` references by the schema they name (recursively, cycles cut). */
function dereference(schema: unknown, doc: OpenApiDocument, seen = new Set<string>()): unknown {
  if (Array.isArray(schema)) return schema.map((s) => dereference(s, doc, seen))
  if (!schema || typeof schema !== 'object') return schema
  const ref = (schema as JsonSchema).$ref
  if (ref?.startsWith('#/components/schemas/')) {
    if (seen.has(ref)) return {}
    return dereference(doc.components?.schemas?.[ref.slice('#/components/schemas/'.length)], doc, new Set([...seen, ref]))
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, dereference(v, doc, seen)]))
}

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId ?? `${method} ${path}`,
      parameters: (op.parameters ?? []).map((p) => ({ ...p, required: Boolean(p.required), schema: dereference(p.schema ?? {}, doc) as JsonSchema })),
      body: op.requestBody?.content?.['application/json'] ? (dereference(op.requestBody.content['application/json'].schema, doc) as JsonSchema) : undefined,
      responses: new Set(Object.keys(op.responses)),
    })),
  )
}

/** How the caller authenticates in a case; `own`/`refresh` use the role's user, the rest are hostile. */
export type AuthSpec =
  | { kind: 'own' }
  | { kind: 'refresh' }
  | { kind: 'none' }
  | { kind: 'literal'; value: string }
  | { kind: 'signed'; pick: number }
  | { kind: 'mangled'; how: number }

/** The body of a case: JSON (possibly with markers), raw text or raw bytes, with or without a content type. */
export type BodySpec = { kind: 'none' } | { kind: 'json'; value: unknown; contentType: string | undefined } | { kind: 'raw'; data: string | number[]; contentType: string | undefined }

/** One abstract fuzz case of an operation (pure data: a seed reproduces it). */
export interface CaseSpec {
  auth: AuthSpec
  /** per path parameter: URL text (already encoded, junk kept raw) or a real id */
  path: Record<string, string | Known>
  /** appended to the path: '' mostly, or a trailing slash, an empty query… */
  pathSuffix: string
  /** name and value, URL text (already encoded, junk kept raw) or a real id */
  query: [string, string | Known][]
  headers: Record<string, string>
  body: BodySpec
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-8']
const ODD_CONTENT_TYPES = [
  'application/json; charset=latin1',
  'application/json; charset=iso-8859-1',
  'application/json; charset=utf-16',
  'application/json; charset=',
  'application/json;;',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'application/problem+json',
  'application/jsonx',
  'application/x-json',
  'application/*',
  '*/*',
  'text/plain',
  'text/csv',
  'text/json',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  '',
  ' ',
  ';',
]
const contentTypeArb = fc.oneof(
  { arbitrary: fc.constantFrom(...JSON_TYPES), weight: 40 },
  { arbitrary: fc.constantFrom(...ODD_CONTENT_TYPES), weight: 3 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: anyHeaderValue(30), weight: 1 },
)

const BROKEN_JSON = ['{', '{"a":', '[1,]', 'nul', '{"a":1}}', "{'a':1}", '{"a":NaN}', '{"a":Infinity}', '{"a":undefined}', '\ufeff{}', '1', '"string"', 'null', 'true', '[]', ' ', '\n', 'a=b&c=d', '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--x--', '{"a":"\\u0000"}', '{"a":"\\ud800"}', '{"\\u0000":1}', '{"a":"\\x41"}', '{"a":01}', '{"a":.5}', '{"a":1e}', '{"a":"' + 'x'.repeat(2_000_000) + '"}']
const BROKEN_BYTES = [
  [0xff, 0xfe],
  [0xef, 0xbb, 0xbf, 0x7b, 0x7d],
  [0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00],
  [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d],
  [0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d],
  [0x00],
  [0x7b, 0x7d, 0x00],
  [0x80, 0x81, 0x82],
]

/** The body of a case for an operation with (or without) a JSON body schema. */
function bodyArb(op: Operation): fc.Arbitrary<BodySpec> {
  const raw = fc.record({ kind: fc.constant('raw' as const), data: fc.oneof(fc.constantFrom(...BROKEN_JSON), fc.constantFrom(...BROKEN_BYTES)), contentType: contentTypeArb })
  const deep = fc.record({ kind: fc.constant('json' as const), value: fc.tuple(fc.constantFrom(10_000, 100_000, 64), fc.constantFrom<'[' | '{"a":'>('[', '{"a":')).map(([depth, opener]) => new DeepNesting(depth, opener)), contentType: contentTypeArb })
  const swapped = fc.record({ kind: fc.constant('json' as const), value: fc.oneof(typeSwap, fc.constantFrom(...HOSTILE_STRINGS)), contentType: contentTypeArb })
  const none = fc.constant({ kind: 'none' as const })
  if (!op.body) {
    return fc.oneof(
      { arbitrary: none, weight: 16 },
      { arbitrary: fc.record({ kind: fc.constant('json' as const), value: fc.constantFrom<unknown>({}, { a: 1 }, { id: 1, admin: true }), contentType: contentTypeArb }), weight: 1 },
      { arbitrary: raw, weight: 1 },
      { arbitrary: deep, weight: 1 },
    )
  }
  const object = fc.record({ kind: fc.constant('json' as const), value: objectValue(op.body, op.path), contentType: contentTypeArb })
  return fc.oneof({ arbitrary: object, weight: 24 }, { arbitrary: swapped, weight: 2 }, { arbitrary: raw, weight: 2 }, { arbitrary: deep, weight: 1 }, { arbitrary: none, weight: 1 })
}

/** Inserts raw URL junk into already-encoded text. */
const withJunk = (text: fc.Arbitrary<string>) => fc.tuple(text, fc.constantFrom(...URL_JUNK), fc.nat()).map(([t, junk, at]) => t.slice(0, at % (t.length + 1)) + junk + t.slice(at % (t.length + 1)))

/** Valid values of parameters whose schema only bounds their length (api-contract §4: the sort whitelist). */
const SORT_HINTS: Record<string, string[] | undefined> = { sort: ['title', 'publication_year', 'created_at', 'id'], dir: ['asc', 'desc'] }

/** URL text for a parameter value: valid for its schema, or hostile (encoded), or raw junk. */
function urlValueArbs(param: Parameter, path: string): { valid: fc.Arbitrary<string | Known>; bad: fc.Arbitrary<string | Known> } {
  const schema = param.schema
  const type = schema.type ?? (schema.anyOf ? 'string' : undefined)
  const idKind = idKindFor(param.name, path)
  const known: KnownKind | undefined = idKind ?? (param.name === 'cursor' ? 'cursor' : undefined)
  let valid: fc.Arbitrary<string | Known>
  if (schema.enum?.length) valid = fc.constantFrom(...schema.enum.map(String))
  else if (schema.anyOf?.length) valid = fc.constantFrom(...schema.anyOf.flatMap((s) => (s.enum ?? []).map(String)))
  else if (type === 'integer' || type === 'number') valid = fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1000, 1000) }).map(String)
  else if (type === 'boolean') valid = fc.constantFrom('true', 'false')
  else if (SORT_HINTS[param.name]) valid = fc.constantFrom(...SORT_HINTS[param.name]!)
  else valid = validString(schema).map(percentEncode)
  if (known) valid = fc.oneof({ arbitrary: fc.nat().map((n) => new Known(known, n)), weight: 4 }, { arbitrary: valid, weight: 1 })
  // Self-service routes (PATCH/DELETE /users/{id}, /users/{id}/loans) are only reached past 403 with the caller's own id.
  if (known === 'users') valid = fc.oneof(valid, fc.constant(new Known('self', 0)))
  const numeric = type === 'integer' || type === 'number' || idKind !== undefined
  const bad = fc.oneof(
    { arbitrary: fc.constantFrom(...(numeric ? HOSTILE_NUMBER_URL_TEXT : HOSTILE_STRINGS)).map(percentEncode), weight: 4 },
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS, ...HOSTILE_NUMBER_URL_TEXT).map(percentEncode), weight: 1 },
    { arbitrary: fc.constantFrom(...URL_JUNK), weight: 2 },
    { arbitrary: withJunk(valid.map((v) => (v instanceof Known ? '1' : v))), weight: 2 },
    { arbitrary: fc.constantFrom('1'.repeat(120), 'a'.repeat(300), '9'.repeat(2000), 'x'.repeat(5000)), weight: 1 },
  )
  return { valid, bad }
}

type QueryPairs = [string, string | Known][]

/** The query of a case: declared parameters left out, valid or hostile, sometimes repeated; sometimes unknown names. */
function queryArb(op: Operation): fc.Arbitrary<QueryPairs> {
  const params = op.parameters.filter((p) => p.in === 'query')
  const members = slotValues<QueryPairs>(
    params.map((p) => {
      const { valid, bad } = urlValueArbs(p, op.path)
      const one = (arb: fc.Arbitrary<string | Known>) => arb.map((v) => [[p.name, v]] as QueryPairs)
      return {
        required: false,
        valid: one(valid),
        bad: fc.oneof({ arbitrary: one(bad), weight: 4 }, { arbitrary: fc.tuple(valid, fc.oneof(valid, bad)).map(([a, b]) => [[p.name, a], [p.name, b]] as QueryPairs), weight: 1 }),
      }
    }),
  )
  const names = params.map((p) => p.name)
  const extra = fc.oneof(
    { arbitrary: fc.constant([] as QueryPairs), weight: 10 },
    {
      arbitrary: fc.array(
        fc.tuple(
          fc.constantFrom('foo', 'unknown', '__proto__', '__proto__[x]', 'constructor', 'id', 'page[]', ...names.map((n) => `${n}[]`), ...names.map((n) => `${n}[a]`), '%zz', '%00', '', 'a%00b', 'PAGE'),
          fc.constantFrom<string | Known>('1', '', 'x', '%00', '%zz', 'true'),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      weight: 2,
    },
  )
  return fc.tuple(members, extra, fc.boolean()).chain(([chosen, extras, shuffle]) => {
    const all: QueryPairs = [...chosen.flatMap((pairs) => pairs ?? []), ...extras]
    return shuffle ? fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }) : fc.constant(all)
  })
}

const optional = <T>(arb: fc.Arbitrary<T>, weight = 1, noneWeight = 6) => fc.oneof({ arbitrary: fc.constant(undefined), weight: noneWeight }, { arbitrary: arb, weight })

const ETAG_VALUES = ['*', '"x"', 'W/"x"', '""', '"', 'x', '"a", "b"', 'W/', '*, "x"', `"${'a'.repeat(8000)}"`, '"\u00ff"', '"1-abc"', 'W/"1"']

/** Optional hostile request headers (besides Authorization and Content-Type). */
const headersArb: fc.Arbitrary<Record<string, string>> = fc
  .record({
    accept: optional(fc.oneof(fc.constantFrom('application/json', 'application/vnd.library.v2+json', 'application/vnd.library.v1+json', 'application/vnd.library.v99+json', 'application/vnd.library.v0+json', 'application/vnd.library.v2+xml', 'application/vnd.library.v+json', 'text/html', '*/*', '', 'application/problem+json', 'application/json;q=0', 'application/vnd.library.v2+json;q=0.5, application/json', 'application/vnd.library.v99999999999999999999+json'), anyHeaderValue())),
    'x-api-version': optional(fc.oneof(fc.constantFrom('1', '2', '3', '0', '-1', '01', '2.0', ' 2', '', 'v2', 'abc', '99999999999999999999', '1e1', '0x2'), anyHeaderValue(10))),
    'if-match': optional(fc.oneof(fc.constantFrom(...ETAG_VALUES), anyHeaderValue())),
    'if-none-match': optional(fc.oneof(fc.constantFrom(...ETAG_VALUES), anyHeaderValue())),
    'idempotency-key': optional(fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{8,40}$/), fc.constantFrom('', ' ', 'a'.repeat(256), 'a'.repeat(5000), 'key\u00ff'), anyHeaderValue())),
    'x-request-id': optional(fc.oneof(fc.constantFrom('abc', 'a'.repeat(300), 'x y', '', '\u00ff\u00fe', 'id,with,commas'), anyHeaderValue())),
    cookie: optional(fc.oneof(fc.constantFrom('refresh_token=abc', 'a=b; c', '=;=;', 'refresh_token=%00'), anyHeaderValue())),
    'x-csrf-token': optional(anyHeaderValue(), 1, 20),
    'x-forwarded-for': optional(fc.oneof(fc.constantFrom('1.2.3.4', '::1', 'garbage', '1.2.3.4, 5.6.7.8', '999.999.999.999'), anyHeaderValue()), 1, 20),
    'x-fuzz-unknown': optional(anyHeaderValue(), 1, 20),
  })
  .map((record) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<string, string>)

const AUTH_LITERALS = ['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c', 'Bearer e30.e30.', `Bearer ${'a'.repeat(9000)}`, 'Bearer %00', 'Bearer \u00ff\u00fe', 'Negotiate', '', ' Bearer x', 'Bearer null', 'Bearer undefined', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.']

function authArb(op: Operation): fc.Arbitrary<AuthSpec> {
  const refreshWeight = op.operationId === 'refreshTokens' ? 12 : 1
  return fc.oneof(
    { arbitrary: fc.constant({ kind: 'own' as const }), weight: 24 },
    { arbitrary: fc.constant({ kind: 'refresh' as const }), weight: refreshWeight },
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
    { arbitrary: fc.oneof(fc.constantFrom(...AUTH_LITERALS), anyHeaderValue().map((v) => `Bearer ${v}`)).map((value) => ({ kind: 'literal' as const, value })), weight: 1 },
    { arbitrary: fc.nat().map((pick) => ({ kind: 'signed' as const, pick })), weight: 2 },
    { arbitrary: fc.nat(8).map((how) => ({ kind: 'mangled' as const, how })), weight: 1 },
  )
}

/** The arbitrary of abstract cases for one operation. */
export function caseArb(op: Operation): fc.Arbitrary<CaseSpec> {
  const pathParams = op.parameters.filter((p) => p.in === 'path')
  const path = fc
    .tuple(
      ...pathParams.map((p) => {
        const { valid, bad } = urlValueArbs(p, op.path)
        return fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: bad, weight: 1 })
      }),
    )
    .map((values) => Object.fromEntries(values.map((v, i) => [pathParams[i]!.name, v])))
  const suffix = fc.oneof({ arbitrary: fc.constant(''), weight: 40 }, { arbitrary: fc.constantFrom('/', '//', '/.', '/..', '?', '?&', '?=', '/%2e', '%2F', ';x'), weight: 1 })
  const wide = fc.record({ auth: authArb(op), path, pathSuffix: suffix, query: queryArb(op), headers: headersArb, body: bodyArb(op) })
  // A focused case changes the body alone (all valid, or one member hostile) and sends everything
  // else right — the caller's own token, real ids, JSON — so hostile values reach the handler
  // and the database instead of stopping at the first wrong header.
  const validPath = fc
    .tuple(...pathParams.map((p) => urlValueArbs(p, op.path).valid))
    .map((values) => Object.fromEntries(values.map((v, i) => [pathParams[i]!.name, v])))
  const focusedBody: fc.Arbitrary<BodySpec> = op.body
    ? fc.record({ kind: fc.constant('json' as const), value: objectValue(op.body, op.path), contentType: fc.constant<string | undefined>('application/json') })
    : fc.constant({ kind: 'none' as const })
  const focused = fc.record({ auth: fc.constant<AuthSpec>({ kind: 'own' }), path: validPath, pathSuffix: fc.constant(''), query: fc.constant<QueryPairs>([]), headers: fc.constant({}), body: focusedBody })
  return fc.oneof({ arbitrary: wide, weight: 2 }, { arbitrary: focused, weight: op.body ? 2 : 1 })
}

/** What the case needs from the live fixtures to become a request. */
export interface CaseContext {
  /** the role's user for this case, `undefined` for anonymous */
  user: { access: string; refresh: string } | undefined
  /** a real value for a marker */
  resolve(known: Known): string | number
  /** a signed token with hostile claims */
  signedToken(pick: number): string
}

/** A concrete request, as `app.inject` takes it (payload a Buffer or absent). */
export interface ConcreteRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: Buffer
}

function mangle(token: string, how: number): string {
  const [head, payload] = token.split('.')
  switch (how) {
    case 0:
      return `bearer ${token}`
    case 1:
      return `Bearer  ${token}`
    case 2:
      return `Token ${token}`
    case 3:
      return token
    case 4:
      return `Bearer ${token.slice(0, -3)}`
    case 5:
      return `Bearer ${token}x`
    case 6:
      return `Bearer ${token} extra`
    case 7:
      return `Bearer ${head}.${payload}.`
    default:
      return `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`
  }
}

/** Turns an abstract case into the request to send, with every marker resolved. */
export function concreteRequest(op: Operation, spec: CaseSpec, context: CaseContext): ConcreteRequest {
  const text = (v: string | Known) => (v instanceof Known ? String(context.resolve(v)) : v)
  let path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => text(spec.path[name] ?? '1'))
  path += spec.pathSuffix
  const query = spec.query.map(([name, value]) => `${name}=${text(value)}`).join('&')
  const url = query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path
  const headers: Record<string, string> = { ...spec.headers }
  const user = context.user
  const auth = spec.auth
  if (auth.kind === 'own' && user) headers.authorization = `Bearer ${user.access}`
  else if (auth.kind === 'refresh' && user) headers.authorization = `Bearer ${user.refresh}`
  else if (auth.kind === 'literal') headers.authorization = auth.value
  else if (auth.kind === 'signed') headers.authorization = `Bearer ${context.signedToken(auth.pick)}`
  else if (auth.kind === 'mangled' && user) headers.authorization = mangle(user.access, auth.how)
  let payload: Buffer | undefined
  const body = spec.body
  if (body.kind === 'json') payload = toJsonBytes(resolveKnown(body.value, context.resolve))
  else if (body.kind === 'raw') payload = typeof body.data === 'string' ? Buffer.from(body.data, 'utf8') : Buffer.from(body.data)
  if (body.kind !== 'none' && body.contentType !== undefined) headers['content-type'] = body.contentType
  return { method: op.method, url, headers, payload }
}
