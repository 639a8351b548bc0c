import assert from 'node:assert/strict'
import { setImmediate as tick } from 'node:timers/promises'
import { after, before, test } from 'node:test'
import { sqliteConnectionOf } from '../../src/db/connect.ts'
import { preparedQuery } from '../../src/db/prepared.ts'
import { findBookById, listBooks } from '../../src/modules/books/books.repository.ts'
import { buildTestApp, TEST_DB, type TestContext } from '../helper.ts'

let t: TestContext
before(async () => {
  t = await buildTestApp()
})
after(async () => t.close())

test('a prepared read never sees the writes of a transaction still open, even one later rolled back', async () => {
  const book = await t.makeBook({ title: 'Committed Title' })
  let readDuringTransaction: Promise<string | undefined> | undefined
  await assert.rejects(
    t.app.db.transaction().execute(async (trx) => {
      await trx.updateTable('books').set({ title: 'Uncommitted Title' }).where('id', '=', book.id).execute()
      if (TEST_DB === 'sqlite') assert.equal(sqliteConnectionOf(t.app.db)?.inTransaction(), true)
      readDuringTransaction = findBookById(t.app.db, book.id).then((row) => row?.title)
      await tick()
      throw new Error('roll back')
    }),
    /roll back/,
  )
  assert.equal(await readDuringTransaction, 'Committed Title')
})

test('inside a transaction, a prepared query runs on the transaction and sees its writes', async () => {
  const book = await t.makeBook({ title: 'Before' })
  const title = await t.app.db.transaction().execute(async (trx) => {
    await trx.updateTable('books').set({ title: 'Inside' }).where('id', '=', book.id).execute()
    return (await findBookById(trx, book.id))?.title
  })
  assert.equal(title, 'Inside')
})

test('one compiled query per shape: filters and sorts give the rows the plain query gives', async () => {
  await t.makeBook({ title: 'Shape A', author: 'Shape Writer', publication_year: 1999, language: 'fr', genres: ['Shape-Genre'] })
  await t.makeBook({ title: 'Shape B', author: 'Shape Writer', publication_year: 2001, language: 'en' })
  const page = { limit: 10, offset: 0 }
  const byAuthor = await listBooks(t.app.db, { author: 'shape writer' }, { sort: 'title', dir: 'desc' }, page)
  assert.deepEqual(byAuthor.rows.map((r) => r.title), ['Shape B', 'Shape A'])
  assert.equal(byAuthor.total, 2)
  const byYear = await listBooks(t.app.db, { author: 'shape writer', year: 1999 }, { sort: 'id', dir: 'asc' }, page)
  assert.deepEqual(byYear.rows.map((r) => r.title), ['Shape A'])
  const byGenre = await listBooks(t.app.db, { genre: 'shape-genre', language: 'FR' }, { sort: 'id', dir: 'asc' }, page)
  assert.deepEqual(byGenre.rows.map((r) => r.title), ['Shape A'])
  // The same shape again, with other values: the compiled SQL is reused, the values are not.
  const again = await listBooks(t.app.db, { author: 'shape writer', year: 2001 }, { sort: 'id', dir: 'asc' }, page)
  assert.deepEqual(again.rows.map((r) => r.title), ['Shape B'])
})

test('constants written in the builder stay; each run binds its own values', async () => {
  const query = preparedQuery<{ id: number }, { id: number; tag: string }>((db, p) =>
    db.selectFrom('books').select(['id']).select((eb) => eb.val('fixed').as('tag')).where('id', '=', p.id).where('copies_total', '>=', 0),
  )
  const [first, second] = [await t.makeBook(), await t.makeBook()]
  assert.deepEqual(await query.execute(t.app.db, { id: first.id }), [{ id: first.id, tag: 'fixed' }])
  assert.deepEqual(await query.execute(t.app.db, { id: second.id }), [{ id: second.id, tag: 'fixed' }])
})
