import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { buildApp } from '../../src/app.ts'
import { invalidateCatalogFromOutside } from '../../src/infra/cache/remote.ts'
import type { App } from '../../src/shared/app-types.ts'
import { buildTestApp, testConfig, type TestContext, type TestUser } from '../helper.ts'
import { uniquePrefix, xCache } from './cache-helpers.ts'

// Two instances in one process, on one database and one Redis (the shared 6379, under a prefix
// of this test's own), in both passes of the suite.
const shared = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: uniquePrefix('shared') }

let a: TestContext
let b: App
let librarian: TestUser
let member: TestUser
let admin: TestUser
before(async () => {
  a = await buildTestApp(shared)
  b = await buildApp(testConfig(shared), { database: a.database, clock: a.clock, logger: false })
  await b.ready()
  librarian = await a.makeUser('librarian')
  member = await a.makeUser('member')
  admin = await a.makeUser('admin')
})
after(async () => {
  await b.close()
  await a.close()
})

const onB = (url: string) => b.inject({ method: 'GET', url })

test('both instances use one Redis store: a response cached by one is a HIT on the other', async () => {
  assert.equal(a.app.responseCache?.store.kind, 'redis')
  assert.equal(b.responseCache?.store.kind, 'redis')
  const book = await a.makeBook({ title: 'Shared' })
  assert.equal(xCache(await a.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })), 'MISS')
  const fromB = await onB(`/api/v1/books/${book.id}`)
  assert.equal(xCache(fromB), 'HIT')
  assert.equal(fromB.json().title, 'Shared')
})

test('a write on one instance is seen by the very next read on the other', async () => {
  const book = await a.makeBook({ title: 'Before', author: 'Shared Author', copies_total: 2 })
  const item = `/api/v1/books/${book.id}`
  await onB(item)
  await onB('/api/v1/books?author=Shared')
  assert.equal(xCache(await onB(item)), 'HIT')

  await a.inject({ method: 'PATCH', url: item, headers: librarian.auth, payload: { title: 'After' } })
  const patched = await onB(item)
  assert.equal(xCache(patched), 'MISS')
  assert.equal(patched.json().title, 'After')
  assert.equal((await onB('/api/v1/books?author=Shared')).json().items[0].title, 'After')

  const loan = await a.inject({ method: 'POST', url: '/api/v1/loans', headers: member.auth, payload: { book_id: book.id } })
  assert.equal(loan.statusCode, 201)
  assert.equal((await onB(item)).json().copies_available, 1)
  assert.equal((await onB('/api/v1/books?author=Shared')).json().items[0].copies_available, 1)

  // and the other way round: a return through B, read through A
  await a.inject({ method: 'GET', url: item })
  const returned = await b.inject({ method: 'POST', url: `/api/v1/loans/${loan.json().id}/return`, headers: member.auth })
  assert.equal(returned.statusCode, 200)
  const fromA = await a.inject({ method: 'GET', url: item })
  assert.equal(xCache(fromA), 'MISS')
  assert.equal(fromA.json().copies_available, 2)

  await b.inject({ method: 'DELETE', url: item, headers: librarian.auth })
  assert.equal((await a.inject({ method: 'GET', url: item })).statusCode, 404)
  assert.equal((await a.inject({ method: 'GET', url: '/api/v1/books?author=Shared' })).json().total, 0)
})

test('an admin invalidation on one instance empties the cache for the other', async () => {
  const book = await a.makeBook()
  await onB(`/api/v1/books/${book.id}`)
  await onB('/api/v1/books')
  assert.equal(xCache(await onB('/api/v1/books')), 'HIT')
  const response = await a.inject({ method: 'POST', url: '/api/v1/admin/cache/invalidate', headers: admin.auth, payload: { pattern: '*' } })
  assert.equal(response.statusCode, 200)
  assert.ok(response.json().invalidated >= 2)
  assert.equal(xCache(await onB(`/api/v1/books/${book.id}`)), 'MISS')
  assert.equal(xCache(await onB('/api/v1/books')), 'MISS')
})

test('another process (the CLI import) drops the catalog lists in the shared store; in memory mode it says it cannot', async () => {
  const book = await a.makeBook()
  await onB('/api/v1/books')
  await onB(`/api/v1/books/${book.id}`)
  assert.equal(xCache(await onB('/api/v1/books')), 'HIT')
  const message = await invalidateCatalogFromOutside(testConfig(shared))
  assert.match(message, /1 cached list page\(s\) dropped in Redis/)
  assert.equal(xCache(await onB('/api/v1/books')), 'MISS')
  assert.equal(xCache(await onB(`/api/v1/books/${book.id}`)), 'HIT', 'an import only adds books: single books stay cached')

  assert.match(await invalidateCatalogFromOutside(testConfig()), /in-memory mode .* POST \/api\/v1\/admin\/cache\/invalidate/)
  assert.match(await invalidateCatalogFromOutside(testConfig({ ...shared, REDIS_URL: 'redis://127.0.0.1:1' })), /Redis unreachable/)
})
