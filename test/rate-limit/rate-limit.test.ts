import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, test } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { assertProblem, STRONG_PASSWORD, withApp } from '../helper.ts'


function fields(response: LightMyRequestResponse) {
  return {
    limit: Number(response.headers['ratelimit-limit']),
    remaining: Number(response.headers['ratelimit-remaining']),
    reset: Number(response.headers['ratelimit-reset']),
    policy: String(response.headers['ratelimit-policy']),
  }
}

function assertTooMany(response: LightMyRequestResponse, maxSeconds: number) {
  const body = assertProblem(response, 429, 'rate_limited') as { retry_after?: number }
  const retryAfter = Number(response.headers['retry-after'])
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= maxSeconds, `Retry-After ${response.headers['retry-after']}`)
  assert.equal(body.retry_after, retryAfter)
  assert.equal(fields(response).remaining, 0)
  return retryAfter
}

const books = { method: 'GET', url: '/api/v1/books' } as const

describe('rate limits', () => {
  test('every response carries RateLimit-* counting down, then 429 with Retry-After', () =>
    withApp({ RATE_LIMIT_ANONYMOUS: '3/min' }, async (t) => {
      const seen = []
      for (let i = 0; i < 3; i++) {
        const response = await t.inject(books)
        assert.equal(response.statusCode, 200)
        seen.push(fields(response))
      }
      assert.deepEqual(seen.map((f) => f.remaining), [2, 1, 0])
      for (const f of seen) {
        assert.equal(f.limit, 3)
        assert.equal(f.policy, '3;w=60')
        assert.ok(f.reset >= 1 && f.reset <= 60, `reset ${f.reset}`)
      }
      const refused = await t.inject(books)
      assertTooMany(refused, 60)
      assert.equal(fields(refused).limit, 3)
      assert.equal(fields(refused).policy, '3;w=60')
      // every route is limited: other paths, unknown paths, problems
      assertTooMany(await t.inject({ method: 'GET', url: '/health' }), 60)
      // (app.inject: the OpenAPI check of the helper knows only 404/405 for unknown paths)
      assertTooMany(await t.app.inject({ method: 'GET', url: '/no/such/route' }), 60)
      assertTooMany(await t.inject({ method: 'GET', url: '/api/v1/auth/me' }), 60)
    }))

  test('problems carry the fields too: 404, 401, 422', () =>
    withApp({ RATE_LIMIT_ANONYMOUS: '10/min' }, async (t) => {
      const responses = [
        await t.inject({ method: 'GET', url: '/no/such/route' }),
        await t.inject({ method: 'GET', url: '/api/v1/auth/me' }),
        await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Bearer not.a.token' } }),
        await t.inject({ method: 'GET', url: '/api/v1/books?per_page=500' }),
      ]
      assert.deepEqual(responses.map((r) => r.statusCode), [404, 401, 401, 422])
      assert.deepEqual(responses.map((r) => fields(r).remaining), [9, 8, 7, 6])
      for (const r of responses) assert.equal(fields(r).policy, '10;w=60')
    }))

  test('several windows: the one closest to exhaustion is reported, all are listed, a 429 costs the others nothing', () =>
    withApp({ RATE_LIMIT_ANONYMOUS: '2/min;5/hour' }, async (t) => {
      const first = fields(await t.inject(books))
      assert.deepEqual([first.limit, first.remaining, first.policy], [2, 1, '2;w=60, 5;w=3600'])
      await t.inject(books)
      assertTooMany(await t.inject(books), 60)
      assertTooMany(await t.inject(books), 60)
      const status = await t.inject({ method: 'GET', url: '/api/v1/rate-limit' })
      assert.deepEqual(status.json().policies.map((p: { remaining: number }) => p.remaining), [0, 3])
    }))

  test('the hourly window reports once it is the tighter one', () =>
    withApp({ RATE_LIMIT_ANONYMOUS: '5/min;2/hour' }, async (t) => {
      const first = fields(await t.inject(books))
      assert.deepEqual([first.limit, first.remaining, first.policy], [2, 1, '5;w=60, 2;w=3600'])
      assert.ok(first.reset > 60)
      await t.inject(books)
      const retryAfter = assertTooMany(await t.inject(books), 3600)
      assert.ok(retryAfter > 60, 'the hour window decides when to come back')
    }))

  test('a window starts afresh when it ends', () =>
    withApp({ RATE_LIMIT_ANONYMOUS: '2/sec' }, async (t) => {
      assert.equal((await t.inject(books)).statusCode, 200)
      assert.equal((await t.inject(books)).statusCode, 200)
      assertTooMany(await t.inject(books), 1)
      await sleep(1100)
      const again = await t.inject(books)
      assert.equal(again.statusCode, 200)
      assert.equal(fields(again).remaining, 1)
    }))

  test('each role has its policy, counted per user whatever the address', () =>
    withApp({ RATE_LIMIT_MEMBER: '2/min', RATE_LIMIT_PREMIUM: '3/min', RATE_LIMIT_STAFF: '4/min' }, async (t) => {
      const expected = { member: 2, premium: 3, librarian: 4, admin: 4 } as const
      for (const [role, limit] of Object.entries(expected) as [keyof typeof expected, number][]) {
        const user = await t.makeUser(role)
        for (let i = 0; i < limit; i++) {
          const response = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.auth, remoteAddress: `198.51.100.${i + 1}` })
          assert.equal(response.statusCode, 200, `${role} request ${i + 1}`)
          assert.deepEqual([fields(response).limit, fields(response).remaining], [limit, limit - 1 - i], role)
          assert.equal(fields(response).policy, `${limit};w=60`)
        }
        assertTooMany(await t.inject({ method: 'GET', url: '/api/v1/books', headers: user.auth, remoteAddress: '192.0.2.99' }), 60)
      }
      // another member has a quota of their own; anonymous callers on the same address are not affected
      const other = await t.makeUser('member')
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: other.auth })).statusCode, 200)
      const anonymous = await t.inject(books)
      assert.equal(anonymous.statusCode, 200)
      assert.equal(fields(anonymous).limit, 100_000)
    }))

  test('a token that does not verify counts as the client address (and is 401 even on a public read)', () =>
    withApp({ RATE_LIMIT_ANONYMOUS: '2/min', RATE_LIMIT_MEMBER: '50/min' }, async (t) => {
      const user = await t.makeUser('member')
      const forged = `${user.access.slice(0, -4)}AAAA`
      const response = await t.inject({ ...books, headers: { authorization: `Bearer ${forged}` }, remoteAddress: '192.0.2.10' })
      assertProblem(response, 401, 'token_invalid')
      assert.deepEqual([fields(response).limit, fields(response).remaining], [2, 1])
      await t.inject({ ...books, remoteAddress: '192.0.2.10' })
      assertTooMany(await t.inject({ ...books, headers: { authorization: `Bearer ${forged}` }, remoteAddress: '192.0.2.10' }), 60)
      assert.equal((await t.inject({ ...books, headers: user.auth, remoteAddress: '192.0.2.10' })).statusCode, 200, 'the real token is its user')
    }))

  test('login: per client IP and username (case-insensitive), on top of the caller\'s policy', () =>
    withApp({ RATE_LIMIT_LOGIN: '2/min;3/hour', RATE_LIMIT_ANONYMOUS: '50/min' }, async (t) => {
      const login = (username: string, remoteAddress = '203.0.113.7', password = 'Wrong-passw0rd!') =>
        t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress })
      const first = await login('alice')
      assertProblem(first, 401, 'invalid_credentials')
      assert.equal(fields(first).policy, '50;w=60, 2;w=60, 3;w=3600')
      assert.deepEqual([fields(first).limit, fields(first).remaining], [2, 1])
      assertProblem(await login('Alice'), 401, 'invalid_credentials')
      assertTooMany(await login('ALICE'), 60)
      assertProblem(await login('bob'), 401, 'invalid_credentials')
      assertProblem(await login('alice', '203.0.113.8'), 401, 'invalid_credentials')
      // a locked-out pair stays locked out even with the right password
      const user = await t.makeUser('member')
      assertProblem(await login(user.username, '203.0.113.9'), 401, 'invalid_credentials')
      assertProblem(await login(user.username, '203.0.113.9'), 401, 'invalid_credentials')
      assertTooMany(await login(user.username, '203.0.113.9', STRONG_PASSWORD), 60)
      assert.equal((await login(user.username, '203.0.113.10', STRONG_PASSWORD)).statusCode, 200)
    }))

  test('login attempts count against the caller\'s general policy as well', () =>
    withApp({ RATE_LIMIT_LOGIN: '50/min', RATE_LIMIT_ANONYMOUS: '2/min' }, async (t) => {
      const login = (username: string) => t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'x' }, remoteAddress: '203.0.113.20' })
      assertProblem(await login('a'), 401, 'invalid_credentials')
      const second = await login('b')
      assertProblem(second, 401, 'invalid_credentials')
      assert.deepEqual([fields(second).limit, fields(second).remaining], [2, 0], 'the general window is the closer one')
      assertTooMany(await login('c'), 60)
    }))

  test('register: per client IP', () =>
    withApp({ RATE_LIMIT_REGISTER: '2/hour' }, async (t) => {
      let n = 0
      const register = (remoteAddress: string) =>
        t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { username: `reg_${Date.now().toString(36)}_${n}`, email: `reg${n++}_${Date.now()}@example.org`, password: STRONG_PASSWORD }, remoteAddress })
      const first = await register('198.51.100.20')
      assert.equal(first.statusCode, 201, first.body)
      assert.equal(fields(first).policy, '100000;w=60, 2;w=3600')
      assert.deepEqual([fields(first).limit, fields(first).remaining], [2, 1])
      assert.equal((await register('198.51.100.20')).statusCode, 201)
      assertTooMany(await register('198.51.100.20'), 3600)
      assert.equal((await register('198.51.100.21')).statusCode, 201)
    }))

  test('X-Forwarded-For is believed from trusted proxies only', () =>
    withApp({ RATE_LIMIT_ANONYMOUS: '2/min', TRUST_PROXY: '10.0.0.1' }, async (t) => {
      // an untrusted peer cannot pick a new identity per request
      for (let i = 0; i < 2; i++) {
        assert.equal((await t.inject({ ...books, remoteAddress: '198.51.100.7', headers: { 'x-forwarded-for': `203.0.113.${i}` } })).statusCode, 200)
      }
      assertTooMany(await t.inject({ ...books, remoteAddress: '198.51.100.7', headers: { 'x-forwarded-for': '203.0.113.99' } }), 60)
      // through the trusted proxy, the forwarded client is the key
      const viaProxy = (client: string) => t.inject({ ...books, remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': client } })
      assert.equal((await viaProxy('203.0.113.50')).statusCode, 200)
      assert.equal((await viaProxy('203.0.113.50')).statusCode, 200)
      assertTooMany(await viaProxy('203.0.113.50'), 60)
      assert.equal((await viaProxy('203.0.113.51')).statusCode, 200)
      assert.equal((await viaProxy('198.51.100.7, 203.0.113.52')).statusCode, 200, 'the right-most untrusted address counts')
    }))

  test('IPv6 clients are counted by /64', () =>
    withApp({ RATE_LIMIT_ANONYMOUS: '2/min' }, async (t) => {
      assert.equal((await t.inject({ ...books, remoteAddress: '2001:db8:1:2::1' })).statusCode, 200)
      assert.equal((await t.inject({ ...books, remoteAddress: '2001:db8:1:2::ffff' })).statusCode, 200)
      assertTooMany(await t.inject({ ...books, remoteAddress: '2001:db8:1:2:aaaa::3' }), 60)
      assert.equal((await t.inject({ ...books, remoteAddress: '2001:db8:1:3::1' })).statusCode, 200)
    }))

  test('GET /api/v1/rate-limit tells the caller its windows without counting', () =>
    withApp({ RATE_LIMIT_ANONYMOUS: '3/min;10/day', RATE_LIMIT_MEMBER: '4/min' }, async (t) => {
      const read = (headers: Record<string, string> = {}) => t.inject({ method: 'GET', url: '/api/v1/rate-limit', headers, remoteAddress: '192.0.2.30' })
      for (let i = 0; i < 5; i++) {
        const response = await read()
        assert.equal(response.statusCode, 200)
        assert.equal(response.headers['cache-control'], 'private, no-store')
        assert.deepEqual(response.json(), {
          key_type: 'ip',
          policies: [
            { name: 'anonymous', limit: 3, window_seconds: 60, remaining: 3, reset_seconds: 60 },
            { name: 'anonymous', limit: 10, window_seconds: 86400, remaining: 10, reset_seconds: 86400 },
          ],
        })
        assert.deepEqual([fields(response).limit, fields(response).remaining, fields(response).policy], [3, 3, '3;w=60, 10;w=86400'])
      }
      for (let i = 0; i < 4; i++) await t.inject({ ...books, remoteAddress: '192.0.2.30' })
      const spent = await read()
      assert.equal(spent.statusCode, 200, 'never refused: the caller learns when to come back')
      const [minute, day] = spent.json().policies
      assert.equal(minute.remaining, 0)
      assert.ok(minute.reset_seconds >= 1 && minute.reset_seconds <= 60)
      assert.equal(day.remaining, 7, '3 counted, the refused 4th given back')
      assert.equal(fields(spent).remaining, 0)

      const user = await t.makeUser('member')
      const mine = await read(user.auth)
      assert.equal(mine.json().key_type, 'user')
      assert.deepEqual(mine.json().policies, [{ name: 'member', limit: 4, window_seconds: 60, remaining: 4, reset_seconds: 60 }])
      assertProblem(await read({ authorization: 'Bearer not.a.token' }), 401, 'token_invalid')
    }))

  test('the OpenAPI document describes the fields and a 429 on every operation', () =>
    withApp({}, async (t) => {
      const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
      assert.match(doc.info.description, /RateLimit-Policy/)
      assert.match(doc.info.description, /Retry-After/)
      let operations = 0
      for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { operationId: string; responses: Record<string, { headers?: Record<string, unknown> }> }>>)) {
        for (const [method, op] of Object.entries(item)) {
          operations++
          if (op.operationId === 'getRateLimit') {
            assert.equal(op.responses['429'], undefined, 'never 429')
            continue
          }
          const tooMany = op.responses['429']
          assert.ok(tooMany, `${method} ${path} documents 429`)
          for (const name of ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy']) {
            assert.ok(tooMany.headers?.[name], `${method} ${path} 429 documents ${name}`)
          }
          if (path.startsWith('/api/v1/auth/')) assert.ok(op.responses['503']?.headers?.['Retry-After'], `${method} ${path} documents the 503 Retry-After`)
        }
      }
      assert.ok(operations > 20)
    }))
})
