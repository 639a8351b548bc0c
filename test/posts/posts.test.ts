import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildTestApp } from '../helper.ts'
import { assertProblem, makePost, type PostBody } from './posts-helpers.ts'

const url = (id: number | string) => `/api/v1/posts/${id}`

test('POST /posts: any signed-in user writes as themself; draft by default; Location, ETag, readable back', async () => {
  const t = await buildTestApp()
  try {
    for (const role of ['member', 'premium', 'librarian', 'admin'] as const) {
      const user = await t.makeUser(role)
      const response = await t.inject({ method: 'POST', url: '/api/v1/posts', headers: user.auth, payload: { title: 'Hello', content: 'First words.' } })
      assert.equal(response.statusCode, 201, `${role}: ${response.body}`)
      const post: PostBody = response.json()
      assert.equal(post.title, 'Hello')
      assert.equal(post.content, 'First words.')
      assert.equal(post.published, false, 'published defaults to false')
      assert.deepEqual(post.author, { id: user.id, username: user.username })
      assert.equal(post.created_at, '2026-11-21T10:00:00.000Z')
      assert.equal(post.updated_at, post.created_at)
      assert.equal(response.headers.location, url(post.id))
      assert.match(String(response.headers.etag), /^"[^"]+"$/)

      const read = await t.inject({ method: 'GET', url: url(post.id), headers: user.auth })
      assert.equal(read.statusCode, 200)
      assert.deepEqual(read.json(), post)
      assert.equal(read.headers.etag, response.headers.etag, 'the ETag of the 201 is the ETag of the resource')
    }
    const author = await t.makeUser('member')
    const published = await makePost(t, author, { published: true })
    assert.equal(published.published, true)

    const anonymous = await t.inject({ method: 'POST', url: '/api/v1/posts', payload: { title: 'Hello', content: 'x' } })
    assertProblem(anonymous, 401, 'token_missing')
    assert.match(String(anonymous.headers['www-authenticate']), /^Bearer/)
    const badToken = await t.inject({ method: 'POST', url: '/api/v1/posts', headers: { authorization: 'Bearer not.a.jwt' }, payload: { title: 'Hello', content: 'x' } })
    assertProblem(badToken, 401, 'token_invalid')
  } finally {
    await t.close()
  }
})

test('POST /posts: validation names every failing field; the author is never a body field', async () => {
  const t = await buildTestApp()
  try {
    const user = await t.makeUser('member')
    const post = (payload: unknown, headers: Record<string, string> = {}) => t.inject({ method: 'POST', url: '/api/v1/posts', headers: { ...user.auth, ...headers }, payload: payload as object })
    const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort()

    assert.deepEqual(fields(assertProblem(await post({ title: 'Four', content: 'x' }), 422, 'validation_error')), ['title'])
    assert.deepEqual(fields(assertProblem(await post({ title: 'x'.repeat(201), content: 'x' }), 422, 'validation_error')), ['title'])
    assert.deepEqual(fields(assertProblem(await post({ title: 'Fine title', content: '' }), 422, 'validation_error')), ['content'])
    assert.deepEqual(fields(assertProblem(await post({ title: 'Fine title', content: 'x'.repeat(20_001) }), 422, 'validation_error')), ['content'])
    assert.deepEqual(fields(assertProblem(await post({ title: 'Four', content: '' }), 422, 'validation_error')), ['content', 'title'], 'all failing fields at once')
    assert.deepEqual(fields(assertProblem(await post({ content: 'x' }), 422, 'validation_error')), ['title'])
    assert.deepEqual(fields(assertProblem(await post({ title: 'Fine title', content: 'x', published: 'yes' }), 422, 'validation_error')), ['published'])

    const other = await t.makeUser('member')
    const withAuthorId = assertProblem(await post({ title: 'Fine title', content: 'x', author_id: other.id }), 422, 'validation_error')
    assert.deepEqual(fields(withAuthorId), ['author_id'])
    const withAuthor = assertProblem(await post({ title: 'Fine title', content: 'x', author: { id: other.id, username: other.username } }), 422, 'validation_error')
    assert.deepEqual(fields(withAuthor), ['author'])
    assertProblem(await post({ title: 'Fine title', content: 'x', id: 99 }), 422, 'validation_error')

    // Boundaries are accepted.
    assert.equal((await post({ title: 'Five!', content: 'x' })).statusCode, 201)
    assert.equal((await post({ title: 'y'.repeat(200), content: 'z'.repeat(20_000) })).statusCode, 201)

    assertProblem(await t.inject({ method: 'POST', url: '/api/v1/posts', headers: { ...user.auth, 'content-type': 'application/json' }, payload: '{"title":' }), 400, 'invalid_json')
    assertProblem(await t.inject({ method: 'POST', url: '/api/v1/posts', headers: { ...user.auth, 'content-type': 'text/plain' }, payload: 'title=Hello' }), 415, 'unsupported_media_type')

    // Nothing rejected was stored: only the two boundary posts are the user's drafts.
    const drafts = await t.inject({ method: 'GET', url: '/api/v1/posts?published=false', headers: user.auth })
    assert.equal(drafts.json().total, 2)
    const others = await t.inject({ method: 'GET', url: '/api/v1/posts?published=false', headers: other.auth })
    assert.equal(others.json().total, 0, 'no post was attributed to the user named in the body')
  } finally {
    await t.close()
  }
})

