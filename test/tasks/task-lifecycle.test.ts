import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { assertProblem, buildTestApp, type TestContext, type TestUser } from '../helper.ts'
import { createTask, waitForTask } from './task-helpers.ts'

describe('tasks: cancel, idempotency, result expiry (no workers in this process)', () => {
  let ctx: TestContext
  let librarian: TestUser
  before(async () => {
    ctx = await buildTestApp({ TASK_WORKERS: 'false' })
    librarian = await ctx.makeUser('librarian')
  })
  after(() => ctx.close())

  test('a queued task is cancelled once; then 409 for cancel and result', async () => {
    const id = await createTask(ctx, librarian, 'overdue_scan')
    const cancelled = await ctx.inject({ method: 'DELETE', url: `/api/v1/tasks/${id}`, headers: librarian.auth })
    assert.equal(cancelled.statusCode, 200, cancelled.body)
    assert.equal(cancelled.json().status, 'cancelled')
    assert.equal(cancelled.json().finished_at, ctx.clock.now().toISOString())
    const read = (await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}`, headers: librarian.auth })).json()
    assert.equal(read.status, 'cancelled')
    assertProblem(await ctx.inject({ method: 'DELETE', url: `/api/v1/tasks/${id}`, headers: librarian.auth }), 409, 'conflict')
    assertProblem(await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}/result`, headers: librarian.auth }), 409, 'conflict')
    assertProblem(await ctx.inject({ method: 'DELETE', url: '/api/v1/tasks/987654', headers: librarian.auth }), 404, 'not_found')
  })

  test('the result of a queued task is 409', async () => {
    const id = await createTask(ctx, librarian, 'token_cleanup')
    const problem = assertProblem(await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}/result`, headers: librarian.auth }), 409, 'conflict')
    assert.match(problem.detail ?? '', /queued/)
  })

  test('Idempotency-Key: a repeat answers the same task, another body with the key is 422, one task is made', async () => {
    const headers = { ...librarian.auth, 'idempotency-key': 'export-once-1' }
    const before = (await ctx.inject({ method: 'GET', url: '/api/v1/tasks?type=catalog_export', headers: librarian.auth })).json().total
    const first = await ctx.inject({ method: 'POST', url: '/api/v1/tasks', headers, payload: { type: 'catalog_export', params: { language: 'en' } } })
    assert.equal(first.statusCode, 202, first.body)
    const repeat = await ctx.inject({ method: 'POST', url: '/api/v1/tasks', headers, payload: { params: { language: 'en' }, type: 'catalog_export' } })
    assert.equal(repeat.statusCode, 202)
    assert.equal(repeat.headers['idempotent-replayed'], 'true')
    assert.deepEqual(repeat.json(), first.json())
    assert.equal(repeat.headers.location, first.headers.location)
    assertProblem(await ctx.inject({ method: 'POST', url: '/api/v1/tasks', headers, payload: { type: 'catalog_export', params: { language: 'fr' } } }), 422, 'idempotency_key_mismatch')
    const after = (await ctx.inject({ method: 'GET', url: '/api/v1/tasks?type=catalog_export', headers: librarian.auth })).json().total
    assert.equal(after, before + 1)
  })
})

describe('tasks: retries with backoff, and the last attempt fails', () => {
  let ctx: TestContext
  let librarian: TestUser
  before(async () => {
    ctx = await buildTestApp({ TASK_MAX_ATTEMPTS: '3', TASK_BACKOFF: '300' })
    librarian = await ctx.makeUser('librarian')
  })
  after(() => ctx.close())

  /** Moves the test clock on (the embedded backoff runs on it) and waits a little real time (BullMQ's runs on that). */
  async function waitWhileAdvancing(id: number, done: (task: { status: string; attempts: number; error: string | null }) => boolean) {
    const deadline = Date.now() + 20_000
    for (;;) {
      const task = (await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}`, headers: librarian.auth })).json()
      if (done(task)) return task
      if (Date.now() > deadline) assert.fail(`task ${id} stuck: ${JSON.stringify(task)}`)
      ctx.clock.advance(100)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  test('a failing attempt is retried, a later one succeeds; error cleared', async () => {
    await sql`alter table loans rename to loans_away`.execute(ctx.app.db)
    const id = await createTask(ctx, librarian, 'overdue_scan')
    const failedOnce = await waitWhileAdvancing(id, (t) => t.error !== null)
    assert.notEqual(failedOnce.status, 'completed')
    await sql`alter table loans_away rename to loans`.execute(ctx.app.db)
    const task = await waitWhileAdvancing(id, (t) => t.status === 'completed' || t.status === 'failed')
    assert.equal(task.status, 'completed', JSON.stringify(task))
    assert.ok(task.attempts >= 2 && task.attempts <= 3, `attempts ${task.attempts}`)
    assert.equal(task.error, null)
  })

  test('after TASK_MAX_ATTEMPTS failures the task is failed with the reason', async () => {
    await sql`alter table loans rename to loans_away`.execute(ctx.app.db)
    try {
      const id = await createTask(ctx, librarian, 'overdue_scan')
      const task = await waitWhileAdvancing(id, (t) => t.status === 'failed' || t.status === 'completed')
      assert.equal(task.status, 'failed')
      assert.equal(task.attempts, 3)
      assert.match(String(task.error), /loans/)
      assert.ok(task.finished_at)
    } finally {
      await sql`alter table loans_away rename to loans`.execute(ctx.app.db)
    }
  })
})

