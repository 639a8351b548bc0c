import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ConfigError, loadConfig } from '../../src/config.ts'
import { assertProblem, buildTestApp, type TestContext, type TestUser } from '../helper.ts'

const VENDOR_V2 = 'application/vnd.library.v2+json'
const V2_BY_ACCEPT = { accept: VENDOR_V2 }
const V2_BY_HEADER = { 'x-api-version': '2' }

let t: TestContext
let librarian: TestUser
let bookId: number

before(async () => {
  t = await buildTestApp()
  librarian = await t.makeUser('librarian')
  for (let i = 0; i < 3; i++) await t.makeBook({ title: `Versioned Quasar ${i}`, author: 'Vera Sion', publication_year: 2000 + i })
  bookId = (await t.makeBook({ title: 'The Versioned Book', author: 'Vera Sion' })).id
})
after(async () => t.close())

const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url, headers })

/** The headers every answer of a version-neutral path carries. */
function assertNegotiated(response: { headers: Record<string, unknown> }, version: 1 | 2) {
  assert.equal(response.headers.vary, 'Accept, X-API-Version')
  assert.equal(response.headers['api-version'], String(version))
}

describe('version-neutral paths: /api/books…', () => {
  test('no header → v1, deprecated, with the successor link', async () => {
    const item = await get(`/api/books/${bookId}`)
    assert.equal(item.statusCode, 200)
    assertNegotiated(item, 1)
    assert.equal(item.json().author, 'Vera Sion')
    assert.match(String(item.headers['content-type']), /^application\/json; charset=utf-8$/)
    assert.equal(item.headers.deprecation, '@1798761600')
    assert.equal(item.headers.sunset, undefined, 'no Sunset unless configured')
    assert.equal(item.headers.link, `</api/v2/books/${bookId}>; rel="successor-version"`)
    assert.deepEqual(item.json(), (await get(`/api/v1/books/${bookId}`)).json())

    const list = await get('/api/books?per_page=2&author=vera')
    assertNegotiated(list, 1)
    assert.deepEqual(Object.keys(list.json()).sort(), ['items', 'page', 'per_page', 'total', 'total_pages'])
    const links = String(list.headers.link)
    assert.match(links, /<\/api\/books\?per_page=2&author=vera&page=2>; rel="next"/)
    assert.ok(links.endsWith(', </api/v2/books>; rel="successor-version"'), links)
  })

  test('Accept: application/vnd.library.v2+json → v2, sent as that media type', async () => {
    const item = await get(`/api/books/${bookId}`, V2_BY_ACCEPT)
    assert.equal(item.statusCode, 200)
    assertNegotiated(item, 2)
    assert.equal(item.headers['content-type'], `${VENDOR_V2}; charset=utf-8`)
    assert.deepEqual(item.json().author, { name: 'Vera Sion', bio: null })
    assert.equal(item.headers.deprecation, undefined)
    assert.equal(item.headers.link, undefined)
    assert.deepEqual(item.json(), (await get(`/api/v2/books/${bookId}`)).json())
    // Among other types, with parameters, in any case.
    const mixed = await get(`/api/books/${bookId}`, { accept: 'text/html, Application/VND.library.v2+JSON;q=0.9, */*;q=0.1' })
    assertNegotiated(mixed, 2)
  })

  test('X-API-Version: 2 → v2 as application/json (the client did not ask for the vendor type)', async () => {
    const list = await get('/api/books?limit=2&author=vera', V2_BY_HEADER)
    assert.equal(list.statusCode, 200)
    assertNegotiated(list, 2)
    assert.match(String(list.headers['content-type']), /^application\/json/)
    const page = list.json()
    assert.equal(page.items.length, 2)
    assert.equal(page.has_more, true)
    assert.equal(page._links.next.href, `/api/books?limit=2&author=vera&cursor=${page.next_cursor}`)
    const next = await get(page._links.next.href, V2_BY_HEADER)
    assert.equal(next.statusCode, 200)
    assert.equal(next.json().items.length, 2)
    assert.equal(list.headers.link, undefined)
  })

  test('X-API-Version wins over Accept; X-API-Version: 1 and Accept v1 are v1', async () => {
    assertNegotiated(await get(`/api/books/${bookId}`, { 'x-api-version': '1', accept: VENDOR_V2 }), 1)
    const v1 = await get(`/api/books/${bookId}`, { accept: 'application/vnd.library.v1+json' })
    assertNegotiated(v1, 1)
    assert.equal(v1.headers['content-type'], 'application/vnd.library.v1+json; charset=utf-8')
    assert.equal(v1.json().author, 'Vera Sion')
    assertNegotiated(await get(`/api/books/${bookId}`, { accept: 'application/json' }), 1)
  })

  test('an unknown version is 406 unsupported_version (problem JSON, with Vary), on every neutral path', async () => {
    const unknown: Record<string, string>[] = [{ 'x-api-version': '3' }, { 'x-api-version': 'banana' }, { 'x-api-version': '2.0.1' }, { 'x-api-version': '0' }, { accept: 'application/vnd.library.v3+json' }, { accept: 'application/vnd.library.v99+json' }]
    for (const headers of unknown) {
      for (const url of [`/api/books/${bookId}`, '/api/books', '/api/books/search?q=quasar']) {
        const response = await get(url, headers)
        assertProblem(response, 406, 'unsupported_version')
        assert.equal(response.headers.vary, 'Accept, X-API-Version')
        assert.equal(response.headers['api-version'], undefined)
      }
    }
    // The version is checked before the query: a bad version and a bad query is a 406.
    assertProblem(await get('/api/books?limit=0', { 'x-api-version': '9' }), 406, 'unsupported_version')
  })

  test('the other version’s paging parameters are 422 naming them', async () => {
    const v1 = assertProblem(await get('/api/books?limit=5&cursor=abc'), 422, 'validation_error')
    assert.deepEqual(v1.errors?.map((e) => e.field).sort(), ['cursor', 'limit'])
    const v2 = assertProblem(await get('/api/books?page=2', V2_BY_HEADER), 422, 'validation_error')
    assert.deepEqual(v2.errors?.map((e) => e.field), ['page'])
    assertProblem(await get('/api/books?sort=nope', V2_BY_HEADER), 400, 'invalid_sort')
    assertProblem(await get('/api/books?sort=nope'), 400, 'invalid_sort')
    assertProblem(await get('/api/books?limit=2&cursor=garbage', V2_BY_HEADER), 400, 'invalid_cursor')
  })

  test('search on the neutral path: v1 items (flat) or v2 items (nested) in the cursor envelope', async () => {
    const v1 = await get('/api/books/search?q=quasar&limit=2')
    assertNegotiated(v1, 1)
    assert.equal(v1.json().items[0].author, 'Vera Sion')
    assert.equal(v1.headers.link, '</api/v2/books/search>; rel="successor-version"')
    const v2 = await get('/api/books/search?q=quasar&limit=2', V2_BY_ACCEPT)
    assertNegotiated(v2, 2)
    assert.deepEqual(v2.json().items[0].author, { name: 'Vera Sion', bio: null })
    assert.deepEqual(v2.json().items.map((b: { id: number }) => b.id), v1.json().items.map((b: { id: number }) => b.id))
  })

  test('each version has its own ETag; If-None-Match → 304 within a version', async () => {
    const v1 = await get(`/api/books/${bookId}`)
    const v2 = await get(`/api/books/${bookId}`, V2_BY_HEADER)
    assert.notEqual(v1.headers.etag, v2.headers.etag)
    const notModified = await get(`/api/books/${bookId}`, { ...V2_BY_HEADER, 'if-none-match': String(v2.headers.etag) })
    assert.equal(notModified.statusCode, 304)
    assertNegotiated(notModified, 2)
    assert.equal((await get(`/api/books/${bookId}`, { 'if-none-match': String(v2.headers.etag) })).statusCode, 200)
    assertProblem(await get('/api/books/999999', V2_BY_HEADER), 404, 'not_found')
  })
})

