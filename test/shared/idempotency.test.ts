import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { requestHash } from '../../src/shared/idempotency.ts'
import { assertProblem, buildTestApp, TEST_DB, type TestContext, type TestUser } from '../helper.ts'

// Item 13 of issue 8: Idempotency-Key on every create — books, posts, admin users — with the
// semantics of the loans (api-contract §5). Keys are per user and per operation.

let n = 0
const key = () => `key-${Date.now().toString(36)}-${n++}`
const unique = () => `${Date.now().toString(36)}${n++}`

/** One idempotent create route: where, who may call it, and bodies that differ per call. */
interface Route {
  name: string
  url: string
  scope: string
  role: 'librarian' | 'member' | 'admin'
  body(): Record<string, unknown>
  /** the path of the created resource */
  location(id: number): string
  /** a change to the created resource (for "replay after the row changed") */
  change(t: TestContext, caller: TestUser, id: number): Promise<LightMyRequestResponse>
  /** how many resources of this kind exist */
  count(t: TestContext): Promise<number>
}

const countOf = async (t: TestContext, table: 'books' | 'posts' | 'users') => Number((await t.app.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

const ROUTES: Route[] = [
  {
    name: 'POST /api/v1/books', url: '/api/v1/books', scope: 'createBook', role: 'librarian',
    body: () => ({ title: `Book ${unique()}`, author: 'Some Author', copies_total: 2 }),
    location: (id) => `/api/v1/books/${id}`,
    change: (t, caller, id) => t.inject({ method: 'PATCH', url: `/api/v1/books/${id}`, headers: caller.auth, payload: { title: 'Changed title' } }),
    count: (t) => countOf(t, 'books'),
  },
  {
    name: 'POST /api/v1/posts', url: '/api/v1/posts', scope: 'createPost', role: 'member',
    // `published` given: the key is bound to the validated body, where the schema's default would appear
    body: () => ({ title: `Post ${unique()}`, content: 'Some words.', published: false }),
    location: (id) => `/api/v1/posts/${id}`,
    change: (t, caller, id) => t.inject({ method: 'PATCH', url: `/api/v1/posts/${id}`, headers: caller.auth, payload: { title: 'Changed title' } }),
    count: (t) => countOf(t, 'posts'),
  },
  {
    name: 'POST /api/v1/admin/users', url: '/api/v1/admin/users', scope: 'adminCreateUser', role: 'admin',
    body: () => { const u = `user_${unique()}`; return { username: u, email: `${u}@example.org`, password: 'An0ther-Secret!', roles: ['librarian'] } },
    location: (id) => `/api/v1/users/${id}`,
    change: (t, caller, id) => t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: caller.auth, payload: { email: `changed_${unique()}@example.org` } }),
    count: (t) => countOf(t, 'users'),
  },
]

const post = (t: TestContext, route: Route, caller: TestUser, body: unknown, k?: string) =>
  t.inject({ method: 'POST', url: route.url, headers: { ...caller.auth, ...(k === undefined ? {} : { 'idempotency-key': k }) }, payload: body as Record<string, unknown> })

const keyRows = (t: TestContext, userId: number, k: string) =>
  t.app.db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', k).execute()

