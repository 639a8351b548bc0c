import assert from 'node:assert/strict'
import { test } from 'node:test'
import { verifyAuditChain } from '../../src/modules/audit/audit.service.ts'
import { assertProblem, buildTestApp, STRONG_PASSWORD, type TestContext } from '../helper.ts'
import { auditRows, logCapture, rowOf } from './audit-helpers.ts'

// Issue 10: one audit row per security event, with the right user, actor, client address and
// request id (the response's X-Request-ID), written with the change; nothing for a change that
// did not happen; one `audit` log line per row; no secret anywhere.

const requestIdOf = (response: { headers: Record<string, unknown> }) => String(response.headers['x-request-id'])

async function withApp(fn: (t: TestContext, logs: ReturnType<typeof logCapture>) => Promise<void>) {
  const logs = logCapture()
  const t = await buildTestApp({}, { logStream: logs.stream })
  try {
    await fn(t, logs)
    const verdict = await verifyAuditChain(t.app.db)
    assert.equal(verdict.ok, true, JSON.stringify(verdict))
  } finally {
    await t.close()
  }
}

test('login success and failure: actor, user, reason, ip and request id; never the password', async () => {
  await withApp(async (t, logs) => {
    const member = await t.makeUser('member')
    const ok = await t.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-request-id': 'login-ok-1' }, payload: { username: member.username, password: STRONG_PASSWORD } })
    assert.equal(ok.statusCode, 200)
    const success = await rowOf(t, 'login_succeeded', 'login-ok-1')
    assert.equal(success.user_id, member.id)
    assert.equal(success.actor_id, member.id)
    assert.equal(success.ip, '127.0.0.1')

    const wrong = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: member.username, password: 'Wrong-Passw0rd!' } })
    assertProblem(wrong, 401, 'invalid_credentials')
    const failed = await rowOf(t, 'login_failed', requestIdOf(wrong))
    assert.equal(failed.user_id, member.id)
    assert.equal(failed.actor_id, null)
    assert.deepEqual(failed.details, { reason: 'wrong_password', username: member.username })

    const unknown = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'Typed-My-Passw0rd!', password: 'x' } })
    assertProblem(unknown, 401, 'invalid_credentials')
    const unknownRow = await rowOf(t, 'login_failed', requestIdOf(unknown))
    assert.equal(unknownRow.user_id, null)
    assert.deepEqual(unknownRow.details, { reason: 'unknown_user' }, 'an unknown name may be a password: not stored')

    const admin = await t.makeUser('admin')
    const deactivated = await t.inject({ method: 'PATCH', url: `/api/v1/users/${member.id}`, headers: admin.auth, payload: { is_active: false } })
    assert.equal(deactivated.statusCode, 200)
    const inactive = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: member.username, password: STRONG_PASSWORD } })
    assertProblem(inactive, 401, 'invalid_credentials')
    assert.equal((await rowOf(t, 'login_failed', requestIdOf(inactive))).details.reason, 'inactive')

    const everything = JSON.stringify(await auditRows(t)) + logs.text()
    for (const secret of [STRONG_PASSWORD, 'Wrong-Passw0rd!', 'Typed-My-Passw0rd!', member.access, member.refresh]) assert.ok(!everything.includes(secret), 'no secret in rows or logs')
    const auditLines = logs.lines.filter((l) => l.logger === 'audit')
    assert.equal(auditLines.length, (await auditRows(t)).length, 'one audit log line per row')
    const line = auditLines.find((l) => (l.audit as { request_id?: string }).request_id === 'login-ok-1')
    assert.equal((line?.audit as { event?: string }).event, 'login_succeeded')
  })
})

