/**
 * The raw baseline of the benchmark: the practical limit of this machine for W1, W2 and W3.
 * Plain `node:http` + better-sqlite3 prepared statements + an HMAC-SHA256 JWT check, on the same
 * database file as the API and answering with the same JSON:
 *
 * - `GET /api/v1/books?page&per_page` → `{items, page, per_page, total, total_pages}` (the same two
 *   queries as the API: the page by id, and the count);
 * - `GET /api/v1/books/{id}` → the v1 book; with a bearer token it is verified (signature, `alg`,
 *   `exp`, `iss`, `aud`, `type`) and its session looked up (revocation, active user) — the work the
 *   contract asks of every request that carries a token;
 * - `POST /api/v1/books` (librarian or admin) → validates the body like `BookInput`, checks the
 *   ISBN, inserts, answers 201 with the row and `Location`.
 *
 * What it leaves out is what the framework buys: schema compilation, hooks, security headers,
 * request ids, rate limits, ETag/Link, logs, problem details beyond the minimum.
 *
 * Environment: `RAW_DB_PATH` (required), `JWT_SECRET` (required), `JWT_ISSUER`, `JWT_AUDIENCE`,
 * `PORT` (3100), `HOST` (127.0.0.1). SIGTERM/SIGINT close it and exit 0.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import Database from 'better-sqlite3'

interface BookRow {
  id: number
  title: string
  author: string
  isbn: string | null
  publication_year: number | null
  publisher: string | null
  language: string | null
  summary: string | null
  genres: string
  copies_total: number
  copies_available: number
  created_at: string
  updated_at: string
}

interface SessionRow {
  user_id: number
  revoked_at: string | null
  roles: string
  is_active: number
}

interface Caller {
  id: number
  roles: string[]
}

function required(name: string): string {
  const value = process.env[name]
  if (!value) {
    console.error(`raw-server: ${name} is required`)
    process.exit(2)
  }
  return value
}

const dbPath = required('RAW_DB_PATH')
const secret = Buffer.from(required('JWT_SECRET'), 'utf8')
const issuer = process.env.JWT_ISSUER ?? 'library-api'
const audience = process.env.JWT_AUDIENCE ?? 'library-api'
const port = Number(process.env.PORT ?? 3100)
const host = process.env.HOST ?? '127.0.0.1'
const BODY_LIMIT = 1_048_576

// The same connection settings as src/db/connect.ts.
const db = new Database(dbPath)
db.pragma('journal_mode = WAL')
db.pragma('foreign_keys = ON')
db.pragma('busy_timeout = 5000')
db.pragma('synchronous = NORMAL')

const statements = {
  page: db.prepare<[number, number], BookRow>('select * from books order by id asc limit ? offset ?'),
  count: db.prepare<[], number>('select count(*) as n from books').pluck(),
  byId: db.prepare<[number], BookRow>('select * from books where id = ?'),
  byIsbn: db.prepare<[string], number>('select id from books where isbn = ?').pluck(),
  session: db.prepare<[string], SessionRow>(
    'select sessions.user_id, sessions.revoked_at, users.roles, users.is_active from sessions inner join users on users.id = sessions.user_id where sessions.id = ?',
  ),
  insert: db.prepare<Omit<BookRow, 'id'>, BookRow>(
    'insert into books (title, author, isbn, publication_year, publisher, language, summary, genres, copies_total, copies_available, created_at, updated_at) ' +
      'values (@title, @author, @isbn, @publication_year, @publisher, @language, @summary, @genres, @copies_total, @copies_available, @created_at, @updated_at) returning *',
  ),
}

/** The v1 representation, fields in the order of `BookSchema`. */
function toBook(row: BookRow) {
  return {
    id: row.id,
    title: row.title,
    author: row.author,
    isbn: row.isbn,
    publication_year: row.publication_year,
    publisher: row.publisher,
    language: row.language,
    summary: row.summary,
    genres: JSON.parse(row.genres) as string[],
    copies_total: row.copies_total,
    copies_available: row.copies_available,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body)
  res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers })
  res.end(json)
}

function problem(res: ServerResponse, status: number, code: string, detail: string): void {
  send(res, status, { type: `/docs/problems#${code.replace(/_/g, '-')}`, title: code, status, code, detail })
}

function decodeJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/**
 * Verifies an HS256 access token the way `TokenService.verify` does, then looks its session up.
 * @returns the caller, `null` without an Authorization header, or `false` when the token is bad
 */
function authenticate(header: string | undefined): Caller | null | false {
  if (header === undefined) return null
  if (!header.startsWith('Bearer ')) return false
  const token = header.slice(7).trim()
  const parts = token.split('.')
  if (parts.length !== 3) return false
  const [h, p, s] = parts as [string, string, string]
  const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest()
  const given = Buffer.from(s, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false
  const protectedHeader = decodeJson(h)
  const claims = decodeJson(p)
  if (!protectedHeader || protectedHeader.alg !== 'HS256' || !claims) return false
  const now = Math.floor(Date.now() / 1000)
  if (typeof claims.exp !== 'number' || claims.exp <= now) return false
  if (claims.iss !== issuer) return false
  if (!(claims.aud === audience || (Array.isArray(claims.aud) && claims.aud.includes(audience)))) return false
  if (claims.type !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.jti !== 'string' || typeof claims.iat !== 'number') return false
  if (!Array.isArray(claims.roles)) return false
  const session = statements.session.get(claims.sid)
  if (!session || session.revoked_at !== null || !session.is_active || String(session.user_id) !== claims.sub) return false
  return { id: session.user_id, roles: JSON.parse(session.roles) as string[] }
}

const ISBN10 = /^\d{9}[\dX]$/
const ISBN13 = /^97[89]\d{10}$/

function ean13Check(first12: string): string {
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3)
  return String((10 - (sum % 10)) % 10)
}

/** ISBN-10 or -13 (hyphens, spaces allowed) → compact ISBN-13, or undefined. */
function normalizeIsbn(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '').toUpperCase()
  if (ISBN10.test(compact)) {
    let sum = 0
    for (let i = 0; i < 10; i++) sum += (10 - i) * (compact[i] === 'X' ? 10 : Number(compact[i]))
    if (sum % 11 !== 0) return undefined
    const first12 = `978${compact.slice(0, 9)}`
    return first12 + ean13Check(first12)
  }
  if (ISBN13.test(compact) && ean13Check(compact.slice(0, 12)) === compact[12]) return compact
  return undefined
}

const isString = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
const BOOK_FIELDS = new Set(['title', 'author', 'isbn', 'publication_year', 'publisher', 'language', 'summary', 'genres', 'copies_total'])

/** The checks of `BookInput`; the first failing field, or undefined. */
function invalidField(body: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(body)) if (!BOOK_FIELDS.has(key)) return key
  if (!isString(body.title, 1, 500)) return 'title'
  if (!isString(body.author, 1, 500)) return 'author'
  if (body.isbn !== undefined && body.isbn !== null && !isString(body.isbn, 10, 17)) return 'isbn'
  if (body.publication_year !== undefined && body.publication_year !== null && !isInt(body.publication_year, -5000, 2100)) return 'publication_year'
  if (body.publisher !== undefined && body.publisher !== null && !isString(body.publisher, 0, 200)) return 'publisher'
  if (body.language !== undefined && body.language !== null && !isString(body.language, 2, 35)) return 'language'
  if (body.summary !== undefined && body.summary !== null && !isString(body.summary, 0, 10_000)) return 'summary'
  if (body.genres !== undefined) {
    const g = body.genres
    if (!Array.isArray(g) || g.length > 20 || !g.every((x) => isString(x, 1, 50)) || new Set(g).size !== g.length) return 'genres'
  }
  if (body.copies_total !== undefined && !isInt(body.copies_total, 0, 10_000)) return 'copies_total'
  return undefined
}

function listBooks(res: ServerResponse, search: URLSearchParams): void {
  const page = search.has('page') ? Number(search.get('page')) : 1
  const perPage = search.has('per_page') ? Number(search.get('per_page')) : 20
  if (!isInt(page, 1, 1_000_000) || !isInt(perPage, 1, 100)) return problem(res, 422, 'validation_error', 'page or per_page is out of range')
  const rows = statements.page.all(perPage, (page - 1) * perPage)
  const total = statements.count.get() ?? 0
  send(res, 200, { items: rows.map(toBook), page, per_page: perPage, total, total_pages: Math.ceil(total / perPage) })
}

