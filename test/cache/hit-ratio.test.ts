import assert from 'node:assert/strict'
import { performance } from 'node:perf_hooks'
import { after, before, test } from 'node:test'
import { buildTestApp, type TestContext } from '../helper.ts'
import { xCache } from './cache-helpers.ts'

// A short measurement of the list cache under a random-page load: 2,000 reads of
// `GET /api/v1/books?page=<1..50>` over a 1,000-book catalog (50 pages of 20), in waves of 20
// concurrent requests. The ratio and the timings are reported as test diagnostics.
const BOOKS = 1000
const PAGES = 50
const READS = 2000
const WAVE = 20

/** A small seeded PRNG (mulberry32), so every run draws the same pages. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

async function seed(t: TestContext): Promise<void> {
  const now = '2026-11-21T10:00:00.000Z'
  const rows = Array.from({ length: BOOKS }, (_, i) => ({
    title: `Load book ${i}`, author: `Author ${i % 97}`, isbn: null, publication_year: 1900 + (i % 120), publisher: null,
    language: 'en', summary: null, genres: '[]', copies_total: 2, copies_available: 2, created_at: now, updated_at: now,
  }))
  for (let i = 0; i < rows.length; i += 250) await t.app.db.insertInto('books').values(rows.slice(i, i + 250)).execute()
}

async function load(t: TestContext): Promise<{ hits: number; misses: number; other: number; ms: number }> {
  const draw = random(42)
  const counts = { hits: 0, misses: 0, other: 0 }
  const started = performance.now()
  for (let done = 0; done < READS; done += WAVE) {
    const responses = await Promise.all(
      Array.from({ length: WAVE }, () => t.app.inject({ method: 'GET', url: `/api/v1/books?page=${1 + Math.floor(draw() * PAGES)}` })),
    )
    for (const response of responses) {
      assert.equal(response.statusCode, 200)
      const x = xCache(response)
      if (x === 'HIT') counts.hits++
      else if (x === 'MISS') counts.misses++
      else counts.other++
    }
  }
  return { ...counts, ms: performance.now() - started }
}

let cached: TestContext
let uncached: TestContext
before(async () => {
  cached = await buildTestApp()
  uncached = await buildTestApp({ CACHE_ENABLED: 'false' })
  await seed(cached)
  await seed(uncached)
})
after(async () => {
  await cached.close()
  await uncached.close()
})

test(`hit ratio of the list cache: ${READS} reads of ${PAGES} random pages`, { timeout: 120_000 }, async (t) => {
  const withCache = await load(cached)
  const without = await load(uncached)
  const ratio = withCache.hits / READS
  const stats = cached.app.responseCache!.stats
  t.diagnostic(`backend: ${cached.app.responseCache!.store.kind}; ${withCache.hits} HIT / ${withCache.misses} MISS of ${READS} → hit ratio ${(ratio * 100).toFixed(1)}%`)
  t.diagnostic(`store stats: ${JSON.stringify(stats)} (shared = answered by a concurrent identical request)`)
  t.diagnostic(`in-process time for ${READS} reads: ${withCache.ms.toFixed(0)} ms cached vs ${without.ms.toFixed(0)} ms uncached (×${(without.ms / withCache.ms).toFixed(1)})`)
  assert.equal(withCache.other, 0)
  assert.equal(withCache.misses, PAGES, 'each page computed once: the first wave that asks for it')
  assert.ok(ratio >= 0.95)
  assert.equal(without.hits + without.misses, 0)
})
