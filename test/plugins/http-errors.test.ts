import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { AddressInfo } from 'node:net'
import { SECURITY_HEADERS } from '../../src/plugins/security.ts'
import { buildTestApp, type TestContext } from '../helper.ts'
import { exchange, parseResponse, type RawResponse } from './raw-http.ts'

let t: TestContext
let port: number
before(async () => {
  t = await buildTestApp()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  port = (t.app.server.address() as AddressInfo).port
})
after(async () => t.close())

/** Sends raw bytes and returns the one answer, asserting it arrived whole and the socket then closed. */
async function ask(chunks: (string | Buffer)[]): Promise<RawResponse> {
  const { text, error } = await exchange(port, chunks)
  const parsed = parseResponse(text)
  assert.ok(parsed, `no complete response (error ${error}): ${JSON.stringify(text.slice(0, 300))}`)
  return parsed.response
}

/** The answer is a problem with `code`, its request id in the header, the security headers, no path, no internal name. */
function assertProblem(response: RawResponse, status: number, code: string, notReflected: string[] = []) {
  assert.equal(response.status, status, response.body)
  assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  const body = JSON.parse(response.body) as Record<string, unknown>
  assert.equal(body.code, code)
  assert.equal(body.status, status)
  assert.equal(body.type, `/docs/problems#${code.replaceAll('_', '-')}`)
  assert.match(String(body.request_id), /^[0-9a-f-]{36}$/)
  assert.equal(response.headers['x-request-id'], body.request_id)
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(response.headers[name], value, name)
  assert.equal(response.headers['cache-control'], 'no-store')
  assert.doesNotMatch(response.body, /FST_|HPE_|ERR_/)
  for (const text of notReflected) assert.ok(!response.body.includes(text), `the body reflects ${text}`)
}

describe('answers given before a route runs are problems', () => {
  test('a bad percent-encoding in the path is 400 bad_request', async () => {
    const response = await ask(['GET /api/v1/books/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'])
    assertProblem(response, 400, 'bad_request', ['%E0', '/api/v1/books'])
  })

  test('a path parameter over the length limit is 414 uri_too_long, the path not echoed', async () => {
    const long = 'a'.repeat(300)
    const response = await ask([`GET /api/v1/books/${long} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`])
    assertProblem(response, 414, 'uri_too_long', [long.slice(0, 100), '/api/v1/books'])
  })

  test('headers over the limit are 431 headers_too_large', async () => {
    const response = await ask([`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`])
    assertProblem(response, 431, 'headers_too_large', ['bbbb'])
    assert.equal(response.headers.connection, 'close')
  })

  test('a request line over the limit is 414 uri_too_long', async () => {
    const response = await ask([`GET /api/v1/books?q=${'q'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`])
    assertProblem(response, 414, 'uri_too_long', ['qqqq'])
  })

  test('a malformed request line is 400 bad_request', async () => {
    for (const line of ['GARBAGE\r\n\r\n', 'GET /health HTTP/9.9\r\nHost: x\r\n\r\n', 'GET /health HTTP/1.1\r\nBad Header\r\n\r\n', 'POST /api/v1/books HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n']) {
      const response = await ask([line])
      assertProblem(response, 400, 'bad_request', ['GARBAGE', 'Bad Header'])
      assert.equal(response.headers.connection, 'close')
    }
  })

  test('an Expect other than 100-continue is 417 expectation_failed', async () => {
    const response = await ask(['GET /health HTTP/1.1\r\nHost: x\r\nExpect: foo\r\nConnection: close\r\n\r\n'])
    assertProblem(response, 417, 'expectation_failed', ['foo'])
  })

  test('an HTTP/1.1 request without Host is 400 bad_request as a problem; HTTP/1.0 needs none', async () => {
    const response = await ask(['GET /health HTTP/1.1\r\nConnection: close\r\n\r\n'])
    assert.equal(response.status, 400, response.body)
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
    const body = JSON.parse(response.body) as Record<string, unknown>
    assert.equal(body.code, 'bad_request')
    assert.match(String(body.detail), /Host/)
    assert.equal(response.headers['x-request-id'], body.request_id)
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(response.headers[name], value, name)
    const old = await ask(['GET /health HTTP/1.0\r\n\r\n'])
    assert.equal(old.status, 200, old.body)
  })

  test('Expect: 100-continue still works', async () => {
    const { text } = await exchange(port, ['GET /health HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n'])
    assert.match(text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /)
  })
})
