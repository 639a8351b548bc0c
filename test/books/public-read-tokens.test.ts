import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertProblem, buildTestApp, type TestContext, type TestUser } from '../helper.ts'

// Public catalog reads are open to anonymous callers, but a token that is sent is checked in
// full — signature, expiry and revocation — before the response cache is consulted (RFC 6750 §3.1).
let t: TestContext
let member: TestUser
let bookId: number

before(async () => {
  t = await buildTestApp({ CACHE_ENABLED: 'true' })
  member = await t.makeUser('member')
  bookId = (await t.makeBook()).id
})
after(async () => t.close())

const READS = () => [
  `/api/v1/books/${bookId}`,
  '/api/v1/books?page=1',
  `/api/v2/books/${bookId}`,
  '/api/v2/books',
  '/api/v2/books/search?q=book',
  `/api/books/${bookId}`,
  '/api/books',
]

describe('tokens on public catalog reads', () => {
  test('anonymous and a valid token both get 200; the token counts against its user', async () => {
    for (const url of READS()) {
      assert.equal((await t.inject({ method: 'GET', url })).statusCode, 200, url)
      const withToken = await t.inject({ method: 'GET', url, headers: member.auth })
      assert.equal(withToken.statusCode, 200, url)
    }
    const limits = await t.inject({ method: 'GET', url: '/api/v1/rate-limit', headers: member.auth })
    assert.equal(limits.json().key_type, 'user')
  })

  test('a forged or malformed token is 401 token_invalid with WWW-Authenticate, also on a cache HIT', async () => {
    const url = `/api/v1/books/${bookId}`
    const warm = await t.inject({ method: 'GET', url })
    assert.equal(warm.statusCode, 200)
    const [header, payload] = member.access.split('.')
    const forged = await t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${header}.${payload}.AAAA` } })
    assertProblem(forged, 401, 'token_invalid')
    assert.match(String(forged.headers['www-authenticate']), /error="invalid_token"/)
    assertProblem(await t.inject({ method: 'GET', url, headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'token_invalid')
  })

  test('after logout the same token is 401 token_revoked on every public read, cached or not', async () => {
    const reader = await t.makeUser('member')
    for (const url of READS()) assert.equal((await t.inject({ method: 'GET', url, headers: reader.auth })).statusCode, 200, url)
    const logout = await t.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: reader.auth, payload: { refresh_token: reader.refresh } })
    assert.equal(logout.statusCode, 204)
    for (const url of READS()) assertProblem(await t.inject({ method: 'GET', url, headers: reader.auth }), 401, 'token_revoked')
    // The anonymous answer is unchanged.
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/books/${bookId}` })).statusCode, 200)
  })

  test('an expired token is 401 token_expired', async () => {
    const reader = await t.makeUser('member')
    t.clock.advance(16 * 60 * 1000)
    try {
      assertProblem(await t.inject({ method: 'GET', url: `/api/v1/books/${bookId}`, headers: reader.auth }), 401, 'token_expired')
    } finally {
      t.clock.advance(-16 * 60 * 1000)
    }
  })
})
