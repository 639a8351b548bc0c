import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, test } from 'node:test'
import type { App } from '../../src/shared/app-types.ts'
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

/** Lets the event loop finish its turn (its check phase, where the admission control closes a turn). */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/** Waits (up to 5 s of polling) until `app.loadShedding.state().inFlight` is `wanted`. */
async function waitForInFlight(t: TestContext, wanted: number): Promise<void> {
  for (let i = 0; i < 500 && t.app.loadShedding.state().inFlight !== wanted; i++) await sleep(10)
  assert.equal(t.app.loadShedding.state().inFlight, wanted, 'requests in flight')
}

/** A gate the test's slow route waits on until the test opens it. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { opened, open }
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

  test('in-flight cap: past SHED_MAX_IN_FLIGHT the next request gets 503 at once; health answers; aborted and failed requests are released', async () => {
    let current = gate()
    const routes = (app: App) => {
      app.get('/test/slow', { schema: { hide: true } }, async () => {
        await current.opened
        return { ok: true }
      })
      app.get('/test/fail', { schema: { hide: true } }, async () => {
        throw new Error('boom')
      })
    }
    await withApp({ SHED_MAX_IN_FLIGHT: '2', SHED_RETRY_AFTER: '3' }, async (t) => {
      try {
        const slow = [t.app.inject({ method: 'GET', url: '/test/slow' }), t.app.inject({ method: 'GET', url: '/test/slow' })]
        await waitForInFlight(t, 2)
        const shed = await t.inject({ method: 'GET', url: '/api/v1/books' })
        assertShed(shed, '3')
        assert.equal(shed.headers['ratelimit-limit'], undefined, 'answered before the rate limiter counted it')
        assert.equal((await t.inject({ method: 'GET', url: '/health' })).statusCode, 200)
        const ready = await t.inject({ method: 'GET', url: '/health/ready' })
        assert.equal((assertProblem(ready, 503, 'unavailable') as { checks?: Record<string, string> }).checks?.pressure, 'failed')
        assert.equal(ready.headers['retry-after'], '3')

        current.open()
        for (const response of await Promise.all(slow)) assert.equal(response.statusCode, 200)
        await waitForInFlight(t, 0)
        assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books' })).statusCode, 200)
        assert.equal((await t.inject({ method: 'GET', url: '/health/ready' })).statusCode, 200)

        // A handler that throws: answered 500, released — three in a row under a cap of 2.
        for (let i = 0; i < 3; i++) assert.equal((await t.app.inject({ method: 'GET', url: '/test/fail' })).statusCode, 500)
        await waitForInFlight(t, 0)

        // Clients that hang up before the answer: released when their connection closes.
        current = gate()
        await t.app.listen({ port: 0, host: '127.0.0.1' })
        const { port } = t.app.server.address() as AddressInfo
        const clients = [0, 1].map(() => {
          const req = httpRequest({ host: '127.0.0.1', port, path: '/test/slow' })
          req.on('error', () => {})
          req.end()
          return req
        })
        await waitForInFlight(t, 2)
        assertShed(await t.inject({ method: 'GET', url: '/api/v1/books' }), '3')
        for (const req of clients) req.destroy()
        await waitForInFlight(t, 0)
        assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books' })).statusCode, 200)

        const metrics = (await t.inject({ method: 'GET', url: '/metrics' })).body
        assert.match(metrics, /^load_shed_total\{reason="inFlight",[^}]*\} 2$/m)
        assert.match(metrics, /^http_requests_in_flight\{[^}]*\} 0$/m)
      } finally {
        current.open()
      }
    }, { routes })
  })

  test('adaptive share: event-loop turns making the delay over SHED_TARGET_DELAY shed a share of requests, which falls back to 0 once idle', () =>
    withApp({ SHED_TARGET_DELAY: '20', SHED_RETRY_AFTER: '2' }, async (t) => {
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books' })).statusCode, 200)
      // 30 turns of 60 ms (a CPU-bound handler each): the share climbs to its cap.
      for (let i = 0; i < 30; i++) {
        assert.equal((await t.app.inject({ method: 'GET', url: '/test/busy' })).statusCode, 200)
        await nextTurn()
      }
      assert.ok(t.app.loadShedding.state().share > 0.5, JSON.stringify(t.app.loadShedding.state()))
      const ready = await t.inject({ method: 'GET', url: '/health/ready' })
      assert.equal((assertProblem(ready, 503, 'unavailable') as { checks?: Record<string, string> }).checks?.pressure, 'failed')
      assert.equal((await t.inject({ method: 'GET', url: '/health' })).statusCode, 200)

      let shed = 0
      for (let i = 0; i < 5; i++) {
        await nextTurn()
        const response = await t.inject({ method: 'GET', url: '/api/v1/books' })
        if (response.statusCode === 503) {
          assertShed(response, '2')
          shed++
        } else assert.equal(response.statusCode, 200)
      }
      assert.ok(shed >= 1, 'a share of the requests was shed')
      assert.match((await t.inject({ method: 'GET', url: '/metrics' })).body, new RegExp(`^load_shed_total\\{reason="turnDelay",[^}]*\\} ${shed}$`, 'm'))

      // Idle for a while (windows of 80 ms without delay): the share is back to 0 and every request is served.
      // Each request in a turn of its own, as separate requests over sockets are: injected ones that
      // follow each other without the loop reaching its check phase would make one turn, and past
      // 2 × the target the turn budget refuses the rest (a slow CI machine got there).
      await sleep(1200)
      for (let i = 0; i < 10; i++) {
        assert.equal((await t.inject({ method: 'GET', url: '/api/v1/books' })).statusCode, 200)
        await nextTurn()
      }
      assert.equal(t.app.loadShedding.state().share, 0)
      assert.equal((await t.inject({ method: 'GET', url: '/health/ready' })).statusCode, 200)
    }, {
      routes: (app) => {
        app.get('/test/busy', { schema: { hide: true }, config: { loadShedding: false } }, async () => {
          blockEventLoop(60)
          return { ok: true }
        })
      },
    }))

  test('a shed answer is not logged as an error (it is the expected answer of an overloaded instance)', async () => {
    const lines: string[] = []
    const { Writable } = await import('node:stream')
    const logStream = new Writable({ write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    } })
    const t = await buildTestApp({ SHED_MAX_HEAP_USED_BYTES: '1', SHED_SAMPLE_INTERVAL: '20' }, { logStream })
    try {
      await waitForPressure(t, true)
      assertShed(await t.inject({ method: 'GET', url: '/api/v1/books' }), '5')
      assert.deepEqual(lines.filter((line) => JSON.parse(line).level >= 50), [])
    } finally {
      await t.close()
    }
  })

  test('new rules: invalid values are configuration errors naming the key', async () => {
    await assert.rejects(buildTestApp({ SHED_TARGET_DELAY: '-1' }), /SHED_TARGET_DELAY/)
    await assert.rejects(buildTestApp({ SHED_MAX_IN_FLIGHT: 'many' }), /SHED_MAX_IN_FLIGHT/)
  })
})
