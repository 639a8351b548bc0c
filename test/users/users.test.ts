import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, STRONG_PASSWORD, type TestContext, type TestUser } from '../helper.ts'

let t: TestContext
let admin: TestUser
let librarian: TestUser
before(async () => {
  t = await buildTestApp()
  admin = await t.makeUser('admin')
  librarian = await t.makeUser('librarian')
})
after(async () => t.close())

const getUser = (id: number, headers?: Record<string, string>) => t.inject({ method: 'GET', url: `/api/v1/users/${id}`, headers })
const patch = (id: number, payload: Record<string, unknown>, headers?: Record<string, string>) => t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers, payload })

describe('GET /api/v1/users/{id}', () => {
  test('self, admin and librarian see the full record; another member and anonymous the public profile', async () => {
    const user = await t.makeUser('member')
    const other = await t.makeUser('member')
    for (const viewer of [user, admin, librarian]) {
      const body = (await getUser(user.id, viewer.auth)).json()
      assert.equal(body.email, user.email, viewer.username)
      assert.deepEqual(body.roles, ['member'])
    }
    for (const headers of [other.auth, undefined]) {
      const response = await getUser(user.id, headers)
      assert.equal(response.statusCode, 200)
      assert.deepEqual(Object.keys(response.json()).sort(), ['created_at', 'id', 'username'])
      assert.doesNotMatch(response.body, /@example\.org/)
    }
  })

  test('404 for a missing user; ETag and 304', async () => {
    assert.equal((await getUser(999999)).statusCode, 404)
    const first = await getUser(admin.id, admin.auth)
    const again = await getUser(admin.id, { ...admin.auth, 'if-none-match': String(first.headers.etag) })
    assert.equal(again.statusCode, 304)
    assert.equal(first.headers['cache-control'], 'private, no-store')
  })
})

describe('GET /api/v1/users', () => {
  test('admin and librarian list with filters and pagination; members are 403, anonymous 401', async () => {
    await t.makeUser('premium', 'premium_findme')
    const byRole = await t.inject({ method: 'GET', url: '/api/v1/users?role=premium', headers: librarian.auth })
    assert.equal(byRole.statusCode, 200)
    assert.ok(byRole.json().items.every((u: { roles: string[] }) => u.roles.includes('premium')))
    assert.ok(byRole.json().items.some((u: { username: string }) => u.username === 'premium_findme'))
    const byQ = await t.inject({ method: 'GET', url: '/api/v1/users?q=FINDME', headers: admin.auth })
    assert.deepEqual(byQ.json().items.map((u: { username: string }) => u.username), ['premium_findme'])
    const page = await t.inject({ method: 'GET', url: '/api/v1/users?per_page=1&page=2', headers: admin.auth })
    assert.equal(page.json().items.length, 1)
    assert.ok(page.json().total >= 3)
    assert.match(String(page.headers.link), /rel="next"/)
    const member = await t.makeUser('member')
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/users', headers: member.auth })).statusCode, 403)
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/users' })).statusCode, 401)
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/users?role=superuser', headers: admin.auth })).statusCode, 422)
  })
})

describe('PATCH /api/v1/users/{id}', () => {
  test('self changes the email; another member is 403; anonymous 401', async () => {
    const user = await t.makeUser('member')
    const other = await t.makeUser('member')
    const ok = await patch(user.id, { email: 'new-address@example.org' }, user.auth)
    assert.equal(ok.statusCode, 200)
    assert.equal(ok.json().email, 'new-address@example.org')
    assert.equal((await patch(user.id, { email: 'x@example.org' }, other.auth)).statusCode, 403)
    assert.equal((await patch(user.id, { email: 'x@example.org' })).statusCode, 401)
    assert.equal((await patch(user.id, { email: 'x@example.org' }, librarian.auth)).statusCode, 403)
  })

  test('a password change by self needs current_password: missing 422, wrong 403', async () => {
    const user = await t.makeUser('member')
    const missing = await patch(user.id, { password: 'An0ther-Pass!' }, user.auth)
    assert.equal(missing.statusCode, 422)
    assert.equal(missing.json().errors[0].field, 'current_password')
    const wrong = await patch(user.id, { password: 'An0ther-Pass!', current_password: 'Not-The-0ne!' }, user.auth)
    assert.equal(wrong.statusCode, 403)
    const weak = await patch(user.id, { password: 'weakweakweak', current_password: STRONG_PASSWORD }, user.auth)
    assert.equal(weak.statusCode, 422)
    // nothing changed: the old password still logs in
    const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: STRONG_PASSWORD } })
    assert.equal(login.statusCode, 200)
  })

  test('admin resets a password without current_password', async () => {
    const user = await t.makeUser('member')
    assert.equal((await patch(user.id, { password: 'Adm1n-Chosen!' }, admin.auth)).statusCode, 200)
    const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: 'Adm1n-Chosen!' } })
    assert.equal(login.statusCode, 200)
  })

  test('roles and is_active: only admin', async () => {
    const user = await t.makeUser('member')
    assert.equal((await patch(user.id, { roles: ['admin'] }, user.auth)).statusCode, 403)
    assert.equal((await patch(user.id, { is_active: false }, user.auth)).statusCode, 403)
    const promoted = await patch(user.id, { roles: ['premium', 'member'] }, admin.auth)
    assert.equal(promoted.statusCode, 200)
    assert.deepEqual(promoted.json().roles, ['premium', 'member'])
  })

  test('an email taken by someone else is 409; unknown fields and an empty body are 422', async () => {
    const user = await t.makeUser('member')
    const other = await t.makeUser('member')
    assert.equal((await patch(user.id, { email: other.email.toUpperCase() }, user.auth)).statusCode, 409)
    assert.equal((await patch(user.id, { username: 'renamed' }, user.auth)).statusCode, 422)
    assert.equal((await patch(user.id, {}, user.auth)).statusCode, 422)
    assert.equal((await patch(999999, { email: 'z@example.org' }, admin.auth)).statusCode, 404)
  })
})

