import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import type { Db } from '../../src/db/schema.ts'
import { csvRecords } from '../../src/modules/books/export/catalog-csv.ts'
import { CATALOG_COLUMNS, type ExportOptions, exportCatalog } from '../../src/modules/books/export/export-catalog.ts'
import type { BookFilter } from '../../src/modules/books/books.repository.ts'
import { ImportError, type ImportReport, importCatalog } from '../../src/modules/books/import/import-catalog.ts'
import { buildTestApp, TEST_DB, type TestContext } from '../helper.ts'

const BOOKS_CSV = fileURLToPath(new URL('../../data/goodbooks-10k/books.csv', import.meta.url))
const clock = { now: () => new Date('2026-11-21T10:00:00.000Z') }
const HEADER = 'id,title,author,isbn,publication_year,publisher,language,summary,genres,copies_total\r\n'

/** A fresh app on the chosen backend, closed when the test ends. */
async function fresh(t: { after(fn: () => Promise<void>): void }): Promise<TestContext> {
  const context = await buildTestApp()
  t.after(() => context.close())
  return context
}

/** Runs an export into memory: every chunk as written, and the summary. */
async function exportToMemory(db: Db, filter: BookFilter = {}, options: ExportOptions = {}) {
  const chunks: Buffer[] = []
  const summary = await exportCatalog(db, filter, async (chunk) => void chunks.push(chunk), options)
  const text = Buffer.concat(chunks).toString('utf8')
  return { chunks, summary, text }
}

/** The ids of the data rows of an export, in order. */
const idsOf = (csv: string) => (parse(csv, { columns: true }) as { id: string }[]).map((r) => Number(r.id))

/** The books as the API holds them, without what an import gives anew (id, timestamps, copies available), in a stable order. */
async function catalogOf(db: Db) {
  const rows = await db
    .selectFrom('books')
    .select(['title', 'author', 'isbn', 'publication_year', 'publisher', 'language', 'summary', 'genres', 'copies_total'])
    .execute()
  return rows.map((row) => ({ ...row, genres: JSON.parse(row.genres) as string[] })).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
}

async function countBooks(db: Db): Promise<number> {
  const { n } = await db.selectFrom('books').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()
  return Number(n)
}

/**
 * Books made through the API with what a CSV must carry through: nulls and empty strings,
 * genres, a negative year, a language tag with a region, double spaces, commas, quotes, line
 * breaks of every kind, characters outside the BMP, decomposed accents, formula-like cells, no
 * copies at all.
 */
const VARIED: Record<string, unknown>[] = [
  { title: 'Plain', author: 'Ann Author', isbn: '9780306406157', publication_year: 2001, publisher: 'Pub', language: 'en', summary: 'Short.', genres: ['fantasy', 'classics'], copies_total: 3 },
  { title: 'Comma, "quotes"', author: 'Tolkien, J.R.R.', publication_year: -750, publisher: '', language: 'en-US', summary: 'line one\nline two\r\nthree\rfour', genres: [], copies_total: 0 },
  { title: 'Ἰλιάς 📚 e\u0301', author: '=HYPERLINK("x")', summary: '@risk', genres: ['Sci-Fi'], copies_total: 2 },
  { title: 'Two  spaces  inside', author: '+Plus -Minus', isbn: '0-439-02348-3', publication_year: 0, publisher: 'Éditions "Ça"', language: 'fr', summary: '', genres: ['Fantasy', 'ya'], copies_total: 10_000 },
  { title: '-750', author: '\tTabbed', summary: '\ttab first, "quoted", trailing space ', copies_total: 1 },
]

async function seed(t: TestContext) {
  const books = []
  for (const fields of VARIED) books.push(await t.makeBook(fields))
  return books as unknown as { id: number }[]
}

describe('the CSV fields', () => {
  test('csvRecords round-trips hostile values through csv-parse: quotes, CR/LF, formulas, empty strings apart from nulls', () => {
    const pieces = ['', 'a', ' ', ',', '"', '""', '\r', '\n', '\r\n', '\n\r', '=1+2', '-750', '+1', '@x', '\t', "'", 'é', '📚', '\u2028', '\uFEFF', ';', '\\', 'NULL']
    const records: (string | null)[][] = [[...CATALOG_COLUMNS], ['', null, ''], [null, 'x']]
    for (const a of pieces) for (const b of pieces) records.push([a + b, null, `${b}x${a}`, '', a])
    const text = csvRecords(records)
    assert.ok(text.endsWith('\r\n'), 'every record ends with CRLF')
    // csv-parse keeps a quoted empty field as '' and an unquoted empty one as null (cast below).
    const parsed: (string | null)[][] = parse(text, { relax_column_count: true, cast: (value, context) => (value === '' && !context.quoting ? null : value) })
    assert.deepEqual(parsed, records)
    assert.equal(csvRecords([['=1+2', 'a,b', 'say "hi"']]), '=1+2,"a,b","say ""hi"""\r\n', 'formulas as they are; RFC 4180 quoting')
  })
})

