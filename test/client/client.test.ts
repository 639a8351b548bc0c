import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createLibraryClient, memoryTokenStorage, ProblemError, type TokenPair } from '../../clients/typescript/src/index.ts'
import { STRONG_PASSWORD } from '../helper.ts'
import { rawCall, startLiveServer, type LiveServer, type SentRequest } from './client-helpers.ts'

// The shipped client (clients/typescript) against the real app listening on a port.

const ACCESS_TTL_MS = 15 * 60_000
let n = 0
const newMember = () => {
  const username = `client_${process.pid}_${Date.now().toString(36)}_${n++}`
  return { username, email: `${username}@example.org`, password: STRONG_PASSWORD }
}

async function rejectsWithProblem(call: Promise<unknown>, status: number, code: string): Promise<ProblemError> {
  try {
    await call
  } catch (error) {
    assert.ok(error instanceof ProblemError, `not a ProblemError: ${String(error)}`)
    assert.equal(error.status, status, error.message)
    assert.equal(error.code, code, error.message)
    return error
  }
  assert.fail(`expected a ${status} ${code} problem`)
}

describe('client: the session against a live server', () => {
  let server: LiveServer
  before(async () => {
    server = await startLiveServer()
  })
  after(async () => server.close())

  test('register → login → list → borrow → return → refresh → logout', async () => {
    const book = await server.t.makeBook({ copies_total: 1 })
    const storage = memoryTokenStorage()
    const api = createLibraryClient({ baseUrl: server.baseUrl, fetch: server.fetch, storage })
    const member = newMember()

    const registered = await api.POST('/api/v1/auth/register', { body: member })
    assert.equal(registered.response.status, 201)
    assert.equal(registered.data!.username, member.username)
    assert.deepEqual(registered.data!.roles, ['member'])

    const login = await api.login(member.username, member.password)
    assert.equal(login.token_type, 'Bearer')
    assert.equal(login.user.username, member.username)
    const first = (await storage.get())!
    assert.equal(first.accessToken, login.access_token)

    const list = await api.GET('/api/v1/books', { params: { query: { page: 1, per_page: 100 } } })
    assert.ok(list.data!.items.some((b) => b.id === book.id))

    const borrowed = await api.POST('/api/v1/loans', { body: { book_id: book.id } })
    assert.equal(borrowed.response.status, 201)
    assert.equal(borrowed.data!.status, 'active')
    const sentBorrow = server.sent.filter((r) => r.method === 'POST' && r.path === '/api/v1/loans')
    assert.equal(sentBorrow.length, 1)
    assert.match(sentBorrow[0]!.idempotencyKey ?? '', /^[0-9a-f-]{36}$/, 'a create carries a generated Idempotency-Key')
    assert.equal(sentBorrow[0]!.authorization, `Bearer ${first.accessToken}`)

    const returned = await api.POST('/api/v1/loans/{id}/return', { params: { path: { id: borrowed.data!.id } } })
    assert.equal(returned.data!.status, 'returned')
    assert.equal(server.sent.at(-1)!.idempotencyKey, null, 'only creates get a key')
    const afterReturn = await api.GET('/api/v1/books/{id}', { params: { path: { id: book.id } } })
    assert.equal(afterReturn.data!.copies_available, 1)

    const rotated = await api.refresh()
    assert.notEqual(rotated.refreshToken, first.refreshToken, 'a new refresh token (rotation)')
    assert.notEqual(rotated.accessToken, first.accessToken)
    assert.deepEqual(await storage.get(), rotated)
    const me = await api.GET('/api/v1/auth/me')
    assert.equal(me.data!.username, member.username)
    assert.equal(server.sent.at(-1)!.authorization, `Bearer ${rotated.accessToken}`)

    await api.logout()
    assert.equal(await storage.get(), undefined)
    assert.deepEqual(await rawCall(server.baseUrl, 'GET', '/api/v1/auth/me', rotated.accessToken), { status: 401, code: 'token_revoked' })
    assert.equal((await rawCall(server.baseUrl, 'POST', '/api/v1/auth/refresh', undefined, { refresh_token: rotated.refreshToken })).status, 401)
    await rejectsWithProblem(api.GET('/api/v1/auth/me'), 401, 'token_missing')
  })

  test('problems are thrown as ProblemError with code, fields and request_id = X-Request-ID', async () => {
    const api = createLibraryClient({ baseUrl: server.baseUrl, fetch: server.fetch })
    const member = await server.t.makeUser('member')
    await rejectsWithProblem(api.login(member.username, 'Wrong-Passw0rd!'), 401, 'invalid_credentials')
    await api.login(member.username, member.password)

    const notFound = await rejectsWithProblem(
      api.GET('/api/v1/loans/{id}', { params: { path: { id: 987_654 } }, headers: { 'x-request-id': 'client-test-req-1' } }),
      404,
      'not_found',
    )
    assert.equal(notFound.requestId, 'client-test-req-1')
    assert.equal(notFound.problem.request_id, 'client-test-req-1')
    assert.equal(notFound.title, 'Not found')

    const invalid = await rejectsWithProblem(api.POST('/api/v1/auth/register', { body: { ...newMember(), password: 'short' } }), 422, 'validation_error')
    assert.ok(invalid.errors.some((e) => e.field.includes('password')), JSON.stringify(invalid.errors))
    assert.ok(invalid.requestId.length > 0)
  })

  test('a lost response of a call that is not safe to resend is thrown, not resent', async () => {
    const member = await server.t.makeUser('member')
    const book = await server.t.makeBook({ copies_total: 2 })
    const api = createLibraryClient({ baseUrl: server.baseUrl, fetch: server.fetch, retry: { networkBackoff: 1100 } })
    await api.login(member.username, member.password)
    const loan = await api.POST('/api/v1/loans', { body: { book_id: book.id } })
    server.fault = (r) => (r.path.endsWith('/return') ? new TypeError('fetch failed') : undefined)
    try {
      const from = server.sent.length
      await assert.rejects(api.POST('/api/v1/loans/{id}/return', { params: { path: { id: loan.data!.id } } }), /fetch failed/)
      assert.equal(server.sent.slice(from).filter((r) => r.path.endsWith('/return')).length, 1)
    } finally {
      server.fault = undefined
    }
  })
})

