import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { connectDatabase } from '../../src/db/connect.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import type { Db } from '../../src/db/schema.ts'
import { type NoteKind, type RepairKind, createDuplicateCheck, repairRow } from '../../src/modules/books/import/catalog-row.ts'
import { ImportError, type ImportReport, formatReport, importCatalog } from '../../src/modules/books/import/import-catalog.ts'
import { createProgress } from '../../src/modules/books/import/progress.ts'
import { SCHEMA_TAG } from '../helper.ts'

const BOOKS_CSV = fileURLToPath(new URL('../../data/goodbooks-10k/books.csv', import.meta.url))
const T0 = '2026-11-21T10:00:00.000Z'
const clock = { now: () => new Date(T0) }

/** A clean row (nothing to repair) of the CSV's relevant columns, with `overrides` applied. */
function rowOf(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    book_id: '1',
    isbn: '0439023483',
    isbn13: '9780439023481',
    authors: 'Suzanne Collins',
    original_publication_year: '2008',
    original_title: 'The Hunger Games',
    title: 'The Hunger Games (The Hunger Games, #1)',
    language_code: 'en',
    ...overrides,
  }
}

function repaired(overrides: Record<string, string>, rowNumber = 1) {
  const result = repairRow(rowOf(overrides), rowNumber)
  assert.ok(result.ok, `expected a book, got: ${result.ok ? '' : result.reason}`)
  return result
}

function assertRepairs(actual: RepairKind[], expected: RepairKind[]) {
  assert.deepEqual([...actual].sort(), [...expected].sort())
}

function assertNotes(actual: NoteKind[], expected: NoteKind[]) {
  assert.deepEqual([...actual].sort(), [...expected].sort())
}

