import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, type TestContext, type TestUser } from '../helper.ts'
import { xCache } from './cache-helpers.ts'

let t: TestContext
let librarian: TestUser
let member: TestUser

before(async () => {
  t = await buildTestApp()
  librarian = await t.makeUser('librarian')
  member = await t.makeUser('member')
})
after(async () => t.close())

const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url, headers })

describe('server-side response cache: hits and keys', () => {
  test('a list read is a MISS, then a HIT with the same status, body and headers', async () => {
    await t.makeBook({ title: 'Cached list' })
    const first = await get('/api/v1/books?author=Test')
    const second = await get('/api/v1/books?author=Test')
    assert.equal(first.statusCode, 200)
    assert.equal(xCache(first), 'MISS')
    assert.equal(second.statusCode, 200)
    assert.equal(xCache(second), 'HIT')
    assert.equal(second.body, first.body)
    for (const name of ['content-type', 'link', 'cache-control', 'api-version', 'deprecation']) {
      assert.equal(second.headers[name], first.headers[name], name)
    }
    assert.equal(second.headers['cache-control'], 'public, max-age=60')
    // the successor link is added once per answer, not once more per replay
    assert.equal(String(second.headers.link).match(/successor-version/g)?.length, 1)
    assert.notEqual(second.headers['x-request-id'], first.headers['x-request-id'])
  })

  test('an item keeps ETag and Last-Modified; If-None-Match is 304 on a HIT and on a MISS', async () => {
    const book = await t.makeBook()
    const conditionalMiss = await get(`/api/v1/books/${book.id}`, { 'if-none-match': '"nope"' })
    assert.equal(conditionalMiss.statusCode, 200)
    assert.equal(xCache(conditionalMiss), 'MISS')
    const etag = String(conditionalMiss.headers.etag)
    const hit = await get(`/api/v1/books/${book.id}`)
    assert.equal(xCache(hit), 'HIT')
    assert.equal(hit.headers.etag, etag)
    assert.equal(hit.headers['last-modified'], conditionalMiss.headers['last-modified'])
    assert.deepEqual(hit.json(), conditionalMiss.json())
    const notModified = await get(`/api/v1/books/${book.id}`, { 'if-none-match': etag })
    assert.equal(notModified.statusCode, 304)
    assert.equal(xCache(notModified), 'HIT')
    assert.equal(notModified.body, '')
    assert.equal(notModified.headers.etag, etag)
    assert.equal(notModified.headers['cache-control'], 'public, max-age=60')

    // the first reader of an entry may send If-None-Match too: still 304, and the 200 is stored
    const other = await t.makeBook()
    const { etag: otherEtag } = (await t.app.inject({ method: 'GET', url: `/api/v1/books/${other.id}` })).headers
    await t.app.responseCache?.invalidate([`book:${other.id}`])
    const leader304 = await get(`/api/v1/books/${other.id}`, { 'if-none-match': `W/${String(otherEtag)}` })
    assert.equal(leader304.statusCode, 304)
    assert.equal(xCache(leader304), 'MISS')
    const stored = await get(`/api/v1/books/${other.id}`)
    assert.equal(stored.statusCode, 200)
    assert.equal(xCache(stored), 'HIT')
    assert.equal(stored.json().id, other.id)
  })

  test('the key is path + normalized query + version: defaults and order do not split it, other values do', async () => {
    await t.makeBook({ title: 'Key test', author: 'Keyed Author' })
    assert.equal(xCache(await get('/api/v1/books?author=Keyed')), 'MISS')
    assert.equal(xCache(await get('/api/v1/books?author=Keyed&page=1&per_page=20')), 'HIT')
    assert.equal(xCache(await get('/api/v1/books?per_page=20&author=Keyed')), 'HIT')
    assert.equal(xCache(await get('/api/v1/books?author=Keyed&per_page=5')), 'MISS')
    assert.equal(xCache(await get('/api/v1/books?author=keyed')), 'MISS')
    assert.equal(xCache(await get('/api/v1/books?author=Keyed&sort=title')), 'MISS')
    const asc = await get('/api/v1/books?author=Keyed&dir=asc')
    const desc = await get('/api/v1/books?author=Keyed&dir=desc')
    assert.equal(xCache(asc), 'MISS')
    assert.equal(xCache(desc), 'MISS')
  })

  test('errors and invalid queries are not stored; credentials do not change the public answer', async () => {
    const missing1 = await get('/api/v1/books/999999')
    const missing2 = await get('/api/v1/books/999999')
    assert.equal(missing1.statusCode, 404)
    assert.equal(missing2.statusCode, 404)
    assert.notEqual(xCache(missing2), 'HIT')
    assert.equal(missing2.headers['cache-control'], 'no-store')
    assert.equal((await get('/api/v1/books?sort=nope')).statusCode, 400)
    assert.equal((await get('/api/v1/books?page=0')).statusCode, 422)

    const book = await t.makeBook()
    assert.equal(xCache(await get(`/api/v1/books/${book.id}`)), 'MISS')
    const asMember = await get(`/api/v1/books/${book.id}`, member.auth)
    assert.equal(xCache(asMember), 'HIT')
    assert.equal(asMember.headers['cache-control'], 'public, max-age=60')
  })

  test('HEAD is answered by the route, never from or into the cache', async () => {
    const head = await t.app.inject({ method: 'HEAD', url: '/api/v1/books' })
    assert.equal(head.statusCode, 200)
    assert.equal(head.headers['x-cache'], undefined)
  })
})

