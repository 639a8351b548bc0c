import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { loadConfig } from '../../src/config.ts'
import { csrfTokenFor } from '../../src/modules/auth/csrf.ts'
import { assertProblem, buildTestApp, STRONG_PASSWORD, type TestContext } from '../helper.ts'

const SECURE_NAME = '__Secure-refresh_token'

/** A browser: the refresh cookie it holds and the CSRF token its page keeps in memory. */
interface Browser {
  cookie: string
  csrf: string
  access: string
}

/** The one `Set-Cookie` of a response, as light-my-request parses it, with its raw header. */
function setCookieOf(response: LightMyRequestResponse) {
  assert.equal(response.cookies.length, 1, `one Set-Cookie expected, got ${JSON.stringify(response.headers['set-cookie'])}`)
  // light-my-request parses `Path` too, though its type leaves it out.
  const parsed = response.cookies[0] as (typeof response.cookies)[number] & { path?: string }
  return { ...parsed, raw: String(response.headers['set-cookie']) }
}

function assertNoSetCookie(response: LightMyRequestResponse) {
  assert.equal(response.headers['set-cookie'], undefined)
}

function assertClears(response: LightMyRequestResponse, name = SECURE_NAME) {
  const cleared = setCookieOf(response)
  assert.equal(cleared.name, name)
  assert.equal(cleared.value, '')
  assert.equal(cleared.maxAge, 0)
  assert.equal(cleared.path, '/api/v1/auth')
  assert.match(cleared.raw, /; HttpOnly/)
  assert.match(cleared.raw, /; SameSite=Strict/)
}

