import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, TEST_REDIS, TestClock, type TestContext } from '../helper.ts'
import { backendEnv } from '../cache/cache-helpers.ts'
import { deleteKeys, requireRedis } from './redis-helpers.ts'
import { createTask, waitForTask } from './task-helpers.ts'
import { WallClock } from './worker-helpers.ts'

// Two instances of the app on one database — and, on the distributed pass, one Redis prefix, so
// one BullMQ queue: in the embedded pass both run the database worker.

/** Two apps on one database (the second uses the first's) and one Redis prefix. */
async function twoInstances(name: string, extra: Record<string, string> = {}, clock: TestClock = new TestClock()): Promise<[TestContext, TestContext, () => Promise<void>]> {
  const env = { ...backendEnv(name), ...extra }
  const a = await buildTestApp(env, { clock })
  const b = await buildTestApp(env, { clock, database: a.database })
  return [a, b, async () => {
    await b.close()
    await a.close()
    if (env.REDIS_KEY_PREFIX) await deleteKeys(env.REDIS_KEY_PREFIX)
  }]
}

describe(`two instances on one database (${TEST_REDIS ? 'BullMQ on one Redis' : 'embedded workers'})`, () => {
  const cleanups: (() => Promise<void>)[] = []
  before(async () => {
    if (TEST_REDIS) await requireRedis()
  })
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
  })

  test('a task created on one runs once and reads the same from both', { timeout: 30_000 }, async () => {
    const [a, b, close] = await twoInstances('two')
    cleanups.push(close)
    assert.equal(a.app.tasks.kind, TEST_REDIS ? 'bullmq' : 'embedded')
    const librarian = await a.makeUser('librarian')
    const ids = []
    for (let i = 0; i < 6; i++) ids.push(await createTask(i % 2 ? b : a, librarian, i % 3 ? 'token_cleanup' : 'overdue_scan'))
    for (const id of ids) {
      const done = await waitForTask(b, librarian, id)
      assert.equal(done.status, 'completed', JSON.stringify(done))
      assert.equal(done.attempts, 1, 'run once')
      const fromA = await a.inject({ method: 'GET', url: `/api/v1/tasks/${id}`, headers: librarian.auth })
      const fromB = await b.inject({ method: 'GET', url: `/api/v1/tasks/${id}`, headers: librarian.auth })
      assert.equal(fromA.statusCode, 200)
      assert.deepEqual(fromA.json(), fromB.json())
    }
  })

  test('a schedule of every second: each tick makes exactly one task, whichever instance sees it', { timeout: 30_000 }, async () => {
    const from = Date.now()
    const [a, b, close] = await twoInstances('ticks', { TASK_SCHEDULE_OVERDUE_SCAN: '* * * * * *' }, new WallClock())
    cleanups.push(close)
    await sleep(3_300)
    await Promise.all([a.app.tasks.pause(), b.app.tasks.pause()])
    const until = Date.now()
    // Let a tick caught in flight finish.
    await sleep(300)
    const admin = await a.makeUser('admin')
    const listed = await a.inject({ method: 'GET', url: '/api/v1/tasks?type=overdue_scan&per_page=100', headers: admin.auth })
    assert.equal(listed.statusCode, 200)
    const tasks = listed.json().items as { id: number; created_by: number | null }[]
    assert.ok(tasks.every((t) => t.created_by === null), 'made by the schedule')
    const rows = await a.app.db.selectFrom('tasks').select(['id', 'schedule_key']).where('type', '=', 'overdue_scan').orderBy('schedule_key').execute()
    assert.deepEqual(rows.map((r) => r.id).sort(), tasks.map((t) => t.id).sort())
    const ticks = rows.map((r) => Date.parse(String(r.schedule_key).replace(/^overdue_scan@/, '')))
    assert.ok(ticks.length >= 2, `ticks in 3.3 s: ${rows.map((r) => r.schedule_key).join(', ')}`)
    assert.ok(ticks.every((tick) => tick > from - 1000 && tick <= until), 'ticks of the time the instances ran')
    assert.equal(new Set(ticks).size, ticks.length, 'one task per tick')
    const steps = ticks.slice(1).map((tick, i) => tick - ticks[i]!)
    const seen = rows.map((r) => r.schedule_key).join(', ')
    // The embedded worker catches up on the ticks it saw late (up to three). BullMQ makes a
    // scheduler's next job only when the last one starts, so a tick its workers reach late is
    // skipped (never doubled): ticks are whole seconds apart there, not always one.
    if (TEST_REDIS) assert.ok(steps.every((step) => step > 0 && step % 1000 === 0), `whole-second ticks: ${seen}`)
    else assert.ok(steps.every((step) => step === 1000), `consecutive ticks: ${seen}`)
  })
})
