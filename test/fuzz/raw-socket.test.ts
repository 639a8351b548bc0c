// The hostile requests `app.inject` cannot send (issue 8 item 2): raw bytes on a real socket —
// invalid UTF-8 and percent junk in the request line, an over-long path parameter, headers over
// the limit, malformed HTTP that Node answers itself, `Expect` other than 100-continue. Every
// answer must be an RFC 9457 problem carrying the request id, never a bare Node or Fastify reply.
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, before, test } from 'node:test'
import { buildTestApp, type TestContext } from '../helper.ts'
import { checkResponse, type SeenResponse } from './response-checks.ts'

let t: TestContext
let port: number

before(async () => {
  t = await buildTestApp()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  port = (t.app.server.address() as { port: number }).port
})
after(async () => t?.close())

/** What came back on the socket: the parsed response, or why there was none. */
type RawAnswer = { response: SeenResponse; raw: string } | { error: string; raw: string }

/**
 * Writes `bytes` on a new connection and reads until the server closes it or a full response
 * (by Content-Length or chunked encoding) has arrived.
 */
function exchange(bytes: Buffer, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' })
    const chunks: Buffer[] = []
    let settled = false
    const finish = (answer: RawAnswer) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(answer)
    }
    const attempt = (ended: boolean) => {
      const raw = Buffer.concat(chunks)
      const parsed = parseResponse(raw)
      if (parsed) finish({ response: parsed, raw: raw.toString('latin1').slice(0, 600) })
      else if (ended) finish({ error: raw.length ? 'incomplete response before the connection closed' : 'connection closed without any response', raw: raw.toString('latin1').slice(0, 600) })
    }
    const timer = setTimeout(() => finish({ error: `no complete response within ${timeoutMs} ms`, raw: Buffer.concat(chunks).toString('latin1').slice(0, 600) }), timeoutMs)
    socket.on('data', (chunk) => {
      chunks.push(chunk)
      attempt(false)
    })
    socket.on('end', () => attempt(true))
    socket.on('close', () => attempt(true))
    socket.on('error', (error) => {
      if (chunks.length) attempt(true)
      else finish({ error: `socket error ${(error as NodeJS.ErrnoException).code ?? error.message}`, raw: '' })
    })
    socket.write(bytes)
  })
}

/** Parses one HTTP/1.1 response from `raw`, or `undefined` while it is incomplete. @see RFC 9112 */
function parseResponse(raw: Buffer): SeenResponse | undefined {
  const headEnd = raw.indexOf('\r\n\r\n')
  if (headEnd < 0) return undefined
  const [statusLine, ...lines] = raw.subarray(0, headEnd).toString('latin1').split('\r\n')
  const statusCode = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1])
  if (!statusCode) return undefined
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).trim().toLowerCase()
    headers[name] = headers[name] === undefined ? line.slice(colon + 1).trim() : `${headers[name]}, ${line.slice(colon + 1).trim()}`
  }
  let rest = raw.subarray(headEnd + 4)
  if (headers['transfer-encoding']?.includes('chunked')) {
    const parts: Buffer[] = []
    for (;;) {
      const lineEnd = rest.indexOf('\r\n')
      if (lineEnd < 0) return undefined
      const size = Number.parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16)
      if (size === 0) break
      if (rest.length < lineEnd + 2 + size + 2) return undefined
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size))
      rest = rest.subarray(lineEnd + 2 + size + 2)
    }
    return { statusCode, headers, body: Buffer.concat(parts).toString('utf8') }
  }
  const length = Number(headers['content-length'] ?? 0)
  if (rest.length < length) return undefined
  return { statusCode, headers, body: rest.subarray(0, length).toString('utf8') }
}

