import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { buildTestApp, TEST_DB } from '../helper.ts'
import { createTask, waitForTask } from '../tasks/task-helpers.ts'

// The export's worker thread runs under a heap cap (export-in-worker.ts): books at the longest
// summary the API takes — full of quotes and line breaks, which the CSV doubles and quotes — must
// still export, whole and exact, not die of ERR_WORKER_OUT_OF_MEMORY.
test(`catalog_export of 2,000 books with 10,000-character summaries completes in the worker's heap on ${TEST_DB}`, { timeout: 120_000 }, async () => {
  const ctx = await buildTestApp()
  try {
    const librarian = await ctx.makeUser('librarian')
    const summary = ('é'.repeat(4000) + 'a "quoted", line\r\n'.repeat(400)).slice(0, 10_000)
    const now = '2026-01-01T00:00:00.000Z'
    const rows = Array.from({ length: 2000 }, (_, i) => ({ title: `Long ${i}`, author: 'Long Author', summary, copies_total: 1, copies_available: 1, genres: '[]', created_at: now, updated_at: now }))
    for (let i = 0; i < rows.length; i += 200) await ctx.app.db.insertInto('books').values(rows.slice(i, i + 200) as never).execute()
    const id = await createTask(ctx, librarian, 'catalog_export')
    const done = await waitForTask(ctx, librarian, id, ['completed', 'failed', 'cancelled'], 100_000)
    assert.equal(done.status, 'completed', JSON.stringify({ error: done.error, attempts: done.attempts }))
    assert.equal(done.result.rows, 2000)
    const csv = await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}/result`, headers: librarian.auth })
    const records: Record<string, string>[] = parse(csv.body, { columns: true })
    assert.equal(records.length, 2000)
    assert.ok(records.every((record) => record.summary === summary), 'every summary exact')
  } finally {
    await ctx.close()
  }
})
