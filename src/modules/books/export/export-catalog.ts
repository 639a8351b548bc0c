import { setImmediate as nextTurn } from 'node:timers/promises'
import { type Options as StringifyOptions, stringify } from 'csv-stringify/sync'
import type { BookRow, Db } from '../../../db/schema.ts'
import { type BookFilter, countBooksForExport, listBooksForExport } from '../books.repository.ts'

/**
 * The columns of a catalog export, in order, named as the v1 API's fields (api-contract §4):
 * what `library-api import` reads back as the catalog form (a header with `author`, not
 * `authors`). `copies_available` and the timestamps are left out: an import creates new books
 * with every copy available.
 */
export const CATALOG_COLUMNS = ['id', 'title', 'author', 'isbn', 'publication_year', 'publisher', 'language', 'summary', 'genres', 'copies_total'] as const

/**
 * Told how far an export has come, after each batch: `done` books written so far, of `total`
 * (the count matching the filter when the export started, raised to `done` should books be
 * added meanwhile). The last call has `done === total`. Called synchronously; keep it cheap.
 */
export interface ExportProgress { (done: number, total: number): void }

/** Options of {@link exportCatalog}. */
export interface ExportOptions {
  /** called after each batch written (an empty export: once, with `(0, 0)`) */
  onProgress?: ExportProgress
  /** checked before each batch is read: once aborted, the export throws `signal.reason` as is */
  signal?: AbortSignal
  /** books read per query and written per chunk; a positive integer, default 1000 */
  batchSize?: number
}

/** What {@link exportCatalog} wrote. */
export interface ExportSummary {
  /** books written (data rows, the header not counted) */
  rows: number
  /** bytes written, header included (UTF-8) */
  bytes: number
  /** the header, {@link CATALOG_COLUMNS} */
  columns: string[]
}

/**
 * csv-stringify options (https://csv.js.org/stringify/options/): RFC 4180 records ended by CRLF;
 * a field is quoted when it holds a comma, a quote (doubled inside) or a CR or LF — a lone `\n` or
 * `\r` included (`quote_record_delimiter`, which would otherwise follow the CRLF delimiter only);
 * an empty string is written `""`, so that it stays distinct from a null, written as an empty
 * cell (PostgreSQL's `COPY … CSV` convention). Formulas are NOT escaped (`escape_formulas` off):
 * see {@link exportCatalog}.
 */
const CSV_OPTIONS: StringifyOptions = {
  record_delimiter: 'windows',
  quote_record_delimiter: true,
  escape_formulas: false,
  cast: { string: (value) => (value === '' ? { value: '', quoted_empty: true } : value) },
}

/** One book as a CSV record in {@link CATALOG_COLUMNS} order; `null` is an empty cell. */
function recordOf(row: BookRow): (string | null)[] {
  return [
    String(row.id),
    row.title,
    row.author,
    row.isbn,
    row.publication_year === null ? null : String(row.publication_year),
    row.publisher,
    row.language,
    row.summary,
    // Stored as the JSON text of the array (JSON.stringify on every write path): written as is.
    row.genres,
    String(row.copies_total),
  ]
}

/**
 * Writes the catalog — or the books matching `filter`, with the semantics of
 * `GET /api/v1/books?author=&genre=&language=&year=` — as CSV, streamed from the database:
 * books are read by keyset on `id` (ascending, never OFFSET) `batchSize` at a time, and each
 * batch is turned into one chunk and handed to `write`, which is awaited before the next batch is
 * read (backpressure). Memory stays at one batch whatever the size of the catalog.
 *
 * The format (RFC 4180): UTF-8 without byte order mark, records ended by CRLF, a header line of
 * {@link CATALOG_COLUMNS}, every field that needs quoting quoted (comma, quote, CR or LF inside).
 * Values are the v1 API's: `isbn` the compact ISBN-13, `publication_year` an integer (negative
 * before the common era), `genres` the JSON array text (`["fantasy","classics"]`), a null an
 * empty cell, an empty string `""`. `library-api import` reads this form back: export, then
 * import into an empty database, gives the same books (new ids).
 *
 * CSV injection: a cell that starts with `=`, `+`, `-`, `@`, tab or CR may be run as a formula by
 * a spreadsheet that opens the file. The data is NOT altered: OWASP's remedy (a `'` prefix,
 * csv-stringify's `escape_formulas`) would change titles and summaries and break the round trip
 * (a year `-750` or a title `+1` would come back different). The file is a data interchange
 * format; open it in a spreadsheet through its import dialog with the columns as text.
 *
 * Not a snapshot: each batch is read when its turn comes, so a book added or deleted meanwhile
 * is in the export or not according to whether its batch was read after the change; no book is
 * written twice.
 * @param db the database (or a transaction)
 * @param filter the list filters; `{}` exports everything
 * @param write receives UTF-8 CSV chunks, the header first (its own chunk), then one per batch;
 *   it may keep or transfer each Buffer (it is not read again)
 * @returns what was written: {@link ExportSummary}
 * @throws RangeError when `batchSize` is not a positive integer (before anything is written)
 * @throws `signal.reason` as is when the signal is aborted (checked before each batch)
 * @throws whatever `write` or the database throws, as is
 * @see https://www.rfc-editor.org/rfc/rfc4180 (CSV)
 * @see https://csv.js.org/stringify/api/sync/ (csv-stringify, sync API)
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 * @see https://www.postgresql.org/docs/current/sql-copy.html#SQL-COPY-CSV-FORMAT (null as an unquoted empty cell)
 */
export async function exportCatalog(db: Db, filter: BookFilter, write: (chunk: Buffer) => Promise<void>, options?: ExportOptions): Promise<ExportSummary> {
  const batchSize = options?.batchSize ?? 1000
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer')
  const signal = options?.signal
  const onProgress = options?.onProgress
  if (signal?.aborted) throw signal.reason

  let total = await countBooksForExport(db, filter)
  const header = Buffer.from(stringify([[...CATALOG_COLUMNS]], CSV_OPTIONS), 'utf8')
  let bytes = header.length
  await write(header)
  let rows = 0
  let afterId = 0
  for (;;) {
    if (signal?.aborted) throw signal.reason
    const batch = await listBooksForExport(db, filter, afterId, batchSize)
    if (batch.length === 0) {
      // The last full batch was the end, or nothing matched: the last call says done = total.
      if (rows === 0 || total !== rows) onProgress?.(rows, rows)
      break
    }
    const chunk = Buffer.from(stringify(batch.map(recordOf), CSV_OPTIONS), 'utf8')
    // Counted before `write`, which may take the bytes away (a worker transfers them: the Buffer is then empty).
    bytes += chunk.length
    await write(chunk)
    // On SQLite every query is synchronous: without this the whole export would run in one turn
    // of the event loop, and the catalog reads of the same process would wait for its end.
    await nextTurn()
    rows += batch.length
    afterId = batch[batch.length - 1]!.id
    const last = batch.length < batchSize
    total = last ? rows : Math.max(total, rows)
    onProgress?.(rows, total)
    if (last) break
  }
  return { rows, bytes, columns: [...CATALOG_COLUMNS] }
}
