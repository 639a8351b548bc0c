import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { decodeJwt, SignJWT } from 'jose'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp, type TestContext, type TestUser, testConfig } from '../helper.ts'

// Issue 8 item 4: a token with the right signature but claims of the wrong type or range is
// 401 token_invalid — never a 500 from a database that cannot take the value — on every route
// that reads a token.
let t: TestContext
let user: TestUser
let bookId: number
const { jwt } = testConfig()

before(async () => {
  t = await buildTestApp()
  user = await t.makeUser('member')
  bookId = (await t.makeBook()).id
})
after(async () => t.close())

/** Signs any payload with the test secret, as the service would (the payload is taken as is). */
function sign(payload: Record<string, unknown>): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(jwt.secret))
}

// as long as a token in the `{refresh_token}` body may be (4096 characters) leaves room for
const huge = 'x'.repeat(2500)
/** Claim values of the wrong JSON type, NUL inside, out of range, or huge. */
const BAD_IDS: unknown[] = [{}, { id: 1 }, [], ['a'], true, false, null, 1, 1.5, 'a\u0000b', '\u0000', '', huge, 'A'.repeat(36)]
const BAD_SUBS: unknown[] = [
  {}, [], true, null, 7, 7.5, '', '0', '-1', '1.5', '07', '+7', ' 7', '7 ', '1e3', '7\u0000', '2147483648', '9007199254740992', '99999999999', huge,
]
const BAD_TIMES: unknown[] = ['1', 1.5, -1, 2 ** 53, true, [], {}]

/** Every payload derived from a genuine one by corrupting one claim (each labelled for failures). */
function corruptions(genuine: Record<string, unknown>, type: 'access' | 'refresh'): [string, Record<string, unknown>][] {
  const cases: [string, Record<string, unknown>][] = []
  const put = (claim: string, value: unknown) => cases.push([`${claim}=${JSON.stringify(value)?.slice(0, 40)}`, { ...genuine, [claim]: value }])
  for (const value of BAD_SUBS) put('sub', value)
  for (const value of BAD_IDS) put('sid', value)
  for (const value of BAD_IDS) put('jti', value)
  for (const value of [type === 'access' ? 'refresh' : 'access', 'ACCESS', ['access'], {}, 1, null, 'access\u0000']) put('type', value)
  for (const value of BAD_TIMES) put('iat', value)
  put('exp', Number(genuine.exp) + 0.5)
  put('extra', 'member')
  if (type === 'access') {
    for (const value of ['admin', ['root'], [{}], [1], ['admin', 'admin'], ['member\u0000'], null, {}]) put('roles', value)
  } else {
    put('roles', ['member'])
  }
  return cases
}

function assertTokenInvalid(response: LightMyRequestResponse, label: string) {
  assert.equal(response.statusCode, 401, `${label}: ${response.body}`)
  assert.equal(response.json().code, 'token_invalid', label)
  assert.match(String(response.headers['www-authenticate']), /^Bearer realm="library-api", error="invalid_token"/, label)
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/, label)
}

describe('access tokens with claims of the wrong type or range', () => {
  const routes = () => [
    { name: 'a protected route', method: 'GET' as const, url: '/api/v1/auth/me' },
    { name: 'a public catalog read (optional auth)', method: 'GET' as const, url: `/api/v1/books/${bookId}` },
    { name: 'a public v2 list (optional auth)', method: 'GET' as const, url: '/api/v2/books' },
    { name: 'logout', method: 'POST' as const, url: '/api/v1/auth/logout' },
  ]

  test('the genuine claims re-signed work (control: the rejections below are about the corrupted claim)', async () => {
    const token = await sign(decodeJwt(user.access))
    for (const route of routes().filter((r) => r.method === 'GET')) {
      const response = await t.inject({ method: route.method, url: route.url, headers: { authorization: `Bearer ${token}` } })
      assert.equal(response.statusCode, 200, route.name)
    }
    // Well-formed but unknown session and token ids reach the session lookup: revoked, not invalid.
    const unknown = await sign({ ...decodeJwt(user.access), sid: randomUUID(), jti: randomUUID() })
    const response = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${unknown}` } })
    assert.equal(response.json().code, 'token_revoked')
  })

  test('every corrupted claim is 401 token_invalid on protected, optional-auth and logout routes', async () => {
    const cases = corruptions(decodeJwt(user.access), 'access')
    assert.ok(cases.length > 60)
    for (const [label, payload] of cases) {
      const token = await sign(payload)
      for (const route of routes()) {
        const response = await t.inject({ method: route.method, url: route.url, headers: { authorization: `Bearer ${token}` } })
        assertTokenInvalid(response, `${route.name}, ${label}`)
      }
    }
    // The user's own session survived every forged logout.
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.auth })).statusCode, 200)
  })
})

describe('refresh tokens with claims of the wrong type or range', () => {
  test('control: a well-formed refresh token of an unknown jti reaches the lookup (token_revoked)', async () => {
    const token = await sign({ ...decodeJwt(user.refresh), jti: randomUUID() })
    const response = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: token } })
    assert.equal(response.json().code, 'token_revoked')
  })

  test('every corrupted claim is 401 token_invalid, by header and by body', async () => {
    const cases = corruptions(decodeJwt(user.refresh), 'refresh')
    for (const [label, payload] of cases) {
      const token = await sign(payload)
      const byHeader = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { authorization: `Bearer ${token}` } })
      assertTokenInvalid(byHeader, `header, ${label}`)
      const byBody = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: token } })
      assertTokenInvalid(byBody, `body, ${label}`)
    }
    // The genuine refresh token was never spent by any of them.
    const response = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: user.refresh } })
    assert.equal(response.statusCode, 200, response.body)
  })
})