describe(`exportCatalog on ${TEST_DB}`, () => {
  test('a known small catalog: the exact header and rows, quoted where RFC 4180 needs it, CRLF, nulls empty, "" for an empty string, nothing altered', async (t) => {
    const app = await fresh(t)
    const [a, b, c, d, e] = await seed(app)
    const { text, summary, chunks } = await exportToMemory(app.app.db)
    assert.equal(text, HEADER +
      `${a!.id},Plain,Ann Author,9780306406157,2001,Pub,en,Short.,"[""fantasy"",""classics""]",3\r\n` +
      `${b!.id},"Comma, ""quotes""","Tolkien, J.R.R.",,-750,"",en-US,"line one\nline two\r\nthree\rfour",[],0\r\n` +
      `${c!.id},Ἰλιάς 📚 e\u0301,"=HYPERLINK(""x"")",,,,,@risk,"[""Sci-Fi""]",2\r\n` +
      `${d!.id},Two  spaces  inside,+Plus -Minus,9780439023481,0,"Éditions ""Ça""",fr,"","[""Fantasy"",""ya""]",10000\r\n` +
      // POST trims the author's tab; the summary keeps its own.
      `${e!.id},-750,Tabbed,,,,,"\ttab first, ""quoted"", trailing space ",[],1\r\n`)
    assert.deepEqual(summary, { rows: 5, bytes: Buffer.byteLength(text), columns: [...CATALOG_COLUMNS] })
    assert.equal(chunks[0]!.toString(), HEADER, 'the header is a chunk of its own')
  })

  test('an empty catalog is the header alone, with one progress call (0, 0)', async (t) => {
    const app = await fresh(t)
    const progress: [number, number][] = []
    const { text, summary } = await exportToMemory(app.app.db, {}, { onProgress: (done, total) => progress.push([done, total]) })
    assert.equal(text, HEADER)
    assert.deepEqual(summary, { rows: 0, bytes: HEADER.length, columns: [...CATALOG_COLUMNS] })
    assert.deepEqual(progress, [[0, 0]])
  })

  test('filters: author substring, genre, language, year — as GET /api/v1/books filters them', async (t) => {
    const app = await fresh(t)
    const [a, b, c, d] = await seed(app)
    const list = async (query: string) => ((await app.inject({ method: 'GET', url: `/api/v1/books?per_page=100&${query}` })).json().items as { id: number }[]).map((book) => book.id)
    const cases: [BookFilter, string, number[]][] = [
      [{ author: 'tolkien' }, 'author=tolkien', [b!.id]],
      [{ author: 'AUTHOR' }, 'author=AUTHOR', [a!.id]],
      [{ author: '%' }, 'author=%25', []],
      [{ genre: 'FANTASY' }, 'genre=FANTASY', [a!.id, d!.id]],
      [{ genre: 'sci-fi' }, 'genre=sci-fi', [c!.id]],
      [{ genre: 'fan' }, 'genre=fan', []],
      [{ language: 'EN-us' }, 'language=EN-us', [b!.id]],
      [{ year: -750 }, 'year=-750', [b!.id]],
      [{ year: 0 }, 'year=0', [d!.id]],
      [{ genre: 'fantasy', language: 'fr' }, 'genre=fantasy&language=fr', [d!.id]],
    ]
    for (const [filter, query, expected] of cases) {
      const { text, summary } = await exportToMemory(app.app.db, filter)
      assert.deepEqual(idsOf(text), expected, JSON.stringify(filter))
      assert.deepEqual(await list(query), expected, query)
      assert.equal(summary.rows, expected.length)
    }
  })

  test('batches by keyset on id: batchSize 2 over 5 books is the header and 3 chunks; progress after each', async (t) => {
    const app = await fresh(t)
    const ids = (await seed(app)).map((book) => book.id)
    const progress: [number, number][] = []
    const { chunks, summary, text } = await exportToMemory(app.app.db, {}, { batchSize: 2, onProgress: (done, total) => progress.push([done, total]) })
    assert.equal(chunks.length, 4)
    assert.deepEqual(chunks.slice(1).map((chunk) => idsOf(HEADER + chunk.toString())), [ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)])
    assert.deepEqual(progress, [[2, 5], [4, 5], [5, 5]])
    assert.equal(summary.rows, 5)
    assert.deepEqual(idsOf(text), ids)

    // A last batch that is full: one more (empty) read, and no extra progress call.
    await app.app.db.deleteFrom('books').where('id', '=', ids[4]!).execute()
    progress.length = 0
    const four = await exportToMemory(app.app.db, {}, { batchSize: 2, onProgress: (done, total) => progress.push([done, total]) })
    assert.equal(four.chunks.length, 3)
    assert.deepEqual(progress, [[2, 4], [4, 4]])
  })

  test('the next batch is read only once write resolves: at most one write pending, and a book added meanwhile is exported', async (t) => {
    const app = await fresh(t)
    const ids = (await seed(app)).map((book) => book.id)
    let pending = 0
    let added: number | undefined
    const written: string[] = []
    const summary = await exportCatalog(app.app.db, {}, async (chunk) => {
      assert.equal(pending++, 0, 'a write started before the previous one resolved')
      written.push(chunk.toString())
      await new Promise((resolve) => setTimeout(resolve, 5))
      // While the first batch is being written, a book is added after it.
      if (written.length === 2) added = (await app.makeBook({ title: 'Added meanwhile', author: 'Late Author' })).id
      pending--
    }, { batchSize: 2 })
    assert.deepEqual(idsOf(written.join('')), [...ids, added])
    assert.equal(summary.rows, 6)
  })

  test('abort: the reason comes out as is between batches, nothing more is written; an aborted signal writes nothing', async (t) => {
    const app = await fresh(t)
    await seed(app)
    const controller = new AbortController()
    const reason = new Error('stop exporting')
    const chunks: Buffer[] = []
    await assert.rejects(
      exportCatalog(app.app.db, {}, async (chunk) => void chunks.push(chunk), { batchSize: 2, signal: controller.signal, onProgress: () => controller.abort(reason) }),
      (error) => error === reason,
    )
    assert.equal(chunks.length, 2, 'the header and the first batch')

    const before = new AbortController()
    before.abort(reason)
    let writes = 0
    await assert.rejects(exportCatalog(app.app.db, {}, async () => void writes++, { signal: before.signal }), (error) => error === reason)
    assert.equal(writes, 0)
  })

  test('a bad batch size is a RangeError before anything is written; an error of write comes out as is', async (t) => {
    const app = await fresh(t)
    await seed(app)
    let writes = 0
    await assert.rejects(exportCatalog(app.app.db, {}, async () => void writes++, { batchSize: 0 }), RangeError)
    await assert.rejects(exportCatalog(app.app.db, {}, async () => void writes++, { batchSize: 1.5 }), RangeError)
    assert.equal(writes, 0)
    const full = new Error('disk full')
    await assert.rejects(exportCatalog(app.app.db, {}, async () => { throw full }), (error) => error === full)
  })
})

