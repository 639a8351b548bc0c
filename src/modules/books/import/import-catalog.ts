import { createReadStream } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { type Readable, Transform, pipeline } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { CsvError, parse } from 'csv-parse'
import { type Kysely, sql } from 'kysely'
import type { Database, Db } from '../../../db/schema.ts'
import { type Clock, iso } from '../../../shared/clock.ts'
import { type CatalogCell, readCatalogRow } from './catalog-form.ts'
import { type ImportedBook, type NoteKind, type RepairKind, createDuplicateCheck, repairRow, titleAuthorKey } from './catalog-row.ts'

/**
 * What an import did, row by row. Row numbers are 1-based data row numbers: the header is row 0,
 * the first book row 1 (a quoted field spanning lines is still one row; blank lines are skipped).
 * `imported + rejected + skipped_existing` is the number of data rows.
 */
export interface ImportReport {
  /** rows written as new books, repaired ones included */
  imported: number
  /** imported rows in which at least one stored value differs from the cell read at face value */
  repaired: number
  /** rows that are not a book, or repeat an earlier row of the same file */
  rejected: number
  /** rows already in the catalog (same ISBN; without ISBN: same title and author), not written */
  skipped_existing: number
  /** one entry per repaired, imported row, in row order */
  repairs: { row: number; fields: RepairKind[] }[]
  /** imported rows per {@link NoteKind}: values read into the catalog's form, not repairs */
  notes: Partial<Record<NoteKind, number>>
  /** one entry per rejected row, in row order */
  rejects: { row: number; reason: string }[]
  /** wall-clock duration of the import, in seconds (millisecond precision) */
  seconds: number
}

/**
 * Told how far an import has come. While the input is parsed: `done` data rows parsed so far and
 * `total` null (unknown yet), every `batchSize` rows and once at the end of the input; while
 * writing: `done` data rows handled (written, skipped or rejected) of `total` data rows, after
 * every write batch; last, once the import has committed, `(total, total)`. Called
 * synchronously; keep it cheap.
 */
export type ImportProgress = (done: number, total: number | null) => void

/** Options of {@link importCatalog}. */
export interface ImportOptions {
  /** stamps `created_at` / `updated_at` (one instant for the whole import) */
  clock: Clock
  /** see {@link ImportProgress} */
  onProgress?: ImportProgress
  /** rows per insert statement and progress step; a positive integer, default 500 */
  batchSize?: number
  /** how messages name the input; default the file path, or `the CSV` for a stream */
  sourceName?: string
  /**
   * Runs inside the write transaction, after every book is inserted, with the final report
   * (complete: `seconds` included), so that what it writes commits or rolls back with the books
   * (a task marking itself done: a run killed before the commit left nothing; a retry after it
   * finds the mark). Called exactly once per import that reaches the write phase. When it throws,
   * the whole import rolls back and its error comes out of `importCatalog` as is, never wrapped
   * in an {@link ImportError}.
   */
  commit?: (trx: Db, report: ImportReport) => Promise<void>
  /**
   * Checked while the input is parsed (an abort also stops a read waiting for data) and before
   * each write batch and the commit: once aborted, nothing is committed and `importCatalog`
   * throws `signal.reason` as is.
   */
  signal?: AbortSignal
  /**
   * Runs inside the write transaction before each batch (a task checking it is still its own:
   * a cancellation made while the file was parsed stops the import before anything is written).
   * When it throws, the import rolls back and its error comes out as is.
   */
  checkpoint?: (trx: Db) => Promise<void>
}

/**
 * A file-level failure of {@link importCatalog}: the input could not be read or parsed to its
 * end, has no usable header or no data row, or the database failed while writing. Nothing was
 * committed. The message is one line naming the input, the line or rows and the reason; the
 * underlying error, if any, is the `cause`.
 */
export class ImportError extends Error {
  override name = 'ImportError'
}

const REQUIRED_COLUMNS = ['title', 'authors']
/** Which kind of CSV the header says it is: goodbooks-10k `books.csv`, or a catalog export (`author`, not `authors`). */
type CsvForm = 'goodbooks' | 'catalog'
/** Rows per statement at most, so that no batch exceeds SQLite's 32,766 or PostgreSQL's 65,535 bind parameters. */
const ROWS_PER_STATEMENT = 1000
/** Longest accepted row, characters: a quote opened by mistake would otherwise swallow the whole file into memory. */
const MAX_ROW_CHARACTERS = 1_000_000