describe('client: retries', () => {
  let server: LiveServer
  before(async () => {
    server = await startLiveServer({ RATE_LIMIT_MEMBER: '1/sec' })
  })
  after(async () => server.close())

  test('429 is retried after Retry-After; the create is resent with the same Idempotency-Key and made once', async () => {
    const member = await server.t.makeUser('member')
    const api = createLibraryClient({ baseUrl: server.baseUrl, fetch: server.fetch })
    await api.login(member.username, member.password)
    // A 1/sec window: a request just before the create uses it up (tried again in the rare case the window turned in between).
    let borrow: SentRequest[] = []
    let bookId = 0
    for (let attempt = 0; attempt < 5 && !borrow.some((r) => r.status === 429); attempt++) {
      bookId = (await server.t.makeBook({ copies_total: 1 })).id
      await rawCall(server.baseUrl, 'GET', '/api/v1/auth/me', member.access)
      const from = server.sent.length
      const loan = await api.POST('/api/v1/loans', { body: { book_id: bookId } })
      assert.equal(loan.response.status, 201)
      borrow = server.sent.slice(from).filter((r) => r.path === '/api/v1/loans')
    }
    assert.equal(borrow[0]!.status, 429)
    assert.equal(borrow.at(-1)!.status, 201)
    assert.equal(new Set(borrow.map((r) => r.idempotencyKey)).size, 1, 'every resend carries the first key')
    const loans = await api.GET('/api/v1/loans', { params: { query: { page: 1, per_page: 100 } } })
    assert.equal(loans.data!.items.filter((l) => l.book_id === bookId).length, 1)
  })

  test('429 with retries turned off is thrown with its code', async () => {
    const member = await server.t.makeUser('member')
    const api = createLibraryClient({ baseUrl: server.baseUrl, fetch: server.fetch, retry: { maxRetries: 0 } })
    await api.login(member.username, member.password)
    let thrown: ProblemError | undefined
    for (let i = 0; i < 5 && !thrown; i++) {
      await Promise.all([api.GET('/api/v1/auth/me'), api.GET('/api/v1/auth/me')]).catch((error: unknown) => {
        if (error instanceof ProblemError) thrown = error
        else throw error
      })
    }
    assert.equal(thrown?.status, 429)
    assert.equal(thrown?.code, 'rate_limited')
  })

  test('a create whose response was lost is resent with the same key: the server replays it, one loan', async () => {
    const member = await server.t.makeUser('member')
    const book = await server.t.makeBook({ copies_total: 2 })
    const api = createLibraryClient({ baseUrl: server.baseUrl, fetch: server.fetch, retry: { networkBackoff: 1100 } })
    await api.login(member.username, member.password)
    let lost = 0
    server.fault = (r) => (r.path === '/api/v1/loans' && r.status === 201 && lost++ === 0 ? new TypeError('fetch failed') : undefined)
    try {
      const from = server.sent.length
      const loan = await api.POST('/api/v1/loans', { body: { book_id: book.id } })
      assert.equal(loan.response.status, 201)
      assert.equal(loan.response.headers.get('idempotent-replayed'), 'true')
      const borrow = server.sent.slice(from).filter((r) => r.path === '/api/v1/loans' && r.status !== 429)
      assert.equal(borrow.length, 2)
      assert.equal(borrow[0]!.idempotencyKey, borrow[1]!.idempotencyKey)
    } finally {
      server.fault = undefined
    }
    const loans = await api.GET('/api/v1/loans', { params: { query: { page: 1, per_page: 100 } } })
    assert.equal(loans.data!.items.filter((l) => l.book_id === book.id).length, 1)
  })
})

