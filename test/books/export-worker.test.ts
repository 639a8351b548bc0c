import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { getPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { type ConnectionTarget, connectDatabase, connectionTargetOf } from '../../src/db/connect.ts'
import type { Db } from '../../src/db/schema.ts'
import { exportCatalog } from '../../src/modules/books/export/export-catalog.ts'
import { ExportThreadPool, exportCatalogInWorker, type WorkerExportOptions, type ExportWorkerStart as WorkerExportStart } from '../../src/modules/books/export/export-in-worker.ts'
import { ConfigError } from '../../src/config.ts'
import { buildTestApp, TEST_DB, type TestContext, testConfig } from '../helper.ts'
import { waitFor } from '../cache/cache-helpers.ts'
import { createTask, waitForTask } from '../tasks/task-helpers.ts'

// A nice value nothing else in this process has: a thread at it is the export's worker.
const NICE = 13

/**
 * The threads of this process whose nice value is `nice`, read from /proc/self/task/<tid>/stat
 * (field 19, counted after the command name's closing parenthesis).
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */
function threadsAtNice(nice: number): number {
  let count = 0
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
    } catch {
      continue // the thread ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(fields[16]) === nice) count++
  }
  return count
}

/** SCHED_IDLE, as stat field 41 (policy) shows it (sched(7), linux/sched.h). */
const SCHED_IDLE = 5

interface ThreadInfo {
  tid: number
  name: string
  /** stat field 41 */
  policy: number
  /** `Cpus_allowed_list` of its status */
  cpus: string
}

/** A thread of this process as /proc shows it: `self` the calling thread (/proc/thread-self), else a TID. */
function threadInfo(tid: string): ThreadInfo | undefined {
  const dir = tid === 'self' ? '/proc/thread-self' : `/proc/self/task/${tid}`
  try {
    const stat = readFileSync(`${dir}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const cpus = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`${dir}/status`, 'utf8'))?.[1] ?? ''
    return { tid: Number(stat.split(' ')[0]), name: readFileSync(`${dir}/comm`, 'utf8').trim(), policy: Number(fields[38]), cpus }
  } catch {
    return undefined // the thread ended meanwhile
  }
}

/** The export's worker thread of this process, found by its name (/proc/self/task/<tid>/comm), or undefined. */
function exportThread(): ThreadInfo | undefined {
  const found = readdirSync('/proc/self/task').map(threadInfo).filter((info) => info?.name === 'library-export')
  assert.ok(found.length <= 1, 'one export thread at most')
  return found[0]
}

async function readTask(ctx: TestContext, auth: { authorization: string }, id: number) {
  return (await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}`, headers: auth })).json() as { status: string; error: string | null; attempts: number }
}

async function fresh(t: { after(fn: () => Promise<void>): void }, overrides: Record<string, string> = {}): Promise<TestContext> {
  const context = await buildTestApp(overrides)
  t.after(() => context.close())
  return context
}

function targetOf(db: Db): ConnectionTarget {
  const target = connectionTargetOf(db)
  assert.ok(target, 'the test database can be opened again')
  return target
}

/**
 * A database the export's worker cannot read: a SQLite file removed once opened (the worker's own
 * open fails), or the PostgreSQL database under a schema that does not exist (its queries fail).
 */
function brokenDatabase(t: { after(fn: () => Promise<void>): void }, target: ConnectionTarget): Db {
  if (target.dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'export-broken-'))
    const handle = connectDatabase({ dialect: 'sqlite', path: join(dir, 'gone.db') })
    t.after(async () => {
      await handle.close()
      rmSync(dir, { recursive: true, force: true })
    })
    for (const file of readdirSync(dir)) rmSync(join(dir, file))
    return handle.db
  }
  const handle = connectDatabase({ dialect: 'postgres', url: target.url }, { searchPath: 'no_such_schema_here', poolSize: 1 })
  t.after(() => handle.close())
  return handle.db
}

/** Books with what a CSV must carry through (quotes, line breaks, nulls, empty strings, non-BMP characters). */
async function seed(ctx: TestContext, extra = 0) {
  const books = [
    { title: 'Comma, "quotes"', author: 'Tolkien, J.R.R.', publication_year: -750, publisher: '', language: 'en-US', summary: 'one\ntwo\r\nthree', genres: [], copies_total: 0 },
    { title: 'Ἰλιάς 📚 e\u0301', author: '=HYPERLINK("x")', summary: '@risk', genres: ['Sci-Fi'], copies_total: 2 },
    { title: 'Plain', author: 'Ann Author', isbn: '9780306406157', publication_year: 2001, publisher: 'Pub', language: 'en', genres: ['fantasy'], copies_total: 3 },
  ]
  for (let i = 0; i < extra; i++) books.push({ title: `Extra ${i}`, author: 'Extra Author', genres: [], copies_total: 1 } as (typeof books)[number])
  for (const fields of books) await ctx.makeBook(fields)
}

