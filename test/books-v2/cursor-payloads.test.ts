import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BookCursorSchema } from '../../src/modules/books/v2/books-v2.cursors.ts'
import { CursorCodec } from '../../src/modules/books/v2/cursor.ts'
import { assertProblem, buildTestApp, type TestContext, testConfig } from '../helper.ts'
import { getPage } from './books-v2-helpers.ts'

// Issue 8 item 4: a cursor signed with the real key but carrying values of the wrong type or
// range is 400 invalid_cursor — never a 500 from a database that cannot take the value.
let t: TestContext
const codec = new CursorCodec(testConfig().jwt.secret)
const V2_BY_HEADER = { 'x-api-version': '2' }
const SORTS = ['title', 'publication_year', 'created_at', 'id'] as const

before(async () => {
  t = await buildTestApp()
  for (let i = 0; i < 3; i++) await t.makeBook({ title: `Payload Book ${i}`, author: 'Payload Author', publication_year: 1990 + i })
})
after(async () => t.close())

/** The payload of a real next cursor (so that each corruption below changes exactly one thing). */
async function realPayload(url: string): Promise<Record<string, unknown>> {
  const page = await getPage(t, url)
  assert.ok(page.next_cursor, url)
  return codec.decode(page.next_cursor, BookCursorSchema) as Record<string, unknown>
}

const BAD_IDS: unknown[] = [0, -1, 1.5, 2 ** 31, 2 ** 53, 1e300, '1', null, [], {}, true]
const BAD_VALUES: Record<(typeof SORTS)[number], unknown[]> = {
  title: [5, null, true, [], {}, ['Dune'], 'Du\u0000ne', '\u0000', 'lone \uD800 surrogate', 'lone \uDC00'],
  publication_year: [10_000, -10_000, 2 ** 31, 2 ** 53, 1990.5, '1990', true, [], {}],
  created_at: ['yesterday', '2026-13-45T99:00:00Z', '2026-11-21T10:00:00.000Z\u0000', '', 5, null, [], {}],
  id: [5, 'x', '', [], {}, true],
}

/** Corruptions of a list payload of one sort: every member, the position, and extra members. */
function listCorruptions(base: Record<string, unknown>, sort: (typeof SORTS)[number]): [string, unknown][] {
  const [value, id] = base.a as [unknown, number]
  const cases: [string, unknown][] = []
  const put = (label: string, payload: unknown) => cases.push([`${sort}: ${label}`, payload])
  for (const bad of BAD_IDS) put(`id ${JSON.stringify(bad)}`, { ...base, a: [value, bad] })
  for (const bad of BAD_VALUES[sort]) put(`value ${JSON.stringify(bad)}`, { ...base, a: [bad, id] })
  put('a too long', { ...base, a: [value, id, id] })
  put('a an object', { ...base, a: { 0: value, 1: id } })
  put('a missing', { ...base, a: undefined })
  put('v 2', { ...base, v: 2 })
  put('v "1"', { ...base, v: '1' })
  put('d up', { ...base, d: 'up' })
  put('s with NUL', { ...base, s: `${sort}\u0000` })
  put('extra member', { ...base, x: 1 })
  put('f with an extra member', { ...base, f: { evil: 'x' } })
  put('f an array', { ...base, f: [] })
  put('f.author an object', { ...base, f: { author: {} } })
  put('f.author with NUL', { ...base, f: { author: 'a\u0000' } })
  put('f.year out of range', { ...base, f: { year: 2 ** 31 } })
  put('payload an array', [base])
  put('payload a number', 1)
  return cases
}

describe('list cursors with a valid signature and a payload of the wrong type or range', () => {
  for (const sort of SORTS) {
    test(`sort=${sort}: every corruption is 400 invalid_cursor on /api/v2/books and /api/books (v2 by header)`, async () => {
      const query = `limit=1&sort=${sort}`
      const base = await realPayload(`/api/v2/books?${query}`)
      // Control: the untouched payload re-encoded is accepted, so each rejection is about its change.
      assert.equal((await t.inject({ method: 'GET', url: `/api/v2/books?${query}&cursor=${codec.encode(base)}` })).statusCode, 200)
      for (const [label, payload] of listCorruptions(base, sort)) {
        const cursor = codec.encode(payload)
        const direct = await t.inject({ method: 'GET', url: `/api/v2/books?${query}&cursor=${cursor}` })
        assert.equal(direct.statusCode, 400, `${label}: ${direct.body}`)
        assertProblem(direct, 400, 'invalid_cursor')
        const negotiated = await t.inject({ method: 'GET', url: `/api/books?${query}&cursor=${cursor}`, headers: V2_BY_HEADER })
        assert.equal(negotiated.statusCode, 400, `${label} (negotiated): ${negotiated.body}`)
        assertProblem(negotiated, 400, 'invalid_cursor')
      }
    })
  }
})

describe('search cursors with a valid signature and a payload of the wrong type or range', () => {
  test('every corruption is 400 invalid_cursor', async () => {
    const query = 'q=payload&limit=1'
    const base = await realPayload(`/api/v2/books/search?${query}`)
    assert.equal((await t.inject({ method: 'GET', url: `/api/v2/books/search?${query}&cursor=${codec.encode(base)}` })).statusCode, 200)
    const cases: unknown[] = [
      ...[-1, 1.5, 1_000_001, 2 ** 31, 2 ** 53, '1', null, [], {}, true].map((o) => ({ ...base, o })),
      ...[5, null, [], {}, 'payload\u0000', '\uD800', ''].map((q) => ({ ...base, q })),
      { ...base, x: 1 },
      { ...base, k: 'list' },
      { ...base, v: 2 },
      [base],
    ]
    for (const payload of cases) {
      const response = await t.inject({ method: 'GET', url: `/api/v2/books/search?${query}&cursor=${codec.encode(payload)}` })
      assert.equal(response.statusCode, 400, `${JSON.stringify(payload)}: ${response.body}`)
      assertProblem(response, 400, 'invalid_cursor')
    }
  })
})