describe('server-side response cache: every catalog write makes the next read fresh', () => {
  test('create → the next list read counts the new book', async () => {
    const before = await get('/api/v1/books?author=Fresh')
    assert.equal(xCache(await get('/api/v1/books?author=Fresh')), 'HIT')
    await t.makeBook({ author: 'Fresh Writer' })
    const after = await get('/api/v1/books?author=Fresh')
    assert.equal(xCache(after), 'MISS')
    assert.equal(after.json().total, before.json().total + 1)
  })

  test('update (PATCH and PUT) → the item and the lists are fresh', async () => {
    const book = await t.makeBook({ title: 'Before', author: 'Updated Author' })
    await get(`/api/v1/books/${book.id}`)
    await get('/api/v1/books?author=Updated')
    assert.equal(xCache(await get(`/api/v1/books/${book.id}`)), 'HIT')
    const patched = await t.inject({ method: 'PATCH', url: `/api/v1/books/${book.id}`, headers: librarian.auth, payload: { title: 'After' } })
    assert.equal(patched.statusCode, 200)
    assert.equal(patched.headers['cache-control'], 'no-store')
    const item = await get(`/api/v1/books/${book.id}`)
    assert.equal(xCache(item), 'MISS')
    assert.equal(item.json().title, 'After')
    assert.equal(item.headers.etag, patched.headers.etag)
    assert.equal((await get('/api/v1/books?author=Updated')).json().items[0].title, 'After')

    await t.inject({ method: 'PUT', url: `/api/v1/books/${book.id}`, headers: librarian.auth, payload: { title: 'Replaced', author: 'Updated Author', copies_total: 4 } })
    const replaced = await get(`/api/v1/books/${book.id}`)
    assert.equal(xCache(replaced), 'MISS')
    assert.equal(replaced.json().title, 'Replaced')
    assert.equal(replaced.json().copies_total, 4)
  })

  test('delete → the item is 404 and the lists no longer show it', async () => {
    const book = await t.makeBook({ author: 'Deleted Author' })
    assert.equal((await get(`/api/v1/books/${book.id}`)).statusCode, 200)
    assert.equal((await get('/api/v1/books?author=Deleted')).json().total, 1)
    const deleted = await t.inject({ method: 'DELETE', url: `/api/v1/books/${book.id}`, headers: librarian.auth })
    assert.equal(deleted.statusCode, 204)
    assert.equal((await get(`/api/v1/books/${book.id}`)).statusCode, 404)
    assert.equal((await get('/api/v1/books?author=Deleted')).json().total, 0)
  })

  test('borrow and return → copies_available is exact in the very next cached read', async () => {
    const book = await t.makeBook({ author: 'Loaned Author', copies_total: 2 })
    const url = `/api/v1/books/${book.id}`
    assert.equal((await get(url)).json().copies_available, 2)
    assert.equal(xCache(await get(url)), 'HIT')
    assert.equal((await get('/api/v1/books?author=Loaned')).json().items[0].copies_available, 2)

    const borrowed = await t.inject({ method: 'POST', url: '/api/v1/loans', headers: member.auth, payload: { book_id: book.id } })
    assert.equal(borrowed.statusCode, 201)
    const afterBorrow = await get(url)
    assert.equal(xCache(afterBorrow), 'MISS')
    assert.equal(afterBorrow.json().copies_available, 1)
    assert.equal(xCache(await get(url)), 'HIT')
    assert.equal((await get('/api/v1/books?author=Loaned')).json().items[0].copies_available, 1)

    const returned = await t.inject({ method: 'POST', url: `/api/v1/loans/${borrowed.json().id}/return`, headers: member.auth })
    assert.equal(returned.statusCode, 200)
    assert.equal((await get(url)).json().copies_available, 2)
    assert.equal((await get('/api/v1/books?author=Loaned')).json().items[0].copies_available, 2)
  })

  test('an idempotent replay of a borrow changes nothing and reads stay exact', async () => {
    const book = await t.makeBook({ copies_total: 3 })
    const headers = { ...member.auth, 'idempotency-key': `cache-${book.id}` }
    await get(`/api/v1/books/${book.id}`)
    assert.equal((await t.inject({ method: 'POST', url: '/api/v1/loans', headers, payload: { book_id: book.id } })).statusCode, 201)
    assert.equal((await t.inject({ method: 'POST', url: '/api/v1/loans', headers, payload: { book_id: book.id } })).headers['idempotent-replayed'], 'true')
    assert.equal((await get(`/api/v1/books/${book.id}`)).json().copies_available, 2)
  })
})

