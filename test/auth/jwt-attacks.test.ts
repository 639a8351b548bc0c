import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { decodeJwt, SignJWT } from 'jose'
import { buildTestApp, type TestContext, type TestUser, testConfig } from '../helper.ts'

let t: TestContext
let user: TestUser
const { jwt } = testConfig()
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

before(async () => {
  t = await buildTestApp()
  user = await t.makeUser('member')
})
after(async () => t.close())

async function expect401(token: string, code: string) {
  const response = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })
  assert.equal(response.statusCode, 401)
  assert.equal(response.json().code, code)
  assert.match(String(response.headers['www-authenticate']), /^Bearer realm="library-api", error="invalid_token"/)
  assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
}

function sign(claims: Record<string, unknown>, options: { secret?: string; iss?: string; aud?: string; exp?: number } = {}) {
  const now = Math.floor(t.clock.now().getTime() / 1000)
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(user.id))
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(options.exp ?? now + 600)
    .setIssuer(options.iss ?? jwt.issuer)
    .setAudience(options.aud ?? jwt.audience)
    .sign(new TextEncoder().encode(options.secret ?? jwt.secret))
}

describe('JWT attacks on the access token', () => {
  const genuine = () => decodeJwt(user.access)

  test('the genuine token works (control)', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.auth })
    assert.equal(response.statusCode, 200)
  })

  test('alg none is refused', async () => {
    await expect401(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...genuine(), roles: ['admin'] })}.`, 'token_invalid')
  })

  test('a token signed with another key is refused', async () => {
    await expect401(await sign({ ...genuine() }, { secret: 'another-secret-another-secret-another-1' }), 'token_invalid')
  })

  test('a tampered payload (roles raised to admin) is refused', async () => {
    const [header, , signature] = user.access.split('.')
    await expect401(`${header}.${b64({ ...genuine(), roles: ['admin'] })}.${signature}`, 'token_invalid')
  })

  test('an expired token is token_expired', async () => {
    t.clock.advance(16 * 60 * 1000)
    try {
      await expect401(user.access, 'token_expired')
    } finally {
      t.clock.advance(-16 * 60 * 1000)
    }
  })

  test('a refresh-typed token is refused', async () => {
    await expect401(await sign({ ...genuine(), type: 'refresh' }), 'token_invalid')
  })

  test('a wrong audience or issuer is refused', async () => {
    const claims = genuine()
    await expect401(await sign({ sid: claims.sid, roles: claims.roles, type: 'access' }, { aud: 'someone-else' }), 'token_invalid')
    await expect401(await sign({ sid: claims.sid, roles: claims.roles, type: 'access' }, { iss: 'https://evil.example' }), 'token_invalid')
  })

  test('a validly signed token for an unknown session is token_revoked', async () => {
    await expect401(await sign({ sid: randomUUID(), roles: ['admin'], type: 'access' }), 'token_revoked')
  })

  test('garbage is token_invalid', async () => {
    await expect401('not.a.jwt', 'token_invalid')
  })

  test('roles in a genuine token do not outrank the stored roles', async () => {
    const claims = genuine()
    const forged = await sign({ sid: claims.sid, roles: ['admin'], type: 'access' })
    const response = await t.inject({ method: 'GET', url: '/api/v1/admin/stats', headers: { authorization: `Bearer ${forged}` } })
    assert.equal(response.statusCode, 403)
  })
})
