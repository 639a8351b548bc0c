/**
 * What the client must know at run time about the operations.
 * Generated from the OpenAPI document the app serves (GET /openapi.json). Do not edit: regenerate
 * with `npm run client:generate` at the repository root (test/client/schema-drift.test.ts fails
 * while this file is stale).
 */

/** POST operations (path templates) that accept `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENT_CREATES: ReadonlySet<string> = new Set([
  '/api/v1/admin/users',
  '/api/v1/books',
  '/api/v1/books/import',
  '/api/v1/loans',
  '/api/v1/posts',
  '/api/v1/tasks',
])
