import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, type TestContext, type TestUser } from '../helper.ts'

let t: TestContext
let librarian: TestUser
let admin: TestUser
let member: TestUser

before(async () => {
  t = await buildTestApp()
  librarian = await t.makeUser('librarian')
  admin = await t.makeUser('admin')
  member = await t.makeUser('member')
})
after(async () => t.close())

const create = (payload: Record<string, unknown>, headers = librarian.auth) => t.inject({ method: 'POST', url: '/api/v1/books', headers, payload })

describe('POST /api/v1/books', () => {
  test('201 with Location, ETag, the ISBN-10 stored as ISBN-13 and all copies available', async () => {
    const response = await create({ title: 'The Hunger Games', author: 'Suzanne Collins', isbn: '0-439-02348-3', publication_year: 2008, copies_total: 3, genres: ['ya'] })
    assert.equal(response.statusCode, 201)
    const book = response.json()
    assert.equal(response.headers.location, `/api/v1/books/${book.id}`)
    assert.match(String(response.headers.etag), /^"[\w-]+"$/)
    assert.equal(book.isbn, '9780439023481')
    assert.equal(book.copies_available, 3)
    assert.deepEqual(book.genres, ['ya'])
  })

  test('a wrong check digit is 422 on isbn; a duplicate ISBN (as 10 or 13) is 409', async () => {
    const bad = await create({ title: 'X', author: 'Y', isbn: '9780439023482' })
    assert.equal(bad.statusCode, 422)
    assert.equal(bad.json().errors[0].field, 'isbn')
    assert.equal((await create({ title: 'Dune', author: 'Frank Herbert', isbn: '9780441172719' })).statusCode, 201)
    const dup = await create({ title: 'Dune again', author: 'Frank Herbert', isbn: '0441172717' })
    assert.equal(dup.statusCode, 409)
    assert.equal(dup.json().code, 'already_exists')
  })

  test('title and author are required; unknown fields and copies_available are rejected', async () => {
    const missing = await create({})
    assert.equal(missing.statusCode, 422)
    assert.deepEqual(missing.json().errors.map((e: { field: string }) => e.field).sort(), ['author', 'title'])
    const extra = await create({ title: 'A', author: 'B', copies_available: 99 })
    assert.equal(extra.statusCode, 422)
    assert.equal(extra.json().errors[0].field, 'copies_available')
    const tooLong = await create({ title: 'x'.repeat(501), author: 'B' })
    assert.equal(tooLong.statusCode, 422)
  })

  test('role matrix: anonymous 401, member 403, librarian and admin 201', async () => {
    const anonymous = await t.inject({ method: 'POST', url: '/api/v1/books', payload: { title: 'A', author: 'B' } })
    assert.equal(anonymous.statusCode, 401)
    assert.equal(anonymous.json().code, 'token_missing')
    const forbidden = await create({ title: 'A', author: 'B' }, member.auth)
    assert.equal(forbidden.statusCode, 403)
    assert.equal(forbidden.json().code, 'forbidden')
    assert.equal((await create({ title: 'A', author: 'B' }, admin.auth)).statusCode, 201)
    assert.equal((await create({ title: 'A', author: 'B' }, librarian.auth)).statusCode, 201)
  })
})

describe('GET /api/v1/books/{id}', () => {
  test('ETag, Last-Modified, public Cache-Control; If-None-Match → 304', async () => {
    const book = await t.makeBook()
    const first = await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })
    assert.equal(first.statusCode, 200)
    assert.equal(first.headers['cache-control'], 'public, max-age=60')
    assert.ok(first.headers['last-modified'])
    const etag = String(first.headers.etag)
    const again = await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}`, headers: { 'if-none-match': etag } })
    assert.equal(again.statusCode, 304)
    assert.equal(again.body, '')
    const other = await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}`, headers: { 'if-none-match': '"nope"' } })
    assert.equal(other.statusCode, 200)
  })

  test('404 for a missing book, 422 for a non-numeric id', async () => {
    const missing = await t.inject({ method: 'GET', url: '/api/v1/books/999999' })
    assert.equal(missing.statusCode, 404)
    assert.equal(missing.json().code, 'not_found')
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books/abc' })).statusCode, 422)
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books/0' })).statusCode, 422)
  })
})