for (const route of ROUTES) {
  describe(`Idempotency-Key on ${route.name}`, () => {
    let t: TestContext
    before(async () => {
      t = await buildTestApp()
    })
    after(async () => t.close())

    test('a repeat replays status, body, Location and ETag with Idempotent-Replayed: true; one row is created', async () => {
      const caller = await t.makeUser(route.role)
      const k = key()
      const body = route.body()
      const first = await post(t, route, caller, body, k)
      assert.equal(first.statusCode, 201, first.body)
      assert.equal(first.headers['idempotent-replayed'], undefined)
      const before = await route.count(t)
      const again = await post(t, route, caller, body, k)
      assert.equal(again.statusCode, 201, again.body)
      assert.equal(again.headers['idempotent-replayed'], 'true')
      assert.deepEqual(again.json(), first.json())
      assert.equal(again.headers.location, route.location(first.json().id))
      assert.equal(again.headers.location, first.headers.location)
      assert.equal(again.headers.etag, first.headers.etag)
      assert.equal(await route.count(t), before, 'the replay created nothing')
      const rows = await keyRows(t, caller.id, k)
      assert.equal(rows.length, 1)
      assert.equal(rows[0]!.scope, route.scope)
      assert.equal(rows[0]!.response_status, 201)
    })

    test('the same key with another body → 422 idempotency_key_mismatch, nothing created', async () => {
      const caller = await t.makeUser(route.role)
      const k = key()
      assert.equal((await post(t, route, caller, route.body(), k)).statusCode, 201)
      const before = await route.count(t)
      assertProblem(await post(t, route, caller, route.body(), k), 422, 'idempotency_key_mismatch')
      assert.equal(await route.count(t), before)
    })

    test('a repeat while the first is in flight → 409 idempotency_in_flight with Retry-After', async () => {
      const caller = await t.makeUser(route.role)
      const k = key()
      const body = route.body()
      await t.app.db
        .insertInto('idempotency_keys')
        .values({ user_id: caller.id, scope: route.scope, key: k, request_hash: requestHash('POST', route.url, body), response_status: null, response_body: null, created_at: t.clock.now().toISOString() })
        .execute()
      const before = await route.count(t)
      const inFlight = await post(t, route, caller, body, k)
      assertProblem(inFlight, 409, 'idempotency_in_flight')
      assert.equal(inFlight.headers['retry-after'], '1')
      assert.equal(await route.count(t), before)
    })

    test('keys are per user: another user with the same key creates their own', async () => {
      const [a, b] = [await t.makeUser(route.role), await t.makeUser(route.role)]
      const k = key()
      const first = await post(t, route, a, route.body(), k)
      const second = await post(t, route, b, route.body(), k)
      assert.equal(first.statusCode, 201)
      assert.equal(second.statusCode, 201, second.body)
      assert.equal(second.headers['idempotent-replayed'], undefined)
      assert.notEqual(second.json().id, first.json().id)
    })

    test('after the created row changed, a repeat still replays the first response', async () => {
      const caller = await t.makeUser(route.role)
      const k = key()
      const body = route.body()
      const first = await post(t, route, caller, body, k)
      const changed = await route.change(t, caller, first.json().id)
      assert.equal(changed.statusCode, 200, changed.body)
      const again = await post(t, route, caller, body, k)
      assert.equal(again.headers['idempotent-replayed'], 'true')
      assert.deepEqual(again.json(), first.json())
      assert.equal(again.headers.etag, first.headers.etag)
    })

    test('a 422 validation failure stores nothing; schema failures never touch a key', async () => {
      const caller = await t.makeUser(route.role)
      const k = key()
      assertProblem(await post(t, route, caller, { ...route.body(), title: '', username: '' }, k), 422, 'validation_error')
      assert.deepEqual(await keyRows(t, caller.id, k), [])
      const corrected = await post(t, route, caller, route.body(), k)
      assert.equal(corrected.statusCode, 201, corrected.body)
    })
  })
}

