import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { assertProblem, buildTestApp, type TestContext, type TestUser } from '../helper.ts'

// Item 3 of issue 8: the If-Match check and the write are one step under the row lock, on both
// databases. The PostgreSQL test pool has 5 connections, enough for a lost update to show.

const WRITERS = 15

/**
 * Races {@link WRITERS} writes that all send the same ETag; asserts exactly one 2xx and 412 for
 * the rest, and returns the winner.
 */
async function race(t: TestContext, send: (i: number) => Promise<LightMyRequestResponse>): Promise<{ winner: LightMyRequestResponse; index: number }> {
  const responses = await Promise.all(Array.from({ length: WRITERS }, (_, i) => send(i)))
  const winners = responses.flatMap((r, i) => (r.statusCode < 300 ? [{ winner: r, index: i }] : []))
  assert.equal(winners.length, 1, `exactly one writer wins: ${responses.map((r) => r.statusCode).join(',')}`)
  for (const r of responses) if (r.statusCode >= 300) assertProblem(r, 412, 'precondition_failed')
  void t
  return winners[0]!
}

/**
 * A write and a delete with the same ETag, at once: exactly one wins; the loser hears 412 when the
 * write won (the delete's ETag is stale) and 404 when the delete won (no resource: RFC 9110
 * §13.2.1 — the precondition is not evaluated). The same on both databases.
 */
async function raceWriteAndDelete(write: () => Promise<LightMyRequestResponse>, remove: () => Promise<LightMyRequestResponse>, read: () => Promise<LightMyRequestResponse>) {
  const [w, d] = await Promise.all([write(), remove()])
  if (d.statusCode === 204) {
    assertProblem(w, 404, 'not_found')
    assert.equal((await read()).statusCode, 404)
  } else {
    assert.equal(w.statusCode, 200, w.body)
    assertProblem(d, 412, 'precondition_failed')
    assert.deepEqual((await read()).json(), w.json())
  }
}