/** An export in the worker into memory: the chunks as stored, the progress calls, the summary. */
async function workerExport(db: Db, options: WorkerExportOptions = {}, filter = {}) {
  const chunks: Buffer[] = []
  const progress: [number, number][] = []
  const summary = await exportCatalogInWorker(db, filter, async (chunk) => void chunks.push(chunk), { ...options, onProgress: (done, total) => progress.push([done, total]) })
  return { chunks, progress, summary }
}

describe(`exportCatalogInWorker on ${TEST_DB}`, () => {
  test('the same chunks, bytes, summary and progress as exportCatalog in process', async (t) => {
    const ctx = await fresh(t)
    await seed(ctx, 4)
    const inProcess = { chunks: [] as Buffer[], progress: [] as [number, number][] }
    const expected = await exportCatalog(ctx.app.db, {}, async (chunk) => void inProcess.chunks.push(chunk), { batchSize: 2, onProgress: (done, total) => inProcess.progress.push([done, total]) })
    const got = await workerExport(ctx.app.db, { batchSize: 2, chunkBytes: 1 })
    assert.deepEqual(got.summary, { ...expected, storedChunks: 0 })
    assert.deepEqual(got.chunks.map((c) => c.toString('utf8')), inProcess.chunks.map((c) => c.toString('utf8')))
    assert.equal(Buffer.concat(got.chunks).length, expected.bytes)
    assert.deepEqual(got.progress, inProcess.progress)
    assert.deepEqual(got.progress.at(-1), [7, 7])
    // Gathered: the header alone, then whole batches of at least chunkBytes each (the last may be
    // smaller), each with the progress of its last batch; the same bytes.
    for (let i = 0; i < 20; i++) await ctx.makeBook({ title: `More ${i}`, author: 'More Author', genres: [], copies_total: 1 })
    const all = { chunks: [] as Buffer[] }
    const full = await exportCatalog(ctx.app.db, {}, async (chunk) => void all.chunks.push(chunk), { batchSize: 2 })
    const gathered = await workerExport(ctx.app.db, { batchSize: 2, chunkBytes: 300 })
    assert.equal(Buffer.concat(gathered.chunks).toString('utf8'), Buffer.concat(all.chunks).toString('utf8'))
    assert.deepEqual(gathered.summary, { ...full, storedChunks: 0 })
    assert.deepEqual(gathered.chunks[0], all.chunks[0], 'the header alone')
    assert.ok(gathered.chunks.length < all.chunks.length - 2, `${gathered.chunks.length} chunks for ${all.chunks.length} batches`)
    for (const chunk of gathered.chunks.slice(1, -1)) assert.ok(chunk.length >= 300)
    assert.equal(gathered.progress.length, gathered.chunks.length - 1)
    assert.deepEqual(gathered.progress.at(-1), [full.rows, full.rows])
    for (const [i, [done]] of gathered.progress.entries()) if (i > 0) assert.ok(done > gathered.progress[i - 1]![0])
    // With a filter too.
    const filtered = await workerExport(ctx.app.db, {}, { author: 'tolkien' })
    assert.equal(filtered.summary.rows, 1)
    assert.match(Buffer.concat(filtered.chunks).toString('utf8'), /"Tolkien, J\.R\.R\."/)
  })

  test('the worker thread runs at the nice value asked (that thread only) and is gone when the export ends', async (t) => {
    const ctx = await fresh(t)
    await seed(ctx)
    const mainNice = getPriority()
    assert.notEqual(mainNice, NICE)
    assert.equal(threadsAtNice(NICE), 0)
    let reported: number | undefined
    let seenWhileRunning = -1
    await exportCatalogInWorker(ctx.app.db, {}, async () => {
      // The worker waits for this chunk's acknowledgement: it is alive now.
      if (seenWhileRunning < 0) seenWhileRunning = threadsAtNice(NICE)
    }, { nice: NICE, window: 1, onStarted: (start) => (reported = start.nice) })
    assert.equal(reported, NICE, 'os.getPriority() inside the worker')
    assert.equal(seenWhileRunning, 1, 'one thread of this process at that nice value, per /proc')
    assert.equal(getPriority(), mainNice, 'the main thread keeps its priority')
    assert.equal(threadsAtNice(NICE), 0, 'the thread ended with the export')
  })

  test('Linux: the thread is named library-export, in SCHED_IDLE by default (SCHED_OTHER when asked) and on the CPUs asked; the main thread keeps its own', { skip: process.platform !== 'linux' }, async (t) => {
    const ctx = await fresh(t)
    await seed(ctx)
    const main = threadInfo('self')
    assert.equal(main?.policy, 0)
    const seen: (ThreadInfo | undefined)[] = []
    const starts: WorkerExportStart[] = []
    const observe = async () => {
      if (seen.length < starts.length) seen.push(exportThread())
    }
    await exportCatalogInWorker(ctx.app.db, {}, observe, { window: 1, cpus: '0', onStarted: (start) => starts.push(start) })
    await exportCatalogInWorker(ctx.app.db, {}, observe, { window: 1, sched: 'normal', onStarted: (start) => starts.push(start) })
    assert.deepEqual(starts.map(({ policy, cpus, failures }) => ({ policy, cpus: policy === 5 ? cpus : undefined, failures })), [
      { policy: SCHED_IDLE, cpus: '0', failures: [] },
      { policy: 0, cpus: undefined, failures: [] },
    ])
    assert.equal(seen[0]?.policy, SCHED_IDLE, 'policy 5 in /proc/<pid>/task/<tid>/stat')
    assert.equal(seen[0]?.cpus, '0', 'Cpus_allowed_list of the thread')
    assert.equal(seen[0]?.tid, starts[0]?.tid)
    assert.equal(seen[1]?.policy, 0)
    assert.equal(seen[1]?.cpus, main?.cpus, 'no TASK_WORKER_CPUS: the process\'s CPUs')
    assert.deepEqual(threadInfo('self'), main, 'the main thread keeps its policy and CPUs')
    assert.equal(exportThread(), undefined, 'the thread ended with the export')
  })

  test('Linux: CPUs that do not exist are reported as a failure and the export goes on', { skip: process.platform !== 'linux' }, async (t) => {
    const ctx = await fresh(t)
    await seed(ctx)
    let start: WorkerExportStart | undefined
    const got = await exportCatalogInWorker(ctx.app.db, {}, async () => {}, { cpus: '4095', onStarted: (s) => (start = s) })
    assert.equal(got.rows, 3)
    assert.equal(start?.failures.length, 1)
    assert.match(start!.failures[0]!, /^taskset: /)
    assert.equal(start?.policy, SCHED_IDLE)
  })

  test('back-pressure: with a window of one chunk, the worker reads no further while the header is being stored', async (t) => {
    const ctx = await fresh(t)
    await seed(ctx, 3)
    let added: { id: number } | undefined
    const chunks: Buffer[] = []
    await exportCatalogInWorker(ctx.app.db, {}, async (chunk) => {
      chunks.push(chunk)
      // Added while the worker holds (at most) its first batch: it is in a later one, so exported.
      if (!added) added = await ctx.makeBook({ title: 'Added meanwhile' })
    }, { batchSize: 2, chunkBytes: 1, window: 1 })
    const text = Buffer.concat(chunks).toString('utf8')
    assert.match(text, new RegExp(`\\r\\n${added!.id},Added meanwhile,`))
    assert.equal((parse(text, { columns: true }) as unknown[]).length, 7)
  })

  test('abort while a chunk is stored: the reason comes out as is, nothing more is written, the thread is gone; an aborted signal starts nothing', async (t) => {
    const ctx = await fresh(t)
    await seed(ctx, 3)
    const controller = new AbortController()
    const reason = new Error('stop now')
    let writes = 0
    await assert.rejects(
      exportCatalogInWorker(ctx.app.db, {}, async () => {
        writes++
        if (writes === 2) controller.abort(reason)
      }, { batchSize: 1, chunkBytes: 1, nice: NICE, signal: controller.signal }),
      (error) => error === reason,
    )
    assert.equal(writes, 2)
    assert.equal(threadsAtNice(NICE), 0, 'terminated before the promise rejected')

    let called = false
    await assert.rejects(exportCatalogInWorker(ctx.app.db, {}, async () => void (called = true), { nice: NICE, signal: AbortSignal.abort(reason) }), (error) => error === reason)
    assert.equal(called, false)
    assert.equal(threadsAtNice(NICE), 0)
  })

  test('failures: the worker cannot read its database, a bad batch size, onStarted or write throws — each rejects with its error and leaves no thread', async (t) => {
    const ctx = await fresh(t)
    await seed(ctx)
    const target = targetOf(ctx.app.db)
    const broken = brokenDatabase(t, target)
    let written = 0
    await assert.rejects(exportCatalogInWorker(broken, {}, async () => void written++, { nice: NICE }), target.dialect === 'sqlite' ? /unable to open database file/ : /relation "books" does not exist/)
    assert.equal(written, 0)
    assert.equal(threadsAtNice(NICE), 0)

    await assert.rejects(exportCatalogInWorker(ctx.app.db, {}, async () => void written++, { nice: NICE, batchSize: 0 }), (error: Error) => error.name === 'RangeError' && /batchSize/.test(error.message))
    assert.equal(written, 0)
    assert.equal(threadsAtNice(NICE), 0)

    const hook = new Error('onStarted failed')
    await assert.rejects(exportCatalogInWorker(ctx.app.db, {}, async () => {}, { nice: NICE, onStarted: () => { throw hook } }), (error) => error === hook)
    assert.equal(threadsAtNice(NICE), 0)

    const refused = new Error('disk full')
    await assert.rejects(exportCatalogInWorker(ctx.app.db, {}, async () => Promise.reject(refused), { nice: NICE }), (error) => error === refused)
    assert.equal(threadsAtNice(NICE), 0)
  })
})

