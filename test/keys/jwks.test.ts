import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { importJWK, jwtVerify } from 'jose'
import type { KeySet } from '../../src/modules/keys/key-set.ts'
import { buildTestApp, TestClock, type TestContext } from '../helper.ts'
import { headerOf, keysEnv, makeKeySet } from './keys-helpers.ts'

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth', 'created_at', 'retired_at']

describe('GET /.well-known/jwks.json with HS256 (the default)', () => {
  let t: TestContext
  before(async () => (t = await buildTestApp()))
  after(async () => t.close())

  test('is an empty set: the secret is never published', async () => {
    const response = await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), { keys: [] })
    assert.equal(response.headers['cache-control'], 'public, max-age=300')
    assert.match(String(response.headers['content-type']), /^application\/json/)
  })

  test('tokens carry no kid and are HS256', async () => {
    const user = await t.makeUser()
    assert.deepEqual(headerOf(user.access), { alg: 'HS256', typ: 'JWT' })
  })
})

describe('GET /.well-known/jwks.json with EdDSA and RS256 keys', () => {
  let t: TestContext
  let set: KeySet
  before(async () => {
    const clock = new TestClock()
    set = await makeKeySet(clock, 'RS256', 'EdDSA')
    t = await buildTestApp(keysEnv(set), { clock })
  })
  after(async () => t.close())

  test('publishes both public keys, newest first, with public members only', async () => {
    const response = await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['cache-control'], 'public, max-age=300')
    const { keys } = response.json() as { keys: Record<string, string>[] }
    const [rsa, ed] = set.keys
    assert.deepEqual(keys, [
      { kty: 'OKP', crv: 'Ed25519', x: ed!.x, kid: ed!.kid, alg: 'EdDSA', use: 'sig' },
      { kty: 'RSA', n: rsa!.n, e: rsa!.e, kid: rsa!.kid, alg: 'RS256', use: 'sig' },
    ])
    for (const key of keys) for (const member of PRIVATE_MEMBERS) assert.ok(!(member in key), `${member} published`)
    assert.ok(!response.body.includes(ed!.d) && !response.body.includes(rsa!.d))
  })

  test('the newest key signs, with its kid; a verifier holding only the JWK Set checks the token', async () => {
    const user = await t.makeUser()
    const newest = set.keys[1]!
    assert.deepEqual(headerOf(user.access), { alg: 'EdDSA', typ: 'JWT', kid: newest.kid })
    assert.equal(headerOf(user.refresh).kid, newest.kid)
    const { keys } = (await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json() as { keys: ({ kid: string; alg: string } & Record<string, string>)[] }
    const jwk = keys.find((k) => k.kid === headerOf(user.access).kid)!
    const { payload } = await jwtVerify(user.access, await importJWK(jwk, jwk.alg), { algorithms: [jwk.alg], currentDate: t.clock.now() })
    assert.equal(payload.sub, String(user.id))
    const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.auth })
    assert.equal(me.statusCode, 200)
  })

  test('refresh and logout work with EdDSA tokens', async () => {
    const user = await t.makeUser()
    const refreshed = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { authorization: `Bearer ${user.refresh}` } })
    assert.equal(refreshed.statusCode, 200)
    const access = refreshed.json().access_token as string
    assert.equal(headerOf(access).alg, 'EdDSA')
    assert.equal((await t.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${access}` } })).statusCode, 204)
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${access}` } })).statusCode, 401)
  })
})

describe('a retired key in the JWK Set', () => {
  test('is published (and verifies) until its last token can have expired, then neither', async () => {
    const clock = new TestClock()
    const set = await makeKeySet(clock, 'EdDSA', 'EdDSA')
    set.keys[0]!.retired_at = clock.now().toISOString()
    // the window: the longest token lifetime (refresh, 30 days) + the reload interval (30 s)
    const t = await buildTestApp(keysEnv(set), { clock })
    try {
      const kids = async () => ((await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json() as { keys: { kid: string }[] }).keys.map((k) => k.kid)
      assert.deepEqual(await kids(), [set.keys[1]!.kid, set.keys[0]!.kid])
      const user = await t.makeUser()
      assert.equal(headerOf(user.access).kid, set.keys[1]!.kid, 'a retired key never signs')
      clock.advance((2_592_000 + 30) * 1000)
      assert.deepEqual(await kids(), [set.keys[1]!.kid])
    } finally {
      await t.close()
    }
  })
})
