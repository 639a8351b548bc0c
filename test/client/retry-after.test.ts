// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { retryAfterSeconds } from '../../clients/typescript/src/retry-after.ts'

test('Retry-After: delay-seconds, an HTTP-date (rounded up, never negative), absent or unreadable', () => {
  const now = Date.parse('2026-11-21T10:00:00.000Z')
  assert.equal(retryAfterSeconds('7', now), 7)
  assert.equal(retryAfterSeconds(' 0 ', now), 0)
  assert.equal(retryAfterSeconds('Sat, 21 Nov 2026 10:00:02 GMT', now), 2)
  assert.equal(retryAfterSeconds(new Date(now + 1500).toUTCString(), now - 500), 2)
  assert.equal(retryAfterSeconds('Sat, 21 Nov 2026 09:59:00 GMT', now), 0)
  assert.equal(retryAfterSeconds(null, now), undefined)
  assert.equal(retryAfterSeconds('soon', now), undefined)
  assert.equal(retryAfterSeconds('-3', now), undefined)
})
