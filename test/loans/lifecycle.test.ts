import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, type TestContext, type TestUser } from '../helper.ts'
import { act, assertPrivate, assertProblem, borrowOk, copiesAvailable, DAY_MS, get, type LoanBody, signInAgain, withApp } from './loans-helpers.ts'

let t: TestContext
let librarian: TestUser
let admin: TestUser

const ids = (response: { json(): { items: LoanBody[] } }) => response.json().items.map((l) => l.id)

// One app for the tests that leave the clock alone; the tests that move it build their own, after
// this one is closed (only one test app lives at a time).
describe('loans of a member, clock standing still', () => {
  before(async () => {
    t = await buildTestApp()
    librarian = await t.makeUser('librarian')
    admin = await t.makeUser('admin')
  })
  after(async () => t.close())

  describe('GET /api/v1/loans/{id}', () => {
    test('owner, librarian and admin 200 with ETag (If-None-Match → 304); another member and a missing id 404; anonymous 401', async () => {
      const [owner, other] = [await t.makeUser('member'), await t.makeUser('member')]
      const loan = await borrowOk(t, owner, { book_id: (await t.makeBook()).id })
      const url = `/api/v1/loans/${loan.id}`
      const mine = await get(t, owner, url)
      assert.equal(mine.statusCode, 200)
      assertPrivate(mine)
      assert.deepEqual(mine.json(), loan)
      const etag = String(mine.headers.etag)
      assert.match(etag, /^"[\w-]+"$/)
      const notModified = await get(t, owner, url, { 'if-none-match': etag })
      assert.equal(notModified.statusCode, 304)
      assert.equal(notModified.body, '')
      assert.equal((await get(t, owner, url, { 'if-none-match': '"other"' })).statusCode, 200)
      for (const staff of [librarian, admin]) assert.deepEqual((await get(t, staff, url)).json(), loan)
      assertPrivate(assertProblemAndReturn(await get(t, other, url), 404, 'not_found'))
      assertProblem(await get(t, owner, '/api/v1/loans/999999'), 404, 'not_found')
      assertProblem(await get(t, null, url), 401, 'token_missing')
      assertProblem(await get(t, owner, '/api/v1/loans/abc'), 422, 'validation_error')
    })
  })

  describe('POST /api/v1/loans/{id}/return', () => {
    test('anonymous 401, another member 404, the owner 200; the copy is back in the very next book read; twice → 409', async () => {
      const [owner, other] = [await t.makeUser('member'), await t.makeUser('member')]
      const book = await t.makeBook({ copies_total: 1 })
      const loan = await borrowOk(t, owner, { book_id: book.id })
      assert.equal(await copiesAvailable(t, book.id), 0)
      assertProblem(await act(t, null, loan.id, 'return'), 401, 'token_missing')
      assertProblem(await act(t, other, loan.id, 'return'), 404, 'not_found')
      assert.equal(await copiesAvailable(t, book.id), 0)
      const response = await act(t, owner, loan.id, 'return')
      assert.equal(response.statusCode, 200, response.body)
      assertPrivate(response)
      assert.deepEqual(response.json(), { ...loan, returned_at: t.clock.now().toISOString(), status: 'returned' })
      assert.equal(await copiesAvailable(t, book.id), 1)
      assertProblem(await act(t, owner, loan.id, 'return'), 409, 'conflict')
      assert.equal(await copiesAvailable(t, book.id), 1)
      assertProblem(await act(t, owner, 999_999, 'return'), 404, 'not_found')
    })

    test('librarian and admin may return someone else’s loan', async () => {
      const owner = await t.makeUser('member')
      for (const staff of [librarian, admin]) {
        const book = await t.makeBook()
        const loan = await borrowOk(t, owner, { book_id: book.id })
        const response = await act(t, staff, loan.id, 'return')
        assert.equal(response.statusCode, 200, response.body)
        assert.equal(response.json().status, 'returned')
        assert.equal(await copiesAvailable(t, book.id), 2)
      }
    })

    test('two parallel returns of one loan: one 200, one 409, one copy back', async () => {
      const owner = await t.makeUser('member')
      const book = await t.makeBook({ copies_total: 2 })
      const loan = await borrowOk(t, owner, { book_id: book.id })
      const responses = await Promise.all([act(t, owner, loan.id, 'return'), act(t, librarian, loan.id, 'return')])
      assert.deepEqual(responses.map((r) => r.statusCode).sort(), [200, 409])
      assert.equal(await copiesAvailable(t, book.id), 2)
    })
  })

  describe('POST /api/v1/loans/{id}/renew', () => {
    test('due date + 14 days each time, at most 2 renewals (3rd → 409); anonymous 401, another member 404', async () => {
      const [owner, other] = [await t.makeUser('member'), await t.makeUser('member')]
      const loan = await borrowOk(t, owner, { book_id: (await t.makeBook()).id })
      assertProblem(await act(t, null, loan.id, 'renew'), 401, 'token_missing')
      assertProblem(await act(t, other, loan.id, 'renew'), 404, 'not_found')
      const first = await act(t, owner, loan.id, 'renew')
      assert.equal(first.statusCode, 200, first.body)
      assertPrivate(first)
      const due = Date.parse(loan.due_at)
      assert.deepEqual(first.json(), { ...loan, due_at: new Date(due + 14 * DAY_MS).toISOString(), renewals: 1 })
      const second = await act(t, owner, loan.id, 'renew')
      assert.equal(second.json().due_at, new Date(due + 28 * DAY_MS).toISOString())
      assert.equal(second.json().renewals, 2)
      assertProblem(await act(t, owner, loan.id, 'renew'), 409, 'conflict')
      assert.equal((await get(t, owner, `/api/v1/loans/${loan.id}`)).json().renewals, 2)
      assertProblem(await act(t, owner, 999_999, 'renew'), 404, 'not_found')
    })

    test('librarian and admin may renew someone else’s loan; a returned loan → 409', async () => {
      const owner = await t.makeUser('member')
      const loan = await borrowOk(t, owner, { book_id: (await t.makeBook()).id })
      assert.equal((await act(t, librarian, loan.id, 'renew')).json().renewals, 1)
      assert.equal((await act(t, admin, loan.id, 'renew')).json().renewals, 2)
      const other = await borrowOk(t, owner, { book_id: (await t.makeBook()).id })
      assert.equal((await act(t, owner, other.id, 'return')).statusCode, 200)
      assertProblem(await act(t, owner, other.id, 'renew'), 409, 'conflict')
    })

    test('parallel renewals never pass the limit of 2', async () => {
      const owner = await t.makeUser('member')
      const loan = await borrowOk(t, owner, { book_id: (await t.makeBook()).id })
      const responses = await Promise.all(Array.from({ length: 4 }, () => act(t, owner, loan.id, 'renew')))
      assert.equal(responses.filter((r) => r.statusCode === 200).length <= 2, true)
      for (const r of responses.filter((r) => r.statusCode !== 200)) assertProblem(r, 409, 'conflict')
      const stored = (await get(t, owner, `/api/v1/loans/${loan.id}`)).json()
      assert.equal(stored.renewals, responses.filter((r) => r.statusCode === 200).length)
      assert.equal(stored.due_at, new Date(Date.parse(loan.due_at) + stored.renewals * 14 * DAY_MS).toISOString())
    })
  })

  describe('GET /api/v1/loans', () => {
    test('a member sees only their own, newest first; a member naming another user_id → 403; staff see all and filter', async () => {
      const [alice, bob] = [await t.makeUser('member'), await t.makeUser('member')]
      const a1 = await borrowOk(t, alice, { book_id: (await t.makeBook()).id })
      const b1 = await borrowOk(t, bob, { book_id: (await t.makeBook()).id })
      const a2 = await borrowOk(t, alice, { book_id: (await t.makeBook()).id })
      const mine = await get(t, alice, '/api/v1/loans')
      assert.equal(mine.statusCode, 200)
      assertPrivate(mine)
      assert.deepEqual(ids(mine), [a2.id, a1.id])
      assert.equal(mine.json().total, 2)
      assert.deepEqual(ids(await get(t, alice, `/api/v1/loans?user_id=${alice.id}`)), [a2.id, a1.id])
      assertProblem(await get(t, alice, `/api/v1/loans?user_id=${bob.id}`), 403, 'forbidden')
      assertProblem(await get(t, null, '/api/v1/loans'), 401, 'token_missing')
      for (const staff of [librarian, admin]) {
        const all = ids(await get(t, staff, '/api/v1/loans?per_page=100'))
        for (const id of [a1.id, b1.id, a2.id]) assert.ok(all.includes(id))
        assert.deepEqual(ids(await get(t, staff, `/api/v1/loans?user_id=${bob.id}`)), [b1.id])
      }
    })

    test('status filter: active / returned; bad values → 422', async () => {
      const member = await t.makeUser('member')
      const kept = await borrowOk(t, member, { book_id: (await t.makeBook()).id })
      const back = await borrowOk(t, member, { book_id: (await t.makeBook()).id })
      await act(t, member, back.id, 'return')
      assert.deepEqual(ids(await get(t, member, '/api/v1/loans?status=active')), [kept.id])
      assert.deepEqual(ids(await get(t, member, '/api/v1/loans?status=returned')), [back.id])
      assert.deepEqual(ids(await get(t, member, '/api/v1/loans?status=overdue')), [])
      const list = (await get(t, member, '/api/v1/loans')).json()
      assert.deepEqual(list.items.map((l: LoanBody) => l.status), ['returned', 'active'])
      for (const query of ['status=lost', 'page=0', 'per_page=0', 'per_page=101', 'user_id=0', 'unknown=1']) {
        assertProblem(await get(t, member, `/api/v1/loans?${query}`), 422, 'validation_error')
      }
    })

    test('offset pagination: {items, page, per_page, total, total_pages} and an RFC 8288 Link header', async () => {
      const member = await t.makeUser('member')
      const loans: LoanBody[] = []
      for (let i = 0; i < 5; i++) loans.push(await borrowOk(t, member, { book_id: (await t.makeBook()).id }))
      const newestFirst = loans.map((l) => l.id).reverse()
      const page2 = await get(t, member, '/api/v1/loans?per_page=2&page=2')
      assert.equal(page2.statusCode, 200)
      const body = page2.json()
      assert.deepEqual({ page: body.page, per_page: body.per_page, total: body.total, total_pages: body.total_pages }, { page: 2, per_page: 2, total: 5, total_pages: 3 })
      assert.deepEqual(ids(page2), newestFirst.slice(2, 4))
      const link = String(page2.headers.link)
      assert.match(link, /<\/api\/v1\/loans\?per_page=2&page=1>; rel="first"/)
      assert.match(link, /<\/api\/v1\/loans\?per_page=2&page=1>; rel="prev"/)
      assert.match(link, /<\/api\/v1\/loans\?per_page=2&page=3>; rel="next"/)
      assert.match(link, /<\/api\/v1\/loans\?per_page=2&page=3>; rel="last"/)
      assert.deepEqual(ids(await get(t, member, '/api/v1/loans?per_page=2&page=3')), newestFirst.slice(4))
      const beyond = (await get(t, member, '/api/v1/loans?per_page=2&page=9')).json()
      assert.deepEqual(beyond.items, [])
      assert.equal(beyond.total, 5)
    })
  })

  describe('GET /api/v1/users/{id}/loans', () => {
    test('self, librarian and admin 200; another member 403; a missing user 404 for staff (403 for a member); anonymous 401', async () => {
      const [alice, bob] = [await t.makeUser('member'), await t.makeUser('member')]
      const a1 = await borrowOk(t, alice, { book_id: (await t.makeBook()).id })
      await borrowOk(t, bob, { book_id: (await t.makeBook()).id })
      const url = `/api/v1/users/${alice.id}/loans`
      const self = await get(t, alice, url)
      assert.equal(self.statusCode, 200)
      assertPrivate(self)
      assert.deepEqual(self.json().items, [a1])
      for (const staff of [librarian, admin]) assert.deepEqual(ids(await get(t, staff, url)), [a1.id])
      assertPrivate(assertProblemAndReturn(await get(t, bob, url), 403, 'forbidden'))
      assertProblem(await get(t, librarian, '/api/v1/users/999999/loans'), 404, 'not_found')
      assertProblem(await get(t, bob, '/api/v1/users/999999/loans'), 403, 'forbidden')
      assertProblem(await get(t, null, url), 401, 'token_missing')
      assert.deepEqual(ids(await get(t, librarian, `/api/v1/users/${librarian.id}/loans`)), [])
    })

    test('status filter and offset pagination with Link', async () => {
      const member = await t.makeUser('member')
      const loans: LoanBody[] = []
      for (let i = 0; i < 3; i++) loans.push(await borrowOk(t, member, { book_id: (await t.makeBook()).id }))
      await act(t, member, loans[0]!.id, 'return')
      const url = `/api/v1/users/${member.id}/loans`
      assert.deepEqual(ids(await get(t, member, `${url}?status=returned`)), [loans[0]!.id])
      assert.deepEqual(ids(await get(t, member, `${url}?status=active`)), [loans[2]!.id, loans[1]!.id])
      const page = await get(t, librarian, `${url}?per_page=1`)
      assert.equal(page.json().total_pages, 3)
      assert.match(String(page.headers.link), new RegExp(`<${url}\\?per_page=1&page=2>; rel="next"`))
      assertProblem(await get(t, member, `${url}?user_id=1`), 422, 'validation_error')
    })
  })

  describe('OpenAPI', () => {
    test('every loan route is documented: tag, operationId, summary, bearer security, problems; Loan has examples', async () => {
      const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
      const operations: [string, string, string[]][] = [
        ['/api/v1/loans', 'post', ['201', '401', '403', '404', '409', '422']],
        ['/api/v1/loans', 'get', ['200', '401', '403', '422']],
        ['/api/v1/loans/{id}', 'get', ['200', '304', '401', '404', '422']],
        ['/api/v1/loans/{id}/return', 'post', ['200', '401', '404', '409', '422']],
        ['/api/v1/loans/{id}/renew', 'post', ['200', '401', '404', '409', '422']],
        ['/api/v1/users/{id}/loans', 'get', ['200', '401', '403', '404', '422']],
      ]
      const seen = new Set<string>()
      for (const [path, method, statuses] of operations) {
        const op = doc.paths[path]?.[method]
        assert.ok(op, `${method} ${path} missing`)
        assert.deepEqual(op.tags, ['loans'])
        assert.ok(op.operationId && op.summary, `${method} ${path}`)
        seen.add(op.operationId)
        assert.deepEqual(op.security, [{ bearerAuth: [] }])
        for (const status of statuses) assert.ok(op.responses[status], `${method} ${path} ${status}`)
      }
      assert.equal(seen.size, operations.length)
      const borrow = doc.paths['/api/v1/loans'].post
      const header = borrow.parameters.find((p: { in: string; name: string }) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')
      assert.ok(header, 'Idempotency-Key header documented')
      assert.match(header.schema.description ?? header.description, /24 h/)
      assert.ok(doc.components.schemas.Loan.examples.length > 0)
    })
  })
})

describe('loans as time passes', () => {
  test('past due_at a loan is overdue: listed as overdue, renewal refused (409), return still works', withApp(async (t) => {
    let member = await t.makeUser('member')
    const book = await t.makeBook()
    const loan = await borrowOk(t, member, { book_id: book.id })
    // Exactly at the due time the loan is not yet overdue.
    t.clock.advance(14 * DAY_MS)
    member = await signInAgain(t, member)
    assert.equal((await get(t, member, `/api/v1/loans/${loan.id}`)).json().status, 'active')
    t.clock.advance(1 * DAY_MS)
    member = await signInAgain(t, member)
    const read = (await get(t, member, `/api/v1/loans/${loan.id}`)).json()
    assert.equal(read.status, 'overdue')
    assert.deepEqual(ids(await get(t, member, '/api/v1/loans?status=overdue')), [loan.id])
    assert.deepEqual(ids(await get(t, member, '/api/v1/loans?status=active')), [])
    assert.deepEqual(ids(await get(t, member, `/api/v1/users/${member.id}/loans?status=overdue`)), [loan.id])
    const librarian = await t.makeUser('librarian')
    for (const who of [member, librarian]) assertProblem(await act(t, who, loan.id, 'renew'), 409, 'conflict')
    assert.equal((await get(t, member, `/api/v1/loans/${loan.id}`)).json().due_at, loan.due_at)
    const returned = await act(t, member, loan.id, 'return')
    assert.equal(returned.json().status, 'returned')
    assert.equal(returned.json().returned_at, t.clock.now().toISOString())
    assert.equal(await copiesAvailable(t, book.id), 2)
  }))

  test('a renewal just before the due date extends from the due date, not from now', withApp(async (t) => {
    let member = await t.makeUser('member')
    const loan = await borrowOk(t, member, { book_id: (await t.makeBook()).id })
    t.clock.advance(13 * DAY_MS)
    member = await signInAgain(t, member)
    const renewed = await act(t, member, loan.id, 'renew')
    assert.equal(renewed.statusCode, 200, renewed.body)
    assert.equal(renewed.json().due_at, new Date(Date.parse(loan.due_at) + 14 * DAY_MS).toISOString())
    assert.equal(renewed.json().status, 'active')
  }))
})

function assertProblemAndReturn(response: Parameters<typeof assertProblem>[0], status: number, code: string) {
  assertProblem(response, status, code)
  return response
}
