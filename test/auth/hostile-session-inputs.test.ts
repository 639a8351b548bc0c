import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { buildTestApp, type TestContext, type TestUser } from '../helper.ts'

// Hostile values in the inputs issue 10 added — the X-CSRF-Token header, the refresh cookie and the
// audit-log filters — get a clear 4xx on both databases, never a 5xx (api-contract §1).
let t: TestContext
let admin: TestUser
let cookie: string
before(async () => {
  t = await buildTestApp()
  admin = await t.makeUser('admin')
  const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: admin.username, password: admin.password, cookie: true } })
  cookie = String(login.headers['set-cookie']).split(';')[0]!
})
after(async () => t.close())

test('X-CSRF-Token: NUL is 422 like every input; overlong, Latin-1 bytes or an escape are 403 csrf_invalid', async () => {
  const nul = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie, 'x-csrf-token': '\u0000' } })
  assert.equal(nul.statusCode, 422)
  for (const csrf of ['x'.repeat(5000), '\u00ff\u00fe', '%00']) {
    const response = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie, 'x-csrf-token': csrf } })
    assert.equal(response.json().code, 'csrf_invalid', csrf.slice(0, 8))
  }
})

test('a hostile refresh cookie (overlong, escapes, non-ASCII) is 401 token_invalid', async () => {
  for (const value of ['a'.repeat(20_000), '%00%ff', '\u00e9']) {
    const response = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: `__Secure-refresh_token=${value}`, 'x-csrf-token': 'x' } })
    assert.equal(response.json().code, 'token_invalid')
  }
})

test('audit-log filters with NUL, invalid UTF-8, overlong or out-of-range values are 422', async () => {
  const queries = ['event=%00', 'event=login_failed%00', 'user_id=99999999999999', 'user_id=-1', 'user_id=%00', 'since=%00', `since=${'a'.repeat(20_000)}`, 'until=2026-13-45T99:99:99Z', 'since=%ff%fe']
  for (const query of queries) {
    const response = await t.inject({ method: 'GET', url: `/api/v1/admin/audit-log?${query}`, headers: admin.auth })
    assert.equal(response.statusCode, 422, query.slice(0, 30))
  }
})