interface PendingRow {
  row: number
  book: ImportedBook
  repairs: RepairKind[]
  notes: NoteKind[]
}

/** The rows of a parsed file: books to write and rows refused. */
interface ParsedCatalog {
  pending: PendingRow[]
  rejects: { row: number; reason: string }[]
  dataRows: number
}

/** What {@link parseCatalog} needs beside the input. */
interface ParseOptions {
  name: string
  batchSize: number
  onProgress?: ImportProgress
  signal?: AbortSignal
}

/**
 * Imports a catalog CSV into `books`, all or nothing at the level of the file. Two forms are
 * read, told apart by the header: a goodbooks-10k `books.csv` (an `authors` column), whose rows
 * are repaired ({@link repairRow}); and a catalog export (`exportCatalog`: an `author` column and
 * no `authors`), whose rows are the API's own values, checked with the rules of
 * `POST /api/v1/books` and stored as written ({@link readCatalogRow}), new ids given.
 *
 * First the whole input is read and parsed (strict UTF-8, no NUL byte, RFC 4180 quoting with
 * csv-parse's `relax_quotes`): each row becomes a book or is rejected with its reason (not a
 * book, a field count other than the header's, a repeat of an earlier row —
 * {@link createDuplicateCheck}). A file that cannot be parsed to its end commits nothing. Then
 * every valid row is written in ONE transaction: a row whose ISBN is already in the catalog — or,
 * without ISBN, whose title and author equal an existing book's (the database's `lower()`,
 * ASCII-only on SQLite) — is counted in `skipped_existing`, so importing the same file twice adds
 * nothing the second time. The report is completed inside that transaction and handed to
 * `options.commit` before it commits. A database failure, a refusing `commit` hook or an abort
 * rolls the whole import back: whatever is thrown, nothing was committed. Parsing before writing keeps the write lock short when the input
 * is slow (an upload); the parsed rows are held in memory (about 2 MB for 10,000). After the
 * commit the planner statistics of `books` are refreshed (`analyze`, best effort). Runs
 * unchanged on SQLite and PostgreSQL.
 * @param db the database (not a transaction: the import opens its own)
 * @param input the CSV as a byte stream, or a file path
 * @returns the {@link ImportReport} — the very object `options.commit` was given
 * @throws RangeError when `batchSize` is not a positive integer
 * @throws ImportError when the input cannot be read, is not UTF-8 text, is empty or has no data
 *   row, its header lacks `title` or `authors` (`title` or `author` for the catalog form), a
 *   quoted field is never closed or a row is longer than 1,000,000 characters, or the database
 *   fails while writing (the cause attached)
 * @throws whatever `options.commit` throws, as is
 * @throws `options.signal.reason` as is, once the signal is aborted
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
  const { signal, onProgress } = options
  if (signal?.aborted) throw signal.reason
  const name = options.sourceName ?? (typeof input === 'string' ? input : 'the CSV')
  const started = performance.now()
  const parsed = await parseCatalog(input, { name, batchSize, onProgress, signal })

  const now = iso(options.clock.now())
  let part: PendingRow[] = []
  // What the transaction threw that is not the database's: it comes out as is.
  let refusal: { error: unknown } | undefined
  const refuse = (error: unknown): never => {
    refusal = { error }
    throw error
  }
  let report: ImportReport
  try {
    report = await db.transaction().execute(async (trx) => {
      const written = new Set<PendingRow>()
      for (let i = 0; i < parsed.pending.length; i += batchSize) {
        if (signal?.aborted) refuse(signal.reason)
        if (options.checkpoint) {
          try {
            await options.checkpoint(trx)
          } catch (error) {
            refuse(error)
          }
        }
        part = parsed.pending.slice(i, i + batchSize)
        for (const item of await insertNewBooks(trx, part, now)) written.add(item)
        onProgress?.(part.at(-1)?.row ?? 0, parsed.dataRows)
        // Work that needs no database (health checks, cached reads) goes on meanwhile.
        await nextTurn()
      }
      if (signal?.aborted) refuse(signal.reason)
      const complete = reportOf(parsed, written, started)
      if (options.commit) {
        try {
          await options.commit(trx, complete)
        } catch (error) {
          refuse(error)
        }
      }
      return complete
    })
  } catch (cause) {
    if (refusal && cause === refusal.error) throw cause
    const rows = part.length > 0 ? `data rows ${part[0]?.row}–${part.at(-1)?.row}` : 'the import'
    throw new ImportError(`${name}: nothing imported: the database failed while writing ${rows} (${firstLine(cause)})`, { cause })
  }
  onProgress?.(parsed.dataRows, parsed.dataRows)
  // Fresh planner statistics after a bulk load: without them PostgreSQL sorts the whole table
  // for every page (autovacuum may be off or late); SQLite's `analyze` feeds its planner too.
  // Best effort: the books are committed, and a caller must not read a failure here as "nothing
  // imported" (autovacuum and the next import catch up).
  if (report.imported > 0) await sql`analyze books`.execute(db).catch(() => {})
  return report
}

/** The report of a write phase: `written` are the pending rows inserted, the others existed already. */
function reportOf(parsed: ParsedCatalog, written: Set<PendingRow>, started: number): ImportReport {
  const report: ImportReport = {
    imported: 0, repaired: 0, rejected: parsed.rejects.length, skipped_existing: 0, repairs: [], notes: {}, rejects: parsed.rejects, seconds: 0,
  }
  for (const item of parsed.pending) {
    if (!written.has(item)) {
      report.skipped_existing++
      continue
    }
    report.imported++
    if (item.repairs.length > 0) {
      report.repaired++
      report.repairs.push({ row: item.row, fields: item.repairs })
    }
    for (const note of item.notes) report.notes[note] = (report.notes[note] ?? 0) + 1
  }
  report.seconds = Math.round(performance.now() - started) / 1000
  return report
}