test('GET /posts/{id}: a draft is 404 to all but its author and admin; published is public', async () => {
  const t = await buildTestApp()
  try {
    const author = await t.makeUser('member')
    const other = await t.makeUser('member')
    const librarian = await t.makeUser('librarian')
    const admin = await t.makeUser('admin')
    const draft = await makePost(t, author)
    const published = await makePost(t, author, { published: true })

    const as = (headers: Record<string, string>, id: number) => t.inject({ method: 'GET', url: url(id), headers })
    for (const [who, headers] of [['author', author.auth], ['admin', admin.auth]] as const) {
      const response = await as(headers, draft.id)
      assert.equal(response.statusCode, 200, who)
      assert.deepEqual(response.json(), draft)
      assert.equal(response.headers['cache-control'], 'private, no-store', `${who}: a draft is never cached by shared caches`)
    }
    for (const [who, headers] of [['anonymous', {}], ['other member', other.auth], ['librarian', librarian.auth]] as const) {
      const hidden = assertProblem(await as(headers, draft.id), 404, 'not_found')
      // Indistinguishable from a post that never existed.
      const missing = assertProblem(await as(headers, 999_999), 404, 'not_found')
      assert.equal(hidden.detail, missing.detail, who)
    }
    for (const headers of [{}, other.auth, librarian.auth, admin.auth, author.auth]) {
      const response = await as(headers, published.id)
      assert.equal(response.statusCode, 200)
      assert.deepEqual(response.json(), published)
      assert.equal(response.headers['cache-control'], 'public, max-age=60')
      assert.ok(response.headers['last-modified'])
    }
    assertProblem(await t.inject({ method: 'GET', url: url(0) }), 422, 'validation_error')
    assertProblem(await t.inject({ method: 'GET', url: url('abc') }), 422, 'validation_error')
    assertProblem(await t.inject({ method: 'GET', url: url(published.id), headers: { authorization: 'Bearer nope.nope.nope' } }), 401, 'token_invalid')
  } finally {
    await t.close()
  }
})

test('GET /posts/{id}: If-None-Match → 304 until the post changes', async () => {
  const t = await buildTestApp()
  try {
    const author = await t.makeUser('member')
    const post = await makePost(t, author, { published: true })
    const first = await t.inject({ method: 'GET', url: url(post.id) })
    const etag = String(first.headers.etag)
    assert.match(etag, /^"[^"]+"$/)

    const notModified = await t.inject({ method: 'GET', url: url(post.id), headers: { 'if-none-match': etag } })
    assert.equal(notModified.statusCode, 304)
    assert.equal(notModified.body, '')
    assert.equal(notModified.headers.etag, etag)
    assert.equal((await t.inject({ method: 'GET', url: url(post.id), headers: { 'if-none-match': `"other", W/${etag}` } })).statusCode, 304, 'weak comparison, lists')
    assert.equal((await t.inject({ method: 'GET', url: url(post.id), headers: { 'if-none-match': '"other"' } })).statusCode, 200)

    t.clock.advance(1000)
    const patched = await t.inject({ method: 'PATCH', url: url(post.id), headers: author.auth, payload: { content: 'Changed.' } })
    assert.equal(patched.statusCode, 200)
    const after = await t.inject({ method: 'GET', url: url(post.id), headers: { 'if-none-match': etag } })
    assert.equal(after.statusCode, 200)
    assert.equal(after.json().content, 'Changed.')
    assert.notEqual(after.headers.etag, etag)
    assert.equal(after.headers.etag, patched.headers.etag, 'the ETag of the write is the ETag of the next read')
  } finally {
    await t.close()
  }
})

