import type { BookRow, BookUpdate, Db } from '../../db/schema.ts'
import { AppError, validationError } from '../../errors.ts'
import { offsetPage, pageWindow } from '../../shared/pagination.ts'
import { bookChanged, CATALOG_COLLECTIONS } from '../../infra/cache/keys.ts'
import type { CacheInvalidator } from '../../infra/cache/response-cache.ts'
import type { AuditContext, AuditTrail } from '../../shared/audit.ts'
import { type Clock, iso } from '../../shared/clock.ts'
import { isUniqueViolation } from '../../shared/db-errors.ts'
import { assertIfMatch } from '../../shared/http.ts'
import { trimLines } from '../../shared/text.ts'
import * as repo from './books.repository.ts'
import { BOOK_SORTS, type Book, type BookInputBody, type BookPatchBody, type BookSort, type ListBooksQueryType } from './books.schemas.ts'
import { normalizeIsbn } from './isbn.ts'

/** What the book services need. */
export interface BookDeps {
  db: Db
  clock: Clock
  /** the response cache, told about every committed write (absent or null: no cache) */
  cache?: CacheInvalidator | null
}

/** Single-line text stored trimmed of surrounding white space (see `trimLines`); nothing is Unicode-normalised. */
const SINGLE_LINE = ['title', 'author', 'publisher'] as const

