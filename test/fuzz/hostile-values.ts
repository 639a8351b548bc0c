/**
 * The values the fuzz test sends: fast-check arbitraries for "valid-ish" and hostile strings,
 * numbers, booleans and JSON shapes, driven by a JSON Schema (as served in the OpenAPI document),
 * plus the markers and encoders that turn a generated value into bytes on the wire.
 *
 * Generated values are pure data (so a seed reproduces them); anything that depends on the state
 * of the running app (a real id, a token) is a {@link Known} marker resolved at send time.
 * @see https://fast-check.dev/docs/core-blocks/arbitraries/
 */
import fc from 'fast-check'

/** A JSON Schema as found in the OpenAPI 3.1 document (the parts the generator reads). */
export interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  pattern?: string
  format?: string
  examples?: unknown[]
  $ref?: string
}

/** What a {@link Known} marker stands for, resolved against the live fixtures when a case is sent. */
export type KnownKind = 'books' | 'users' | 'self' | 'posts' | 'loans' | 'username' | 'email' | 'password' | 'refresh' | 'cursor'

/** A placeholder for a value that exists only in the running app: `pick` chooses among the candidates. */
export class Known {
  readonly kind: KnownKind
  readonly pick: number

  constructor(
    kind: KnownKind,
    pick: number,
  ) {
    this.kind = kind
    this.pick = pick
  }
}

/** JSON text written as is into a body (`1e309`, `01`, `9007199254740993`): what `JSON.stringify` cannot produce. */
export class RawJson {
  readonly text: string

  constructor(text: string) {
    this.text = text
  }
}

/** A JSON string whose UTF-8 encoding is broken by raw bytes between `before` and `after`. */
export class BadUtf8 {
  readonly before: string
  readonly bytes: number[]
  readonly after: string

  constructor(
    before: string,
    bytes: number[],
    after: string,
  ) {
    this.before = before
    this.bytes = bytes
    this.after = after
  }
}

/** An object written with repeated member names (`{"a":1,"a":2}`), which `JSON.parse` keeps the last of. */
export class DuplicateKeys {
  readonly entries: [string, unknown][]

  constructor(entries: [string, unknown][]) {
    this.entries = entries
  }
}

/** `depth` nested arrays (`[[[…]]]`), produced at send time so that the case stays small. */
export class DeepNesting {
  readonly depth: number
  readonly opener: '[' | '{"a":'

  constructor(
    depth: number,
    opener: '[' | '{"a":',
  ) {
    this.depth = depth
    this.opener = opener
  }
}

/**
 * Substrings a response must never contain (internal names, stack frames, SQL error text). The
 * generators never produce them, so that an echoed input cannot pass for a leak.
 */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /FST_/,
  /\bError:/,
  / {4}at /,
  /node_modules/,
  /SQLITE_/,
  /syntax error/i,
  /violates/i,
  /\bpg_/,
  /\/src\//,
  /duplicate key value/i,
  /relation "/i,
  /invalid byte sequence/i,
  /\bERR_[A-Z_]+/,
]

