import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { requestHash } from '../../src/shared/idempotency.ts'
import { buildTestApp, TEST_DB, type TestContext } from '../helper.ts'
import { act, assertPrivate, assertProblem, borrow, copiesAvailable, openLoansInDb, signInAgain, withApp } from './loans-helpers.ts'

let t: TestContext

const key = (() => {
  let n = 0
  return () => `key-${Date.now().toString(36)}-${n++}`
})()

const keyRow = (t: TestContext, userId: number, k: string) =>
  t.app.db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', k).executeTakeFirst()

describe('Idempotency-Key on POST /api/v1/loans, clock standing still', () => {
  before(async () => {
    t = await buildTestApp()
  })
  after(async () => t.close())

  test('a repeat with the same key and body replays the first response (status, body, Location) with Idempotent-Replayed: true', async () => {
    const member = await t.makeUser('member')
    const book = await t.makeBook({ copies_total: 3 })
    const k = key()
    const first = await borrow(t, member, { book_id: book.id }, { 'idempotency-key': k })
    assert.equal(first.statusCode, 201, first.body)
    assert.equal(first.headers['idempotent-replayed'], undefined)
    const repeat = await borrow(t, member, { book_id: book.id }, { 'idempotency-key': k })
    assert.equal(repeat.statusCode, 201, repeat.body)
    assert.equal(repeat.headers['idempotent-replayed'], 'true')
    assert.equal(repeat.headers.location, first.headers.location)
    assert.equal(repeat.body, first.body)
    assertPrivate(repeat)
    assert.equal(await openLoansInDb(t, { userId: member.id }), 1)
    assert.equal(await copiesAvailable(t, book.id), 2)
    const row = await keyRow(t, member.id, k)
    assert.equal(row?.response_status, 201)
    assert.equal(row?.request_hash, requestHash('POST', '/api/v1/loans', { book_id: book.id }))
  })

  test('the body is compared canonically: same members in another order replay', async () => {
    const member = await t.makeUser('member')
    const book = await t.makeBook()
    const k = key()
    const first = await borrow(t, member, { book_id: book.id, user_id: member.id }, { 'idempotency-key': k })
    assert.equal(first.statusCode, 201)
    const repeat = await t.inject({
      method: 'POST',
      url: '/api/v1/loans',
      headers: { ...member.auth, 'idempotency-key': k, 'content-type': 'application/json' },
      payload: `{ "user_id": ${member.id},   "book_id": ${book.id} }`,
    })
    assert.equal(repeat.statusCode, 201)
    assert.equal(repeat.headers['idempotent-replayed'], 'true')
    assert.equal(repeat.body, first.body)
  })

  test('the same key with another body → 422 idempotency_key_mismatch, nothing borrowed', async () => {
    const member = await t.makeUser('member')
    const [book, other] = [await t.makeBook(), await t.makeBook()]
    const k = key()
    assert.equal((await borrow(t, member, { book_id: book.id }, { 'idempotency-key': k })).statusCode, 201)
    assertProblem(await borrow(t, member, { book_id: other.id }, { 'idempotency-key': k }), 422, 'idempotency_key_mismatch')
    assert.equal(await copiesAvailable(t, other.id), 2)
    assert.equal(await openLoansInDb(t, { userId: member.id }), 1)
  })

  test('a repeat while the first is in flight → 409 idempotency_in_flight with Retry-After (another body → 422)', async () => {
    const member = await t.makeUser('member')
    const book = await t.makeBook()
    const k = key()
    await t.app.db
      .insertInto('idempotency_keys')
      .values({ user_id: member.id, key: k, request_hash: requestHash('POST', '/api/v1/loans', { book_id: book.id }), response_status: null, response_body: null, created_at: t.clock.now().toISOString() })
      .execute()
    const inFlight = await borrow(t, member, { book_id: book.id }, { 'idempotency-key': k })
    assertProblem(inFlight, 409, 'idempotency_in_flight')
    assert.equal(inFlight.headers['retry-after'], '1')
    assertProblem(await borrow(t, member, { book_id: book.id + 1 }, { 'idempotency-key': k }), 422, 'idempotency_key_mismatch')
    assert.equal(await copiesAvailable(t, book.id), 2)
    assert.equal((await keyRow(t, member.id, k))?.response_status, null)
  })

  test('two concurrent requests with one key: one loan; the other is in flight (409) or a replay', async () => {
    const member = await t.makeUser('member')
    const book = await t.makeBook({ copies_total: 5 })
    const k = key()
    const responses = await Promise.all([0, 1, 2].map(() => borrow(t, member, { book_id: book.id }, { 'idempotency-key': k })))
    const fresh = responses.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined)
    assert.equal(fresh.length, 1, responses.map((r) => `${r.statusCode} ${r.body}`).join('\n'))
    for (const r of responses.filter((r) => r !== fresh[0])) {
      if (r.statusCode === 201) {
        assert.equal(r.headers['idempotent-replayed'], 'true')
        assert.equal(r.body, fresh[0]!.body)
      } else {
        assertProblem(r, 409, 'idempotency_in_flight')
      }
    }
    assert.equal(await openLoansInDb(t, { userId: member.id }), 1)
    assert.equal(await copiesAvailable(t, book.id), 4)
  })

  test('keys are per user: two users may use the same key for different requests', async () => {
    const [alice, bob] = [await t.makeUser('member'), await t.makeUser('member')]
    const [b1, b2] = [await t.makeBook(), await t.makeBook()]
    const k = key()
    const a = await borrow(t, alice, { book_id: b1.id }, { 'idempotency-key': k })
    const b = await borrow(t, bob, { book_id: b2.id }, { 'idempotency-key': k })
    assert.equal(a.statusCode, 201)
    assert.equal(b.statusCode, 201)
    assert.equal(b.headers['idempotent-replayed'], undefined)
    assert.equal(b.json().user_id, bob.id)
    // The same key and body from a third user is not a replay of the first user's response.
    const carol = await t.makeUser('member')
    const c = await borrow(t, carol, { book_id: b1.id }, { 'idempotency-key': k })
    assert.equal(c.statusCode, 201)
    assert.equal(c.headers['idempotent-replayed'], undefined)
    assert.equal(c.json().user_id, carol.id)
  })

  test('a 4xx outcome of the borrow is stored and replayed, even after the cause is gone; a new key tries again', async () => {
    const [holder, member] = [await t.makeUser('member'), await t.makeUser('member')]
    const book = await t.makeBook({ copies_total: 1 })
    const held = await borrow(t, holder, { book_id: book.id })
    const k = key()
    const refused = assertProblem(await borrow(t, member, { book_id: book.id }, { 'idempotency-key': k }), 409, 'not_available')
    assert.equal((await keyRow(t, member.id, k))?.response_status, 409)
    assert.equal((await act(t, holder, held.json().id, 'return')).statusCode, 200)
    const replay = await borrow(t, member, { book_id: book.id }, { 'idempotency-key': k })
    const replayed = assertProblem(replay, 409, 'not_available')
    assert.equal(replay.headers['idempotent-replayed'], 'true')
    assert.equal(replayed.detail, refused.detail)
    assert.notEqual((replayed as { request_id?: string }).request_id, (refused as { request_id?: string }).request_id)
    assert.equal(await copiesAvailable(t, book.id), 1)
    const fresh = await borrow(t, member, { book_id: book.id }, { 'idempotency-key': key() })
    assert.equal(fresh.statusCode, 201)
    // A stored 404 replays as well.
    const k404 = key()
    assertProblem(await borrow(t, member, { book_id: 999_999 }, { 'idempotency-key': k404 }), 404, 'not_found')
    assert.equal((await borrow(t, member, { book_id: 999_999 }, { 'idempotency-key': k404 })).headers['idempotent-replayed'], 'true')
  })

  test('an unexpected failure (500) stores nothing: the key is released and a retry with it runs the borrow', async () => {
    const member = await t.makeUser('member')
    const book = await t.makeBook()
    const k = key()
    if (TEST_DB === 'postgres') {
      await sql`create function loans_fail() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`.execute(t.app.db)
      await sql`create trigger loans_fail before insert on loans for each row execute function loans_fail()`.execute(t.app.db)
    } else {
      await sql`create trigger loans_fail before insert on loans begin select raise(abort, 'boom'); end`.execute(t.app.db)
    }
    try {
      // 500 is not a documented status of the route, so this one request bypasses the OpenAPI check.
      const failed = await t.app.inject({ method: 'POST', url: '/api/v1/loans', headers: { ...member.auth, 'idempotency-key': k }, payload: { book_id: book.id } })
      assertProblem(failed, 500, 'internal_error')
      assert.doesNotMatch(failed.body, /boom|insert/i)
    } finally {
      await sql`drop trigger loans_fail${sql.raw(TEST_DB === 'postgres' ? ' on loans' : '')}`.execute(t.app.db)
      if (TEST_DB === 'postgres') await sql`drop function loans_fail()`.execute(t.app.db)
    }
    assert.equal(await keyRow(t, member.id, k), undefined)
    assert.equal(await copiesAvailable(t, book.id), 2)
    const retry = await borrow(t, member, { book_id: book.id }, { 'idempotency-key': k })
    assert.equal(retry.statusCode, 201, retry.body)
    assert.equal(retry.headers['idempotent-replayed'], undefined)
    assert.equal(await copiesAvailable(t, book.id), 1)
  })

  test('key format: 1–255 printable ASCII characters, else 422 naming the header; nothing is borrowed', async () => {
    const member = await t.makeUser('member')
    const book = await t.makeBook()
    for (const bad of ['', 'k'.repeat(256), 'clé', 'tab\there']) {
      const body = assertProblem(await borrow(t, member, { book_id: book.id }, { 'idempotency-key': bad }), 422, 'validation_error')
      assert.deepEqual(body.errors?.map((e) => e.field), ['idempotency-key'], bad)
    }
    assert.equal(await copiesAvailable(t, book.id), 2)
    const longest = await borrow(t, member, { book_id: book.id }, { 'idempotency-key': `~ !${'k'.repeat(252)}` })
    assert.equal(longest.statusCode, 201, longest.body)
  })

  test('validation and authentication failures never touch a key', async () => {
    const member = await t.makeUser('member')
    const k = key()
    assertProblem(await borrow(t, member, { book_id: 'x' }, { 'idempotency-key': k }), 422, 'validation_error')
    assertProblem(await borrow(t, null, { book_id: 1 }, { 'idempotency-key': k }), 401, 'token_missing')
    assert.equal(await keyRow(t, member.id, k), undefined)
  })
})

