import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import FindMyWay from 'find-my-way'
import { AppError, type FieldError, problemAnchor, type ProblemCode, PROBLEMS, validationError } from '../errors.ts'

const ROUTED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

interface AjvError {
  keyword: string
  instancePath: string
  message?: string
  params: Record<string, unknown>
}

/** Turns Ajv's errors into `{field, message}` pairs, one per failing field. */
function fieldErrors(errors: AjvError[]): FieldError[] {
  const out: FieldError[] = []
  const seen = new Set<string>()
  for (const e of errors) {
    const path = e.instancePath.replace(/^\//, '').replaceAll('/', '.')
    let field = path
    let message = e.message ?? 'is invalid'
    if (e.keyword === 'required') field = [path, String(e.params.missingProperty)].filter(Boolean).join('.')
    if (e.keyword === 'additionalProperties') {
      field = [path, String(e.params.additionalProperty)].filter(Boolean).join('.')
      message = 'is not an accepted field'
    }
    if (e.keyword === 'required') message = 'is required'
    // anyOf/oneOf repeat the same field once per branch; keep the first message.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue
    const key = `${field}\u0000${e.keyword}`
    if (seen.has(field) && seen.has(key)) continue
    seen.add(field)
    seen.add(key)
    out.push({ field: field || '(body)', message })
  }
  return out.length ? out : [{ field: '(body)', message: 'is invalid' }]
}

const FASTIFY_CODES: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
}

const STATUS_CODES: Record<number, ProblemCode> = {
  400: 'bad_request',
  401: 'token_invalid',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  417: 'expectation_failed',
  422: 'validation_error',
  429: 'rate_limited',
  431: 'headers_too_large',
  503: 'unavailable',
}

/**
 * Statuses every operation may answer whatever its own rules: a malformed request or body (400),
 * a slow client (408), a body over the limit (413), an over-long path or request line (414), a
 * body in a media type it does not take (415), an `Expect` it cannot meet (417), headers over the
 * limit (431), and a failure or shedding on our side (500, 503).
 */
const ANY_OPERATION_STATUSES = [400, 408, 413, 414, 415, 417, 431, 500, 503] as const

/** Maps any thrown value to the AppError it stands for; unknown errors become `internal_error`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  const e = error as FastifyError & { validation?: AjvError[] }
  if (e && Array.isArray(e.validation)) return validationError(fieldErrors(e.validation))
  if (e && typeof e.code === 'string' && FASTIFY_CODES[e.code]) {
    const code = FASTIFY_CODES[e.code]!
    return new AppError(code, code === 'invalid_json' ? 'The request body is not valid JSON' : PROBLEMS[code].title)
  }
  if (e instanceof SyntaxError && e.statusCode === 400) return new AppError('invalid_json', 'The request body is not valid JSON')
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500
  if (status >= 400 && status < 500) return new AppError(STATUS_CODES[status] ?? 'bad_request', PROBLEMS[STATUS_CODES[status] ?? 'bad_request'].title)
  if (status === 503) return new AppError('unavailable')
  return new AppError('internal_error', 'An unexpected error occurred')
}

/** An RFC 9457 problem body, before `instance` and the code's extra members. */
export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  code: ProblemCode
  request_id: string
}

/**
 * The members every problem carries: `type`, `title`, `status`, `detail`, `code`, `request_id`.
 * Answers given before routing send it as it is (their path is not echoed); `sendProblem` adds
 * `instance` and the code's extra members.
 * @param baseUrl absolute base of `type` URIs, or '' for relative ones (`PROBLEM_BASE_URL`)
 */
export function problemBody(code: ProblemCode, detail: string, requestId: string, baseUrl: string): ProblemBody {
  const { status, title } = PROBLEMS[code]
  return { type: `${baseUrl}/docs/problems#${problemAnchor(code)}`, title, status, detail, code, request_id: requestId }
}

/**
 * Renders an AppError as an RFC 9457 `application/problem+json` response.
 * @see RFC 9457 §3
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError, baseUrl: string): FastifyReply {
  return reply.send(prepareProblem(request, reply, error, baseUrl))
}

/**
 * What {@link sendProblem} sends, without sending it: sets the status, the media type and the
 * error's headers on `reply` and returns the body (with `instance`, the request path).
 * For a hook that must hand the body to someone else to send (under-pressure's pressureHandler).
 */
export function prepareProblem(request: FastifyRequest, reply: FastifyReply, error: AppError, baseUrl: string): ProblemBody & Record<string, unknown> {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value)
  const path = request.url.split('?')[0] ?? request.url
  reply.code(error.status).type('application/problem+json; charset=utf-8')
  return { ...problemBody(error.code, error.message, String(request.id), baseUrl), instance: path, ...error.extra }
}

/**
 * One error handler for every route and for Fastify's own errors (validation, body parsing,
 * 404, 405), answering RFC 9457 problems; anything unknown is a 500 that carries only the
 * request id and is logged in full.
 */
export default fp(
  async function errorsPlugin(app: FastifyInstance, opts: { problemBaseUrl: string }) {
    const routes = FindMyWay()
    app.addHook('onRoute', (route) => {
      // Any documented operation may get these answers before or beside its own; say so once for all of them.
      if (route.schema && !route.schema.hide) {
        const response = (route.schema.response ??= {}) as Record<string, unknown>
        for (const status of ANY_OPERATION_STATUSES) response[status] ??= { $ref: 'Problem#' }
      }
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      for (const method of methods) {
        try {
          routes.on(method as 'GET', route.url, () => {})
        } catch {
          // the same method and path registered twice (HEAD with GET): already known
        }
      }
    })

    app.setErrorHandler((error, request, reply) => {
      const problem = toAppError(error)
      if (problem.status >= 500) request.log.error({ err: error }, 'request failed')
      return sendProblem(request, reply, problem, opts.problemBaseUrl)
    })

    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '/'
      const allowed = ROUTED_METHODS.filter((m) => routes.find(m, path) !== null)
      if (allowed.length > 0) {
        const problem = new AppError('method_not_allowed', `${request.method} is not allowed on ${path}`, {}, { allow: allowed.join(', ') })
        return sendProblem(request, reply, problem, opts.problemBaseUrl)
      }
      return sendProblem(request, reply, new AppError('not_found', `No route ${request.method} ${path}`), opts.problemBaseUrl)
    })
  },
  { name: 'errors' },
)