describe('versioned paths', () => {
  test('/api/v2/books answers carry API-Version: 2, no deprecation, and ignore version headers', async () => {
    for (const url of ['/api/v2/books', `/api/v2/books/${bookId}`, '/api/v2/books/search?q=quasar']) {
      const response = await get(url, { 'x-api-version': '1' })
      assert.equal(response.statusCode, 200, url)
      assert.equal(response.headers['api-version'], '2')
      assert.equal(response.headers.deprecation, undefined)
      assert.equal(response.headers.vary, undefined)
    }
    const vendor = await get('/api/v2/books', V2_BY_ACCEPT)
    assert.equal(vendor.headers['content-type'], `${VENDOR_V2}; charset=utf-8`)
  })

  test('/api/v1/books reads: API-Version 1, Deprecation, Link successor-version appended after the pagination links', async () => {
    const list = await get('/api/v1/books?per_page=1')
    assert.equal(list.headers['api-version'], '1')
    assert.equal(list.headers.deprecation, '@1798761600')
    const links = String(list.headers.link).split(', ')
    assert.deepEqual(links.map((l) => /rel="([^"]+)"/.exec(l)?.[1]), ['first', 'next', 'last', 'successor-version'])
    assert.equal(links.at(-1), '</api/v2/books>; rel="successor-version"')

    const item = await get(`/api/v1/books/${bookId}`)
    assert.equal(item.headers.link, `</api/v2/books/${bookId}>; rel="successor-version"`)
    const notModified = await get(`/api/v1/books/${bookId}`, { 'if-none-match': String(item.headers.etag) })
    assert.equal(notModified.statusCode, 304)
    assert.equal(notModified.headers.link, `</api/v2/books/${bookId}>; rel="successor-version"`)
    assert.equal(notModified.headers.deprecation, '@1798761600')
  })

  test('/api/v1/books writes and errors are marked deprecated, without a successor link', async () => {
    const created = await t.inject({ method: 'POST', url: '/api/v1/books', headers: librarian.auth, payload: { title: 'Written in v1', author: 'A' } })
    assert.equal(created.statusCode, 201)
    assert.equal(created.headers.deprecation, '@1798761600')
    assert.equal(created.headers['api-version'], '1')
    assert.equal(created.headers.link, undefined)
    const missing = await get('/api/v1/books/999999')
    assertProblem(missing, 404, 'not_found')
    assert.equal(missing.headers.deprecation, '@1798761600')
    assert.equal(missing.headers.link, undefined)
  })

  test('other modules carry no version headers', async () => {
    const health = await get('/health')
    assert.equal(health.headers['api-version'], undefined)
    assert.equal(health.headers.deprecation, undefined)
  })
})

