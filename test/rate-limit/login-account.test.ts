import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { findAccountIdByLogin } from '../../src/modules/users/users.service.ts'
import { assertProblem, buildTestApp, STRONG_PASSWORD, type TestContext } from '../helper.ts'

// Issue 8 item 7: the login limiter counts one budget per account — by username or email, in any
// case — and per lower-cased name when no account matches; always with the client IP.

async function withApp(fn: (t: TestContext) => Promise<void>): Promise<void> {
  const t = await buildTestApp({ RATE_LIMIT_LOGIN: '5/min', RATE_LIMIT_ANONYMOUS: '1000/min' })
  try {
    await fn(t)
  } finally {
    await t.close()
  }
}

const IP = '198.51.100.7'
const WRONG = 'Wrong-passw0rd!'

function login(t: TestContext, username: unknown, password = WRONG, remoteAddress = IP): Promise<LightMyRequestResponse> {
  return t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress })
}

function assertTooMany(response: LightMyRequestResponse) {
  assertProblem(response, 429, 'rate_limited')
  assert.ok(Number(response.headers['retry-after']) >= 1)
}

describe('login limiter keyed on the account', () => {
  test('5 failures by username, then the email in another case is the same budget (429, even with the right password)', () =>
    withApp(async (t) => {
      const user = await t.makeUser('member')
      const other = await t.makeUser('member')
      for (let i = 0; i < 5; i++) assertProblem(await login(t, i % 2 ? user.username.toUpperCase() : user.username), 401, 'invalid_credentials')
      assertTooMany(await login(t, user.email.toUpperCase()))
      assertTooMany(await login(t, user.email, STRONG_PASSWORD))
      assertTooMany(await login(t, user.username, STRONG_PASSWORD))
      // Another account's budget is untouched; the same account from another address too.
      assertProblem(await login(t, other.email), 401, 'invalid_credentials')
      assert.equal((await login(t, other.username, STRONG_PASSWORD)).statusCode, 200)
      assert.equal((await login(t, user.email, STRONG_PASSWORD, '198.51.100.8')).statusCode, 200)
    }))

  test('the email first, then the username: one budget either way', () =>
    withApp(async (t) => {
      const user = await t.makeUser('member')
      for (let i = 0; i < 5; i++) assertProblem(await login(t, user.email), 401, 'invalid_credentials')
      assertTooMany(await login(t, user.username.toUpperCase()))
    }))

  test('unknown names keep separate budgets, each case-insensitive', () =>
    withApp(async (t) => {
      for (let i = 0; i < 5; i++) assertProblem(await login(t, 'ghost_one'), 401, 'invalid_credentials')
      assertTooMany(await login(t, 'GHOST_ONE'))
      assertProblem(await login(t, 'ghost_two'), 401, 'invalid_credentials')
      assertProblem(await login(t, 'ghost_one@example.org'), 401, 'invalid_credentials')
      // An unknown name that reads like a user id is not that user's budget.
      const user = await t.makeUser('member')
      for (let i = 0; i < 5; i++) assertProblem(await login(t, String(user.id)), 401, 'invalid_credentials')
      assert.equal((await login(t, user.username, STRONG_PASSWORD)).statusCode, 200)
    }))

  test('names no account can have are counted as submitted, never looked up', () =>
    withApp(async (t) => {
      const user = await t.makeUser('member')
      for (const name of [`${user.username}\u0000`, `\uD800${user.username}`, user.username + 'x'.repeat(300)]) {
        // The lookup answers without a query (PostgreSQL would refuse NUL with an error).
        assert.equal(await findAccountIdByLogin({ db: t.app.db }, name), undefined)
        // A lone surrogate never reaches the limiter over HTTP: the JSON body itself is refused (400).
        if (/\p{Cs}/u.test(name)) {
          assertProblem(await login(t, name), 400, 'invalid_json')
          continue
        }
        // Whatever the login route answers them (its body validation is not the limiter's), the
        // limiter counts them by the name, before the route runs: the 6th is 429.
        for (let i = 0; i < 5; i++) assert.notEqual((await login(t, name)).statusCode, 429, JSON.stringify(name))
        assertTooMany(await login(t, name))
      }
      // None of them touched the account's budget.
      assert.equal((await login(t, user.username, STRONG_PASSWORD)).statusCode, 200)
      // Not a string at all: one budget for the client, answered 422 until then.
      for (let i = 0; i < 5; i++) assertProblem(await login(t, i % 2 ? 42 : { $ne: null }), 422, 'validation_error')
      assertTooMany(await login(t, ['x']))
    }))

  test('the lookup finds an account by username or email in any case, and nothing else', () =>
    withApp(async (t) => {
      const user = await t.makeUser('member')
      const db = { db: t.app.db }
      for (const name of [user.username, user.username.toUpperCase(), user.email, user.email.toUpperCase()]) assert.equal(await findAccountIdByLogin(db, name), user.id, name)
      for (const name of ['', 'nobody', `${user.username} `, `%${user.username.slice(1)}`, `${user.username.slice(0, -1)}_`]) assert.equal(await findAccountIdByLogin(db, name), undefined, name)
    }))
})