/** Replaces anything that {@link LEAK_PATTERNS} would flag, so generated input never looks like a leak. */
export function harmless(text: string): string {
  let out = text
  for (const pattern of LEAK_PATTERNS) out = out.replace(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`), 'x')
  return out
}

const HOSTILE_CHARS = ['\u0000', '\ud800', '\udfff', '\udc00', '\uffff', '\ufffe', '\u202e', '\u200b', '\u00a0', '\u0085', '\u2028', '\t', '\n', '\r', '\u001b', '\u007f', '\u{1F4DA}', 'e\u0301', '%', '"', '\\', '<', '>', ',', ';', "'"]

/** Fixed hostile strings, each a known way to break a parser, a database or a header. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '   ',
  '\t\n\r',
  '\u0000',
  'a\u0000b',
  'abc\u0000',
  '\u0000'.repeat(40),
  '\ud800',
  'a\ud800b',
  '\udfff',
  'x\udc00y',
  '\ud800\ud800',
  '\uffff',
  '\u202eabc',
  '\u200b',
  '\u00a0\u00a0',
  'e\u0301',
  '\u{1F4DA}\u{1F4DA}',
  "' OR '1'='1",
  '"; DROP TABLE books; --',
  '%',
  '%zz',
  '%00',
  '%FF',
  '%C3%28',
  '%ED%A0%80',
  '%u0000',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\\',
  '{{7*7}}',
  '${7*7}',
  'a>;rel="x",<https://evil.example/>;rel="next"',
  'x\r\nSet-Cookie: a=b',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-1',
  '1e309',
  '*',
  '%%',
  '?',
  '#',
  '&',
  '=',
  '/',
]

/** Any UTF-16 code unit, lone surrogates included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))

/** Strings of any code units (lone surrogates, NUL and controls included), made harmless. */
export const anyUnicodeString = (maxLength = 40) => fc.string({ unit: anyCodeUnit, maxLength }).map(harmless)

/** Inserts `inner` into `text` at a position chosen by `at`. */
const insertAt = (text: string, inner: string, at: number) => {
  const i = text.length === 0 ? 0 : at % (text.length + 1)
  return text.slice(0, i) + inner + text.slice(i)
}

/** A string that satisfies the schema as far as a cheap generator can (length, enum, examples, format). */
export function validString(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.enum?.length) return fc.constantFrom(...(schema.enum as string[]))
  const min = schema.minLength ?? 1
  const max = Math.max(min, Math.min(schema.maxLength ?? 40, 40))
  const examples = (schema.examples ?? []).filter((e): e is string => typeof e === 'string')
  const alnum = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'), minLength: min, maxLength: max }).map(harmless)
  const base =
    schema.format === 'email'
      ? fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{2,12}$/), fc.constantFrom('example.org', 'example.com')).map(([user, host]) => `${user}@${host}`)
      : schema.pattern
        ? fc.oneof(alnum.filter((s) => safeRegex(schema.pattern!).test(s)), ...(examples.length ? [fc.constantFrom(...examples)] : []))
        : alnum
  return examples.length ? fc.oneof(base, fc.constantFrom(...examples)) : base
}

const regexCache = new Map<string, RegExp>()
function safeRegex(pattern: string): RegExp {
  let regex = regexCache.get(pattern)
  if (!regex) {
    try {
      regex = new RegExp(pattern, 'u')
    } catch {
      regex = /.*/
    }
    regexCache.set(pattern, regex)
  }
  return regex
}

/**
 * A hostile string for a string field: a fixed hostile value, a valid value with a hostile
 * character inside, one character over the limit, a huge string, or random code units.
 */
export function hostileString(schema: JsonSchema): fc.Arbitrary<string> {
  const max = schema.maxLength ?? 200
  return fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 5 },
    { arbitrary: fc.tuple(validString(schema), fc.constantFrom(...HOSTILE_CHARS), fc.nat()).map(([text, char, at]) => insertAt(text, char, at)), weight: 5 },
    { arbitrary: fc.constantFrom('a'.repeat(max + 1), '\u00e9'.repeat(max + 1), 'a'.repeat(Math.min(max * 4, 70_000)), '\u0000'.repeat(Math.min(max + 1, 300)), ' '.repeat(max + 1)), weight: 2 },
    { arbitrary: anyUnicodeString(), weight: 3 },
  )
}

/** Byte sequences that are not UTF-8: a stray continuation, a truncated pair, an encoded surrogate, overlong forms. */
export const INVALID_UTF8: readonly number[][] = [[0xff], [0xfe, 0xff], [0xc3, 0x28], [0x80], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80]]

/** A JSON string with raw invalid UTF-8 bytes inside (only a Buffer body can carry it). */
export const badUtf8 = (schema: JsonSchema) =>
  fc.tuple(validString(schema), fc.constantFrom(...INVALID_UTF8), validString(schema)).map(([before, bytes, after]) => new BadUtf8(before, bytes, after))

/** Integers around and beyond every limit (JSON text, so that `1e309` and `01` can be sent). */
export const HOSTILE_NUMBER_TEXT: readonly string[] = [
  '2147483648',
  '2147483647',
  '-2147483649',
  '9007199254740992',
  '9007199254740993',
  '123456789012345678901234567890',
  '-1',
  '0',
  '-0',
  '1.5',
  '1.0',
  '1e2',
  '1e309',
  '-1e309',
  '1E-7',
  '0.1e1',
]

/** Numbers as path or query text: the JSON ones plus the spellings only text can carry. */
export const HOSTILE_NUMBER_URL_TEXT: readonly string[] = [
  ...HOSTILE_NUMBER_TEXT,
  '0x10',
  '0X1A',
  '+1',
  '01',
  '007',
  ' 1',
  '1 ',
  'Infinity',
  '-Infinity',
  'NaN',
  '',
  'abc',
  '1_000',
  '0b1',
  '0o7',
  '.5',
  '5.',
  '--1',
  'true',
  'null',
  '[]',
  '{}',
  '\uff11',
  '\u0661',
  '1\u0000',
]

/** A value of the wrong JSON type for any field. */
export const typeSwap: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, '', 'x', [], ['x'], [1, 2], {}, { a: 1 }, { $ne: null }, [[[]]], new RawJson('{"__proto__":{"polluted":1}}'))

/** String fields that get real values (an existing account's name, its password, a live refresh token) half of the time. */
const KNOWN_STRING_FIELDS: Record<string, KnownKind | undefined> = { username: 'username', email: 'email', password: 'password', current_password: 'password', refresh_token: 'refresh' }

/** Where a {@link Known} id of a path or body field comes from, by field name and path. */
export function idKindFor(name: string, path: string): KnownKind | undefined {
  if (name === 'book_id') return 'books'
  if (name === 'user_id') return 'users'
  if (name !== 'id') return undefined
  if (path.includes('/loans/{id}')) return 'loans'
  if (path.includes('/posts/{id}')) return 'posts'
  if (path.includes('/users/{id}')) return 'users'
  if (path.includes('/books/{id}')) return 'books'
  return undefined
}

/**
 * A JSON value for a schema: most of the time valid, otherwise hostile for its type, a type swap
 * or (for containers) a hostile shape. `name` and `path` let id fields use real ids.
 */
export function jsonValue(schema: JsonSchema, context: { name: string; path: string; depth?: number }): fc.Arbitrary<unknown> {
  const { valid, bad } = jsonArbs(schema, context)
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: bad, weight: 2 })
}

/** An ISBN-13 with a correct check digit (978 prefix), so that a create gets past the ISBN rule. */
const validIsbn13 = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).map((digits) => {
  const twelve = [9, 7, 8, ...digits]
  const sum = twelve.reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 1 : 3), 0)
  return `${twelve.join('')}${(10 - (sum % 10)) % 10}`
})

/** A password that meets the API's rule (upper, lower, digit, symbol, 8–128). */
const strongPassword = fc.stringMatching(/^[a-z]{4,12}$/).map((tail) => `Fz9!${tail}`)

/** Valid values of fields whose rule a schema cannot express (check digits, password strength). */
const FIELD_VALUES: Record<string, fc.Arbitrary<string> | undefined> = { isbn: validIsbn13, password: strongPassword }

/** The valid and the hostile values of a schema, apart (see {@link jsonValue}). */
export function jsonArbs(schema: JsonSchema, context: { name: string; path: string; depth?: number }): { valid: fc.Arbitrary<unknown>; bad: fc.Arbitrary<unknown> } {
  const depth = context.depth ?? 0
  const branches = schema.anyOf ?? schema.oneOf
  if (branches?.length) {
    const arbs = branches.map((branch) => jsonArbs(branch, context))
    return { valid: fc.oneof(...arbs.map((a) => a.valid)), bad: fc.oneof(...arbs.map((a) => a.bad)) }
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  const idKind = idKindFor(context.name, context.path)
  const hostile = (arb: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: arb, weight: 3 }, { arbitrary: typeSwap, weight: 1 })
  let valid: fc.Arbitrary<unknown>
  let bad: fc.Arbitrary<unknown>
  if (type === 'null') {
    valid = fc.constant(null)
    bad = typeSwap
  } else if (schema.enum?.length) {
    valid = fc.constantFrom(...schema.enum)
    bad = hostile(fc.oneof(hostileString({}), fc.constantFrom(...schema.enum.map((e) => (typeof e === 'string' ? e.toUpperCase() : e)))))
  } else if (type === 'string') {
    const knownKind = KNOWN_STRING_FIELDS[context.name]
    const own = FIELD_VALUES[context.name]
    valid = knownKind ? fc.oneof(own ?? validString(schema), fc.nat().map((n) => new Known(knownKind, n))) : (own ?? validString(schema))
    bad = hostile(fc.oneof({ arbitrary: hostileString(schema), weight: 4 }, { arbitrary: badUtf8(schema), weight: 1 }))
  } else if (type === 'integer' || type === 'number') {
    const min = schema.minimum ?? -1000
    const max = schema.maximum ?? 1000
    const inRange = fc.integer({ min: Math.max(min, -1_000_000), max: Math.min(max, 1_000_000) })
    valid = idKind ? fc.oneof({ arbitrary: fc.nat().map((n) => new Known(idKind, n)), weight: 4 }, { arbitrary: inRange, weight: 1 }) : inRange
    bad = hostile(fc.oneof(fc.constantFrom(...HOSTILE_NUMBER_TEXT).map((t) => new RawJson(t)), fc.constantFrom(min - 1, max + 1), fc.constantFrom('1', '0x10', '+1', '01', '1.5', '')))
  } else if (type === 'boolean') {
    valid = fc.boolean()
    bad = hostile(fc.constantFrom<unknown>('true', 'false', 'TRUE', 1, 0, '1', 'yes', ''))
  } else if (type === 'array') {
    const item = jsonValue(schema.items ?? {}, { ...context, depth: depth + 1 })
    valid = fc.array(item, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) })
    bad = hostile(
      fc.oneof(
        fc.array(item, { minLength: (schema.maxItems ?? 10) + 1, maxLength: (schema.maxItems ?? 10) + 3 }),
        item.map((x) => [x, x, x]),
        fc.constant(Array.from({ length: 5000 }, () => 'member')),
        item.map((x) => [[x]]),
      ),
    )
  } else if (type === 'object' || schema.properties) {
    valid = depth > 3 ? fc.constant({}) : objectValue(schema, context.path, depth + 1)
    bad = typeSwap
  } else {
    valid = fc.oneof(typeSwap, hostileString({}))
    bad = valid
  }
  return { valid, bad }
}

/**
 * Values for a list of slots (object members, query parameters) in one of three modes: all
 * valid, exactly one hostile (the others valid: the hostile value reaches the route's logic
 * whenever the schema lets it through), or each slot left out, valid or hostile at random.
 */
export function slotValues<T>(slots: { required: boolean; valid: fc.Arbitrary<T>; bad: fc.Arbitrary<T> }[]): fc.Arbitrary<(T | undefined)[]> {
  if (slots.length === 0) return fc.constant([])
  const validOrOmitted = slots.map((s) => (s.required ? s.valid : fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: s.valid, weight: 2 })))
  const any = slots.map((s) => fc.oneof({ arbitrary: fc.constant(undefined), weight: s.required ? 1 : 3 }, { arbitrary: s.valid, weight: 5 }, { arbitrary: s.bad, weight: 3 }))
  return fc.oneof(
    { arbitrary: fc.tuple(...validOrOmitted), weight: 4 },
    { arbitrary: fc.tuple(fc.tuple(...validOrOmitted), fc.nat(slots.length - 1)).chain(([values, i]) => slots[i]!.bad.map((bad) => values.map((v, j) => (j === i ? bad : v)))), weight: 5 },
    { arbitrary: fc.tuple(...any), weight: 2 },
  )
}

/** Extra member names no schema declares. */
const EXTRA_NAMES = ['id', 'role', 'roles', 'is_admin', 'admin', 'author_id', 'user_id', 'created_at', 'copies_available', '__proto__', 'constructor', 'prototype', '', ' ', 'a\u0000', '\ud800', 'title ', 'TITLE', 'x'.repeat(300)]

/** An object for an object schema: each property left out, valid or hostile; sometimes extra members. */
export function objectValue(schema: JsonSchema, path: string, depth = 0): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {})
  const required = new Set(schema.required ?? [])
  const members = slotValues(
    properties.map(([name, prop]) => {
      const { valid, bad } = jsonArbs(prop, { name, path, depth })
      return { required: required.has(name), valid: valid.map((v) => [name, v] as const), bad: bad.map((v) => [name, v] as const) }
    }),
  )
  const extras = fc.oneof(
    { arbitrary: fc.constant([] as [string, unknown][]), weight: 6 },
    { arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...EXTRA_NAMES), anyUnicodeString(12)), typeSwap), { minLength: 1, maxLength: 3 }), weight: 1 },
  )
  return fc.tuple(members, extras, fc.nat(20)).map(([chosen, extra, dup]) => {
    const entries = [...chosen.filter((m): m is readonly [string, unknown] => m !== undefined).map(([k, v]) => [k, v] as [string, unknown]), ...extra]
    // One case in twenty repeats the first member: JSON.parse keeps the last value, a schema check may see either.
    if (dup === 0 && entries.length > 0) return new DuplicateKeys([...entries, [entries[0]![0], 'x\u0000']])
    if (entries.some(([k]) => k === '__proto__')) return new DuplicateKeys(entries)
    return Object.fromEntries(entries)
  })
}

/** Resolves every {@link Known} inside a generated value with `resolve`. */
export function resolveKnown(value: unknown, resolve: (known: Known) => string | number): unknown {
  if (value instanceof Known) return resolve(value)
  if (value instanceof DuplicateKeys) return new DuplicateKeys(value.entries.map(([k, v]) => [k, resolveKnown(v, resolve)]))
  if (Array.isArray(value)) return value.map((v) => resolveKnown(v, resolve))
  if (value && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveKnown(v, resolve)]))
  }
  return value
}

/** Writes a (resolved) generated value as JSON bytes: markers become raw text, raw bytes or deep nesting. */
export function toJsonBytes(value: unknown): Buffer {
  const parts: (string | Buffer)[] = []
  const write = (v: unknown): void => {
    if (v instanceof RawJson) parts.push(v.text)
    else if (v instanceof BadUtf8) {
      const quoted = JSON.stringify(v.before)
      parts.push(quoted.slice(0, -1), Buffer.from(v.bytes), JSON.stringify(v.after).slice(1))
    } else if (v instanceof DeepNesting) {
      parts.push(v.opener.repeat(v.depth), '1', (v.opener === '[' ? ']' : '}').repeat(v.depth))
    } else if (v instanceof DuplicateKeys) {
      parts.push('{')
      v.entries.forEach(([k, inner], i) => {
        parts.push(`${i ? ',' : ''}${JSON.stringify(k)}:`)
        write(inner)
      })
      parts.push('}')
    } else if (Array.isArray(v)) {
      parts.push('[')
      v.forEach((inner, i) => {
        if (i) parts.push(',')
        write(inner)
      })
      parts.push(']')
    } else if (v && typeof v === 'object') {
      parts.push('{')
      Object.entries(v).forEach(([k, inner], i) => {
        parts.push(`${i ? ',' : ''}${JSON.stringify(k)}:`)
        write(inner)
      })
      parts.push('}')
    } else if (v === undefined) parts.push('null')
    else parts.push(JSON.stringify(v))
  }
  write(value)
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)))
}

/**
 * Percent-encodes text for a URL like `encodeURIComponent`, except that a lone surrogate becomes
 * its WTF-8 bytes (`%ED%A0%80`), which is what a client that does not check would send.
 */
export function percentEncode(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += encodeURIComponent(text.slice(i, i + 2))
        i++
        continue
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    } else out += encodeURIComponent(text[i]!)
  }
  return out
}

/** Percent-encoding junk written into a URL as is. */
export const URL_JUNK: readonly string[] = ['%', '%zz', '%0', '%00', '%FF', '%C3%28', '%ED%A0%80', '%E2%82', '%2', '%%41', '%u0041', '%C0%AF', '%F4%90%80%80']

/** Characters a header value can carry on the wire (HTAB, visible ASCII, obs-text as Node decodes it: latin1). */
const headerUnit = fc.oneof(
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }), weight: 8 },
  { arbitrary: fc.integer({ min: 0x80, max: 0xff }), weight: 2 },
  { arbitrary: fc.constant(0x09), weight: 1 },
).map((c) => String.fromCharCode(c))

/** A header value made of anything Node's parser lets through. */
export const anyHeaderValue = (maxLength = 60) => fc.string({ unit: headerUnit, maxLength }).map(harmless)