test('PUT /posts/{id}: author only (admin 403); drafts of others 404; full replacement', async () => {
  const t = await buildTestApp()
  try {
    const author = await t.makeUser('member')
    const other = await t.makeUser('member')
    const librarian = await t.makeUser('librarian')
    const admin = await t.makeUser('admin')
    const published = await makePost(t, author, { published: true })
    const draft = await makePost(t, author)
    const body = { title: 'Replaced title', content: 'Replaced content', published: true }
    const put = (id: number, headers: Record<string, string>, payload: unknown = body) => t.inject({ method: 'PUT', url: url(id), headers, payload: payload as object })

    assertProblem(await put(published.id, {}), 401, 'token_missing')
    assertProblem(await put(published.id, other.auth), 403, 'forbidden')
    assertProblem(await put(published.id, librarian.auth), 403, 'forbidden')
    assertProblem(await put(published.id, admin.auth), 403, 'forbidden')
    assertProblem(await put(draft.id, other.auth), 404, 'not_found')
    assertProblem(await put(draft.id, librarian.auth), 404, 'not_found')
    assertProblem(await put(draft.id, admin.auth), 403, 'forbidden')
    assertProblem(await put(999_999, author.auth), 404, 'not_found')
    assert.deepEqual((await t.inject({ method: 'GET', url: url(published.id) })).json(), published, 'no refused write changed anything')

    const missingPublished = assertProblem(await put(published.id, author.auth, { title: 'Replaced title', content: 'x' }), 422, 'validation_error')
    assert.deepEqual(missingPublished.errors?.map((e) => e.field), ['published'])
    const short = assertProblem(await put(published.id, author.auth, { ...body, title: 'Tiny' }), 422, 'validation_error')
    assert.deepEqual(short.errors?.map((e) => e.field), ['title'])
    const authorId = assertProblem(await put(published.id, author.auth, { ...body, author_id: other.id }), 422, 'validation_error')
    assert.deepEqual(authorId.errors?.map((e) => e.field), ['author_id'])

    t.clock.advance(60_000)
    const replaced = await put(draft.id, author.auth)
    assert.equal(replaced.statusCode, 200, replaced.body)
    const post: PostBody = replaced.json()
    assert.deepEqual({ title: post.title, content: post.content, published: post.published }, body)
    assert.deepEqual(post.author, { id: author.id, username: author.username })
    assert.equal(post.created_at, draft.created_at)
    assert.equal(post.updated_at, '2026-11-21T10:01:00.000Z')
    assert.equal(replaced.headers.etag, (await t.inject({ method: 'GET', url: url(draft.id) })).headers.etag, 'now published, readable by anyone')
  } finally {
    await t.close()
  }
})

