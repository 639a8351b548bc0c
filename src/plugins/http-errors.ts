import { randomUUID } from 'node:crypto'
import { type IncomingMessage, STATUS_CODES, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type ProblemCode, PROBLEMS } from '../errors.ts'
import { problemBody } from './errors.ts'
import { HSTS, SECURITY_HEADERS } from './security.ts'

/**
 * Answers given before any route runs — by Fastify's router (bad percent-encoding, an over-long
 * path parameter) or by Node's HTTP parser (malformed request, headers over the limit, header or
 * body timeouts, an `Expect` other than `100-continue`) — rendered as RFC 9457 problems with a
 * catalog code, a generated `X-Request-ID` equal to the body's `request_id`, the same hardened
 * headers as every other response, `Cache-Control: no-store`, and never the path or an internal
 * name (FST_…, HPE_…) in the body.
 * @see RFC 9457; https://nodejs.org/docs/latest-v20.x/api/http.html#event-clienterror;
 *      https://fastify.dev/docs/latest/Reference/Server/#frameworkerrors
 */

/**
 * The header fields of such an answer: the problem media type, the request id, the security
 * headers (HSTS over TLS only), `no-store`, and `Connection: close` — the connection's framing may
 * be lost, so it is never reused.
 * @param tls whether the request arrived over TLS
 * @returns lower-case field name → value (`Content-Length` aside)
 */
export function earlyHeaders(requestId: string, tls: boolean): Record<string, string> {
  return {
    'content-type': 'application/problem+json; charset=utf-8',
    'x-request-id': requestId,
    ...SECURITY_HEADERS,
    ...(tls ? { 'strict-transport-security': HSTS } : {}),
    'cache-control': 'no-store',
    connection: 'close',
  }
}

/**
 * A complete HTTP/1.1 response carrying a problem, as bytes to write on a raw socket.
 * @see RFC 9112 §4 (status line), §6.3 (Content-Length)
 */
