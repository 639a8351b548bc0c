// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { xCache } from './cache-helpers.ts'
import { buildProbeApp } from './probe-app.ts'

let probe: Awaited<ReturnType<typeof buildProbeApp>>
before(async () => {
  probe = await buildProbeApp()
})
after(async () => probe.app.close())

const get = (url: string, headers: Record<string, string> = {}) => probe.app.inject({ method: 'GET', url, headers })

test('on the version-neutral path the key holds the version asked for by header: versions never mix', async () => {
  const v1 = await get('/api/probe/1')
  const v1Hit = await get('/api/probe/1')
  const v2 = await get('/api/probe/1', { 'x-api-version': '2' })
  const v2Hit = await get('/api/probe/1', { 'x-api-version': '2' })
  const v1Explicit = await get('/api/probe/1', { 'x-api-version': '1' })
  assert.deepEqual([v1, v1Hit, v2, v2Hit, v1Explicit].map(xCache), ['MISS', 'HIT', 'MISS', 'HIT', 'HIT'])
  assert.equal(v1Hit.json().version, 1)
  assert.equal(v2Hit.json().version, 2)
  assert.equal(v1Explicit.json().version, 1)
  for (const [response, version] of [[v1Hit, '1'], [v2Hit, '2']] as const) {
    assert.equal(response.headers['api-version'], version)
    assert.equal(response.headers.vary, 'Accept, X-API-Version')
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8')
  }
  // v1 answers keep their deprecation headers and exactly one successor link on a HIT
  assert.ok(v1Hit.headers.deprecation)
  assert.equal(v1Hit.headers.link, '</api/v2/probe/1>; rel="successor-version"')
  assert.equal(v2Hit.headers.deprecation, undefined)
  assert.equal(v2Hit.headers.link, undefined)
  assert.notEqual(v1Hit.headers.etag, v2Hit.headers.etag)
})

test('Accept naming the vendor type is its own entry (the answer is sent as that type)', async () => {
  const vendor = { accept: 'application/vnd.library.v2+json' }
  const miss = await get('/api/probe/2', vendor)
  const hit = await get('/api/probe/2', vendor)
  const byHeader = await get('/api/probe/2', { 'x-api-version': '2' })
  assert.deepEqual([miss, hit, byHeader].map(xCache), ['MISS', 'HIT', 'MISS'])
  assert.equal(hit.headers['content-type'], 'application/vnd.library.v2+json; charset=utf-8')
  assert.equal(byHeader.headers['content-type'], 'application/json; charset=utf-8')
  assert.equal(hit.json().version, 2)
  assert.equal(xCache(await get('/api/probe/2', { 'x-api-version': '2' })), 'HIT')
})

test('an unknown version is 406 and never touches the cache', async () => {
  const response = await get('/api/probe/3', { 'x-api-version': '3' })
  assert.equal(response.statusCode, 406)
  assert.equal(response.headers['x-cache'], undefined)
  assert.equal(response.headers['cache-control'], 'no-store')
})

test('/api/v1/… and /api/v2/… are separate entries; one reference drops every version of a resource', async () => {
  const paths = ['/api/v1/probe/4', '/api/v2/probe/4', '/api/probe/4']
  for (const path of paths) assert.equal(xCache(await get(path)), 'MISS')
  assert.equal(xCache(await get('/api/probe/4', { 'x-api-version': '2' })), 'MISS')
  for (const path of paths) assert.equal(xCache(await get(path)), 'HIT')
  assert.equal((await get('/api/v2/probe/4')).json().version, 2)
  assert.equal((await get('/api/v1/probe/4')).json().version, 1)
  assert.equal(await probe.app.responseCache!.invalidate(['probe:4']), 4)
  for (const path of paths) assert.equal(xCache(await get(path)), 'MISS')
  // other resources are untouched
  assert.equal(xCache(await get('/api/probe/1')), 'HIT')
})

test('the validated query is part of the key, normalized', async () => {
  assert.equal(xCache(await get('/api/v2/probe/5?page=2&q=x')), 'MISS')
  assert.equal(xCache(await get('/api/v2/probe/5?q=x&page=2')), 'HIT')
  assert.equal(xCache(await get('/api/v2/probe/5?q=x&page=3')), 'MISS')
  assert.equal(xCache(await get('/api/v2/probe/5')), 'MISS')
  assert.equal(xCache(await get('/api/v2/probe/5?page=1')), 'HIT')
})
