import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { assertProblem, buildTestApp, type TestContext, type TestUser } from '../helper.ts'
import { createTask, waitForTask } from './task-helpers.ts'

const GOODBOOKS = new URL('../../data/goodbooks-10k/books.csv', import.meta.url)

/** A multipart/form-data body with one file part. */
function multipart(field: string, filename: string, content: Buffer | string) {
  const boundary = '----library-test-boundary'
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}

describe('catalog tasks: export, HTTP import, broken files', () => {
  let ctx: TestContext
  let librarian: TestUser
  before(async () => {
    ctx = await buildTestApp()
    librarian = await ctx.makeUser('librarian')
  })
  after(() => ctx.close())

  async function importOverHttp(app: TestContext, user: TestUser, payload: Buffer | string, as: 'text/csv' | 'multipart', filename = 'books.csv') {
    const upload = as === 'multipart' ? multipart('file', filename, payload) : { body: payload, contentType: 'text/csv' }
    const response = await app.inject({ method: 'POST', url: '/api/v1/books/import', headers: { ...user.auth, 'content-type': upload.contentType }, payload: upload.body })
    assert.equal(response.statusCode, 202, response.body)
    assert.equal(response.headers.location, `/api/v1/tasks/${response.json().task_id}`)
    return waitForTask(app, user, response.json().task_id)
  }

  test('the shipped CSV imported over HTTP: the report, the books, the cache dropped on commit', async () => {
    const before = await ctx.inject({ method: 'GET', url: '/api/v1/books?per_page=1' })
    assert.equal(before.json().total, 0)
    const task = await importOverHttp(ctx, librarian, readFileSync(GOODBOOKS), 'multipart', 'books.csv')
    assert.equal(task.status, 'completed', JSON.stringify(task).slice(0, 500))
    assert.equal(task.type, 'books_import')
    assert.deepEqual(task.params, { source: 'upload', filename: 'books.csv', bytes: readFileSync(GOODBOOKS).length })
    assert.equal(task.result.imported, 10_000)
    assert.equal(task.result.rejected, 0)
    assert.equal(task.result.repaired, task.result.repairs.length)
    assert.deepEqual(task.progress, { done: 10_000, total: 10_000 })
    const after = await ctx.inject({ method: 'GET', url: '/api/v1/books?per_page=1' })
    assert.equal(after.json().total, 10_000, 'the cached empty list was dropped')
    const report = await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${task.id}/result`, headers: librarian.auth })
    assert.equal(report.statusCode, 200)
    assert.match(String(report.headers['content-type']), /^application\/json/)
    assert.deepEqual(report.json(), task.result)
  })

  test('catalog_export with a filter: CSV download with its media type and file name', async () => {
    const id = await createTask(ctx, librarian, 'catalog_export', { language: 'en', year: 1997 })
    const task = await waitForTask(ctx, librarian, id)
    assert.equal(task.status, 'completed', JSON.stringify(task))
    const expected = (await ctx.inject({ method: 'GET', url: '/api/v1/books?language=en&year=1997&per_page=100' })).json()
    assert.equal(task.result.rows, expected.total)
    assert.ok(expected.total > 0)
    assert.deepEqual(task.progress, { done: expected.total, total: expected.total })
    const download = await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}/result`, headers: librarian.auth })
    assert.equal(download.statusCode, 200)
    assert.equal(download.headers['content-type'], 'text/csv; charset=utf-8')
    assert.equal(download.headers['content-disposition'], `attachment; filename="catalog-${id}.csv"`)
    assert.equal(Number(download.headers['content-length']), download.rawPayload.length)
    assert.equal(download.rawPayload.length, task.result.bytes)
    const rows = parse(download.rawPayload, { columns: true }) as { id: string; title: string; language: string; publication_year: string }[]
    assert.equal(rows.length, expected.total)
    assert.ok(rows.every((r) => r.language === 'en' && r.publication_year === '1997'))
    const ids = rows.map((r) => Number(r.id))
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in id order')
    for (const book of expected.items as { id: number }[]) assert.ok(ids.includes(book.id))
  })

  test('export of the whole catalog → import into an empty database over HTTP → the same books', async (t) => {
    const id = await createTask(ctx, librarian, 'catalog_export')
    await waitForTask(ctx, librarian, id)
    const csv = (await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}/result`, headers: librarian.auth })).rawPayload
    const target = await buildTestApp()
    t.after(() => target.close())
    const staff = await target.makeUser('admin')
    const task = await importOverHttp(target, staff, csv, 'text/csv')
    assert.equal(task.status, 'completed', JSON.stringify(task).slice(0, 500))
    assert.equal(task.result.imported, 10_000)
    assert.equal(task.result.repaired, 0)
    const strip = ({ id: _id, created_at: _c, updated_at: _u, ...book }: Record<string, unknown>) => book
    for (const page of [1, 17, 100]) {
      const a = (await ctx.inject({ method: 'GET', url: `/api/v1/books?page=${page}&per_page=100&sort=title` })).json().items.map(strip)
      const b = (await target.inject({ method: 'GET', url: `/api/v1/books?page=${page}&per_page=100&sort=title` })).json().items.map(strip)
      assert.deepEqual(b, a)
    }
  })

  test('broken files fail the task at once with a clear error and write nothing', async (t) => {
    const target = await buildTestApp()
    t.after(() => target.close())
    const staff = await target.makeUser('librarian')
    const cases: [string, Buffer | string, RegExp][] = [
      ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe]), /not UTF-8|NUL/],
      ['unclosed quote', 'title,authors\nGood,Someone\n"Broken,Author\nMore,Rows\n', /never closed/],
      ['no title column', 'name,authors\nA,B\n', /lacks the column\(s\) title/],
      ['header only', 'title,authors\n', /no book rows/],
    ]
    for (const [name, payload, reason] of cases) {
      const task = await importOverHttp(target, staff, payload, 'multipart', `${name}.csv`)
      assert.equal(task.status, 'failed', `${name}: ${JSON.stringify(task)}`)
      assert.match(String(task.error), reason, name)
      assert.match(String(task.error), new RegExp(`${name}\\.csv`), 'the message names the file')
      assert.equal(task.attempts, 1, `${name}: a broken file is not retried`)
      assertProblem(await target.inject({ method: 'GET', url: `/api/v1/tasks/${task.id}/result`, headers: staff.auth }), 409, 'conflict')
    }
    assert.equal((await target.inject({ method: 'GET', url: '/api/v1/books?per_page=1' })).json().total, 0)
  })

  test('upload refusals: empty body, wrong field, over the limit, member, JSON', async (t) => {
    const small = await buildTestApp({ IMPORT_BODY_LIMIT: '2048' })
    t.after(() => small.close())
    const staff = await small.makeUser('librarian')
    const post = (headers: Record<string, string>, payload: Buffer | string) => small.inject({ method: 'POST', url: '/api/v1/books/import', headers: { ...staff.auth, ...headers }, payload })
    const empty = assertProblem(await post({ 'content-type': 'text/csv' }, ''), 422, 'validation_error')
    assert.equal(empty.errors?.[0]?.field, '(body)')
    const wrong = multipart('csv', 'a.csv', 'title,authors\nA,B\n')
    assert.equal(assertProblem(await post({ 'content-type': wrong.contentType }, wrong.body), 422, 'validation_error').errors?.[0]?.field, 'file')
    const emptyFile = multipart('file', 'a.csv', '')
    assert.equal(assertProblem(await post({ 'content-type': emptyFile.contentType }, emptyFile.body), 422, 'validation_error').errors?.[0]?.field, 'file')
    const big = 'title,authors\n' + 'A Title,An Author\n'.repeat(200)
    assertProblem(await post({ 'content-type': 'text/csv' }, big), 413, 'payload_too_large')
    const bigFile = multipart('file', 'big.csv', big)
    assertProblem(await post({ 'content-type': bigFile.contentType }, bigFile.body), 413, 'payload_too_large')
    assertProblem(await post({ 'content-type': 'application/json' }, '{"csv":"title,authors"}'), 415, 'unsupported_media_type')
    // Malformed multipart bodies are the client's 400, never a 500 (found by the fuzz).
    assertProblem(await post({ 'content-type': 'multipart/form-data' }, '{"a":1}'), 400, 'bad_request')
    assertProblem(await post({ 'content-type': 'multipart/form-data; boundary=zz' }, 'garbage'), 400, 'bad_request')
    assertProblem(await post({ 'content-type': 'multipart/form-data; boundary=zz' }, '--zz\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc'), 400, 'bad_request')
    const member = await small.makeUser('member')
    assertProblem(await small.inject({ method: 'POST', url: '/api/v1/books/import', headers: { ...member.auth, 'content-type': 'text/csv' }, payload: 'title,authors\nA,B\n' }), 403, 'forbidden')
    assertProblem(await small.inject({ method: 'POST', url: '/api/v1/books/import', headers: { 'content-type': 'text/csv' }, payload: 'title,authors\nA,B\n' }), 401, 'token_missing')
    assert.equal((await small.inject({ method: 'GET', url: '/api/v1/tasks', headers: staff.auth })).json().total, 0, 'no refused upload made a task')
  })

  test('books_import through POST /api/v1/tasks with inline csv; an Idempotency-Key upload is imported once', async (t) => {
    const target = await buildTestApp()
    t.after(() => target.close())
    const staff = await target.makeUser('librarian')
    const csv = 'title,authors,isbn\nDune,Frank Herbert,0441172717\n'
    const id = await createTask(target, staff, 'books_import', { csv })
    const task = await waitForTask(target, staff, id)
    assert.equal(task.status, 'completed', JSON.stringify(task))
    assert.equal(task.result.imported, 1)
    assert.deepEqual(task.params, { source: 'params', filename: null, bytes: Buffer.byteLength(csv) })
    const headers = { ...staff.auth, 'content-type': 'text/csv', 'idempotency-key': 'upload-1' }
    const payload = 'title,authors\nEmma,Jane Austen\n'
    const first = await target.inject({ method: 'POST', url: '/api/v1/books/import', headers, payload })
    const again = await target.inject({ method: 'POST', url: '/api/v1/books/import', headers, payload })
    assert.equal(again.headers['idempotent-replayed'], 'true')
    assert.equal(again.json().task_id, first.json().task_id)
    assertProblem(await target.inject({ method: 'POST', url: '/api/v1/books/import', headers, payload: payload + 'Persuasion,Jane Austen\n' }), 422, 'idempotency_key_mismatch')
  })
})
