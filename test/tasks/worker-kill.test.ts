import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { buildTestApp, TEST_REDIS } from '../helper.ts'
import { countBooksBy, generatedCatalog, spawnWorker, uploadCatalog, WallClock, waitForTaskState, workerEnv, type WorkerProcess } from './worker-helpers.ts'
import { waitForTask } from './task-helpers.ts'

// A real `library-api worker` process dies (SIGKILL) in the middle of a long books_import. On
// the distributed pass the processes share the test's Redis prefix and BullMQ's stalled check
// gives the job back; on the embedded one the second worker takes the expired lease.

const children: WorkerProcess[] = []
after(() => {
  for (const worker of children) if (worker.child.exitCode === null) worker.child.kill('SIGKILL')
})

test(`a worker killed mid-import: another takes the task over; completed once, attempts ≥ 2, every book once (${TEST_REDIS ? 'BullMQ' : 'embedded'})`, { timeout: 90_000 }, async () => {
  // This app only serves the API: the worker processes run the task.
  const ctx = await buildTestApp({ TASK_WORKERS: 'false' }, { clock: new WallClock() })
  try {
    const librarian = await ctx.makeUser('librarian')
    const author = 'Killed Worker Author'
    const id = await uploadCatalog(ctx, librarian, generatedCatalog(20_000, author))
    // A lease short enough for the test, long enough for a busy event loop to keep it.
    const env = await workerEnv(ctx, { TASK_LEASE: '3000' })

    const first = spawnWorker(env)
    children.push(first)
    await first.ready
    await waitForTaskState(ctx, librarian, id, (t) => t.status === 'running' && t.progress.done > 0, 'made progress')
    first.child.kill('SIGKILL')
    assert.equal(await first.exited, null, 'killed, not exited')
    const orphan = (await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}`, headers: librarian.auth })).json()
    assert.equal(orphan.status, 'running', 'nobody recorded anything for the dead process')
    assert.equal(orphan.attempts, 1)
    assert.deepEqual(await countBooksBy(ctx, author), { books: 0, isbns: 0 }, 'killed before the import committed')

    const second = spawnWorker(env)
    children.push(second)
    await second.ready
    const done = await waitForTask(ctx, librarian, id, ['completed', 'failed', 'cancelled'], 60_000)
    assert.equal(done.status, 'completed', JSON.stringify({ task: done, output: second.output().slice(-2000) }))
    assert.ok(done.attempts >= 2, `attempts ${done.attempts}`)
    assert.equal(done.result.imported, 20_000, JSON.stringify(done.result))
    assert.deepEqual(await countBooksBy(ctx, author), { books: 20_000, isbns: 20_000 })
    const listed = await ctx.inject({ method: 'GET', url: `/api/v1/books?author=${encodeURIComponent(author)}&per_page=1` })
    assert.equal(listed.json().total, 20_000)

    second.child.kill('SIGTERM')
    assert.equal(await second.exited, 0, second.output().slice(-2000))
  } finally {
    await ctx.close()
  }
})
