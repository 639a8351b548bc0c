import { createReadStream } from 'node:fs'
import { performance } from 'node:perf_hooks'
import type { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../../../db/schema.ts'
import { type Clock, iso } from '../../../shared/clock.ts'
import { type ImportedBook, type RepairKind, createDuplicateCheck, repairRow, titleAuthorKey } from './catalog-row.ts'

/**
 * What an import did, row by row. Row numbers are 1-based data row numbers: the header is row 0,
 * the first book row 1 (a quoted field spanning lines is still one row).
 * `imported + rejected + skipped_existing` is the number of data rows.
 */
export interface ImportReport {
  /** rows written as new books, repaired ones included */
  imported: number
  /** imported rows that needed at least one repair */
  repaired: number
  /** rows that are not a book, or repeat an earlier row of the same file */
  rejected: number
  /** rows already in the catalog (same ISBN; without ISBN: same title and author), not written */
  skipped_existing: number
  /** one entry per repaired, imported row, in row order */
  repairs: { row: number; fields: RepairKind[] }[]
  /** one entry per rejected row, in row order */
  rejects: { row: number; reason: string }[]
  /** wall-clock duration of the import, in seconds (millisecond precision) */
  seconds: number
}

/** Options of {@link importCatalog}. */
export interface ImportOptions {
  /** stamps `created_at` / `updated_at` (one instant per batch) */
  clock: Clock
  /** called after each committed batch and at the end with the number of data rows read so far */
  onProgress?: (rowsDone: number) => void
  /** rows per transaction; a positive integer, default 500 */
  batchSize?: number
}

const REQUIRED_COLUMNS = ['title', 'authors']
/** Rows per statement, so that no batch size exceeds SQLite's 32,766 or PostgreSQL's 65,535 bind parameters. */
const ROWS_PER_STATEMENT = 1000

interface PendingRow {
  row: number
  book: ImportedBook
  repairs: RepairKind[]
}

/**
 * Imports a goodbooks-10k `books.csv` (header line, then one book per row) into `books`,
 * streaming: each row is repaired ({@link repairRow}), checked against earlier rows of the file
 * ({@link createDuplicateCheck}) and against the catalog, and written in transactions of
 * `batchSize` rows. A row whose ISBN is already in the catalog — or, without ISBN, whose title
 * and author equal an existing book's (the database's `lower()`, ASCII-only on SQLite) — is
 * counted in `skipped_existing`, so importing the same file twice adds nothing the second time.
 * Runs unchanged on SQLite and PostgreSQL.
 * @param db the database (not a transaction: each batch opens its own)
 * @param input the CSV as a byte or text stream, or a file path
 * @returns the {@link ImportReport}
 * @throws RangeError when `batchSize` is not a positive integer
 * @throws Error when the header lacks `title` or `authors`, the CSV is malformed beyond
 *   csv-parse's `relax_quotes` / `relax_column_count`, the file cannot be read, or a batch
 *   fails to write; the failing batch is rolled back whole (earlier batches stay committed and
 *   are skipped by a rerun) and the error names its rows, with the cause attached
 * @see https://csv.js.org/parse/options/ (csv-parse options used)
 * @see https://kysely.dev/docs/examples/transactions/simple-transaction
 * @see https://kysely-org.github.io/kysely-apidocs/classes/InsertQueryBuilder.html#onConflict
 */
export async function importCatalog(
  db: Kysely<Database>,
  input: Readable | string,
  options: ImportOptions,
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer')
  const started = performance.now()
  const report: ImportReport = {
    imported: 0, repaired: 0, rejected: 0, skipped_existing: 0, repairs: [], rejects: [], seconds: 0,
  }
  const isDuplicate = createDuplicateCheck()
  let batch: PendingRow[] = []
  let rowsDone = 0

  const flush = async () => {
    if (batch.length === 0) return
    const pending = batch
    batch = []
    const now = iso(options.clock.now())
    let written: Set<PendingRow>
    try {
      written = await db.transaction().execute((trx) => insertNewBooks(trx, pending, now))
    } catch (cause) {
      const rows = `${pending[0]?.row}–${pending.at(-1)?.row}`
      throw new Error(`import stopped: the batch of data rows ${rows} failed and was rolled back`, { cause })
    }
    for (const item of pending) {
      if (!written.has(item)) {
        report.skipped_existing++
        continue
      }
      report.imported++
      if (item.repairs.length > 0) {
        report.repaired++
        report.repairs.push({ row: item.row, fields: item.repairs })
      }
    }
  }

  const source: Readable = typeof input === 'string' ? createReadStream(input) : input
  const parser = parse({
    columns: checkHeader,
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
  })
  source.on('error', (error) => parser.destroy(error))
  source.pipe(parser)
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      const row = ++rowsDone
      const result = repairRow(record, row)
      const reason = result.ok ? isDuplicate(result.book, row) : result.reason
      if (reason !== undefined) {
        report.rejected++
        report.rejects.push({ row, reason })
      } else if (result.ok) {
        batch.push({ row, book: result.book, repairs: result.repairs })
        if (batch.length >= batchSize) {
          await flush()
          options.onProgress?.(rowsDone)
        }
      }
    }
    await flush()
  } finally {
    if (typeof input === 'string') source.destroy()
  }
  options.onProgress?.(rowsDone)
  // Fresh planner statistics after a bulk load: without them PostgreSQL sorts the whole table
  // for every page (autovacuum may be off or late); SQLite's `analyze` feeds its planner too.
  if (report.imported > 0) await sql`analyze books`.execute(db)
  report.seconds = Math.round(performance.now() - started) / 1000
  return report
}