describe('Idempotency-Key as time passes', () => {
  test('keys are kept 24 h: later the same key starts a new request (another body is no longer a mismatch)', withApp(async (t) => {
    let member = await t.makeUser('member')
    const [book, other] = [await t.makeBook(), await t.makeBook()]
    const k = key()
    assert.equal((await borrow(t, member, { book_id: book.id }, { 'idempotency-key': k })).statusCode, 201)
    t.clock.advance(24 * 3_600_000 - 60_000)
    member = await signInAgain(t, member)
    assertProblem(await borrow(t, member, { book_id: other.id }, { 'idempotency-key': k }), 422, 'idempotency_key_mismatch')
    assert.equal((await borrow(t, member, { book_id: book.id }, { 'idempotency-key': k })).headers['idempotent-replayed'], 'true')
    t.clock.advance(120_000)
    member = await signInAgain(t, member)
    const later = await borrow(t, member, { book_id: other.id }, { 'idempotency-key': k })
    assert.equal(later.statusCode, 201, later.body)
    assert.equal(later.headers['idempotent-replayed'], undefined)
    assert.equal(later.json().book_id, other.id)
    assert.equal((await keyRow(t, member.id, k))?.request_hash, requestHash('POST', '/api/v1/loans', { book_id: other.id }))
  }))

  test('an in-flight key abandoned for over 5 min (the process died) may be taken over by a repeat', withApp(async (t) => {
    let member = await t.makeUser('member')
    const book = await t.makeBook()
    const k = key()
    await t.app.db
      .insertInto('idempotency_keys')
      .values({ user_id: member.id, key: k, request_hash: requestHash('POST', '/api/v1/loans', { book_id: book.id }), response_status: null, response_body: null, created_at: t.clock.now().toISOString() })
      .execute()
    t.clock.advance(4 * 60_000)
    assertProblem(await borrow(t, member, { book_id: book.id }, { 'idempotency-key': k }), 409, 'idempotency_in_flight')
    t.clock.advance(2 * 60_000)
    member = await signInAgain(t, member)
    const taken = await borrow(t, member, { book_id: book.id }, { 'idempotency-key': k })
    assert.equal(taken.statusCode, 201, taken.body)
    assert.equal((await keyRow(t, member.id, k))?.response_status, 201)
  }))
})
