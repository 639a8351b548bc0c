import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertProblem, buildTestApp, STRONG_PASSWORD, type TestContext, type TestUser } from '../helper.ts'
import { badlyEncodedParameter, strictCoercer } from '../../src/shared/validation.ts'

const TEXT_MESSAGE = 'must not contain NUL or unpaired surrogate characters'

let t: TestContext
let librarian: TestUser
let member: TestUser
let bookId: number

before(async () => {
  t = await buildTestApp()
  librarian = await t.makeUser('librarian')
  member = await t.makeUser('member')
  bookId = (await t.makeBook({ title: 'Canonical', author: 'Spelling' })).id
})
after(async () => t.close())

const fieldsOf = (body: { errors?: { field: string; message: string }[] }) => (body.errors ?? []).map((e) => e.field).sort()

/** Every book the database holds, by title: what a refused request must not have added. */
const bookCount = async () => Number((await t.app.db.selectFrom('books').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

describe('U+0000 and lone surrogates are refused in every request part, 422 naming the field', () => {
  test('JSON body fields (create and patch), nothing stored', async () => {
    const before = await bookCount()
    for (const title of ['a\u0000b', 'a\ud800b', '\udc00']) {
      const created = await t.inject({ method: 'POST', url: '/api/v1/books', headers: { ...librarian.auth, 'content-type': 'application/json' }, payload: JSON.stringify({ title, author: 'X', genres: ['ok', `g${title}`] }) })
      // `\ud800` written by JSON.stringify is an escape: a lone surrogate in JSON is 400 invalid_json, NUL is 422.
      if (title.includes('\u0000')) {
        const body = assertProblem(created, 422, 'validation_error')
        assert.deepEqual(fieldsOf(body), ['genres.1', 'title'])
        assert.ok(body.errors!.every((e) => e.message === TEXT_MESSAGE))
      } else {
        assertProblem(created, 400, 'invalid_json')
      }
    }
    const patched = await t.inject({ method: 'PATCH', url: `/api/v1/books/${bookId}`, headers: { ...librarian.auth, 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ summary: 'x\u0000' }) })
    assert.deepEqual(fieldsOf(assertProblem(patched, 422, 'validation_error')), ['summary'])
    assert.equal(await bookCount(), before)
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/books/${bookId}` })).json().summary, null)
  })

  test('query parameters: %00 in a filter is 422 on both databases (never a 500, never an ignored filter)', async () => {
    for (const url of ['/api/v1/books?author=a%00b', '/api/v2/books?author=%00', '/api/v2/books/search?q=du%00ne', '/api/v1/users?q=%00', '/api/books?genre=x%00']) {
      const headers = url.startsWith('/api/v1/users') ? librarian.auth : {}
      const body = assertProblem(await t.inject({ method: 'GET', url, headers }), 422, 'validation_error')
      assert.equal(body.errors!.length, 1, url)
      assert.equal(body.errors![0]!.message, TEXT_MESSAGE, url)
    }
  })

  test('path parameters: %00 in an id is 422 naming it', async () => {
    const body = assertProblem(await t.inject({ method: 'GET', url: '/api/v1/books/1%00' }), 422, 'validation_error')
    assert.deepEqual(fieldsOf(body), ['id'])
  })

  test('header schemas: NUL in If-Match and Idempotency-Key is 422 naming the header', async () => {
    const ifMatch = await t.inject({ method: 'DELETE', url: `/api/v1/books/${bookId}`, headers: { ...librarian.auth, 'if-match': '"x\u0000"' } })
    const problem = assertProblem(ifMatch, 422, 'validation_error')
    assert.deepEqual(fieldsOf(problem), ['if-match'])
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/books/${bookId}` })).statusCode, 200, 'not deleted')
    const book = await t.makeBook()
    const loan = await t.inject({ method: 'POST', url: '/api/v1/loans', headers: { ...member.auth, 'idempotency-key': 'k\u0000' }, payload: { book_id: book.id } })
    assert.deepEqual(fieldsOf(assertProblem(loan, 422, 'validation_error')), ['idempotency-key'])
  })

  test('login: NUL or a lone surrogate in username or password is 401 invalid_credentials, like a wrong password; missing fields stay 422', async () => {
    const wrong = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: member.username, password: 'Wrong-Passw0rd!' } })
    const wrongBody = assertProblem(wrong, 401, 'invalid_credentials')
    for (const payload of [
      { username: `${member.username}\u0000`, password: STRONG_PASSWORD },
      { username: member.username, password: `${STRONG_PASSWORD}\u0000` },
      { username: '\u0000', password: '\u0000' },
    ]) {
      const response = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload })
      const body = assertProblem(response, 401, 'invalid_credentials')
      assert.equal(body.detail, wrongBody.detail)
      assert.deepEqual(Object.keys(body).sort(), Object.keys(wrongBody).sort())
    }
    const surrogate = await t.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: `{"username":"${member.username}","password":"\\ud800"}` })
    assertProblem(surrogate, 400, 'invalid_json')
    const missing = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '\u0000' } })
    assert.deepEqual(fieldsOf(assertProblem(missing, 422, 'validation_error')), ['password'])
  })
})