function checkHeader(header: string[]): string[] {
  const names = header.map((name) => name.trim())
  const missing = REQUIRED_COLUMNS.filter((name) => !names.includes(name))
  if (missing.length > 0) throw new Error(`the CSV header lacks the column(s) ${missing.join(', ')}`)
  return names
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) out.push(items.slice(i, i + ROWS_PER_STATEMENT))
  return out
}

/**
 * Writes the rows of `pending` that are not in the catalog yet; returns those written. A row
 * whose ISBN appears between the check and the insert (a concurrent writer) is left out by
 * `on conflict do nothing` rather than failing the batch.
 */
async function insertNewBooks(trx: Kysely<Database>, pending: PendingRow[], now: string): Promise<Set<PendingRow>> {
  const withIsbn = pending.filter((item) => item.book.isbn !== null)
  const withoutIsbn = pending.filter((item) => item.book.isbn === null)
  const existingIsbns = await findExistingIsbns(trx, withIsbn.map((item) => item.book.isbn as string))
  const existingKeys = await findExistingTitleAuthorKeys(trx, withoutIsbn.map((item) => item.book.title))
  const fresh = pending.filter((item) =>
    item.book.isbn !== null
      ? !existingIsbns.has(item.book.isbn)
      : !existingKeys.has(titleAuthorKey(item.book.title, item.book.author)),
  )

  const written = new Set<PendingRow>()
  for (const part of chunks(fresh)) {
    const inserted = await trx
      .insertInto('books')
      .values(part.map(({ book }) => ({
        ...book,
        genres: JSON.stringify(book.genres),
        copies_available: book.copies_total,
        created_at: now,
        updated_at: now,
      })))
      .onConflict((oc) => oc.column('isbn').doNothing())
      .returning('isbn')
      .execute()
    const insertedIsbns = new Set(inserted.map((r) => r.isbn))
    for (const item of part) {
      if (item.book.isbn === null || insertedIsbns.has(item.book.isbn)) written.add(item)
    }
  }
  return written
}

async function findExistingIsbns(trx: Kysely<Database>, isbns: string[]): Promise<Set<string | null>> {
  const found = new Set<string | null>()
  for (const part of chunks(isbns)) {
    const rows = await trx.selectFrom('books').select('isbn').where('isbn', 'in', part).execute()
    for (const r of rows) found.add(r.isbn)
  }
  return found
}

async function findExistingTitleAuthorKeys(trx: Kysely<Database>, titles: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (const part of chunks(titles)) {
    const rows = await trx
      .selectFrom('books')
      .select(['title', 'author'])
      .where((eb) =>
        eb(eb.fn('lower', ['title']), 'in', part.map((t) => eb.fn('lower', [eb.cast(eb.val(t), 'text')]))),
      )
      .execute()
    for (const r of rows) found.add(titleAuthorKey(r.title, r.author))
  }
  return found
}

/**
 * A short human summary of a report for the CLI: the counts and duration, the repairs grouped
 * by kind with their counts (most frequent first), and the first 20 rejects.
 * @returns several lines of plain text, without a trailing newline
 */
export function formatReport(report: ImportReport): string {
  const total = report.imported + report.rejected + report.skipped_existing
  const lines = [
    `${total} rows in ${report.seconds.toFixed(1)} s: ${report.imported} imported (${report.repaired} repaired), ` +
      `${report.skipped_existing} already in the catalog, ${report.rejected} rejected`,
  ]
  const byKind = new Map<string, number>()
  for (const { fields } of report.repairs) for (const kind of fields) byKind.set(kind, (byKind.get(kind) ?? 0) + 1)
  if (byKind.size > 0) {
    lines.push('repairs:')
    const width = Math.max(...[...byKind.keys()].map((k) => k.length))
    for (const [kind, count] of [...byKind].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      lines.push(`  ${kind.padEnd(width)}  ${count}`)
    }
  }
  if (report.rejects.length > 0) {
    const shown = report.rejects.slice(0, 20)
    lines.push(`rejects${report.rejects.length > shown.length ? ` (first ${shown.length} of ${report.rejects.length})` : ''}:`)
    for (const { row, reason } of shown) lines.push(`  row ${row}: ${reason}`)
  }
  return lines.join('\n')
}
