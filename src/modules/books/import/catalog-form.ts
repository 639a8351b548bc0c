import { Value } from 'typebox/value'
import { isStorableText, trimLines } from '../../../shared/text.ts'
import { BookInput, type BookInputBody } from '../books.schemas.ts'
import { bookFields } from '../books.service.ts'
import { normalizeIsbn } from '../isbn.ts'
import type { NoteKind, RepairResult } from './catalog-row.ts'

/**
 * One cell of a catalog-form row as the importer reads it: the text of the cell; `''` for a
 * quoted empty cell (`""`); `null` for an unquoted empty cell; `undefined` for a column the header
 * does not have.
 */
export type CatalogCell = string | null | undefined

/** Single-line fields, stored trimmed of surrounding white space as `POST /api/v1/books` stores them. */
const SINGLE_LINE = ['title', 'author', 'publisher'] as const

/** The phrase of a schema rule in a reject reason, for the rules whose own message is a regular expression. */
const PATTERN_MESSAGE = 'must hold a character that is not white space, a control or a format character'

/** A cell holding nothing: empty, quoted or not, or absent. */
const blank = (cell: CatalogCell): cell is null | undefined | '' => cell === null || cell === undefined || cell === ''

/**
 * Reads one data row of a catalog export (the header of `exportCatalog`: `id,title,author,isbn,
 * publication_year,publisher,language,summary,genres,copies_total`) as the v1 API's own values
 * — nothing is repaired the way goodbooks rows are: title and author are kept as written (double
 * spaces, commas and all) and checked with the rules of `POST /api/v1/books`, that is the
 * `BookInput` TypeBox schema (`Value.Check`) and the ISBN check digit; then stored as that route
 * stores them (title, author and publisher trimmed of surrounding white space, the ISBN as its
 * compact ISBN-13).
 *
 * Cells: `id` is ignored (the book gets a new id); an empty `isbn`, `publication_year` or
 * `language` is null; `publisher` and `summary` are null when the cell is empty and unquoted and
 * `''` when it is `""` (how the export writes them); `genres` is a JSON array of strings (an empty
 * cell is `[]`); `copies_total` an integer (an empty cell is 1, the route's default). Columns
 * other than these are ignored; a missing one reads as an empty cell.
 * @param cells header name → {@link CatalogCell}
 * @returns `{ ok: true, book, repairs: [], notes }` — notes `isbn_as_isbn13` (an ISBN-10 or a
 *   hyphenated ISBN stored as its compact ISBN-13) and `text_trimmed` — or `{ ok: false, reason }`
 *   naming the field and the rule (`isbn: is not a valid ISBN-10 or ISBN-13 (check digit)`); never
 *   throws
 * @see https://github.com/sinclairzx81/typebox (Value.Check, Value.Errors)
 */
export function readCatalogRow(cells: Record<string, CatalogCell>): RepairResult {
  const problems: string[] = []
  const integer = (field: string): number | null | undefined => {
    const cell = cells[field]
    if (blank(cell)) return null
    if (!/^-?\d+$/.test(cell)) {
      problems.push(`${field}: must be an integer`)
      return undefined
    }
    return Number(cell)
  }
  const text = (field: string): string | null => (cells[field] === undefined ? null : cells[field])

  const publicationYear = integer('publication_year')
  const copiesTotal = integer('copies_total')
  const genres = readGenres(cells.genres, problems)
  if (problems.length > 0) return { ok: false, reason: problems.join('; ') }

  const body: BookInputBody = {
    title: cells.title ?? '',
    author: cells.author ?? '',
    isbn: blank(cells.isbn) ? null : cells.isbn,
    publication_year: publicationYear ?? null,
    publisher: text('publisher'),
    language: blank(cells.language) ? null : cells.language,
    summary: text('summary'),
    genres,
    copies_total: copiesTotal ?? 1,
  }
  if (!Value.Check(BookInput, body)) return { ok: false, reason: schemaReason(body) }

  const input = trimLines(body, SINGLE_LINE)
  const notes: NoteKind[] = []
  if (SINGLE_LINE.some((field) => input[field] !== body[field])) notes.push('text_trimmed')
  let isbn: string | null = null
  if (input.isbn) {
    const normalized = normalizeIsbn(input.isbn)
    if (normalized === undefined) return { ok: false, reason: 'isbn: is not a valid ISBN-10 or ISBN-13 (check digit)' }
    if (normalized !== input.isbn) notes.push('isbn_as_isbn13')
    isbn = normalized
  }
  return {
    ok: true,
    repairs: [],
    notes,
    book: bookFields(input, isbn),
  }
}

/** The `genres` cell as an array, or `undefined` after pushing the reason it is not one. */
function readGenres(cell: CatalogCell, problems: string[]): string[] | undefined {
  if (blank(cell)) return []
  let value: unknown
  try {
    value = JSON.parse(cell)
  } catch {
    value = undefined
  }
  if (!Array.isArray(value) || !value.every((genre) => typeof genre === 'string')) {
    problems.push('genres: must be a JSON array of strings (["fantasy","classics"])')
    return undefined
  }
  // A JSON escape can spell what the file itself cannot hold (the API refuses it too).
  if (!value.every(isStorableText)) {
    problems.push('genres: must not contain NUL or unpaired surrogate characters')
    return undefined
  }
  return value as string[]
}

/** One reason per failing field, in field order: the first rule it breaks, worded by TypeBox. */
function schemaReason(body: BookInputBody): string {
  const byField = new Map<string, string>()
  for (const error of Value.Errors(BookInput, body)) {
    const field = error.instancePath.split('/')[1] ?? ''
    // A nullable field reports "must be null" and "must match a schema in anyOf" beside the real rule.
    if (error.keyword === 'anyOf' || (error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null')) continue
    if (!byField.has(field)) byField.set(field, error.keyword === 'pattern' ? PATTERN_MESSAGE : error.message)
  }
  return [...byField].map(([field, message]) => `${field}: ${message}`).join('; ') || 'not a valid book'
}
