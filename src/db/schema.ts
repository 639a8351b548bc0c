import type { ColumnType, Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely'

/**
 * Table types, one interface per table (Kysely's convention). Timestamps are RFC 3339 UTC
 * strings (`2026-11-21T10:00:00.000Z`) on both dialects so that one set of queries compares and
 * sorts them the same way; booleans are written as 0/1 and read back with `Boolean()` (SQLite
 * has no boolean type; PostgreSQL `boolean` accepts `'1'`/`'0'`).
 * @see https://kysely.dev/docs/getting-started#types
 */
export interface UsersTable {
  id: Generated<number>
  username: string
  email: string
  password_hash: string
  /** JSON array of role names */
  roles: string
  is_active: ColumnType<number | boolean, number, number>
  created_at: string
  updated_at: string
}

export interface SessionsTable {
  /** the refresh-token family id (`sid` claim) */
  id: string
  user_id: number
  created_at: string
  expires_at: string
  revoked_at: string | null
}

export interface RefreshTokensTable {
  jti: string
  session_id: string
  user_id: number
  /** the access token issued together with this refresh token */
  access_jti: string
  /** seconds since the epoch (`iat` of both tokens of the pair) */
  issued_at: number
  expires_at: string
  used_at: string | null
  replaced_by: string | null
}

export interface BooksTable {
  id: Generated<number>
  title: string
  author: string
  isbn: string | null
  publication_year: number | null
  publisher: string | null
  language: string | null
  summary: string | null
  /** JSON array of genre names */
  genres: string
  copies_total: number
  copies_available: number
  created_at: string
  updated_at: string
}

/**
 * SQLite only (migration 002): the FTS5 external-content index of `books` — title, author and
 * summary — kept in step by triggers; `rowid` is `books.id`. PostgreSQL has the generated
 * `books.search_vector` column instead, left out of {@link BooksTable} because it exists on one
 * dialect only: `selectAll()` still returns it there at run time (v1's `toBook` ignores it); the
 * v2 repository names its columns.
 * @see https://www.sqlite.org/fts5.html#external_content_tables
 */
export interface BooksFtsTable {
  rowid: number
  title: string
  author: string
  summary: string | null
  /** the hidden column named after the table: the left side of `MATCH` */
  books_fts: string
}

export interface LoansTable {
  id: Generated<number>
  book_id: number
  user_id: number
  borrowed_at: string
  due_at: string
  returned_at: string | null
  renewals: number
  /** when `overdue_scan` first saw the loan past its due date (migration 004); null before */
  marked_overdue_at: Generated<string | null>
}

export interface IdempotencyKeysTable {
  user_id: number
  /** the operation the key belongs to (the route's operationId); keys are per user and per scope */
  scope: Generated<string>
  key: string
  /** SHA-256 of method, path and body */
  request_hash: string
  /** null while the first request is in flight */
  response_status: number | null
  response_body: string | null
  created_at: string
}

export interface PostsTable {
  id: Generated<number>
  author_id: number
  title: string
  content: string
  published: ColumnType<number | boolean, number, number>
  created_at: string
  updated_at: string
}

/**
 * A background task (migration 004, api-contract §7): the record the API shows, and in the
 * embedded mode the queue entry the database worker claims. JSON columns hold text.
 */
export interface TasksTable {
  id: Generated<number>
  type: string
  /** queued | running | completed | failed | cancelled */
  status: string
  /** JSON object */
  params: string
  /** JSON value, null until completed */
  result: string | null
  error: string | null
  progress_done: Generated<number>
  progress_total: number | null
  attempts: Generated<number>
  max_attempts: number
  created_by: number | null
  /** `<type>@<tick>` for a scheduled run: unique, so one tick makes one task across instances */
  schedule_key: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
  /** the earliest start of the next attempt (backoff after a failure) */
  run_after: string
  /** the worker holding the task while it runs, and until when (it renews the lease) */
  lease_owner: string | null
  lease_expires_at: string | null
  /** distributed mode: when the task was handed to BullMQ (null → the outbox relay hands it) */
  dispatched_at: string | null
  result_media_type: string | null
  result_filename: string | null
  result_bytes: number | null
  result_expires_at: string | null
}

/** The bytes of a task, in chunks: `input` (an uploaded CSV) or `result` (an export). */
export interface TaskBlobsTable {
  task_id: number
  kind: 'input' | 'result'
  seq: number
  data: Buffer
}

/**
 * The append-only audit log (migration 005). `id` is assigned by the appender from
 * {@link AuditChainTable} (contiguous, chain order); `details` is a JSON object as text;
 * `hash` = SHA-256 hex of `prev_hash` followed by the canonical row.
 */
export interface AuditLogTable {
  id: number
  at: string
  event: string
  user_id: number | null
  actor_id: number | null
  ip: string | null
  request_id: string | null
  details: string
  prev_hash: string
  hash: string
}

/** The audit chain's one row (`id` 1): its head, whose lock serialises appends, and the retention anchor. */
export interface AuditChainTable {
  id: number
  last_id: number
  last_hash: string
  /** the last row removed by retention (0 and the genesis hash when none) */
  anchor_id: number
  anchor_hash: string
}

/** The whole database, as Kysely sees it. */
export interface Database {
  users: UsersTable
  sessions: SessionsTable
  refresh_tokens: RefreshTokensTable
  books: BooksTable
  /** SQLite only; see {@link BooksFtsTable} */
  books_fts: BooksFtsTable
  loans: LoansTable
  idempotency_keys: IdempotencyKeysTable
  posts: PostsTable
  tasks: TasksTable
  task_blobs: TaskBlobsTable
  audit_log: AuditLogTable
  audit_chain: AuditChainTable
}

/** The Kysely handle every repository takes (a transaction is one too). */
export type Db = Kysely<Database>

export type UserRow = Selectable<UsersTable>
export type NewUserRow = Insertable<UsersTable>
export type BookRow = Selectable<BooksTable>
export type NewBookRow = Insertable<BooksTable>
export type BookUpdate = Updateable<BooksTable>
export type LoanRow = Selectable<LoansTable>
export type PostRow = Selectable<PostsTable>
export type TaskRow = Selectable<TasksTable>
export type AuditLogRow = Selectable<AuditLogTable>
