import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildTestApp, TEST_DB } from '../helper.ts'
import { createTask, waitForTask } from './task-helpers.ts'

test(`on ${TEST_DB}: a task whose every attempt was started by a process that died is failed at its next claim, not run again; one with an attempt left runs`, async (t) => {
  // No worker at first: the rows are set as dead processes leave them before anything claims them.
  const ctx = await buildTestApp({ TASK_WORKERS: 'false', TASK_MAX_ATTEMPTS: '2' })
  t.after(() => ctx.close())
  const librarian = await ctx.makeUser('librarian')
  const exhausted = await createTask(ctx, librarian, 'overdue_scan')
  const oneLeft = await createTask(ctx, librarian, 'overdue_scan')
  // Running under a lease that expired an hour ago (the test clock reads 10:00).
  const died = { status: 'running' as const, lease_owner: 'dead-host:1:abcd', lease_expires_at: '2026-11-21T09:00:00.000Z', started_at: '2026-11-21T08:00:00.000Z' }
  await ctx.app.db.updateTable('tasks').set({ ...died, attempts: 2 }).where('id', '=', exhausted).execute()
  await ctx.app.db.updateTable('tasks').set({ ...died, attempts: 1 }).where('id', '=', oneLeft).execute()
  await ctx.app.tasks.start()

  const failed = await waitForTask(ctx, librarian, exhausted, ['completed', 'failed'])
  assert.equal(failed.status, 'failed', JSON.stringify(failed))
  assert.equal(failed.attempts, 2, 'the claim that found no attempt left is not counted as one')
  assert.match(failed.error, /started 2 times .* no attempt is left/)
  assert.equal(failed.result, null)

  const ran = await waitForTask(ctx, librarian, oneLeft, ['completed', 'failed'])
  assert.equal(ran.status, 'completed', JSON.stringify(ran))
  assert.equal(ran.attempts, 2)
})