describe(`round trip on ${TEST_DB}: export, then import into an empty database, gives the same books`, () => {
  test('varied books made through the API', async (t) => {
    const source = await fresh(t)
    await seed(source)
    const { text } = await exportToMemory(source.app.db)
    const target = await fresh(t)
    const report = await importCatalog(target.app.db, Readable.from([Buffer.from(text)]), { clock })
    assert.deepEqual({ ...report, seconds: 0 }, { imported: 5, repaired: 0, rejected: 0, skipped_existing: 0, repairs: [], notes: {}, rejects: [], seconds: 0 })
    assert.deepEqual(await catalogOf(target.app.db), await catalogOf(source.app.db))
    // Every copy of a new book is available.
    const copies = await target.app.db.selectFrom('books').select(['copies_total', 'copies_available']).execute()
    for (const row of copies) assert.equal(row.copies_available, row.copies_total)
    // A second import of the same export adds nothing.
    const again = await importCatalog(target.app.db, Readable.from([Buffer.from(text)]), { clock })
    assert.equal(again.skipped_existing, 5)
    assert.equal(await countBooks(target.app.db), 5)
  })

  test('the shipped goodbooks-10k CSV: import, export, import the export into a fresh database — the same books', async (t) => {
    const source = await fresh(t)
    const first = await importCatalog(source.app.db, BOOKS_CSV, { clock })
    const { text, summary } = await exportToMemory(source.app.db)
    assert.equal(summary.rows, first.imported)
    const target = await fresh(t)
    const second = await importCatalog(target.app.db, Readable.from([Buffer.from(text)]), { clock, sourceName: 'export.csv' })
    // Every book comes back, the longest author list too (47 names, 742 characters: within the API's 1000).
    assert.deepEqual(second.rejects, [])
    assert.equal(second.imported, first.imported)
    assert.equal(second.repaired, 0)
    assert.deepEqual(await catalogOf(target.app.db), await catalogOf(source.app.db))
  })
})

