import { Type } from 'typebox'
import { AUDIT_EVENTS, type AuditEventName } from '../../shared/audit.ts'
import { OffsetPage, OffsetPageQuery, ref, Timestamp } from '../../shared/schemas.ts'

/** The event names, as an OpenAPI enum. */
export const AuditEventNameSchema = Type.Unsafe<AuditEventName>({ type: 'string', enum: [...AUDIT_EVENTS], description: 'the kind of security event' })

/** One audit-log row as `GET /api/v1/admin/audit-log` serves it (its chain hashes stay inside). */
export const AuditEntrySchema = Type.Object(
  {
    id: Type.Integer({ description: 'position in the hash chain (contiguous, ascending with time)' }),
    at: Timestamp,
    event: AuditEventNameSchema,
    user_id: Type.Union([Type.Integer(), Type.Null()], { description: 'the user the event is about' }),
    actor_id: Type.Union([Type.Integer(), Type.Null()], { description: 'who caused it (the authenticated caller; for a login, the user logging in); null when anonymous' }),
    ip: Type.Union([Type.String(), Type.Null()], { description: 'client address (X-Forwarded-For honoured only from TRUST_PROXY)' }),
    request_id: Type.Union([Type.String(), Type.Null()], { description: 'the X-Request-ID of the request that caused it; null for scheduled work' }),
    details: Type.Record(Type.String(), Type.Unknown(), { description: 'event-specific facts (a failed login\'s reason, old and new roles, a book\'s title…); never a password, token or hash' }),
  },
  {
    $id: 'AuditEntry',
    additionalProperties: false,
    examples: [{ id: 42, at: '2026-12-05T10:00:00.000Z', event: 'login_failed', user_id: 7, actor_id: null, ip: '203.0.113.9', request_id: '5f0c1a8e-6c4e-4d7b-9a43-1d2f3e4a5b6c', details: { reason: 'wrong_password' } }],
  },
)

/** Query of the audit-log listing: offset pagination and filters. */
export const ListAuditLogQuery = Type.Object(
  {
    ...OffsetPageQuery,
    event: Type.Optional(AuditEventNameSchema),
    user_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'events about this user' })),
    since: Type.Optional(Type.String({ format: 'date-time', maxLength: 64, description: 'events at or after this RFC 3339 time' })),
    until: Type.Optional(Type.String({ format: 'date-time', maxLength: 64, description: 'events at or before this RFC 3339 time' })),
  },
  { additionalProperties: false },
)

export const AuditLogPage = OffsetPage(ref(AuditEntrySchema))
