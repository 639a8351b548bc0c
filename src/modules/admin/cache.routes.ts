import { Type } from 'typebox'
import { AppError } from '../../errors.ts'
import { REFERENCE_GLOB } from '../../infra/cache/store.ts'
import { auditContextOf } from '../../plugins/audit.ts'
import type { App } from '../../shared/app-types.ts'
import { bearer, problemResponses } from '../../shared/schemas.ts'


/** `POST /api/v1/admin/cache/invalidate` body: a reference name or glob. */
export const InvalidateCacheBody = Type.Object(
  {
    pattern: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: REFERENCE_GLOB.source,
      description:
        'A cache reference, or a glob over reference names where `*` matches any characters. References: `books` — every catalog ' +
        'list and search page (all versions); `book:<id>` — every representation of one book (v1, v2, version-neutral paths). ' +
        'Letters, digits, `_ . : -` and `*` only; anything else → 422.',
      examples: ['books', 'book:42', 'book:*', '*'],
    }),
  },
  { additionalProperties: false },
)

/** `{invalidated: n}`: how many cached responses were dropped. */
export const InvalidateCacheResult = Type.Object(
  { invalidated: Type.Integer({ minimum: 0, description: 'cached responses dropped, on every instance (0 when the cache is off)' }) },
  { additionalProperties: false },
)

/**
 * `POST /api/v1/admin/cache/invalidate` (admin): drops the server-side cached responses whose
 * references match `pattern` — e.g. after an import run by the CLI against a server whose cache
 * lives in its own memory. With Redis the entries are shared, so every instance sees it at once.
 * @see api-contract §3, §9
 */
export default async function adminCacheRoutes(app: App) {
  app.post('/cache/invalidate', {
    schema: {
      tags: ['admin'],
      operationId: 'adminInvalidateCache',
      summary: 'Drop cached responses by reference or reference glob (admin)',
      description:
        'Examples: `{"pattern": "books"}` drops every list and search page; `{"pattern": "book:42"}` every version of book 42; ' +
        '`{"pattern": "book:*"}` every cached book; `{"pattern": "*"}` everything. 503 while the shared cache (Redis) is unreachable — ' +
        'it is then bypassed anyway, and flushed when it is back if a write was missed.',
      security: bearer,
      body: InvalidateCacheBody,
      response: { 200: InvalidateCacheResult, ...problemResponses(400, 401, 403, 413, 415, 422, 503) },
    },
    config: { auth: 'required', permission: 'cache:manage' },
  }, async (request) => {
    const cache = app.responseCache
    let invalidated = 0
    if (cache) {
      if (!cache.available()) throw new AppError('unavailable', 'The shared response cache is unreachable; it is bypassed until it is back')
      try {
        invalidated = await cache.invalidateMatching(request.body.pattern)
      } catch {
        throw new AppError('unavailable', 'The shared response cache is unreachable; it is bypassed until it is back')
      }
    }
    await app.audit.recordAlone(auditContextOf(request), { event: 'cache_invalidated', details: { pattern: request.body.pattern, invalidated } })
    return { invalidated }
  })
}
