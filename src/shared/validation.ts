import Ajv, { type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler, RouteOptions } from 'fastify'
import { AppError, type ProblemCode, validationError } from '../errors.ts'
import { schemaDigest } from './schema-digest.ts'
import { isStorableText } from './text.ts'

const BASE = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false, coerceTypes: false } as const

/**
 * The Ajv keyword the validator compiler adds to every string of every request schema: the
 * string must hold no U+0000 and no unpaired surrogate (neither PostgreSQL nor a UTF-8 text
 * column can store them). Not written into the route schemas, so the OpenAPI document states
 * the rule once (its description) instead of on every field.
 */
export const TEXT_KEYWORD = 'x-storable-text'
/** The `errors[].message` of a string refused by {@link TEXT_KEYWORD}. */
export const TEXT_MESSAGE = 'must not contain NUL or unpaired surrogate characters'

/**
 * An annotation a request schema may carry to answer a refused string (see
 * {@link TEXT_KEYWORD}) with this problem code instead of 422 — the login body says
 * `invalid_credentials`, so a NUL in a password is answered like a wrong password. Only when
 * every failing rule is that one: a missing field stays 422.
 */
export const TEXT_PROBLEM = 'x-unstorable-text-problem'

/** The value of a {@link TEXT_PROBLEM} annotation: the problem code and its `detail`. */
export interface TextProblem {
  code: ProblemCode
  detail: string
}

/** A character that is neither white space nor a control or format character (`\u200b`, `\u00ad`…). */
const VISIBLE = '[^\\p{White_Space}\\p{Cc}\\p{Cf}]'

/**
 * The JSON Schema `pattern` of required single-line text: at least one character that is not
 * white space, a control or a format character (so `"\u200b \t"` is refused), and at least
 * `minTrimmed` characters once leading and trailing white space is trimmed (`\s` is exactly
 * what `String.prototype.trim` removes), since such text is stored trimmed. Ajv compiles
 * patterns with the `u` flag, as ECMA-262 does for OpenAPI 3.1.
 * @param minTrimmed the shortest length accepted after trimming (≥ 1)
 * @see https://unicode.org/reports/tr18/#General_Category_Property, RFC 8259 §7
 */
export function visibleText(minTrimmed = 1): string {
  if (minTrimmed <= 1) return VISIBLE
  return `^(?=[\\s\\S]*${VISIBLE})[\\s\\S]*\\S[\\s\\S]{${minTrimmed - 2},}\\S`
}

type Node = Record<string, unknown>
const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object' && !Array.isArray(value)
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const
const SUBSCHEMAS = ['additionalProperties', 'items', 'additionalItems', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'] as const
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'] as const

/**
 * A copy of a schema with {@link TEXT_KEYWORD} on every node that admits a string (unions and
 * array items included). The route's own schema object is left alone: it is shared with other
 * routes and with the OpenAPI document.
 */
export function withTextRule(schema: unknown, seen = new WeakMap<object, Node>()): unknown {
  if (!isNode(schema)) return schema
  const known = seen.get(schema)
  if (known) return known
  const out: Node = { ...schema }
  seen.set(schema, out)
  const type = schema.type
  if (type === 'string' || (Array.isArray(type) && type.includes('string'))) out[TEXT_KEYWORD] = true
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key]
    if (isNode(map)) out[key] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, withTextRule(sub, seen)]))
  }
  for (const key of SUBSCHEMAS) if (isNode(schema[key])) out[key] = withTextRule(schema[key], seen)
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key]
    if (Array.isArray(list)) out[key] = list.map((sub) => withTextRule(sub, seen))
  }
  return out
}

/** Canonical decimal integer: no sign but `-`, no leading zero, no fraction, exponent or space. */
const INTEGER = /^(0|-?[1-9][0-9]*)$/
/** Canonical decimal number: an integer as above, or with a fraction that has no trailing zero. */
const NUMBER = /^(0|-?(0\.[0-9]*[1-9]|[1-9][0-9]*(\.[0-9]*[1-9])?))$/

/** The JSON types a schema node admits (its `type`, its `anyOf`/`oneOf` branches, the type of its `const`/`enum`). */
function typesOf(schema: unknown, into = new Set<string>()): Set<string> {
  if (!isNode(schema)) return into
  const type = schema.type
  if (typeof type === 'string') into.add(type)
  else if (Array.isArray(type)) for (const t of type) into.add(String(t))
  const literals = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : []
  for (const value of literals) into.add(typeof value)
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = schema[key]
    if (Array.isArray(list)) for (const sub of list) typesOf(sub, into)
  }
  return into
}