function suite(t: () => TestContext, name = SECURE_NAME) {
  const login = async (username: string): Promise<Browser> => {
    const response = await t().inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: STRONG_PASSWORD, cookie: true } })
    assert.equal(response.statusCode, 200, response.body)
    const set = setCookieOf(response)
    assert.equal(set.name, name)
    return { cookie: set.value, csrf: response.json().csrf_token, access: response.json().access_token }
  }
  const refresh = (cookie: string | undefined, csrf?: string, headers: Record<string, string> = {}) =>
    t().inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }), ...headers },
      ...(cookie === undefined ? {} : { cookies: { [name]: cookie } }),
    })
  const logout = (cookie: string | undefined, csrf?: string, method: 'POST' | 'DELETE' = 'POST', headers: Record<string, string> = {}) =>
    t().inject({
      method,
      url: '/api/v1/auth/logout',
      headers: { ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }), ...headers },
      ...(cookie === undefined ? {} : { cookies: { [name]: cookie } }),
    })
  const me = (access: string) => t().inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${access}` } })
  return { login, refresh, logout, me }
}

describe('browser mode (refresh cookie + CSRF)', () => {
  let t: TestContext
  before(async () => {
    t = await buildTestApp()
  })
  after(async () => t.close())
  const { login, refresh, logout, me } = suite(() => t)

  test('login with cookie: true sets an HttpOnly; Secure; SameSite=Strict cookie on /api/v1/auth and answers csrf_token, no refresh_token', async () => {
    const user = await t.makeUser('member')
    const response = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: STRONG_PASSWORD, cookie: true } })
    assert.equal(response.statusCode, 200)
    const body = response.json()
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'csrf_token', 'expires_in', 'token_type', 'user'])
    assert.equal(body.token_type, 'Bearer')
    assert.equal(body.user.id, user.id)
    assert.match(body.csrf_token, /^[A-Za-z0-9_-]{43}$/)
    const set = setCookieOf(response)
    assert.equal(set.name, SECURE_NAME)
    assert.equal(set.path, '/api/v1/auth')
    assert.equal(set.maxAge, 2_592_000)
    assert.equal(set.httpOnly, true)
    assert.equal(set.secure, true)
    assert.equal(set.sameSite, 'Strict')
    assert.equal(set.value.split('.').length, 3, 'the cookie holds the refresh JWT')
    assert.ok(!response.body.includes(set.value), 'the refresh token is not in the body')
    assert.equal(response.headers['cache-control'], 'no-store')
    assert.equal((await me(body.access_token)).statusCode, 200)
  })

  test('login without cookie (or cookie: false) is unchanged: the pair in the body, no Set-Cookie', async () => {
    const user = await t.makeUser('member')
    for (const payload of [{ username: user.username, password: STRONG_PASSWORD }, { username: user.username, password: STRONG_PASSWORD, cookie: false }]) {
      const response = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload })
      assert.equal(response.statusCode, 200)
      assert.ok(response.json().refresh_token)
      assert.equal(response.json().csrf_token, undefined)
      assertNoSetCookie(response)
    }
  })

  test('cookie must be a boolean (422); wrong credentials with cookie: true are 401 and set no cookie', async () => {
    const user = await t.makeUser('member')
    const notBoolean = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: STRONG_PASSWORD, cookie: 'yes' } })
    assert.equal(assertProblem(notBoolean, 422, 'validation_error').errors![0]!.field, 'cookie')
    const wrong = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: 'Wrong-Passw0rd!', cookie: true } })
    assertProblem(wrong, 401, 'invalid_credentials')
    assertNoSetCookie(wrong)
  })

  test('end to end: login → refresh → refresh → logout, all by cookie with X-CSRF-Token', async () => {
    const user = await t.makeUser('member')
    const browser = await login(user.username)

    const first = await refresh(browser.cookie, browser.csrf)
    assert.equal(first.statusCode, 200, first.body)
    const firstBody = first.json()
    assert.deepEqual(Object.keys(firstBody).sort(), ['access_token', 'csrf_token', 'expires_in', 'token_type'])
    assert.equal(firstBody.csrf_token, browser.csrf, 'the CSRF token is bound to the login session, not to one refresh token')
    const firstCookie = setCookieOf(first)
    assert.equal(firstCookie.path, '/api/v1/auth')
    assert.equal(firstCookie.httpOnly && firstCookie.secure && firstCookie.sameSite, 'Strict')
    assert.notEqual(firstCookie.value, browser.cookie, 'the cookie is rotated')
    assert.ok(!first.body.includes(firstCookie.value))
    assert.equal((await me(firstBody.access_token)).statusCode, 200)

    t.clock.advance(60_000)
    const second = await refresh(firstCookie.value, browser.csrf)
    assert.equal(second.statusCode, 200, second.body)
    const secondCookie = setCookieOf(second).value
    assert.notEqual(secondCookie, firstCookie.value)

    const out = await logout(secondCookie, browser.csrf)
    assert.equal(out.statusCode, 204)
    assertClears(out)
    assertProblem(await me(second.json().access_token), 401, 'token_revoked')
    const after = await refresh(secondCookie, browser.csrf)
    assertProblem(after, 401, 'token_revoked')
    assertClears(after)
    // Logging out again is no error (a second tab's logout button).
    const again = await logout(secondCookie, browser.csrf)
    assert.equal(again.statusCode, 204)
    assertClears(again)
  })

  test('DELETE /logout by cookie works as POST', async () => {
    const user = await t.makeUser('member')
    const browser = await login(user.username)
    const out = await logout(browser.cookie, browser.csrf, 'DELETE')
    assert.equal(out.statusCode, 204)
    assertClears(out)
    assertProblem(await me(browser.access), 401, 'token_revoked')
  })

  test('refresh by cookie: a missing, empty, wrong, other-session or logged-out-session X-CSRF-Token is 403 csrf_invalid and burns nothing', async () => {
    const user = await t.makeUser('member')
    const loggedOut = await login(user.username)
    assert.equal((await logout(loggedOut.cookie, loggedOut.csrf)).statusCode, 204)
    const other = await login(user.username)
    const browser = await login(user.username)
    const failures: Record<string, string | undefined> = {
      missing: undefined,
      empty: '',
      wrong: 'A'.repeat(43),
      'wrong length': 'abc',
      'another session': other.csrf,
      'a logged-out session': loggedOut.csrf,
      'another session, same length, one character off': browser.csrf.slice(0, -1) + (browser.csrf.endsWith('A') ? 'B' : 'A'),
    }
    for (const [why, csrf] of Object.entries(failures)) {
      const response = await refresh(browser.cookie, csrf)
      assertProblem(response, 403, 'csrf_invalid')
      assertNoSetCookie(response)
      assert.equal(response.headers['www-authenticate'], undefined, why)
    }
    // None of them spent the token: past the grace window (which would hide a spent one) it still rotates.
    t.clock.advance(11_000)
    const ok = await refresh(browser.cookie, browser.csrf)
    assert.equal(ok.statusCode, 200, ok.body)
    assert.equal((await me(ok.json().access_token)).statusCode, 200)
  })

  test('logout by cookie: a missing, empty, wrong or other-session X-CSRF-Token is 403 csrf_invalid and the session lives on', async () => {
    const user = await t.makeUser('member')
    const other = await login(user.username)
    const browser = await login(user.username)
    for (const csrf of [undefined, '', 'not-the-token', other.csrf]) {
      for (const method of ['POST', 'DELETE'] as const) {
        const response = await logout(browser.cookie, csrf, method)
        assertProblem(response, 403, 'csrf_invalid')
        assertNoSetCookie(response)
      }
    }
    assert.equal((await me(browser.access)).statusCode, 200)
    assert.equal((await me(other.access)).statusCode, 200)
    assert.equal((await refresh(browser.cookie, browser.csrf)).statusCode, 200)
  })

  test('reuse of a rotated cookie within the grace window gets the same successor; after it, the family is revoked', async () => {
    const user = await t.makeUser('member')
    const browser = await login(user.username)
    const rotated = await refresh(browser.cookie, browser.csrf)
    const successor = setCookieOf(rotated).value

    // A second tab refreshing with the old cookie at the same moment: the same successor, in the cookie too.
    t.clock.advance(5_000)
    const twin = await refresh(browser.cookie, browser.csrf)
    assert.equal(twin.statusCode, 200, twin.body)
    assert.equal(setCookieOf(twin).value, successor)
    assert.equal(twin.json().access_token, rotated.json().access_token)

    // After the grace window (10 s) the old cookie is a stolen one: 401, the family revoked, the cookie cleared.
    t.clock.advance(6_000)
    const reuse = await refresh(browser.cookie, browser.csrf)
    assertProblem(reuse, 401, 'token_revoked')
    assertClears(reuse)
    assertProblem(await refresh(successor, browser.csrf), 401, 'token_revoked')
    assertProblem(await me(rotated.json().access_token), 401, 'token_revoked')
  })

  test('two tabs refreshing with the same cookie at once both succeed with the same successor cookie', async () => {
    const user = await t.makeUser('member')
    const browser = await login(user.username)
    const [a, b] = await Promise.all([refresh(browser.cookie, browser.csrf), refresh(browser.cookie, browser.csrf)])
    assert.equal(a.statusCode, 200, a.body)
    assert.equal(b.statusCode, 200, b.body)
    assert.equal(setCookieOf(a).value, setCookieOf(b).value)
    t.clock.advance(11_000)
    assert.equal((await refresh(setCookieOf(a).value, browser.csrf)).statusCode, 200)
  })

  test('reuse detection also fires when a bearer refresh token of the same family is replayed after the cookie rotated it', async () => {
    const user = await t.makeUser('member')
    const browser = await login(user.username)
    const rotated = await refresh(browser.cookie, browser.csrf)
    assert.equal(rotated.statusCode, 200)
    t.clock.advance(11_000)
    // The old refresh token, sent as a bearer token (as a thief that read it would): no CSRF needed, but reuse detected.
    assertProblem(await refresh(undefined, undefined, { authorization: `Bearer ${browser.cookie}` }), 401, 'token_revoked')
    assertProblem(await refresh(setCookieOf(rotated).value, browser.csrf), 401, 'token_revoked')
  })

  test('a cookie that is not a valid refresh token is 401 token_invalid (before CSRF), and the cookie is cleared', async () => {
    const user = await t.makeUser('member')
    const browser = await login(user.username)
    for (const cookie of ['garbage', browser.access]) {
      for (const csrf of [undefined, browser.csrf]) {
        const response = await refresh(cookie, csrf)
        assertProblem(response, 401, 'token_invalid')
        assertClears(response)
      }
      const out = await logout(cookie, browser.csrf)
      assertProblem(out, 401, 'token_invalid')
      assertClears(out)
    }
  })

  test('an expired cookie is 401 token_expired and cleared', async () => {
    const user = await t.makeUser('member')
    const browser = await login(user.username)
    t.clock.advance(2_592_001_000)
    const response = await refresh(browser.cookie, browser.csrf)
    assertProblem(response, 401, 'token_expired')
    assertClears(response)
  })

  test('without bearer, body token or cookie, refresh and logout are 401 token_missing; an empty cookie counts as none', async () => {
    assertProblem(await refresh(undefined, 'x'), 401, 'token_missing')
    assertProblem(await refresh('', 'x'), 401, 'token_missing')
    for (const method of ['POST', 'DELETE'] as const) assertProblem(await logout(undefined, 'x', method), 401, 'token_missing')
  })

  test('a bearer or body refresh token wins over the cookie: no CSRF needed, no cookie set, the cookie untouched', async () => {
    const user = await t.makeUser('member')
    const browser = await login(user.username)
    const bearer = await refresh(browser.cookie, undefined, { authorization: `Bearer ${user.refresh}` })
    assert.equal(bearer.statusCode, 200, bearer.body)
    assert.ok(bearer.json().refresh_token)
    assertNoSetCookie(bearer)
    const body = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refresh_token: bearer.json().refresh_token }, cookies: { [SECURE_NAME]: browser.cookie } })
    assert.equal(body.statusCode, 200, body.body)
    assertNoSetCookie(body)
    assert.equal((await refresh(browser.cookie, browser.csrf)).statusCode, 200, 'the cookie was not spent')
  })

  test('logout with an access token and the cookie needs no CSRF token, revokes both sessions of that user and clears the cookie', async () => {
    const user = await t.makeUser('member')
    const browser = await login(user.username)
    const out = await logout(browser.cookie, undefined, 'POST', user.auth)
    assert.equal(out.statusCode, 204)
    assertClears(out)
    assertProblem(await me(user.access), 401, 'token_revoked')
    assertProblem(await refresh(browser.cookie, browser.csrf), 401, 'token_revoked')
  })

  test('logout with an access token leaves another user\'s cookie session alone (it is only cleared)', async () => {
    const caller = await t.makeUser('member')
    const stranger = await t.makeUser('member')
    const browser = await login(stranger.username)
    const out = await logout(browser.cookie, undefined, 'POST', caller.auth)
    assert.equal(out.statusCode, 204)
    assertClears(out)
    assert.equal((await me(browser.access)).statusCode, 200)
    assert.equal((await refresh(browser.cookie, browser.csrf)).statusCode, 200)
  })

  test('logout with an invalid access token is 401 whatever the cookie, and the cookie session lives on', async () => {
    const user = await t.makeUser('member')
    const browser = await login(user.username)
    assertProblem(await logout(browser.cookie, browser.csrf, 'POST', { authorization: 'Bearer not.a.token' }), 401, 'token_invalid')
    assert.equal((await refresh(browser.cookie, browser.csrf)).statusCode, 200)
  })

  test('the CSRF token is HMAC-SHA256 of the session id: the one the login answers is the one of its sid', async () => {
    const user = await t.makeUser('member')
    const browser = await login(user.username)
    const sid = JSON.parse(Buffer.from(browser.access.split('.')[1]!, 'base64url').toString()).sid
    assert.equal(browser.csrf, csrfTokenFor(t.app.config.browserSession.csrfKey, sid))
  })

  test('the OpenAPI document names the cookie scheme, the X-CSRF-Token header and both answer shapes', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
    assert.deepEqual(doc.components.securitySchemes.refreshCookie, {
      type: 'apiKey',
      in: 'cookie',
      name: SECURE_NAME,
      description: doc.components.securitySchemes.refreshCookie.description,
    })
    for (const [path, method] of [['/api/v1/auth/refresh', 'post'], ['/api/v1/auth/logout', 'post'], ['/api/v1/auth/logout', 'delete']] as const) {
      const operation = doc.paths[path][method]
      assert.ok(operation.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'x-csrf-token'), `${method} ${path}`)
      assert.ok(operation.responses['403'], `${method} ${path} documents 403`)
      assert.ok(operation.security.some((s: Record<string, unknown>) => 'refreshCookie' in s))
    }
    assert.ok(doc.components.schemas.CookieTokens.properties.csrf_token)
    assert.ok(doc.components.schemas.CookieLoginResponse.properties.csrf_token)
    assert.equal(doc.components.schemas.CookieLoginResponse.properties.refresh_token, undefined)
    assert.equal(doc.paths['/api/v1/auth/login'].post.responses['200'].content['application/json'].schema.oneOf.length, 2)
  })
})

describe('COOKIE_SECURE=false (plain-HTTP development)', () => {
  let t: TestContext
  before(async () => {
    t = await buildTestApp({ COOKIE_SECURE: 'false' })
  })
  after(async () => t.close())
  const { login, refresh, logout } = suite(() => t, 'refresh_token')

  test('drops Secure (and the __Secure- prefix) only; the flow works the same', async () => {
    const user = await t.makeUser('member')
    const response = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: STRONG_PASSWORD, cookie: true } })
    const set = setCookieOf(response)
    assert.equal(set.name, 'refresh_token')
    assert.equal(set.secure, undefined)
    assert.doesNotMatch(set.raw, /Secure/)
    assert.equal(set.httpOnly, true)
    assert.equal(set.sameSite, 'Strict')
    assert.equal(set.path, '/api/v1/auth')

    const browser = await login(user.username)
    assertProblem(await refresh(browser.cookie), 403, 'csrf_invalid')
    const rotated = await refresh(browser.cookie, browser.csrf)
    assert.equal(rotated.statusCode, 200)
    assert.equal(setCookieOf(rotated).name, 'refresh_token')
    const out = await logout(setCookieOf(rotated).value, browser.csrf)
    assert.equal(out.statusCode, 204)
    assertClears(out, 'refresh_token')
    // The secure name is not read here.
    const secureNamed = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { [SECURE_NAME]: browser.cookie }, headers: { 'x-csrf-token': browser.csrf } })
    assertProblem(secureNamed, 401, 'token_missing')
  })
})

describe('CSRF key', () => {
  test('CSRF_SECRET sets the key: a CSRF token of another key does not match', async () => {
    const a = await buildTestApp({ CSRF_SECRET: 'a'.repeat(32) })
    const b = await buildTestApp({ CSRF_SECRET: 'b'.repeat(32) })
    try {
      const user = await a.makeUser('member')
      const browser = await suite(() => a).login(user.username)
      const sid = JSON.parse(Buffer.from(browser.access.split('.')[1]!, 'base64url').toString()).sid
      assert.equal(browser.csrf, csrfTokenFor(Buffer.from('a'.repeat(32)), sid))
      assert.notEqual(browser.csrf, csrfTokenFor(b.app.config.browserSession.csrfKey, sid))
    } finally {
      await a.close()
      await b.close()
    }
  })

  test('config: COOKIE_SECURE defaults to true; production refuses COOKIE_SECURE=false; CSRF_SECRET under 32 characters is refused; the derived key differs from the JWT secret', () => {
    const base = { JWT_SECRET: 'x'.repeat(40) }
    const config = loadConfig(base)
    assert.equal(config.browserSession.cookieSecure, true)
    assert.equal(config.browserSession.csrfKey.length, 32)
    assert.notDeepEqual(config.browserSession.csrfKey, Buffer.from('x'.repeat(40)))
    assert.equal(loadConfig({ ...base, COOKIE_SECURE: 'false' }).browserSession.cookieSecure, false)
    assert.throws(() => loadConfig({ ...base, NODE_ENV: 'production', COOKIE_SECURE: 'false' }), /COOKIE_SECURE/)
    assert.equal(loadConfig({ ...base, NODE_ENV: 'production' }).browserSession.cookieSecure, true)
    assert.throws(() => loadConfig({ ...base, CSRF_SECRET: 'short' }), /CSRF_SECRET: at least 32 characters/)
    assert.throws(() => loadConfig({ ...base, COOKIE_SECURE: 'maybe' }), /COOKIE_SECURE: true or false/)
  })
})

describe('CORS with credentials', () => {
  let t: TestContext
  before(async () => {
    t = await buildTestApp({ CORS_ORIGINS: 'https://app.example' })
  })
  after(async () => t.close())

  test('a preflight from a configured origin allows credentials and X-CSRF-Token', async () => {
    // a CORS preflight is not an API operation, so it is not checked against the OpenAPI document
    const response = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/refresh',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-csrf-token, content-type' },
    })
    assert.equal(response.statusCode, 204)
    assert.equal(response.headers['access-control-allow-origin'], 'https://app.example')
    assert.equal(response.headers['access-control-allow-credentials'], 'true')
    assert.match(String(response.headers['access-control-allow-headers']), /x-csrf-token/i)
    assert.match(String(response.headers['access-control-allow-methods']), /POST/)
    assert.match(String(response.headers.vary), /Origin/)
  })

  test('a preflight from another origin gets no CORS header at all (never credentials, never *)', async () => {
    const response = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/refresh',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-csrf-token' },
    })
    assert.notEqual(response.statusCode, 204)
    for (const header of ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-headers', 'access-control-allow-methods']) {
      assert.equal(response.headers[header], undefined, header)
    }
  })

  test('a credentialed request from the configured origin gets its origin and credentials; another origin or none gets neither', async () => {
    const user = await t.makeUser('member')
    const browser = await suite(() => t).login(user.username)
    const allowed = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { origin: 'https://app.example', 'x-csrf-token': browser.csrf }, cookies: { [SECURE_NAME]: browser.cookie } })
    assert.equal(allowed.statusCode, 200)
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example')
    assert.equal(allowed.headers['access-control-allow-credentials'], 'true')
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, {}]) {
      const denied = await t.inject({ method: 'GET', url: '/api/v1/books', headers })
      assert.equal(denied.headers['access-control-allow-origin'], undefined)
      assert.equal(denied.headers['access-control-allow-credentials'], undefined)
    }
  })
})

test('config: CORS_ORIGINS takes origins only (no *, path, trailing slash or null), as browsers send them', () => {
  const base = { JWT_SECRET: 'x'.repeat(40) }
  assert.deepEqual(loadConfig({ ...base, CORS_ORIGINS: 'https://app.example, http://localhost:5173' }).corsOrigins, ['https://app.example', 'http://localhost:5173'])
  for (const bad of ['*', 'https://app.example/', 'https://app.example/app', 'null', 'app.example', 'ftp://app.example', 'https://APP.example', 'https://app.example:443']) {
    assert.throws(() => loadConfig({ ...base, CORS_ORIGINS: `https://ok.example,${bad}` }), /CORS_ORIGINS: comma-separated origins/, bad)
  }
})
