import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { BookRow } from '../../src/db/schema.ts'
import { BookCursorSchema } from '../../src/modules/books/v2/books-v2.cursors.ts'
import { CursorCodec } from '../../src/modules/books/v2/cursor.ts'
import { assertProblem, buildTestApp, type TestContext, testConfig } from '../helper.ts'
import { bookRow, getPage, insertBooks, walk } from './books-v2-helpers.ts'

let t: TestContext
let all: BookRow[]

const TITLES = ['Dune', 'dune', 'Émile', 'Zebra', 'zebra', 'Anna Karenina', 'anna', 'Dune', '1984', 'Ångström', 'B', 'b', 'Dune']
const INSTANTS = ['2026-11-20T09:00:00.000Z', '2026-11-21T10:00:00.000Z', '2026-11-21T10:00:00.001Z', '2026-11-22T00:00:00.000Z']

before(async () => {
  t = await buildTestApp()
  // 53 books: repeated titles, years and instants (the id tiebreak matters), a quarter without a year.
  const rows = Array.from({ length: 53 }, (_, i) =>
    bookRow({
      title: TITLES[i % TITLES.length]!,
      author: i % 3 === 0 ? 'Frank Herbert' : 'Someone Else',
      publication_year: i % 4 === 0 ? null : i % 11 === 0 ? -400 : 1990 + (i % 5),
      created_at: INSTANTS[(i * 7) % INSTANTS.length]!,
      genres: JSON.stringify(i % 2 ? ['sf'] : []),
    }),
  )
  await insertBooks(t, rows)
  all = await t.app.db.selectFrom('books').selectAll().execute()
})
after(async () => t.close())

/** The expected order, from plain ORDER BY queries (no cursor code) and, for the year, its documented NULL rule. */
async function expectedOrder(sort: string, dir: 'asc' | 'desc', rows = all): Promise<number[]> {
  const ids = new Set(rows.map((r) => r.id))
  if (sort === 'publication_year') {
    const sign = dir === 'asc' ? 1 : -1
    const withYear = rows.filter((r) => r.publication_year !== null).sort((a, b) => sign * (a.publication_year! - b.publication_year! || a.id - b.id))
    const withoutYear = rows.filter((r) => r.publication_year === null).sort((a, b) => sign * (a.id - b.id))
    return [...withYear, ...withoutYear].map((r) => r.id)
  }
  const column = sort as 'title' | 'created_at' | 'id'
  const ordered = await t.app.db.selectFrom('books').select('id').orderBy(column, dir).orderBy('id', dir).execute()
  return ordered.map((r) => r.id).filter((id) => ids.has(id))
}