type Coerce = (value: unknown) => unknown

/** The strict coercion of one text value to the types a schema admits; anything else stays a string, for the type check to refuse. */
function scalarCoercer(schema: unknown): Coerce {
  const types = typesOf(schema)
  if (types.has('string')) return (value) => value
  const integer = types.has('integer')
  const number = types.has('number')
  const boolean = types.has('boolean')
  return (value) => {
    if (typeof value !== 'string') return value
    if ((integer || number) && INTEGER.test(value)) return Number(value)
    if (number && NUMBER.test(value)) return Number(value)
    if (boolean && (value === 'true' || value === 'false')) return value === 'true'
    return value
  }
}

/**
 * Our replacement for Ajv's `coerceTypes` on query strings, path parameters and headers, where
 * every value arrives as text. Only one spelling of a value is accepted: integers and numbers in
 * canonical decimal (`10459`, never `0x28db`, `10459.0`, `+10459`, `010459`, ` 1` or `1e3`),
 * booleans as `true`/`false`; a single value for an array member becomes a one-item array (a
 * repeated parameter already is one). Each property of the top-level object is converted in
 * place; the validator then checks the types without coercing, so a value left as text fails
 * with a 422 naming it.
 * @returns a function that converts the properties of the part in place (null/undefined are left alone)
 */
export function strictCoercer(schema: unknown): (data: unknown) => void {
  const properties = isNode(schema) && isNode(schema.properties) ? schema.properties : {}
  const members: Array<[string, Coerce]> = []
  for (const [name, sub] of Object.entries(properties)) {
    const types = typesOf(sub)
    if (types.has('string') && !types.has('array')) continue
    if (types.has('array')) {
      const item = scalarCoercer(isNode(sub) ? sub.items : undefined)
      members.push([name, (value) => (Array.isArray(value) ? value.map(item) : [item(value)])])
    } else {
      members.push([name, scalarCoercer(sub)])
    }
  }
  if (members.length === 0) return () => {}
  return (data) => {
    if (!isNode(data)) return
    for (const [name, coerce] of members) {
      if (Object.hasOwn(data, name) && data[name] !== undefined) data[name] = coerce(data[name])
    }
  }
}

function newAjv(shared: AnySchema[]) {
  const ajv = new Ajv.default(BASE)
  addFormats.default(ajv)
  ajv.addKeyword({
    keyword: TEXT_KEYWORD,
    type: 'string',
    schemaType: 'boolean',
    errors: true,
    validate: function storable(this: unknown, enabled: boolean, data: string) {
      if (!enabled || isStorableText(data)) return true
      // A new object each time: Ajv completes it (instancePath, schemaPath) in place.
      ;(storable as unknown as { errors: unknown }).errors = [{ keyword: TEXT_KEYWORD, message: TEXT_MESSAGE, params: {} }]
      return false
    },
  })
  for (const schema of shared) ajv.addSchema(withTextRule(schema) as AnySchema)
  return ajv
}

/**
 * Ajv's errors, one story per field: no `type` error of a union branch (`must be null`) when the
 * value had the type of another branch and failed a rule there, and no `pattern` error on a field
 * that already fails another rule (a title that is too short also fails {@link visibleText}).
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const union = (e: ErrorObject) => e.keyword === 'type' || e.keyword === 'anyOf' || e.keyword === 'oneOf'
  const specific = new Set(errors.filter((e) => !union(e)).map((e) => e.instancePath))
  const besidesPattern = new Set(errors.filter((e) => !union(e) && e.keyword !== 'pattern').map((e) => e.instancePath))
  return errors.filter((e) => !(e.keyword === 'type' && specific.has(e.instancePath)) && !(e.keyword === 'pattern' && besidesPattern.has(e.instancePath)))
}

interface Validator {
  (data: unknown): boolean | { error: Error }
  errors?: ErrorObject[] | null
}

/** One Ajv per set of shared schemas and its compiled validators by schema digest: shared by every app of the process. */
const compilers = new WeakMap<AnySchema[], { ajv: Ajv.default; compiled: Map<string, ValidateFunction> }>()