describe(`ExportThreadPool on ${TEST_DB}`, () => {
  test('keeps one thread between exports, also after an export that failed; ends it after an abort, after idleMs, and on close', async (t) => {
    const ctx = await fresh(t)
    await seed(ctx, 3)
    const pool = new ExportThreadPool({ nice: NICE, idleMs: 400 })
    t.after(() => pool.close())
    const starts: WorkerExportStart[] = []
    const options = { pool, onStarted: (start: WorkerExportStart) => starts.push(start) }
    const expected: Buffer[] = []
    await exportCatalog(ctx.app.db, {}, async (chunk) => void expected.push(chunk))
    for (let i = 0; i < 3; i++) {
      const chunks: Buffer[] = []
      await exportCatalogInWorker(ctx.app.db, {}, async (chunk) => void chunks.push(chunk), options)
      assert.equal(Buffer.concat(chunks).toString('utf8'), Buffer.concat(expected).toString('utf8'))
    }
    assert.equal(starts.length, 1, 'one thread started, then reused')
    assert.equal(threadsAtNice(NICE), 1)
    assert.equal(pool.size, 1)

    // The thread's own failure (its database) leaves it in the pool.
    const target = targetOf(ctx.app.db)
    await assert.rejects(exportCatalogInWorker(brokenDatabase(t, target), {}, async () => {}, options), target.dialect === 'sqlite' ? /unable to open database file/ : /relation "books" does not exist/)
    await exportCatalogInWorker(ctx.app.db, {}, async () => {}, options)
    assert.equal(starts.length, 1)
    assert.equal(threadsAtNice(NICE), 1)

    // An abort ends the thread (it may be mid-chunk); the next export starts another.
    const controller = new AbortController()
    const reason = new Error('stop')
    await assert.rejects(exportCatalogInWorker(ctx.app.db, {}, async () => controller.abort(reason), { ...options, signal: controller.signal, batchSize: 1, chunkBytes: 1 }), (error) => error === reason)
    assert.equal(threadsAtNice(NICE), 0)
    assert.equal(pool.size, 0)
    await exportCatalogInWorker(ctx.app.db, {}, async () => {}, options)
    assert.equal(starts.length, 2)
    assert.notEqual(starts[1]!.tid, starts[0]!.tid)

    // Idle past idleMs: ended, and it does not hold the process meanwhile (unref). Polled, not one
    // fixed sleep: on a loaded CI machine the thread's exit came later than 700 ms.
    await waitFor(() => threadsAtNice(NICE) === 0, 10_000, 'the idle thread to end after idleMs')
    assert.equal(threadsAtNice(NICE), 0, 'ended after idleMs')
    assert.equal(pool.size, 0)

    await exportCatalogInWorker(ctx.app.db, {}, async () => {}, options)
    assert.equal(threadsAtNice(NICE), 1)
    await pool.close()
    assert.equal(threadsAtNice(NICE), 0, 'close ends the idle thread')
    await assert.rejects(exportCatalogInWorker(ctx.app.db, {}, async () => {}, options), /closed/)
  })
})

