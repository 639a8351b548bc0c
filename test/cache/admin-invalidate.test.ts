import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertProblem, buildTestApp, type TestContext, type TestUser } from '../helper.ts'
import { xCache } from './cache-helpers.ts'

let t: TestContext
let admin: TestUser
before(async () => {
  t = await buildTestApp()
  admin = await t.makeUser('admin')
})
after(async () => t.close())

const invalidate = (pattern: unknown, headers: Record<string, string> = admin.auth) =>
  t.inject({ method: 'POST', url: '/api/v1/admin/cache/invalidate', headers, payload: { pattern } })
const get = (url: string) => t.inject({ method: 'GET', url })

test('401 without a token, 403 for members and librarians', async () => {
  assertProblem(await t.inject({ method: 'POST', url: '/api/v1/admin/cache/invalidate', payload: { pattern: 'books' } }), 401, 'token_missing')
  for (const role of ['member', 'librarian', 'premium'] as const) {
    const user = await t.makeUser(role)
    const response = await invalidate('books', user.auth)
    assertProblem(response, 403, 'forbidden')
    assert.equal(response.headers['cache-control'], 'no-store')
  }
})

test('junk patterns are 422 naming the field', async () => {
  for (const junk of ['', 'books?page=1', '/api/v1/books', 'book 42', 'book:[1-2]', 'x'.repeat(201), 'b\\ooks', 'books\n', 42, null]) {
    const body = assertProblem(await invalidate(junk), 422, 'validation_error')
    assert.equal(body.errors?.[0]?.field, 'pattern', JSON.stringify(junk))
  }
  assertProblem(await t.inject({ method: 'POST', url: '/api/v1/admin/cache/invalidate', headers: admin.auth, payload: { pattern: 'books', extra: 1 } }), 422, 'validation_error')
})

test('a reference, a glob and everything: {invalidated: n} and the next reads are misses', async () => {
  const one = await t.makeBook({ author: 'Admin Author' })
  const two = await t.makeBook({ author: 'Admin Author' })
  const urls = [`/api/v1/books/${one.id}`, `/api/v1/books/${two.id}`, '/api/v1/books?author=Admin', '/api/v1/books?author=Admin&page=2']
  const warm = async () => {
    for (const url of urls) await get(url)
    for (const url of urls) assert.equal(xCache(await get(url)), 'HIT', url)
  }
  await warm()
  const single = await invalidate(`book:${one.id}`)
  assert.equal(single.statusCode, 200)
  assert.equal(single.headers['cache-control'], 'no-store')
  assert.deepEqual(single.json(), { invalidated: 1 })
  assert.deepEqual(await Promise.all(urls.map(async (url) => xCache(await get(url)))), ['MISS', 'HIT', 'HIT', 'HIT'])

  assert.deepEqual((await invalidate('books')).json(), { invalidated: 2 })
  assert.deepEqual(await Promise.all(urls.map(async (url) => xCache(await get(url)))), ['HIT', 'HIT', 'MISS', 'MISS'])

  assert.deepEqual((await invalidate('book:*')).json(), { invalidated: 2 })
  assert.deepEqual((await invalidate('book:*')).json(), { invalidated: 0 })
  await warm()
  assert.deepEqual((await invalidate('*')).json(), { invalidated: 4 })
  for (const url of urls) assert.equal(xCache(await get(url)), 'MISS')
  // a glob matches whole names: book:1* is book:1, book:10…, never books
  await warm()
  const prefix = String(one.id).slice(0, 1)
  const matched = (await invalidate(`book:${prefix}*`)).json().invalidated
  assert.ok(matched >= 1)
  assert.equal(xCache(await get('/api/v1/books?author=Admin')), 'HIT')
  assert.deepEqual((await invalidate('nothing:here')).json(), { invalidated: 0 })
})

test('with CACHE_ENABLED=false the route answers {invalidated: 0}', async () => {
  const off = await buildTestApp({ CACHE_ENABLED: 'false' })
  try {
    const root = await off.makeUser('admin')
    const response = await off.inject({ method: 'POST', url: '/api/v1/admin/cache/invalidate', headers: root.auth, payload: { pattern: '*' } })
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), { invalidated: 0 })
  } finally {
    await off.close()
  }
})