describe('server-side response cache: TTL and CACHE_ENABLED', () => {
  test('an entry lives CACHE_TTL_ITEM seconds', async () => {
    const short = await buildTestApp({ CACHE_TTL_ITEM: '1' })
    try {
      const book = await short.makeBook()
      const url = `/api/v1/books/${book.id}`
      assert.equal(xCache(await short.inject({ method: 'GET', url })), 'MISS')
      assert.equal(xCache(await short.inject({ method: 'GET', url })), 'HIT')
      await new Promise((resolve) => setTimeout(resolve, 2100))
      assert.equal(xCache(await short.inject({ method: 'GET', url })), 'MISS')
    } finally {
      await short.close()
    }
  })

  test('CACHE_ENABLED=false: no X-Cache, always fresh, Cache-Control unchanged', async () => {
    const off = await buildTestApp({ CACHE_ENABLED: 'false' })
    try {
      assert.equal(off.app.responseCache, null)
      const book = await off.makeBook()
      for (let i = 0; i < 3; i++) {
        const list = await off.inject({ method: 'GET', url: '/api/v1/books' })
        const item = await off.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })
        assert.equal(list.headers['x-cache'], undefined)
        assert.equal(item.headers['x-cache'], undefined)
        assert.equal(item.headers['cache-control'], 'public, max-age=60')
        const conditional = await off.inject({ method: 'GET', url: `/api/v1/books/${book.id}`, headers: { 'if-none-match': String(item.headers.etag) } })
        assert.equal(conditional.statusCode, 304)
      }
    } finally {
      await off.close()
    }
  })
})