describe('posts: If-Match writes are atomic', () => {
  async function setup() {
    const t = await buildTestApp()
    const author = await t.makeUser('member')
    const created = await t.inject({ method: 'POST', url: '/api/v1/posts', headers: author.auth, payload: { title: 'Original title', content: 'Body' } })
    return { t, author, post: created.json() as { id: number }, etag: String(created.headers.etag) }
  }

  for (const method of ['PATCH', 'PUT'] as const) {
    test(`${WRITERS} parallel ${method}s with one ETag: one 200, the rest 412, the winner's state stays`, async () => {
      const { t, author, post, etag } = await setup()
      try {
        const { winner, index } = await race(t, (i) =>
          t.inject({ method, url: `/api/v1/posts/${post.id}`, headers: { ...author.auth, 'if-match': etag }, payload: { title: `Title by writer ${i}`, content: `Body ${i}`, published: true } }),
        )
        assert.equal(winner.json().title, `Title by writer ${index}`)
        const read = await t.inject({ method: 'GET', url: `/api/v1/posts/${post.id}`, headers: author.auth })
        assert.deepEqual(read.json(), winner.json())
        assert.equal(read.headers.etag, winner.headers.etag)
      } finally {
        await t.close()
      }
    })
  }

  test(`${WRITERS} parallel DELETEs with one ETag: one 204; the rest 404 (gone) — never two deletes`, async () => {
    const { t, author, post, etag } = await setup()
    try {
      const responses = await Promise.all(Array.from({ length: WRITERS }, () => t.inject({ method: 'DELETE', url: `/api/v1/posts/${post.id}`, headers: { ...author.auth, 'if-match': etag } })))
      assert.equal(responses.filter((r) => r.statusCode === 204).length, 1)
      for (const r of responses) if (r.statusCode !== 204) assertProblem(r, 404, 'not_found')
    } finally {
      await t.close()
    }
  })

  test('a PATCH racing a DELETE with the same ETag: one wins, the other 412 (write first) or 404 (delete first)', async () => {
    for (let round = 0; round < 2; round++) {
      const { t, author, post, etag } = await setup()
      try {
        await raceWriteAndDelete(
          () => t.inject({ method: 'PATCH', url: `/api/v1/posts/${post.id}`, headers: { ...author.auth, 'if-match': etag }, payload: { title: 'Changed title' } }),
          () => t.inject({ method: 'DELETE', url: `/api/v1/posts/${post.id}`, headers: { ...author.auth, 'if-match': etag } }),
          () => t.inject({ method: 'GET', url: `/api/v1/posts/${post.id}`, headers: author.auth }),
        )
      } finally {
        await t.close()
      }
    }
  })

  test('a write after a committed delete is 404 even with a stale If-Match (not 412)', async () => {
    const { t, author, post, etag } = await setup()
    try {
      assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/posts/${post.id}`, headers: author.auth })).statusCode, 204)
      assertProblem(await t.inject({ method: 'PATCH', url: `/api/v1/posts/${post.id}`, headers: { ...author.auth, 'if-match': etag }, payload: { title: 'Changed title' } }), 404, 'not_found')
    } finally {
      await t.close()
    }
  })
})

describe('books: If-Match writes are atomic', () => {
  test(`${WRITERS} parallel PATCHes with one ETag: one 200, the rest 412; a PUT racing a DELETE agrees on both databases`, async () => {
    const t = await buildTestApp()
    try {
      const librarian = await t.makeUser('librarian')
      const book = await t.makeBook()
      const etag = String((await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })).headers.etag)
      const { winner, index } = await race(t, (i) =>
        t.inject({ method: 'PATCH', url: `/api/v1/books/${book.id}`, headers: { ...librarian.auth, 'if-match': etag }, payload: { title: `Title ${i}` } }),
      )
      assert.equal(winner.json().title, `Title ${index}`)
      assert.deepEqual((await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })).json(), winner.json())

      const other = await t.makeBook()
      const otherEtag = String((await t.inject({ method: 'GET', url: `/api/v1/books/${other.id}` })).headers.etag)
      await raceWriteAndDelete(
        () => t.inject({ method: 'PUT', url: `/api/v1/books/${other.id}`, headers: { ...librarian.auth, 'if-match': otherEtag }, payload: { title: 'Replaced', author: 'Someone' } }),
        () => t.inject({ method: 'DELETE', url: `/api/v1/books/${other.id}`, headers: { ...librarian.auth, 'if-match': otherEtag } }),
        () => t.inject({ method: 'GET', url: `/api/v1/books/${other.id}` }),
      )
    } finally {
      await t.close()
    }
  })
})

describe('users: If-Match on PATCH and DELETE', () => {
  async function etagOf(t: TestContext, user: TestUser, id: number) {
    const read = await t.inject({ method: 'GET', url: `/api/v1/users/${id}`, headers: user.auth })
    assert.equal(read.statusCode, 200)
    return String(read.headers.etag)
  }

  test(`${WRITERS} parallel PATCHes of a user with one ETag: one 200 (with the new ETag), the rest 412`, async () => {
    const t = await buildTestApp()
    try {
      const admin = await t.makeUser('admin')
      const member = await t.makeUser('member')
      const etag = await etagOf(t, admin, member.id)
      const { winner, index } = await race(t, (i) =>
        t.inject({ method: 'PATCH', url: `/api/v1/users/${member.id}`, headers: { ...admin.auth, 'if-match': etag }, payload: { email: `writer${i}@example.org` } }),
      )
      assert.equal(winner.json().email, `writer${index}@example.org`)
      assert.equal(await etagOf(t, admin, member.id), winner.headers.etag, 'the 200 carries the ETag of the new state')
      const stale = await t.inject({ method: 'DELETE', url: `/api/v1/users/${member.id}`, headers: { ...admin.auth, 'if-match': etag } })
      assertProblem(stale, 412, 'precondition_failed')
      const fresh = await t.inject({ method: 'DELETE', url: `/api/v1/users/${member.id}`, headers: { ...admin.auth, 'if-match': String(winner.headers.etag) } })
      assert.equal(fresh.statusCode, 204)
      assertProblem(await t.inject({ method: 'PATCH', url: `/api/v1/users/${member.id}`, headers: { ...admin.auth, 'if-match': etag }, payload: { email: 'late@example.org' } }), 404, 'not_found')
    } finally {
      await t.close()
    }
  })

  test('a PATCH racing a DELETE of a user with the same ETag: one wins, the other 412 or 404', async () => {
    const t = await buildTestApp()
    try {
      const admin = await t.makeUser('admin')
      const member = await t.makeUser('member')
      const etag = await etagOf(t, admin, member.id)
      await raceWriteAndDelete(
        () => t.inject({ method: 'PATCH', url: `/api/v1/users/${member.id}`, headers: { ...admin.auth, 'if-match': etag }, payload: { email: 'changed@example.org' } }),
        () => t.inject({ method: 'DELETE', url: `/api/v1/users/${member.id}`, headers: { ...admin.auth, 'if-match': etag } }),
        async () => {
          const r = await t.inject({ method: 'GET', url: `/api/v1/users/${member.id}`, headers: admin.auth })
          return r
        },
      )
    } finally {
      await t.close()
    }
  })
})
