import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, test } from 'node:test'
import { assertProblem, buildTestApp, type TestContext, withApp } from '../helper.ts'


/** Waits (up to 10 s of polling) until the app's pressure state is `wanted`. */
async function waitForPressure(t: TestContext, wanted: boolean): Promise<void> {
  for (let i = 0; i < 1000 && t.app.isUnderPressure() !== wanted; i++) await sleep(10)
  assert.equal(t.app.isUnderPressure(), wanted, `pressure never became ${wanted}`)
}

/** Runs the event loop flat out for `ms` milliseconds, as a CPU-bound handler would. */
function blockEventLoop(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // busy: no timer, no I/O callback runs meanwhile
  }
}

/** Asserts a shed answer: 503 `unavailable` with `Retry-After` as configured, in the header and the body. */
function assertShed(response: Awaited<ReturnType<TestContext['inject']>>, retryAfter: string): void {
  const body = assertProblem(response, 503, 'unavailable') as { retry_after?: number }
  assert.equal(response.headers['retry-after'], retryAfter)
  assert.equal(body.retry_after, Number(retryAfter))
}

describe('load shedding', () => {
  test('heap over its threshold: 503 with Retry-After before any other work; health, readiness and metrics still answer', () =>
    withApp({ SHED_MAX_HEAP_USED_BYTES: '1', SHED_SAMPLE_INTERVAL: '20', SHED_RETRY_AFTER: '7' }, async (t) => {
      await waitForPressure(t, true)
      const shed = await t.inject({ method: 'GET', url: '/api/v1/books' })
      assertShed(shed, '7')
      assert.equal(shed.headers['ratelimit-limit'], undefined, 'answered before the rate limiter counted it')
      assertShed(await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'someone', password: 'Whatever-1!' } }), '7')
      assertProblem(await t.inject({ method: 'GET', url: '/no/such/route' }), 404, 'not_found')

      const health = await t.inject({ method: 'GET', url: '/health' })
      assert.equal(health.statusCode, 200)
      const ready = await t.inject({ method: 'GET', url: '/health/ready' })
      const body = assertProblem(ready, 503, 'unavailable') as { checks?: Record<string, string> }
      assert.equal(body.checks?.pressure, 'failed')
      assert.equal(body.checks?.database, 'ok')
      assert.equal(ready.headers['retry-after'], '7')

      const metrics = await t.inject({ method: 'GET', url: '/metrics' })
      assert.equal(metrics.statusCode, 200)
      assert.match(metrics.body, /^load_shed_total\{reason="heapUsedBytes",[^}]*\} 2$/m)
      assert.match(metrics.body, /^http_requests_total\{method="GET",route="\/api\/v1\/books",status_code="503",[^}]*\} 1$/m)
    }))

  test('a blocked event loop sheds the next requests, then the instance recovers', () =>
    withApp({ SHED_MAX_EVENT_LOOP_DELAY: '20', SHED_SAMPLE_INTERVAL: '1000' }, async (t) => {
      await waitForPressure(t, false)
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books' })).statusCode, 200)
      blockEventLoop(1500)
      await waitForPressure(t, true)
      assertShed(await t.inject({ method: 'GET', url: '/api/v1/books' }), '5')
      assert.equal((await t.inject({ method: 'GET', url: '/health' })).statusCode, 200)
      await waitForPressure(t, false)
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books' })).statusCode, 200)
      const ready = await t.inject({ method: 'GET', url: '/health/ready' })
      assert.equal(ready.statusCode, 200)
      assert.equal(ready.json().checks.pressure, undefined)
    }))

  test('all thresholds 0: never under pressure, whatever the heap', () =>
    withApp({ SHED_MAX_EVENT_LOOP_DELAY: '0', SHED_MAX_HEAP_USED_BYTES: '0', SHED_SAMPLE_INTERVAL: '10' }, async (t) => {
      await sleep(50)
      assert.equal(t.app.isUnderPressure(), false)
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books' })).statusCode, 200)
    }))

  test('the OpenAPI document gives shed-able operations a 503 with Retry-After, and not the exempt ones', () =>
    withApp({}, async (t) => {
      const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
      const books = doc.paths['/api/v1/books'].get.responses['503']
      assert.ok(books.headers['Retry-After'], JSON.stringify(books))
      assert.match(books.description, /sheds load/)
      assert.doesNotMatch(JSON.stringify(doc.paths['/metrics'].get.responses['503'] ?? {}), /sheds load/)
    }))

  test('invalid thresholds are configuration errors naming the key', async () => {
    await assert.rejects(buildTestApp({ SHED_MAX_EVENT_LOOP_UTILIZATION: '1.5' }), /SHED_MAX_EVENT_LOOP_UTILIZATION/)
    await assert.rejects(buildTestApp({ SHED_MAX_EVENT_LOOP_DELAY: '-1' }), /SHED_MAX_EVENT_LOOP_DELAY/)
    await assert.rejects(buildTestApp({ SHED_SAMPLE_INTERVAL: '5' }), /SHED_SAMPLE_INTERVAL/)
  })
})
