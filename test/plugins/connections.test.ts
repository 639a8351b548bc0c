import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, type TestContext } from '../helper.ts'
import { exchange, open, parseResponse } from './raw-http.ts'

let t: TestContext
let port: number
before(async () => {
  t = await buildTestApp({ HEADERS_TIMEOUT: '300', BODY_TIMEOUT: '700', KEEP_ALIVE_TIMEOUT: '300' })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  port = (t.app.server.address() as AddressInfo).port
})
after(async () => t.close())

const bytes = (text: string) => [...text]

describe('slow clients are cut off', () => {
  test('headers sent a byte at a time get 408 request_timeout and the connection closes', async () => {
    const started = Date.now()
    const { text, closed, error } = await exchange(port, bytes('GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ' + 'z'.repeat(200)), { delayMs: 20, timeoutMs: 4000 })
    assert.ok(closed, 'the server never closed the connection')
    assert.equal(error, undefined)
    const parsed = parseResponse(text)
    assert.ok(parsed, text)
    assert.equal(parsed.response.status, 408)
    assert.equal(JSON.parse(parsed.response.body).code, 'request_timeout')
    assert.equal(parsed.response.headers['x-request-id'], JSON.parse(parsed.response.body).request_id)
    assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`)
  })

  test('a connection that sends nothing is closed', async () => {
    const { closed, elapsedMs } = await exchange(port, [], { timeoutMs: 4000 })
    assert.ok(closed)
    assert.ok(elapsedMs < 2500, `took ${elapsedMs} ms`)
  })

  test('a body sent slowly gets 408 request_timeout once the whole request is overdue', async () => {
    const head = 'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n'
    const { text, closed } = await exchange(port, [head, ...bytes('{"username":"slow","password":"' + 'p'.repeat(150))], { delayMs: 20, timeoutMs: 4000 })
    assert.ok(closed)
    const parsed = parseResponse(text)
    assert.ok(parsed, text)
    assert.equal(parsed.response.status, 408)
    assert.equal(parsed.response.headers['content-type'], 'application/problem+json; charset=utf-8')
    assert.equal(JSON.parse(parsed.response.body).code, 'request_timeout')
  })

  test('an idle keep-alive connection is closed after KEEP_ALIVE_TIMEOUT', async () => {
    const socket = await open(port)
    let text = ''
    socket.on('data', (d) => (text += d))
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())))
    socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n')
    for (let i = 0; i < 100 && !parseResponse(text); i++) await new Promise((r) => setTimeout(r, 10))
    const answered = Date.now()
    assert.equal(parseResponse(text)?.response.status, 200)
    const closedAt = await closed
    assert.ok(closedAt - answered < 2000, `closed after ${closedAt - answered} ms`)
  })
})

describe('a body over the limit is answered, not reset', () => {
  const big = Buffer.alloc(1.5 * 1024 * 1024, 'a')

  test('a 1.5 MiB body with Content-Length reads the whole 413 problem, every time', { timeout: 20_000 }, async () => {
    for (let i = 0; i < 5; i++) {
      const head = `POST /api/v1/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\nConnection: keep-alive\r\n\r\n`
      const socket = await open(port)
      let text = ''
      let error: string | undefined
      socket.on('data', (d) => (text += d.toString('latin1')))
      socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code))
      socket.write(head)
      for (let offset = 0; offset < big.length; offset += 64 * 1024) socket.write(big.subarray(offset, offset + 64 * 1024))
      for (let j = 0; j < 300 && !parseResponse(text) && !error; j++) await new Promise((r) => setTimeout(r, 10))
      const parsed = parseResponse(text)
      assert.equal(error, undefined, `round ${i}: ${error}`)
      assert.ok(parsed, `round ${i}: ${text.slice(0, 200)}`)
      assert.equal(parsed.response.status, 413)
      const body = JSON.parse(parsed.response.body)
      assert.equal(body.code, 'payload_too_large')
      assert.equal(parsed.response.headers['x-request-id'], body.request_id)
      // the rest of the body is discarded, and the connection still serves the next request
      const closed = new Promise((resolve) => socket.on('close', resolve))
      if (!socket.destroyed) socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 3000))])
      assert.equal(error, undefined, `round ${i}: ${error}`)
      assert.equal(parseResponse(parseResponse(text)!.rest)?.response.status, 200)
    }
  })

  test('a chunked body over the limit reads the 413 problem', async () => {
    const chunk = (data: Buffer) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')])
    const head = 'POST /api/v1/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
    const parts = [head, ...Array.from({ length: 24 }, (_, i) => chunk(big.subarray(i * 65536, (i + 1) * 65536))), '0\r\n\r\n', 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n']
    const { text, error } = await exchange(port, parts)
    assert.equal(error, undefined)
    const parsed = parseResponse(text)
    assert.ok(parsed, text.slice(0, 200))
    assert.equal(parsed.response.status, 413)
    assert.equal(JSON.parse(parsed.response.body).code, 'payload_too_large')
  })
})
