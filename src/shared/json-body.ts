import type { FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'

/** Fastify's content-type parser callback. */
type Done = (error: Error | null, body?: unknown) => void
/** A JSON parser over a decoded string, such as `app.getDefaultJsonParser('error', 'ignore')` (secure-json-parse). */
export type StringJsonParser = (request: FastifyRequest, body: string, done: Done) => void

const invalidJson = (detail: string) => new AppError('invalid_json', detail)

/**
 * The `charset` parameter of a `Content-Type` header, lower-cased and unquoted, or undefined.
 * @see RFC 9110 §8.3.1, §8.3.2
 */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined
  const parameters = contentType.split(';')
  for (let i = 1; i < parameters.length; i++) {
    const parameter = parameters[i]!
    const eq = parameter.indexOf('=')
    if (eq < 0 || parameter.slice(0, eq).trim().toLowerCase() !== 'charset') continue
    return parameter.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase()
  }
  return undefined
}

/** Whether a parsed JSON value holds an unpaired surrogate in any string or key. */
function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return !(value as string & { isWellFormed(): boolean }).isWellFormed()
  if (value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate)
  for (const key in value) {
    if (holdsLoneSurrogate(key) || holdsLoneSurrogate((value as Record<string, unknown>)[key])) return true
  }
  return false
}

/** A `\uD800`–`\uDFFF` escape: the only way a surrogate can reach a JSON text that decoded as valid UTF-8. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/

/**
 * A content-type parser for JSON bodies (`application/json`, `application/merge-patch+json`)
 * that reads the raw bytes (`parseAs: 'buffer'`) instead of letting Node replace invalid
 * UTF-8 with U+FFFD:
 * - a `charset` other than `utf-8` (case-insensitive) → 415 `unsupported_media_type` (RFC 8259
 *   §8.1: JSON exchanged between systems is UTF-8);
 * - bytes that are not valid UTF-8 (TextDecoder `fatal`) → 400 `invalid_json`;
 * - a leading UTF-8 byte order mark is ignored (RFC 8259 §8.1 allows a parser to);
 * - the text is parsed by `parse` (Fastify's default, secure-json-parse, which refuses
 *   `__proto__` keys);
 * - a string or key holding an unpaired surrogate (from a `\ud800` escape) → 400 `invalid_json`.
 * @see RFC 8259 §8.1, §8.2; https://encoding.spec.whatwg.org/#textdecoder
 */
export function utf8JsonParser(parse: StringJsonParser) {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  return (request: FastifyRequest, raw: Buffer, done: Done): void => {
    const charset = charsetOf(request.headers['content-type'])
    if (charset !== undefined && charset !== 'utf-8') {
      return done(new AppError('unsupported_media_type', 'JSON bodies must be UTF-8 (charset=utf-8 or none)'))
    }
    let text: string
    try {
      text = decoder.decode(raw)
    } catch {
      return done(invalidJson('The request body is not valid UTF-8'))
    }
    parse(request, text, (error, body) => {
      if (error) return done(error)
      if (SURROGATE_ESCAPE.test(text) && holdsLoneSurrogate(body)) return done(invalidJson('The request body holds an unpaired surrogate (\\ud800–\\udfff escape)'))
      done(null, body)
    })
  }
}
