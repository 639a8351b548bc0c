import type { BookRow, Db } from '../../../db/schema.ts'
import { AppError } from '../../../errors.ts'
import { BOOK_SORTS, type BookSort } from '../books.schemas.ts'
import * as repo from './books-v2.repository.ts'
import type { BookV2, ListBooksV2QueryType, SearchBooksQueryType } from './books-v2.schemas.ts'
import { BookCursorSchema, type ListCursor, MAX_SEARCH_OFFSET, type SearchCursor } from './books-v2.cursors.ts'
import type { CursorCodec } from './cursor.ts'
import { isSearchable } from './search-query.ts'

/** What the v2 book services need. */
export interface BookV2Deps {
  db: Db
  /** signs and verifies pagination cursors */
  cursors: CursorCodec
}

/** A page of a cursor-paginated list, before the route adds its `_links`. */
export interface CursorPageResult<T> {
  items: T[]
  page_size: number
  has_more: boolean
  next_cursor: string | null
}

/** Where a client borrows a book (there is no v2 loans resource yet). */
const LOANS_HREF = '/api/v1/loans'

/** The v2 representation of a book row: nested author, publication and availability, HAL links. */
export function toBookV2(row: BookRow): BookV2 {
  return {
    id: row.id,
    title: row.title,
    author: { name: row.author, bio: null },
    publication: { year: row.publication_year, publisher: row.publisher, isbn: row.isbn },
    language: row.language,
    summary: row.summary,
    genres: JSON.parse(row.genres) as string[],
    availability: { total: row.copies_total, available: row.copies_available },
    _links: {
      self: { href: `/api/v2/books/${row.id}` },
      loans: { href: LOANS_HREF, title: `borrow a copy: POST {"book_id": ${row.id}}` },
      collection: { href: '/api/v2/books' },
    },
  }
}

/**
 * One book in the v2 representation, with the instant it last changed (for `Last-Modified`).
 * @throws AppError `not_found`
 */
export async function getBookV2(deps: BookV2Deps, id: number): Promise<{ book: BookV2; updatedAt: string }> {
  const row = await repo.findBookById(deps.db, id)
  if (!row) throw new AppError('not_found', 'No such book')
  return { book: toBookV2(row), updatedAt: row.updated_at }
}

/**
 * The sort whitelist: `sort` one of title, publication_year, created_at, id (default id),
 * `dir` asc or desc (default asc).
 * @throws AppError `invalid_sort` (400) for anything else
 */
export function checkOrder(query: { sort?: string | undefined; dir?: string | undefined }): repo.KeysetOrder {
  const sort = (query.sort ?? 'id') as BookSort
  if (!BOOK_SORTS.includes(sort)) throw new AppError('invalid_sort', `sort must be one of ${BOOK_SORTS.join(', ')}`)
  const dir = query.dir ?? 'asc'
  if (dir !== 'asc' && dir !== 'desc') throw new AppError('invalid_sort', 'dir must be asc or desc')
  return { sort, dir }
}

/** The filters in a canonical form (fixed key order, absent keys left out) for binding cursors. */
function canonicalFilter(source: Record<string, unknown>): repo.BookFilter {
  const filter: repo.BookFilter = {}
  if (typeof source.author === 'string') filter.author = source.author
  if (typeof source.genre === 'string') filter.genre = source.genre
  if (typeof source.year === 'number') filter.year = source.year
  if (typeof source.language === 'string') filter.language = source.language
  return filter
}

function mismatch(what: string): AppError {
  return new AppError('invalid_cursor', `The cursor belongs to another ${what}; start again without it`)
}

/** The sort value of a row, as kept in the cursor. */
function sortValue(row: BookRow, sort: BookSort): string | number | null {
  return sort === 'id' ? null : row[sort]
}

/**
 * Reads a list cursor and checks it belongs to this very query.
 * @throws AppError `invalid_cursor` when it is forged, malformed, or made for another sort, direction or filter
 */
function readListCursor(cursors: CursorCodec, cursor: string, order: repo.KeysetOrder, filter: repo.BookFilter): repo.KeysetPosition {
  const payload = cursors.decode(cursor, BookCursorSchema)
  if (payload.k !== 'list') throw mismatch('kind of list')
  if (payload.s !== order.sort || payload.d !== order.dir) throw mismatch('sort or direction')
  if (JSON.stringify(canonicalFilter(payload.f)) !== JSON.stringify(filter)) throw mismatch('set of filters')
  return { value: payload.a[0], id: payload.a[1] }
}

/**
 * A page of the catalog by keyset pagination: `limit` books after the cursor's position, in
 * `(sort, id)` order, with the filters of v1. The next cursor records the last row's sort
 * value and id together with the sort, direction and filters, signed: it stays valid — neither
 * skipping nor repeating a book that exists throughout — while books are added or removed.
 * @throws AppError `invalid_sort` (400), `invalid_cursor` (400)
 */
export async function listBooksV2<T = BookV2>(deps: BookV2Deps, query: ListBooksV2QueryType, represent: (row: BookRow) => T = toBookV2 as (row: BookRow) => T): Promise<CursorPageResult<T>> {
  const order = checkOrder(query)
  const filter = canonicalFilter(query)
  const after = query.cursor === undefined ? undefined : readListCursor(deps.cursors, query.cursor, order, filter)
  const rows = await repo.listBooksAfter(deps.db, filter, order, after, query.limit + 1)
  const hasMore = rows.length > query.limit
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  const next: ListCursor | undefined =
    // one member of the per-sort union: sortValue gives the value type that order.sort implies
    hasMore && last ? ({ v: 1, k: 'list', s: order.sort, d: order.dir, f: filter, a: [sortValue(last, order.sort), last.id] } as ListCursor) : undefined
  return { items: page.map(represent), page_size: query.limit, has_more: hasMore, next_cursor: next ? deps.cursors.encode(next) : null }
}

/**
 * Full-text search, best match first (ties by id), `limit` per page. The cursor carries the
 * offset of the next page and the exact `q` it belongs to, signed; for a catalog that does not
 * change meanwhile, pages neither skip nor repeat. A query with no word to look for (only
 * punctuation or only exclusions) finds nothing rather than everything.
 * @param represent the item representation (v2 by default; v1 on the version-neutral path)
 * @throws AppError `invalid_cursor` (400) for a forged cursor or one made for another `q`
 */
export async function searchBooks<T = BookV2>(deps: BookV2Deps, query: SearchBooksQueryType, represent: (row: BookRow) => T = toBookV2 as (row: BookRow) => T): Promise<CursorPageResult<T>> {
  let offset = 0
  if (query.cursor !== undefined) {
    const payload = deps.cursors.decode(query.cursor, BookCursorSchema)
    if (payload.k !== 'search') throw mismatch('kind of list')
    if (payload.q !== query.q) throw mismatch('search text')
    offset = payload.o
  }
  // Control characters are separators; PostgreSQL text cannot even hold NUL.
  const text = query.q.replace(/\p{Cc}/gu, ' ')
  if (!isSearchable(text)) return { items: [], page_size: query.limit, has_more: false, next_cursor: null }
  const rows = await repo.searchBooks(deps.db, text, { limit: query.limit + 1, offset })
  const hasMore = rows.length > query.limit && offset + query.limit <= MAX_SEARCH_OFFSET
  const next: SearchCursor | undefined = hasMore ? { v: 1, k: 'search', q: query.q, o: offset + query.limit } : undefined
  return {
    items: rows.slice(0, query.limit).map(represent),
    page_size: query.limit,
    has_more: hasMore,
    next_cursor: next ? deps.cursors.encode(next) : null,
  }
}
