import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { buildTestApp, type TestContext } from '../helper.ts'
import { countBookQueries, waitFor, xCache } from './cache-helpers.ts'
import { buildProbeApp, manualGate } from './probe-app.ts'

let t: TestContext
before(async () => {
  t = await buildTestApp()
  for (let i = 0; i < 45; i++) await t.makeBook({ author: 'Stampede Author' })
})
after(async () => t.close())

test('20 concurrent misses of the book list run its queries once', async () => {
  const counter = countBookQueries(t.app.db)
  try {
    const single = await t.inject({ method: 'GET', url: '/api/v1/books?page=1&per_page=5' })
    assert.equal(xCache(single), 'MISS')
    const perRequest = counter.count()
    assert.ok(perRequest >= 1)

    const before = counter.count()
    const responses = await Promise.all(Array.from({ length: 20 }, () => t.inject({ method: 'GET', url: '/api/v1/books?page=2&per_page=5' })))
    assert.equal(counter.count() - before, perRequest, 'one execution of the list queries for 20 requests')
    assert.ok(responses.every((r) => r.statusCode === 200))
    assert.deepEqual(responses.map(xCache).sort(), ['MISS', ...Array(19).fill('HIT')].sort())
    assert.ok(responses.every((r) => r.body === responses[0]!.body))
    assert.ok(responses.every((r) => r.headers.link === responses[0]!.headers.link))
    assert.equal(responses[0]!.json().page, 2)
  } finally {
    counter.restore()
  }
})

test('20 concurrent misses of one book run one query; of 20 books, 20', async () => {
  const books = await Promise.all(Array.from({ length: 20 }, () => t.makeBook()))
  const counter = countBookQueries(t.app.db)
  try {
    await Promise.all(Array.from({ length: 20 }, () => t.inject({ method: 'GET', url: `/api/v1/books/${books[0]!.id}` })))
    assert.equal(counter.count(), 1)
    await Promise.all(books.map((b) => t.inject({ method: 'GET', url: `/api/v1/books/${b.id}` })))
    assert.equal(counter.count(), 1 + 19)
  } finally {
    counter.restore()
  }
})

let probe: Awaited<ReturnType<typeof buildProbeApp>>
before(async () => {
  probe = await buildProbeApp()
})
after(async () => probe.app.close())

test('a held handler: 20 concurrent requests wait for the one execution', { timeout: 30_000 }, async () => {
  const { app, control } = probe
  const gate = manualGate()
  control.gate = gate.wait
  const runs = control.runs
  const pending = Promise.all(Array.from({ length: 20 }, () => app.inject({ method: 'GET', url: '/api/v1/probe/1?page=3' })))
  try {
    await waitFor(() => control.runs > runs, 5000, 'the leader')
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(control.runs - runs, 1, 'only the leader runs while the others wait')
  } finally {
    control.gate = async () => {}
    gate.open()
  }
  const responses = await pending
  assert.equal(control.runs - runs, 1)
  assert.ok(responses.every((r) => r.statusCode === 200 && r.json().run === runs + 1))
  assert.equal(responses.filter((r) => xCache(r) === 'MISS').length, 1)
  assert.equal(app.responseCache!.stats.shared >= 19, true)
})

test('a write while a miss is in flight: later readers do not get the older answer, and it is not stored', { timeout: 30_000 }, async () => {
  const { app, control } = probe
  control.value = 'old'
  const gate = manualGate()
  control.gate = gate.wait
  const runs = control.runs
  const early = app.inject({ method: 'GET', url: '/api/v1/probe/2' })
  try {
    await waitFor(() => control.runs === runs + 1, 5000, 'the leader')
    // the "database" changes and the write invalidates, while the early read is still computing
    control.value = 'new'
    await app.responseCache!.invalidate(['probe:2'])
    control.gate = async () => {}
    const late = await app.inject({ method: 'GET', url: '/api/v1/probe/2' })
    assert.equal(late.json().value, 'new', 'a read after the write never joins the computation started before it')
    assert.equal(xCache(late), 'MISS')
  } finally {
    control.gate = async () => {}
    gate.open()
  }
  assert.equal((await early).json().value, 'old')
  const next = await app.inject({ method: 'GET', url: '/api/v1/probe/2' })
  assert.equal(next.json().value, 'new', 'the pre-write answer was not stored over the fresh one')
  assert.equal(control.runs, runs + 2)
})

test('a leader that answers an error releases its waiters, who compute their own answer; nothing is stored', { timeout: 30_000 }, async () => {
  const { app, control } = probe
  const gate = manualGate()
  control.gate = gate.wait
  control.status = 404
  const runs = control.runs
  const pending = Promise.all(Array.from({ length: 5 }, () => app.inject({ method: 'GET', url: '/api/v1/probe/3' })))
  try {
    await waitFor(() => control.runs === runs + 1, 5000, 'the leader')
  } finally {
    control.gate = async () => {}
    gate.open()
  }
  const responses = await pending
  assert.ok(responses.every((r) => r.statusCode === 404))
  assert.equal(control.runs, runs + 5)
  control.status = 200
  assert.equal(xCache(await app.inject({ method: 'GET', url: '/api/v1/probe/3' })), 'MISS')
  assert.equal(xCache(await app.inject({ method: 'GET', url: '/api/v1/probe/3' })), 'HIT')
})
