// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { MemoryResponseStore } from '../../src/infra/cache/memory-store.ts'
import { ResponseCache } from '../../src/infra/cache/response-cache.ts'

const entry = { status: 200, headers: { etag: '"x"' }, body: '{"ok":true}' }

// The cache's timers are unref'd (they must not keep a closing server alive); a server's socket
// keeps the event loop going, here this interval does.
let keepAlive: NodeJS.Timeout
before(() => void (keepAlive = setInterval(() => {}, 1000)))
after(() => clearInterval(keepAlive))

test('waiters stop waiting for a leader that does not answer in time, and compute themselves', async () => {
  const cache = new ResponseCache(new MemoryResponseStore(10), { leaderTimeoutMs: 40 })
  const lead = await cache.lookup('k')
  assert.equal(lead.outcome, 'lead')
  const started = Date.now()
  const waiter = await cache.lookup('k')
  assert.equal(waiter.outcome, 'compute', 'after the timeout the waiter computes its own answer')
  assert.ok(Date.now() - started >= 35, 'it did wait for the leader first')
  // The stuck flight left the table: the next request leads a new one instead of waiting again.
  const next = await cache.lookup('k')
  assert.equal(next.outcome, 'lead')
  if (next.outcome === 'lead') assert.equal(await cache.complete(next.flight, entry, 60, ['r']), true)
  const hit = await cache.lookup('k')
  assert.equal(hit.outcome, 'hit')
  // The late first leader still hands its answer over without error.
  if (lead.outcome === 'lead') await cache.complete(lead.flight, entry, 60, ['r'])
})

test('a waiter gets the leader\'s answer when it comes in time', async () => {
  const cache = new ResponseCache(new MemoryResponseStore(10), { leaderTimeoutMs: 5_000 })
  const lead = await cache.lookup('k')
  assert.equal(lead.outcome, 'lead')
  const waiting = cache.lookup('k')
  if (lead.outcome === 'lead') await cache.complete(lead.flight, entry, 60, ['r'])
  const joined = await waiting
  assert.equal(joined.outcome, 'hit')
  if (joined.outcome === 'hit') assert.equal(joined.entry.body, entry.body)
})