describe('configuration of the v1 retirement', () => {
  test('API_V1_SUNSET and API_V1_DEPRECATION are sent as configured', async () => {
    const configured = await buildTestApp({ API_V1_DEPRECATION: '2027-01-01T00:00:00Z', API_V1_SUNSET: '2027-07-01T00:00:00Z' })
    try {
      const book = await configured.makeBook()
      for (const url of [`/api/v1/books/${book.id}`, `/api/books/${book.id}`, '/api/v1/books']) {
        const response = await configured.inject({ method: 'GET', url })
        assert.equal(response.headers.deprecation, '@1798761600', url)
        assert.equal(response.headers.sunset, 'Thu, 01 Jul 2027 00:00:00 GMT', url)
      }
      const v2 = await configured.inject({ method: 'GET', url: `/api/books/${book.id}`, headers: V2_BY_HEADER })
      assert.equal(v2.headers.sunset, undefined)
    } finally {
      await configured.close()
    }
  })

  test('dates are @epoch, RFC 3339 or HTTP-date; a sunset before the deprecation is refused; errors name the key', () => {
    const base = { JWT_SECRET: 'x'.repeat(40) }
    assert.deepEqual(loadConfig({ ...base, API_V1_DEPRECATION: 'Fri, 01 Jan 2027 00:00:00 GMT', API_V1_SUNSET: '@1830297600' }).apiV1, { deprecation: '@1798761600', sunset: 'Sat, 01 Jan 2028 00:00:00 GMT' })
    const refused = (env: Record<string, string>, key: string) =>
      assert.throws(() => loadConfig({ ...base, ...env }), (error: unknown) => error instanceof ConfigError && error.message.includes(key) && !error.message.includes('tomorrow'))
    refused({ API_V1_DEPRECATION: 'tomorrow' }, 'API_V1_DEPRECATION')
    refused({ API_V1_SUNSET: 'tomorrow' }, 'API_V1_SUNSET')
    refused({ API_V1_SUNSET: '2026-01-01T00:00:00Z' }, 'API_V1_SUNSET')
  })
})

describe('OpenAPI', () => {
  test('the v2 and neutral operations are documented with their headers, media types and problems', async () => {
    const doc = (await get('/openapi.json')).json() as {
      paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[]; responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }> }>>
      components: { schemas: Record<string, unknown> }
    }
    assert.ok(doc.components.schemas.BookV2 && doc.components.schemas.BookV2Page)
    const op = (path: string) => doc.paths[path]!.get!
    // Other plugins (cache, rate limits) document headers of their own: check ours are there.
    const hasHeaders = (path: string, status: string, names: string[], absent: string[] = []) => {
      const documented = Object.keys(op(path).responses[status]!.headers ?? {})
      for (const name of names) assert.ok(documented.includes(name), `${path} ${status} documents ${name}: ${documented.join(', ')}`)
      for (const name of absent) assert.ok(!documented.includes(name), `${path} ${status} does not document ${name}`)
    }
    assert.equal(op('/api/v2/books').operationId, 'listBooksV2')
    assert.equal(op('/api/v2/books/search').operationId, 'searchBooksV2')
    assert.equal(op('/api/v2/books/{id}').operationId, 'getBookV2')
    for (const path of ['/api/books', '/api/books/search', '/api/books/{id}']) {
      const responses = op(path).responses
      assert.ok(responses['406'], `${path} documents 406`)
      assert.deepEqual(Object.keys(responses['200']!.content!).sort(), ['application/json', 'application/vnd.library.v1+json', 'application/vnd.library.v2+json'])
      hasHeaders(path, '200', ['API-Version', 'Deprecation', 'Link', 'Sunset', 'Vary'])
      hasHeaders(path, '406', ['Vary'], ['Link'])
      assert.ok(op(path).parameters!.some((p) => p.in === 'header' && p.name === 'x-api-version'))
    }
    hasHeaders('/api/v2/books', '200', ['API-Version'], ['Deprecation', 'Sunset', 'Link', 'Vary'])
    hasHeaders('/api/v1/books', '200', ['API-Version', 'Deprecation', 'Link', 'Sunset'], ['Vary'])
    hasHeaders('/api/v1/books/{id}', '304', ['API-Version', 'Deprecation', 'Link', 'Sunset'])
    hasHeaders('/api/v1/books', '422', ['API-Version', 'Deprecation'], ['Link'])
  })
})
