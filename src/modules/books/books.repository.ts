import { sql } from 'kysely'
import type { PortableQuery } from '../../db/portable.ts'
import { preparedQuery } from '../../db/prepared.ts'
import type { BookRow, BookUpdate, Db, NewBookRow } from '../../db/schema.ts'
import { escapeLike } from '../../shared/sql.ts'
import type { BookSort } from './books.schemas.ts'

/** Filters of the book list and of the export; absent or empty filters nothing. */
export interface BookFilter {
  /** case-insensitive substring of `author` (`tolkien` finds `J.R.R. Tolkien`) */
  author?: string
  /** one of the book's genres, exactly but case-insensitively */
  genre?: string
  /** the publication year, exactly (negative before the common era) */
  year?: number
  /** the language tag, exactly but case-insensitively */
  language?: string
}

/** Every column of a new book, none left to its default. */
export type CompleteNewBook = Required<Omit<NewBookRow, 'id'>>

const BOOK_COLUMNS = ['title', 'author', 'isbn', 'publication_year', 'publisher', 'language', 'summary', 'genres', 'copies_total', 'copies_available', 'created_at', 'updated_at'] as const satisfies ReadonlyArray<keyof CompleteNewBook>

/** The columns of {@link BookRow}, named: `select *` would also bring PostgreSQL's `search_vector`. */
const BOOK_ROW = ['id', ...BOOK_COLUMNS] as const

/** The filter values as query parameters (LIKE patterns already escaped and lower-cased). */
interface FilterParams {
  author: string
  genre: string
  year: number
  language: string
}

/** Which filters a query has: part of the SQL text, so part of the prepared query's shape. */
type FilterShape = { [K in keyof BookFilter]?: boolean }

function filtered(db: Db, p: FilterParams, shape: FilterShape) {
  let query = db.selectFrom('books')
  if (shape.author) query = query.where(sql`lower(author)`, 'like', sql`${p.author} escape '\\'`)
  if (shape.genre) query = query.where(sql`lower(genres)`, 'like', sql`${p.genre} escape '\\'`)
  if (shape.year) query = query.where('publication_year', '=', p.year)
  if (shape.language) query = query.where(sql`lower(language)`, '=', p.language)
  return query
}

interface ListShape extends FilterShape {
  sort: BookSort
  dir: 'asc' | 'desc'
}

const pageQuery = preparedQuery<FilterParams & { limit: number; offset: number }, BookRow, ListShape>((db, p, shape) => {
  let rows = filtered(db, p, shape).select(BOOK_ROW).orderBy(shape.sort, shape.dir)
  if (shape.sort !== 'id') rows = rows.orderBy('id', shape.dir)
  return rows.limit(p.limit).offset(p.offset)
})

const countQuery = preparedQuery<FilterParams, { n: number | string | bigint }, FilterShape>((db, p, shape) =>
  filtered(db, p, shape).select((eb) => eb.fn.countAll().as('n')),
)

/**
 * A filter as query parameters, which filters are present, and a key naming that shape: author
 * a case-insensitive substring, genre one exact genre (case-insensitive) of the JSON array,
 * year exact, language exact (case-insensitive). An empty string filters nothing.
 */
function filterOf(filter: BookFilter): { params: FilterParams; shape: FilterShape; key: string } {
  const author = Boolean(filter.author)
  const genre = Boolean(filter.genre)
  const year = filter.year !== undefined
  const language = Boolean(filter.language)
  return {
    params: {
      author: author ? `%${escapeLike(filter.author!.toLowerCase())}%` : '',
      genre: genre ? `%${escapeLike(JSON.stringify(filter.genre!.toLowerCase()))}%` : '',
      year: filter.year ?? 0,
      language: language ? filter.language!.toLowerCase() : '',
    },
    shape: { author, genre, year, language },
    key: `${author ? 'a' : ''}${genre ? 'g' : ''}${year ? 'y' : ''}${language ? 'l' : ''}`,
  }
}

/** A page of books and the total matching the filter. */
export async function listBooks(db: Db, filter: BookFilter, order: { sort: BookSort; dir: 'asc' | 'desc' }, page: { limit: number; offset: number }) {
  const { params: filterParams, shape: filterShape, key: filterKey } = filterOf(filter)
  const params = { ...filterParams, limit: page.limit, offset: page.offset }
  const shape: ListShape = { ...filterShape, sort: order.sort, dir: order.dir }
  const [items, count] = await Promise.all([
    pageQuery.execute(db, params, shape, `${filterKey}|${order.sort}|${order.dir}`),
    countQuery.execute(db, params, shape, filterKey),
  ])
  return { rows: items, total: Number(count[0]!.n) }
}

