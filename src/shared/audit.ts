import type { Db } from '../db/schema.ts'

/**
 * The security events the audit log records (issue 10). `snake_case`, documented as an enum in
 * the OpenAPI schema of `GET /api/v1/admin/audit-log`.
 */
export const AUDIT_EVENTS = [
  'login_succeeded',
  'login_failed',
  'token_refreshed',
  'refresh_reuse_detected',
  'logout',
  'logout_all',
  'password_changed',
  'roles_changed',
  'user_deactivated',
  'user_deleted',
  'admin_user_created',
  'cache_invalidated',
  'book_deleted',
  'task_created',
  'access_denied',
] as const

/** One of {@link AUDIT_EVENTS}. */
export type AuditEventName = (typeof AUDIT_EVENTS)[number]

/**
 * Who caused an event and through which request: the route builds it from its request
 * (`auditContextOf` in src/plugins/audit.ts); work without a request (CLI, tasks) passes
 * {@link NO_AUDIT_CONTEXT}. `pending` collects the log lines of rows written inside a change's
 * transaction: they are logged once the response shows the change committed.
 */
export interface AuditContext {
  /** the authenticated caller's user id, null when anonymous */
  actorId: number | null
  /** the client address as Fastify computed it (trusted proxies honoured) */
  ip: string | null
  /** the request id (the response's `X-Request-ID`) */
  requestId: string | null
  /** audit rows written in a transaction not yet known to have committed; absent → logged at once */
  pending?: AuditLogLine[]
}

/** The context of work that no request caused. */
export const NO_AUDIT_CONTEXT: AuditContext = Object.freeze({ actorId: null, ip: null, requestId: null })

/** What a service tells the audit log; `details` never holds a password, token or hash. */
export interface AuditEvent {
  event: AuditEventName
  /** the user the event is about (null when none, e.g. a failed login for an unknown name) */
  userId?: number | null
  /** overrides the context's actor (a login's actor is the user who just proved who they are) */
  actorId?: number | null
  /** small JSON object of event-specific facts (reason, roles, book id…) */
  details?: Record<string, unknown>
}

/** A stored audit row as the API and the `audit` logger show it. */
export interface AuditEntry {
  id: number
  /** RFC 3339 UTC */
  at: string
  event: AuditEventName
  user_id: number | null
  actor_id: number | null
  ip: string | null
  request_id: string | null
  details: Record<string, unknown>
}

/** A row waiting to be logged: the entry and its chain hash (hex SHA-256). */
export interface AuditLogLine {
  entry: AuditEntry
  hash: string
}

/**
 * The audit trail services write to (implemented by src/modules/audit/audit.service.ts: the
 * hash-chained one, and the no-op one of `AUDIT_LOG=false`). Appends are serialised across
 * instances, so the hash chain never forks.
 */
export interface AuditTrail {
  /**
   * Appends one row inside the transaction of the change it records (call it last in that
   * transaction: it holds the chain's lock until the commit).
   * @param trx the change's transaction
   * @returns the stored row, or null when the trail is off (`AUDIT_LOG=false`)
   */
  record(trx: Db, context: AuditContext, event: AuditEvent): Promise<AuditEntry | null>
  /**
   * Appends one row in a transaction of its own, for events that write nothing else (a failed
   * login, a denied request, a reuse detected), and logs it after the commit.
   * @returns the stored row, or null when the trail is off (`AUDIT_LOG=false`)
   */
  recordAlone(context: AuditContext, event: AuditEvent): Promise<AuditEntry | null>
  /** Writes the `audit` log lines of `context.pending` (the change committed) and empties it. */
  flush(context: AuditContext): void
}
