import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { test } from 'node:test'
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.ts'
import type { Db } from '../../src/db/schema.ts'
import { trimAuditLog, verifyAuditChain } from '../../src/modules/audit/audit.service.ts'
import { buildTestApp, STRONG_PASSWORD, TEST_DATABASE_URL, TEST_DB, type TestContext, TS_LOADER } from '../helper.ts'
import { createTask, waitForTask } from '../tasks/task-helpers.ts'
import { auditRows } from './audit-helpers.ts'

// The hash chain: valid after a concurrent burst from two instances on one database; `audit
// verify` (the function and the CLI) names the first changed, removed or swapped row; retention
// trims the oldest rows and the rest still verifies from the stored anchor.

const REPO = fileURLToPath(new URL('../..', import.meta.url))

/** How many rows {@link auditedWrites} adds: its user's login, then 1, 1, 2 (login + logout) per three writes. */
const rowsOfWrites = (count: number) => 1 + Array.from({ length: count }, (_, i) => (i % 3 === 2 ? 2 : 1)).reduce((a, b) => a + b, 0)

/** Audited writes at once: failed logins, logins and logouts (see {@link rowsOfWrites}). */
async function auditedWrites(t: TestContext, count: number): Promise<void> {
  const user = await t.makeUser('member')
  await Promise.all(Array.from({ length: count }, async (_, i) => {
    if (i % 3 === 0) return t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: 'Wrong-Passw0rd!' } })
    const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: STRONG_PASSWORD } })
    assert.equal(login.statusCode, 200, login.body)
    if (i % 3 === 2) await t.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${login.json().access_token}` } })
  }))
}

/** Rewrites one row's columns directly, as someone with database access would. */
async function tamper(db: Db, id: number, set: Record<string, unknown>): Promise<void> {
  await db.updateTable('audit_log').set(set).where('id', '=', id).execute()
}

/** The DATABASE_URL the CLI needs to open the test app's database (its file, or its schema). */
async function databaseUrlOf(t: TestContext): Promise<string> {
  if (TEST_DB === 'postgres') {
    const { schema } = (await sql<{ schema: string }>`select current_schema() as schema`.execute(t.app.db)).rows[0]!
    return `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`
  }
  const { file } = (await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(t.app.db)).rows[0]!
  return `sqlite:${file}`
}

function cli(args: string[], databaseUrl: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, DATABASE_URL: databaseUrl, JWT_SECRET: 'cli-test-secret-cli-test-secret-cli-01', LOG_LEVEL: 'warn' }
    const child = spawn(process.execPath, [...TS_LOADER, 'src/cli.ts', ...args], { cwd: REPO, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

test('a concurrent burst from two instances on one database leaves one contiguous, valid chain', { timeout: 400_000 }, async () => {
  const a = await buildTestApp()
  let second: DatabaseHandle | undefined
  let b: TestContext | undefined
  try {
    // PostgreSQL: the second instance has its own pool, as another process would. SQLite: one
    // process shares one connection (better-sqlite3 is synchronous; processes share the file lock).
    if (TEST_DB === 'postgres') {
      const { schema } = (await sql<{ schema: string }>`select current_schema() as schema`.execute(a.app.db)).rows[0]!
      second = connectDatabase({ dialect: 'postgres', url: TEST_DATABASE_URL }, { searchPath: schema, poolSize: 5 })
    }
    b = await buildTestApp({}, { database: second ?? a.database, clock: a.clock })
    const before = (await auditRows(a)).length
    await Promise.all([auditedWrites(a, 24), auditedWrites(b, 24)])
    const rows = await auditRows(a)
    assert.equal(rows.length, before + 2 * rowsOfWrites(24), 'one row per audited write')
    assert.deepEqual(rows.map((r) => r.id), rows.map((_, i) => i + 1), 'ids are contiguous: chain order')
    const verdict = await verifyAuditChain(b.app.db)
    assert.deepEqual(verdict, { ok: true, rows: rows.length })
  } finally {
    await b?.close()
    await second?.close()
    await a.close()
  }
})

test('verify names the first edited, deleted or swapped row; the CLI exits 1 naming it', { timeout: 400_000 }, async () => {
  const t = await buildTestApp()
  try {
    await auditedWrites(t, 9)
    const rows = await t.app.db.selectFrom('audit_log').selectAll().orderBy('id').execute()
    assert.equal(rows.length, rowsOfWrites(9))
    const last = rows.length
    const url = await databaseUrlOf(t)
    const valid = await cli(['audit', 'verify'], url)
    assert.equal(valid.status, 0, valid.stderr)
    assert.equal(valid.stdout.trim(), `chain valid, ${last} rows`)

    // Edited: the details of row 4.
    await tamper(t.app.db, 4, { details: JSON.stringify({ reason: 'nothing to see' }) })
    assert.deepEqual(await verifyAuditChain(t.app.db), { ok: false, rows: 3, id: 4, reason: 'hash does not match its content: the row was changed' })
    const broken = await cli(['audit', 'verify'], url)
    assert.equal(broken.status, 1)
    assert.match(broken.stderr, /^audit: chain broken at row 4: hash does not match its content: the row was changed/)
    await tamper(t.app.db, 4, { details: rows[3]!.details })
    assert.equal((await verifyAuditChain(t.app.db)).ok, true, 'restored')

    // Edited with its hash recomputed by the forger: the next row no longer follows it.
    await tamper(t.app.db, 5, { ip: '10.9.9.9', hash: 'f'.repeat(64) })
    const forged = await verifyAuditChain(t.app.db)
    assert.equal(forged.ok, false)
    assert.equal(forged.ok === false && forged.id, 5)
    await tamper(t.app.db, 5, { ip: rows[4]!.ip, hash: rows[4]!.hash })

    // Swapped: rows 6 and 7 exchange places (every column but the id).
    const { id: _six, ...six } = rows[5]!
    const { id: _seven, ...seven } = rows[6]!
    await tamper(t.app.db, 6, seven)
    await tamper(t.app.db, 7, six)
    const swapped = await verifyAuditChain(t.app.db)
    assert.equal(swapped.ok === false && swapped.id, 6)
    assert.match(swapped.ok === false ? swapped.reason : '', /removed or the rows were reordered/)
    await tamper(t.app.db, 6, six)
    await tamper(t.app.db, 7, seven)
    assert.equal((await verifyAuditChain(t.app.db)).ok, true, 'restored')

    // Deleted: row 3 in the middle, then the last row.
    await t.app.db.deleteFrom('audit_log').where('id', '=', 3).execute()
    const removed = await verifyAuditChain(t.app.db)
    assert.deepEqual(removed, { ok: false, rows: 2, id: 4, reason: 'row 3 removed (ids jump from 2 to 4)' })
    const cliRemoved = await cli(['audit', 'verify'], url)
    assert.equal(cliRemoved.status, 1)
    assert.match(cliRemoved.stderr, /row 4: row 3 removed/)
    await t.app.db.insertInto('audit_log').values(rows[2]!).execute()
    await t.app.db.deleteFrom('audit_log').where('id', '=', last).execute()
    const truncated = await verifyAuditChain(t.app.db)
    assert.equal(truncated.ok === false && truncated.id, last)
    assert.match(truncated.ok === false ? truncated.reason : '', /removed from the end/)
  } finally {
    await t.close()
  }
})

test('retention trims the oldest rows in token_cleanup and the rest still verifies from the anchor', { timeout: 400_000 }, async () => {
  const t = await buildTestApp({ AUDIT_RETENTION_DAYS: '30' })
  try {
    await auditedWrites(t, 5)
    const old = rowsOfWrites(5) // rows 1..old at day 0
    t.clock.advance(35 * 86_400_000) // day 35: those rows are past 30 days
    assert.equal(await trimAuditLog(t.app.db, t.clock.now(), 0), 0, '0 keeps everything')
    const librarian = await t.makeUser('librarian') // login_succeeded at day 35
    const id = await createTask(t, librarian, 'token_cleanup') // task_created at day 35, then the trim
    const task = await waitForTask(t, librarian, id)
    assert.equal(task.status, 'completed', JSON.stringify(task))
    assert.equal((task.result as { audit_rows: number }).audit_rows, old)
    const left = await auditRows(t)
    assert.deepEqual(left.map((r) => r.id), [old + 1, old + 2])
    const anchor = await t.app.db.selectFrom('audit_chain').select(['anchor_id', 'anchor_hash']).executeTakeFirstOrThrow()
    assert.equal(anchor.anchor_id, old)
    assert.deepEqual(await verifyAuditChain(t.app.db), { ok: true, rows: 2 })
    await t.makeUser('member') // appends after a trim continue the chain
    assert.deepEqual(await verifyAuditChain(t.app.db), { ok: true, rows: 3 })
    // Removing the first row after the anchor is still caught.
    await t.app.db.deleteFrom('audit_log').where('id', '=', old + 1).execute()
    const verdict = await verifyAuditChain(t.app.db)
    assert.equal(verdict.ok === false && verdict.id, old + 2)
  } finally {
    await t.close()
  }
})
