import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { SCHEMA_TAG, TEST_DATABASE_URL, TEST_DB, TEST_REDIS, TEST_REDIS_URL, TS_LOADER } from '../helper.ts'

// The real process: `library-api serve` running a long import when SIGTERM comes.
const dir = mkdtempSync(join(tmpdir(), 'library-task-shutdown-'))
// Below Linux's ephemeral range (32768–60999): a port there may be the source port of any outgoing connection.
const port = 20_000 + Math.floor(Math.random() * 12_000)
const schema = `srv_${SCHEMA_TAG}_${process.pid}_${port}`
const env: Record<string, string | undefined> = {
  ...process.env,
  PORT: String(port),
  DATABASE_URL: TEST_DB === 'postgres' ? `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` : `sqlite:${join(dir, 'library.db')}`,
  ...(TEST_REDIS ? { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `test:shutdown:${process.pid}:${port}:` } : {}),
  JWT_SECRET: 'server-test-secret-server-test-secret-01',
  ADMIN_USERNAME: 'root_admin',
  ADMIN_PASSWORD: 'Server-Test-Admin-9!',
  IMPORT_ON_START: 'false',
  ARGON2_MEMORY_KIB: '256',
  LOG_LEVEL: 'info',
  TASK_SCHEDULE_OVERDUE_SCAN: '',
  TASK_SCHEDULE_TOKEN_CLEANUP: '',
}
const base = `http://127.0.0.1:${port}`

before(() => {
  if (TEST_DB === 'postgres') {
    const result = spawnSync('psql', [TEST_DATABASE_URL, '-qc', `create schema ${schema}`], { encoding: 'utf8' })
    assert.equal(result.status, 0, result.stderr)
  }
})
after(() => rmSync(dir, { recursive: true, force: true }))

/** Starts `library-api serve` with extra env; resolves once it is ready. */
async function serve(extra: Record<string, string>) {
  const child = spawn(process.execPath, [...TS_LOADER, 'src/cli.ts', 'serve'], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] })
  const out = { text: '' }
  child.stdout.on('data', (d) => (out.text += d))
  child.stderr.on('data', (d) => (out.text += d))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  let ready = false
  for (let i = 0; i < 150 && !ready; i++) {
    ready = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false)
    if (!ready) await new Promise((r) => setTimeout(r, 200))
  }
  assert.ok(ready, `server did not become ready:\n${out.text}`)
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root_admin', password: 'Server-Test-Admin-9!' }) })
  assert.equal(login.status, 200)
  const auth = { authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}` }
  return { child, out, exited, auth }
}

async function readTask(auth: Record<string, string>, id: number) {
  const response = await fetch(`${base}/api/v1/tasks/${id}`, { headers: auth })
  assert.equal(response.status, 200)
  return response.json() as Promise<{ status: string; attempts: number; result: { imported: number } | null }>
}

async function waitFor(auth: Record<string, string>, id: number, statuses: string[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const task = await readTask(auth, id)
    if (statuses.includes(task.status)) return task
    if (Date.now() > deadline) assert.fail(`task ${id} still ${task.status}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Uploads a CSV of `rows` books (its parse and write take seconds); returns the task id once it runs. */
async function startLongImport(auth: Record<string, string>, rows: number, offset: number) {
  const lines = ['title,authors']
  for (let i = 1; i <= rows; i++) lines.push(`Shutdown Title ${offset + i},Shutdown Author ${i % 991}`)
  const response = await fetch(`${base}/api/v1/books/import`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: lines.join('\n') + '\n' })
  assert.equal(response.status, 202, await response.clone().text())
  const id = ((await response.json()) as { task_id: number }).task_id
  assert.equal((await waitFor(auth, id, ['running', 'completed', 'failed'])).status, 'running')
  return id
}

describe('SIGTERM with a task running', { timeout: 180_000 }, () => {
  test('no grace: the task is handed back (attempt not counted), the process exits 0, the next start completes it', async () => {
    const first = await serve({ TASK_SHUTDOWN_GRACE: '0' })
    const id = await startLongImport(first.auth, 20_000, 0)
    first.child.kill('SIGTERM')
    assert.equal(await first.exited, 0, first.out.text)
    assert.match(first.out.text, /task handed back to the queue at shutdown/)
    const second = await serve({})
    const queued = await readTask(second.auth, id)
    assert.ok(['queued', 'running', 'completed'].includes(queued.status), queued.status)
    const done = await waitFor(second.auth, id, ['completed', 'failed'])
    assert.equal(done.status, 'completed')
    assert.equal(done.attempts, 1, 'the interrupted attempt was given back')
    assert.equal(done.result?.imported, 20_000)
    second.child.kill('SIGTERM')
    assert.equal(await second.exited, 0, second.out.text)
  })

  test('with grace: the running task finishes before the process exits 0', async () => {
    const server = await serve({ TASK_SHUTDOWN_GRACE: '120000' })
    const id = await startLongImport(server.auth, 15_000, 1_000_000)
    server.child.kill('SIGTERM')
    assert.equal(await server.exited, 0, server.out.text)
    assert.match(server.out.text, /"msg":"task completed"/)
    const again = await serve({})
    const task = await readTask(again.auth, id)
    assert.equal(task.status, 'completed')
    assert.equal(task.attempts, 1)
    again.child.kill('SIGTERM')
    assert.equal(await again.exited, 0)
  })
})
