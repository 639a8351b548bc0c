/**
 * The live state the fuzz cases point at: several users per role (kept signed in: a user whom a
 * case logged out, demoted, deactivated or deleted is replaced), real books, posts and loans, and
 * tokens and cursors that carry a valid signature over hostile claims (issue 8 item 4).
 */
import { createHmac } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { Type } from 'typebox'
import { CursorCodec } from '../../src/modules/books/v2/cursor.ts'
import { STRONG_PASSWORD, type TestContext, type TestUser } from '../helper.ts'
import type { Known } from './hostile-values.ts'
import type { FuzzRole, Operation } from './request-cases.ts'

type IdKind = 'books' | 'users' | 'posts' | 'loans'
type StaffOrMember = Exclude<FuzzRole, 'anonymous'>

/** How many users each role has: destructive cases hit one of them, the others keep working. */
export const USERS_PER_ROLE = 3

/** Claims replaced, one at a time, in a real token's payload before it is signed again. */
const HOSTILE_CLAIMS: [string, unknown][] = [
  ['sub', {}],
  ['sub', []],
  ['sub', true],
  ['sub', 1],
  ['sub', null],
  ['sub', 'a\u0000'],
  ['sub', '2147483648'],
  ['sub', '9007199254740993'],
  ['sub', '-1'],
  ['sub', '0'],
  ['sub', '01'],
  ['sub', '1.5'],
  ['sub', ''],
  ['sub', ' 1'],
  ['sub', '1e3'],
  ['sub', '\ud800'],
  ['sub', 'x'.repeat(5000)],
  ['roles', 'admin'],
  ['roles', [{}]],
  ['roles', ['superuser']],
  ['roles', null],
  ['roles', ['admin\u0000']],
  ['roles', {}],
  ['type', 'refresh'],
  ['type', 1],
  ['type', null],
  ['type', ['access']],
  ['sid', {}],
  ['sid', 'a\u0000'],
  ['sid', 'x'.repeat(5000)],
  ['sid', 1],
  ['sid', null],
  ['sid', '\ud800'],
  ['jti', 123],
  ['jti', {}],
  ['jti', 'a\u0000'],
  ['jti', null],
  ['exp', 1e20],
  ['exp', 'x'],
  ['exp', 1.5e10],
  ['iat', -1],
  ['iat', 'x'],
  ['iat', 1e20],
]

/** Values put into a real cursor's payload members, one at a time. */
const HOSTILE_CURSOR_VALUES: unknown[] = [{}, [], true, null, 'a\u0000', '\ud800', 2147483648, 2 ** 53 + 2, -1, 0, 1.5, 1e308, 99999, -99999, '', 'x'.repeat(3000), '2026-13-45', [1, 2]]

const base64urlJson = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')

