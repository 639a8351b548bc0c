import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { addKey, generateKey, readKeySetFile, retireKey, writeKeySetFile } from '../../src/modules/keys/key-set.ts'
import { buildTestApp, TestClock, type TestContext } from '../helper.ts'
import { headerOf } from './keys-helpers.ts'

// Two instances on one database reading one key file (a shared volume): a rotation logs nobody
// out, and each instance finds the other's new key by re-reading the file when a token names it.

const dir = mkdtempSync(join(tmpdir(), 'library-keys-'))
const file = join(dir, 'jwks.json')
const clock = new TestClock()
let a: TestContext
let b: TestContext | undefined

const me = (t: TestContext, token: string) => t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })
const jwksKids = async (t: TestContext) => ((await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json() as { keys: { kid: string }[] }).keys.map((k) => k.kid)

describe('key rotation across two instances sharing a database and a key file', () => {
  before(async () => {
    await writeKeySetFile(file, { keys: [await generateKey('EdDSA', clock.now())] })
    a = await buildTestApp({ JWT_KEYS_FILE: file }, { clock })
  })
  after(async () => {
    await b?.close()
    await a.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('instance A signs with key 1, instance B after the rotation with key 2; each accepts the other’s tokens; refresh works across', async () => {
    const [key1] = (await readKeySetFile(file)).keys
    const alice = await a.makeUser('member')
    assert.equal(headerOf(alice.access).kid, key1!.kid)

    clock.advance(60_000)
    const key2 = await generateKey('EdDSA', clock.now())
    await writeKeySetFile(file, addKey(await readKeySetFile(file), key2))
    b = await buildTestApp({ JWT_KEYS_FILE: file, REDIS_KEY_PREFIX: a.app.config.redisKeyPrefix }, { clock: a.clock, database: a.database })

    // B: A's tokens (key 1) still work — nobody is logged out
    assert.equal((await me(b, alice.access)).statusCode, 200)
    const refreshed = await b.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { authorization: `Bearer ${alice.refresh}` } })
    assert.equal(refreshed.statusCode, 200, refreshed.body)
    const { access_token, refresh_token } = refreshed.json() as { access_token: string; refresh_token: string }
    assert.equal(headerOf(access_token).kid, key2.kid, 'the newest key signs')

    // A has not looked at the file yet: the unknown kid makes it re-read it, and accept
    assert.equal((await me(a, access_token)).statusCode, 200)
    const again = await a.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { authorization: `Bearer ${refresh_token}` } })
    assert.equal(again.statusCode, 200, again.body)
    assert.equal(headerOf(again.json().access_token).kid, key2.kid, 'A now signs with key 2 too')
    assert.deepEqual(await jwksKids(a), [key2.kid, key1!.kid])
    assert.deepEqual(await jwksKids(b), [key2.kid, key1!.kid])
  })

  test('a key file that turns invalid leaves the keys in use as they were', async () => {
    const before = await readKeySetFile(file)
    const user = await a.makeUser('member')
    writeFileSync(file, '{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}')
    try {
      // a kid no instance knows makes A look at the (now broken) file
      const [header, payload, signature] = user.access.split('.')
      const unknownKid = Buffer.from(JSON.stringify({ ...headerOf(user.access), kid: 'not-a-key' })).toString('base64url')
      assert.equal((await me(a, `${unknownKid}.${payload}.${signature}`)).statusCode, 401)
      assert.equal((await me(a, `${header}.${payload}.${signature}`)).statusCode, 200)
      assert.equal((await a.makeUser('member')).access.length > 0, true)
    } finally {
      await writeKeySetFile(file, before)
    }
  })

  test('a retired key stops signing at once and still verifies its tokens', async () => {
    const user = await a.makeUser('member')
    const oldKid = headerOf(user.access).kid!
    clock.advance(60_000)
    const key3 = await generateKey('RS256', clock.now())
    await writeKeySetFile(file, retireKey(addKey(await readKeySetFile(file), key3), oldKid, clock.now()))
    const c = await buildTestApp({ JWT_KEYS_FILE: file }, { clock: a.clock, database: a.database })
    try {
      assert.equal((await me(c, user.access)).statusCode, 200)
      const fresh = await c.makeUser('member')
      assert.deepEqual(headerOf(fresh.access), { alg: 'RS256', typ: 'JWT', kid: key3.kid })
      const seen = await me(a, fresh.access)
      assert.equal(seen.statusCode, 200, seen.body)
      clock.advance((2_592_000 + 31) * 1000)
      assert.ok(!(await jwksKids(c)).includes(oldKid), 'past its window the retired key is not published')
    } finally {
      await c.close()
    }
  })
})
