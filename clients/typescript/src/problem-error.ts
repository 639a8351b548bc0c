import type { components } from './schema.d.ts'

/** An RFC 9457 problem as the Library API sends it (`application/problem+json`). */
export type Problem = components['schemas']['Problem']

/** A stable, machine-readable problem code (`not_found`, `token_expired`, …). */
export type ProblemCode = Problem['code']

/** One failing field of a `validation_error` problem. */
export type FieldError = NonNullable<Problem['errors']>[number]

/**
 * Thrown by the client for every `application/problem+json` answer (any 4xx or 5xx the API
 * sends), once the client's own recovery (token refresh, retries after `Retry-After`) is spent.
 * `requestId` is the problem's `request_id`, equal to the response's `X-Request-ID`: quote it
 * when reporting a failure.
 * @see RFC 9457 (Problem Details for HTTP APIs)
 */
export class ProblemError extends Error {
  override name = 'ProblemError'
  /** HTTP status of the response */
  readonly status: number
  readonly code: ProblemCode
  readonly title: string
  readonly detail: string | undefined
  /** the `request_id` member (= `X-Request-ID`) */
  readonly requestId: string
  /** every failing field of a `validation_error` (empty otherwise) */
  readonly errors: FieldError[]
  /** the whole problem body, members the API may add included */
  readonly problem: Problem

  constructor(status: number, problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title)
    this.status = status
    this.code = problem.code
    this.title = problem.title
    this.detail = problem.detail
    this.requestId = problem.request_id
    this.errors = problem.errors ?? []
    this.problem = problem
  }
}

/** Whether a response carries a problem body (`application/problem+json`). */
export function isProblemResponse(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').toLowerCase().startsWith('application/problem+json')
}

/**
 * The {@link ProblemError} of a problem response. Reads the body of `response`; a body that is
 * not a JSON object still gives a ProblemError (code `internal_error` for 5xx, else `bad_request`)
 * so that the caller sees one error type.
 */
export async function problemErrorOf(response: Response): Promise<ProblemError> {
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  if (typeof body === 'object' && body !== null && typeof (body as Problem).code === 'string') {
    const problem = body as Problem
    return new ProblemError(response.status, { ...problem, request_id: problem.request_id ?? response.headers.get('x-request-id') ?? '' })
  }
  return new ProblemError(response.status, {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    code: response.status >= 500 ? 'internal_error' : 'bad_request',
    request_id: response.headers.get('x-request-id') ?? '',
    detail: text.slice(0, 200),
  })
}