describe('DELETE /api/v1/users/{id}', () => {
  test('self or admin → 204; another member 403; then 404', async () => {
    const user = await t.makeUser('member')
    const other = await t.makeUser('member')
    assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/users/${user.id}`, headers: other.auth })).statusCode, 403)
    assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/users/${user.id}`, headers: user.auth })).statusCode, 204)
    assert.equal((await getUser(user.id)).statusCode, 404)
    assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/users/${other.id}`, headers: admin.auth })).statusCode, 204)
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: other.auth })).statusCode, 401)
  })

  test('a user with an unreturned loan cannot be deleted (409)', async () => {
    const user = await t.makeUser('member')
    const book = await t.makeBook()
    const now = t.clock.now().toISOString()
    await t.app.db.insertInto('loans').values({ book_id: book.id, user_id: user.id, borrowed_at: now, due_at: now, returned_at: null, renewals: 0 }).execute()
    const response = await t.inject({ method: 'DELETE', url: `/api/v1/users/${user.id}`, headers: admin.auth })
    assert.equal(response.statusCode, 409)
    assert.equal((await getUser(user.id)).statusCode, 200)
  })
})

describe('admin', () => {
  test('POST /admin/users creates a user with roles; members 403', async () => {
    const payload = { username: 'new_librarian', email: 'newlib@example.org', password: STRONG_PASSWORD, roles: ['librarian'] }
    const response = await t.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin.auth, payload })
    assert.equal(response.statusCode, 201)
    assert.deepEqual(response.json().roles, ['librarian'])
    assert.equal(response.headers.location, `/api/v1/users/${response.json().id}`)
    const again = await t.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin.auth, payload })
    assert.equal(again.statusCode, 409)
    assert.equal((await t.inject({ method: 'POST', url: '/api/v1/admin/users', headers: librarian.auth, payload: { ...payload, username: 'x_lib' } })).statusCode, 403)
  })

  test('PUT /admin/users/{id}/roles replaces roles, and the new role takes effect at once', async () => {
    const user = await t.makeUser('member')
    const response = await t.inject({ method: 'PUT', url: `/api/v1/admin/users/${user.id}/roles`, headers: admin.auth, payload: { roles: ['librarian'] } })
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json().roles, ['librarian'])
    const create = await t.inject({ method: 'POST', url: '/api/v1/books', headers: user.auth, payload: { title: 'Now allowed', author: 'A' } })
    assert.equal(create.statusCode, 201)
    assert.equal((await t.inject({ method: 'PUT', url: '/api/v1/admin/users/999999/roles', headers: admin.auth, payload: { roles: ['member'] } })).statusCode, 404)
    assert.equal((await t.inject({ method: 'PUT', url: `/api/v1/admin/users/${user.id}/roles`, headers: admin.auth, payload: { roles: ['root'] } })).statusCode, 422)
    assert.equal((await t.inject({ method: 'PUT', url: `/api/v1/admin/users/${user.id}/roles`, headers: admin.auth, payload: { roles: [] } })).statusCode, 422)
  })

  test('GET /admin/stats counts users, books, active and overdue loans', async () => {
    const fresh = await buildTestApp()
    try {
      const a = await fresh.makeUser('admin')
      const m = await fresh.makeUser('member')
      const book = await fresh.makeBook()
      const now = fresh.clock.now()
      const at = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString()
      await fresh.app.db.insertInto('loans').values([
        { book_id: book.id, user_id: m.id, borrowed_at: at(-20), due_at: at(-6), returned_at: null, renewals: 0 },
        { book_id: book.id, user_id: a.id, borrowed_at: at(0), due_at: at(14), returned_at: null, renewals: 0 },
        { book_id: book.id, user_id: a.id, borrowed_at: at(-30), due_at: at(-16), returned_at: at(-20), renewals: 0 },
      ]).execute()
      const response = await fresh.inject({ method: 'GET', url: '/api/v1/admin/stats', headers: a.auth })
      assert.equal(response.statusCode, 200)
      assert.deepEqual(response.json(), { users: 3, books: 1, loans_active: 2, loans_overdue: 1 })
      assert.equal((await fresh.inject({ method: 'GET', url: '/api/v1/admin/stats', headers: m.auth })).statusCode, 403)
    } finally {
      await fresh.close()
    }
  })
})
