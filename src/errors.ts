/**
 * The problem catalog: every machine-readable `code` the API answers with, its HTTP status and
 * title. The error handler renders each as an RFC 9457 problem; the OpenAPI document lists them.
 * @see RFC 9457 (Problem Details for HTTP APIs)
 */
export const PROBLEMS = {
  bad_request: { status: 400, title: 'Bad request' },
  invalid_json: { status: 400, title: 'Malformed JSON body' },
  invalid_cursor: { status: 400, title: 'Invalid cursor' },
  invalid_sort: { status: 400, title: 'Invalid sort field' },
  token_missing: { status: 401, title: 'Access token missing' },
  token_invalid: { status: 401, title: 'Token invalid' },
  token_expired: { status: 401, title: 'Token expired' },
  token_revoked: { status: 401, title: 'Token revoked' },
  invalid_credentials: { status: 401, title: 'Invalid credentials' },
  forbidden: { status: 403, title: 'Forbidden' },
  csrf_invalid: { status: 403, title: 'CSRF token missing or invalid' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  unsupported_version: { status: 406, title: 'Unsupported API version' },
  not_acceptable: { status: 406, title: 'Not acceptable' },
  request_timeout: { status: 408, title: 'Request timeout' },
  conflict: { status: 409, title: 'Conflict' },
  already_exists: { status: 409, title: 'Already exists' },
  not_available: { status: 409, title: 'No copy available' },
  loan_limit_reached: { status: 409, title: 'Loan limit reached' },
  idempotency_in_flight: { status: 409, title: 'Request with this idempotency key is in flight' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  uri_too_long: { status: 414, title: 'URI too long' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  expectation_failed: { status: 417, title: 'Expectation failed' },
  validation_error: { status: 422, title: 'Validation failed' },
  idempotency_key_mismatch: { status: 422, title: 'Idempotency key reused with another request' },
  rate_limited: { status: 429, title: 'Too many requests' },
  headers_too_large: { status: 431, title: 'Request header fields too large' },
  internal_error: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>

/** A stable, machine-readable problem code (the `code` member of a problem). */
export type ProblemCode = keyof typeof PROBLEMS

/** One failing field of a `validation_error` problem. */
export interface FieldError {
  field: string
  message: string
}

/**
 * The one error class of the application: services throw it, the error handler renders it.
 * @example throw new AppError('not_available', 'All 3 copies are on loan')
 */
export class AppError extends Error {
  override name = 'AppError'
  readonly status: number
  readonly title: string
  readonly code: ProblemCode
  readonly extra: { errors?: FieldError[]; [key: string]: unknown }
  readonly headers: Record<string, string>

  /**
   * @param code a catalog code; its status and title come from {@link PROBLEMS}
   * @param detail human-readable explanation for this occurrence (no secrets)
   * @param extra members added to the problem body (`errors`, `retry_after`…)
   * @param headers response headers the problem must carry (`WWW-Authenticate`, `Allow`…)
   */
  constructor(
    code: ProblemCode,
    detail?: string,
    extra: { errors?: FieldError[]; [key: string]: unknown } = {},
    headers: Record<string, string> = {},
  ) {
    super(detail ?? PROBLEMS[code].title)
    this.code = code
    this.extra = extra
    this.headers = headers
    this.status = PROBLEMS[code].status
    this.title = PROBLEMS[code].title
  }
}

/** A 422 naming the failing fields. */
export function validationError(errors: FieldError[]): AppError {
  const detail = errors.length === 1 ? '1 field is invalid' : `${errors.length} fields are invalid`
  return new AppError('validation_error', detail, { errors })
}

/** The documentation anchor of a code, as used in the problem `type`: `validation_error` → `validation-error`. */
export function problemAnchor(code: string): string {
  return code.replaceAll('_', '-')
}
