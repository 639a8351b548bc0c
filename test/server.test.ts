import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { SCHEMA_TAG, TEST_DATABASE_URL, TEST_DB, TS_LOADER } from './helper.ts'
import { parseResponse } from './plugins/raw-http.ts'

// The real process: `library-api serve` on a port, then SIGTERM with requests in flight.
const dir = mkdtempSync(join(tmpdir(), 'library-server-'))
// Below Linux's ephemeral range (32768–60999): a port there may be the source port of any outgoing connection.
const port = 20_000 + Math.floor(Math.random() * 12_000)
const schema = `srv_${SCHEMA_TAG}_${process.pid}_${port}`
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
// maxBuffer: the pretty-printed OpenAPI document is over spawnSync's 1 MiB default.
const cli = (...args: string[]) => spawnSync(process.execPath, [...TS_LOADER, 'src/cli.ts', ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })

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
  const result = spawnSync(process.execPath, [...TS_LOADER, 'src/cli.ts', 'migrate'], { env: { ...env, NODE_ENV: 'production', JWT_SECRET: '' }, encoding: 'utf8' })
  assert.notEqual(result.status, 0)
  assert.match(result.stderr, /JWT_SECRET/)
})

test('serve: creates the admin, answers, and on SIGTERM finishes in-flight requests and exits 0', async () => {
  const child = spawn(process.execPath, [...TS_LOADER, 'src/cli.ts', 'serve'], { env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
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
  // A new connection is refused; one still open is answered, and told it is the last answer.
  const after = await fetch(`${base}/health`).then((r) => `${r.status} ${r.headers.get('connection')}`, () => 'refused')
  assert.ok(after === 'refused' || after === '200 close', `after SIGTERM: ${after}`)
  assert.equal(await exited, 0, output)
})

/** A keep-alive client on a raw socket: sends a request, reads its answer, sends the next, until the server says `Connection: close`. */
function keepAliveReader(request: string) {
  const socket = connect(port, '127.0.0.1')
  const state = { sent: 0, answered: 0, statuses: [] as number[], lastConnection: '', error: undefined as string | undefined, closedByServer: false }
  let buffer = ''
  const send = () => {
    state.sent++
    socket.write(request)
  }
  socket.on('connect', send)
  socket.on('data', (data) => {
    buffer += data.toString('latin1')
    for (let parsed = parseResponse(buffer); parsed; parsed = parseResponse(buffer)) {
      buffer = parsed.rest
      state.answered++
      state.statuses.push(parsed.response.status)
      state.lastConnection = parsed.response.headers.connection ?? ''
      if (state.lastConnection !== 'close') send()
    }
  })
  socket.on('error', (e: NodeJS.ErrnoException) => (state.error = e.code ?? e.message))
  const closed = new Promise<void>((resolve) => socket.on('close', () => {
    state.closedByServer = true
    resolve()
  }))
  return { state, closed, socket }
}

test('SIGTERM under load: keep-alive readers and bodies still arriving all get complete answers, then exit 0', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, [...TS_LOADER, 'src/cli.ts', 'serve'], { env: { ...env, LOG_LEVEL: 'info', RATE_LIMIT_ANONYMOUS: '100000/min', RATE_LIMIT_LOGIN: '100000/min' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  let ready = false
  for (let i = 0; i < 300 && !ready; i++) {
    ready = output.includes('Library API ready')
    if (!ready) await new Promise((r) => setTimeout(r, 100))
  }
  assert.ok(ready, `server did not become ready:\n${output}`)

  // Writers first: the headers and half of the body are sent (and read by the server) before
  // SIGTERM, the rest after it.
  const body = JSON.stringify({ username: 'root_admin', password: 'Server-Test-Admin-9!' })
  const writers = Array.from({ length: 8 }, () => keepAliveReader(`POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`))
  await Promise.all(writers.map((w) => new Promise((resolve) => w.socket.once('connect', resolve))))
  const readers = Array.from({ length: 30 }, () => keepAliveReader('GET /api/v1/books?per_page=5 HTTP/1.1\r\nHost: localhost\r\n\r\n'))
  for (let i = 0; i < 300 && readers.some((r) => r.state.answered < 3); i++) await new Promise((r) => setTimeout(r, 10))
  assert.ok(readers.every((r) => r.state.answered >= 3), 'the readers did not get going')
  child.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 150))
  for (const w of writers) w.socket.write(body.slice(10))

  await Promise.all([...readers, ...writers].map((c) => Promise.race([c.closed, new Promise((r) => setTimeout(r, 8000))])))
  for (const [i, { state }] of [...readers, ...writers].entries()) {
    assert.equal(state.error, undefined, `client ${i}: ${JSON.stringify(state)}\n${output.split("\n").filter((l) => !l.includes("request completed")).join("\n").slice(-3000)}`)
    assert.ok(state.closedByServer, `client ${i} still open: ${JSON.stringify(state)}`)
    assert.equal(state.answered, state.sent, `client ${i} lost a request: ${JSON.stringify(state)}`)
    assert.equal(state.lastConnection, 'close', `client ${i}: ${JSON.stringify(state)}`)
    assert.ok(state.statuses.every((s) => s === 200), `client ${i}: ${state.statuses.join(',')}`)
  }
  assert.equal(await exited, 0, output)
})

test('npm start forwards SIGTERM to the server', { timeout: 60_000 }, async () => {
  const npm = spawn('npm', ['start', '--silent'], { env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  npm.stdout.on('data', (d) => (output += d))
  npm.stderr.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)))
  let ready = false
  for (let i = 0; i < 300 && !ready; i++) {
    ready = output.includes('Library API ready')
    if (!ready) await new Promise((r) => setTimeout(r, 100))
  }
  assert.ok(ready, `server did not become ready:\n${output}`)
  const serverPid = Number(/"pid":(\d+)/.exec(output)?.[1])
  assert.ok(serverPid > 0, output)
  npm.kill('SIGTERM')
  await exited
  for (let i = 0; i < 100 && alive(serverPid); i++) await new Promise((r) => setTimeout(r, 50))
  assert.equal(alive(serverPid), false, 'the server outlived npm')
  assert.match(output, /shutting down/)
})

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
