import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { PROBLEMS } from '../src/errors.ts'
import { buildTestApp, type TestContext, type TestUser } from './helper.ts'

let t: TestContext
let librarian: TestUser
before(async () => {
  t = await buildTestApp({ BODY_LIMIT: '2048' })
  librarian = await t.makeUser('librarian')
})
after(async () => t.close())

function assertProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): Record<string, unknown> }, status: number, code: string) {
  assert.equal(response.statusCode, status)
  assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
  const body = response.json()
  assert.equal(body.code, code)
  assert.equal(body.status, status)
  assert.equal(body.type, `/docs/problems#${code.replaceAll('_', '-')}`)
  assert.equal(body.request_id, response.headers['x-request-id'])
  assert.equal(typeof body.title, 'string')
}

describe('Fastify’s own errors are problems', () => {
  test('malformed JSON is 400 invalid_json', async () => {
    const response = await t.inject({ method: 'POST', url: '/api/v1/books', headers: { ...librarian.auth, 'content-type': 'application/json' }, payload: '{"title": ' })
    assertProblem(response, 400, 'invalid_json')
  })

  test('an empty JSON body is 400 invalid_json', async () => {
    const response = await t.inject({ method: 'POST', url: '/api/v1/books', headers: { ...librarian.auth, 'content-type': 'application/json' }, payload: '' })
    assertProblem(response, 400, 'invalid_json')
  })

  test('a body that is not JSON is 415', async () => {
    const response = await t.inject({ method: 'POST', url: '/api/v1/books', headers: { ...librarian.auth, 'content-type': 'text/plain' }, payload: 'hello' })
    assertProblem(response, 415, 'unsupported_media_type')
  })

  test('a body over the limit is 413', async () => {
    const response = await t.inject({ method: 'POST', url: '/api/v1/books', headers: librarian.auth, payload: { title: 'x'.repeat(4000), author: 'y' } })
    assertProblem(response, 413, 'payload_too_large')
  })

  test('an unknown route is 404 problem JSON', async () => {
    assertProblem(await t.inject({ method: 'GET', url: '/api/v1/nothing-here' }), 404, 'not_found')
  })

  test('a wrong method is 405 with Allow', async () => {
    const response = await t.inject({ method: 'DELETE', url: '/api/v1/books' })
    assertProblem(response, 405, 'method_not_allowed')
    assert.match(String(response.headers.allow), /GET/)
    assert.match(String(response.headers.allow), /POST/)
  })

  test('a validation error names the field and is 422', async () => {
    const response = await t.inject({ method: 'POST', url: '/api/v1/books', headers: librarian.auth, payload: { title: '', author: 'A' } })
    assertProblem(response, 422, 'validation_error')
    assert.deepEqual(response.json().errors, [{ field: 'title', message: 'must NOT have fewer than 1 characters' }])
    assert.equal(response.json().detail, '1 field is invalid')
  })

  test('wrong JSON types in the body are 422, never 500', async () => {
    for (const payload of [[], 'string', 42, null, { title: ['a'], author: {} }]) {
      const response = await t.inject({ method: 'POST', url: '/api/v1/books', headers: { ...librarian.auth, 'content-type': 'application/json' }, payload: JSON.stringify(payload) })
      assert.ok([400, 422].includes(response.statusCode), `${JSON.stringify(payload)} → ${response.statusCode}`)
    }
  })
})

describe('request ids', () => {
  test('a sane X-Request-ID is echoed, an insane one is replaced', async () => {
    const sane = await t.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } })
    assert.equal(sane.headers['x-request-id'], 'abc-123')
    const insane = await t.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'no spaces <script>' } })
    assert.match(String(insane.headers['x-request-id']), /^[0-9a-f-]{36}$/)
  })

  test('a problem carries the request id it was given', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/v1/books/999999', headers: { 'x-request-id': 'trace-me-42' } })
    assert.equal(response.json().request_id, 'trace-me-42')
  })
})

describe('the problem catalog', () => {
  test('every code is listed on /docs/problems', async () => {
    const page = await t.inject({ method: 'GET', url: '/docs/problems' })
    assert.equal(page.statusCode, 200)
    for (const code of Object.keys(PROBLEMS)) assert.match(page.body, new RegExp(`<code>${code}</code>`), code)
  })
})
