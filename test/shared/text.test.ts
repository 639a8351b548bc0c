import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { trimLines } from '../../src/shared/text.ts'
import { assertProblem, buildTestApp, type TestContext, type TestUser } from '../helper.ts'

let t: TestContext
let librarian: TestUser
let member: TestUser

before(async () => {
  t = await buildTestApp()
  librarian = await t.makeUser('librarian')
  member = await t.makeUser('member')
})
after(async () => t.close())

const createBook = (payload: Record<string, unknown>) => t.inject({ method: 'POST', url: '/api/v1/books', headers: librarian.auth, payload })
const createPost = (payload: Record<string, unknown>) => t.inject({ method: 'POST', url: '/api/v1/posts', headers: member.auth, payload })

describe('text is stored as sent, single-line fields trimmed, never normalised', () => {
  test('books: an NFD title comes back byte-identical; title, author, publisher are trimmed; the summary is not', async () => {
    const nfd = 'Cafe\u0301 \u00e9t\u00e9 \u{1F4DA}'
    const created = await createBook({ title: nfd, author: '\t Frank Herbert \n', publisher: '  Ace  ', summary: '  kept as sent  ' })
    assert.equal(created.statusCode, 201, created.body)
    const read = (await t.inject({ method: 'GET', url: `/api/v1/books/${created.json().id}` })).json()
    assert.equal(Buffer.from(read.title).toString('hex'), Buffer.from(nfd).toString('hex'))
    assert.notEqual(read.title, nfd.normalize('NFC'))
    assert.equal(read.author, 'Frank Herbert')
    assert.equal(read.publisher, 'Ace')
    assert.equal(read.summary, '  kept as sent  ')
    const v2 = (await t.inject({ method: 'GET', url: `/api/v2/books/${created.json().id}` })).json()
    assert.equal(v2.title, nfd)
  })

  test('books: "  Dune  " comes back "Dune" through POST, PUT and PATCH', async () => {
    const created = await createBook({ title: '  Dune  ', author: 'Frank Herbert' })
    assert.equal(created.json().title, 'Dune')
    const id = created.json().id
    const put = await t.inject({ method: 'PUT', url: `/api/v1/books/${id}`, headers: librarian.auth, payload: { title: ' Dune Messiah ', author: ' F. H. ' } })
    assert.deepEqual([put.json().title, put.json().author], ['Dune Messiah', 'F. H.'])
    const patch = await t.inject({ method: 'PATCH', url: `/api/v1/books/${id}`, headers: librarian.auth, payload: { title: '\u3000Children of Dune\u00a0' } })
    assert.equal(patch.json().title, 'Children of Dune')
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/books/${id}` })).json().title, 'Children of Dune')
  })

  test('books: a title or author of only white space, control or format characters is 422 naming it (create, replace, patch)', async () => {
    const book = await t.makeBook()
    for (const blank of [' ', '\u200b \t', '\u00ad', '\u0001\u0002', '\u2028', '\ufeff']) {
      assert.deepEqual(assertProblem(await createBook({ title: blank, author: blank }), 422, 'validation_error').errors!.map((e) => e.field).sort(), ['author', 'title'], JSON.stringify(blank))
      const put = await t.inject({ method: 'PUT', url: `/api/v1/books/${book.id}`, headers: librarian.auth, payload: { title: blank, author: 'A' } })
      assert.deepEqual(assertProblem(put, 422, 'validation_error').errors!.map((e) => e.field), ['title'])
      const patch = await t.inject({ method: 'PATCH', url: `/api/v1/books/${book.id}`, headers: librarian.auth, payload: { author: blank } })
      assert.deepEqual(assertProblem(patch, 422, 'validation_error').errors!.map((e) => e.field), ['author'])
    }
    // One visible character is enough, with invisible ones around it.
    assert.equal((await createBook({ title: '\u200bX\u200b', author: '-' })).json().title, '\u200bX\u200b')
  })

  test('posts: the title is trimmed and must keep 5 characters after trimming; the content is stored as sent', async () => {
    const created = await createPost({ title: '  Hello world  ', content: '  body  ', published: true })
    assert.equal(created.statusCode, 201, created.body)
    assert.deepEqual([created.json().title, created.json().content], ['Hello world', '  body  '])
    const id = created.json().id
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/posts/${id}` })).json().title, 'Hello world')
    for (const title of ['  abc   ', '\u200b\u200b\u200b\u200b\u200b', '     \t   ']) {
      assert.deepEqual(assertProblem(await createPost({ title, content: 'x' }), 422, 'validation_error').errors!.map((e) => e.field), ['title'], JSON.stringify(title))
    }
    const patch = await t.inject({ method: 'PATCH', url: `/api/v1/posts/${id}`, headers: member.auth, payload: { title: '\ta b c\t' } })
    assert.equal(patch.statusCode, 200, patch.body)
    assert.equal(patch.json().title, 'a b c')
    const put = await t.inject({ method: 'PUT', url: `/api/v1/posts/${id}`, headers: member.auth, payload: { title: ' x ', content: 'y', published: true } })
    assertProblem(put, 422, 'validation_error')
  })

  test('trimLines trims only the named string fields and copies the input', () => {
    const input = { title: '  a  ', summary: ' b ', publisher: null as string | null }
    assert.deepEqual(trimLines(input, ['title', 'publisher']), { title: 'a', summary: ' b ', publisher: null })
    assert.equal(input.title, '  a  ')
  })
})
