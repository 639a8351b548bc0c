import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { TEST_DATABASE_URL, TestClock, type TestContext, type TestUser, TS_LOADER } from '../helper.ts'

const REPO = fileURLToPath(new URL('../..', import.meta.url))

/** A clock that follows real time: for apps that share a database with real processes (and schedules). */
export class WallClock extends TestClock {
  override now = () => new Date()
}

/** A `library-api worker` process of the test's own. */
export interface WorkerProcess {
  child: ChildProcess
  /** everything it wrote (JSON log lines) */
  output(): string
  /** resolves on its `task worker ready` line; rejects if it exits first */
  ready: Promise<void>
  /** its exit code (null when killed by a signal) */
  exited: Promise<number | null>
}

/** Starts `node --import tsx src/cli.ts worker` with `env` (on top of this process's). */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  // Nothing of this process's own database or Redis settings leaks in: `env` says it all.
  const { DEBUG: _debug, DATABASE_URL: _database, REDIS_URL: _redis, REDIS_KEY_PREFIX: _prefix, ...inherited } = process.env
  const child = spawn(process.execPath, [...TS_LOADER, 'src/cli.ts', 'worker'], { cwd: REPO, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data
      if (output.includes('"msg":"task worker ready"')) resolve()
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (data: Buffer) => (output += data))
    void exited.then((code) => reject(new Error(`the worker exited (${code}) before it was ready:\n${output}`)))
  })
  ready.catch(() => {})
  return { child, output: () => output, ready, exited }
}

/** The env that puts a worker process on `ctx`'s database (and Redis prefix, when it has one). */
export async function workerEnv(ctx: TestContext, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  let databaseUrl: string
  if (ctx.database.dialect === 'postgres') {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(ctx.app.db)
    databaseUrl = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${rows[0]!.schema}`)}`
  } else {
    const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(ctx.app.db)
    databaseUrl = `sqlite:${rows.find((r) => r.name === 'main')!.file}`
  }
  const config = ctx.app.config
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    ...(config.redisUrl ? { REDIS_URL: config.redisUrl, REDIS_KEY_PREFIX: config.redisKeyPrefix } : {}),
    JWT_SECRET: 'worker-test-secret-worker-test-secret-01',
    LOG_LEVEL: 'info',
    IMPORT_ON_START: 'false',
    TASK_SCHEDULE_OVERDUE_SCAN: '',
    TASK_SCHEDULE_TOKEN_CLEANUP: '',
    TASK_POLL_INTERVAL: '100',
    TASK_BACKOFF: '50',
    ...extra,
  }
}

/** A valid ISBN-13 (979 prefix) made from `n`. */
function isbn13(n: number): string {
  const body = `9791${String(n).padStart(8, '0')}`
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 ? 3 : 1)
  return body + ((10 - (sum % 10)) % 10)
}

const GOODBOOKS_HEADER = 'book_id,goodreads_book_id,best_book_id,work_id,books_count,isbn,isbn13,authors,original_publication_year,original_title,title,language_code,average_rating,ratings_count,work_ratings_count,work_text_reviews_count,ratings_1,ratings_2,ratings_3,ratings_4,ratings_5,image_url,small_image_url'

/**
 * A goodbooks-10k style CSV of `rows` books by the author `author`, each with its own ISBN-13
 * (numbers from `first`), about 125 bytes a row.
 */
export function generatedCatalog(rows: number, author: string, first = 1): string {
  const lines = [GOODBOOKS_HEADER]
  for (let n = first; n < first + rows; n++) lines.push(`${n},${n},${n},${n},1,,${isbn13(n)},${author},2001.0,${author} ${n},${author} ${n},eng,4.0,10,10,1,1,1,1,1,1,,`)
  return `${lines.join('\n')}\n`
}

/** Uploads a CSV to `POST /api/v1/books/import` (202); returns the task id. */
export async function uploadCatalog(ctx: TestContext, user: TestUser, csv: string): Promise<number> {
  const response = await ctx.inject({ method: 'POST', url: '/api/v1/books/import', headers: { ...user.auth, 'content-type': 'text/csv' }, payload: csv })
  assert.equal(response.statusCode, 202, response.body)
  return response.json().task_id
}

/** Polls the task (every 20 ms, up to `timeoutMs`) until `check` holds; returns it. */
export async function waitForTaskState(ctx: TestContext, user: TestUser, id: number, check: (task: { status: string; attempts: number; progress: { done: number; total: number | null } }) => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const response = await ctx.inject({ method: 'GET', url: `/api/v1/tasks/${id}`, headers: user.auth })
    assert.equal(response.statusCode, 200, response.body)
    const task = response.json()
    if (check(task)) return task
    if (Date.now() > deadline) assert.fail(`task ${id} never ${what}: ${JSON.stringify(task)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** How many books `author` wrote, and with how many distinct ISBNs (each book once: both equal). */
export async function countBooksBy(ctx: TestContext, author: string): Promise<{ books: number; isbns: number }> {
  const row = await ctx.app.db
    .selectFrom('books')
    .select((eb) => [eb.fn.countAll().as('books'), eb.fn.count('isbn').distinct().as('isbns')])
    .where('author', '=', author)
    .executeTakeFirstOrThrow()
  return { books: Number(row.books), isbns: Number(row.isbns) }
}
