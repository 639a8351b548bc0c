import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, type TestContext, type TestUser } from '../helper.ts'
import { waitForTask } from './task-helpers.ts'

/** A goodbooks-form CSV of `rows` distinct books without ISBN (the parse phase of its import takes a while). */
function bigCsv(rows: number): string {
  const lines = ['title,authors']
  for (let i = 1; i <= rows; i++) lines.push(`Generated Title ${i},Generated Author ${i % 997}`)
  return lines.join('\n') + '\n'
}

describe('cancelling a running task', () => {
  let ctx: TestContext
  let librarian: TestUser
  before(async () => {
    // One task at a time: the next task starts only once the cancelled one has really stopped.
    ctx = await buildTestApp({ TASK_CONCURRENCY: '1' })
    librarian = await ctx.makeUser('librarian')
  })
  after(() => ctx.close())

  test('a running import is cancelled: it stops, writes nothing, and stays cancelled', async () => {
    const upload = await ctx.inject({ method: 'POST', url: '/api/v1/books/import', headers: { ...librarian.auth, 'content-type': 'text/csv' }, payload: bigCsv(300_000) })
    assert.equal(upload.statusCode, 202, upload.body)
    const id = upload.json().task_id as number
    const running = await waitForTask(ctx, librarian, id, ['running', 'completed', 'failed'])
    assert.equal(running.status, 'running', 'the import is still parsing when the cancel comes')
    const cancel = await ctx.inject({ method: 'DELETE', url: `/api/v1/tasks/${id}`, headers: librarian.auth })
    assert.equal(cancel.statusCode, 200, cancel.body)
    assert.equal(cancel.json().status, 'cancelled')
    // The worker notices at its next heartbeat (≤ 500 ms) and abandons the import, so the only
    // worker slot frees at once: the next task completes long before the import could have.
    const started = Date.now()
    const next = await ctx.inject({ method: 'POST', url: '/api/v1/tasks', headers: librarian.auth, payload: { type: 'overdue_scan' } })
    assert.equal((await waitForTask(ctx, librarian, next.json().task_id, ['completed'], 2000)).status, 'completed')
    assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`)
    const task = (await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}`, headers: librarian.auth })).json()
    assert.equal(task.status, 'cancelled')
    assert.equal(task.result, null)
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/books?per_page=1' })).json().total, 0)
  })
})
