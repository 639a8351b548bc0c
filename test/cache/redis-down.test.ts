import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, test } from 'node:test'
import { Redis } from 'ioredis'
import { buildTestApp } from '../helper.ts'
import { freePort, OwnRedis, Partition, uniquePrefix, waitFor, xCache } from './cache-helpers.ts'

/** A log stream that keeps the `msg` of every line. */
function logLines(): { stream: Writable; lines: string[] } {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(String((JSON.parse(line) as { msg?: string }).msg))
      done()
    },
  })
  return { stream, lines }
}
const bypassLogs = (lines: string[]) => lines.filter((l) => l.startsWith('response cache bypassed')).length

// Redis outages must not lock anyone out of the API: /auth answers from memory counters here.
const env = (url: string, name: string) => ({ REDIS_URL: url, REDIS_KEY_PREFIX: uniquePrefix(name), RATE_LIMIT_REDIS_DOWN_AUTH: 'open' })

const cleanups: (() => Promise<void>)[] = []
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
})

test('Redis unreachable from the start: reads and writes work, no X-Cache, logged once', async () => {
  const logs = logLines()
  const t = await buildTestApp(env('redis://127.0.0.1:1', 'down'), { logStream: logs.stream })
  cleanups.push(() => t.close())
  const librarian = await t.makeUser('librarian')
  const book = await t.makeBook({ title: 'Uncached' })
  for (let i = 0; i < 5; i++) {
    for (const url of ['/api/v1/books', `/api/v1/books/${book.id}`]) {
      const response = await t.inject({ method: 'GET', url })
      assert.equal(response.statusCode, 200, url)
      assert.equal(xCache(response), undefined)
      assert.equal(response.headers['cache-control'], 'public, max-age=60')
    }
  }
  const patched = await t.inject({ method: 'PATCH', url: `/api/v1/books/${book.id}`, headers: librarian.auth, payload: { title: 'Still fresh' } })
  assert.equal(patched.statusCode, 200)
  assert.equal((await t.inject({ method: 'GET', url: `/api/v1/books/${book.id}` })).json().title, 'Still fresh')
  const admin = await t.makeUser('admin')
  const invalidate = await t.inject({ method: 'POST', url: '/api/v1/admin/cache/invalidate', headers: admin.auth, payload: { pattern: 'books' } })
  assert.equal(invalidate.statusCode, 503)
  assert.equal(bypassLogs(logs.lines), 1, 'the bypass is logged once, not per request')
})

test('Redis dies mid-test and comes back: reads stay 200, caching resumes by itself', { timeout: 60_000 }, async () => {
  const redis = new OwnRedis(await freePort())
  await redis.start()
  cleanups.push(() => redis.stop())
  const logs = logLines()
  const t = await buildTestApp(env(redis.url, 'restart'), { logStream: logs.stream })
  cleanups.push(() => t.close())
  const librarian = await t.makeUser('librarian')
  const book = await t.makeBook({ title: 'Before the outage' })
  const url = `/api/v1/books/${book.id}`
  assert.equal(xCache(await t.inject({ method: 'GET', url })), 'MISS')
  assert.equal(xCache(await t.inject({ method: 'GET', url })), 'HIT')

  await redis.stop()
  await waitFor(() => !t.app.responseCache!.available(), 5000, 'the cache to notice')
  for (let i = 0; i < 10; i++) {
    const response = await t.inject({ method: 'GET', url: i % 2 ? url : '/api/v1/books' })
    assert.equal(response.statusCode, 200)
    assert.equal(xCache(response), undefined)
  }
  // a write during the outage: its invalidation cannot reach Redis
  const patched = await t.inject({ method: 'PATCH', url, headers: librarian.auth, payload: { title: 'During the outage' } })
  assert.equal(patched.statusCode, 200)
  assert.equal((await t.inject({ method: 'GET', url })).json().title, 'During the outage')
  assert.equal(bypassLogs(logs.lines), 1)

  await redis.start()
  await waitFor(() => t.app.responseCache!.available(), 15_000, 'the cache to come back')
  const first = await t.inject({ method: 'GET', url })
  assert.equal(first.statusCode, 200)
  assert.equal(first.json().title, 'During the outage')
  assert.equal(xCache(first), 'MISS')
  assert.equal(xCache(await t.inject({ method: 'GET', url })), 'HIT')
  assert.ok(logs.lines.includes('response cache: redis reachable again'))
})

test('a partition that loses an invalidation: the stale entry is flushed before caching resumes', { timeout: 60_000 }, async () => {
  const redis = new OwnRedis(await freePort())
  await redis.start()
  cleanups.push(() => redis.stop())
  const link = new Partition(await freePort(), redis.port)
  await link.heal()
  cleanups.push(() => link.cut())
  const settings = env(link.url, 'partition')
  const t = await buildTestApp(settings)
  cleanups.push(() => t.close())
  const librarian = await t.makeUser('librarian')
  const book = await t.makeBook({ title: 'Old title' })
  const url = `/api/v1/books/${book.id}`
  await t.inject({ method: 'GET', url })
  assert.equal(xCache(await t.inject({ method: 'GET', url })), 'HIT')

  await link.cut()
  await waitFor(() => !t.app.responseCache!.available(), 5000, 'the cache to notice')
  assert.equal((await t.inject({ method: 'PATCH', url, headers: librarian.auth, payload: { title: 'New title' } })).statusCode, 200)
  // Redis itself kept the old answer: the invalidation never reached it
  const direct = new Redis(redis.url, { keyPrefix: `${settings.REDIS_KEY_PREFIX}cache:`, lazyConnect: true })
  await direct.connect()
  cleanups.push(async () => direct.disconnect())
  assert.equal(await direct.exists(`e:v1 ${url}`), 1)

  await link.heal()
  await waitFor(() => t.app.responseCache!.available(), 15_000, 'the cache to come back')
  assert.equal(await direct.exists(`e:v1 ${url}`), 0, 'flushed')
  const fresh = await t.inject({ method: 'GET', url })
  assert.equal(fresh.json().title, 'New title')
  assert.equal(xCache(fresh), 'MISS')
  assert.equal(xCache(await t.inject({ method: 'GET', url })), 'HIT')
})