test('refresh, refresh reuse, logout and logout-all', async () => {
  await withApp(async (t) => {
    const member = await t.makeUser('member')
    const refreshed = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { authorization: `Bearer ${member.refresh}` } })
    assert.equal(refreshed.statusCode, 200)
    const row = await rowOf(t, 'token_refreshed', requestIdOf(refreshed))
    assert.equal(row.user_id, member.id)
    assert.equal(row.actor_id, member.id)

    t.clock.advance(11_000)
    const reused = await t.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { authorization: `Bearer ${member.refresh}` } })
    assertProblem(reused, 401, 'token_revoked')
    const reuse = await rowOf(t, 'refresh_reuse_detected', requestIdOf(reused))
    assert.equal(reuse.user_id, member.id)
    assert.equal(reuse.actor_id, null)
    assert.equal(typeof reuse.details.session_id, 'string')

    const other = await t.makeUser('member')
    const logout = await t.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: other.auth })
    assert.equal(logout.statusCode, 204)
    const out = await rowOf(t, 'logout', requestIdOf(logout))
    assert.equal(out.user_id, other.id)
    assert.equal(out.actor_id, other.id)

    const third = await t.makeUser('member')
    const all = await t.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: third.auth })
    assert.equal(all.statusCode, 204)
    assert.equal((await rowOf(t, 'logout_all', requestIdOf(all))).actor_id, third.id)
  })
})

test('password change, role change, deactivation, deletion and admin user creation', async () => {
  await withApp(async (t) => {
    const admin = await t.makeUser('admin')
    const member = await t.makeUser('member')
    const changed = await t.inject({ method: 'PATCH', url: `/api/v1/users/${member.id}`, headers: member.auth, payload: { password: 'N3w-Passw0rd!', current_password: STRONG_PASSWORD } })
    assert.equal(changed.statusCode, 200)
    const password = await rowOf(t, 'password_changed', requestIdOf(changed))
    assert.deepEqual([password.user_id, password.actor_id, password.details], [member.id, member.id, { by_self: true }])

    const roles = await t.inject({ method: 'PUT', url: `/api/v1/admin/users/${member.id}/roles`, headers: admin.auth, payload: { roles: ['premium'] } })
    assert.equal(roles.statusCode, 200)
    const rolesRow = await rowOf(t, 'roles_changed', requestIdOf(roles))
    assert.deepEqual([rolesRow.user_id, rolesRow.actor_id, rolesRow.details], [member.id, admin.id, { from: ['member'], to: ['premium'] }])
    const patchRoles = await t.inject({ method: 'PATCH', url: `/api/v1/users/${member.id}`, headers: admin.auth, payload: { roles: ['member'] } })
    assert.equal(patchRoles.statusCode, 200)
    assert.deepEqual((await rowOf(t, 'roles_changed', requestIdOf(patchRoles))).details, { from: ['premium'], to: ['member'] })

    const deactivate = await t.inject({ method: 'PATCH', url: `/api/v1/users/${member.id}`, headers: admin.auth, payload: { is_active: false } })
    assert.equal(deactivate.statusCode, 200)
    const deactivated = await rowOf(t, 'user_deactivated', requestIdOf(deactivate))
    assert.deepEqual([deactivated.user_id, deactivated.actor_id], [member.id, admin.id])

    const created = await t.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin.auth, payload: { username: 'made_by_admin', email: 'made@example.org', password: STRONG_PASSWORD, roles: ['librarian'] } })
    assert.equal(created.statusCode, 201)
    const creation = await rowOf(t, 'admin_user_created', requestIdOf(created))
    assert.deepEqual([creation.user_id, creation.actor_id, creation.details], [created.json().id, admin.id, { username: 'made_by_admin', roles: ['librarian'] }])

    const deleted = await t.inject({ method: 'DELETE', url: `/api/v1/users/${member.id}`, headers: admin.auth })
    assert.equal(deleted.statusCode, 204)
    const deletion = await rowOf(t, 'user_deleted', requestIdOf(deleted))
    assert.deepEqual([deletion.user_id, deletion.actor_id, deletion.details], [member.id, admin.id, { username: member.username, by_self: false }])
  })
})