describe('repairRow', () => {
  test('a clean row becomes a book with nothing repaired', () => {
    const result = repaired({})
    assert.deepEqual(result.repairs, [])
    assert.deepEqual(result.notes, ['isbn_as_isbn13'])
    assert.deepEqual(result.book, {
      title: 'The Hunger Games (The Hunger Games, #1)',
      author: 'Suzanne Collins',
      isbn: '9780439023481',
      publication_year: 2008,
      language: 'en',
      publisher: null,
      summary: null,
      genres: [],
      copies_total: 2,
    })
  })

  test('the real first row of books.csv: leading zeros repaired; float isbn13, float year, eng only read', () => {
    const { book, repairs, notes } = repaired({ isbn: '439023483', isbn13: '9.78043902348e+12', original_publication_year: '2008.0', language_code: 'eng' })
    assert.equal(book.isbn, '9780439023481')
    assert.equal(book.publication_year, 2008)
    assert.equal(book.language, 'en')
    assertRepairs(repairs, ['isbn_leading_zeros'])
    assertNotes(notes, ['isbn_as_isbn13', 'publication_year_float', 'language_code'])
  })

  test('well-formed values read at face value are not repairs', () => {
    const { repairs, notes } = repaired({ isbn: '0439554934', isbn13: '9.78043955493e+12', original_publication_year: '1997.0', language_code: 'en' })
    assert.deepEqual(repairs, [])
    assertNotes(notes, ['isbn_as_isbn13', 'publication_year_float'])
  })

  test('title_whitespace: trims and collapses runs of spaces', () => {
    const a = repaired({ title: 'Angels & Demons  (Robert Langdon, #1)' })
    assert.equal(a.book.title, 'Angels & Demons (Robert Langdon, #1)')
    assertRepairs(a.repairs, ['title_whitespace'])
    assert.equal(repaired({ title: 'The Princess Bride ' }).book.title, 'The Princess Bride')
  })

  test('title_from_original_title: an empty title takes original_title', () => {
    const { book, repairs } = repaired({ title: '  ', original_title: 'The Hunger Games' })
    assert.equal(book.title, 'The Hunger Games')
    assertRepairs(repairs, ['title_from_original_title'])
  })

  test('authors_split: keeps every author, primary first, trimmed, without empty or repeated names', () => {
    const clean = repaired({ authors: 'J.K. Rowling, Mary GrandPré, Rufus Beck' })
    assert.equal(clean.book.author, 'J.K. Rowling, Mary GrandPré, Rufus Beck')
    assert.deepEqual(clean.repairs, [])

    const cases: [string, string][] = [
      ['Albert Camus, Matthew    Ward', 'Albert Camus, Matthew Ward'],
      ['Louis Sachar, Louis Sachar', 'Louis Sachar'],
      ['Mikhail Bulgakov, Mirra Ginsburg, Mikhail Bulgakov', 'Mikhail Bulgakov, Mirra Ginsburg'],
      [' Anne Frank ,, Eleanor Roosevelt ', 'Anne Frank, Eleanor Roosevelt'],
    ]
    for (const [authors, expected] of cases) {
      const { book, repairs } = repaired({ authors })
      assert.equal(book.author, expected)
      assertRepairs(repairs, ['authors_split'])
    }
  })

  test('isbn_leading_zeros with an X check digit', () => {
    const { book, repairs, notes } = repaired({ isbn: '80442957X', isbn13: '' })
    assert.equal(book.isbn, '9780804429573')
    assertRepairs(repairs, ['isbn_leading_zeros'])
    assertNotes(notes, ['isbn_as_isbn13'])
  })

  test('isbn13_from_isbn10: the valid ISBN-10 wins over a conflicting isbn13 (a repair); an agreeing float is only read', () => {
    const agreeing = repaired({ isbn13: '9.78043902348e+12' })
    assert.equal(agreeing.book.isbn, '9780439023481')
    assert.deepEqual(agreeing.repairs, [])
    const conflict = repaired({ isbn13: '9780306406157' })
    assert.equal(conflict.book.isbn, '9780439023481')
    assertRepairs(conflict.repairs, ['isbn13_from_isbn10'])
    assert.deepEqual(conflict.notes, [])
    assertRepairs(repaired({ isbn13: '9.78030640615e+12' }).repairs, ['isbn13_from_isbn10'])
  })

  test('isbn13_from_truncated_isbn: the isbn column holding an ISBN-13 without its 978', () => {
    const { book, repairs } = repaired({ isbn: '9380658674', isbn13: '9.78938065867e+12' })
    assert.equal(book.isbn, '9789380658674')
    assertRepairs(repairs, ['isbn13_from_truncated_isbn'])
    assert.equal(repaired({ isbn: '9380658797', isbn13: '97893806587.0' }).book.isbn, '9789380658797')
  })

  test('isbn_invalid: a wrong check digit is dropped; an exact isbn13 is used instead when there is one', () => {
    const dropped = repaired({ isbn: '812971060', isbn13: '' })
    assert.equal(dropped.book.isbn, null)
    assertRepairs(dropped.repairs, ['isbn_invalid'])

    const truncatedButDisagreeing = repaired({ isbn: '9380658674', isbn13: '' })
    assert.equal(truncatedButDisagreeing.book.isbn, null)
    assertRepairs(truncatedButDisagreeing.repairs, ['isbn_invalid'])

    const fromIsbn13 = repaired({ isbn: '0439023484', isbn13: '9780439023481' })
    assert.equal(fromIsbn13.book.isbn, '9780439023481')
    assertRepairs(fromIsbn13.repairs, ['isbn_invalid'])
  })

  test('an exact isbn13 (13 significant digits) is used when isbn is empty', () => {
    for (const isbn13 of ['9780439023481', '9780439023481.0', '9.780439023481e+12']) {
      const { book, repairs } = repaired({ isbn: '', isbn13 })
      assert.equal(book.isbn, '9780439023481', isbn13)
      assert.deepEqual(repairs, [])
    }
  })

  test('isbn13_unusable: a float isbn13 is never trusted, even when its zero-filled digits check', () => {
    // 9.78000000004e+12 reads as 9780000000040, a valid ISBN-13 by chance.
    for (const isbn13 of ['9.78043902348e+12', '9.78000000004e+12', '2.94001623192e+12', '195170342.0']) {
      const { book, repairs } = repaired({ isbn: '', isbn13 })
      assert.equal(book.isbn, null, isbn13)
      assertRepairs(repairs, ['isbn13_unusable'])
    }
    const both = repaired({ isbn: '812971060', isbn13: '9.78081297106e+12' })
    assert.equal(both.book.isbn, null)
    assertRepairs(both.repairs, ['isbn_invalid', 'isbn13_unusable'])
  })

  test('no ISBN at all: imported with isbn null and nothing noted', () => {
    const { book, repairs } = repaired({ isbn: '', isbn13: '' })
    assert.equal(book.isbn, null)
    assert.deepEqual(repairs, [])
  })

  test('publication years: float and negative are read, empty is null, invalid is dropped (a repair)', () => {
    const cases: [string, number | null, RepairKind[], NoteKind[]][] = [
      ['2008.0', 2008, [], ['publication_year_float']],
      ['-720.0', -720, [], ['publication_year_float', 'publication_year_negative']],
      ['-750', -750, [], ['publication_year_negative']],
      ['8.0', 8, [], ['publication_year_float']],
      ['', null, [], []],
      ['1999.5', null, ['publication_year_invalid'], []],
      ['circa 1900', null, ['publication_year_invalid'], []],
      ['12345', null, ['publication_year_invalid'], []],
    ]
    for (const [text, year, expected, notes] of cases) {
      const result = repaired({ original_publication_year: text })
      assert.equal(result.book.publication_year, year, text)
      assertRepairs(result.repairs, expected)
      assertNotes(result.notes.filter((n) => n !== 'isbn_as_isbn13'), notes)
    }
  })

  test('language_code: English variants and ISO 639-2 codes become ISO 639-1', () => {
    const cases: [string, string | null, boolean][] = [
      ['eng', 'en', true], ['en-US', 'en', true], ['en-GB', 'en', true], ['en-CA', 'en', true],
      ['spa', 'es', true], ['fre', 'fr', true], ['fra', 'fr', true], ['ger', 'de', true], ['deu', 'de', true],
      ['ita', 'it', true], ['jpn', 'ja', true], ['por', 'pt', true], ['ara', 'ar', true], ['per', 'fa', true],
      ['en', 'en', false], ['nl', 'nl', false], ['mul', 'mul', false], ['fil', 'fil', false],
      ['', null, false], ['??', null, true],
    ]
    for (const [code, language, isRepair] of cases) {
      const { book, repairs, notes } = repaired({ language_code: code })
      assert.equal(book.language, language, code)
      assertRepairs(repairs, isRepair && language === null ? ['language_invalid'] : [])
      assert.equal(notes.includes('language_code'), isRepair && language !== null, code)
    }
  })

  test('copies_total is 1 + (book_id mod 5), or 1 + (row mod 5) without a usable book_id', () => {
    assert.equal(repaired({ book_id: '5' }).book.copies_total, 1)
    assert.equal(repaired({ book_id: '9' }).book.copies_total, 5)
    assert.equal(repaired({ book_id: '' }, 7).book.copies_total, 3)
    assert.equal(repaired({ book_id: 'x' }, 10).book.copies_total, 1)
  })

  test('rejects a row without title or without author', () => {
    assert.deepEqual(repairRow(rowOf({ title: ' ', original_title: '' }), 3), { ok: false, reason: 'title and original_title are empty' })
    assert.deepEqual(repairRow(rowOf({ authors: ' , ' }), 3), { ok: false, reason: 'authors is empty' })
    assert.deepEqual(repairRow({ title: 'Only a title' }, 3), { ok: false, reason: 'authors is empty' })
  })
})