describe('PUT, PATCH, DELETE with If-Match', () => {
  test('PATCH with merge-patch: null clears, the ETag changes, a stale If-Match is 412', async () => {
    const book = await t.makeBook({ summary: 'old', publication_year: 1990 })
    const etag = String((await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })).headers.etag)
    const patched = await t.inject({
      method: 'PATCH',
      url: `/api/v1/books/${book.id}`,
      headers: { ...librarian.auth, 'content-type': 'application/merge-patch+json', 'if-match': etag },
      payload: JSON.stringify({ summary: null, publication_year: 1991 }),
    })
    assert.equal(patched.statusCode, 200)
    assert.equal(patched.json().summary, null)
    assert.equal(patched.json().publication_year, 1991)
    assert.equal(patched.json().title, book.title)
    assert.notEqual(patched.headers.etag, etag)
    const stale = await t.inject({ method: 'PATCH', url: `/api/v1/books/${book.id}`, headers: { ...librarian.auth, 'if-match': etag }, payload: { summary: 'x' } })
    assert.equal(stale.statusCode, 412)
    assert.equal(stale.json().code, 'precondition_failed')
    const after = await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })
    assert.equal(after.json().summary, null)
  })

  test('PATCH cannot null a required field', async () => {
    const book = await t.makeBook()
    const response = await t.inject({ method: 'PATCH', url: `/api/v1/books/${book.id}`, headers: librarian.auth, payload: { title: null } })
    assert.equal(response.statusCode, 422)
  })

  test('PUT replaces the whole book and resets what is left out', async () => {
    const book = await t.makeBook({ summary: 'kept?', language: 'en' })
    const response = await t.inject({ method: 'PUT', url: `/api/v1/books/${book.id}`, headers: librarian.auth, payload: { title: 'New', author: 'Someone', copies_total: 4 } })
    assert.equal(response.statusCode, 200)
    const body = response.json()
    assert.equal(body.title, 'New')
    assert.equal(body.summary, null)
    assert.equal(body.language, null)
    assert.equal(body.copies_available, 4)
  })

  test('PUT with a matching If-Match succeeds; with a wrong one 412', async () => {
    const book = await t.makeBook()
    const etag = String((await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })).headers.etag)
    const wrong = await t.inject({ method: 'PUT', url: `/api/v1/books/${book.id}`, headers: { ...librarian.auth, 'if-match': '"other"' }, payload: { title: 'T', author: 'A' } })
    assert.equal(wrong.statusCode, 412)
    const right = await t.inject({ method: 'PUT', url: `/api/v1/books/${book.id}`, headers: { ...librarian.auth, 'if-match': etag }, payload: { title: 'T', author: 'A' } })
    assert.equal(right.statusCode, 200)
  })

  test('PUT to a missing book is 404; a duplicate ISBN on update is 409', async () => {
    assert.equal((await t.inject({ method: 'PUT', url: '/api/v1/books/999999', headers: librarian.auth, payload: { title: 'T', author: 'A' } })).statusCode, 404)
    await t.makeBook({ isbn: '9780261103344' })
    const other = await t.makeBook()
    const dup = await t.inject({ method: 'PATCH', url: `/api/v1/books/${other.id}`, headers: librarian.auth, payload: { isbn: '9780261103344' } })
    assert.equal(dup.statusCode, 409)
  })

  test('role matrix on PATCH and DELETE: anonymous 401, member 403', async () => {
    const book = await t.makeBook()
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const payload = method === 'DELETE' ? undefined : { title: 'T', author: 'A' }
      assert.equal((await t.inject({ method, url: `/api/v1/books/${book.id}`, payload })).statusCode, 401, method)
      assert.equal((await t.inject({ method, url: `/api/v1/books/${book.id}`, headers: member.auth, payload })).statusCode, 403, method)
    }
  })

  test('DELETE: 204, then 404; a stale If-Match is 412 and deletes nothing', async () => {
    const book = await t.makeBook()
    const stale = await t.inject({ method: 'DELETE', url: `/api/v1/books/${book.id}`, headers: { ...admin.auth, 'if-match': '"stale"' } })
    assert.equal(stale.statusCode, 412)
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })).statusCode, 200)
    assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/books/${book.id}`, headers: admin.auth })).statusCode, 204)
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })).statusCode, 404)
    assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/books/${book.id}`, headers: admin.auth })).statusCode, 404)
  })
})

