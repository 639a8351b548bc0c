import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertProblem, buildTestApp, type TestContext, type TestUser } from '../helper.ts'

// GET /api/v1/admin/audit-log: admin only, newest first, offset pagination with Link, filters
// event, user_id, since, until (RFC 3339; 422 otherwise), never cached.

let t: TestContext
let admin: TestUser
let member: TestUser
const url = '/api/v1/admin/audit-log'

before(async () => {
  t = await buildTestApp()
  admin = await t.makeUser('admin') // login_succeeded at 10:00
  t.clock.advance(60_000)
  member = await t.makeUser('member') // login_succeeded at 10:01
  t.clock.advance(60_000)
  // login_failed for the member at 10:02
  await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: member.username, password: 'Wrong-Passw0rd!' } })
})
after(async () => t.close())

test('admin only: librarian and member 403, anonymous 401', async () => {
  const librarian = await t.makeUser('librarian')
  assertProblem(await t.inject({ method: 'GET', url, headers: librarian.auth }), 403, 'forbidden')
  assertProblem(await t.inject({ method: 'GET', url, headers: member.auth }), 403, 'forbidden')
  assertProblem(await t.inject({ method: 'GET', url }), 401, 'token_missing')
  const ok = await t.inject({ method: 'GET', url, headers: admin.auth })
  assert.equal(ok.statusCode, 200)
  assert.equal(ok.headers['cache-control'], 'private, no-store')
})

test('newest first, paginated with Link', async () => {
  const all = (await t.inject({ method: 'GET', url: `${url}?per_page=100`, headers: admin.auth })).json()
  const ids = all.items.map((row: { id: number }) => row.id)
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a))
  assert.ok(all.total >= 3)
  const page = await t.inject({ method: 'GET', url: `${url}?per_page=1&page=2`, headers: admin.auth })
  assert.equal(page.statusCode, 200)
  assert.deepEqual(page.json().items.map((row: { id: number }) => row.id), [ids[1]])
  assert.equal(page.json().total, all.total)
  assert.match(String(page.headers.link), /rel="prev".*rel="next".*rel="last"/)
  for (const row of all.items) {
    assert.ok(!('hash' in row) && !('prev_hash' in row), 'the chain hashes stay inside')
  }
})

test('filters: event, user_id, since and until (inclusive, any offset)', async () => {
  const get = async (query: string) => {
    const response = await t.inject({ method: 'GET', url: `${url}?per_page=100&${query}`, headers: admin.auth })
    assert.equal(response.statusCode, 200, response.body)
    return response.json().items as { event: string; user_id: number | null; at: string }[]
  }
  const failed = await get('event=login_failed')
  assert.deepEqual(failed.map((r) => [r.event, r.user_id]), [['login_failed', member.id]])
  const mine = await get(`user_id=${member.id}`)
  // The member's 403 of the first test is an access_denied about them.
  assert.deepEqual(mine.map((r) => r.event), ['access_denied', 'login_failed', 'login_succeeded'])
  assert.deepEqual((await get(`user_id=${member.id}&event=login_succeeded`)).map((r) => r.at), ['2026-11-21T10:01:00.000Z'])
  const window = await get('since=2026-11-21T10:00:30Z&until=2026-11-21T10:01:00.000Z')
  assert.deepEqual(window.map((r) => [r.event, r.user_id]), [['login_succeeded', member.id]])
  // The same instant written with an offset.
  const offset = await get('since=2026-11-21T11:01:30%2B01:00')
  assert.ok(offset.every((r) => r.at >= '2026-11-21T10:01:30.000Z') && offset.some((r) => r.event === 'login_failed'))
  assert.deepEqual(await get('until=2026-11-21T09:00:00Z'), [])
})

test('bad filters are 422 naming the field', async () => {
  for (const [query, field] of [
    ['event=coffee_break', 'event'],
    ['user_id=0', 'user_id'],
    ['user_id=abc', 'user_id'],
    ['since=yesterday', 'since'],
    ['until=2026-13-45T99:00:00Z', 'until'],
    ['per_page=500', 'per_page'],
  ] as const) {
    const problem = assertProblem(await t.inject({ method: 'GET', url: `${url}?${query}`, headers: admin.auth }), 422, 'validation_error')
    assert.ok(problem.errors?.some((e) => e.field.includes(field)), `${query}: ${JSON.stringify(problem.errors)}`)
  }
  assertProblem(await t.inject({ method: 'GET', url: `${url}?actor=1`, headers: admin.auth }), 422, 'validation_error')
})