test('PATCH /posts/{id}: merge patch by the author; others 403/404; null and unknown fields 422', async () => {
  const t = await buildTestApp()
  try {
    const author = await t.makeUser('member')
    const other = await t.makeUser('member')
    const librarian = await t.makeUser('librarian')
    const admin = await t.makeUser('admin')
    const published = await makePost(t, author, { published: true })
    const draft = await makePost(t, author, { title: 'Draft title', content: 'Draft content' })
    const patch = (id: number, headers: Record<string, string>, payload: unknown, contentType = 'application/merge-patch+json') =>
      t.inject({ method: 'PATCH', url: url(id), headers: { ...headers, 'content-type': contentType }, payload: JSON.stringify(payload) })

    assertProblem(await patch(published.id, {}, { title: 'Hijacked' }), 401, 'token_missing')
    assertProblem(await patch(published.id, other.auth, { title: 'Hijacked' }), 403, 'forbidden')
    assertProblem(await patch(published.id, librarian.auth, { title: 'Hijacked' }), 403, 'forbidden')
    assertProblem(await patch(published.id, admin.auth, { title: 'Hijacked' }), 403, 'forbidden')
    assertProblem(await patch(draft.id, other.auth, { title: 'Hijacked' }), 404, 'not_found')
    assertProblem(await patch(draft.id, librarian.auth, { published: true }), 404, 'not_found')
    assertProblem(await patch(draft.id, admin.auth, { published: true }), 403, 'forbidden')
    assertProblem(await patch(999_999, author.auth, { title: 'Whatever' }), 404, 'not_found')

    assert.deepEqual(assertProblem(await patch(draft.id, author.auth, { title: null }), 422, 'validation_error').errors?.map((e) => e.field), ['title'])
    assert.deepEqual(assertProblem(await patch(draft.id, author.auth, { title: 'abc' }), 422, 'validation_error').errors?.map((e) => e.field), ['title'])
    assert.deepEqual(assertProblem(await patch(draft.id, author.auth, { author: { id: other.id } }), 422, 'validation_error').errors?.map((e) => e.field), ['author'])
    assertProblem(await patch(draft.id, author.auth, { published: 'true' }, 'application/json'), 422, 'validation_error')

    // An empty merge patch changes nothing, not even updated_at.
    t.clock.advance(5_000)
    const noop = await patch(draft.id, author.auth, {})
    assert.equal(noop.statusCode, 200)
    assert.deepEqual(noop.json(), draft)

    const retitled = await patch(draft.id, author.auth, { title: 'A better title' })
    assert.equal(retitled.statusCode, 200, retitled.body)
    assert.deepEqual(retitled.json(), { ...draft, title: 'A better title', updated_at: '2026-11-21T10:00:05.000Z' }, 'only the patched member changed')

    assertProblem(await t.inject({ method: 'GET', url: url(draft.id) }), 404, 'not_found')
    const publish = await patch(draft.id, author.auth, { published: true }, 'application/json')
    assert.equal(publish.statusCode, 200)
    assert.equal(publish.json().published, true)
    assert.equal(publish.json().content, 'Draft content')
    assert.equal((await t.inject({ method: 'GET', url: url(draft.id) })).statusCode, 200, 'published: visible to anonymous')

    const unpublish = await patch(draft.id, author.auth, { published: false })
    assert.equal(unpublish.json().published, false)
    assertProblem(await t.inject({ method: 'GET', url: url(draft.id), headers: other.auth }), 404, 'not_found')
  } finally {
    await t.close()
  }
})

test('DELETE /posts/{id}: author or admin; others 403; drafts of others 404', async () => {
  const t = await buildTestApp()
  try {
    const author = await t.makeUser('member')
    const other = await t.makeUser('member')
    const librarian = await t.makeUser('librarian')
    const admin = await t.makeUser('admin')
    const del = (id: number, headers: Record<string, string>) => t.inject({ method: 'DELETE', url: url(id), headers })

    const published = await makePost(t, author, { published: true })
    const draft = await makePost(t, author)
    assertProblem(await del(published.id, {}), 401, 'token_missing')
    assertProblem(await del(published.id, other.auth), 403, 'forbidden')
    assertProblem(await del(published.id, librarian.auth), 403, 'forbidden')
    assertProblem(await del(draft.id, other.auth), 404, 'not_found')
    assertProblem(await del(draft.id, librarian.auth), 404, 'not_found')
    assert.equal((await t.inject({ method: 'GET', url: url(published.id) })).statusCode, 200, 'refused deletes deleted nothing')
    assert.equal((await t.inject({ method: 'GET', url: url(draft.id), headers: author.auth })).statusCode, 200)

    const byAuthor = await del(published.id, author.auth)
    assert.equal(byAuthor.statusCode, 204)
    assert.equal(byAuthor.body, '')
    assertProblem(await t.inject({ method: 'GET', url: url(published.id), headers: author.auth }), 404, 'not_found')
    assertProblem(await del(published.id, author.auth), 404, 'not_found')

    assert.equal((await del(draft.id, admin.auth)).statusCode, 204, 'admin deletes a draft of someone else')
    const another = await makePost(t, other, { published: true })
    assert.equal((await del(another.id, admin.auth)).statusCode, 204, 'admin deletes a published post of someone else')
    assertProblem(await t.inject({ method: 'GET', url: url(another.id), headers: admin.auth }), 404, 'not_found')

    const librarianPost = await makePost(t, librarian, { published: true })
    assert.equal((await del(librarianPost.id, librarian.auth)).statusCode, 204, 'a librarian deletes their own post')
  } finally {
    await t.close()
  }
})

