import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { buildTestApp, type TestContext, type TestUser } from '../helper.ts'

let t: TestContext
let admin: TestUser
let ids: Record<string, number>
before(async () => {
  t = await buildTestApp()
  admin = await t.makeUser('admin')
  const book = await t.makeBook()
  const loan = await t.inject({ method: 'POST', url: '/api/v1/loans', headers: admin.auth, payload: { book_id: book.id } })
  const post = await t.inject({ method: 'POST', url: '/api/v1/posts', headers: admin.auth, payload: { title: 'Cache-Control walk', content: 'text', published: true } })
  ids = { books: book.id, loans: loan.json().id, posts: post.json().id, users: admin.id }
})
after(async () => t.close())

interface Operation {
  security?: unknown[]
}

/** A concrete URL for a templated path: `{id}` is an existing resource of the path's collection. */
function concrete(path: string): string {
  const collection = /\/(books|loans|posts|users)\//.exec(path)?.[1]
  return path.replace(/\{[^}]+\}/g, () => String(collection ? ids[collection] : 1))
}

test('every operation of the OpenAPI document answers with a Cache-Control header', async () => {
  const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> }
  let gets = 0
  let others = 0
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const url = concrete(path)
      // GETs as a signed-in admin where the operation is secured; other methods anonymously with
      // an empty body (a 401/422 without side effects — the answer must still say how to cache it).
      const response =
        method === 'get'
          ? await t.inject({ method: 'GET', url, headers: operation.security ? admin.auth : {} })
          : await t.inject({ method: method.toUpperCase() as 'POST', url, payload: {} })
      const where = `${method.toUpperCase()} ${url} → ${response.statusCode}`
      assert.ok(response.statusCode < 500, where)
      const cacheControl = response.headers['cache-control']
      assert.ok(cacheControl, `${where} has no Cache-Control`)
      if (method === 'get') {
        gets++
        // a token required: the answer is the caller's (optional-auth reads such as published posts may be public)
        const required = operation.security && !operation.security.some((s) => Object.keys(s as object).length === 0)
        if (response.statusCode < 300 && required) assert.match(String(cacheControl), /no-store/, `${where}: per-user answer is ${cacheControl}`)
        if (response.statusCode >= 400) assert.equal(cacheControl, 'no-store', where)
      } else {
        others++
        assert.match(String(cacheControl), /no-store/, where)
      }
    }
  }
  assert.ok(gets >= 10, `only ${gets} GET operations`)
  assert.ok(others >= 10, `only ${others} other operations`)
})

test('the policy per kind of response', async () => {
  const expect = async (url: string, headers: Record<string, string>, value: string) => {
    const response = await t.inject({ method: 'GET', url, headers })
    assert.equal(response.headers['cache-control'], value, `${url} → ${response.statusCode}`)
  }
  await expect('/api/v1/books', {}, 'public, max-age=60')
  await expect(`/api/v1/books/${ids.books}`, {}, 'public, max-age=60')
  await expect(`/api/v1/books/${ids.books}`, admin.auth, 'public, max-age=60')
  await expect('/api/v1/auth/me', admin.auth, 'private, no-store')
  await expect(`/api/v1/users/${ids.users}`, admin.auth, 'private, no-store')
  await expect('/api/v1/loans', admin.auth, 'private, no-store')
  await expect('/api/v1/admin/stats', admin.auth, 'private, no-store')
  await expect('/health', {}, 'no-store')
  await expect('/health/ready', {}, 'no-store')
  await expect('/openapi.json', {}, 'public, max-age=300')
  await expect('/docs/problems', {}, 'public, max-age=300')
  await expect('/api/v1/books/999999', {}, 'no-store')
  await expect('/nowhere', {}, 'no-store')
  // Swagger UI's own routes (registered by @fastify/swagger-ui) get the docs policy from their route
  // config too, HEAD included; its static assets keep the one @fastify/static sets.
  for (const [method, url] of [['GET', '/docs'], ['GET', '/docs/'], ['HEAD', '/docs/'], ['GET', '/docs/json'], ['GET', '/docs/static/swagger-initializer.js'], ['HEAD', '/openapi.json'], ['GET', '/openapi.json?x=1']] as const) {
    const docs = await t.app.inject({ method, url, headers: admin.auth })
    assert.equal(docs.headers['cache-control'], 'public, max-age=300', `${method} ${url} → ${docs.statusCode}`)
  }
  assert.equal((await t.app.inject({ method: 'GET', url: '/docs/static/swagger-ui.css' })).headers['cache-control'], 'public, max-age=0')
  assert.equal((await t.app.inject({ method: 'GET', url: '/docs/nowhere' })).headers['cache-control'], 'no-store')
  const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: admin.username, password: admin.password } })
  assert.equal(login.headers['cache-control'], 'no-store')
  const created = await t.inject({ method: 'POST', url: '/api/v1/books', headers: admin.auth, payload: { title: 'A', author: 'B' } })
  assert.equal(created.headers['cache-control'], 'no-store')
})
