import assert from 'node:assert/strict'
import { test } from 'node:test'
import { assertProblem, buildTestApp, type TestContext, type TestUser } from '../helper.ts'

// Item 11 of issue 8: the last active admin cannot be demoted, deactivated or deleted (409
// `conflict`), on every path and under concurrency.

/** The ids of the active admins, as an admin's `GET /users?role=admin` shows them. */
async function activeAdmins(t: TestContext, asker: TestUser): Promise<number[]> {
  const page = await t.inject({ method: 'GET', url: '/api/v1/users?role=admin&per_page=100', headers: asker.auth })
  assert.equal(page.statusCode, 200, page.body)
  return (page.json().items as { id: number; is_active: boolean }[]).filter((u) => u.is_active).map((u) => u.id)
}

test('each path refuses to remove the last active admin with 409 conflict and changes nothing', async () => {
  const t = await buildTestApp()
  try {
    const admin = await t.makeUser('admin')
    const id = admin.id
    const attempts = [
      t.inject({ method: 'PUT', url: `/api/v1/admin/users/${id}/roles`, headers: admin.auth, payload: { roles: ['librarian'] } }),
      t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin.auth, payload: { roles: ['member'] } }),
      t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin.auth, payload: { is_active: false } }),
      t.inject({ method: 'DELETE', url: `/api/v1/users/${id}`, headers: admin.auth }),
    ]
    for (const response of await Promise.all(attempts)) {
      const problem = assertProblem(response, 409, 'conflict')
      assert.match(String(problem.detail), /last active admin/)
    }
    assert.deepEqual(await activeAdmins(t, admin), [id])
    // Changes that keep the admin an active admin still work.
    const kept = await t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin.auth, payload: { roles: ['admin', 'librarian'], email: 'still-admin@example.org' } })
    assert.equal(kept.statusCode, 200, kept.body)
    assert.deepEqual(kept.json().roles, ['admin', 'librarian'])
  } finally {
    await t.close()
  }
})

test('with a second active admin the first may be demoted; then the second is the last one', async () => {
  const t = await buildTestApp()
  try {
    const first = await t.makeUser('admin')
    const second = await t.makeUser('admin')
    const demoted = await t.inject({ method: 'PUT', url: `/api/v1/admin/users/${first.id}/roles`, headers: second.auth, payload: { roles: ['member'] } })
    assert.equal(demoted.statusCode, 200, demoted.body)
    assertProblem(await t.inject({ method: 'DELETE', url: `/api/v1/users/${second.id}`, headers: second.auth }), 409, 'conflict')
    // A deactivated admin does not count: promote the first again, deactivate it, and the second is still the last.
    const third = await t.makeUser('admin')
    const off = await t.inject({ method: 'PATCH', url: `/api/v1/users/${third.id}`, headers: second.auth, payload: { is_active: false } })
    assert.equal(off.statusCode, 200, off.body)
    assertProblem(await t.inject({ method: 'PATCH', url: `/api/v1/users/${second.id}`, headers: second.auth, payload: { is_active: false } }), 409, 'conflict')
    // Deleting an admin while another stays is fine.
    const fourth = await t.makeUser('admin')
    const gone = await t.inject({ method: 'DELETE', url: `/api/v1/users/${fourth.id}`, headers: second.auth })
    assert.equal(gone.statusCode, 204, gone.body)
    assert.deepEqual(await activeAdmins(t, second), [second.id])
  } finally {
    await t.close()
  }
})

test('two admins demoting, deactivating or deleting each other at once never leave zero active admins', async () => {
  const moves: Array<[string, (t: TestContext, by: TestUser, target: TestUser) => ReturnType<TestContext['inject']>]> = [
    ['demote', (t, by, target) => t.inject({ method: 'PUT', url: `/api/v1/admin/users/${target.id}/roles`, headers: by.auth, payload: { roles: ['member'] } })],
    ['deactivate', (t, by, target) => t.inject({ method: 'PATCH', url: `/api/v1/users/${target.id}`, headers: by.auth, payload: { is_active: false } })],
    ['delete', (t, by, target) => t.inject({ method: 'DELETE', url: `/api/v1/users/${target.id}`, headers: by.auth })],
  ]
  for (const [nameA, moveA] of moves) {
    for (const [nameB, moveB] of moves) {
      const t = await buildTestApp()
      try {
        const a = await t.makeUser('admin')
        const b = await t.makeUser('admin')
        const [ra, rb] = await Promise.all([moveA(t, a, b), moveB(t, b, a)])
        const label = `${nameA} vs ${nameB}: ${ra.statusCode} ${rb.statusCode}`
        const won = [ra, rb].filter((r) => r.statusCode < 300)
        assert.equal(won.length, 1, label)
        // The loser is refused as the last admin — or, when the winner got there before the loser's
        // request was authorized, its caller is no longer an admin (403) or no longer exists (401).
        const lost = ra.statusCode < 300 ? rb : ra
        assert.ok([409, 403, 401].includes(lost.statusCode), label)
        if (lost.statusCode === 409) assert.match(String(assertProblem(lost, 409, 'conflict').detail), /last active admin/)
        const survivor = ra.statusCode < 300 ? a : b
        assert.deepEqual(await activeAdmins(t, survivor), [survivor.id], label)
      } finally {
        await t.close()
      }
    }
  }
})

test('two admins stepping down at once (demote, deactivate or delete themselves): one succeeds, the other is 409', async () => {
  const moves: Array<[string, (t: TestContext, self: TestUser) => ReturnType<TestContext['inject']>]> = [
    ['demote', (t, self) => t.inject({ method: 'PUT', url: `/api/v1/admin/users/${self.id}/roles`, headers: self.auth, payload: { roles: ['member'] } })],
    ['demote by PATCH', (t, self) => t.inject({ method: 'PATCH', url: `/api/v1/users/${self.id}`, headers: self.auth, payload: { roles: ['librarian'] } })],
    ['deactivate', (t, self) => t.inject({ method: 'PATCH', url: `/api/v1/users/${self.id}`, headers: self.auth, payload: { is_active: false } })],
    ['delete', (t, self) => t.inject({ method: 'DELETE', url: `/api/v1/users/${self.id}`, headers: self.auth })],
  ]
  for (const [name, move] of moves) {
    const t = await buildTestApp()
    try {
      const a = await t.makeUser('admin')
      const b = await t.makeUser('admin')
      // Each caller changes only itself, so the other's authorization is untouched: the loser can
      // only be stopped by the last-admin rule, which the row locks make see the winner's change.
      const [ra, rb] = await Promise.all([move(t, a), move(t, b)])
      const label = `${name}: ${ra.statusCode} ${rb.statusCode}`
      assert.equal([ra, rb].filter((r) => r.statusCode < 300).length, 1, label)
      const [lost, survivor] = ra.statusCode < 300 ? [rb, b] : [ra, a]
      assert.equal(lost.statusCode, 409, `${label} ${lost.body}`)
      assert.match(String(assertProblem(lost, 409, 'conflict').detail), /last active admin/, label)
      assert.deepEqual(await activeAdmins(t, survivor), [survivor.id], label)
    } finally {
      await t.close()
    }
  }
})
