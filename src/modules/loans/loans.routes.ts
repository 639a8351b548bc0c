import type { App } from '../../shared/app-types.ts'
import { created, sendResource, setPageLinks } from '../../shared/http.ts'
import { bearer, IdParams, notModified, paged, problemResponses, ref, resourceRead } from '../../shared/schemas.ts'
import { idempotencyClaimOf, idempotentCreated, IdempotencyHeaders, markReplay } from '../../shared/idempotency-http.ts'
import { runIdempotently } from '../../shared/idempotency.ts'
import { CreateLoanBody, ListLoansQuery, ListUserLoansQuery, type Loan, LoanPage, LoanSchema } from './loans.schemas.ts'
import * as service from './loans.service.ts'

const PRIVATE = 'private, no-store'

function loanDeps(app: App): service.LoanDeps {
  return { db: app.db, clock: app.clock, loanPeriodDays: app.config.loanPeriodDays, cache: app.responseCache }
}

/**
 * `/api/v1/loans`: borrow (with `Idempotency-Key`), list, read, return, renew. Every response is
 * per-user: `Cache-Control: private, no-store`.
 * @see api-contract §5
 */
export default async function loansRoutes(app: App) {
  const deps = loanDeps(app)
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', PRIVATE)
  })

  app.post('', {
    schema: {
      tags: ['loans'],
      operationId: 'borrowBook',
      summary: 'Borrow a copy of a book (for yourself; staff may give user_id)',
      description:
        'Due in 14 days (`LOAN_PERIOD_DAYS`). One transaction: the borrower is locked, then the book (404), the loan limit ' +
        '(member 5, premium and staff 10 unreturned loans, overdue included → 409 `loan_limit_reached`), a loan of the same book still out ' +
        '(409 `conflict`) and a free copy (409 `not_available`) are checked in that order; two requests for the last copy never both win. ' +
        'A member naming another `user_id` → 403; an unknown `user_id` → 404; a deactivated borrower → 409 `conflict`.\n\n' +
        '`Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): see the header. A replay carries `Idempotent-Replayed: true`.',
      security: bearer,
      headers: IdempotencyHeaders,
      body: CreateLoanBody,
      response: { 201: idempotentCreated(ref(LoanSchema)), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
    },
    config: { auth: 'required' },
  }, async (request, reply) => {
    const outcome = await runIdempotently<Loan>(deps, request.user!.id, idempotencyClaimOf(request), 201, (onCommit) => service.borrowBook(deps, request.user!, request.body, onCommit))
    return created(markReplay(reply, outcome), `/api/v1/loans/${outcome.value.id}`).send(outcome.value)
  })

  app.get('', {
    schema: {
      tags: ['loans'],
      operationId: 'listLoans',
      summary: 'List loans: your own; staff see everyone’s (filters user_id, status)',
      description:
        'Newest first. Answers `{items, page, per_page, total, total_pages}` and an RFC 8288 `Link` header with `first`, `prev`, `next`, `last`. ' +
        'A member may pass only their own `user_id` (another → 403); for staff an unknown `user_id` is an empty page.',
      security: bearer,
      querystring: ListLoansQuery,
      response: { 200: paged(LoanPage), ...problemResponses(401, 403, 422) },
    },
    config: { auth: 'required' },
  }, async (request, reply) => {
    const page = await service.listLoans(deps, request.user!, request.query)
    setPageLinks(request, reply, page.page, page.total_pages)
    return page
  })

  app.get('/:id', {
    schema: {
      tags: ['loans'],
      operationId: 'getLoan', description: 'The loan for its borrower or staff; 404 for anyone else (its existence is not told). `ETag`; `If-None-Match` → 304.',
      summary: 'One loan (its borrower or staff; anyone else 404), with ETag; If-None-Match → 304',
      security: bearer,
      params: IdParams,
      response: { 200: resourceRead(ref(LoanSchema)), 304: notModified(), ...problemResponses(401, 404, 422) },
    },
    config: { auth: 'required' },
  }, async (request, reply) => {
    const loan = await service.getLoan(deps, request.user!, request.params.id)
    return sendResource(request, reply, loan)
  })

  app.post('/:id/return', {
    schema: {
      tags: ['loans'],
      operationId: 'returnLoan',
      summary: 'Return a loan (its borrower or staff; anyone else 404); 409 when already returned',
      description: 'The copy is back in `copies_available` of the book in the same transaction.',
      security: bearer,
      params: IdParams,
      response: { 200: ref(LoanSchema), ...problemResponses(401, 404, 409, 422) },
    },
    config: { auth: 'required' },
  }, async (request) => service.returnLoan(deps, request.user!, request.params.id))

  app.post('/:id/renew', {
    schema: {
      tags: ['loans'],
      operationId: 'renewLoan',
      summary: 'Renew a loan: due date + 14 days, at most 2 renewals (its borrower or staff; anyone else 404)',
      description: '409 `conflict` when the loan is returned, overdue, or already renewed twice.',
      security: bearer,
      params: IdParams,
      response: { 200: ref(LoanSchema), ...problemResponses(401, 404, 409, 422) },
    },
    config: { auth: 'required' },
  }, async (request) => service.renewLoan(deps, request.user!, request.params.id))
}

/**
 * `GET /api/v1/users/{id}/loans`, registered under the `/api/v1/users` prefix next to the users
 * routes (which own `/:id` and below, but not this path).
 * @see api-contract §3
 */
export async function userLoansRoutes(app: App) {
  const deps = loanDeps(app)
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', PRIVATE)
  })

  app.get('/:id/loans', {
    schema: {
      tags: ['loans'],
      operationId: 'listUserLoans',
      summary: 'One user’s loans (the user themself or staff; another member → 403)',
      description: 'Newest first, filter `status`; offset pagination with an RFC 8288 `Link` header. An unknown user → 404 (for staff; others get 403 first).',
      security: bearer,
      params: IdParams,
      querystring: ListUserLoansQuery,
      response: { 200: paged(LoanPage), ...problemResponses(401, 403, 404, 422) },
    },
    config: { auth: 'required' },
  }, async (request, reply) => {
    const page = await service.listUserLoans(deps, request.user!, request.params.id, request.query)
    setPageLinks(request, reply, page.page, page.total_pages)
    return page
  })
}
