import type { Selectable } from 'kysely'
import type { Db, IdempotencyKeysTable } from '../db/schema.ts'

/** A stored `Idempotency-Key` row. */
export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>

/** Which key: its owner, its operation (`scope`) and the client's key. */
export interface KeyId {
  userId: number
  scope: string
  key: string
}

function whereKey(db: Db, id: KeyId) {
  return db.selectFrom('idempotency_keys').where('user_id', '=', id.userId).where('scope', '=', id.scope).where('key', '=', id.key)
}

/** The row of a key, whatever its age (the caller applies the 24 h window). */
export function findIdempotencyKey(db: Db, id: KeyId): Promise<IdempotencyKeyRow | undefined> {
  return whereKey(db, id).selectAll().executeTakeFirst()
}

/** Forgets the user's keys of every scope created before `cutoff` (RFC 3339). */
export async function deleteExpiredIdempotencyKeys(db: Db, userId: number, cutoff: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('created_at', '<', cutoff).execute()
}

/**
 * Claims a key: inserts it with `response_status` null (in flight).
 * @param createdAt RFC 3339
 * @throws the driver's unique violation when the key is held already (primary key)
 */
export async function insertIdempotencyKey(db: Db, id: KeyId, requestHash: string, createdAt: string): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ user_id: id.userId, scope: id.scope, key: id.key, request_hash: requestHash, response_status: null, response_body: null, created_at: createdAt })
    .execute()
}

function updateKey(db: Db, id: KeyId) {
  return db.updateTable('idempotency_keys').where('user_id', '=', id.userId).where('scope', '=', id.scope).where('key', '=', id.key)
}

/**
 * Takes over an abandoned in-flight key by compare-and-set on its `created_at`.
 * @returns whether this caller now holds the key
 */
export async function reclaimIdempotencyKey(db: Db, id: KeyId, seenCreatedAt: string, now: string): Promise<boolean> {
  const result = await updateKey(db, id).set({ created_at: now }).where('created_at', '=', seenCreatedAt).where('response_status', 'is', null).executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Stores the outcome (status and JSON body) of the request that holds the key. */
export async function completeIdempotencyKey(db: Db, id: KeyId, status: number, body: string): Promise<void> {
  await updateKey(db, id).set({ response_status: status, response_body: body }).execute()
}

/** Releases a key still in flight, so that a retry runs the request again. */
export async function releaseIdempotencyKey(db: Db, id: KeyId): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('user_id', '=', id.userId).where('scope', '=', id.scope).where('key', '=', id.key).where('response_status', 'is', null).execute()
}

/** Forgets every user's keys created before `cutoff` (RFC 3339); returns how many. */
export async function deleteIdempotencyKeysBefore(db: Db, cutoff: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst()
  return Number(result.numDeletedRows)
}