test('If-Match on PUT, PATCH and DELETE: a stale ETag → 412 and nothing changes; the current one passes', async () => {
  const t = await buildTestApp()
  try {
    const author = await t.makeUser('member')
    const other = await t.makeUser('member')
    const post = await makePost(t, author, { published: true })
    const stale = String((await t.inject({ method: 'GET', url: url(post.id) })).headers.etag)

    t.clock.advance(1000)
    const first = await t.inject({ method: 'PATCH', url: url(post.id), headers: { ...author.auth, 'if-match': stale }, payload: { content: 'Edit one' } })
    assert.equal(first.statusCode, 200, first.body)
    const current = String(first.headers.etag)
    assert.notEqual(current, stale)

    assertProblem(await t.inject({ method: 'PATCH', url: url(post.id), headers: { ...author.auth, 'if-match': stale }, payload: { content: 'Lost update' } }), 412, 'precondition_failed')
    assertProblem(
      await t.inject({ method: 'PUT', url: url(post.id), headers: { ...author.auth, 'if-match': stale }, payload: { title: 'Lost update', content: 'x', published: false } }),
      412,
      'precondition_failed',
    )
    assertProblem(await t.inject({ method: 'DELETE', url: url(post.id), headers: { ...author.auth, 'if-match': stale } }), 412, 'precondition_failed')
    assertProblem(await t.inject({ method: 'DELETE', url: url(post.id), headers: { ...author.auth, 'if-match': `W/${current}` } }), 412, 'precondition_failed')
    // Authorization is decided before the precondition.
    assertProblem(await t.inject({ method: 'PATCH', url: url(post.id), headers: { ...other.auth, 'if-match': stale }, payload: { content: 'x' } }), 403, 'forbidden')

    const read = await t.inject({ method: 'GET', url: url(post.id) })
    assert.equal(read.json().content, 'Edit one', 'no refused write changed anything')
    assert.equal(read.headers.etag, current)

    const put = await t.inject({ method: 'PUT', url: url(post.id), headers: { ...author.auth, 'if-match': current }, payload: { title: 'Second edit', content: 'Edit two', published: true } })
    assert.equal(put.statusCode, 200, put.body)
    assert.equal((await t.inject({ method: 'PUT', url: url(post.id), headers: { ...author.auth, 'if-match': '*' }, payload: { title: 'Third edit', content: 'Edit three', published: true } })).statusCode, 200)
    const latest = String((await t.inject({ method: 'GET', url: url(post.id) })).headers.etag)
    assert.equal((await t.inject({ method: 'DELETE', url: url(post.id), headers: { ...author.auth, 'if-match': `"nope", ${latest}` } })).statusCode, 204)
  } finally {
    await t.close()
  }
})