export function rawProblemResponse(code: ProblemCode, detail: string, baseUrl: string, tls: boolean): string {
  const requestId = randomUUID()
  const body = JSON.stringify(problemBody(code, detail, requestId, baseUrl))
  const status = PROBLEMS[code].status
  const fields = { ...earlyHeaders(requestId, tls), date: new Date().toUTCString(), 'content-length': String(Buffer.byteLength(body)) }
  const head = Object.entries(fields).map(([name, value]) => `${name}: ${value}\r\n`).join('')
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head}\r\n${body}`
}

const kAnswered = Symbol('library-api.answered')

/** What Node keeps on a socket about the response in progress (not in its typings), and our mark. */
type HttpSocket = Socket & { _httpMessage?: ServerResponse | null; encrypted?: boolean; [kAnswered]?: boolean }

/**
 * Marks a socket whose current request was answered while its body still arrives (the rest is
 * being discarded): a later timeout or parse error on it must not write a second answer.
 */
export function markAnswered(socket: Socket, answered: boolean): void {
  ;(socket as HttpSocket)[kAnswered] = answered
}

/** How long a socket that was answered this way may take to read the answer before it is destroyed, milliseconds. */
const LINGER_MS = 2_000

/**
 * Writes a problem on a socket whose request cannot reach a route, then closes it. Writes only
 * when no response has started on that socket (a response whose headers went out cannot be
 * replaced: the socket is just destroyed) and it is still writable.
 * @returns whether the problem was written
 */
export function answerOnSocket(socket: Socket, code: ProblemCode, detail: string, baseUrl: string): boolean {
  const s = socket as HttpSocket
  if (s.destroyed) return false
  if (!s.writable || s._httpMessage?.headersSent || s[kAnswered]) {
    s.destroy()
    return false
  }
  // end() sends FIN after the answer; destroying at once could turn unread input into a reset
  // that makes the client drop the answer before reading it.
  s.end(rawProblemResponse(code, detail, baseUrl, s.encrypted === true))
  setTimeout(() => s.destroy(), LINGER_MS).unref()
  return true
}

/**
 * The problem a parser error stands for. A header block over the limit whose request line was
 * not finished when the limit was reached is an over-long URI (414); otherwise 431.
 * @see https://github.com/nodejs/llhttp (error codes), RFC 9110 §15.5.15, RFC 6585 §5
 */
function clientProblem(error: NodeJS.ErrnoException & { rawPacket?: Buffer; bytesParsed?: number }): [ProblemCode, string] | undefined {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return ['request_timeout', 'The request headers or body did not arrive in time']
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The packet that overflowed starts the request and the parser stopped before its first line
    // ended. (A request line split over several packets is reported as 431: the bytes before
    // this packet are gone.)
    const packet = error.rawPacket
    const lineEnd = packet?.indexOf(10) ?? -1
    const requestLineOpen = packet !== undefined && /^[A-Z]+ /.test(packet.subarray(0, 16).toString('latin1')) && (lineEnd < 0 || lineEnd >= (error.bytesParsed ?? 0))
    return requestLineOpen ? ['uri_too_long', 'The request line is longer than the server accepts'] : ['headers_too_large', 'The request header fields are larger than the server accepts']
  }
  if (error.code?.startsWith('HPE_') || error.code?.startsWith('ERR_HTTP_')) return ['bad_request', 'The request is not valid HTTP/1.1']
  return undefined
}

/**
 * The `clientError` listener (Fastify's `clientErrorHandler` option): answers what Node's parser
 * refuses as a problem (400 `bad_request`, 408 `request_timeout`, 414 `uri_too_long`, 431
 * `headers_too_large`) and closes the connection; a reset or a network error just closes it.
 * @param baseUrl `PROBLEM_BASE_URL` ('' for relative `type` URIs)
 */
export function clientErrorHandler(baseUrl: string): (error: NodeJS.ErrnoException, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return
    const problem = clientProblem(error)
    if (problem) answerOnSocket(socket, problem[0], problem[1], baseUrl)
    else socket.destroy()
  }
}

/**
 * The `checkExpectation` listener: a request whose `Expect` is not `100-continue` gets 417
 * `expectation_failed` (Node would answer an empty 417) and is not routed.
 * @see RFC 9110 §10.1.1
 */
function expectationFailed(baseUrl: string): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const requestId = randomUUID()
    const body = JSON.stringify(problemBody('expectation_failed', 'Only "Expect: 100-continue" is supported', requestId, baseUrl))
    const tls = (request.socket as HttpSocket).encrypted === true
    response.writeHead(417, { ...earlyHeaders(requestId, tls), 'content-length': Buffer.byteLength(body) }).end(body)
  }
}

/** The problem of each error Fastify hands to `frameworkErrors`; anything else is a 400. */
const FRAMEWORK_PROBLEMS: Record<string, [ProblemCode, string]> = {
  FST_ERR_BAD_URL: ['bad_request', 'The request path is not valid percent-encoding'],
  FST_ERR_MAX_PARAM_LENGTH: ['uri_too_long', 'A path segment is longer than the server accepts'],
}

/**
 * Fastify's `frameworkErrors` option: the router's own refusals (a bad percent-encoding → 400
 * `bad_request`, a path parameter over `maxParamLength` → 414 `uri_too_long`) as problems. They
 * reach no route, so no hook adds the usual headers: they are set here.
 * @param baseUrl `PROBLEM_BASE_URL` ('' for relative `type` URIs)
 */
export function frameworkErrors(baseUrl: string): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const [code, detail] = FRAMEWORK_PROBLEMS[error.code] ?? ['bad_request', PROBLEMS.bad_request.title]
    const requestId = String(request.id)
    const body = JSON.stringify(problemBody(code, detail, requestId, baseUrl))
    // Connection: close is not needed here: the request was parsed, its framing is intact.
    const { connection: _connection, ...headers } = earlyHeaders(requestId, request.protocol === 'https')
    void reply.code(PROBLEMS[code].status).headers(headers).send(body)
  }
}

/**
 * Registers the `Expect` answer on the app's HTTP server and lets HTTP/1.1 requests without
 * `Host` through to be answered as problems (`unroutableRequest` in security.ts). (`clientErrorHandler` and
 * `frameworkErrors` are Fastify factory options, set in `buildApp`.)
 */
export default fp(
  async function httpErrorsPlugin(app: FastifyInstance, opts: { problemBaseUrl: string }) {
    const server = app.server as Server & { requireHostHeader: boolean }
    server.on('checkExpectation', expectationFailed(opts.problemBaseUrl))
    // Node answers an HTTP/1.1 request without Host with an empty 400 of its own; let it through
    // to answer the same 400 as a problem (`unroutableRequest` of the security plugin, checked in
    // the onRequest hook every request runs anyway).
    server.requireHostHeader = false
  },
  { name: 'http-errors' },
)
