import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildTestApp } from '../helper.ts'
import { assertProblem, makePost, parseLinks, type PostBody } from './posts-helpers.ts'

const ids = (body: { items: PostBody[] }) => body.items.map((p) => p.id)

test('GET /users/{id}/posts: the user’s published posts only, newest first, paginated with Link', async () => {
  const t = await buildTestApp()
  try {
    const alice = await t.makeUser('member')
    const bob = await t.makeUser('member')
    const published: PostBody[] = []
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000)
      published.push(await makePost(t, alice, { published: true }))
      await makePost(t, bob, { published: true })
    }
    await makePost(t, alice)

    for (const headers of [{}, bob.auth, alice.auth]) {
      const response = await t.inject({ method: 'GET', url: `/api/v1/users/${alice.id}/posts`, headers })
      assert.equal(response.statusCode, 200)
      assert.deepEqual(ids(response.json()), [published[2]!.id, published[1]!.id, published[0]!.id], 'published only, newest first, for alice too')
      assert.equal(response.json().total, 3)
      assert.equal(response.headers['cache-control'], 'public, max-age=60')
    }

    const page = await t.inject({ method: 'GET', url: `/api/v1/users/${alice.id}/posts?per_page=2&page=2` })
    assert.deepEqual(page.json(), { items: [published[0]], page: 2, per_page: 2, total: 3, total_pages: 2 })
    const links = parseLinks(page.headers.link)
    assert.deepEqual(Object.keys(links).sort(), ['first', 'last', 'prev'])
    assert.equal(new URL(links.prev!, 'http://x').pathname, `/api/v1/users/${alice.id}/posts`)
    assert.equal(new URL(links.prev!, 'http://x').searchParams.get('page'), '1')
    assert.equal(new URL(links.last!, 'http://x').searchParams.get('page'), '2')

    const nobody = await t.makeUser('member')
    const empty = await t.inject({ method: 'GET', url: `/api/v1/users/${nobody.id}/posts` })
    assert.deepEqual(empty.json(), { items: [], page: 1, per_page: 20, total: 0, total_pages: 0 })

    assertProblem(await t.inject({ method: 'GET', url: '/api/v1/users/999999/posts' }), 404, 'not_found')
    assertProblem(await t.inject({ method: 'GET', url: '/api/v1/users/0/posts' }), 422, 'validation_error')
    assertProblem(await t.inject({ method: 'GET', url: `/api/v1/users/${alice.id}/posts?per_page=500` }), 422, 'validation_error')
    assertProblem(await t.inject({ method: 'GET', url: `/api/v1/users/${alice.id}/posts?draft=1` }), 422, 'validation_error')
    // The users module still owns /users/{id}.
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/users/${alice.id}` })).json().username, alice.username)
  } finally {
    await t.close()
  }
})

test('GET /users/{id}/posts?published=false: drafts only, to the user themself or an admin', async () => {
  const t = await buildTestApp()
  try {
    const alice = await t.makeUser('member')
    const other = await t.makeUser('member')
    const librarian = await t.makeUser('librarian')
    const admin = await t.makeUser('admin')
    await makePost(t, alice, { published: true })
    t.clock.advance(1000)
    const draft1 = await makePost(t, alice)
    t.clock.advance(1000)
    const draft2 = await makePost(t, alice)
    await makePost(t, other)
    const drafts = `/api/v1/users/${alice.id}/posts?published=false`

    for (const [who, headers] of [['self', alice.auth], ['admin', admin.auth]] as const) {
      const response = await t.inject({ method: 'GET', url: drafts, headers })
      assert.equal(response.statusCode, 200, who)
      assert.deepEqual(response.json().items, [draft2, draft1], `${who}: the drafts only, newest first`)
      assert.equal(response.headers['cache-control'], 'private, no-store')
    }
    const anonymous = await t.inject({ method: 'GET', url: drafts })
    assertProblem(anonymous, 401, 'token_missing')
    assert.match(String(anonymous.headers['www-authenticate']), /^Bearer realm=/)
    assertProblem(await t.inject({ method: 'GET', url: drafts, headers: other.auth }), 403, 'forbidden')
    assertProblem(await t.inject({ method: 'GET', url: drafts, headers: librarian.auth }), 403, 'forbidden')
    assertProblem(await t.inject({ method: 'GET', url: '/api/v1/users/999999/posts?published=false', headers: admin.auth }), 404, 'not_found')

    // Other members' published view is unaffected by drafts.
    const publicView = await t.inject({ method: 'GET', url: `/api/v1/users/${alice.id}/posts?published=true`, headers: other.auth })
    assert.equal(publicView.json().total, 1)
  } finally {
    await t.close()
  }
})
