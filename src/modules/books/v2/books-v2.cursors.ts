import { type Static, Type } from 'typebox'
import { BookFilterQuery } from './books-v2.schemas.ts'

/**
 * The payloads the v2 book services put in their signed cursors, as TypeBox schemas: a cursor
 * whose payload is not exactly one of these is refused (400 `invalid_cursor`) before any value of
 * it reaches a query, even with a valid signature.
 */

/** The largest id a PostgreSQL `integer` column holds. */
const MAX_ID = 2_147_483_647

/** The deepest offset a search cursor may carry (far beyond any real result list). */
export const MAX_SEARCH_OFFSET = 1_000_000

/**
 * Text without NUL or a lone surrogate: what any database can store and compare. Written so that
 * it means the same with and without the regular expression `u` flag.
 */
const WELL_FORMED = '^(?:[^\\u0000\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])*$'

/** A row id, as the keyset tiebreak. */
const RowId = Type.Integer({ minimum: 1, maximum: MAX_ID })

/** The filters of the list the cursor belongs to, in the members and bounds of the query itself. */
const CursorFilter = Type.Object(BookFilterQuery, { additionalProperties: false })

/**
 * A list cursor of one sort: format version, kind, sort, direction, filters and `a`, the
 * `[sort value, id]` of the last row shown.
 */
function listCursor<S extends string, V extends Parameters<typeof Type.Tuple>[0][number]>(sort: S, value: V) {
  return Type.Object(
    {
      v: Type.Literal(1),
      k: Type.Literal('list'),
      s: Type.Literal(sort),
      d: Type.Union([Type.Literal('asc'), Type.Literal('desc')]),
      f: CursorFilter,
      a: Type.Tuple([value, RowId]),
    },
    { additionalProperties: false },
  )
}

/**
 * A list cursor, per sort key: `title` a well-formed string (at most 8192 characters, the
 * longest cursor accepted), `publication_year` an integer in -9999..9999 (the import's range) or
 * null, `created_at` an RFC 3339 timestamp, `id` null; the id always 1..2^31-1.
 */
export const ListCursorSchema = Type.Union([
  listCursor('title', Type.String({ maxLength: 8192, pattern: WELL_FORMED })),
  listCursor('publication_year', Type.Union([Type.Null(), Type.Integer({ minimum: -9999, maximum: 9999 })])),
  listCursor('created_at', Type.String({ format: 'date-time', maxLength: 64 })),
  listCursor('id', Type.Null()),
])
/** A list cursor's payload. */
export type ListCursor = Static<typeof ListCursorSchema>

/** A search cursor: the exact `q` it belongs to (the query's bounds) and the offset of the next page. */
export const SearchCursorSchema = Type.Object(
  {
    v: Type.Literal(1),
    k: Type.Literal('search'),
    q: Type.String({ minLength: 1, maxLength: 200, pattern: WELL_FORMED }),
    o: Type.Integer({ minimum: 0, maximum: MAX_SEARCH_OFFSET }),
  },
  { additionalProperties: false },
)
/** A search cursor's payload. */
export type SearchCursor = Static<typeof SearchCursorSchema>

/** Any cursor the v2 book services issue; which kind it is tells the caller whether it fits the route. */
export const BookCursorSchema = Type.Union([ListCursorSchema, SearchCursorSchema])
/** Any v2 book cursor's payload. */
export type BookCursor = Static<typeof BookCursorSchema>
