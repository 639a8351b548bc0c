import { type Static, type TSchema, Type } from 'typebox'
import { ref } from '../../../shared/schemas.ts'
import { BOOK_SORTS } from '../books.schemas.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([Type.Null(), schema])

/** Text that PostgreSQL can store: no NUL character (a 422, never a 500). */
const NO_NUL = '^[^\\u0000]*$'

/** A HAL link object. @see https://datatracker.ietf.org/doc/html/draft-kelly-json-hal */
export const HalLink = Type.Object(
  {
    href: Type.String({ description: 'a path relative to the API root', examples: ['/api/v2/books/7'] }),
    title: Type.Optional(Type.String({ description: 'what following the link does' })),
  },
  { additionalProperties: false },
)
/** A HAL link object: `{href, title?}`. */
export type HalLinkType = Static<typeof HalLink>

const BOOK_V2_EXAMPLE = {
  id: 7,
  title: 'The Hobbit',
  author: { name: 'J.R.R. Tolkien', bio: null },
  publication: { year: 1937, publisher: null, isbn: '9780618260300' },
  language: 'en',
  summary: null,
  genres: ['fantasy'],
  availability: { total: 3, available: 2 },
  _links: {
    self: { href: '/api/v2/books/7' },
    loans: { href: '/api/v1/loans', title: 'borrow a copy: POST {"book_id": 7}' },
    collection: { href: '/api/v2/books' },
  },
}

/** A book, v2 (nested) representation with HAL `_links`. @see api-contract §4 */
export const BookV2Schema = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    author: Type.Object(
      {
        name: Type.String(),
        bio: Nullable(Type.String({ description: 'not in the catalog yet: always null for now' })),
      },
      { additionalProperties: false },
    ),
    publication: Type.Object(
      {
        year: Nullable(Type.Integer({ description: 'negative for BCE' })),
        publisher: Nullable(Type.String()),
        isbn: Nullable(Type.String({ description: 'ISBN-13' })),
      },
      { additionalProperties: false },
    ),
    language: Nullable(Type.String()),
    summary: Nullable(Type.String()),
    genres: Type.Array(Type.String()),
    availability: Type.Object(
      {
        total: Type.Integer({ description: 'copies the library owns' }),
        available: Type.Integer({ description: 'exact at every moment: copies not on loan' }),
      },
      { additionalProperties: false },
    ),
    _links: Type.Object(
      {
        self: HalLink,
        loans: Type.Object(
          { href: Type.String(), title: Type.Optional(Type.String()) },
          { additionalProperties: false, description: 'where to borrow a copy: `POST {"book_id": <id>}` signed in' },
        ),
        collection: HalLink,
      },
      { additionalProperties: false },
    ),
  },
  {
    $id: 'BookV2',
    additionalProperties: false,
    examples: [BOOK_V2_EXAMPLE],
  },
)
/** A book, v2 representation. */
export type BookV2 = Static<typeof BookV2Schema>

/** The envelope of a cursor-paginated list, over any item representation. */
export function CursorPage<T extends TSchema>(item: T, options: { $id?: string; description?: string; examples?: unknown[] } = {}) {
  return Type.Object(
    {
      items: Type.Array(item),
      page_size: Type.Integer({ description: 'the `limit` in effect: at most this many items per page' }),
      has_more: Type.Boolean({ description: 'whether `next_cursor` leads to more items' }),
      next_cursor: Nullable(Type.String({ description: 'opaque, signed; pass as `cursor` with the same other parameters; null on the last page' })),
      _links: Type.Object(
        {
          self: HalLink,
          next: Nullable(HalLink),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false, ...options },
  )
}

/** A page of v2 books: `{items, page_size, has_more, next_cursor, _links: {self, next}}`. */
export const BookV2Page = CursorPage(ref(BookV2Schema), {
  $id: 'BookV2Page',
  description: 'a page of v2 books, keyset-paginated by an opaque signed cursor',
  examples: [
    {
      items: [BOOK_V2_EXAMPLE],
      page_size: 1,
      has_more: true,
      next_cursor: 'eyJ2IjoxLCJrIjoibGlzdCIsInMiOiJ0aXRsZSIsImQiOiJhc2MiLCJmIjp7fSwiYSI6WyJUaGUgSG9iYml0Iiw3XX0.3q2-7w',
      _links: {
        self: { href: '/api/v2/books?limit=1&sort=title' },
        next: { href: '/api/v2/books?limit=1&sort=title&cursor=eyJ2IjoxLCJrIjoibGlzdCIsInMiOiJ0aXRsZSIsImQiOiJhc2MiLCJmIjp7fSwiYSI6WyJUaGUgSG9iYml0Iiw3XX0.3q2-7w' },
      },
    },
  ],
})
/** A page of v2 books. */
export type BookV2PageType = Static<typeof BookV2Page>

/** Members of a cursor-paginated query: `limit` (1–100, default 20) and `cursor`. */
export const CursorPageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'items per page, 1–100 (else 422)' }),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 8192, description: '`next_cursor` of the previous page; tampered, truncated, or used with other parameters → 400 `invalid_cursor`' })),
}

/** The catalog filters, as in v1. */
export const BookFilterQuery = {
  author: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: NO_NUL, description: 'case-insensitive substring of the author', examples: ['tolkien'] })),
  genre: Type.Optional(Type.String({ minLength: 1, maxLength: 50, pattern: NO_NUL, description: 'exact genre, case-insensitive' })),
  year: Type.Optional(Type.Integer({ minimum: -5000, maximum: 2100, description: 'publication year' })),
  language: Type.Optional(Type.String({ minLength: 2, maxLength: 35, pattern: NO_NUL })),
}

/** Sort whitelist and direction, checked by the service so that a bad value is 400 `invalid_sort` (not 422). */
export const SortQuery = {
  sort: Type.Optional(Type.String({
    maxLength: 50,
    description: `one of ${BOOK_SORTS.join(', ')} (default id), with id as the tiebreak; \`publication_year\` puts books without a year last in both directions; anything else → 400 invalid_sort`,
    examples: ['title'],
  })),
  dir: Type.Optional(Type.String({ maxLength: 10, description: '`asc` (default) or `desc`; anything else → 400 invalid_sort' })),
}

/** `GET /api/v2/books` query: `limit`, `cursor`, the v1 filters, `sort`, `dir`; nothing else (422). */
export const ListBooksV2Query = Type.Object({ ...CursorPageQuery, ...BookFilterQuery, ...SortQuery }, { additionalProperties: false })
/** The validated `GET /api/v2/books` query (`limit` defaulted). */
export type ListBooksV2QueryType = Static<typeof ListBooksV2Query>

/** The search text: 1–200 characters with at least one that is not a space. */
export const SearchText = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '\\S',
  description:
    'words to find in title, author and summary (all of them; stemmed: `wizards` finds `wizard`). Web-search syntax: ' +
    '`"a phrase"`, `-excluded`, `this or that`; every other character is a separator, never query syntax.',
  examples: ['harry potter'],
})

/** `GET /api/v2/books/search` query: `q`, `limit`, `cursor`; nothing else (422). */
export const SearchBooksQuery = Type.Object({ q: SearchText, ...CursorPageQuery }, { additionalProperties: false })
/** The validated search query (`limit` defaulted). */
export type SearchBooksQueryType = Static<typeof SearchBooksQuery>
