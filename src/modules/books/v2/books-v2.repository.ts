import { PostgresAdapter, type SelectQueryBuilder, sql } from 'kysely'
import type { BookRow, Database, Db } from '../../../db/schema.ts'
import { escapeLike } from '../../../shared/sql.ts'
import type { BookSort } from '../books.schemas.ts'
import { parseSearch, toFts5Match } from './search-query.ts'

/**
 * The columns of a book, named: never `select *`, which on PostgreSQL would also fetch the
 * `search_vector` column (migration 002).
 */
const COLUMNS = [
  'books.id', 'books.title', 'books.author', 'books.isbn', 'books.publication_year', 'books.publisher', 'books.language',
  'books.summary', 'books.genres', 'books.copies_total', 'books.copies_available', 'books.created_at', 'books.updated_at',
] as const

/** Filters of the v2 list (the v1 ones). */
export interface BookFilter {
  author?: string
  genre?: string
  year?: number
  language?: string
}

/** Sort order of the list; `id` is always the tiebreak, in the same direction. */
export interface KeysetOrder {
  sort: BookSort
  dir: 'asc' | 'desc'
}

/** The last row of the previous page: its sort value (null: a book without a year) and id. */
export interface KeysetPosition {
  value: string | number | null
  id: number
}

type BooksQuery = SelectQueryBuilder<Database, 'books', object>

// Same semantics as the v1 list (books.repository.ts), repeated here because that module
// keeps its query builder private.
function filtered(db: Db, filter: BookFilter): BooksQuery {
  let query: BooksQuery = db.selectFrom('books')
  if (filter.author) query = query.where(sql`lower(author)`, 'like', sql`${`%${escapeLike(filter.author.toLowerCase())}%`} escape '\\'`)
  if (filter.genre) query = query.where(sql`lower(genres)`, 'like', sql`${`%${escapeLike(JSON.stringify(filter.genre.toLowerCase()))}%`} escape '\\'`)
  if (filter.year !== undefined) query = query.where('publication_year', '=', filter.year)
  if (filter.language) query = query.where(sql`lower(language)`, '=', filter.language.toLowerCase())
  return query
}

/**
 * One page of the keyset (seek) pagination: the rows strictly after `after` in the order
 * `(sort, id)` — `(sort, id) > (value, id)` ascending, `<` descending — so that each page is an
 * index range scan of `books_<sort>` (`(sort, id)`), whatever the depth, and rows inserted or
 * deleted elsewhere never shift it.
 *
 * `publication_year` may be NULL; the order is the same on both dialects: books with a year
 * first (ascending or descending by year), then books without one, by id in the requested
 * direction. That is two segments, each a plain index range (`year IS NOT NULL` then
 * `year IS NULL`), read in turn — no `NULLS LAST` expression that SQLite could not serve from
 * the index.
 * @param limit rows to return at most (ask one more than the page size to learn `has_more`)
 * @see https://use-the-index-luke.com/no-offset
 */
export async function listBooksAfter(db: Db, filter: BookFilter, order: KeysetOrder, after: KeysetPosition | undefined, limit: number): Promise<BookRow[]> {
  const { sort, dir } = order
  const cmp = dir === 'asc' ? '>' : '<'
  const base = filtered(db, filter)
  if (sort === 'id') {
    let query = base.select(COLUMNS)
    if (after) query = query.where('id', cmp, after.id)
    return query.orderBy('id', dir).limit(limit).execute()
  }
  if (sort !== 'publication_year') {
    let query = base.select(COLUMNS)
    if (after) query = query.where((eb) => eb(eb.refTuple(sort, 'id'), cmp, eb.tuple(after.value as string, after.id)))
    return query.orderBy(sort, dir).orderBy('id', dir).limit(limit).execute()
  }
  const rows: BookRow[] = []
  if (!after || after.value !== null) {
    let withYear = base.select(COLUMNS).where('publication_year', 'is not', null)
    if (after) withYear = withYear.where((eb) => eb(eb.refTuple('publication_year', 'id'), cmp, eb.tuple(after.value as number, after.id)))
    rows.push(...(await withYear.orderBy('publication_year', dir).orderBy('id', dir).limit(limit).execute()))
  }
  if (rows.length < limit) {
    let withoutYear = base.select(COLUMNS).where('publication_year', 'is', null)
    if (after && after.value === null) withoutYear = withoutYear.where('id', cmp, after.id)
    rows.push(...(await withoutYear.orderBy('id', dir).limit(limit - rows.length).execute()))
  }
  return rows
}

/** A book by id (named columns). */
export function findBookById(db: Db, id: number): Promise<BookRow | undefined> {
  return db.selectFrom('books').select(COLUMNS).where('id', '=', id).executeTakeFirst()
}

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/**
 * Full-text search over title, author and summary, best match first (ties by id), one page at
 * an offset. The text reaches the database only as a bound parameter:
 * - PostgreSQL: `websearch_to_tsquery('english', $1)`, which accepts any string, against the
 *   weighted `search_vector` (title A, author B, summary C), ranked by `ts_rank`;
 * - SQLite: an FTS5 `MATCH` expression made of quoted strings by {@link toFts5Match}, ranked by
 *   `bm25` with column weights 10, 4, 2 — the ratio of `ts_rank`'s default weights for A, B, C.
 * For a catalog that does not change between calls, the order is total and stable, so offsets
 * neither skip nor repeat.
 * @param text the search text as the client sent it (control characters already removed)
 * @see https://www.postgresql.org/docs/15/textsearch-controls.html#TEXTSEARCH-RANKING
 * @see https://www.sqlite.org/fts5.html#the_bm25_function
 */
export async function searchBooks(db: Db, text: string, page: { limit: number; offset: number }): Promise<BookRow[]> {
  if (isPostgres(db)) {
    const query = sql`websearch_to_tsquery('english', ${text})`
    return db
      .selectFrom('books')
      .select(COLUMNS)
      .where(sql<boolean>`search_vector @@ ${query}`)
      .orderBy(sql`ts_rank(search_vector, ${query})`, 'desc')
      .orderBy('books.id', 'asc')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
  }
  const match = toFts5Match(parseSearch(text))
  if (match === undefined) return []
  return db
    .selectFrom('books_fts')
    .innerJoin('books', 'books.id', 'books_fts.rowid')
    .select(COLUMNS)
    .where(sql<boolean>`books_fts match ${match}`)
    .orderBy(sql`bm25(books_fts, 10.0, 4.0, 2.0)`)
    .orderBy('books.id', 'asc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}