describe('client: tokens over time (the test clock moves)', () => {
  let server: LiveServer
  before(async () => {
    server = await startLiveServer()
  })
  after(async () => server.close())

  test('concurrent calls with an expired access token share one refresh, then all succeed', async () => {
    const member = await server.t.makeUser('member')
    const api = createLibraryClient({ baseUrl: server.baseUrl, fetch: server.fetch })
    await api.login(member.username, member.password)
    server.t.clock.advance(ACCESS_TTL_MS + 60_000)
    const before = server.sent.length
    const results = await Promise.all(Array.from({ length: 6 }, () => api.GET('/api/v1/auth/me')))
    for (const result of results) assert.equal(result.data!.username, member.username)
    const sent = server.sent.slice(before)
    assert.equal(sent.filter((r) => r.path === '/api/v1/auth/refresh').length, 1, 'one refresh for six calls')
    assert.ok(sent.some((r) => r.status === 401), 'the expired token was refused first')
    assert.equal(sent.filter((r) => r.path === '/api/v1/auth/me' && r.status === 200).length, 6)
  })

  test('a call whose refresh token is dead too throws the refresh problem and forgets the tokens', async () => {
    const member = await server.t.makeUser('member')
    const storage = memoryTokenStorage()
    const api = createLibraryClient({ baseUrl: server.baseUrl, fetch: server.fetch, storage })
    await api.login(member.username, member.password)
    const tokens = (await storage.get())!
    assert.equal((await rawCall(server.baseUrl, 'POST', '/api/v1/auth/logout-all', tokens.accessToken)).status, 204)
    await rejectsWithProblem(api.GET('/api/v1/auth/me'), 401, 'token_revoked')
    server.t.clock.advance(ACCESS_TTL_MS + 60_000)
    await storage.set(tokens)
    await rejectsWithProblem(api.GET('/api/v1/auth/me'), 401, 'token_revoked')
    assert.equal(await storage.get(), undefined)
  })

  test('the old refresh token is refused after a refresh (reuse revokes the session)', async () => {
    const member = await server.t.makeUser('member')
    const storage = memoryTokenStorage()
    const api = createLibraryClient({ baseUrl: server.baseUrl, fetch: server.fetch, storage })
    await api.login(member.username, member.password)
    const old = (await storage.get()) as TokenPair
    const rotated = await api.refresh()
    assert.notEqual(rotated.refreshToken, old.refreshToken)
    server.t.clock.advance(11_000) // past the reuse grace window (REFRESH_REUSE_GRACE, 10 s)
    assert.deepEqual(await rawCall(server.baseUrl, 'POST', '/api/v1/auth/refresh', undefined, { refresh_token: old.refreshToken }), { status: 401, code: 'token_revoked' })
    // Reuse of a rotated token revokes its whole family: the client's current pair is dead too.
    await rejectsWithProblem(api.GET('/api/v1/auth/me'), 401, 'token_revoked')
  })
})

describe('client: an unavailable server', () => {
  let server: LiveServer
  before(async () => {
    server = await startLiveServer()
    await server.t.database.close()
  })
  after(async () => server.close())

  test('503 on a call safe to resend is retried (1 s without Retry-After), then thrown as ProblemError unavailable', async () => {
    const api = createLibraryClient({ baseUrl: server.baseUrl, fetch: server.fetch, retry: { maxRetries: 1 } })
    const error = await rejectsWithProblem(api.GET('/health/ready'), 503, 'unavailable')
    assert.equal(error.problem.checks?.database, 'failed')
    assert.deepEqual(server.sent.filter((r) => r.path === '/health/ready').map((r) => r.status), [503, 503])
  })
})