/** Signs `claims` as an HS256 JWT with `secret`, whatever their types (jose would refuse some). @see RFC 7519 */
export function signRaw(claims: Record<string, unknown>, secret: string): string {
  const input = `${base64urlJson({ alg: 'HS256', typ: 'JWT' })}.${base64urlJson(claims)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

const decodeClaims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>

/** The users, ids, tokens and cursors of one fuzz campaign, kept usable while the cases run. */
export class FuzzFixtures {
  readonly users = new Map<StaffOrMember, TestUser[]>()
  readonly ids: Record<IdKind, number[]> = { books: [], users: [], posts: [], loans: [] }
  signedAccess: string[] = []
  signedRefresh: string[] = []
  cursors: string[] = []
  /** users replaced because a case made their tokens unusable */
  replaced = 0

  private readonly t: TestContext

  constructor(t: TestContext) {
    this.t = t
  }

  /** Creates users for every role, books, posts (published and drafts), loans, hostile tokens and cursors. */
  async setup(): Promise<void> {
    for (const role of ['member', 'premium', 'librarian', 'admin'] as const) {
      const list: TestUser[] = []
      for (let i = 0; i < USERS_PER_ROLE; i++) list.push(await this.newUser(role))
      this.users.set(role, list)
    }
    for (let i = 0; i < 6; i++) await this.createBook(i === 0 ? 1 : 3)
    for (const role of ['member', 'premium', 'admin'] as const) {
      for (const user of this.users.get(role)!) {
        await this.createPost(user, true)
        await this.createPost(user, false)
      }
    }
    for (const role of ['member', 'premium'] as const) for (const user of this.users.get(role)!) await this.createLoan(user)
    this.signTokens()
    await this.collectCursors()
  }

  /** The user of `role` for a case (`slot` chooses among them), `undefined` for anonymous. */
  user(role: FuzzRole, slot: number): TestUser | undefined {
    if (role === 'anonymous') return undefined
    const list = this.users.get(role)!
    return list[slot % list.length]
  }

  /** Every pool user, with its role. */
  private allUsers(): [StaffOrMember, TestUser][] {
    return [...this.users.entries()].flatMap(([role, list]) => list.map((u) => [role, u] as [StaffOrMember, TestUser]))
  }

  /**
   * A real value for a marker. `touched` collects the pool users whose refresh token was handed
   * out, so that they can be checked after the case.
   */
  resolve(known: Known, touched: Set<TestUser>, actor: TestUser | undefined): string | number {
    const pick = known.pick
    switch (known.kind) {
      case 'self':
        return actor?.id ?? 1
      case 'books':
      case 'users':
      case 'posts':
      case 'loans': {
        const list = this.ids[known.kind]
        return list.length ? list[pick % list.length]! : 1
      }
      case 'username':
      case 'email': {
        const all = this.allUsers()
        return all[pick % all.length]![1][known.kind]
      }
      case 'password':
        return STRONG_PASSWORD
      case 'refresh': {
        const all = this.allUsers()
        if (pick % 2 === 0 || this.signedRefresh.length === 0) {
          const user = all[(pick >> 1) % all.length]![1]
          touched.add(user)
          return user.refresh
        }
        return this.signedRefresh[(pick >> 1) % this.signedRefresh.length]!
      }
      case 'cursor':
        return this.cursors.length ? this.cursors[pick % this.cursors.length]! : 'x'
    }
  }

  /** A token with a valid signature and one hostile claim. */
  signedToken(pick: number): string {
    return this.signedAccess[pick % this.signedAccess.length]!
  }

  /**
   * Keeps the fixtures in step with what a case did: records created ids, forgets deleted ones,
   * checks (and replaces when needed) every user the case may have logged out or changed, and
   * tops up books and posts.
   */
  async afterCase(op: Operation, response: LightMyRequestResponse, actor: TestUser | undefined, pathId: number | undefined, touched: Set<TestUser>): Promise<void> {
    const status = response.statusCode
    const kind = resourceOf(op.path)
    if (op.method === 'POST' && status === 201 && kind) {
      const id = Number((safeJson(response.body) as { id?: unknown } | undefined)?.id)
      if (Number.isInteger(id)) this.ids[kind].push(id)
    }
    if (op.method === 'DELETE' && status === 204 && kind && pathId !== undefined) this.ids[kind] = this.ids[kind].filter((id) => id !== pathId)
    const affectsUsers = ['updateUser', 'deleteUser', 'adminSetRoles', 'logout', 'logoutDelete', 'logoutAll', 'refreshTokens'].includes(op.operationId)
    if (affectsUsers && (status < 400 || op.operationId === 'refreshTokens')) {
      const suspects = new Set(touched)
      if (actor) suspects.add(actor)
      for (const [, user] of this.allUsers()) if (kind === 'users' && user.id === pathId) suspects.add(user)
      if (op.operationId === 'refreshTokens' && status === 200 && suspects.size === 1) {
        // The pair was rotated: keep the successor, the used refresh token is spent.
        const body = safeJson(response.body) as { access_token?: string; refresh_token?: string } | undefined
        const [user] = suspects
        if (body?.access_token && body.refresh_token && decodeClaims(body.access_token).sub === String(user!.id)) {
          user!.access = body.access_token
          user!.refresh = body.refresh_token
          user!.auth = { authorization: `Bearer ${body.access_token}` }
        }
      }
      for (const user of suspects) await this.ensureUsable(user)
    }
    if (this.ids.books.length < 4) await this.createBook(3)
    if (this.ids.posts.length < 4) await this.createPost(this.users.get('member')![0]!, true)
  }

  /** Replaces `user` by a new user of the same role unless its access token still works with exactly that role. */
  private async ensureUsable(user: TestUser): Promise<void> {
    const entry = this.allUsers().find(([, u]) => u === user)
    if (!entry) return
    const [role] = entry
    const me = await this.t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${user.access}` } })
    const roles = (safeJson(me.body) as { roles?: string[] } | undefined)?.roles
    if (me.statusCode === 200 && roles?.length === 1 && roles[0] === role) return
    const list = this.users.get(role)!
    // Cases run concurrently: another one may have replaced this user already.
    if (!list.includes(user)) return
    const fresh = await this.newUser(role)
    const index = list.indexOf(user)
    if (index < 0) return
    list[index] = fresh
    this.replaced++
  }

  private async newUser(role: StaffOrMember): Promise<TestUser> {
    const user = await this.t.makeUser(role)
    this.ids.users.push(user.id)
    return user
  }

  /** A working librarian (or admin) for the fixture writes. */
  private staff(): TestUser {
    return this.users.get('librarian')![0]!
  }

  private async createBook(copies: number): Promise<void> {
    const staff = this.staff()
    await this.ensureUsable(staff)
    const response = await this.t.inject({ method: 'POST', url: '/api/v1/books', headers: this.staff().auth, payload: { title: `Fuzz book ${this.ids.books.length}`, author: 'Fixture Author', copies_total: copies, publication_year: 1990, language: 'en', genres: ['fixture'] } })
    if (response.statusCode !== 201) throw new Error(`fixture book: ${response.statusCode} ${response.body}`)
    this.ids.books.push(response.json().id)
  }

  private async createPost(author: TestUser, published: boolean): Promise<void> {
    await this.ensureUsable(author)
    const response = await this.t.inject({ method: 'POST', url: '/api/v1/posts', headers: author.auth, payload: { title: `Fixture post ${this.ids.posts.length}`, content: 'Fixture content', published } })
    if (response.statusCode !== 201) throw new Error(`fixture post: ${response.statusCode} ${response.body}`)
    this.ids.posts.push(response.json().id)
  }

  private async createLoan(user: TestUser): Promise<void> {
    const bookId = this.ids.books[(this.ids.loans.length % (this.ids.books.length - 1)) + 1]!
    const response = await this.t.inject({ method: 'POST', url: '/api/v1/loans', headers: user.auth, payload: { book_id: bookId } })
    if (response.statusCode !== 201) throw new Error(`fixture loan: ${response.statusCode} ${response.body}`)
    this.ids.loans.push(response.json().id)
  }

  /** Tokens signed with the app's secret whose claims are each wrong in one way. */
  private signTokens(): void {
    const secret = this.t.app.config.jwt.secret
    const access = decodeClaims(this.users.get('admin')![0]!.access)
    const refresh = decodeClaims(this.users.get('member')![0]!.refresh)
    this.signedAccess = HOSTILE_CLAIMS.map(([name, value]) => signRaw({ ...access, [name]: value }, secret))
    this.signedRefresh = HOSTILE_CLAIMS.map(([name, value]) => signRaw({ ...refresh, [name]: value }, secret))
  }

  /** Real cursors of the v2 list and search, and signed cursors with hostile payload members. */
  private async collectCursors(): Promise<void> {
    const codec = new CursorCodec(this.t.app.config.jwt.secret)
    const real: string[] = []
    for (const url of ['/api/v2/books?limit=1', '/api/v2/books?limit=1&sort=title&dir=desc', '/api/v2/books/search?q=Fuzz&limit=1']) {
      const response = await this.t.inject({ method: 'GET', url })
      const cursor = (safeJson(response.body) as { next_cursor?: string } | undefined)?.next_cursor
      if (response.statusCode !== 200 || !cursor) throw new Error(`fixture cursor ${url}: ${response.statusCode} ${response.body.slice(0, 300)}`)
      real.push(cursor)
    }
    const hostile: string[] = []
    for (const cursor of real) {
      const payload = codec.decode(cursor, Type.Unknown())
      hostile.push(codec.encode([]), codec.encode(null), codec.encode('x'), codec.encode(1))
      if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
        for (const key of Object.keys(payload)) for (const value of HOSTILE_CURSOR_VALUES) hostile.push(codec.encode({ ...payload, [key]: value }))
      } else if (Array.isArray(payload)) {
        payload.forEach((_, i) => {
          for (const value of HOSTILE_CURSOR_VALUES) hostile.push(codec.encode(payload.map((v, j) => (i === j ? value : v))))
        })
      }
    }
    this.cursors = [...real, ...real, ...hostile]
  }
}

/** The pool a path belongs to (`/api/v1/books/{id}` → books). */
function resourceOf(path: string): IdKind | undefined {
  if (path.startsWith('/api/v1/auth/register') || path.startsWith('/api/v1/admin/users') || path.startsWith('/api/v1/users/{id}') && !path.endsWith('/loans') && !path.endsWith('/posts')) return 'users'
  if (/^\/api\/(v\d\/)?books(\/\{id\})?$/.test(path)) return 'books'
  if (/^\/api\/v1\/posts(\/\{id\})?$/.test(path)) return 'posts'
  if (/^\/api\/v1\/loans(\/\{id\}.*)?$/.test(path)) return 'loans'
  return undefined
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
