import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { charsetOf } from '../../src/shared/json-body.ts'
import { assertProblem, buildTestApp, type TestContext, type TestUser } from '../helper.ts'

let t: TestContext
let librarian: TestUser

before(async () => {
  t = await buildTestApp()
  librarian = await t.makeUser('librarian')
})
after(async () => t.close())

const bookCount = async () => Number((await t.app.db.selectFrom('books').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
const post = (payload: string | Buffer, contentType = 'application/json') =>
  t.inject({ method: 'POST', url: '/api/v1/books', headers: { ...librarian.auth, 'content-type': contentType }, payload })

describe('JSON bodies are strict UTF-8', () => {
  test('raw bytes that are not UTF-8 are 400 invalid_json and nothing is stored', async () => {
    const before = await bookCount()
    for (const bad of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xe2, 0x82]]) {
      const body = Buffer.concat([Buffer.from('{"title":"A'), Buffer.from(bad), Buffer.from('","author":"B"}')])
      assertProblem(await post(body), 400, 'invalid_json')
      assertProblem(await post(body, 'application/json; charset=utf-8'), 400, 'invalid_json')
    }
    assert.equal(await bookCount(), before)
  })

  test('a lone surrogate escape in a value or a key is 400 invalid_json; a pair is fine', async () => {
    const before = await bookCount()
    for (const text of ['{"title":"\\ud800","author":"B"}', '{"title":"x\\uDFFFy","author":"B"}', '{"title":"A","author":"B","\\ud83d":1}', '{"title":"A","author":"B","genres":["\\udc00\\ud800"]}']) {
      assertProblem(await post(text), 400, 'invalid_json')
    }
    const patch = await t.inject({ method: 'PATCH', url: '/api/v1/books/1', headers: { ...librarian.auth, 'content-type': 'application/merge-patch+json' }, payload: '{"title":"\\ud800"}' })
    assertProblem(patch, 400, 'invalid_json')
    assert.equal(await bookCount(), before)
    const pair = await post('{"title":"\\ud83d\\udcda books \\\\ud800","author":"B"}')
    assert.equal(pair.statusCode, 201, pair.body)
    assert.equal(pair.json().title, '📚 books \\ud800', 'an escaped backslash before ud800 is text, not an escape')
  })

  test('a charset other than utf-8 is 415; utf-8 in any case or quoted is fine', async () => {
    for (const type of ['application/json; charset=iso-8859-1', 'application/json;charset=UTF-16', 'application/merge-patch+json; charset=latin1', 'application/json; charset="windows-1252"']) {
      assertProblem(await post('{"title":"A","author":"B"}', type), 415, 'unsupported_media_type')
    }
    for (const type of ['application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'application/json']) {
      assert.equal((await post('{"title":"A","author":"B"}', type)).statusCode, 201, type)
    }
  })

  test('a leading UTF-8 byte order mark is ignored (RFC 8259 §8.1); anywhere else it is text', async () => {
    const response = await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"title":"Bom","author":"B"}')]))
    assert.equal(response.statusCode, 201, response.body)
    assert.equal(response.json().title, 'Bom')
  })

  test('prototype poisoning is still refused, empty and malformed bodies still 400', async () => {
    assertProblem(await post('{"title":"A","author":"B","__proto__":{"x":1}}'), 400, 'invalid_json')
    assertProblem(await post(''), 400, 'invalid_json')
    assertProblem(await post('{"title":'), 400, 'invalid_json')
  })

  test('charsetOf reads the parameter case-insensitively, unquoted', () => {
    assert.equal(charsetOf('application/json; Charset="UTF-8"'), 'utf-8')
    assert.equal(charsetOf('application/json; foo=bar;charset=latin1'), 'latin1')
    assert.equal(charsetOf('application/json'), undefined)
    assert.equal(charsetOf(undefined), undefined)
  })
})