describe('createDuplicateCheck', () => {
  test('a repeated ISBN is a duplicate naming the first row', () => {
    const isDuplicate = createDuplicateCheck()
    const book = repaired({}).book
    assert.equal(isDuplicate(book, 1), undefined)
    assert.equal(isDuplicate({ ...book, title: 'Other' }, 4), 'duplicate isbn 9780439023481 (row 1)')
  })

  test('without ISBN, the same title and author (any case) is a duplicate; another author is not', () => {
    const isDuplicate = createDuplicateCheck()
    const book = repaired({ isbn: '', isbn13: '' }).book
    assert.equal(isDuplicate(book, 2), undefined)
    assert.equal(isDuplicate({ ...book, title: book.title.toUpperCase() }, 5), 'duplicate title and author without isbn (row 2)')
    assert.equal(isDuplicate({ ...book, author: 'Someone Else' }, 6), undefined)
  })
})

describe('formatReport', () => {
  test('counts, repairs grouped by kind, the first 20 rejects', () => {
    const report: ImportReport = {
      imported: 3, repaired: 2, rejected: 25, skipped_existing: 1, seconds: 1.25,
      repairs: [{ row: 1, fields: ['language_invalid', 'isbn_invalid'] }, { row: 2, fields: ['language_invalid'] }],
      notes: { publication_year_float: 3, language_code: 1 },
      rejects: Array.from({ length: 25 }, (_, i) => ({ row: i + 10, reason: `reason ${i + 10}` })),
    }
    const lines = formatReport(report).split('\n')
    assert.equal(lines[0], '29 rows in 1.3 s: 3 imported (2 repaired), 1 already in the catalog, 25 rejected')
    assert.match(lines[2] ?? '', /^ {2}language_invalid\s+2$/)
    assert.match(lines[3] ?? '', /^ {2}isbn_invalid\s+1$/)
    assert.equal(lines[4], "read into the catalog's form (not repairs): publication_year_float 3, language_code 1")
    assert.equal(lines[5], 'rejects (first 20 of 25):')
    assert.equal(lines[6], '  row 10: reason 10')
    assert.equal(lines.at(-1), '  row 29: reason 29')
    assert.equal(lines.length, 26)
  })
})

