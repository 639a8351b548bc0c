import assert from 'node:assert/strict'
import { test } from 'node:test'
import { verifyAuditChain } from '../../src/modules/audit/audit.service.ts'
import { assertProblem, buildTestApp, type TestContext } from '../helper.ts'
import { auditRows, logCapture } from './audit-helpers.ts'

// AUDIT_LOG=false (the bench's "audit off" baseline; production refuses it): the security events
// still happen, nothing is recorded — no row, no `audit` log line — and the audit-log route answers.

/** Login (ok and failed), refresh, a denied staff route, logout: each one a row when the audit is on. */
async function securityEvents(t: TestContext): Promise<void> {
  const member = await t.makeUser('member')
  const wrong = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: member.username, password: 'Wrong-Passw0rd!' } })
  assertProblem(wrong, 401, 'invalid_credentials')
  const refreshed = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { authorization: `Bearer ${member.refresh}` } })
  assert.equal(refreshed.statusCode, 200)
  const denied = await t.inject({ method: 'GET', url: '/api/v1/admin/audit-log', headers: member.auth })
  assertProblem(denied, 403, 'forbidden')
  const logout = await t.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${refreshed.json().access_token}` } })
  assert.equal(logout.statusCode, 204)
}

const auditLines = (logs: ReturnType<typeof logCapture>) => logs.lines.filter((line) => line.logger === 'audit')

test('AUDIT_LOG=false: login, refresh, a 403 and logout write no audit row and no audit log line; the list answers an empty page', async () => {
  const logs = logCapture()
  const t = await buildTestApp({ AUDIT_LOG: 'false' }, { logStream: logs.stream })
  try {
    await securityEvents(t)
    assert.deepEqual(await auditRows(t), [])
    assert.deepEqual(auditLines(logs), [])
    assert.ok(logs.lines.some((line) => line.level === 40 && String(line.msg).includes('AUDIT_LOG=false')), 'the start warns that nothing is recorded')

    const admin = await t.makeUser('admin')
    const page = await t.inject({ method: 'GET', url: '/api/v1/admin/audit-log', headers: admin.auth })
    assert.equal(page.statusCode, 200)
    assert.deepEqual([page.json().items, page.json().total], [[], 0])
    assert.deepEqual(await auditRows(t), [], 'the admin\'s login was not recorded either')
    assert.deepEqual(await verifyAuditChain(t.app.db), { ok: true, rows: 0 })
  } finally {
    await t.close()
  }
})

test('the same events with the audit on (the default): rows and one audit log line each', async () => {
  const logs = logCapture()
  const t = await buildTestApp({}, { logStream: logs.stream })
  try {
    await securityEvents(t)
    const events = (await auditRows(t)).map((row) => row.event)
    assert.deepEqual(events, ['login_succeeded', 'login_failed', 'token_refreshed', 'access_denied', 'logout'])
    assert.equal(auditLines(logs).length, events.length)
  } finally {
    await t.close()
  }
})
