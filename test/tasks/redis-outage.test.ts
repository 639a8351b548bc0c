import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, TEST_REDIS_URL, TestClock } from '../helper.ts'
import { freePort, Partition, uniquePrefix } from '../cache/cache-helpers.ts'
import { deleteKeys, keyExists, logLines, requireRedis, testRedisPort } from './redis-helpers.ts'
import { createTask, waitForTask } from './task-helpers.ts'

// The BullMQ backend against Redis outages. These run in both passes of `npm test` (on SQLite,
// then on PostgreSQL), always on Redis: the test's own TEST_REDIS_URL, reached directly or
// through a TCP link the test cuts and heals. No Redis → they fail, they never skip.

// Redis outages must not lock anyone out: /auth answers from memory counters here.
const cleanups: (() => Promise<unknown>)[] = []
const env = (url: string, name: string, extra: Record<string, string> = {}) => {
  const prefix = uniquePrefix(name)
  cleanups.unshift(() => deleteKeys(prefix)) // after the apps closed
  return { REDIS_URL: url, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_REDIS_DOWN_AUTH: 'open', ...extra }
}
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
})

/** Creates a task and checks that the answer came at once (no wait for Redis). */
async function createQuickly(...args: Parameters<typeof createTask>): Promise<number> {
  const started = performance.now()
  const id = await createTask(...args)
  const took = performance.now() - started
  assert.ok(took < 1000, `POST /api/v1/tasks took ${Math.round(took)} ms while Redis was unreachable`)
  return id
}

describe('BullMQ backend: Redis outages', () => {
  before(requireRedis)

  test('Redis unreachable at create: 202 at once, the task stays queued, and runs once Redis answers', { timeout: 45_000 }, async () => {
    const link = new Partition(await freePort(), testRedisPort())
    cleanups.push(() => link.cut())
    const logs = logLines()
    // The app starts with Redis already out of reach.
    const ctx = await buildTestApp(env(link.url, 'outage'), { logStream: logs.stream })
    cleanups.push(() => ctx.close())
    assert.equal(ctx.app.tasks.kind, 'bullmq')
    const librarian = await ctx.makeUser('librarian')

    const first = await createQuickly(ctx, librarian, 'token_cleanup')
    await sleep(600)
    const waiting = (await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${first}`, headers: librarian.auth })).json()
    assert.equal(waiting.status, 'queued')
    assert.equal(waiting.attempts, 0)

    await link.heal()
    const done = await waitForTask(ctx, librarian, first, ['completed', 'failed'], 20_000)
    assert.equal(done.status, 'completed', JSON.stringify(done))
    assert.equal(done.attempts, 1)

    // Redis goes away under a running app: the same again.
    await link.cut()
    const second = await createQuickly(ctx, librarian, 'overdue_scan')
    await sleep(600)
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${second}`, headers: librarian.auth })).json().status, 'queued')
    await link.heal()
    const again = await waitForTask(ctx, librarian, second, ['completed', 'failed'], 20_000)
    assert.equal(again.status, 'completed', JSON.stringify(again))
    assert.equal(again.attempts, 1)

    assert.equal(logs.count(/^task queue: redis unreachable/), 2, `logged once per outage: ${logs.lines.filter((l) => l.startsWith('task queue')).join(' | ')}`)
    assert.equal(logs.count(/^task queue: redis reachable again/), 2)
  })

  test('Redis flushed: the relay hands the queued task over again and it runs', { timeout: 30_000 }, async () => {
    const clock = new TestClock()
    const shared = env(TEST_REDIS_URL, 'flush', { TASK_LEASE: '500' })
    // A web instance: it hands tasks to BullMQ and runs none.
    const web = await buildTestApp({ ...shared, TASK_WORKERS: 'false' }, { clock })
    cleanups.push(() => web.close())
    const librarian = await web.makeUser('librarian')
    const id = await createTask(web, librarian, 'token_cleanup')
    const job = `${shared.REDIS_KEY_PREFIX}bull:tasks:task-${id}`
    // The dispatch follows the commit without holding up the 202: give it a moment on a busy machine.
    let added = await keyExists(job)
    for (let i = 0; i < 50 && !added; i++) {
      await sleep(100)
      added = await keyExists(job)
    }
    assert.ok(added, 'the web instance added the job')

    assert.ok((await deleteKeys(shared.REDIS_KEY_PREFIX)) > 0)
    assert.equal(await keyExists(job), false)

    // A worker instance on the same database and prefix.
    const worker = await buildTestApp({ ...shared }, { clock, database: web.database })
    cleanups.push(() => worker.close())
    await sleep(500)
    assert.equal((await web.inject({ method: 'GET', url: `/api/v1/tasks/${id}`, headers: librarian.auth })).json().status, 'queued', 'its job is gone: nothing runs it yet')

    // Past 2 × TASK_LEASE since the hand-over, the relay adds the job again.
    clock.advance(1_100)
    const done = await waitForTask(web, librarian, id, ['completed', 'failed'], 15_000)
    assert.equal(done.status, 'completed', JSON.stringify(done))
    assert.equal(done.attempts, 1)
  })

  test('closing while Redis is unreachable ends promptly', { timeout: 30_000 }, async () => {
    const ctx = await buildTestApp(env('redis://127.0.0.1:1', 'closing'))
    const librarian = await ctx.makeUser('librarian')
    await createQuickly(ctx, librarian, 'token_cleanup')
    const started = performance.now()
    await ctx.close()
    assert.ok(performance.now() - started < 8_000, `close took ${Math.round(performance.now() - started)} ms`)
  })
})