/** A catalog-form CSV: the export's header, then the rows as given (LF line ends, as a hand-made file might have). */
const catalogCsv = (...rows: string[]) => Readable.from([Buffer.from([CATALOG_COLUMNS.join(','), ...rows].join('\n') + '\n')])

describe(`importCatalog of the catalog form on ${TEST_DB}`, () => {
  test('a broken row is rejected with its reason naming the field; the others are imported', async (t) => {
    const app = await fresh(t)
    const report = await importCatalog(app.app.db, catalogCsv(
      '1,Good,An Author,9780306406157,1999,,en,,"[""a""]",2',
      '2,Bad check digit,An Author,9780306406158,1999,,en,,[],2',
      '3,Negative copies,An Author,,1999,,en,,[],-1',
      '4,Copies in words,An Author,,1999,,en,,[],two',
      '5,Genres not JSON,An Author,,1999,,en,,fantasy,2',
      '6,Genres not strings,An Author,,1999,,en,,"[1,2]",2',
      '7," ",An Author,,1999,,en,,[],2',
      '8,Year too early,An Author,,-5001,,en,,[],2',
      '9,Year 2008.0,An Author,,2008.0,,en,,[],2',
      '10,Genre repeated,An Author,,,,e,,"[""x"",""x""]",2',
      '11,No copies is a book too,An Author,,,,,,[],0',
      '12,"  Trimmed as POST trims  ",An Author,0-439-02348-3,,,,,,',
      '13,NUL escaped in genres,An Author,,,,,,"[""\\u0000""]",1',
    ), { clock })
    assert.deepEqual(report.rejects, [
      { row: 2, reason: 'isbn: is not a valid ISBN-10 or ISBN-13 (check digit)' },
      { row: 3, reason: 'copies_total: must be >= 0' },
      { row: 4, reason: 'copies_total: must be an integer' },
      { row: 5, reason: 'genres: must be a JSON array of strings (["fantasy","classics"])' },
      { row: 6, reason: 'genres: must be a JSON array of strings (["fantasy","classics"])' },
      { row: 7, reason: 'title: must hold a character that is not white space, a control or a format character' },
      { row: 8, reason: 'publication_year: must be >= -5000' },
      { row: 9, reason: 'publication_year: must be an integer' },
      { row: 10, reason: 'language: must not have fewer than 2 characters; genres: must not have duplicate items' },
      { row: 13, reason: 'genres: must not contain NUL or unpaired surrogate characters' },
    ])
    assert.equal(report.imported, 3)
    assert.deepEqual(report.notes, { text_trimmed: 1, isbn_as_isbn13: 1 })
    const books = await app.app.db.selectFrom('books').selectAll().orderBy('id').execute()
    assert.deepEqual(books.map((b) => [b.title, b.isbn, b.genres, b.copies_total, b.copies_available]), [
      ['Good', '9780306406157', '["a"]', 2, 2],
      ['No copies is a book too', null, '[]', 0, 0],
      // Empty genres and copies_total cells take POST's defaults.
      ['Trimmed as POST trims', '9780439023481', '[]', 1, 1],
    ])
  })

  test('the catalog form is told by its header: author without authors; a missing title column is a file error', async (t) => {
    const app = await fresh(t)
    await assert.rejects(
      importCatalog(app.app.db, Readable.from(['id,name,author\n1,Dune,Frank Herbert\n']), { clock }),
      { name: 'ImportError', message: 'the CSV: line 1: the header lacks the column(s) title (a catalog export header is expected)' },
    )
    // Only title and author are required; the other columns may be missing.
    const report = await importCatalog(app.app.db, Readable.from(['title,author\nDune,Frank Herbert\n']), { clock })
    assert.equal(report.imported, 1)
    const dune = await app.app.db.selectFrom('books').selectAll().executeTakeFirstOrThrow()
    assert.deepEqual([dune.title, dune.author, dune.publisher, dune.genres, dune.copies_total], ['Dune', 'Frank Herbert', null, '[]', 1])
  })
})

