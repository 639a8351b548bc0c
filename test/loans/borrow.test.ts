import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, type TestContext, type TestUser } from '../helper.ts'
import { assertPrivate, assertProblem, borrow, borrowOk, copiesAvailable, DAY_MS, type LoanBody, openLoansInDb, signInAgain, withApp } from './loans-helpers.ts'

let t: TestContext
let librarian: TestUser
let admin: TestUser

// One app for the tests that leave the clock alone; the tests that move it build their own, after
// this one is closed (only one test app lives at a time).
describe('POST /api/v1/loans', () => {
  before(async () => {
    t = await buildTestApp()
    librarian = await t.makeUser('librarian')
    admin = await t.makeUser('admin')
  })
  after(async () => t.close())

  test('a member borrows for self: 201, Location, due in 14 days, active; the copy is gone from the very next book read', async () => {
    const member = await t.makeUser('member')
    const book = await t.makeBook({ copies_total: 3 })
    assert.equal(await copiesAvailable(t, book.id), 3)
    const response = await borrow(t, member, { book_id: book.id })
    assert.equal(response.statusCode, 201, response.body)
    assertPrivate(response)
    const loan: LoanBody = response.json()
    assert.equal(response.headers.location, `/api/v1/loans/${loan.id}`)
    assert.equal(response.headers['idempotent-replayed'], undefined)
    const now = t.clock.now()
    assert.deepEqual(loan, {
      id: loan.id,
      book_id: book.id,
      user_id: member.id,
      borrowed_at: now.toISOString(),
      due_at: new Date(now.getTime() + 14 * DAY_MS).toISOString(),
      returned_at: null,
      renewals: 0,
      status: 'active',
    })
    assert.equal(await copiesAvailable(t, book.id), 2)
    const read = await t.inject({ method: 'GET', url: String(response.headers.location), headers: member.auth })
    assert.equal(read.statusCode, 200)
    assert.deepEqual(read.json(), loan)
  })

  test('a member may name their own user_id', async () => {
    const member = await t.makeUser('member')
    const book = await t.makeBook()
    const loan = await borrowOk(t, member, { book_id: book.id, user_id: member.id })
    assert.equal(loan.user_id, member.id)
  })

  test('a missing book is 404; the body is validated (422 naming the field)', async () => {
    const member = await t.makeUser('member')
    assertProblem(await borrow(t, member, { book_id: 999_999 }), 404, 'not_found')
    const missing = assertProblem(await borrow(t, member, {}), 422, 'validation_error')
    assert.deepEqual(missing.errors?.map((e) => e.field), ['book_id'])
    const extra = assertProblem(await borrow(t, member, { book_id: 1, due_at: '2030-01-01T00:00:00.000Z' }), 422, 'validation_error')
    assert.deepEqual(extra.errors?.map((e) => e.field), ['due_at'])
    assertProblem(await borrow(t, member, { book_id: 'abc' }), 422, 'validation_error')
    assertProblem(await borrow(t, member, { book_id: 0 }), 422, 'validation_error')
    assert.equal(await openLoansInDb(t, { userId: member.id }), 0)
  })

  test('no free copy is 409 not_available, and nothing changes', async () => {
    const [first, second] = [await t.makeUser('member'), await t.makeUser('member')]
    const book = await t.makeBook({ copies_total: 1 })
    await borrowOk(t, first, { book_id: book.id })
    const body = assertProblem(await borrow(t, second, { book_id: book.id }), 409, 'not_available')
    assert.ok(body.detail)
    assert.equal(await copiesAvailable(t, book.id), 0)
    assert.equal(await openLoansInDb(t, { userId: second.id }), 0)
    const none = await t.makeBook({ copies_total: 0 })
    assertProblem(await borrow(t, second, { book_id: none.id }), 409, 'not_available')
  })

  test('the same book already on loan to the user is 409 conflict; the copy count is untouched', async () => {
    const member = await t.makeUser('member')
    const book = await t.makeBook({ copies_total: 3 })
    await borrowOk(t, member, { book_id: book.id })
    assertProblem(await borrow(t, member, { book_id: book.id }), 409, 'conflict')
    assert.equal(await copiesAvailable(t, book.id), 2)
    assert.equal(await openLoansInDb(t, { userId: member.id, bookId: book.id }), 1)
  })

  test('a member may hold 5 loans: the 6th is 409 loan_limit_reached', async () => {
    const member = await t.makeUser('member')
    for (let i = 0; i < 5; i++) await borrowOk(t, member, { book_id: (await t.makeBook()).id })
    const extra = await t.makeBook()
    assertProblem(await borrow(t, member, { book_id: extra.id }), 409, 'loan_limit_reached')
    assert.equal(await copiesAvailable(t, extra.id), 2)
    assert.equal(await openLoansInDb(t, { userId: member.id }), 5)
  })

  test('a premium member may hold 10 loans: the 11th is 409 loan_limit_reached', async () => {
    const premium = await t.makeUser('premium')
    for (let i = 0; i < 10; i++) await borrowOk(t, premium, { book_id: (await t.makeBook()).id })
    assertProblem(await borrow(t, premium, { book_id: (await t.makeBook()).id }), 409, 'loan_limit_reached')
    assert.equal(await openLoansInDb(t, { userId: premium.id }), 10)
  })

  test('staff lending to a member applies the member’s limit (5), not their own', async () => {
    const member = await t.makeUser('member')
    for (let i = 0; i < 5; i++) await borrowOk(t, librarian, { book_id: (await t.makeBook()).id, user_id: member.id })
    assertProblem(await borrow(t, librarian, { book_id: (await t.makeBook()).id, user_id: member.id }), 409, 'loan_limit_reached')
  })

  test('borrowing for someone else: anonymous 401, member 403, librarian and admin 201 (the loan is the member’s)', async () => {
    const member = await t.makeUser('member')
    const other = await t.makeUser('member')
    const book = await t.makeBook({ copies_total: 5 })
    const anonymous = assertProblem(await borrow(t, null, { book_id: book.id, user_id: member.id }), 401, 'token_missing')
    assert.ok(anonymous)
    assert.match(String((await borrow(t, null, { book_id: book.id })).headers['www-authenticate']), /^Bearer/)
    assertProblem(await borrow(t, other, { book_id: book.id, user_id: member.id }), 403, 'forbidden')
    assert.equal(await openLoansInDb(t, { userId: member.id }), 0)
    const byLibrarian = await borrowOk(t, librarian, { book_id: book.id, user_id: member.id })
    assert.equal(byLibrarian.user_id, member.id)
    const byAdmin = await borrowOk(t, admin, { book_id: book.id, user_id: other.id })
    assert.equal(byAdmin.user_id, other.id)
    assert.equal(await copiesAvailable(t, book.id), 3)
  })

  test('staff naming an unknown user is 404; a deactivated borrower is 409 conflict', async () => {
    const book = await t.makeBook()
    assertProblem(await borrow(t, librarian, { book_id: book.id, user_id: 999_999 }), 404, 'not_found')
    const member = await t.makeUser('member')
    await t.app.db.updateTable('users').set({ is_active: 0 }).where('id', '=', member.id).execute()
    assertProblem(await borrow(t, admin, { book_id: book.id, user_id: member.id }), 409, 'conflict')
    assert.equal(await copiesAvailable(t, book.id), 2)
  })

  describe('under concurrency', () => {
    test('10 parallel borrows (10 users) of a book with 3 free copies: exactly 3 loans, 7 not_available', async () => {
      const users = await Promise.all(Array.from({ length: 10 }, () => t.makeUser('member')))
      const book = await t.makeBook({ copies_total: 3 })
      const responses = await Promise.all(users.map((u) => borrow(t, u, { book_id: book.id })))
      const created = responses.filter((r) => r.statusCode === 201)
      const refused = responses.filter((r) => r.statusCode === 409)
      assert.equal(created.length, 3, responses.map((r) => r.statusCode).join(','))
      assert.equal(refused.length, 7)
      for (const r of refused) assert.equal(r.json().code, 'not_available')
      assert.equal(new Set(created.map((r) => r.json().user_id)).size, 3)
      assert.equal(await copiesAvailable(t, book.id), 0)
      assert.equal(await openLoansInDb(t, { bookId: book.id }), 3)
    })

    test('parallel borrows by one member near the limit never exceed it (4 held + 5 asked → 1 more)', async () => {
      const member = await t.makeUser('member')
      for (let i = 0; i < 4; i++) await borrowOk(t, member, { book_id: (await t.makeBook()).id })
      const books = await Promise.all(Array.from({ length: 5 }, () => t.makeBook()))
      const responses = await Promise.all(books.map((b) => borrow(t, member, { book_id: b.id })))
      const codes = responses.map((r) => r.statusCode).sort()
      assert.deepEqual(codes, [201, 409, 409, 409, 409])
      for (const r of responses.filter((r) => r.statusCode === 409)) assert.equal(r.json().code, 'loan_limit_reached')
      assert.equal(await openLoansInDb(t, { userId: member.id }), 5)
      const available = await Promise.all(books.map((b) => copiesAvailable(t, b.id)))
      assert.deepEqual(available.sort(), [1, 2, 2, 2, 2])
    })

    test('parallel borrows of one book by one member: one loan, the rest 409 conflict, one copy taken', async () => {
      const member = await t.makeUser('member')
      const book = await t.makeBook({ copies_total: 5 })
      const responses = await Promise.all(Array.from({ length: 5 }, () => borrow(t, member, { book_id: book.id })))
      assert.deepEqual(responses.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409])
      for (const r of responses.filter((r) => r.statusCode === 409)) assert.equal(r.json().code, 'conflict')
      assert.equal(await copiesAvailable(t, book.id), 4)
    })
  })
})

describe('POST /api/v1/loans as time passes', () => {
  test('overdue loans still count towards the limit; a return frees a slot', withApp(async (t) => {
    let member = await t.makeUser('member')
    const loans: LoanBody[] = []
    for (let i = 0; i < 5; i++) loans.push(await borrowOk(t, member, { book_id: (await t.makeBook()).id }))
    const book = await t.makeBook()
    t.clock.advance(15 * DAY_MS)
    member = await signInAgain(t, member)
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/loans/${loans[0]!.id}`, headers: member.auth })).json().status, 'overdue')
    assertProblem(await borrow(t, member, { book_id: book.id }), 409, 'loan_limit_reached')
    const returned = await t.inject({ method: 'POST', url: `/api/v1/loans/${loans[0]!.id}/return`, headers: member.auth })
    assert.equal(returned.statusCode, 200)
    // The slot is free again, and a returned book may be borrowed again by the same user.
    const again = await borrowOk(t, member, { book_id: loans[0]!.book_id })
    assert.notEqual(again.id, loans[0]!.id)
    assertProblem(await borrow(t, member, { book_id: book.id }), 409, 'loan_limit_reached')
  }))
})
