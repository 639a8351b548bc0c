import type { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { ProblemCode } from '../errors.ts'
import { answerOnSocket, markAnswered } from './http-errors.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Answers every open connection with a problem where nothing was written on it yet (else just
     * closes it) — the last step of a shutdown past its deadline.
     * @returns how many connections were open
     */
    answerOpenConnections(code: ProblemCode, detail: string): number
  }
}

/** Most bytes of a refused body read and thrown away after the answer, so the client reads it. */
export const DISCARD_MAX_BYTES = 4 * 1024 * 1024
/** Longest time spent doing so, milliseconds. */
export const DISCARD_MAX_MS = 5_000

/**
 * How connections end — without a hook on the path of a successful request.
 *
 * - An error answered before the request body has fully arrived (413 on a body over the limit,
 *   415, a 401 or 429 before the body is read…) keeps the connection open while Node reads and
 *   discards the rest of the body — at most {@link DISCARD_MAX_BYTES} or {@link DISCARD_MAX_MS},
 *   then the socket is destroyed. Closing at once (Fastify's `Connection: close` on body errors)
 *   closes a socket with unread input, which TCP turns into a reset that can make the client lose
 *   the answer. Once the body is drained the connection's framing is intact and it may serve
 *   another request. (`onError` runs for errors only.)
 * - Every open connection is known, so a shutdown past its deadline can answer what still
 *   waits ({@link FastifyInstance.answerOpenConnections}).
 * - When the app starts closing (`app.close()`, SIGTERM), every response still to be sent on an
 *   open connection is marked not to keep the connection alive, so Node writes `Connection: close`
 *   and closes after it; Fastify itself says `Connection: close` on requests that arrive later.
 * @see RFC 9112 §9.6 (tear-down), §9.3 (persistence)
 */
export default fp(
  async function connectionsPlugin(app: FastifyInstance, opts: { problemBaseUrl: string }) {
    let closing = false
    const sockets = new Set<Socket>()
    app.server.on('connection', (socket: Socket) => {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
    })

    app.decorate('answerOpenConnections', (code: ProblemCode, detail: string) => {
      const count = sockets.size
      for (const socket of sockets) answerOnSocket(socket, code, detail, opts.problemBaseUrl)
      return count
    })

    app.addHook('preClose', (done) => {
      closing = true
      for (const socket of sockets) {
        const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
        if (response && !response.headersSent) response.shouldKeepAlive = false
      }
      done()
    })

    app.addHook('onError', (request, reply, _error, done) => {
      const raw = request.raw
      if (!closing && bodyStillArriving(raw)) {
        if (String(reply.getHeader('connection') ?? '').toLowerCase() === 'close') reply.removeHeader('connection')
        reply.raw.once('finish', () => {
          if (bodyStillArriving(raw) && !raw.socket.destroyed) discardRest(raw, raw.socket)
        })
      }
      done()
    })
  },
  { name: 'connections' },
)

/** Whether Node's parser has not yet seen the end of this request (false for injected requests, which have no parser). */
function bodyStillArriving(raw: { complete?: boolean }): boolean {
  return raw.complete === false
}

/** Lets Node drain the rest of an answered request's body, within the bounds; past them, destroys the socket. */
function discardRest(raw: NodeJS.ReadableStream & { complete: boolean }, socket: Socket): void {
  markAnswered(socket, true)
  const start = Date.now()
  const startBytes = socket.bytesRead
  const check = setInterval(() => {
    if (Date.now() - start > DISCARD_MAX_MS || socket.bytesRead - startBytes > DISCARD_MAX_BYTES) finish(true)
  }, 50)
  const finish = (destroy: boolean) => {
    clearInterval(check)
    raw.removeListener('end', onEnd)
    socket.removeListener('close', onClose)
    markAnswered(socket, false)
    if (destroy) socket.destroy()
  }
  const onEnd = () => finish(false)
  const onClose = () => finish(false)
  raw.once('end', onEnd)
  socket.once('close', onClose)
  // A body nobody reads any more (Fastify stopped at the limit) must flow to be discarded.
  raw.resume()
}
