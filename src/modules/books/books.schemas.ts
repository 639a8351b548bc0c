import { type Static, Type } from 'typebox'
import { OffsetPage, OffsetPageQuery, ref, Timestamp } from '../../shared/schemas.ts'
import { visibleText } from '../../shared/validation.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([Type.Null(), schema])

const REQUIRED_LINE = 'not blank (at least one character that is not white space, a control or a format character); stored trimmed of leading and trailing white space, otherwise exactly as sent (no Unicode normalisation)'

const fields = {
  title: Type.String({ minLength: 1, maxLength: 500, pattern: visibleText(), description: REQUIRED_LINE, examples: ['The Hobbit'] }),
  // 1000: room for the longest author list of the shipped catalog (47 names, 742 characters), so every book it holds can be written back.
  author: Type.String({ minLength: 1, maxLength: 1000, pattern: visibleText(), description: REQUIRED_LINE, examples: ['J.R.R. Tolkien'] }),
  isbn: Type.String({ minLength: 10, maxLength: 17, description: 'ISBN-10 or ISBN-13 (hyphens allowed), checked by its check digit and stored as ISBN-13', examples: ['9780261103344'] }),
  publication_year: Type.Integer({ minimum: -5000, maximum: 2100, description: 'negative for BCE', examples: [1937] }),
  publisher: Type.String({ maxLength: 200, description: 'stored trimmed of leading and trailing white space' }),
  language: Type.String({ minLength: 2, maxLength: 35, description: 'language tag, e.g. `en`', examples: ['en'] }),
  summary: Type.String({ maxLength: 10_000 }),
  genres: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 20, uniqueItems: true, examples: [['fantasy']] }),
  copies_total: Type.Integer({ minimum: 0, maximum: 10_000, description: 'copies the library owns' }),
}

/** A book, v1 (flat) representation. @see api-contract §4 */
export const BookSchema = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    author: Type.String(),
    isbn: Nullable(Type.String({ description: 'ISBN-13' })),
    publication_year: Nullable(Type.Integer()),
    publisher: Nullable(Type.String()),
    language: Nullable(Type.String()),
    summary: Nullable(Type.String()),
    genres: Type.Array(Type.String()),
    copies_total: Type.Integer(),
    copies_available: Type.Integer({ description: 'exact at every moment: copies not on loan' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  {
    $id: 'Book',
    additionalProperties: false,
    examples: [
      {
        id: 7, title: 'The Hobbit', author: 'J.R.R. Tolkien', isbn: '9780618260300', publication_year: 1937, publisher: null, language: 'en',
        summary: null, genres: [], copies_total: 3, copies_available: 2, created_at: '2026-11-21T10:00:00.000Z', updated_at: '2026-11-21T10:00:00.000Z',
      },
    ],
  },
)
export type Book = Static<typeof BookSchema>

/** POST and PUT body: `title` and `author` required, everything else optional (PUT resets what is left out). */
export const BookInput = Type.Object(
  {
    title: fields.title,
    author: fields.author,
    isbn: Type.Optional(Nullable(fields.isbn)),
    publication_year: Type.Optional(Nullable(fields.publication_year)),
    publisher: Type.Optional(Nullable(fields.publisher)),
    language: Type.Optional(Nullable(fields.language)),
    summary: Type.Optional(Nullable(fields.summary)),
    genres: Type.Optional(fields.genres),
    copies_total: Type.Optional(fields.copies_total),
  },
  { additionalProperties: false },
)
export type BookInputBody = Static<typeof BookInput>

/** PATCH body (JSON Merge Patch, RFC 7396): members present replace, `null` clears an optional field. */
export const BookPatch = Type.Object(
  {
    title: Type.Optional(fields.title),
    author: Type.Optional(fields.author),
    isbn: Type.Optional(Nullable(fields.isbn)),
    publication_year: Type.Optional(Nullable(fields.publication_year)),
    publisher: Type.Optional(Nullable(fields.publisher)),
    language: Type.Optional(Nullable(fields.language)),
    summary: Type.Optional(Nullable(fields.summary)),
    genres: Type.Optional(fields.genres),
    copies_total: Type.Optional(fields.copies_total),
  },
  { additionalProperties: false },
)
export type BookPatchBody = Static<typeof BookPatch>

/** Sortable columns of the list. */
export const BOOK_SORTS = ['title', 'publication_year', 'created_at', 'id'] as const
export type BookSort = (typeof BOOK_SORTS)[number]

export const ListBooksQuery = Type.Object(
  {
    ...OffsetPageQuery,
    author: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'case-insensitive substring of the author' })),
    genre: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'exact genre, case-insensitive' })),
    year: Type.Optional(Type.Integer({ minimum: -5000, maximum: 2100, description: 'publication year' })),
    language: Type.Optional(Type.String({ minLength: 2, maxLength: 35 })),
    sort: Type.Optional(Type.String({ maxLength: 50, description: `one of ${BOOK_SORTS.join(', ')} (default id); anything else → 400 invalid_sort` })),
    dir: Type.Optional(Type.String({ maxLength: 10, description: '`asc` (default) or `desc`; anything else → 400 invalid_sort' })),
  },
  { additionalProperties: false },
)
export type ListBooksQueryType = Static<typeof ListBooksQuery>

export const BookPage = OffsetPage(ref(BookSchema))