describe('badly percent-encoded query strings are 422 naming the parameter', () => {
  test('%FF, %C3%28, a lone %, an encoded surrogate — in a value or a name — on list and item routes', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/books?author=%FF', 'author'],
      ['/api/v1/books?author=%C3%28', 'author'],
      ['/api/v1/books?author=%', 'author'],
      ['/api/v1/books?author=%ED%A0%80', 'author'],
      ['/api/v1/books?page=1&%FF=1', '%FF'],
      [`/api/v1/books/${bookId}?x=%zz`, 'x'],
    ]
    for (const [url, field] of cases) {
      const body = assertProblem(await t.inject({ method: 'GET', url }), 422, 'validation_error')
      assert.deepEqual(fieldsOf(body), [field], url)
    }
    // Valid escapes still work: `%25` is a percent sign, `%C3%A9` an é.
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books?author=%25' })).statusCode, 200)
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books?author=%C3%A9' })).statusCode, 200)
  })

  test('badlyEncodedParameter names the first bad pair and lets good ones through', () => {
    assert.equal(badlyEncodedParameter('/x?a=1&b=%E2%82'), 'b')
    assert.equal(badlyEncodedParameter('/x?a%20b=%'), 'a b')
    assert.equal(badlyEncodedParameter('/x?a=%E2%82%AC&b=+%20'), undefined)
    assert.equal(badlyEncodedParameter('/x%FF'), undefined, 'only the query string: the path is the router’s')
  })
})

describe('one spelling per value: canonical decimal ids and numbers, true/false booleans', () => {
  test('non-canonical ids are 422 naming id, on several routes', async () => {
    for (const spelling of ['0x28db', `${bookId}.0`, `+${bookId}`, `0${bookId}`, `%20${bookId}`, `${bookId}%20`, '1e3', '-0', '00', '%31']) {
      for (const url of [`/api/v1/books/${spelling}`, `/api/v2/books/${spelling}`, `/api/books/${spelling}`]) {
        const response = await t.inject({ method: 'GET', url })
        // `%31` is the router's business: it decodes to `1`, one spelling of book 1 (the cache key is the decoded one).
        if (spelling === '%31') {
          assert.equal(response.statusCode, url.startsWith('/api/v1/books/') && bookId !== 1 ? 404 : response.statusCode)
          continue
        }
        assert.deepEqual(fieldsOf(assertProblem(response, 422, 'validation_error')), ['id'], url)
      }
    }
    const put = await t.inject({ method: 'PUT', url: `/api/v1/books/+${bookId}`, headers: librarian.auth, payload: { title: 'A', author: 'B' } })
    assert.deepEqual(fieldsOf(assertProblem(put, 422, 'validation_error')), ['id'])
    const loan = await t.inject({ method: 'GET', url: '/api/v1/loans/0x1', headers: member.auth })
    assert.deepEqual(fieldsOf(assertProblem(loan, 422, 'validation_error')), ['id'])
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/books/${bookId}` })).statusCode, 200)
  })

  test('non-canonical numbers and booleans in the query are 422 naming the parameter', async () => {
    for (const [query, field] of [['page=01', 'page'], ['page=1.0', 'page'], ['per_page=+5', 'per_page'], ['year=1e3', 'year'], ['page=%201', 'page'], ['page=1&page=2', 'page'], ['year=0x7d0', 'year']]) {
      const body = assertProblem(await t.inject({ method: 'GET', url: `/api/v1/books?${query}` }), 422, 'validation_error')
      assert.deepEqual(fieldsOf(body), [field], query)
    }
    for (const published of ['1', 'TRUE', 'yes', '']) {
      const body = assertProblem(await t.inject({ method: 'GET', url: `/api/v1/posts?published=${published}` }), 422, 'validation_error')
      assert.deepEqual(fieldsOf(body), ['published'], published)
    }
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books?year=-5&page=2&per_page=1' })).statusCode, 200)
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/posts?published=true' })).statusCode, 200)
  })

  test('strictCoercer converts only canonical text and leaves the rest for the type check', () => {
    const coerce = strictCoercer({
      type: 'object',
      properties: {
        n: { type: 'integer' },
        x: { type: 'number' },
        b: { type: 'boolean' },
        s: { type: 'string' },
        list: { type: 'array', items: { type: 'integer' } },
        either: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
      },
    })
    const data: Record<string, unknown> = { n: '42', x: '-0.5', b: 'false', s: '007', list: '3', either: '7' }
    coerce(data)
    assert.deepEqual(data, { n: 42, x: -0.5, b: false, s: '007', list: [3], either: 7 })
    const junk: Record<string, unknown> = { n: '42.0', x: '1.50', b: '0', list: ['1', '01'], either: '' }
    coerce(junk)
    assert.deepEqual(junk, { n: '42.0', x: '1.50', b: '0', list: [1, '01'], either: '' })
    coerce(null)
  })
})

describe('unknown query parameters are 422 on every route', () => {
  test('single-resource GETs, other GETs and writes', async () => {
    const post = await t.inject({ method: 'POST', url: '/api/v1/posts', headers: member.auth, payload: { title: 'Hello world', content: 'x', published: true } })
    const cases: Array<[string, string, Record<string, string>]> = [
      ['GET', `/api/v1/books/${bookId}?utm_source=x`, {}],
      ['GET', `/api/v2/books/${bookId}?x=1`, {}],
      ['GET', `/api/books/${bookId}?x=1`, {}],
      ['GET', `/api/v1/posts/${post.json().id}?x=1`, {}],
      ['GET', `/api/v1/users/${member.id}?x=1`, member.auth],
      ['GET', '/api/v1/auth/me?x=1', member.auth],
      ['GET', '/health?x=1', {}],
      ['DELETE', `/api/v1/books/${bookId}?force=true`, librarian.auth],
    ]
    for (const [method, url, headers] of cases) {
      const body = assertProblem(await t.inject({ method: method as 'GET', url, headers }), 422, 'validation_error')
      assert.equal(body.errors![0]!.message, 'is not an accepted field', url)
    }
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/books/${bookId}` })).statusCode, 200, 'not deleted')
  })
})