test('createProgress gives update and stop that can be called in any order', () => {
  const progress = createProgress(10)
  progress.update(5)
  progress.stop()
})

const COLUMNS = ['book_id', 'isbn', 'isbn13', 'authors', 'original_publication_year', 'original_title', 'title', 'language_code']

function csvOf(rows: Record<string, string>[], columns = COLUMNS): Readable {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c] ?? '')).join(','))]
  return Readable.from([`${lines.join('\n')}\n`])
}

interface TestDatabase {
  db: Db
  dialect: 'sqlite' | 'postgres'
  close(): Promise<void>
}

async function countBooks(db: Db): Promise<number> {
  const { n } = await db.selectFrom('books').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()
  return Number(n)
}

/** Makes every insert of a book titled BOOM fail, to break a batch halfway. */
async function installFailingTrigger(t: TestDatabase) {
  if (t.dialect === 'sqlite') {
    await sql`create trigger books_boom before insert on books when new.title = 'BOOM'
      begin select raise(abort, 'boom'); end`.execute(t.db)
    return
  }
  await sql`create function books_boom() returns trigger language plpgsql as $$
    begin if new.title = 'BOOM' then raise exception 'boom'; end if; return new; end $$`.execute(t.db)
  await sql`create trigger books_boom before insert on books for each row execute function books_boom()`.execute(t.db)
}