/** The v1 representation of a book row. */
export function toBook(row: BookRow): Book {
  return {
    id: row.id,
    title: row.title,
    author: row.author,
    isbn: row.isbn,
    publication_year: row.publication_year,
    publisher: row.publisher,
    language: row.language,
    summary: row.summary,
    genres: row.genres === '[]' ? [] : (JSON.parse(row.genres) as string[]),
    copies_total: row.copies_total,
    copies_available: row.copies_available,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

/**
 * A page of the catalog.
 * @throws AppError `invalid_sort` (400) for a sort field or direction outside the whitelist
 */
export async function listBooks(deps: BookDeps, query: ListBooksQueryType) {
  const sort = (query.sort ?? 'id') as BookSort
  if (!BOOK_SORTS.includes(sort)) throw new AppError('invalid_sort', `sort must be one of ${BOOK_SORTS.join(', ')}`)
  const dir = query.dir ?? 'asc'
  if (dir !== 'asc' && dir !== 'desc') throw new AppError('invalid_sort', 'dir must be asc or desc')
  const { rows, total } = await repo.listBooks(deps.db, query, { sort, dir }, pageWindow(query))
  return offsetPage(rows.map(toBook), total, query)
}

/** @throws AppError `not_found` */
export async function getBook(deps: BookDeps, id: number): Promise<Book> {
  const row = await repo.findBookById(deps.db, id)
  if (!row) throw new AppError('not_found', 'No such book')
  return toBook(row)
}

function checkedIsbn(isbn: string | null | undefined): string | null | undefined {
  if (isbn === undefined || isbn === null) return isbn
  const normalized = normalizeIsbn(isbn)
  if (!normalized) throw validationError([{ field: 'isbn', message: 'is not a valid ISBN-10 or ISBN-13 (check digit)' }])
  return normalized
}

function duplicateIsbn(error: unknown): never {
  if (isUniqueViolation(error)) throw new AppError('already_exists', 'A book with this ISBN exists already')
  throw error
}

/**
 * Adds a book; all its copies are available. With `onCommit`, the insert and it run in one
 * transaction; the response cache is told after the commit.
 * @param onCommit runs in the insert's transaction (the idempotency record is stored there)
 * @throws AppError `validation_error` (bad ISBN check digit), `already_exists` (409, duplicate ISBN)
 */
export async function createBook(deps: BookDeps, sent: BookInputBody, onCommit?: (trx: Db, book: Book) => Promise<void>): Promise<Book> {
  const input = trimLines(sent, SINGLE_LINE)
  const isbn = checkedIsbn(input.isbn) ?? null
  if (isbn && (await repo.findBookByIsbn(deps.db, isbn))) throw new AppError('already_exists', 'A book with this ISBN exists already')
  const now = iso(deps.clock.now())
  const copies = input.copies_total ?? 1
  const insert = async (db: Db) => toBook(await repo.insertBook(db, { ...bookColumns(input, isbn), copies_available: copies, created_at: now, updated_at: now }))
  // One INSERT is atomic by itself: a transaction only when something must commit with it (on
  // SQLite the statement then runs on the prepared fast path, not through Kysely's connection).
  const book = await (onCommit
    ? deps.db.transaction().execute(async (trx) => {
        const created = await insert(trx)
        await onCommit(trx, created)
        return created
      })
    : insert(deps.db)
  ).catch(duplicateIsbn)
  await deps.cache?.invalidate([CATALOG_COLLECTIONS])
  return book
}

/**
 * The fields a full representation sets (create, PUT, a catalog-form import row): those left out
 * take their defaults (null, no genres, one copy). `genres` is the array.
 * @param isbn the ISBN-13 already checked and normalized, or null
 */
export function bookFields(input: BookInputBody, isbn: string | null) {
  return {
    title: input.title,
    author: input.author,
    isbn,
    publication_year: input.publication_year ?? null,
    publisher: input.publisher ?? null,
    language: input.language ?? null,
    summary: input.summary ?? null,
    genres: input.genres ?? [],
    copies_total: input.copies_total ?? 1,
  }
}

/** The columns of {@link bookFields}, `genres` as its JSON text. */
function bookColumns(input: BookInputBody, isbn: string | null) {
  const fields = bookFields(input, isbn)
  return { ...fields, genres: JSON.stringify(fields.genres) }
}

/**
 * Applies changes under the `If-Match` precondition, keeping `copies_available` equal to
 * `copies_total` minus the copies on loan.
 * @throws AppError `not_found`, `precondition_failed`, `validation_error`, `already_exists`,
 *   `conflict` (copies_total below the copies on loan)
 */
async function changeBook(deps: BookDeps, id: number, ifMatch: string | undefined, build: (current: BookRow) => BookUpdate): Promise<Book> {
  const book = await deps.db
    .transaction()
    .execute(async (trx) => {
      const current = await repo.lockBook(trx, id)
      if (!current) throw new AppError('not_found', 'No such book')
      assertIfMatch(ifMatch, toBook(current))
      const changes = build(current)
      if (changes.isbn && changes.isbn !== current.isbn) {
        const other = await repo.findBookByIsbn(trx, changes.isbn as string)
        if (other && other.id !== id) throw new AppError('already_exists', 'A book with this ISBN exists already')
      }
      if (changes.copies_total !== undefined) {
        const onLoan = current.copies_total - current.copies_available
        const total = changes.copies_total as number
        if (total < onLoan) throw new AppError('conflict', `${onLoan} copies are on loan; copies_total cannot go below that`)
        changes.copies_available = total - onLoan
      }
      changes.updated_at = iso(deps.clock.now())
      const row = await repo.updateBook(trx, id, changes)
      if (!row) throw new AppError('not_found', 'No such book')
      return toBook(row)
    })
    .catch(duplicateIsbn)
  await deps.cache?.invalidate(bookChanged(id))
  return book
}

/** Full replacement (PUT): fields left out are reset to their defaults. */
export function replaceBook(deps: BookDeps, id: number, sent: BookInputBody, ifMatch?: string): Promise<Book> {
  const input = trimLines(sent, SINGLE_LINE)
  const isbn = checkedIsbn(input.isbn) ?? null
  return changeBook(deps, id, ifMatch, () => bookColumns(input, isbn))
}

/** Partial update (PATCH, JSON Merge Patch semantics: `null` clears). @see RFC 7396 */
export function patchBook(deps: BookDeps, id: number, sent: BookPatchBody, ifMatch?: string): Promise<Book> {
  const patch = trimLines(sent, SINGLE_LINE)
  const isbn = checkedIsbn(patch.isbn)
  return changeBook(deps, id, ifMatch, () => {
    const changes: BookUpdate = {}
    for (const key of ['title', 'author', 'publication_year', 'publisher', 'language', 'summary', 'copies_total'] as const) {
      if (patch[key] !== undefined) (changes as Record<string, unknown>)[key] = patch[key]
    }
    if (isbn !== undefined) changes.isbn = isbn
    if (patch.genres !== undefined) changes.genres = JSON.stringify(patch.genres)
    return changes
  })
}

/**
 * Deletes a book under the `If-Match` precondition; audited (`book_deleted`, with its title and
 * ISBN) in the delete's transaction.
 * @throws AppError `not_found`, `precondition_failed`, `conflict` (409) while copies are on loan
 */
export async function deleteBook(deps: BookDeps & { audit: AuditTrail }, id: number, ifMatch: string | undefined, audit: AuditContext): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.lockBook(trx, id)
    if (!current) throw new AppError('not_found', 'No such book')
    assertIfMatch(ifMatch, toBook(current))
    if ((await repo.countActiveLoansOfBook(trx, id)) > 0) throw new AppError('conflict', 'The book has active loans')
    await repo.deleteBook(trx, id)
    await deps.audit.record(trx, audit, { event: 'book_deleted', details: { book_id: id, title: current.title, isbn: current.isbn } })
  })
  await deps.cache?.invalidate(bookChanged(id))
}
