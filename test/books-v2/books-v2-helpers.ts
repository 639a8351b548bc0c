import assert from 'node:assert/strict'
import type { NewBookRow } from '../../src/db/schema.ts'
import type { TestContext } from '../helper.ts'

/** A v2 page as the API answers it (the fields the tests read). */
export interface V2Page {
  items: { id: number; title: string; author: { name: string }; publication: { year: number | null } }[]
  page_size: number
  has_more: boolean
  next_cursor: string | null
  _links: { self: { href: string }; next: { href: string } | null }
}

/**
 * mulberry32: a small seeded PRNG, so a failing property run can be replayed exactly.
 * @returns a function giving floats in [0, 1)
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A book row for direct inserts (bulk test data, like the catalog import writes). */
export function bookRow(fields: Partial<NewBookRow> & { title: string }): NewBookRow {
  return {
    author: 'Test Author',
    isbn: null,
    publication_year: null,
    publisher: null,
    language: null,
    summary: null,
    genres: '[]',
    copies_total: 1,
    copies_available: 1,
    created_at: '2026-11-21T10:00:00.000Z',
    updated_at: '2026-11-21T10:00:00.000Z',
    ...fields,
  }
}

/** Inserts rows straight into `books` (the FTS triggers run as for any writer); returns their ids. */
export async function insertBooks(t: TestContext, rows: NewBookRow[]): Promise<number[]> {
  if (rows.length === 0) return []
  const inserted = await t.app.db.insertInto('books').values(rows).returning('id').execute()
  return inserted.map((r) => r.id)
}

/** GET a v2 page and assert it is a 200. */
export async function getPage(t: TestContext, url: string, headers: Record<string, string> = {}): Promise<V2Page> {
  const response = await t.inject({ method: 'GET', url, headers })
  assert.equal(response.statusCode, 200, `${url}: ${response.body}`)
  return response.json() as V2Page
}

/**
 * Follows `_links.next` from `url` to the last page, calling `between` before each next page.
 * @returns the ids in the order served, and the number of pages
 */
export async function walk(t: TestContext, url: string, between?: () => Promise<void>): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = []
  let pages = 0
  let next: string | null = url
  while (next) {
    const page: V2Page = await getPage(t, next)
    pages++
    ids.push(...page.items.map((b) => b.id))
    assert.equal(page.has_more, page.next_cursor !== null)
    assert.equal(page._links.next === null, page.next_cursor === null)
    next = page._links.next?.href ?? null
    if (next && between) await between()
    assert.ok(pages < 10_000, 'the walk does not end')
  }
  return { ids, pages }
}