describe('GET /api/v2/books', () => {
  test('the v2 shape: nested author, publication, availability, HAL links; the page envelope', async () => {
    const book = await t.makeBook({ title: 'Shape Test', author: 'Ursula K. Le Guin', isbn: '9780441478125', publication_year: 1969, publisher: 'Ace', language: 'en', genres: ['sf'], copies_total: 3 })
    const item = await t.inject({ method: 'GET', url: `/api/v2/books/${book.id}` })
    assert.equal(item.statusCode, 200)
    assert.equal(item.headers['api-version'], '2')
    assert.equal(item.headers.deprecation, undefined)
    assert.deepEqual(item.json(), {
      id: book.id,
      title: 'Shape Test',
      author: { name: 'Ursula K. Le Guin', bio: null },
      publication: { year: 1969, publisher: 'Ace', isbn: '9780441478125' },
      language: 'en',
      summary: null,
      genres: ['sf'],
      availability: { total: 3, available: 3 },
      _links: {
        self: { href: `/api/v2/books/${book.id}` },
        loans: { href: '/api/v1/loans', title: `borrow a copy: POST {"book_id": ${book.id}}` },
        collection: { href: '/api/v2/books' },
      },
    })
    const page = await getPage(t, '/api/v2/books?limit=2&sort=title&author=herbert')
    assert.deepEqual(Object.keys(page).sort(), ['_links', 'has_more', 'items', 'next_cursor', 'page_size'])
    assert.equal(page.page_size, 2)
    assert.equal(page.items.length, 2)
    assert.equal(page.has_more, true)
    assert.equal(page._links.self.href, '/api/v2/books?limit=2&sort=title&author=herbert')
    assert.equal(page._links.next!.href, `/api/v2/books?limit=2&sort=title&author=herbert&cursor=${page.next_cursor}`)
    await t.inject({ method: 'DELETE', url: `/api/v1/books/${book.id}`, headers: (await t.makeUser('librarian')).auth })
  })

  test('GET /api/v2/books/{id}: ETag, Last-Modified, public Cache-Control; If-None-Match → 304; 404 and 422', async () => {
    const id = all[0]!.id
    const first = await t.inject({ method: 'GET', url: `/api/v2/books/${id}` })
    assert.equal(first.headers['cache-control'], 'public, max-age=60')
    assert.ok(first.headers['last-modified'])
    const v1 = await t.inject({ method: 'GET', url: `/api/v1/books/${id}` })
    assert.notEqual(first.headers.etag, v1.headers.etag, 'each representation has its own ETag')
    const again = await t.inject({ method: 'GET', url: `/api/v2/books/${id}`, headers: { 'if-none-match': String(first.headers.etag) } })
    assert.equal(again.statusCode, 304)
    assert.equal(again.body, '')
    assertProblem(await t.inject({ method: 'GET', url: '/api/v2/books/999999' }), 404, 'not_found')
    assertProblem(await t.inject({ method: 'GET', url: '/api/v2/books/abc' }), 422, 'validation_error')
  })

  for (const sort of ['id', 'title', 'publication_year', 'created_at']) {
    for (const dir of ['asc', 'desc'] as const) {
      test(`sort=${sort}&dir=${dir}: the pages cover every book once, in order`, async () => {
        const { ids, pages } = await walk(t, `/api/v2/books?limit=7&sort=${sort}&dir=${dir}`)
        assert.equal(pages, Math.ceil(all.length / 7))
        assert.deepEqual(ids, await expectedOrder(sort, dir))
      })
    }
  }

  test('the default order is id ascending, 20 per page', async () => {
    const page = await getPage(t, '/api/v2/books')
    assert.equal(page.page_size, 20)
    assert.deepEqual(page.items.map((b) => b.id), (await expectedOrder('id', 'asc')).slice(0, 20))
  })

  test('filters (as v1) hold across pages: author, genre, year, language', async () => {
    const herbert = all.filter((r) => r.author === 'Frank Herbert')
    const { ids } = await walk(t, '/api/v2/books?limit=3&sort=title&dir=desc&author=HERBERT')
    assert.deepEqual(ids, await expectedOrder('title', 'desc', herbert))
    const sf = all.filter((r) => r.genres.includes('sf'))
    assert.deepEqual((await walk(t, '/api/v2/books?limit=4&genre=SF&sort=publication_year')).ids, await expectedOrder('publication_year', 'asc', sf))
    const of1991 = all.filter((r) => r.publication_year === 1991)
    assert.deepEqual((await walk(t, '/api/v2/books?limit=2&year=1991&sort=created_at')).ids, await expectedOrder('created_at', 'asc', of1991))
    assert.deepEqual((await getPage(t, '/api/v2/books?language=xx')).items, [])
  })

  test('limit is 1–100: 0, 101, -1 and text are 422 naming limit; 1 and 100 are fine', async () => {
    for (const limit of ['0', '101', '-1', 'ten', '1.5']) {
      const body = assertProblem(await t.inject({ method: 'GET', url: `/api/v2/books?limit=${limit}` }), 422, 'validation_error')
      assert.equal(body.errors?.[0]?.field, 'limit')
    }
    assert.equal((await getPage(t, '/api/v2/books?limit=1')).items.length, 1)
    assert.equal((await getPage(t, '/api/v2/books?limit=100')).items.length, all.length)
    assertProblem(await t.inject({ method: 'GET', url: '/api/v2/books?page=2' }), 422, 'validation_error')
  })

  test('a sort or direction outside the whitelist is 400 invalid_sort', async () => {
    for (const query of ['sort=author', 'sort=copies_available', 'sort=title;drop', 'dir=up', 'sort=title&dir=DESC']) {
      assertProblem(await t.inject({ method: 'GET', url: `/api/v2/books?${query}` }), 400, 'invalid_sort')
    }
  })

  test('a NUL in a filter is 422, never a database error', async () => {
    assertProblem(await t.inject({ method: 'GET', url: '/api/v2/books?author=a%00b' }), 422, 'validation_error')
  })
})

