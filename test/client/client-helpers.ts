import type { AddressInfo } from 'node:net'
import { buildTestApp, type TestContext } from '../helper.ts'

/** One request the client sent, as the server-bound fetch saw it. */
export interface SentRequest {
  method: string
  path: string
  idempotencyKey: string | null
  authorization: string | null
  status: number | 'network-error'
}

/** A test app listening on a free port, and a fetch to it that records every request. */
export interface LiveServer {
  t: TestContext
  baseUrl: string
  sent: SentRequest[]
  /** `globalThis.fetch`, recording each request in `sent`; `fault` may replace its outcome */
  fetch: (request: Request) => Promise<Response>
  /** called after a request was answered: return an Error to throw it instead (a lost response) */
  fault?: (request: SentRequest) => Error | undefined
  close(): Promise<void>
}

/** Builds the app (overrides in env form), listens on 127.0.0.1 port 0, and makes the recording fetch. */
export async function startLiveServer(overrides: Record<string, string> = {}): Promise<LiveServer> {
  const t = await buildTestApp(overrides)
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  const server: LiveServer = {
    t,
    baseUrl,
    sent: [],
    fetch: async (request) => {
      const entry: SentRequest = {
        method: request.method,
        path: new URL(request.url).pathname,
        idempotencyKey: request.headers.get('idempotency-key'),
        authorization: request.headers.get('authorization'),
        status: 'network-error',
      }
      server.sent.push(entry)
      const response = await globalThis.fetch(request)
      entry.status = response.status
      const fault = server.fault?.(entry)
      if (fault) {
        await response.body?.cancel()
        entry.status = 'network-error'
        throw fault
      }
      return response
    },
    close: () => t.close(),
  }
  return server
}

/** `fetch` with the given bearer token, outside the client (to see what the server thinks of a token). */
export async function rawCall(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; code?: string }> {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(baseUrl + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
  const text = await response.text()
  const code = text.startsWith('{') ? (JSON.parse(text) as { code?: string }).code : undefined
  return { status: response.status, ...(code ? { code } : {}) }
}