describe(`importCatalog hooks on ${TEST_DB}`, () => {
  const rows = Array.from({ length: 7 }, (_, i) => `${i + 1},Book ${i + 1},Hook Author,,,,,,[],1`)

  test('commit runs once, inside the transaction, with the complete report; what it writes commits with the books', async (t) => {
    const app = await fresh(t)
    const calls: { report: ImportReport; inside: number }[] = []
    const report = await importCatalog(app.app.db, catalogCsv(...rows), {
      clock,
      batchSize: 3,
      commit: async (trx, seen) => {
        calls.push({ report: structuredClone(seen), inside: await countBooks(trx) })
        await trx.insertInto('books').values({ title: 'Written by the hook', author: 'Hook', genres: '[]', copies_total: 1, copies_available: 1, created_at: 'x', updated_at: 'x' }).execute()
      },
    })
    assert.equal(calls.length, 1)
    assert.deepEqual(calls[0]!.report, report, 'the hook saw the final report')
    assert.equal(calls[0]!.inside, 7, 'the books were inserted before the hook ran')
    assert.ok(report.seconds > 0)
    assert.equal(await countBooks(app.app.db), 8)
  })

  test('a commit hook that throws rolls everything back; its own error comes out, not an ImportError', async (t) => {
    const app = await fresh(t)
    const refusal = new Error('already done by another run')
    await assert.rejects(
      importCatalog(app.app.db, catalogCsv(...rows), {
        clock,
        batchSize: 3,
        commit: async (trx) => {
          await trx.insertInto('books').values({ title: 'Hook', author: 'Hook', genres: '[]', copies_total: 1, copies_available: 1, created_at: 'x', updated_at: 'x' }).execute()
          throw refusal
        },
      }),
      (error) => error === refusal,
    )
    assert.equal(await countBooks(app.app.db), 0)
    // Even a database error raised by the hook's own statement is the hook's: it comes out as is.
    await assert.rejects(
      importCatalog(app.app.db, catalogCsv(...rows), { clock, commit: async (trx) => void (await trx.insertInto('books').values({ title: 'no copies column' } as never).execute()) }),
      (error) => !(error instanceof ImportError),
    )
    assert.equal(await countBooks(app.app.db), 0)
  })

  test('abort while writing rolls back and throws the reason as is; the commit hook never runs', async (t) => {
    const app = await fresh(t)
    const controller = new AbortController()
    const reason = new Error('cancelled by the user')
    let committed = false
    const progress: [number, number | null][] = []
    await assert.rejects(
      importCatalog(app.app.db, catalogCsv(...rows), {
        clock,
        batchSize: 3,
        signal: controller.signal,
        commit: async () => void (committed = true),
        onProgress: (done, total) => {
          progress.push([done, total])
          if (total !== null) controller.abort(reason)
        },
      }),
      (error) => error === reason,
    )
    assert.equal(committed, false)
    assert.equal(await countBooks(app.app.db), 0)
    assert.deepEqual(progress, [[3, null], [6, null], [7, null], [3, 7]])
  })

  test('abort while parsing — also while the input waits for data — throws the reason as is', async (t) => {
    const app = await fresh(t)
    const reason = new Error('cancelled while reading')
    const controller = new AbortController()
    await assert.rejects(
      importCatalog(app.app.db, catalogCsv(...rows), { clock, batchSize: 2, signal: controller.signal, onProgress: () => controller.abort(reason) }),
      (error) => error === reason,
    )
    // An upload that stalls after its first row: the abort ends the wait.
    const stalled = new Readable({ read() {} })
    stalled.push(`${CATALOG_COLUMNS.join(',')}\n${rows[0]}\n`)
    const waiting = new AbortController()
    setTimeout(() => waiting.abort(reason), 20)
    await assert.rejects(importCatalog(app.app.db, stalled, { clock, signal: waiting.signal }), (error) => error === reason)
    assert.ok(stalled.destroyed)
    // Already aborted: nothing is read.
    await assert.rejects(importCatalog(app.app.db, BOOKS_CSV, { clock, signal: AbortSignal.abort(reason) }), (error) => error === reason)
    assert.equal(await countBooks(app.app.db), 0)
  })
})