test('a change that fails writes no row: the audit row shares its transaction', async () => {
  await withApp(async (t) => {
    const admin = await t.makeUser('admin')
    const before = (await auditRows(t)).length
    // The last active admin: refused with 409 after the row lock, inside the transaction.
    assertProblem(await t.inject({ method: 'DELETE', url: `/api/v1/users/${admin.id}`, headers: admin.auth }), 409, 'conflict')
    assertProblem(await t.inject({ method: 'PUT', url: `/api/v1/admin/users/${admin.id}/roles`, headers: admin.auth, payload: { roles: ['member'] } }), 409, 'conflict')
    const book = await t.makeBook()
    const borrower = await t.makeUser('member')
    assert.equal((await t.inject({ method: 'POST', url: '/api/v1/loans', headers: borrower.auth, payload: { book_id: book.id } })).statusCode, 201)
    const librarian = await t.makeUser('librarian')
    assertProblem(await t.inject({ method: 'DELETE', url: `/api/v1/books/${book.id}`, headers: librarian.auth }), 409, 'conflict')
    const events = (await auditRows(t)).slice(before).map((r) => r.event)
    assert.deepEqual(events.filter((e) => e !== 'login_succeeded'), [], 'only the logins of the users made meanwhile')
  })
})

test('cache invalidation, book deletion and tasks started by staff', async () => {
  await withApp(async (t) => {
    const admin = await t.makeUser('admin')
    const librarian = await t.makeUser('librarian')
    const cache = await t.inject({ method: 'POST', url: '/api/v1/admin/cache/invalidate', headers: admin.auth, payload: { pattern: 'books' } })
    assert.equal(cache.statusCode, 200)
    const cacheRow = await rowOf(t, 'cache_invalidated', requestIdOf(cache))
    assert.equal(cacheRow.actor_id, admin.id)
    assert.equal(cacheRow.details.pattern, 'books')

    const book = await t.makeBook({ title: 'To Be Deleted' })
    const deleted = await t.inject({ method: 'DELETE', url: `/api/v1/books/${book.id}`, headers: librarian.auth })
    assert.equal(deleted.statusCode, 204)
    const bookRow = await rowOf(t, 'book_deleted', requestIdOf(deleted))
    assert.equal(bookRow.actor_id, librarian.id)
    assert.deepEqual(bookRow.details, { book_id: book.id, title: 'To Be Deleted', isbn: null })

    const task = await t.inject({ method: 'POST', url: '/api/v1/tasks', headers: librarian.auth, payload: { type: 'overdue_scan' } })
    assert.equal(task.statusCode, 202)
    const taskRow = await rowOf(t, 'task_created', requestIdOf(task))
    assert.equal(taskRow.actor_id, librarian.id)
    assert.deepEqual(taskRow.details, { task_id: task.json().task_id, type: 'overdue_scan' })

    // A books_import started by uploading a CSV is a task started by staff too.
    const upload = await t.inject({ method: 'POST', url: '/api/v1/books/import', headers: { ...librarian.auth, 'content-type': 'text/csv' }, payload: 'title,authors\nAudited Import,Some Author\n' })
    assert.equal(upload.statusCode, 202, upload.body)
    const importRow = await rowOf(t, 'task_created', requestIdOf(upload))
    assert.equal(importRow.actor_id, librarian.id)
    assert.equal(importRow.details.task_id, upload.json().task_id)
    assert.equal(importRow.details.type, 'books_import')
  })
})

test('denied requests of staff routes: 403 with the caller as actor, 401 anonymous; none for other routes', async () => {
  await withApp(async (t) => {
    const member = await t.makeUser('member')
    const forbidden = await t.inject({ method: 'GET', url: '/api/v1/admin/stats', headers: member.auth })
    assertProblem(forbidden, 403, 'forbidden')
    const denied = await rowOf(t, 'access_denied', requestIdOf(forbidden))
    assert.deepEqual([denied.user_id, denied.actor_id], [member.id, member.id])
    assert.deepEqual(denied.details, { permission: 'admin:stats', status: 403, method: 'GET', route: '/api/v1/admin/stats' })

    const anonymous = await t.inject({ method: 'DELETE', url: '/api/v1/books/1' })
    assertProblem(anonymous, 401, 'token_missing')
    const anonymousRow = await rowOf(t, 'access_denied', requestIdOf(anonymous))
    assert.equal(anonymousRow.actor_id, null)
    assert.equal(anonymousRow.details.permission, 'books:write')

    // A 401 on a route without a staff permission is not a denied staff request.
    assertProblem(await t.inject({ method: 'GET', url: '/api/v1/auth/me' }), 401, 'token_missing')
    assert.equal((await auditRows(t, 'access_denied')).length, 2)
  })
})
