import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, type TestContext } from '../helper.ts'
import { xCache } from './cache-helpers.ts'

let t: TestContext
let bookId: number

before(async () => {
  t = await buildTestApp()
  bookId = (await t.makeBook({ title: 'Spelt', author: 'Test Author' })).id
})
after(async () => t.close())

const get = (url: string) => t.inject({ method: 'GET', url })

/** Sends each spelling after the canonical one; counts the handler runs (MISS) and the answers. */
async function missesAfter(canonical: string, spellings: string[]): Promise<{ misses: number; statuses: number[] }> {
  const first = await get(canonical)
  assert.equal(first.statusCode, 200, first.body)
  assert.equal(xCache(first), 'MISS')
  let misses = 0
  const statuses: number[] = []
  for (const url of spellings) {
    const response = await get(url)
    statuses.push(response.statusCode)
    if (xCache(response) === 'MISS') misses++
    if (response.statusCode === 200) assert.equal(xCache(response), 'HIT', `${url} is another spelling of ${canonical}`)
    else assert.equal(response.statusCode, 422, `${url}: ${response.body}`)
  }
  return { misses, statuses }
}

describe('the cache key space cannot be grown by spelling', () => {
  test('list: reordered, percent-encoded names and values, trailing &, defaults spelt out — all one entry; junk is 422', async () => {
    const { misses, statuses } = await missesAfter('/api/v1/books?author=Test&page=1', [
      '/api/v1/books?page=1&author=Test',
      '/api/v1/books?author=Test&page=1&',
      '/api/v1/books?&author=Test',
      '/api/v1/books?auth%6Fr=Test',
      '/api/v1/books?author=T%65st&per_page=20',
      '/api/v1/books?author=Test&page=01',
      '/api/v1/books?author=Test&page=1.0',
      '/api/v1/books?author=Test&page=1&page=1',
      '/api/v1/books?author=Test&utm=1',
      '/api/v1/books?author=Test&%FF',
    ])
    assert.equal(misses, 0)
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 422, 422, 422, 422, 422])
  })

  test('item: a percent-encoded id is the same entry; 0x, +, leading zeros, fractions and extra parameters are 422', async () => {
    const encoded = [...String(bookId)].map((d) => `%${d.charCodeAt(0).toString(16)}`).join('')
    const { misses, statuses } = await missesAfter(`/api/v1/books/${bookId}`, [
      `/api/v1/books/${encoded}`,
      `/api/v1/books/0x${bookId.toString(16)}`,
      `/api/v1/books/+${bookId}`,
      `/api/v1/books/0${bookId}`,
      `/api/v1/books/${bookId}.0`,
      `/api/v1/books/${bookId}?v=1`,
      `/api/v1/books/${bookId}?`,
    ])
    assert.equal(misses, 0)
    assert.deepEqual(statuses, [200, 422, 422, 422, 422, 422, 200])
  })
})

describe('nothing a client sends is reflected into headers', () => {
  const attack = 'a>;rel="x",<https://evil.example/>;rel="next'

  test('a Link injection in a filter stays inside the URL, encoded (raw and percent-encoded)', async () => {
    for (const url of [`/api/v1/books?author=${attack}`, `/api/v1/books?author=${encodeURIComponent(attack)}`, `/api/books?per_page=1&author=${attack}`]) {
      const response = await get(url)
      assert.equal(response.statusCode, 200, response.body)
      const links = String(response.headers.link).split(', ')
      for (const link of links) assert.match(link, /^<\/api\/(v[12]\/)?books[^<>"\s]*>; rel="(first|prev|next|last|successor-version)"$/, link)
      assert.deepEqual(links.map((l) => /rel="([^"]+)"/.exec(l)![1]), ['first', 'last', 'successor-version'])
      assert.ok(links[0]!.includes(`author=${encodeURIComponent(attack)}`), links[0])
    }
  })

  test('v2 _links are built from the validated query too', async () => {
    const page = (await get(`/api/v2/books?limit=1&author=${attack}`)).json()
    assert.equal(page._links.self.href, `/api/v2/books?limit=1&author=${encodeURIComponent(attack)}`)
    await t.makeBook({ author: 'Zed Test' })
    const two = (await get('/api/v2/books?author=Test&limit=1&')).json()
    assert.equal(two._links.self.href, '/api/v2/books?author=Test&limit=1')
    assert.equal(two._links.next.href, `/api/v2/books?author=Test&limit=1&cursor=${encodeURIComponent(two.next_cursor)}`)
  })
})