const request = (head: string, body: Buffer | string = '') => Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body)])
/** A POST with a correct Content-Length for `body`. */
const post = (path: string, headers: string, body: Buffer) => request(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${headers}Content-Length: ${body.length}\r\n\r\n`, body)
const get = (target: string | Buffer, headers = '') => Buffer.concat([Buffer.from('GET '), Buffer.from(target as string, typeof target === 'string' ? 'latin1' : undefined), Buffer.from(` HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${headers}\r\n`)])

interface RawCase {
  name: string
  bytes: () => Buffer
  /** the status the issue names for this case (item 2), when it names one */
  status?: number
  /** a success is a fine answer too (any status below 500) */
  successAllowed?: boolean
}

const bigHeader = `X-Big: ${'a'.repeat(20_000)}\r\n`
const manyHeaders = Array.from({ length: 3000 }, (_, i) => `X-H${i}: v\r\n`).join('')

const CASES: RawCase[] = [
  { name: 'raw 0xFF byte in a path parameter', bytes: () => get(Buffer.concat([Buffer.from('/api/v1/books/'), Buffer.from([0xff])])) },
  { name: 'raw 0xC3 0x28 (invalid UTF-8) in a path parameter', bytes: () => get(Buffer.concat([Buffer.from('/api/v1/posts/'), Buffer.from([0xc3, 0x28])])) },
  { name: 'raw invalid UTF-8 in a query value', bytes: () => get(Buffer.concat([Buffer.from('/api/v1/books?author=a'), Buffer.from([0xff, 0xfe]), Buffer.from('b')])) },
  { name: 'raw encoded surrogate (ED A0 80) in a query value', bytes: () => get(Buffer.concat([Buffer.from('/api/v2/books/search?q='), Buffer.from([0xed, 0xa0, 0x80])])) },
  { name: 'lone % in the path', bytes: () => get('/api/v1/books/%'), status: 400 },
  { name: '%zz in the path', bytes: () => get('/api/v1/books/%zz'), status: 400 },
  { name: '%FF in the path', bytes: () => get('/api/v1/users/%FF'), status: 400 },
  { name: '%00 in the path', bytes: () => get('/api/v1/loans/1%00') },
  { name: '% at the root', bytes: () => get('/%'), status: 400 },
  // The contract is silent on junk in the query (item 2 names the path): a lenient decoding is fine, a 5xx or a non-problem is not.
  { name: 'lone % in the query', bytes: () => get('/api/v1/books?author=%'), successAllowed: true },
  { name: '%zz as a query name', bytes: () => get('/api/v1/books?%zz=1') },
  { name: '%00 in a query value', bytes: () => get('/api/v1/books?author=a%00b') },
  { name: 'over-long path parameter (200 digits)', bytes: () => get(`/api/v1/books/${'1'.repeat(200)}`), status: 414 },
  { name: 'over-long path parameter (5,000 letters)', bytes: () => get(`/api/v1/users/${'a'.repeat(5000)}/posts`), status: 414 },
  { name: 'request line over the header limit (20 KB URL)', bytes: () => get(`/api/v1/books?author=${'a'.repeat(20_000)}`), status: 414 },
  { name: 'one header over the limit (20 KB)', bytes: () => get('/api/v1/books', bigHeader), status: 431 },
  { name: '3,000 headers', bytes: () => get('/api/v1/books', manyHeaders), status: 431 },
  { name: 'malformed request line (garbage)', bytes: () => request('GARBAGE\r\n\r\n'), status: 400 },
  { name: 'malformed request line (no version)', bytes: () => request('GET /api/v1/books\r\nHost: localhost\r\n\r\n'), status: 400 },
  { name: 'unknown HTTP version', bytes: () => request('GET /api/v1/books HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n') },
  { name: 'unknown method token', bytes: () => request('FROB /api/v1/books HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n') },
  { name: 'NUL byte in the request line', bytes: () => request('GET /api/v1/books\u0000 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'), status: 400 },
  { name: 'NUL byte in a header value', bytes: () => get('/api/v1/books', 'X-Fuzz: a\u0000b\r\n'), status: 400 },
  { name: 'header line without a colon', bytes: () => get('/api/v1/books', 'NoColonHere\r\n'), status: 400 },
  { name: 'invalid character in a header name', bytes: () => get('/api/v1/books', 'X Bad: 1\r\n'), status: 400 },
  { name: 'Content-Length not a number', bytes: () => request('POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}'), status: 400 },
  { name: 'two different Content-Length values', bytes: () => request('POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}'), status: 400 },
  { name: 'Content-Length with Transfer-Encoding: chunked', bytes: () => request('POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'), status: 400 },
  { name: 'broken chunked encoding', bytes: () => request('POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'), status: 400 },
  { name: 'Expect: foo', bytes: () => get('/api/v1/books', 'Expect: foo\r\n'), status: 417 },
  { name: 'Expect: foo on a POST with a body', bytes: () => request('POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nExpect: foo\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}'), status: 417 },
  { name: 'raw invalid UTF-8 inside a JSON string (login)', bytes: () => post('/api/v1/auth/login', 'Content-Type: application/json\r\n', Buffer.concat([Buffer.from('{"username":"ab'), Buffer.from([0xc3, 0x28]), Buffer.from('","password":"x1"}')])), status: 400 },
  { name: 'JSON body declared latin1', bytes: () => request('POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json; charset=latin1\r\nContent-Length: 33\r\n\r\n{"username":"ab","password":"x1"}'), status: 415 },
  { name: 'multipart/form-data without a boundary', bytes: () => request('POST /api/v1/posts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: multipart/form-data\r\nContent-Length: 5\r\n\r\nhello') },
  { name: 'absolute-form request target', bytes: () => request('GET http://evil.example/api/v1/books HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'), successAllowed: true },
  { name: 'missing Host header', bytes: () => request('GET /api/v1/books HTTP/1.1\r\nConnection: close\r\n\r\n'), status: 400 },
  { name: 'X-Request-ID with latin1 bytes is not reflected raw', bytes: () => get('/api/v1/books/0', 'X-Request-ID: \u00ff\u00fe\r\n') },
  { name: 'body over the limit (1.5 MiB) is answered, not reset', bytes: () => request(`POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${1.5 * 1024 * 1024}\r\n\r\n`, Buffer.alloc(1.5 * 1024 * 1024, 0x20)), status: 413 },
]

for (const rawCase of CASES) {
  test(`raw socket: ${rawCase.name} → ${rawCase.status ?? (rawCase.successAllowed ? 'no 5xx' : 'a 4xx')}, problems with the request id`, async () => {
    const answer = await exchange(rawCase.bytes())
    if ('error' in answer) assert.fail(`${answer.error}; received ${JSON.stringify(answer.raw)}`)
    const { response } = answer
    const where = `\n  sent ${JSON.stringify(rawCase.bytes().subarray(0, 200).toString('latin1'))}\n  got ${JSON.stringify(answer.raw)}`
    if (rawCase.status !== undefined) assert.equal(response.statusCode, rawCase.status, `status ${response.statusCode}, expected ${rawCase.status}${where}`)
    else assert.ok(response.statusCode < 500 && (rawCase.successAllowed || response.statusCode >= 400), `status ${response.statusCode}, expected ${rawCase.successAllowed ? 'below 500' : 'a 4xx'}${where}`)
    const violations = checkResponse(response)
    assert.deepEqual(
      violations.map((v) => `${v.check}: ${v.label}`),
      [],
      where,
    )
  })
}