/**
 * Fastify's validator compiler. Every string of every request part (body, query string, path
 * parameters, headers) is refused when it holds U+0000 or an unpaired surrogate
 * ({@link TEXT_KEYWORD}, 422 naming the field). JSON bodies are never coerced (`"title": 5` is
 * a 422); query strings, path parameters and headers are coerced strictly
 * ({@link strictCoercer}). Unknown fields are never removed: schemas say
 * `additionalProperties: false`, so they are rejected.
 * Each distinct schema is compiled once per process for a given `shared` array (the same object):
 * a compiled Ajv function is pure, and tests build hundreds of apps from the same schemas.
 * @param shared schemas with `$id` that routes reference with `$ref`
 * @see https://fastify.dev/docs/latest/Reference/Validation-and-Serialization/
 * @see https://ajv.js.org/keywords.html#define-keyword-with-validate-function
 */
export function createValidatorCompiler(shared: AnySchema[]): FastifySchemaCompiler<AnySchema> {
  let compiler = compilers.get(shared)
  if (!compiler) {
    compiler = { ajv: newAjv(shared), compiled: new Map() }
    compilers.set(shared, compiler)
  }
  const { ajv, compiled } = compiler
  return ({ schema, httpPart }) => {
    const key = `${httpPart}:${schemaDigest(schema)}`
    let validate = compiled.get(key)
    if (!validate) {
      validate = ajv.compile(withTextRule(schema) as AnySchema)
      compiled.set(key, validate)
    }
    const compiledValidate = validate
    const coerce = httpPart === 'body' ? undefined : strictCoercer(schema)
    const problem = isNode(schema) ? (schema[TEXT_PROBLEM] as TextProblem | undefined) : undefined
    const validator: Validator = (data) => {
      coerce?.(data)
      if (compiledValidate(data)) return true
      const errors = relevantErrors(compiledValidate.errors ?? [])
      if (problem) {
        // Unstorable credentials are wrong credentials; a 422 (a missing field) says nothing about them.
        const structural = errors.filter((e) => e.keyword !== TEXT_KEYWORD)
        if (structural.length === 0) return { error: new AppError(problem.code, problem.detail) }
        validator.errors = structural
      } else {
        validator.errors = errors
      }
      return false
    }
    return validator
  }
}

const EMPTY_QUERY = { type: 'object', properties: {}, additionalProperties: false } as const

/**
 * The name of the first query parameter whose name or value is not valid percent-encoded
 * UTF-8 (`%FF`, `%C3%28`, a lone `%`), or undefined. Fastify's parser keeps such a value
 * as sent (`"%FF"`), which would then be filtered on or stored as if the client meant it.
 * @see RFC 3986 §2.1, https://url.spec.whatwg.org/#application/x-www-form-urlencoded
 */
export function badlyEncodedParameter(url: string): string | undefined {
  const mark = url.indexOf('?')
  if (mark < 0 || url.indexOf('%', mark) < 0) return undefined
  const query = url.slice(mark + 1)
  try {
    decodeURIComponent(query)
    return undefined
  } catch {
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=')
      const name = eq < 0 ? pair : pair.slice(0, eq)
      let decodedName: string
      try {
        decodedName = decodeURIComponent(name.replaceAll('+', ' '))
      } catch {
        return name
      }
      try {
        decodeURIComponent(pair.slice(eq + 1))
      } catch {
        return decodedName
      }
    }
    return '(query)'
  }
}

function refuseBadEncoding(request: FastifyRequest, _reply: unknown, done: (error?: Error) => void): void {
  const name = badlyEncodedParameter(request.url)
  if (name === undefined) return done()
  done(validationError([{ field: name, message: 'must be valid percent-encoded UTF-8' }]))
}

/**
 * The query-string rules of every documented route, read from its own schema: a route without a
 * `querystring` schema gets an empty one, and every one is made `additionalProperties: false`,
 * so an unknown parameter is a 422 everywhere (single-resource GETs included); a query string
 * that is not valid percent-encoded UTF-8 is a 422 naming the parameter. Call before any route
 * is registered. Routes hidden from the OpenAPI document (the docs pages) are left alone.
 */
export function enforceQueryRules(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.schema || route.schema.hide) return
    // Every documented operation may now answer 422 (an unknown or badly encoded parameter): say so.
    if (route.schema.response) (route.schema.response as Record<number, unknown>)[422] ??= { $ref: 'Problem#' }
    const query = route.schema.querystring as Node | undefined
    if (!query) route.schema.querystring = EMPTY_QUERY
    else if (query.additionalProperties !== false) route.schema.querystring = { ...query, additionalProperties: false }
    const existing = route.preValidation
    route.preValidation = [refuseBadEncoding, ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing])]
  })
}
