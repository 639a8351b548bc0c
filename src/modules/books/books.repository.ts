import { sql } from 'kysely'
import type { BookRow, BookUpdate, Db, NewBookRow } from '../../db/schema.ts'
import { escapeLike } from '../../shared/sql.ts'
import type { BookSort } from './books.schemas.ts'

/** Filters of the book list. */
export interface BookFilter {
  author?: string
  genre?: string
  year?: number
  language?: string
}

function filtered(db: Db, filter: BookFilter) {
  let query = db.selectFrom('books')
  if (filter.author) query = query.where(sql`lower(author)`, 'like', sql`${`%${escapeLike(filter.author.toLowerCase())}%`} escape '\\'`)
  if (filter.genre) query = query.where(sql`lower(genres)`, 'like', sql`${`%${escapeLike(JSON.stringify(filter.genre.toLowerCase()))}%`} escape '\\'`)
  if (filter.year !== undefined) query = query.where('publication_year', '=', filter.year)
  if (filter.language) query = query.where(sql`lower(language)`, '=', filter.language.toLowerCase())
  return query
}

/** A page of books and the total matching the filter. */
export async function listBooks(db: Db, filter: BookFilter, order: { sort: BookSort; dir: 'asc' | 'desc' }, page: { limit: number; offset: number }) {
  const query = filtered(db, filter)
  let rows = query.selectAll().orderBy(order.sort, order.dir)
  if (order.sort !== 'id') rows = rows.orderBy('id', order.dir)
  const [items, count] = await Promise.all([
    rows.limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows: items, total: Number(count.n) }
}

export function findBookById(db: Db, id: number): Promise<BookRow | undefined> {
  return db.selectFrom('books').selectAll().where('id', '=', id).executeTakeFirst()
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
    .returningAll()
    .executeTakeFirst()
}

export function findBookByIsbn(db: Db, isbn: string): Promise<Pick<BookRow, 'id'> | undefined> {
  return db.selectFrom('books').select('id').where('isbn', '=', isbn).executeTakeFirst()
}

export function insertBook(db: Db, book: NewBookRow): Promise<BookRow> {
  return db.insertInto('books').values(book).returningAll().executeTakeFirstOrThrow()
}

export function updateBook(db: Db, id: number, changes: BookUpdate): Promise<BookRow | undefined> {
  return db.updateTable('books').set(changes).where('id', '=', id).returningAll().executeTakeFirst()
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
