import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertProblem, buildTestApp, type TestContext, type TestUser } from '../helper.ts'
import { createTask, waitForTask } from './task-helpers.ts'

describe('tasks API', () => {
  let ctx: TestContext
  let librarian: TestUser
  let admin: TestUser
  let member: TestUser
  before(async () => {
    ctx = await buildTestApp()
    librarian = await ctx.makeUser('librarian')
    admin = await ctx.makeUser('admin')
    member = await ctx.makeUser('member')
  })
  after(() => ctx.close())

  test('overdue_scan runs to completed with counts; the record shows every field', async () => {
    const book = await ctx.makeBook({ copies_total: 3 })
    const borrow = await ctx.inject({ method: 'POST', url: '/api/v1/loans', headers: member.auth, payload: { book_id: book.id } })
    assert.equal(borrow.statusCode, 201, borrow.body)
    ctx.clock.advance(15 * 86_400_000)
    // The clock moved past the tokens' life: sign in again.
    librarian = await ctx.makeUser('librarian')
    admin = await ctx.makeUser('admin')
    member = await ctx.makeUser('member')
    const id = await createTask(ctx, librarian, 'overdue_scan')
    const task = await waitForTask(ctx, librarian, id)
    assert.equal(task.status, 'completed', JSON.stringify(task))
    assert.equal(task.type, 'overdue_scan')
    assert.deepEqual(task.params, {})
    assert.equal(task.result.newly_overdue, 1)
    assert.equal(task.result.overdue, 1)
    assert.equal(task.attempts, 1)
    assert.equal(task.created_by, librarian.id)
    assert.equal(task.error, null)
    assert.deepEqual(task.progress, { done: 1, total: 1 })
    assert.ok(task.started_at && task.finished_at)
    const again = await waitForTask(ctx, admin, await createTask(ctx, admin, 'overdue_scan'))
    assert.equal(again.result.newly_overdue, 0, 'a loan is marked once')
    assert.equal(again.result.overdue, 1)
  })

  test('a member gets 403 on every task route; no token 401', async () => {
    for (const [method, url] of [['GET', '/api/v1/tasks'], ['GET', '/api/v1/tasks/1'], ['GET', '/api/v1/tasks/1/result'], ['DELETE', '/api/v1/tasks/1']] as const) {
      assertProblem(await ctx.inject({ method, url, headers: member.auth }), 403, 'forbidden')
      assertProblem(await ctx.inject({ method, url }), 401, 'token_missing')
    }
    assertProblem(await ctx.inject({ method: 'POST', url: '/api/v1/tasks', headers: member.auth, payload: { type: 'overdue_scan' } }), 403, 'forbidden')
  })

  test('unknown type and bad params are 422 naming the field', async () => {
    const unknown = assertProblem(await ctx.inject({ method: 'POST', url: '/api/v1/tasks', headers: librarian.auth, payload: { type: 'reindex' } }), 422, 'validation_error')
    assert.deepEqual(unknown.errors?.map((e) => e.field), ['type'])
    const year = assertProblem(await ctx.inject({ method: 'POST', url: '/api/v1/tasks', headers: librarian.auth, payload: { type: 'catalog_export', params: { year: 'soon' } } }), 422, 'validation_error')
    assert.deepEqual(year.errors?.map((e) => e.field), ['params.year'])
    const extra = assertProblem(await ctx.inject({ method: 'POST', url: '/api/v1/tasks', headers: librarian.auth, payload: { type: 'overdue_scan', params: { now: 1 } } }), 422, 'validation_error')
    assert.deepEqual(extra.errors?.map((e) => e.field), ['params.now'])
    const csv = assertProblem(await ctx.inject({ method: 'POST', url: '/api/v1/tasks', headers: librarian.auth, payload: { type: 'books_import', params: {} } }), 422, 'validation_error')
    assert.deepEqual(csv.errors?.map((e) => e.field), ['params.csv'])
  })

  test('list: newest first, filters, pagination, 404 for an unknown task', async () => {
    const first = await createTask(ctx, librarian, 'token_cleanup')
    await waitForTask(ctx, librarian, first)
    const list = await ctx.inject({ method: 'GET', url: '/api/v1/tasks?type=token_cleanup&per_page=1', headers: admin.auth })
    assert.equal(list.statusCode, 200, list.body)
    const page = list.json()
    assert.equal(page.items[0].id, first)
    assert.equal(page.per_page, 1)
    assert.match(String(list.headers.link), /rel="first"/)
    const completed = (await ctx.inject({ method: 'GET', url: '/api/v1/tasks?status=queued', headers: admin.auth })).json()
    assert.ok(completed.items.every((t: { status: string }) => t.status === 'queued'))
    assertProblem(await ctx.inject({ method: 'GET', url: '/api/v1/tasks?status=done', headers: admin.auth }), 422, 'validation_error')
    assertProblem(await ctx.inject({ method: 'GET', url: '/api/v1/tasks/999999', headers: admin.auth }), 404, 'not_found')
  })

  test('the result of a finished cleanup downloads as JSON; cancelling it is 409', async () => {
    const id = await createTask(ctx, librarian, 'token_cleanup')
    const task = await waitForTask(ctx, librarian, id)
    const result = await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}/result`, headers: librarian.auth })
    assert.equal(result.statusCode, 200)
    assert.match(String(result.headers['content-type']), /^application\/json/)
    assert.match(String(result.headers['content-disposition']), /^attachment; filename="task-\d+-result\.json"$/)
    assert.deepEqual(result.json(), task.result)
    assertProblem(await ctx.inject({ method: 'DELETE', url: `/api/v1/tasks/${id}`, headers: librarian.auth }), 409, 'conflict')
  })
})
