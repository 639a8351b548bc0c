import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { TEST_DATABASE_URL, TEST_DB } from './helper.ts'

// The real process: `library-api serve` on a port, then SIGTERM with requests in flight.
const dir = mkdtempSync(join(tmpdir(), 'library-server-'))
const port = 20_000 + Math.floor(Math.random() * 20_000)
const schema = `srv_${process.pid}_${port}`
const env = {
  ...process.env,
  PORT: String(port),
  DATABASE_URL: TEST_DB === 'postgres' ? `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` : `sqlite:${join(dir, 'library.db')}`,
  JWT_SECRET: 'server-test-secret-server-test-secret-01',
  ADMIN_USERNAME: 'root_admin',
  ADMIN_PASSWORD: 'Server-Test-Admin-9!',
  IMPORT_ON_START: 'false',
  ARGON2_MEMORY_KIB: '256',
  LOG_LEVEL: 'warn',
}
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, encoding: 'utf8' })

const psql = (command: string) => {
  const result = spawnSync('psql', [TEST_DATABASE_URL, '-qc', command], { encoding: 'utf8' })
  assert.equal(result.status, 0, result.stderr)
}
before(() => {
  if (TEST_DB === 'postgres') psql(`create schema ${schema}`)
})
// the test runner drops test schemas after the pass (see test/helper.ts)
after(() => rmSync(dir, { recursive: true, force: true }))

test('library-api migrate applies the migrations and exits 0', () => {
  const result = cli('migrate')
  assert.equal(result.status, 0, result.stderr)
  assert.match(result.stdout, /migration|up to date/)
})

test('library-api openapi prints the document', () => {
  const result = cli('openapi')
  assert.equal(result.status, 0, result.stderr)
  assert.equal(JSON.parse(result.stdout).openapi, '3.1.0')
})

test('an invalid configuration exits non-zero naming the key', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'migrate'], { env: { ...env, NODE_ENV: 'production', JWT_SECRET: '' }, encoding: 'utf8' })
  assert.notEqual(result.status, 0)
  assert.match(result.stderr, /JWT_SECRET/)
})

test('serve: creates the admin, answers, and on SIGTERM finishes in-flight requests and exits 0', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], { env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const base = `http://127.0.0.1:${port}`
  let ready = false
  for (let i = 0; i < 100 && !ready; i++) {
    ready = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false)
    if (!ready) await new Promise((r) => setTimeout(r, 200))
  }
  assert.ok(ready, `server did not become ready:\n${output}`)
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root_admin', password: 'Server-Test-Admin-9!' }) })
  assert.equal(login.status, 200)
  assert.doesNotMatch(output, /Server-Test-Admin-9!/, 'the configured password is never printed')
  // Requests the server has received when SIGTERM arrives all complete with 200.
  const received = () => output.split('"url":"/api/v1/books?per_page=100').length - 1
  const inflight = Array.from({ length: 20 }, () => fetch(`${base}/api/v1/books?per_page=100`).then((r) => r.status, () => 0))
  for (let i = 0; i < 200 && received() < 20; i++) await new Promise((r) => setTimeout(r, 5))
  assert.equal(received(), 20)
  child.kill('SIGTERM')
  const statuses = await Promise.all(inflight)
  assert.deepEqual(statuses, Array(20).fill(200))
  for (let i = 0; i < 200 && !output.includes('shutting down'); i++) await new Promise((r) => setTimeout(r, 5))
  const after = await fetch(`${base}/health`).then((r) => r.status, () => 'refused')
  assert.ok(after === 'refused' || after === 503, `after SIGTERM: ${after}`)
  assert.equal(await exited, 0, output)
})