function getBook(req: IncomingMessage, res: ServerResponse, id: number): void {
  if (authenticate(req.headers.authorization) === false) return problem(res, 401, 'token_invalid', 'The token is invalid or revoked')
  const row = statements.byId.get(id)
  if (!row) return problem(res, 404, 'not_found', 'No such book')
  send(res, 200, toBook(row))
}

function createBook(req: IncomingMessage, res: ServerResponse): void {
  const caller = authenticate(req.headers.authorization)
  if (!caller) return problem(res, 401, caller === null ? 'token_missing' : 'token_invalid', 'This route needs a valid access token')
  if (!caller.roles.some((r) => r === 'librarian' || r === 'admin')) return problem(res, 403, 'forbidden', 'Your role does not allow this')
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return problem(res, 415, 'unsupported_media_type', 'Send application/json')
  const chunks: Buffer[] = []
  let size = 0
  let tooLarge = false
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size > BODY_LIMIT) tooLarge = true
    else chunks.push(chunk)
  })
  req.on('end', () => {
    if (tooLarge) return problem(res, 413, 'payload_too_large', 'The body is too large')
    let body: unknown
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return problem(res, 400, 'bad_request', 'The body is not JSON')
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return problem(res, 422, 'validation_error', 'The body must be an object')
    const input = body as Record<string, unknown>
    const bad = invalidField(input)
    if (bad) return problem(res, 422, 'validation_error', `${bad} is invalid`)
    let isbn: string | null = null
    if (typeof input.isbn === 'string') {
      const normalized = normalizeIsbn(input.isbn)
      if (!normalized) return problem(res, 422, 'validation_error', 'isbn is not a valid ISBN-10 or ISBN-13')
      if (statements.byIsbn.get(normalized) !== undefined) return problem(res, 409, 'already_exists', 'A book with this ISBN exists already')
      isbn = normalized
    }
    const now = new Date().toISOString()
    const copies = (input.copies_total as number | undefined) ?? 1
    const row = statements.insert.get({
      title: input.title as string,
      author: input.author as string,
      isbn,
      publication_year: (input.publication_year as number | null | undefined) ?? null,
      publisher: (input.publisher as string | null | undefined) ?? null,
      language: (input.language as string | null | undefined) ?? null,
      summary: (input.summary as string | null | undefined) ?? null,
      genres: JSON.stringify(input.genres ?? []),
      copies_total: copies,
      copies_available: copies,
      created_at: now,
      updated_at: now,
    })
    if (!row) return problem(res, 500, 'internal_error', 'The insert returned nothing')
    send(res, 201, toBook(row), { location: `/api/v1/books/${row.id}` })
  })
}

const BOOK_PATH = /^\/api\/v1\/books\/(\d{1,10})$/

const server = createServer((req, res) => {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  try {
    if (req.method === 'GET' && path === '/api/v1/books') return listBooks(res, new URLSearchParams(q === -1 ? '' : url.slice(q + 1)))
    if (req.method === 'POST' && path === '/api/v1/books') return createBook(req, res)
    const match = req.method === 'GET' ? BOOK_PATH.exec(path) : null
    if (match) {
      const id = Number(match[1])
      if (!isInt(id, 1, 2_147_483_647)) return problem(res, 422, 'validation_error', 'id is out of range')
      return getBook(req, res, id)
    }
    if (req.method === 'GET' && (path === '/health' || path === '/health/ready')) return send(res, 200, { status: 'ok' })
    problem(res, 404, 'not_found', 'No such route')
  } catch (error) {
    console.error(error)
    problem(res, 500, 'internal_error', 'Unexpected error')
  }
})
server.keepAliveTimeout = 72_000

server.listen(port, host, () => {
  console.log(`raw baseline listening on http://${host}:${port}`)
})

function shutdown(): void {
  server.close(() => {
    db.close()
    process.exit(0)
  })
  server.closeIdleConnections()
  setTimeout(() => process.exit(1), 10_000).unref()
}
process.once('SIGTERM', shutdown)
process.once('SIGINT', shutdown)
