import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { after, before, describe, test } from 'node:test'
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { buildTestApp, type TestContext, TS_LOADER } from '../helper.ts'
import { createTask, waitForTask } from '../tasks/task-helpers.ts'

const run = promisify(execFile)

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId

describe('tracing with an in-memory exporter', () => {
  const exporter = new InMemorySpanExporter()
  let t: TestContext
  before(async () => {
    t = await buildTestApp({}, { spanProcessor: new SimpleSpanProcessor(exporter) })
  })
  after(() => t.close())

  test('a request gets a span with its route and request id, continuing the caller\'s trace; its queries are child spans', async () => {
    const librarian = await t.makeUser('librarian')
    exporter.reset()
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/books',
      headers: { ...librarian.auth, 'x-request-id': 'trace-test-1', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      payload: { title: 'Traced', author: 'Someone', copies_total: 1 },
    })
    assert.equal(response.statusCode, 201, response.body)
    const spans = exporter.getFinishedSpans()
    const request = spans.find((span) => span.attributes['http.request.id'] === 'trace-test-1')
    assert.ok(request, `no request span among ${spans.map((s) => s.name).join(', ')}`)
    assert.equal(request.attributes['http.route'], '/api/v1/books')
    assert.equal(request.attributes['http.response.status_code'], 201)
    assert.equal(request.spanContext().traceId, traceId)
    assert.equal(parentOf(request), '00f067aa0ba902b7')
    const insert = spans.find((span) => span.attributes['db.operation.name'] === 'INSERT' && /insert into "books"/i.test(String(span.attributes['db.query.text'])))
    assert.ok(insert, `no INSERT span among ${spans.map((s) => s.name).join(', ')}`)
    assert.equal(insert.spanContext().traceId, traceId)
    assert.equal(insert.attributes['db.system.name'], t.app.dbDialect === 'postgres' ? 'postgresql' : 'sqlite')
    assert.ok(!JSON.stringify(insert.attributes).includes('Someone'), 'no parameter value on the span')
    // Every span of the request, the query included, descends from the request span.
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]))
    let ancestor: ReadableSpan | undefined = insert
    while (ancestor && ancestor !== request) ancestor = byId.get(parentOf(ancestor) ?? '')
    assert.equal(ancestor, request, 'the INSERT span descends from the request span')
  })

  test('a failing query is a span with error status', async () => {
    exporter.reset()
    await assert.rejects(t.app.db.selectFrom('no_such_table' as never).selectAll().execute())
    const failed = exporter.getFinishedSpans().find((span) => String(span.attributes['db.query.text']).includes('no_such_table'))
    assert.ok(failed)
    assert.equal(failed.status.code, 2)
    assert.equal(failed.events[0]?.name, 'exception')
  })

  test('a task attempt is a root span with its type, id and outcome; its queries are its children', async () => {
    const librarian = await t.makeUser('librarian')
    exporter.reset()
    const id = await createTask(t, librarian, 'token_cleanup')
    assert.equal((await waitForTask(t, librarian, id)).status, 'completed')
    // The attempt's span ends after its completion is committed, so a poll can see `completed` first.
    const taskSpan = () => exporter.getFinishedSpans().find((span) => span.name === 'task token_cleanup')
    for (const deadline = Date.now() + 5000; !taskSpan() && Date.now() < deadline; ) await new Promise((resolveWait) => setTimeout(resolveWait, 20))
    const spans = exporter.getFinishedSpans()
    const task = taskSpan()
    assert.ok(task, `no task span among ${spans.map((s) => s.name).join(', ')}`)
    assert.equal(task.attributes['task.id'], id)
    assert.equal(task.attributes['task.outcome'], 'completed')
    assert.equal(parentOf(task), undefined)
    const children = spans.filter((span) => parentOf(span) === task.spanContext().spanId)
    assert.ok(children.some((span) => span.attributes['db.system.name'] !== undefined), 'the task\'s queries are child spans')
  })
})

test('with tracing off nothing of the OpenTelemetry SDK or @fastify/otel is loaded', async () => {
  const probe = fileURLToPath(new URL('./tracing-probe.ts', import.meta.url))
  const { stdout } = await run(process.execPath, [...TS_LOADER, probe], { timeout: 120_000 })
  const { off, on } = JSON.parse(stdout.trim().split('\n').pop()!) as { off: string[]; on: string[] }
  assert.deepEqual(off, [])
  for (const name of ['@fastify/otel', '@opentelemetry/sdk-trace-base', '@opentelemetry/exporter-trace-otlp-http']) assert.ok(on.includes(name), `${name} among ${on.join(', ')}`)
})