/**
 * Reads and parses the whole input, turning each row into a book (repaired goodbooks row, or
 * catalog-form row read as is) or rejecting it.
 * @throws ImportError for every file-level failure (see {@link importCatalog})
 * @throws `signal.reason` as is once the signal is aborted
 */
async function parseCatalog(input: Readable | string, options: ParseOptions): Promise<ParsedCatalog> {
  const { name, batchSize, onProgress, signal } = options
  const source: Readable = typeof input === 'string' ? createReadStream(input) : input
  // Where the parser itself got to (records, including the header, and the line the last one ended
  // on): when it fails, records it parsed may still wait unread in the stream's buffer — how many
  // depends on the runtime's stream timing — so the loop's own count would name an earlier row.
  const parsedUpTo = { records: 0, lines: 0 }
  const parser = parse({
    on_record: (record, context) => {
      parsedUpTo.records += 1
      parsedUpTo.lines = context.lines
      return record
    },
    bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_ROW_CHARACTERS, info: true,
    // An empty cell that was not quoted is null, a quoted one (`""`) the empty string: the
    // catalog form tells a null publisher or summary from an empty one (goodbooks rows read both as '').
    cast: (value, context) => (value === '' && !context.quoting ? null : value),
  })
  // pipeline destroys every stream on the first error, so the iteration below ends with it.
  pipeline(source, utf8Text(name), parser, () => {})
  // An abort also ends a read waiting for data (a slow upload).
  const stop = () => parser.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
  signal?.addEventListener('abort', stop, { once: true })
  const parsed: ParsedCatalog = { pending: [], rejects: [], dataRows: 0 }
  const isDuplicate = createDuplicateCheck()
  let header: string[] | undefined
  let form: CsvForm = 'goodbooks'
  try {
    for await (const { record } of parser as AsyncIterable<{ record: (string | null)[] }>) {
      if (signal?.aborted) throw signal.reason
      if (header === undefined) {
        const checked = checkHeader(record, name)
        header = checked.header
        form = checked.form
        continue
      }
      const row = ++parsed.dataRows
      if (row % batchSize === 0) {
        onProgress?.(row, null)
        // An input already in memory (an upload read from SQLite) would parse to its end in one
        // turn of the event loop: give HTTP requests and timers (a task's heartbeat) their turn.
        await nextTurn()
      }
      if (record.length !== header.length) {
        parsed.rejects.push({ row, reason: `${record.length} fields where the header has ${header.length}` })
        continue
      }
      let result
      if (form === 'catalog') {
        const cells: Record<string, CatalogCell> = {}
        header.forEach((column, i) => (cells[column] = record[i]))
        result = readCatalogRow(cells)
      } else {
        const fields: Record<string, string> = {}
        header.forEach((column, i) => (fields[column] = record[i] ?? ''))
        result = repairRow(fields, row)
      }
      const reason = result.ok ? isDuplicate(result.book, row) : result.reason
      if (reason !== undefined) parsed.rejects.push({ row, reason })
      else if (result.ok) parsed.pending.push({ row, book: result.book, repairs: result.repairs, notes: result.notes })
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    throw asImportError(error, name, Math.max(1, parsedUpTo.records), parsedUpTo.lines + 1)
  } finally {
    signal?.removeEventListener('abort', stop)
    source.destroy()
  }
  if (signal?.aborted) throw signal.reason
  if (header === undefined) throw new ImportError(`${name}: the file is empty (a header line and at least one book row are expected)`)
  if (parsed.dataRows === 0) throw new ImportError(`${name}: no book rows after the header line`)
  if (parsed.dataRows % batchSize !== 0) onProgress?.(parsed.dataRows, null)
  return parsed
}

/** The one-line {@link ImportError} for an error met while reading or parsing. */
function asImportError(error: unknown, name: string, row: number, line: number): ImportError {
  if (error instanceof ImportError) return error
  if (error instanceof CsvError) {
    const reason = error.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted field opened there is never closed'
      : error.code === 'CSV_MAX_RECORD_SIZE'
        ? `the row is longer than ${MAX_ROW_CHARACTERS.toLocaleString('en')} characters (an unbalanced quote?)`
        : firstLine(error)
    return new ImportError(`${name}: ${row === 1 && line === 1 ? 'header' : `row ${row}`} (from line ${line}): ${reason}`, { cause: error })
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const reasons: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a directory, not a file' }
  const reason = (code !== undefined && reasons[code]) || firstLine(error)
  return new ImportError(`${name}: cannot read: ${reason}`, { cause: error })
}

/**
 * A transform from bytes to text that refuses what is not UTF-8 text: an invalid byte
 * sequence or a NUL character (binary data) fails the stream with an {@link ImportError} naming
 * the line (WHATWG Encoding `TextDecoder` with `fatal: true`).
 */
function utf8Text(name: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let line = 1
  const notText = (at: number, why: string) => new ImportError(`${name}: line ${at}: ${why} (is it a binary file?)`)
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let text: string
      try {
        text = decoder.decode(chunk, { stream: true })
      } catch {
        // The line of the first undecodable byte: count the newlines the lenient decoder finds before its first U+FFFD.
        const lenient = new TextDecoder('utf-8').decode(chunk)
        return callback(notText(line + countNewlines(lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')))), 'not UTF-8 text'))
      }
      const nul = text.indexOf('\u0000')
      if (nul >= 0) return callback(notText(line + countNewlines(text.slice(0, nul)), 'a NUL byte'))
      line += countNewlines(text)
      callback(null, text)
    },
    flush(callback) {
      try {
        callback(null, decoder.decode())
      } catch {
        callback(notText(line, 'the file ends inside a UTF-8 sequence'))
      }
    },
  })
}

function countNewlines(text: string): number {
  let n = 0
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++
  return n
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]?.trim() || 'unknown error'
}

/**
 * The column names of the header line and the form they announce: a catalog export when there
 * is an `author` column and no `authors` (then `title` is required too), else goodbooks-10k
 * (`title` and `authors` required).
 * @throws ImportError naming the missing columns
 */
function checkHeader(header: (string | null)[], name: string): { header: string[]; form: CsvForm } {
  const names = header.map((column) => (column ?? '').trim())
  if (names.includes('author') && !names.includes('authors')) {
    if (!names.includes('title')) throw new ImportError(`${name}: line 1: the header lacks the column(s) title (a catalog export header is expected)`)
    return { header: names, form: 'catalog' }
  }
  const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column))
  if (missing.length > 0) {
    throw new ImportError(`${name}: line 1: the header lacks the column(s) ${missing.join(', ')} (a goodbooks-10k books.csv header is expected)`)
  }
  return { header: names, form: 'goodbooks' }
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
 * by kind with their counts (most frequent first), the notes on one line, and the first 20 rejects.
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
  const notes = Object.entries(report.notes).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  if (notes.length > 0) lines.push(`read into the catalog's form (not repairs): ${notes.map(([kind, count]) => `${kind} ${count}`).join(', ')}`)
  if (report.rejects.length > 0) {
    const shown = report.rejects.slice(0, 20)
    lines.push(`rejects${report.rejects.length > shown.length ? ` (first ${shown.length} of ${report.rejects.length})` : ''}:`)
    for (const { row, reason } of shown) lines.push(`  row ${row}: ${reason}`)
  }
  return lines.join('\n')
}