test('GET /posts: published only, newest first, offset pagination with Link; drafts on request', async () => {
  const t = await buildTestApp()
  try {
    const alice = await t.makeUser('member')
    const bob = await t.makeUser('member')
    const admin = await t.makeUser('admin')
    const published: PostBody[] = []
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000)
      published.push(await makePost(t, i % 2 ? bob : alice, { published: true }))
    }
    const aliceDraft = await makePost(t, alice)
    const bobDraft = await makePost(t, bob)
    const adminDraft = await makePost(t, admin)
    const newestFirst = [...published].reverse().map((p) => p.id)

    const all = await t.inject({ method: 'GET', url: '/api/v1/posts', headers: alice.auth })
    assert.equal(all.statusCode, 200)
    assert.deepEqual(all.json().items.map((p: PostBody) => p.id), newestFirst, 'published only, newest first, for the author too')
    assert.equal(all.json().total, 5)
    assert.equal(all.headers['cache-control'], 'public, max-age=60')
    assert.deepEqual((await t.inject({ method: 'GET', url: '/api/v1/posts?published=true' })).json().items.map((p: PostBody) => p.id), newestFirst)

    const page2 = await t.inject({ method: 'GET', url: '/api/v1/posts?per_page=2&page=2' })
    assert.equal(page2.statusCode, 200)
    assert.deepEqual(page2.json(), { items: [published[2], published[1]], page: 2, per_page: 2, total: 5, total_pages: 3 })
    const link = String(page2.headers.link)
    for (const [rel, page] of [['first', 1], ['prev', 1], ['next', 3], ['last', 3]] as const) {
      assert.match(link, new RegExp(`<[^>]*[?&]page=${page}(&[^>]*)?>; rel="${rel}"`), `${rel} in ${link}`)
    }
    assert.match(link, /per_page=2/, 'other query parameters are kept')
    const last = await t.inject({ method: 'GET', url: '/api/v1/posts?per_page=2&page=3' })
    assert.deepEqual(last.json().items.map((p: PostBody) => p.id), [published[0]!.id])
    assert.doesNotMatch(String(last.headers.link), /rel="next"/)
    const beyond = await t.inject({ method: 'GET', url: '/api/v1/posts?per_page=2&page=9' })
    assert.deepEqual(beyond.json().items, [])

    for (const query of ['per_page=0', 'per_page=101', 'page=0', 'published=maybe', 'author_id=1', 'sort=title']) {
      assertProblem(await t.inject({ method: 'GET', url: `/api/v1/posts?${query}` }), 422, 'validation_error')
    }

    const anonymous = await t.inject({ method: 'GET', url: '/api/v1/posts?published=false' })
    assertProblem(anonymous, 401, 'token_missing')
    assert.match(String(anonymous.headers['www-authenticate']), /^Bearer realm=/)
    for (const [user, draft] of [[alice, aliceDraft], [bob, bobDraft], [admin, adminDraft]] as const) {
      const drafts = await t.inject({ method: 'GET', url: '/api/v1/posts?published=false', headers: user.auth })
      assert.equal(drafts.statusCode, 200)
      assert.deepEqual(drafts.json().items, [draft], `${user.username} sees only their own drafts`)
      assert.equal(drafts.headers['cache-control'], 'private, no-store')
    }
  } finally {
    await t.close()
  }
})

test('OpenAPI: every posts operation is documented with tags, ids, security and the Post schema', async () => {
  const t = await buildTestApp()
  try {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
    const post = doc.components.schemas.Post
    assert.ok(post, 'Post is a named component')
    assert.ok(post.examples?.length > 0)
    const expected: [string, string, string, boolean][] = [
      ['/api/v1/posts', 'get', 'listPosts', false],
      ['/api/v1/posts', 'post', 'createPost', true],
      ['/api/v1/posts/{id}', 'get', 'getPost', false],
      ['/api/v1/posts/{id}', 'put', 'replacePost', true],
      ['/api/v1/posts/{id}', 'patch', 'patchPost', true],
      ['/api/v1/posts/{id}', 'delete', 'deletePost', true],
      ['/api/v1/users/{id}/posts', 'get', 'listUserPosts', false],
    ]
    for (const [path, method, operationId, required] of expected) {
      const operation = doc.paths[path]?.[method]
      assert.ok(operation, `${method} ${path}`)
      assert.equal(operation.operationId, operationId)
      assert.deepEqual(operation.tags, ['posts'])
      assert.ok(operation.summary)
      assert.ok(operation.security.some((s: Record<string, unknown>) => 'bearerAuth' in s))
      assert.equal(operation.security.some((s: Record<string, unknown>) => Object.keys(s).length === 0), !required, `${operationId}: anonymous allowed?`)
      assert.ok(operation.responses['401'] && operation.responses['422'], operationId)
    }
  } finally {
    await t.close()
  }
})
