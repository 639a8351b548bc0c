import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, STRONG_PASSWORD, type TestContext } from '../helper.ts'

let t: TestContext
before(async () => {
  t = await buildTestApp()
})
after(async () => t.close())

const register = (payload: Record<string, unknown>) => t.inject({ method: 'POST', url: '/api/v1/auth/register', payload })
const login = (username: string, password = STRONG_PASSWORD) => t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } })
const me = (token: string) => t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })
const refresh = (token: string) => t.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { authorization: `Bearer ${token}` } })

describe('register', () => {
  test('creates a member, answers 201 with the user and Location, never the hash', async () => {
    const response = await register({ username: 'Reader_1', email: 'reader1@example.org', password: STRONG_PASSWORD })
    assert.equal(response.statusCode, 201)
    const user = response.json()
    assert.equal(response.headers.location, `/api/v1/users/${user.id}`)
    assert.deepEqual(user.roles, ['member'])
    assert.equal(user.username, 'Reader_1')
    assert.equal(user.is_active, true)
    assert.ok(!('password' in user) && !('password_hash' in user))
    assert.doesNotMatch(response.body, /argon2/)
    assert.equal(response.headers['cache-control'], 'no-store')
  })

  test('a username taken in another case is 409 already_exists; so is a taken email', async () => {
    await register({ username: 'Taken.Name', email: 'taken@example.org', password: STRONG_PASSWORD })
    const sameName = await register({ username: 'taken.name', email: 'other@example.org', password: STRONG_PASSWORD })
    assert.equal(sameName.statusCode, 409)
    assert.equal(sameName.json().code, 'already_exists')
    const sameEmail = await register({ username: 'someone_else', email: 'TAKEN@example.org', password: STRONG_PASSWORD })
    assert.equal(sameEmail.statusCode, 409)
  })

  test('roles in the body are rejected with 422, and nothing is created', async () => {
    const response = await register({ username: 'sneaky', email: 'sneaky@example.org', password: STRONG_PASSWORD, roles: ['admin'] })
    assert.equal(response.statusCode, 422)
    assert.deepEqual(response.json().errors, [{ field: 'roles', message: 'is not an accepted field' }])
    assert.equal((await login('sneaky')).statusCode, 401)
  })

  test('every invalid field is named at once', async () => {
    const response = await register({ username: 'a b', email: 'not-an-email', password: 'short' })
    assert.equal(response.statusCode, 422)
    const body = response.json()
    assert.equal(body.code, 'validation_error')
    assert.deepEqual(body.errors.map((e: { field: string }) => e.field).sort(), ['email', 'password', 'username'])
    assert.equal(body.request_id, response.headers['x-request-id'])
  })

  test('a password without a symbol, digit or capital is 422 on password', async () => {
    for (const password of ['alllowercase1!', 'NoDigitsHere!', 'NoSymbols123']) {
      const response = await register({ username: `weak_${password.length}${password[0]}`, email: `w${password.length}${password[0]}@example.org`, password })
      assert.equal(response.statusCode, 422, password)
      assert.equal(response.json().errors[0].field, 'password')
    }
  })

  test('missing fields and a username of 33 characters are 422', async () => {
    assert.equal((await register({ username: 'x'.repeat(33), email: 'long@example.org', password: STRONG_PASSWORD })).statusCode, 422)
    const missing = await register({})
    assert.equal(missing.statusCode, 422)
    assert.equal(missing.json().errors.length, 3)
  })
})

describe('login', () => {
  test('by username or email answers the pair, the user and expires_in in seconds', async () => {
    const user = await t.makeUser('member')
    for (const name of [user.username, user.email, user.username.toUpperCase()]) {
      const response = await login(name)
      assert.equal(response.statusCode, 200, name)
      const body = response.json()
      assert.equal(body.token_type, 'Bearer')
      assert.equal(body.expires_in, 900)
      assert.equal(body.user.id, user.id)
      assert.equal(typeof body.access_token, 'string')
      assert.notEqual(body.access_token, body.refresh_token)
    }
  })

  test('unknown user and wrong password give the same 401 invalid_credentials', async () => {
    const user = await t.makeUser('member')
    const wrong = await login(user.username, 'Wrong-Passw0rd!')
    const unknown = await login('nobody_here', 'Wrong-Passw0rd!')
    for (const response of [wrong, unknown]) {
      assert.equal(response.statusCode, 401)
      assert.equal(response.json().code, 'invalid_credentials')
    }
    const strip = (b: Record<string, unknown>) => ({ ...b, request_id: undefined })
    assert.deepEqual(strip(wrong.json()), strip(unknown.json()))
  })

  test('an inactive account cannot log in', async () => {
    const admin = await t.makeUser('admin')
    const user = await t.makeUser('member')
    const deactivate = await t.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: admin.auth, payload: { is_active: false } })
    assert.equal(deactivate.statusCode, 200)
    assert.equal((await login(user.username)).statusCode, 401)
    assert.equal((await me(user.access)).json().code, 'token_revoked')
  })
})

