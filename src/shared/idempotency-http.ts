import type { FastifyReply, FastifyRequest } from 'fastify'
import { type TSchema, Type } from 'typebox'
import { type IdempotencyClaim, type IdempotentOutcome, requestHash } from './idempotency.ts'

/**
 * The `Idempotency-Key` request header of a create that opts in: 1–255 printable ASCII
 * characters (else 422 naming the header).
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({
    minLength: 1,
    maxLength: 255,
    pattern: '^[\\x20-\\x7E]*$',
    description:
      'Optional; 1–255 printable ASCII characters (else 422), unique per request of this user and operation (a UUID is a good choice; ' +
      'the same key sent to two different operations names two requests). Kept 24 h. A repeat with the same key and body answers the ' +
      'stored response (status, body, `Location`, `ETag`) with `Idempotent-Replayed: true`; the same key with another body → 422 ' +
      '`idempotency_key_mismatch`; a repeat while the first is in flight → 409 `idempotency_in_flight` with `Retry-After`. ' +
      'Stored outcomes: the 201 and every 4xx problem decided from the data (403, 404, 409) — a repeat replays them (send a new key to try again); ' +
      'a 422 `validation_error` and an unexpected (5xx) failure store nothing, so a retry with the same key runs again.',
    examples: ['4f7c2a9e-0c1b-4bfa-9a57-2d1e8f3c6b10'],
  })),
})

/** The response headers of a 201 that may be a replay (OpenAPI response `headers`, read by @fastify/swagger). */
const REPLAY_HEADERS = {
  Location: { type: 'string', description: 'the created resource' },
  ETag: { type: 'string', description: 'the ETag of the created resource' },
}

/**
 * A 201 response schema (usually a `ref()`) that also declares the headers of an idempotent
 * create: `Location` and `ETag` (`Idempotent-Replayed` comes from the document transform,
 * src/plugins/openapi-transform.ts, on every answer of an operation taking `Idempotency-Key`).
 */
export function idempotentCreated<T extends TSchema>(schema: T): T {
  return { ...schema, headers: REPLAY_HEADERS } as T
}

/**
 * The claim of a request that sent `Idempotency-Key`, or undefined. Keys are per user and per
 * operation: the scope is the route's own `operationId` (`createBook`, `borrowBook`…), and the
 * key is bound to the route's path pattern (`/api/v1/books`) and the validated body — or, for a
 * body that is not JSON (an uploaded file), to what `body` says of it (its SHA-256).
 * @throws TypeError when the route declares no operationId (a programming error, caught by the tests)
 */
export function idempotencyClaimOf(request: FastifyRequest, body: unknown = request.body): IdempotencyClaim | undefined {
  const key = request.headers['idempotency-key']
  if (typeof key !== 'string') return undefined
  const scope = (request.routeOptions.schema as { operationId?: unknown } | undefined)?.operationId
  if (typeof scope !== 'string') throw new TypeError(`${request.routeOptions.url}: an idempotent route needs an operationId`)
  return { scope, key, requestHash: requestHash(request.method, request.routeOptions.url ?? request.url, body) }
}

/** Marks a replayed answer with `Idempotent-Replayed: true`. */
export function markReplay(reply: FastifyReply, outcome: IdempotentOutcome<unknown>): FastifyReply {
  if (outcome.replayed) reply.header('idempotent-replayed', 'true')
  return reply
}
