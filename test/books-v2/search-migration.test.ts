import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import * as booksSearch from '../../src/db/migrations/2026-11-21-002-books-search.ts'
import { buildTestApp, type TestContext } from '../helper.ts'
import { bookRow, getPage, insertBooks } from './books-v2-helpers.ts'

let t: TestContext
before(async () => {
  t = await buildTestApp()
})
after(async () => t.close())

test('migration 002 indexes the books already there, and down then up again leaves a working index', async () => {
  const db = t.app.db as Parameters<typeof booksSearch.up>[0]
  await booksSearch.down(db)
  // Written while there is no index: an existing catalog being upgraded.
  const [before1, before2] = await insertBooks(t, [bookRow({ title: 'Pre-existing Marmalade Atlas' }), bookRow({ title: 'Another', author: 'Marmalade Smith' })])
  await booksSearch.up(db)
  const found = await getPage(t, '/api/v2/books/search?q=marmalade')
  assert.deepEqual(found.items.map((b) => b.id), [before1, before2], 'title match first, then the author match')
  const [later] = await insertBooks(t, [bookRow({ title: 'Marmalade Again' })])
  assert.ok((await getPage(t, '/api/v2/books/search?q=marmalade%20again')).items.some((b) => b.id === later))
})
