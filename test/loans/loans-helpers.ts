import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp, type TestContext, type TestUser } from '../helper.ts'

/** A loan as the API serves it. */
export interface LoanBody {
  id: number
  book_id: number
  user_id: number
  borrowed_at: string
  due_at: string
  returned_at: string | null
  renewals: number
  status: 'active' | 'returned' | 'overdue'
}

export const DAY_MS = 86_400_000

/** Runs `fn` on a fresh app (its own database and clock), closing it whatever happens. */
export function withApp(fn: (t: TestContext) => Promise<void>): () => Promise<void> {
  return async () => {
    const t = await buildTestApp()
    try {
      await fn(t)
    } finally {
      await t.close()
    }
  }
}

/** `POST /api/v1/loans` as `user` (anonymous when null). */
export function borrow(t: TestContext, user: TestUser | null, payload: Record<string, unknown>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.inject({ method: 'POST', url: '/api/v1/loans', headers: { ...(user?.auth ?? {}), ...headers }, payload })
}

/** Borrows and asserts 201; returns the loan. */
export async function borrowOk(t: TestContext, user: TestUser, payload: Record<string, unknown>): Promise<LoanBody> {
  const response = await borrow(t, user, payload)
  assert.equal(response.statusCode, 201, response.body)
  return response.json()
}

/** `POST /api/v1/loans/{id}/<action>` as `user` (anonymous when null). */
export function act(t: TestContext, user: TestUser | null, id: number, action: 'return' | 'renew'): Promise<LightMyRequestResponse> {
  return t.inject({ method: 'POST', url: `/api/v1/loans/${id}/${action}`, headers: user?.auth ?? {} })
}

/** `GET` as `user` (anonymous when null). */
export function get(t: TestContext, user: TestUser | null, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.inject({ method: 'GET', url, headers: { ...(user?.auth ?? {}), ...headers } })
}

/** `copies_available` of a book, read through the public API. */
export async function copiesAvailable(t: TestContext, bookId: number): Promise<number> {
  const response = await t.inject({ method: 'GET', url: `/api/v1/books/${bookId}` })
  assert.equal(response.statusCode, 200, response.body)
  return response.json().copies_available
}


/** Asserts the per-user caching rule of every loan response. */
export function assertPrivate(response: LightMyRequestResponse): void {
  assert.equal(response.headers['cache-control'], 'private, no-store')
}

/** Loans of the book not yet returned, counted in the database. */
export async function openLoansInDb(t: TestContext, filter: { bookId?: number; userId?: number }): Promise<number> {
  let query = t.app.db.selectFrom('loans').select((eb) => eb.fn.countAll().as('n')).where('returned_at', 'is', null)
  if (filter.bookId !== undefined) query = query.where('book_id', '=', filter.bookId)
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId)
  return Number((await query.executeTakeFirstOrThrow()).n)
}

/**
 * Signs `user` in again and returns them with a fresh access token: after the test clock moves
 * past the access-token lifetime (15 min) the old token is expired.
 */
export async function signInAgain(t: TestContext, user: TestUser): Promise<TestUser> {
  const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } })
  assert.equal(login.statusCode, 200, login.body)
  const { access_token, refresh_token } = login.json()
  return { ...user, access: access_token, refresh: refresh_token, auth: { authorization: `Bearer ${access_token}` } }
}
export { assertProblem } from '../helper.ts'