describe('Idempotency-Key: shared rules', () => {
  let t: TestContext
  before(async () => {
    t = await buildTestApp()
  })
  after(async () => t.close())

  test('keys are per operation: one key on books, posts and admin users names three requests', async () => {
    const admin = await t.makeUser('admin')
    const k = key()
    for (const route of ROUTES) {
      const response = await post(t, route, admin, route.body(), k)
      assert.equal(response.statusCode, 201, `${route.name}: ${response.body}`)
      assert.equal(response.headers['idempotent-replayed'], undefined)
    }
    assert.deepEqual((await keyRows(t, admin.id, k)).map((r) => r.scope).sort(), ['adminCreateUser', 'createBook', 'createPost'])
  })

  test('books: a service-level 422 (bad ISBN check digit) stores nothing, so the corrected retry with the key works', async () => {
    const librarian = await t.makeUser('librarian')
    const k = key()
    assertProblem(await post(t, ROUTES[0]!, librarian, { title: 'T', author: 'A', isbn: '978-0-306-40615-8' }, k), 422, 'validation_error')
    assert.deepEqual(await keyRows(t, librarian.id, k), [])
    const fixed = await post(t, ROUTES[0]!, librarian, { title: 'T', author: 'A', isbn: '978-0-306-40615-7' }, k)
    assert.equal(fixed.statusCode, 201, fixed.body)
  })

  test('books: a 409 duplicate ISBN is stored and replayed like the loans’ 409s, even after the other book is gone; a new key tries again', async () => {
    const librarian = await t.makeUser('librarian')
    const existing = await t.makeBook({ isbn: '9780131103627' })
    const k = key()
    const body = { title: 'Copy', author: 'A', isbn: '0131103628' }
    assertProblem(await post(t, ROUTES[0]!, librarian, body, k), 409, 'already_exists')
    assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/books/${existing.id}`, headers: librarian.auth })).statusCode, 204)
    const replayed = await post(t, ROUTES[0]!, librarian, body, k)
    assertProblem(replayed, 409, 'already_exists')
    assert.equal(replayed.headers['idempotent-replayed'], 'true')
    assert.equal((await post(t, ROUTES[0]!, librarian, body, key())).statusCode, 201)
  })

  test('admin users: a weak password (422) stores nothing; a taken username (409) is stored and replayed', async () => {
    const admin = await t.makeUser('admin')
    const k = key()
    const u = `weak_${unique()}`
    assertProblem(await post(t, ROUTES[2]!, admin, { username: u, email: `${u}@example.org`, password: 'password', roles: ['member'] }, k), 422, 'validation_error')
    assert.equal((await post(t, ROUTES[2]!, admin, { username: u, email: `${u}@example.org`, password: 'An0ther-Secret!', roles: ['member'] }, k)).statusCode, 201)
    const k2 = key()
    const taken = { username: u, email: `other_${u}@example.org`, password: 'An0ther-Secret!', roles: ['member'] }
    assertProblem(await post(t, ROUTES[2]!, admin, taken, k2), 409, 'already_exists')
    assert.equal((await post(t, ROUTES[2]!, admin, taken, k2)).headers['idempotent-replayed'], 'true')
  })

  test('books: a replay does not invalidate the response cache (the list stays a HIT)', async () => {
    const librarian = await t.makeUser('librarian')
    const k = key()
    const body = ROUTES[0]!.body()
    assert.equal((await post(t, ROUTES[0]!, librarian, body, k)).statusCode, 201)
    const list = () => t.inject({ method: 'GET', url: '/api/v1/books?per_page=5' })
    await list()
    assert.equal((await list()).headers['x-cache'], 'HIT')
    assert.equal((await post(t, ROUTES[0]!, librarian, body, k)).headers['idempotent-replayed'], 'true')
    assert.equal((await list()).headers['x-cache'], 'HIT', 'a replay changed nothing, so it invalidated nothing')
    assert.equal((await post(t, ROUTES[0]!, librarian, ROUTES[0]!.body(), key())).statusCode, 201)
    assert.equal((await list()).headers['x-cache'], 'MISS', 'a real create still invalidates')
  })

  test('the key and the created row commit together: when storing the response fails, neither stays', async () => {
    const librarian = await t.makeUser('librarian')
    const k = key()
    if (TEST_DB === 'postgres') {
      await sql`create function keys_fail() returns trigger language plpgsql as $$ begin if new.response_status is not null then raise exception 'boom'; end if; return new; end $$`.execute(t.app.db)
      await sql`create trigger keys_fail before update on idempotency_keys for each row execute function keys_fail()`.execute(t.app.db)
    } else {
      await sql`create trigger keys_fail before update on idempotency_keys when new.response_status is not null begin select raise(abort, 'boom'); end`.execute(t.app.db)
    }
    const before = await countOf(t, 'books')
    try {
      // 500 is not a documented status of the route, so this request bypasses the OpenAPI check.
      const failed = await t.app.inject({ method: 'POST', url: '/api/v1/books', headers: { ...librarian.auth, 'idempotency-key': k }, payload: { title: 'Lost', author: 'A' } })
      assertProblem(failed, 500, 'internal_error')
    } finally {
      await sql`drop trigger keys_fail${sql.raw(TEST_DB === 'postgres' ? ' on idempotency_keys' : '')}`.execute(t.app.db)
      if (TEST_DB === 'postgres') await sql`drop function keys_fail()`.execute(t.app.db)
    }
    assert.equal(await countOf(t, 'books'), before, 'no book without its key')
    assert.deepEqual(await keyRows(t, librarian.id, k), [], 'no key without its book')
    const retry = await t.inject({ method: 'POST', url: '/api/v1/books', headers: { ...librarian.auth, 'idempotency-key': k }, payload: { title: 'Lost', author: 'A' } })
    assert.equal(retry.statusCode, 201, retry.body)
    assert.equal(retry.headers['idempotent-replayed'], undefined)
  })

  test('the OpenAPI document declares the header, the replay headers and the 409/422 problems on every idempotent create', async () => {
    const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: { maxLength?: number; pattern?: string } }[]; responses: Record<string, { headers?: Record<string, unknown> }> }>> }
    for (const path of ['/api/v1/loans', ...ROUTES.map((r) => r.url)]) {
      const op = doc.paths[path]!.post!
      const header = op.parameters?.find((p) => p.in === 'header' && p.name === 'idempotency-key')
      assert.ok(header, path)
      assert.equal(header.schema.maxLength, 255)
      assert.equal(header.schema.pattern, '^[\\x20-\\x7E]*$')
      assert.ok(op.responses['201']!.headers?.['Idempotent-Replayed'], path)
      assert.ok(op.responses['409'] && op.responses['422'], path)
    }
  })
})