describe('GET /api/v1/books (list)', () => {
  let fresh: TestContext
  before(async () => {
    fresh = await buildTestApp()
    const lib = await fresh.makeUser('librarian')
    const books = [
      { title: 'Charlie', author: 'Ann Leckie', publication_year: 2013, genres: ['sf'], language: 'en' },
      { title: 'Alpha', author: 'Ursula K. Le Guin', publication_year: 1969, genres: ['sf', 'classic'], language: 'en' },
      { title: 'Bravo', author: 'Italo Calvino', publication_year: 1972, genres: ['fiction'], language: 'it' },
      { title: 'Delta', author: 'ann leckie', publication_year: 2014, genres: ['SF'], language: 'en' },
      { title: 'Echo_%', author: 'Per Cent', publication_year: 2000, genres: [], language: 'en' },
    ]
    for (const book of books) {
      const r = await fresh.inject({ method: 'POST', url: '/api/v1/books', headers: lib.auth, payload: book })
      assert.equal(r.statusCode, 201)
    }
  })
  after(async () => fresh.close())
  const list = (query: string) => fresh.inject({ method: 'GET', url: `/api/v1/books${query}` })
  const titles = (response: { json(): { items: { title: string }[] } }) => response.json().items.map((b) => b.title)

  test('offset pagination with total, total_pages and RFC 8288 Link', async () => {
    const response = await list('?page=2&per_page=2')
    assert.equal(response.statusCode, 200)
    const body = response.json()
    assert.equal(body.total, 5)
    assert.equal(body.total_pages, 3)
    assert.equal(body.page, 2)
    assert.equal(body.per_page, 2)
    assert.deepEqual(titles(response), ['Bravo', 'Delta'])
    const link = String(response.headers.link)
    assert.match(link, /<\/api\/v1\/books\?page=1&per_page=2>; rel="first"/)
    assert.match(link, /<\/api\/v1\/books\?page=1&per_page=2>; rel="prev"/)
    assert.match(link, /<\/api\/v1\/books\?page=3&per_page=2>; rel="next"/)
    assert.match(link, /<\/api\/v1\/books\?page=3&per_page=2>; rel="last"/)
    assert.equal(response.headers['cache-control'], 'public, max-age=60')
  })

  test('page and per_page outside 1–100 are 422 naming both', async () => {
    const response = await list('?page=0&per_page=500')
    assert.equal(response.statusCode, 422)
    assert.deepEqual(response.json().errors.map((e: { field: string }) => e.field).sort(), ['page', 'per_page'])
    assert.equal((await list('?per_page=0')).statusCode, 422)
    assert.equal((await list('?per_page=abc')).statusCode, 422)
    assert.equal((await list('?unknown=1')).statusCode, 422)
  })

  test('filters: author substring case-insensitive, genre, year, language', async () => {
    assert.deepEqual(titles(await list('?author=LECKIE')), ['Charlie', 'Delta'])
    assert.deepEqual(titles(await list('?genre=sf')), ['Charlie', 'Alpha', 'Delta'])
    assert.deepEqual(titles(await list('?year=1972')), ['Bravo'])
    assert.deepEqual(titles(await list('?language=it')), ['Bravo'])
    assert.deepEqual(titles(await list('?author=%25')), [], 'a % in the filter is a literal')
    assert.deepEqual(titles(await list('?author=per%20cent')), ['Echo_%'])
  })

  test('sort whitelist with dir; anything else is 400 invalid_sort', async () => {
    assert.deepEqual(titles(await list('?sort=title')), ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo_%'])
    assert.deepEqual(titles(await list('?sort=publication_year&dir=desc')), ['Delta', 'Charlie', 'Echo_%', 'Bravo', 'Alpha'])
    for (const query of ['?sort=password_hash', '?sort=title&dir=sideways', '?sort=copies_total']) {
      const response = await list(query)
      assert.equal(response.statusCode, 400, query)
      assert.equal(response.json().code, 'invalid_sort')
    }
  })

  test('a page past the end is empty with the right totals', async () => {
    const body = (await list('?page=9&per_page=2')).json()
    assert.deepEqual(body.items, [])
    assert.equal(body.total, 5)
  })
})