function importSuite(name: string, open: () => Promise<TestDatabase>) {
  describe(`importCatalog on ${name}`, () => {
    test('imports the real goodbooks-10k books.csv, and a second import adds nothing', async (t) => {
      const handle = await open()
      t.after(() => handle.close())
      const { db } = handle
      const progress: number[] = []
      const parsing: number[] = []

      const first = await importCatalog(db, BOOKS_CSV, { clock, onProgress: (n, total) => (total === null ? parsing : progress).push(n) })
      t.diagnostic(`${name}: ${first.imported} imported, ${first.repaired} repaired, ${first.rejected} rejected, ${first.seconds} s`)
      assert.equal(first.imported + first.rejected + first.skipped_existing, 10_000)
      assert.equal(first.skipped_existing, 0)
      assert.equal(first.rejects.length, first.rejected)
      assert.equal(first.repairs.length, first.repaired)
      assert.ok(first.imported >= 9_900, `imported ${first.imported}`)
      assert.equal(await countBooks(db), first.imported)
      assert.equal(progress.at(-1), 10_000)
      assert.deepEqual(progress, [...progress].sort((a, b) => a - b))
      assert.equal(parsing.at(-1), 10_000)
      assert.deepEqual(parsing, [...parsing].sort((a, b) => a - b))
      assert.ok(first.seconds > 0)

      t.diagnostic(`${name}: notes ${JSON.stringify(first.notes)}`)
      const kinds = new Set(first.repairs.flatMap((r) => r.fields))
      for (const kind of ['isbn_leading_zeros', 'isbn13_from_isbn10', 'isbn13_unusable', 'authors_split', 'title_whitespace'] as const) {
        assert.ok(kinds.has(kind), `no ${kind} repair`)
      }
      // A float year, an ISBN-10 stored as ISBN-13 or `eng` stored as `en` alone is not a repair.
      assert.ok(first.repaired < first.imported * 0.75, `${first.repaired} repaired`)
      assert.ok((first.notes.publication_year_float ?? 0) > 9_000)
      assert.ok((first.notes.language_code ?? 0) > 8_000)
      assert.ok((first.notes.publication_year_negative ?? 0) > 0)
      // Row 2 (Harry Potter: 439554934, 9.78043955493e+12, 1997.0, eng): only the lost leading zero is a repair.
      assert.deepEqual(first.repairs.find((r) => r.row === 2)?.fields, ['isbn_leading_zeros'])

      const hungerGames = await db.selectFrom('books').selectAll().where('isbn', '=', '9780439023481').executeTakeFirstOrThrow()
      assert.equal(hungerGames.title, 'The Hunger Games (The Hunger Games, #1)')
      assert.equal(hungerGames.author, 'Suzanne Collins')
      assert.equal(hungerGames.publication_year, 2008)
      assert.equal(hungerGames.language, 'en')
      assert.equal(hungerGames.genres, '[]')
      assert.equal(hungerGames.copies_total, 2)
      assert.equal(hungerGames.copies_available, 2)
      assert.equal(hungerGames.created_at, T0)

      const iliad = await db.selectFrom('books').select(['publication_year', 'author']).where('title', '=', 'The Iliad').executeTakeFirstOrThrow()
      assert.equal(iliad.publication_year, -750)
      assert.match(iliad.author, /^Homer, /)
      const potter = await db.selectFrom('books').select('author').where('isbn', '=', '9780439554930').executeTakeFirstOrThrow()
      assert.equal(potter.author, 'J.K. Rowling, Mary GrandPré')
      const withoutIsbn = await db.selectFrom('books').select('id').where('isbn', 'is', null).execute()
      assert.ok(withoutIsbn.length >= 700, `${withoutIsbn.length} books without ISBN`)

      const second = await importCatalog(db, BOOKS_CSV, { clock, batchSize: 1_000 })
      assert.equal(second.imported, 0)
      assert.equal(second.repaired, 0)
      assert.equal(second.skipped_existing, first.imported)
      assert.equal(second.rejected, first.rejected)
      assert.equal(await countBooks(db), first.imported)
    })

    test('rejects non-books and in-file repeats, skips books already in the catalog', async (t) => {
      const handle = await open()
      t.after(() => handle.close())
      const { db } = handle
      const rows = [
        rowOf({ book_id: '1' }),
        rowOf({ book_id: '2', isbn: '439023483', title: 'Same ISBN, other title' }),
        rowOf({ book_id: '3', isbn: '', isbn13: '', title: 'No ISBN', authors: 'A. Writer' }),
        rowOf({ book_id: '4', isbn: '', isbn13: '', title: 'NO ISBN', authors: 'a. writer' }),
        rowOf({ book_id: '5', isbn: '0306406152', title: '', original_title: '' }),
        rowOf({ book_id: '6', isbn: '080442957X', authors: '' }),
        rowOf({ book_id: '7', isbn: '080442957X', title: 'Now with an author', authors: 'B. Writer' }),
      ]
      const first = await importCatalog(db, csvOf(rows), { clock, batchSize: 2 })
      assert.deepEqual(first.rejects, [
        { row: 2, reason: 'duplicate isbn 9780439023481 (row 1)' },
        { row: 4, reason: 'duplicate title and author without isbn (row 3)' },
        { row: 5, reason: 'title and original_title are empty' },
        { row: 6, reason: 'authors is empty' },
      ])
      assert.deepEqual({ ...first, seconds: 0, rejects: [] }, {
        imported: 3, repaired: 1, rejected: 4, skipped_existing: 0, seconds: 0, rejects: [],
        repairs: [{ row: 7, fields: ['isbn13_from_isbn10'] }],
        notes: { isbn_as_isbn13: 1 },
      })

      const again = await importCatalog(db, csvOf([
        rowOf({ isbn: '', isbn13: '', title: 'no isbn', authors: 'A. WRITER' }),
        rowOf({ title: 'Same ISBN as the first import' }),
        rows[6]!,
      ]), { clock })
      assert.deepEqual({ ...again, seconds: 0 }, {
        imported: 0, repaired: 0, rejected: 0, skipped_existing: 3, seconds: 0, repairs: [], notes: {}, rejects: [],
      })
      assert.equal(await countBooks(db), 3)
    })

    test('a database failure in a later batch rolls the whole import back', async (t) => {
      const handle = await open()
      t.after(() => handle.close())
      await installFailingTrigger(handle)
      const rows = ['0439023483', '0306406152', '080442957X', '0316015849', '0061120081', '0439554934']
        .map((isbn, i) => rowOf({ book_id: String(i + 1), isbn, isbn13: '', title: i === 4 ? 'BOOM' : `Book ${i + 1}` }))
      await assert.rejects(
        importCatalog(handle.db, csvOf(rows), { clock, batchSize: 3, sourceName: 'books.csv' }),
        (error: Error) => error instanceof ImportError && error.message.startsWith('books.csv: nothing imported') &&
          error.message.includes('data rows 4–6') && !error.message.includes('\n') && error.cause instanceof Error,
      )
      assert.equal(await countBooks(handle.db), 0)
    })

    test('a file that cannot be parsed to its end commits nothing and says where and why in one line', async (t) => {
      const handle = await open()
      t.after(() => handle.close())
      const header = COLUMNS.join(',')
      const good = Array.from({ length: 1_200 }, (_, i) => `${i + 1},,,Author ${i + 1},2000,,Book ${i + 1},en`)
      const cases: [string, Buffer | string, RegExp][] = [
        ['unclosed quote at the end of 1,200 rows', `${header}\n${good.join('\n')}\n1201,,,"Open quote,2000,,Last,en\n`, /^x\.csv: row 1201 \(from line 1202\): a quoted field opened there is never closed$/],
        ['wrong header', `name,writer\n${good[0]}\n`, /^x\.csv: line 1: the header lacks the column\(s\) title, authors/],
        ['empty file', '', /^x\.csv: the file is empty/],
        ['blank lines only', '\n\n', /^x\.csv: the file is empty/],
        ['header only', `${header}\n`, /^x\.csv: no book rows after the header line$/],
        ['binary garbage', randomBytes(4096), /^x\.csv: line \d+: (not UTF-8 text|a NUL byte) \(is it a binary file\?\)$/],
        ['NUL bytes after good rows', `${header}\n${good.slice(0, 50).join('\n')}\n\u0000\u0000\n`, /^x\.csv: line 52: a NUL byte/],
        ['invalid UTF-8 on line 3', Buffer.concat([Buffer.from(`${header}\n${good[0]}\n`), Buffer.from([0xc3, 0x28])]), /^x\.csv: line 3: not UTF-8 text/],
      ]
      for (const [label, content, expected] of cases) {
        await assert.rejects(
          importCatalog(handle.db, Readable.from([typeof content === 'string' ? Buffer.from(content) : content]), { clock, sourceName: 'x.csv' }),
          (error: Error) => {
            assert.ok(error instanceof ImportError, `${label}: ${error}`)
            assert.match(error.message, expected, label)
            return true
          },
        )
        assert.equal(await countBooks(handle.db), 0, label)
      }
    })

    test('a row with another field count than the header is rejected, the others imported', async (t) => {
      const handle = await open()
      t.after(() => handle.close())
      const csv = Readable.from([`${COLUMNS.join(',')}\n1,,,A. Writer,2000,,One,en\n2,,,B. Writer,2000,,Two\n3,,,C. Writer,2000,,Three,en,extra\n`])
      const report = await importCatalog(handle.db, csv, { clock })
      assert.equal(report.imported, 1)
      assert.deepEqual(report.rejects, [{ row: 2, reason: '7 fields where the header has 8' }, { row: 3, reason: '9 fields where the header has 8' }])
    })

    test('a missing column, a bad batch size or an unreadable file is refused before anything is written', async (t) => {
      const handle = await open()
      t.after(() => handle.close())
      await assert.rejects(
        importCatalog(handle.db, csvOf([rowOf()], ['book_id', 'isbn', 'title']), { clock }),
        { name: 'ImportError', message: 'the CSV: line 1: the header lacks the column(s) authors (a goodbooks-10k books.csv header is expected)' },
      )
      await assert.rejects(importCatalog(handle.db, csvOf([rowOf()]), { clock, batchSize: 0 }), RangeError)
      const missing = join(sqliteDir, 'missing.csv')
      await assert.rejects(importCatalog(handle.db, missing, { clock }), { name: 'ImportError', message: `${missing}: cannot read: no such file` })
      await assert.rejects(importCatalog(handle.db, sqliteDir, { clock }), { name: 'ImportError', message: `${sqliteDir}: cannot read: is a directory, not a file` })
      assert.equal(await countBooks(handle.db), 0)
    })
  })
}