describe('refresh', () => {
  test('rotates: a new access and a new refresh token, both working', async () => {
    const user = await t.makeUser('member')
    t.clock.advance(1000)
    const response = await refresh(user.refresh)
    assert.equal(response.statusCode, 200)
    const pair = response.json()
    assert.notEqual(pair.refresh_token, user.refresh)
    assert.notEqual(pair.access_token, user.access)
    assert.equal((await me(pair.access_token)).statusCode, 200)
    assert.equal((await refresh(pair.refresh_token)).statusCode, 200)
  })

  test('accepts the refresh token in the body', async () => {
    const user = await t.makeUser('member')
    const response = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: user.refresh } })
    assert.equal(response.statusCode, 200)
  })

  test('a repeat within the grace window gets the same successor pair', async () => {
    const user = await t.makeUser('member')
    const first = await refresh(user.refresh)
    t.clock.advance(5_000)
    const second = await refresh(user.refresh)
    assert.equal(second.statusCode, 200)
    assert.equal(second.json().refresh_token, first.json().refresh_token)
    assert.equal(second.json().access_token, first.json().access_token)
  })

  test('reuse after the grace window revokes the whole family, access tokens included', async () => {
    const user = await t.makeUser('member')
    const rotated = (await refresh(user.refresh)).json()
    t.clock.advance(11_000)
    const reuse = await refresh(user.refresh)
    assert.equal(reuse.statusCode, 401)
    assert.equal(reuse.json().code, 'token_revoked')
    assert.match(String(reuse.headers['www-authenticate']), /^Bearer .*error="invalid_token"/)
    assert.equal((await me(rotated.access_token)).json().code, 'token_revoked')
    assert.equal((await refresh(rotated.refresh_token)).json().code, 'token_revoked')
    assert.equal((await me(user.access)).statusCode, 401)
  })

  test('an access token is refused at /refresh; a refresh token is refused elsewhere', async () => {
    const user = await t.makeUser('member')
    const withAccess = await refresh(user.access)
    assert.equal(withAccess.statusCode, 401)
    assert.equal(withAccess.json().code, 'token_invalid')
    const withRefresh = await me(user.refresh)
    assert.equal(withRefresh.statusCode, 401)
    assert.equal(withRefresh.json().code, 'token_invalid')
  })

  test('no token at all is 401 token_missing', async () => {
    const response = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh' })
    assert.equal(response.statusCode, 401)
    assert.equal(response.json().code, 'token_missing')
  })

  test('another login session of the user is unaffected by a reuse', async () => {
    const user = await t.makeUser('member')
    const other = (await login(user.username)).json()
    await refresh(user.refresh)
    t.clock.advance(60_000)
    await refresh(user.refresh)
    assert.equal((await me(other.access_token)).statusCode, 200)
  })
})

describe('logout', () => {
  test('POST /logout: 204, then the access token and its refresh family stop working', async () => {
    const user = await t.makeUser('member')
    const response = await t.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.auth })
    assert.equal(response.statusCode, 204)
    assert.equal(response.body, '')
    assert.equal((await me(user.access)).json().code, 'token_revoked')
    assert.equal((await refresh(user.refresh)).json().code, 'token_revoked')
  })

  test('DELETE /logout works the same', async () => {
    const user = await t.makeUser('member')
    assert.equal((await t.inject({ method: 'DELETE', url: '/api/v1/auth/logout', headers: user.auth })).statusCode, 204)
    assert.equal((await me(user.access)).statusCode, 401)
  })

  test('logout needs an access token', async () => {
    const response = await t.inject({ method: 'POST', url: '/api/v1/auth/logout' })
    assert.equal(response.statusCode, 401)
    assert.equal(response.json().code, 'token_missing')
    assert.equal(response.headers['www-authenticate'], 'Bearer realm="library-api"')
  })

  test('logout-all revokes every session of the user and no one else’s', async () => {
    const user = await t.makeUser('member')
    const second = (await login(user.username)).json()
    const bystander = await t.makeUser('member')
    assert.equal((await t.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: user.auth })).statusCode, 204)
    assert.equal((await me(user.access)).statusCode, 401)
    assert.equal((await me(second.access_token)).statusCode, 401)
    assert.equal((await refresh(second.refresh_token)).statusCode, 401)
    assert.equal((await me(bystander.access)).statusCode, 200)
  })

  test('a password change revokes every token of the user', async () => {
    const user = await t.makeUser('member')
    const response = await t.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: user.auth,
      payload: { password: 'N3w-Password!', current_password: STRONG_PASSWORD },
    })
    assert.equal(response.statusCode, 200)
    assert.equal((await me(user.access)).statusCode, 401)
    assert.equal((await refresh(user.refresh)).statusCode, 401)
    assert.equal((await login(user.username, 'N3w-Password!')).statusCode, 200)
  })
})

describe('/me', () => {
  test('answers the caller with private, no-store', async () => {
    const user = await t.makeUser('librarian')
    const response = await me(user.access)
    assert.equal(response.statusCode, 200)
    assert.equal(response.json().username, user.username)
    assert.deepEqual(response.json().roles, ['librarian'])
    assert.equal(response.headers['cache-control'], 'private, no-store')
  })

  test('a malformed Authorization header is 401 token_invalid', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Basic abc' } })
    assert.equal(response.statusCode, 401)
    assert.equal(response.json().code, 'token_invalid')
  })
})
