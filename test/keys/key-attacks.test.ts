import assert from 'node:assert/strict'
import { createPublicKey } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { exportJWK, generateKeyPair } from 'jose'
import type { KeySet } from '../../src/modules/keys/key-set.ts'
import { buildTestApp, TestClock, type TestContext, type TestUser, testConfig } from '../helper.ts'
import { forge, keysEnv, makeKeySet, privateKeyOf } from './keys-helpers.ts'

async function expectInvalid(t: TestContext, token: string) {
  const response = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })
  assert.equal(response.statusCode, 401, response.body)
  assert.equal(response.json().code, 'token_invalid')
  assert.match(String(response.headers['www-authenticate']), /error="invalid_token"/)
}

async function expectAccepted(t: TestContext, token: string) {
  const response = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })
  assert.equal(response.statusCode, 200, response.body)
}

const encoder = new TextEncoder()

describe('attacks on EdDSA/RS256 tokens', () => {
  let t: TestContext
  let set: KeySet
  let user: TestUser
  const clock = new TestClock()
  before(async () => {
    set = await makeKeySet(clock, 'RS256', 'EdDSA')
    t = await buildTestApp(keysEnv(set), { clock })
    user = await t.makeUser('member')
  })
  after(async () => t.close())
  const signer = () => set.keys[1]!
  const rsa = () => set.keys[0]!

  test('a token forged with the genuine key is accepted (control)', async () => {
    await expectAccepted(t, await forge(user.access, { alg: 'EdDSA', kid: signer().kid }, await privateKeyOf(signer())))
    await expectAccepted(t, await forge(user.access, { alg: 'RS256', kid: rsa().kid }, await privateKeyOf(rsa())))
  })

  test('HS256 signed with a published public key (alg confusion) is refused', async () => {
    const jwks = (await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json() as { keys: Record<string, string>[] }
    for (const jwk of jwks.keys) {
      const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string
      const secrets = [encoder.encode(pem), encoder.encode(JSON.stringify(jwk)), Buffer.from(jwk.x ?? jwk.n!, 'base64url')]
      for (const secret of secrets) {
        await expectInvalid(t, await forge(user.access, { alg: 'HS256', kid: jwk.kid }, secret))
        await expectInvalid(t, await forge(user.access, { alg: 'HS256' }, secret))
      }
    }
  })

  test('HS256 signed with the configured JWT_SECRET is refused once keys are configured', async () => {
    await expectInvalid(t, await forge(user.access, { alg: 'HS256' }, encoder.encode(testConfig().jwt.secret)))
  })

  test('an unknown kid, or none, is refused', async () => {
    const { privateKey } = await generateKeyPair('EdDSA')
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA', kid: 'attacker-key' }, privateKey))
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA' }, privateKey))
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA' }, await privateKeyOf(signer())))
  })

  test('a genuine kid on a token signed by another key is refused', async () => {
    const { privateKey } = await generateKeyPair('EdDSA')
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA', kid: signer().kid }, privateKey))
  })

  test('a kid used with an algorithm other than its key’s is refused', async () => {
    const { privateKey } = await generateKeyPair('EdDSA')
    // EdDSA header naming the RS256 key: the attacker's signature must never be checked with a key of another type
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA', kid: rsa().kid }, privateKey))
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA', kid: rsa().kid }, await privateKeyOf(signer())))
  })

  test('jwk, jku, x5u, x5c and crit headers are refused, even on a genuinely signed token', async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA')
    const embedded = await exportJWK(publicKey)
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA', kid: signer().kid, jwk: embedded }, privateKey))
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA', jwk: embedded }, privateKey))
    const genuineKey = await privateKeyOf(signer())
    const kid = signer().kid
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA', kid, jwk: { kty: 'OKP', crv: 'Ed25519', x: signer().x } }, genuineKey))
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA', kid, jku: 'https://evil.example/jwks.json' }, genuineKey))
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA', kid, x5u: 'https://evil.example/cert.pem' }, genuineKey))
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA', kid, x5c: ['MIIB'] }, genuineKey))
  })

  test('alg none is refused', async () => {
    const [, payload] = user.access.split('.')
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid: signer().kid })).toString('base64url')
    await expectInvalid(t, `${header}.${payload}.`)
  })
})

describe('a retired key', () => {
  test('verifies until its last token can have expired, then its tokens are refused', async () => {
    const clock = new TestClock()
    const set = await makeKeySet(clock, 'EdDSA', 'EdDSA')
    set.keys[0]!.retired_at = clock.now().toISOString()
    const t = await buildTestApp(keysEnv(set), { clock })
    try {
      const user = await t.makeUser()
      const far = Math.floor(clock.now().getTime() / 1000) + 10 * 365 * 86_400
      // a token of the retired key that outlives the window (as only a thief of the key could make)
      const token = await forge(user.access, { alg: 'EdDSA', kid: set.keys[0]!.kid }, await privateKeyOf(set.keys[0]!), { exp: far })
      await expectAccepted(t, token)
      clock.advance((2_592_000 + 30) * 1000 - 1000)
      await expectAccepted(t, token)
      clock.advance(1000)
      await expectInvalid(t, token)
    } finally {
      await t.close()
    }
  })
})

describe('foreign-key headers with HS256 (no keys configured)', () => {
  let t: TestContext
  let user: TestUser
  before(async () => {
    t = await buildTestApp()
    user = await t.makeUser()
  })
  after(async () => t.close())

  test('jku, jwk, x5u and crit are refused on an HS256 token signed with the right secret', async () => {
    const secret = encoder.encode(testConfig().jwt.secret)
    await expectAccepted(t, await forge(user.access, { alg: 'HS256' }, secret))
    await expectAccepted(t, await forge(user.access, { alg: 'HS256', kid: 'ignored' }, secret))
    await expectInvalid(t, await forge(user.access, { alg: 'HS256', jku: 'https://evil.example/jwks.json' }, secret))
    await expectInvalid(t, await forge(user.access, { alg: 'HS256', jwk: { kty: 'oct', k: 'AAAA' } }, secret))
    await expectInvalid(t, await forge(user.access, { alg: 'HS256', x5u: 'https://evil.example/cert.pem' }, secret))
  })

  test('an EdDSA token is refused when only HS256 is configured', async () => {
    const { privateKey } = await generateKeyPair('EdDSA')
    await expectInvalid(t, await forge(user.access, { alg: 'EdDSA', kid: 'x' }, privateKey))
  })
})
