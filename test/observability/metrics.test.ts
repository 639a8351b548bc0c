import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { assertProblem, buildTestApp, type TestContext, withApp } from '../helper.ts'
import { createTask, waitForTask } from '../tasks/task-helpers.ts'


/** Scrapes `/metrics` (200 expected) and returns the exposition. */
async function scrape(t: TestContext, headers: Record<string, string> = {}): Promise<string> {
  const response = await t.inject({ method: 'GET', url: '/metrics', headers })
  assert.equal(response.statusCode, 200, response.body)
  assert.equal(response.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8')
  return response.body
}

/** The value of the one sample of `name` whose labels include every pair of `labels`; undefined when there is none. */
function sample(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`)
  const lines = exposition.split('\n').filter((line) => line.startsWith(`${name}{`) && wanted.every((pair) => line.includes(pair)))
  assert.ok(lines.length <= 1, `several samples of ${name} match ${wanted.join(',')}: ${lines.join(' | ')}`)
  return lines[0] === undefined ? undefined : Number(lines[0].slice(lines[0].lastIndexOf(' ') + 1))
}

describe('GET /metrics', () => {
  let t: TestContext
  before(async () => {
    t = await buildTestApp({ INSTANCE_ID: 'api-test-1' })
  })
  after(() => t.close())

  test('one request gives its counter and histogram lines, labelled by route template, status and instance', async () => {
    const book = await t.makeBook()
    const response = await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })
    assert.equal(response.statusCode, 200)
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books?per_page=7' })).statusCode, 200)
    const text = await scrape(t)
    const labels = { method: 'GET', route: '/api/v1/books/:id', status_code: '200', instance_id: 'api-test-1' }
    assert.equal(sample(text, 'http_requests_total', labels), 1)
    assert.equal(sample(text, 'http_request_duration_seconds_count', labels), 1)
    assert.equal(sample(text, 'http_request_duration_seconds_bucket', { ...labels, le: '+Inf' }), 1)
    assert.ok(sample(text, 'http_request_duration_seconds_sum', labels)! > 0)
    assert.ok(!text.includes(`/api/v1/books/${book.id}`), 'no raw id in any label')
    assert.equal(sample(text, 'http_requests_total', { route: '/api/v1/books', status_code: '200' }), 1)
    assert.ok(!text.includes('per_page'), 'no query string in any label')
    assert.equal(sample(text, 'http_requests_total', { method: 'POST', route: '/api/v1/books', status_code: '201' }), 1)
  })

  test('a request no route matches is counted as `unmatched`, never by its URL', async () => {
    const response = await t.inject({ method: 'GET', url: '/no/such/route/987654321' })
    assertProblem(response, 404, 'not_found')
    const text = await scrape(t)
    assert.equal(sample(text, 'http_requests_total', { route: 'unmatched', status_code: '404' }), 1)
    assert.ok(!text.includes('987654321'))
  })

  test('a 404 of a known route (unknown id) carries the template', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/v1/books/55555555' })
    assertProblem(response, 404, 'not_found')
    const text = await scrape(t)
    assert.equal(sample(text, 'http_requests_total', { route: '/api/v1/books/:id', status_code: '404' }), 1)
    assert.ok(!text.includes('55555555'))
  })

  test('response-cache misses and hits are counted by route', async () => {
    const book = await t.makeBook()
    const before = await scrape(t)
    const route = { route: '/api/v1/books/:id' }
    const hitsBefore = sample(before, 'response_cache_requests_total', { ...route, result: 'hit' }) ?? 0
    const missesBefore = sample(before, 'response_cache_requests_total', { ...route, result: 'miss' }) ?? 0
    const first = await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })
    assert.equal(first.headers['x-cache'], 'MISS')
    const second = await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })
    assert.equal(second.headers['x-cache'], 'HIT')
    const text = await scrape(t)
    assert.equal(sample(text, 'response_cache_requests_total', { ...route, result: 'miss' }), missesBefore + 1)
    assert.equal(sample(text, 'response_cache_requests_total', { ...route, result: 'hit' }), hitsBefore + 1)
  })

  test('default process metrics, event-loop lag, the pool and the task gauge are exposed', async () => {
    const text = await scrape(t)
    for (const name of ['process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds']) {
      assert.ok(sample(text, name, { instance_id: 'api-test-1' }) !== undefined, name)
    }
    assert.ok(sample(text, 'db_pool_connections', { state: 'total' })! >= 1)
    assert.equal(sample(text, 'tasks', { status: 'running' }), 0)
  })

  test('a task attempt is counted by type and outcome', async () => {
    const librarian = await t.makeUser('librarian')
    const id = await createTask(t, librarian, 'token_cleanup')
    const task = await waitForTask(t, librarian, id)
    assert.equal(task.status, 'completed')
    const text = await scrape(t)
    assert.equal(sample(text, 'task_attempts_total', { type: 'token_cleanup', outcome: 'completed' }), 1)
    assert.equal(sample(text, 'task_attempt_duration_seconds_count', { type: 'token_cleanup' }), 1)
    assert.equal(sample(text, 'tasks', { status: 'queued' }), 0)
  })
})

describe('rate-limit rejections', () => {
  test('a 429 is counted by the policy that refused it', () =>
    withApp({ RATE_LIMIT_ANONYMOUS: '2/min', RATE_LIMIT_LOGIN: '1/min' }, async (t) => {
      for (let i = 0; i < 2; i++) assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books' })).statusCode, 200)
      assertProblem(await t.inject({ method: 'GET', url: '/api/v1/books' }), 429, 'rate_limited')
      // The scrape itself is over the anonymous limit too: read the registry directly.
      const text = await t.app.metrics!.scrape()
      assert.equal(sample(text, 'rate_limit_rejections_total', { policy: 'anonymous' }), 1)
      assert.equal(sample(text, 'http_requests_total', { route: '/api/v1/books', status_code: '429' }), 1)
    }))

  test('the login policy is named on its own', () =>
    withApp({ RATE_LIMIT_LOGIN: '1/min' }, async (t) => {
      const login = { method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody_here', password: 'Wrong-pass1!' } } as const
      assertProblem(await t.inject(login), 401, 'invalid_credentials')
      assertProblem(await t.inject(login), 429, 'rate_limited')
      const text = await scrape(t)
      assert.equal(sample(text, 'rate_limit_rejections_total', { policy: 'login' }), 1)
      assert.equal(sample(text, 'rate_limit_rejections_total', { policy: 'anonymous' }), undefined)
    }))
})

describe('METRICS_TOKEN', () => {
  const token = 'scrape-token-0123456789'
  test('when set, the bearer token is required: missing → 401 token_missing, wrong → 401 token_invalid, both with WWW-Authenticate', () =>
    withApp({ METRICS_TOKEN: token }, async (t) => {
      const missing = await t.inject({ method: 'GET', url: '/metrics' })
      assertProblem(missing, 401, 'token_missing')
      assert.match(String(missing.headers['www-authenticate']), /^Bearer /)
      const wrong = await t.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-token-0123456780' } })
      assertProblem(wrong, 401, 'token_invalid')
      assert.match(String(wrong.headers['www-authenticate']), /error="invalid_token"/)
      const shorter = await t.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer x' } })
      assertProblem(shorter, 401, 'token_invalid')
      const basic = await t.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Basic ${Buffer.from(`u:${token}`).toString('base64')}` } })
      assertProblem(basic, 401, 'token_missing')
      const text = await scrape(t, { authorization: `Bearer ${token}` })
      assert.equal(sample(text, 'http_requests_total', { route: '/metrics', status_code: '401' }), 4)
    }))

  test('a token shorter than 16 characters is a configuration error naming the key', async () => {
    await assert.rejects(buildTestApp({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN/)
  })

  test('without a token the endpoint is open, and the OpenAPI document describes it as text', () =>
    withApp({}, async (t) => {
      await scrape(t)
      const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
      const operation = doc.paths['/metrics'].get
      assert.ok(operation.responses['200'].content['text/plain'])
      assert.ok(operation.responses['401'])
    }))
})

describe('METRICS_ENABLED=false', () => {
  test('registers nothing: no route, no counting', () =>
    withApp({ METRICS_ENABLED: 'false' }, async (t) => {
      assert.equal(t.app.metrics, null)
      assertProblem(await t.inject({ method: 'GET', url: '/metrics' }), 404, 'not_found')
      const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
      assert.equal(doc.paths['/metrics'], undefined)
    }))
})