const exportQuery = preparedQuery<FilterParams & { afterId: number; limit: number }, BookRow, FilterShape>((db, p, shape) =>
  filtered(db, p, shape).select(BOOK_ROW).where('id', '>', p.afterId).orderBy('id', 'asc').limit(p.limit),
)

/**
 * The next books of an export, by keyset on `id` (never OFFSET: each batch is a range of the
 * primary key, so a deep batch costs what the first does): at most `limit` books matching
 * `filter` (the {@link listBooks} filters) whose id is above `afterId`, in ascending id order.
 * @param afterId the id of the last book of the previous batch; 0 for the first batch
 * @param limit books per batch, a positive integer
 * @returns the rows, fewer than `limit` only at the end
 */
export function listBooksForExport(db: Db, filter: BookFilter, afterId: number, limit: number): Promise<BookRow[]> {
  const { params, shape, key } = filterOf(filter)
  return exportQuery.execute(db, { ...params, afterId, limit }, shape, key)
}

/** The number of books matching `filter` (the {@link listBooks} filters), for an export's progress. */
export async function countBooksForExport(db: Db, filter: BookFilter): Promise<number> {
  const { params, shape, key } = filterOf(filter)
  return Number((await countQuery.execute(db, params, shape, key))[0]!.n)
}

/**
 * The two queries of an export — {@link countBooksForExport}'s and {@link listBooksForExport}'s —
 * compiled for `db`'s dialect as plain data, for a connection without Kysely (the export's
 * worker thread, `db/portable.ts`): `count` with `params` gives one row `{ n }` (a number on
 * SQLite, a string on PostgreSQL); `page` with `{ ...params, afterId, limit }` gives the next
 * {@link BookRow}s, exactly as {@link listBooksForExport}.
 */
export function exportQueries(db: Db, filter: BookFilter): { count: PortableQuery; page: PortableQuery; params: Record<string, unknown> } {
  const { params, shape, key } = filterOf(filter)
  return { count: countQuery.portable(db, shape, key), page: exportQuery.portable(db, shape, key), params: { ...params } }
}

const byIdQuery = preparedQuery<{ id: number }, BookRow>((db, p) => db.selectFrom('books').select(BOOK_ROW).where('id', '=', p.id))

export async function findBookById(db: Db, id: number): Promise<BookRow | undefined> {
  return (await byIdQuery.execute(db, { id }))[0]
}

/**
 * Reads a book and locks its row until the transaction ends (a no-op update: PostgreSQL takes a
 * row lock, SQLite serializes write transactions), so borrows and returns wait for the change.
 */
export function lockBook(db: Db, id: number): Promise<BookRow | undefined> {
  return db
    .updateTable('books')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .returning(BOOK_ROW)
    .executeTakeFirst()
}

const byIsbnQuery = preparedQuery<{ isbn: string }, Pick<BookRow, 'id'>>((db, p) => db.selectFrom('books').select('id').where('isbn', '=', p.isbn))

export async function findBookByIsbn(db: Db, isbn: string): Promise<Pick<BookRow, 'id'> | undefined> {
  return (await byIsbnQuery.execute(db, { isbn }))[0]
}


const insertQuery = preparedQuery<CompleteNewBook, BookRow>((db, p) =>
  db.insertInto('books').values(Object.fromEntries(BOOK_COLUMNS.map((column) => [column, p[column]])) as CompleteNewBook).returning(BOOK_ROW),
)

/** @throws the driver's unique violation for a duplicate ISBN (see `isUniqueViolation`) */
export async function insertBook(db: Db, book: CompleteNewBook): Promise<BookRow> {
  return (await insertQuery.execute(db, book))[0]!
}

export function updateBook(db: Db, id: number, changes: BookUpdate): Promise<BookRow | undefined> {
  return db.updateTable('books').set(changes).where('id', '=', id).returning(BOOK_ROW).executeTakeFirst()
}

/** Deletes a book and the history of its returned loans. */
export async function deleteBook(db: Db, id: number): Promise<void> {
  await db.deleteFrom('loans').where('book_id', '=', id).where('returned_at', 'is not', null).execute()
  await db.deleteFrom('books').where('id', '=', id).execute()
}

/** Loans of the book not yet returned. */
export async function countActiveLoansOfBook(db: Db, bookId: number): Promise<number> {
  const row = await db
    .selectFrom('loans')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('book_id', '=', bookId)
    .where('returned_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