describe('cursors are tamper-evident', () => {
  let cursor: string
  before(async () => {
    cursor = (await getPage(t, '/api/v2/books?limit=5&sort=title&author=herbert')).next_cursor!
    assert.ok(cursor)
  })
  const use = (c: string, query = 'limit=5&sort=title&author=herbert') => t.inject({ method: 'GET', url: `/api/v2/books?${query}&cursor=${encodeURIComponent(c)}` })

  test('the cursor itself works with the same query (and another limit)', async () => {
    assert.equal((await use(cursor)).statusCode, 200)
    assert.equal((await use(cursor, 'limit=50&sort=title&author=herbert')).statusCode, 200)
  })

  test('each single changed character, in payload or signature, is 400 invalid_cursor', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    for (let i = 0; i < cursor.length; i++) {
      if (cursor[i] === '.') continue
      const other = alphabet[(alphabet.indexOf(cursor[i]!) + 1) % alphabet.length]!
      assertProblem(await use(cursor.slice(0, i) + other + cursor.slice(i + 1)), 400, 'invalid_cursor')
    }
  })

  test('truncated, extended, garbage and unsigned cursors are 400 invalid_cursor', async () => {
    const [payload] = cursor.split('.') as [string, string]
    const garbage = [
      cursor.slice(0, -1), cursor.slice(0, cursor.length / 2), cursor.slice(1), `${cursor}A`, `${cursor}.x`, payload, `${payload}.`, `.${cursor.split('.')[1]}`,
      'abc', '...', 'a.b', '%%%', '{"v":1}', Buffer.from('{"v":1,"k":"list","s":"title","d":"asc","f":{},"a":["Dune",1]}').toString('base64url'),
      `${Buffer.from('null').toString('base64url')}.${cursor.split('.')[1]}`,
    ]
    for (const c of garbage) assertProblem(await use(c), 400, 'invalid_cursor')
  })

  test('a cursor forged with another key is 400 invalid_cursor', async () => {
    const forged = new CursorCodec('another-secret-another-secret-0123456').encode({ v: 1, k: 'list', s: 'title', d: 'asc', f: { author: 'herbert' }, a: ['A', 1] })
    assertProblem(await use(forged), 400, 'invalid_cursor')
  })

  test('a validly signed payload of the wrong shape is 400 invalid_cursor, not a 500', async () => {
    const codec = new CursorCodec(testConfig().jwt.secret)
    const shapes = [
      null, [], 'x', { v: 2, k: 'list', s: 'title', d: 'asc', f: { author: 'herbert' }, a: ['A', 1] },
      { v: 1, k: 'list', s: 'title', d: 'asc', f: { author: 'herbert' }, a: [5, 1] },
      { v: 1, k: 'list', s: 'title', d: 'asc', f: { author: 'herbert' }, a: ['A', -1] },
      { v: 1, k: 'list', s: 'title', d: 'asc', f: { author: 'herbert' }, a: ['A'] },
      { v: 1, k: 'list', s: 'title', d: 'asc', f: null, a: ['A', 1] },
    ]
    for (const shape of shapes) assertProblem(await use(codec.encode(shape)), 400, 'invalid_cursor')
    // The same codec, the right shape: accepted — so the rejections above are about shape.
    assert.equal((await use(codec.encode({ v: 1, k: 'list', s: 'title', d: 'asc', f: { author: 'herbert' }, a: ['A', 1] }))).statusCode, 200)
  })

  test('a cursor used with another sort, direction or filter is 400 invalid_cursor', async () => {
    for (const query of [
      'limit=5&sort=id&author=herbert', 'limit=5&sort=publication_year&author=herbert', 'limit=5&author=herbert',
      'limit=5&sort=title&dir=desc&author=herbert', 'limit=5&sort=title', 'limit=5&sort=title&author=Herbert',
      'limit=5&sort=title&author=herbert&genre=sf', 'limit=5&sort=title&author=herbert&year=1991',
    ]) {
      assertProblem(await use(cursor, query), 400, 'invalid_cursor')
    }
  })

  test('a list cursor is not a search cursor, nor the other way round', async () => {
    await t.makeBook({ title: 'Cursor Kinds One', author: 'Cursorkind' })
    await t.makeBook({ title: 'Cursor Kinds Two', author: 'Cursorkind' })
    const search = await getPage(t, '/api/v2/books/search?q=cursorkind&limit=1')
    assert.ok(search.next_cursor)
    assertProblem(await use(search.next_cursor), 400, 'invalid_cursor')
    assertProblem(await t.inject({ method: 'GET', url: `/api/v2/books/search?q=cursorkind&limit=1&cursor=${cursor}` }), 400, 'invalid_cursor')
    assertProblem(await t.inject({ method: 'GET', url: `/api/v2/books/search?q=cursorkinds&limit=1&cursor=${search.next_cursor}` }), 400, 'invalid_cursor')
    assert.equal((await t.inject({ method: 'GET', url: `/api/v2/books/search?q=cursorkind&limit=1&cursor=${search.next_cursor}` })).statusCode, 200)
  })

  test('cursor over 8192 characters is 422 (schema); the codec of another instance with the same secret accepts ours', async () => {
    assertProblem(await use('A'.repeat(8193)), 422, 'validation_error')
    const payload = new CursorCodec(testConfig().jwt.secret).decode(cursor, BookCursorSchema)
    assert.ok(payload.k === 'list')
    assert.equal(payload.s, 'title')
  })
})