describe('the real CSV is where the tests expect it', () => {
  test('data/goodbooks-10k/books.csv exists', () => assert.ok(existsSync(BOOKS_CSV), BOOKS_CSV))
})

let sqliteDir = ''
before(() => {
  sqliteDir = mkdtempSync(join(tmpdir(), 'library-import-'))
})
after(() => rmSync(sqliteDir, { recursive: true, force: true }))

importSuite('SQLite', async () => {
  const handle = connectDatabase({ dialect: 'sqlite', path: join(sqliteDir, `${randomBytes(6).toString('hex')}.db`) })
  await migrateToLatest(handle.db)
  return handle
})

const pgUrl = process.env.TEST_DATABASE_URL
if (pgUrl) {
  importSuite('PostgreSQL', async () => {
    const schema = `imp_${SCHEMA_TAG}_${randomBytes(6).toString('hex')}`
    const admin = connectDatabase({ dialect: 'postgres', url: pgUrl }, { poolSize: 1 })
    await sql`create schema ${sql.id(schema)}`.execute(admin.db)
    const handle = connectDatabase({ dialect: 'postgres', url: pgUrl }, { searchPath: schema })
    await migrateToLatest(handle.db)
    return {
      db: handle.db,
      dialect: 'postgres',
      close: async () => {
        // the test runner drops test schemas after the pass (see test/helper.ts)
        await handle.close()
        await admin.close()
      },
    }
  })
}
