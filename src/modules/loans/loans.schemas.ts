import { type Static, Type } from 'typebox'
import { OffsetPage, OffsetPageQuery, ref, Timestamp } from '../../shared/schemas.ts'

/** The derived state of a loan: `returned` once returned, `overdue` past `due_at`, else `active`. */
export const LOAN_STATUSES = ['active', 'returned', 'overdue'] as const
/** One of {@link LOAN_STATUSES}. */
export type LoanStatus = (typeof LOAN_STATUSES)[number]

const LoanStatusSchema = Type.Enum([...LOAN_STATUSES], {
  description: '`returned` when `returned_at` is set; `overdue` when `due_at` is in the past; else `active`',
})

/**
 * A loan of one copy of a book to one user. `status` is derived at read time from `returned_at`
 * and `due_at` against the server clock; it is not stored.
 * @see api-contract §5
 */
export const LoanSchema = Type.Object(
  {
    id: Type.Integer(),
    book_id: Type.Integer(),
    user_id: Type.Integer({ description: 'the borrower' }),
    borrowed_at: Timestamp,
    due_at: Type.String({ format: 'date-time', description: 'when the copy is due back: borrowed_at (or the previous due date, on renewal) + the loan period (14 days by default)', examples: ['2026-12-05T10:00:00.000Z'] }),
    returned_at: Type.Union([Timestamp, Type.Null()], { description: 'null while the copy is out' }),
    renewals: Type.Integer({ minimum: 0, maximum: 2, description: 'renewals so far (at most 2)' }),
    status: LoanStatusSchema,
  },
  {
    $id: 'Loan',
    additionalProperties: false,
    examples: [
      {
        id: 42, book_id: 7, user_id: 3, borrowed_at: '2026-11-21T10:00:00.000Z', due_at: '2026-12-05T10:00:00.000Z',
        returned_at: null, renewals: 0, status: 'active',
      },
      {
        id: 41, book_id: 9, user_id: 3, borrowed_at: '2026-10-01T09:30:00.000Z', due_at: '2026-10-29T09:30:00.000Z',
        returned_at: '2026-10-20T16:05:00.000Z', renewals: 1, status: 'returned',
      },
    ],
  },
)
/** A loan as served (see {@link LoanSchema}). */
export type Loan = Static<typeof LoanSchema>

/** `POST /api/v1/loans` body. */
export const CreateLoanBody = Type.Object(
  {
    book_id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the book to borrow', examples: [7] }),
    user_id: Type.Optional(Type.Integer({
      minimum: 1,
      maximum: 2_147_483_647,
      description: 'the borrower; staff (librarian, admin) only — a member may leave it out or give their own id (anything else → 403)',
    })),
  },
  { additionalProperties: false, examples: [{ book_id: 7 }] },
)
/** Validated `POST /api/v1/loans` body. */
export type CreateLoanInput = Static<typeof CreateLoanBody>

const StatusFilter = Type.Optional(Type.Enum([...LOAN_STATUSES], { description: 'only loans in this state' }))

/** `GET /api/v1/loans` query: offset pagination, `user_id` (staff; a member only their own), `status`. */
export const ListLoansQuery = Type.Object(
  {
    ...OffsetPageQuery,
    user_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'only this borrower; staff, or a member naming themself (anything else → 403)' })),
    status: StatusFilter,
  },
  { additionalProperties: false },
)
/** Validated `GET /api/v1/loans` query. */
export type ListLoansQueryType = Static<typeof ListLoansQuery>

/** `GET /api/v1/users/{id}/loans` query: offset pagination and `status`. */
export const ListUserLoansQuery = Type.Object({ ...OffsetPageQuery, status: StatusFilter }, { additionalProperties: false })
/** Validated `GET /api/v1/users/{id}/loans` query. */
export type ListUserLoansQueryType = Static<typeof ListUserLoansQuery>

/** A page of loans: `{items, page, per_page, total, total_pages}`, newest first. */
export const LoanPage = OffsetPage(ref(LoanSchema))
/** A page of loans as served. */
export type LoanPageType = Static<typeof LoanPage>