describe(`catalog_export runs in a worker thread on ${TEST_DB}`, () => {
  test('the download is the in-process export byte for byte, stored by the thread; a worker that fails is retried, then fails the task with its error; one thread serves them all and ends with the app', async (t) => {
    const ctx = await fresh(t, { TASK_WORKER_NICE: String(NICE), TASK_MAX_ATTEMPTS: '2' })
    await seed(ctx, 2)
    const librarian = await ctx.makeUser('librarian')
    const id = await createTask(ctx, librarian, 'catalog_export')
    assert.equal((await waitForTask(ctx, librarian, id)).status, 'completed')
    const download = await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}/result`, headers: librarian.auth })
    const inProcess: Buffer[] = []
    await exportCatalog(ctx.app.db, {}, async (chunk) => void inProcess.push(chunk))
    assert.equal(download.rawPayload.toString('utf8'), Buffer.concat(inProcess).toString('utf8'))

    // The worker's queries fail while the table is away (renamed, so foreign keys follow it back).
    await ctx.app.db.schema.alterTable('books').renameTo('books_away').execute()
    try {
      const failing = await createTask(ctx, librarian, 'catalog_export')
      // The first attempt fails and is queued again after the backoff, on the test's clock.
      const deadline = Date.now() + 20_000
      for (let first = await readTask(ctx, librarian.auth, failing); first.error === null; first = await readTask(ctx, librarian.auth, failing)) {
        if (Date.now() > deadline) assert.fail(`the first attempt did not fail: ${JSON.stringify(first)}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      ctx.clock.advance(60_000)
      const task = await waitForTask(ctx, librarian, failing)
      assert.equal(task.status, 'failed', JSON.stringify(task))
      assert.equal(task.attempts, 2)
      assert.match(task.error, /books/)
    } finally {
      await ctx.app.db.schema.alterTable('books_away').renameTo('books').execute()
    }
    // Three exports (one completed, two failed attempts) ran on one thread, kept idle for the next.
    assert.equal(threadsAtNice(NICE), 1)
    const again = await createTask(ctx, librarian, 'catalog_export')
    assert.equal((await waitForTask(ctx, librarian, again)).status, 'completed')
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${again}/result`, headers: librarian.auth })).rawPayload.toString('utf8'), Buffer.concat(inProcess).toString('utf8'))
    assert.equal(threadsAtNice(NICE), 1)
    await ctx.app.close()
    assert.equal(threadsAtNice(NICE), 0, 'the app ended its export thread when it closed')
  })

  test('TASK_WORKER_SCHED: idle (default) or normal; TASK_WORKER_CPUS: a taskset -c list, unset by default', () => {
    assert.equal(testConfig().tasks.workerSched, 'idle')
    assert.equal(testConfig({ TASK_WORKER_SCHED: 'normal' }).tasks.workerSched, 'normal')
    assert.throws(() => testConfig({ TASK_WORKER_SCHED: 'fifo' }), (error: Error) => error instanceof ConfigError && /TASK_WORKER_SCHED/.test(error.message))
    assert.equal(testConfig().tasks.workerCpus, undefined)
    assert.equal(testConfig({ TASK_WORKER_CPUS: '' }).tasks.workerCpus, undefined)
    assert.equal(testConfig({ TASK_WORKER_CPUS: '1' }).tasks.workerCpus, '1')
    assert.equal(testConfig({ TASK_WORKER_CPUS: '0-3,6' }).tasks.workerCpus, '0-3,6')
    for (const bad of ['x', '1;rm', '1,', '-1']) assert.throws(() => testConfig({ TASK_WORKER_CPUS: bad }), (error: Error) => error instanceof ConfigError && /TASK_WORKER_CPUS/.test(error.message), bad)
  })

  test('TASK_WORKER_NICE: 0 to 19, default 19', () => {
    assert.equal(testConfig().tasks.workerNice, 19)
    assert.equal(testConfig({ TASK_WORKER_NICE: '0' }).tasks.workerNice, 0)
    assert.throws(() => testConfig({ TASK_WORKER_NICE: '20' }), (error: Error) => error instanceof ConfigError && /TASK_WORKER_NICE/.test(error.message) && !/20/.test(error.message))
    assert.throws(() => testConfig({ TASK_WORKER_NICE: '-1' }), ConfigError)
  })
})
