/**
 * What every answer of the API must satisfy, whatever was sent (api-contract §1, §4, §10): each
 * check returns the rules a response broke, as short stable labels that group alike failures.
 * @see RFC 9457 (problem details), RFC 8288 (Link)
 */
import { PROBLEMS } from '../../src/errors.ts'
import { LEAK_PATTERNS } from './hostile-values.ts'

/** The independent checks, each reported by its own test. */
export type CheckName = 'answered' | 'no-5xx' | 'problem-shape' | 'no-leak' | 'headers' | 'documented-status'

/** One broken rule: `label` groups alike failures (it never contains the varying input). */
export interface Violation {
  check: CheckName
  label: string
}

/** The parts of a response the checks read (light-my-request's response, or one parsed from a socket). */
export interface SeenResponse {
  statusCode: number
  headers: Record<string, string | string[] | number | undefined>
  body: string
}

/** Link relations the API may emit (api-contract §4). */
export const LINK_RELATIONS = new Set(['first', 'prev', 'next', 'last', 'successor-version'])

const header = (response: SeenResponse, name: string): string | undefined => {
  const value = response.headers[name]
  return value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value)
}

/**
 * An error answer must be an RFC 9457 problem: `application/problem+json`, JSON with `type`,
 * `title`, `status` equal to the HTTP status, a catalog `code` and `request_id` equal to the
 * `X-Request-ID` header. 304 and other bodiless non-errors are not checked.
 */
export function checkProblem(response: SeenResponse): Violation[] {
  if (response.statusCode < 400) return []
  const out: Violation[] = []
  const bad = (label: string) => out.push({ check: 'problem-shape', label })
  const type = header(response, 'content-type') ?? ''
  if (!type.startsWith('application/problem+json')) bad(`content-type is "${type.split(';')[0] || 'none'}"`)
  let body: Record<string, unknown>
  try {
    body = JSON.parse(response.body) as Record<string, unknown>
  } catch {
    bad(response.body ? 'body is not JSON' : 'body is empty')
    return out
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    bad('body is not an object')
    return out
  }
  if (typeof body.type !== 'string') bad('no "type"')
  if (typeof body.title !== 'string') bad('no "title"')
  if (body.status !== response.statusCode) bad(`"status" ${String(body.status)} ≠ HTTP status`)
  if (typeof body.code !== 'string' || !(body.code in PROBLEMS)) bad(`"code" ${JSON.stringify(body.code)?.slice(0, 40)} not in the catalog`)
  const requestId = header(response, 'x-request-id')
  if (!requestId) bad('no X-Request-ID header')
  else if (body.request_id !== requestId) bad('"request_id" ≠ X-Request-ID')
  return out
}

/** No body, error or not, may name internals: Fastify error codes, stack frames, SQL error text, source paths. */
export function checkLeaks(response: SeenResponse): Violation[] {
  return LEAK_PATTERNS.filter((pattern) => pattern.test(response.body)).map((pattern) => ({ check: 'no-leak' as const, label: `body matches ${pattern}` }))
}

/**
 * Header values never carry CR or LF, every answer has an `X-Request-ID`, and a `Link` header
 * parses as RFC 8288 with only the relations the API emits.
 */
export function checkHeaders(response: SeenResponse): Violation[] {
  const out: Violation[] = []
  for (const [name, value] of Object.entries(response.headers)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && /[\r\n]/.test(item)) out.push({ check: 'headers', label: `${name} contains CR/LF` })
    }
  }
  if (!header(response, 'x-request-id')) out.push({ check: 'headers', label: 'no X-Request-ID header' })
  const link = header(response, 'link')
  if (link !== undefined) {
    const relations = parseLinkRelations(link)
    if (!relations) out.push({ check: 'headers', label: 'Link header does not parse (RFC 8288)' })
    else for (const rel of relations) if (!LINK_RELATIONS.has(rel)) out.push({ check: 'headers', label: `Link relation "${rel.slice(0, 30)}" not allowed` })
  }
  return out
}

/**
 * The `rel` values of an RFC 8288 `Link` header, or `undefined` when it does not parse: each
 * link is `<uri>` followed by `; name=value` parameters (value a token or a quoted string).
 */
export function parseLinkRelations(value: string): string[] | undefined {
  const relations: string[] = []
  let i = 0
  const skipSpace = () => {
    while (value[i] === ' ' || value[i] === '\t') i++
  }
  while (i < value.length) {
    skipSpace()
    if (value[i] !== '<') return undefined
    const end = value.indexOf('>', i)
    if (end < 0) return undefined
    const uri = value.slice(i + 1, end)
    if (/[<>"\s]/.test(uri)) return undefined
    i = end + 1
    let rels = 0
    for (;;) {
      skipSpace()
      if (i >= value.length) break
      if (value[i] === ',') {
        i++
        break
      }
      if (value[i] !== ';') return undefined
      i++
      skipSpace()
      const name = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(value.slice(i))?.[0]
      if (!name) return undefined
      i += name.length
      skipSpace()
      if (value[i] !== '=') return undefined
      i++
      skipSpace()
      let param: string
      if (value[i] === '"') {
        const close = value.indexOf('"', i + 1)
        if (close < 0) return undefined
        param = value.slice(i + 1, close)
        i = close + 1
      } else {
        param = /^[!#$%&'*+.^_`|~0-9A-Za-z-]*/.exec(value.slice(i))![0]
        i += param.length
      }
      if (name.toLowerCase() === 'rel') {
        rels++
        relations.push(...param.split(/\s+/).filter(Boolean))
      }
    }
    if (rels !== 1) return undefined
  }
  return relations
}

/** Every check that does not need the OpenAPI document; `status` 503 counts as a 5xx (none is expected here). */
export function checkResponse(response: SeenResponse): Violation[] {
  const out: Violation[] = []
  if (response.statusCode >= 500) {
    let code = ''
    try {
      code = String((JSON.parse(response.body) as { code?: unknown }).code ?? '')
    } catch {
      code = 'no JSON'
    }
    out.push({ check: 'no-5xx', label: `${response.statusCode} ${code}` })
  }
  out.push(...checkProblem(response), ...checkLeaks(response), ...checkHeaders(response))
  return out
}
