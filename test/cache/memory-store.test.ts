// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MemoryResponseStore } from '../../src/infra/cache/memory-store.ts'

const entry = { status: 200, headers: {}, body: '{}' }

test('an invalidation drops every key of the reference once: the next one finds nothing left', async () => {
  const store = new MemoryResponseStore(1000)
  // Keys stored in an order that is not their sorted order (page=10 sorts before page=2).
  for (const page of [1, 2, 10, 3, 20, 4, 100]) await store.set(`v1 /api/v1/books?page=${page}`, entry, 60, ['books'], await store.generation())
  await store.set('v1 /api/v1/books/7', entry, 300, ['book:7'], await store.generation())
  assert.equal(await store.invalidate(['books']), 7)
  assert.equal(await store.invalidate(['books']), 0, 'nothing is left behind under the reference')
  assert.deepEqual(await store.referencesMatching('books'), [])
  assert.deepEqual(await store.referencesMatching('book:*'), ['book:7'], 'other references are untouched')
  assert.equal((await store.get('v1 /api/v1/books/7'))?.body, '{}')
  for (const page of [1, 2, 10, 3]) assert.equal(await store.get(`v1 /api/v1/books?page=${page}`), undefined)
})

test('a key stored again under the same reference is dropped with it, not kept twice', async () => {
  const store = new MemoryResponseStore(1000)
  for (const page of [5, 1, 5, 30, 1]) await store.set(`v1 /api/v1/books?page=${page}`, entry, 60, ['books'], await store.generation())
  assert.equal(await store.invalidate(['books']), 3)
  assert.equal(await store.invalidate(['books']), 0)
})