describe('tasks: results expire after TASK_RESULT_TTL', () => {
  let ctx: TestContext
  let librarian: TestUser
  before(async () => {
    ctx = await buildTestApp({ TASK_RESULT_TTL: '60' })
    librarian = await ctx.makeUser('librarian')
  })
  after(() => ctx.close())

  test('downloadable until the TTL, 404 after; the record stays', async () => {
    const id = await createTask(ctx, librarian, 'token_cleanup')
    await waitForTask(ctx, librarian, id)
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}/result`, headers: librarian.auth })).statusCode, 200)
    ctx.clock.advance(61_000)
    const problem = assertProblem(await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}/result`, headers: librarian.auth }), 404, 'not_found')
    assert.match(problem.detail ?? '', /expired/)
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}`, headers: librarian.auth })).json().status, 'completed')
  })
})

describe('token_cleanup deletes what expired', () => {
  let ctx: TestContext
  before(async () => {
    ctx = await buildTestApp({ TASK_RESULT_TTL: '3600' })
  })
  after(() => ctx.close())

  test('expired sessions and refresh tokens, old idempotency keys, expired export results; live ones stay', async () => {
    const old = await ctx.makeUser('librarian')
    await ctx.makeBook({ title: 'Kept Book' })
    const exportId = await createTask(ctx, old, 'catalog_export')
    assert.equal((await waitForTask(ctx, old, exportId)).status, 'completed')
    const keyed = await ctx.inject({ method: 'POST', url: '/api/v1/tasks', headers: { ...old.auth, 'idempotency-key': 'old-key' }, payload: { type: 'overdue_scan' } })
    assert.equal(keyed.statusCode, 202)
    await waitForTask(ctx, old, keyed.json().task_id)
    // 31 days on: the first login's session and refresh token (30 days) expired, so did the key (24 h) and the export (1 h).
    ctx.clock.advance(31 * 86_400_000)
    const fresh = await ctx.makeUser('admin')
    const task = await waitForTask(ctx, fresh, await createTask(ctx, fresh, 'token_cleanup'))
    assert.equal(task.status, 'completed')
    assert.ok(task.result.sessions >= 2, JSON.stringify(task.result))
    assert.ok(task.result.refresh_tokens >= 2, JSON.stringify(task.result))
    assert.equal(task.result.idempotency_keys, 1)
    assert.equal(task.result.task_result_chunks, 1)
    // The fresh session survives: its token still works; the old refresh token is gone.
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/auth/me', headers: fresh.auth })).statusCode, 200)
    const refresh = await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { authorization: `Bearer ${old.refresh}` } })
    assert.equal(refresh.statusCode, 401)
    const again = await waitForTask(ctx, fresh, await createTask(ctx, fresh, 'token_cleanup'))
    assert.deepEqual(again.result, { sessions: 0, refresh_tokens: 0, idempotency_keys: 0, task_result_chunks: 0, audit_rows: 0 })
  })
})
