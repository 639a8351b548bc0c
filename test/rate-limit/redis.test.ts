import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, test } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { Redis } from 'ioredis'
import { assertProblem, buildTestApp, TEST_REDIS_URL, type TestContext } from '../helper.ts'

// These run in both passes of `npm test`: they bring their own Redis (the shared test server on
// TEST_REDIS_URL, an unreachable address, or a redis-server of their own).

const books = { method: 'GET', url: '/api/v1/books' } as const
const badLogin = { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'Wrong-passw0rd!' } } as const

/** A stream that keeps the app's JSON log lines. */
function logSink() {
  const lines: { level: number; msg: string }[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line))
      done()
    },
  })
  return { stream, lines, count: (pattern: RegExp) => lines.filter((l) => pattern.test(l.msg)).length }
}

function remaining(response: LightMyRequestResponse): number {
  return Number(response.headers['ratelimit-remaining'])
}

/** No 5xx except the fail-closed 503 of /auth/*, which carries Retry-After. */
function assertNoServerError(response: LightMyRequestResponse, url: string) {
  if (response.statusCode === 503 && url.startsWith('/api/v1/auth/')) {
    assertProblem(response, 503, 'unavailable')
    assert.ok(Number(response.headers['retry-after']) >= 1)
    return
  }
  assert.ok(response.statusCode < 500, `${url}: ${response.statusCode} ${response.body}`)
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Starts a throw-away redis-server (no persistence) and waits until it answers. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' })
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {}) // refused until the server listens
  try {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`)
      try {
        await client.connect()
        if ((await client.ping()) === 'PONG') return child
      } catch {
        client.disconnect()
      }
    }
    throw new Error('redis-server did not answer within 10 s')
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  } finally {
    client.disconnect()
  }
}

async function stopRedis(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  await exited
}

/** Repeats `attempt` until it returns true, for at most `ms`. */
async function eventually(ms: number, attempt: () => Promise<boolean>): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) {
    if (await attempt()) return true
  }
  return false
}

describe('rate limits on Redis', () => {
  test('two instances sharing one Redis share the counts', { timeout: 30_000 }, async () => {
    const shared = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `test:rl-shared:${randomBytes(4).toString('hex')}:`, RATE_LIMIT_ANONYMOUS: '3/min', RATE_LIMIT_MEMBER: '2/min' }
    let a: TestContext | undefined
    let b: TestContext | undefined
    try {
      a = await buildTestApp(shared)
      b = await buildTestApp(shared)
      assert.equal(remaining(await a.inject({ ...books, remoteAddress: '192.0.2.1' })), 2)
      assert.equal(remaining(await b.inject({ ...books, remoteAddress: '192.0.2.1' })), 1)
      assert.equal(remaining(await a.inject({ ...books, remoteAddress: '192.0.2.1' })), 0)
      assertProblem(await b.inject({ ...books, remoteAddress: '192.0.2.1' }), 429, 'rate_limited')
      assertProblem(await a.inject({ ...books, remoteAddress: '192.0.2.1' }), 429, 'rate_limited')
      assert.equal((await b.inject({ ...books, remoteAddress: '192.0.2.2' })).statusCode, 200, 'another address has its own count')
      const seen = (await b.inject({ method: 'GET', url: '/api/v1/rate-limit', remoteAddress: '192.0.2.1' })).json()
      assert.equal(seen.policies[0].remaining, 0)

      // the counters are Redis keys under this deployment's prefix
      const redis = new Redis(TEST_REDIS_URL, { keyPrefix: shared.REDIS_KEY_PREFIX })
      try {
        assert.equal(await redis.get('rl:anonymous:60:192.0.2.1'), '5')
      } finally {
        redis.disconnect()
      }
    } finally {
      await a?.close()
      await b?.close()
    }
  })

  test('Redis unreachable from the start: reads count in memory, /auth/* answers 503', { timeout: 30_000 }, async () => {
    const logs = logSink()
    const t = await buildTestApp({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_ANONYMOUS: '3/min', RATE_LIMIT_RETRY_AFTER: '7' }, { logStream: logs.stream })
    try {
      const responses = []
      for (let i = 0; i < 3; i++) responses.push(await t.inject(books))
      assert.deepEqual(responses.map((r) => [r.statusCode, remaining(r)]), [[200, 2], [200, 1], [200, 0]], 'fail open, still limited')
      assertProblem(await t.inject(books), 429, 'rate_limited')
      assert.equal((await t.inject({ ...books, remoteAddress: '192.0.2.40' })).statusCode, 200)
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/rate-limit' })).statusCode, 200)

      for (const request of [badLogin, { method: 'POST', url: '/api/v1/auth/register', payload: {} }, { method: 'GET', url: '/api/v1/auth/me' }] as const) {
        const response = await t.inject({ ...request, remoteAddress: '192.0.2.41' })
        const body = assertProblem(response, 503, 'unavailable') as { retry_after?: number }
        assert.equal(response.headers['retry-after'], '7')
        assert.equal(body.retry_after, 7)
        assert.ok(response.headers['ratelimit-policy'], 'the fields are still there')
      }
      for (const url of ['/health', '/api/v1/posts', '/no/such/route', '/api/v1/auth/login']) {
        assertNoServerError(await t.app.inject({ method: 'GET', url, remoteAddress: '192.0.2.42' }), url)
      }
      assert.equal(logs.count(/rate limits: Redis unreachable/), 1, 'logged once, not per request')
    } finally {
      await t.close()
    }
  })

  test('RATE_LIMIT_REDIS_DOWN_AUTH=open lets /auth/* count in memory too', { timeout: 30_000 }, async () => {
    const t = await buildTestApp({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_REDIS_DOWN_AUTH: 'open', RATE_LIMIT_LOGIN: '1/min' })
    try {
      assertProblem(await t.inject(badLogin), 401, 'invalid_credentials')
      assertProblem(await t.inject(badLogin), 429, 'rate_limited')
    } finally {
      await t.close()
    }
  })

  test('Redis going away mid-run: fail open for reads, closed for /auth/*, back by itself', { timeout: 60_000 }, async () => {
    const port = await freePort()
    let server: ChildProcess | undefined
    let t: TestContext | undefined
    const logs = logSink()
    try {
      server = await startRedis(port)
      t = await buildTestApp({ REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_ANONYMOUS: '10/min', RATE_LIMIT_LOGIN: '100/min' }, { logStream: logs.stream })
      const app = t
      for (let i = 0; i < 4; i++) assert.equal((await app.inject({ ...books, remoteAddress: '192.0.2.50' })).statusCode, 200)
      assertProblem(await app.inject({ ...badLogin, remoteAddress: '192.0.2.51' }), 401, 'invalid_credentials')
      assert.equal(remaining(await app.inject({ method: 'GET', url: '/api/v1/rate-limit', remoteAddress: '192.0.2.50' })), 6, 'counted in Redis')

      await stopRedis(server)
      const down = await app.inject({ ...books, remoteAddress: '192.0.2.50' })
      assert.equal(down.statusCode, 200, 'reads fail open')
      assert.equal(remaining(down), 9, 'counted afresh in this instance\'s memory')
      const closed = await app.inject({ ...badLogin, remoteAddress: '192.0.2.51' })
      assertProblem(closed, 503, 'unavailable')
      assert.equal(closed.headers['retry-after'], '5')
      for (const url of ['/api/v1/books', '/api/v1/rate-limit', '/health', '/api/v1/auth/me']) assertNoServerError(await app.inject({ method: 'GET', url }), url)

      server = await startRedis(port)
      const recovered = await eventually(15_000, async () => (await app.inject({ ...badLogin, remoteAddress: '192.0.2.51' })).statusCode === 401)
      assert.ok(recovered, '/auth/login answers again once Redis is back')
      const back = await app.inject({ ...books, remoteAddress: '192.0.2.50' })
      assert.equal(back.statusCode, 200)
      assert.equal(remaining(back), 9, 'counting in the (restarted, empty) Redis again')
      assert.equal(logs.count(/rate limits: Redis unreachable/), 1)
      assert.equal(logs.count(/rate limits: Redis reachable again/), 1)
    } finally {
      await t?.close()
      await stopRedis(server)
    }
  })
})
