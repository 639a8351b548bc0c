import { connect, type Socket } from 'node:net'

/** A response read off a raw socket. */
export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** the socket error, when the connection ended with one (ECONNRESET…) */
  error?: string
}

/** Parses the first HTTP/1.1 response in `text` (latin1, Content-Length framed); undefined while incomplete. */
export function parseResponse(text: string): { response: RawResponse; rest: string } | undefined {
  const end = text.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const length = Number(headers['content-length'] ?? 0)
  const bodyBytes = Buffer.from(text.slice(end + 4), 'latin1')
  if (bodyBytes.length < length) return undefined
  return {
    response: { status: Number(statusLine!.split(' ')[1]), headers, body: bodyBytes.subarray(0, length).toString() },
    rest: bodyBytes.subarray(length).toString('latin1'),
  }
}

/** Opens a TCP connection to the listening app. */
export function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket))
    socket.once('error', reject)
  })
}

/**
 * Writes `chunks` (strings or buffers, `delayMs` apart) and reads until the server closes the
 * connection or `timeoutMs` passes; returns everything read and how the connection ended.
 */
export async function exchange(port: number, chunks: (string | Buffer)[], options: { delayMs?: number; timeoutMs?: number } = {}): Promise<{ text: string; closed: boolean; error?: string; elapsedMs: number }> {
  const socket = await open(port)
  const started = Date.now()
  let text = ''
  let error: string | undefined
  socket.on('data', (d) => (text += d.toString('latin1')))
  const closed = new Promise<boolean>((resolve) => {
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message))
    socket.on('close', () => resolve(true))
    setTimeout(() => resolve(false), options.timeoutMs ?? 5000).unref()
  })
  void (async () => {
    for (const chunk of chunks) {
      if (socket.destroyed || !socket.writable) return
      socket.write(chunk)
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs))
    }
  })()
  const wasClosed = await closed
  socket.destroy()
  return { text, closed: wasClosed, error, elapsedMs: Date.now() - started }
}
