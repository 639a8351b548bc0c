import assert from 'node:assert/strict'
import type { TestContext, TestUser } from '../helper.ts'

/** Polls `GET /api/v1/tasks/{id}` (every 20 ms, up to `timeoutMs`) until the task reaches one of `statuses`; returns it. */
export async function waitForTask(ctx: TestContext, user: TestUser, id: number, statuses: string[] = ['completed', 'failed', 'cancelled'], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const response = await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}`, headers: user.auth })
    assert.equal(response.statusCode, 200, response.body)
    const task = response.json()
    if (statuses.includes(task.status)) return task
    if (Date.now() > deadline) assert.fail(`task ${id} still ${task.status} after ${timeoutMs} ms: ${response.body}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Creates a task through the API (202 expected); returns its id. */
export async function createTask(ctx: TestContext, user: TestUser, type: string, params?: Record<string, unknown>): Promise<number> {
  const response = await ctx.inject({ method: 'POST', url: '/api/v1/tasks', headers: user.auth, payload: params === undefined ? { type } : { type, params } })
  assert.equal(response.statusCode, 202, response.body)
  const body = response.json()
  assert.equal(body.status, 'queued')
  assert.equal(response.headers.location, `/api/v1/tasks/${body.task_id}`)
  return body.task_id
}
