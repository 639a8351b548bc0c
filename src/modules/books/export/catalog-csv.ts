/**
 * The catalog's CSV, made from any source of books: what `exportCatalog` writes in process and
 * the export's worker thread writes on its own connection. No database code here (a worker
 * imports this file without Kysely).
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import { type Options as StringifyOptions, stringify } from 'csv-stringify/sync'
import type { BookRow } from '../../../db/schema.ts'

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

/** Options of {@link streamCatalogCsv} and `exportCatalog`. */
export interface ExportOptions {
  /** called after each batch written (an empty export: once, with `(0, 0)`) */
  onProgress?: ExportProgress
  /** checked before each batch is read: once aborted, the export throws `signal.reason` as is */
  signal?: AbortSignal
  /** books read per query and written per chunk; a positive integer, default 1000 */
  batchSize?: number
}

/** What {@link streamCatalogCsv} (and `exportCatalog`) wrote. */
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
 * see `exportCatalog`.
 */
const CSV_OPTIONS: StringifyOptions = {
  record_delimiter: 'windows',
  quote_record_delimiter: true,
  escape_formulas: false,
  cast: { string: (value) => (value === '' ? { value: '', quoted_empty: true } : value) },
}

/**
 * Records as CSV text, by csv-stringify's sync API with {@link CSV_OPTIONS}.
 * @param records each an array of fields in column order; `null` is an empty cell
 * @see https://csv.js.org/stringify/api/sync/, RFC 4180
 */
export function csvRecords(records: readonly (readonly (string | null)[])[]): string {
  return stringify(records as (string | null)[][], CSV_OPTIONS)
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
 * Where {@link streamCatalogCsv} reads the books: the count matching the filter, and the next
 * books after an id, in ascending id order (`books.repository.ts`'s `countBooksForExport` and
 * `listBooksForExport`, through Kysely or as compiled queries on another connection).
 */
export interface CatalogSource {
  /** books matching the filter now */
  count(): Promise<number>
  /** at most `limit` books matching the filter whose id is above `afterId`, by ascending id; fewer only at the end */
  page(afterId: number, limit: number): Promise<BookRow[]>
}

/**
 * The CSV of the books `source` gives, streamed batch by batch: the format, the batches and the
 * backpressure of `exportCatalog` (see there), which is this function on the repository.
 * @param source where the books come from
 * @param write receives UTF-8 CSV chunks, the header first (its own chunk), then one per batch;
 *   it may keep or transfer each Buffer (it is not read again)
 * @returns what was written: {@link ExportSummary}
 * @throws RangeError when `batchSize` is not a positive integer (before anything is written)
 * @throws `signal.reason` as is when the signal is aborted (checked before each batch)
 * @throws whatever `write` or `source` throws, as is
 * @see https://www.rfc-editor.org/rfc/rfc4180 (CSV)
 */
export async function streamCatalogCsv(source: CatalogSource, write: (chunk: Buffer) => Promise<void>, options?: ExportOptions): Promise<ExportSummary> {
  const batchSize = options?.batchSize ?? 1000
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer')
  const signal = options?.signal
  const onProgress = options?.onProgress
  if (signal?.aborted) throw signal.reason

  let total = await source.count()
  const header = Buffer.from(csvRecords([CATALOG_COLUMNS]), 'utf8')
  let bytes = header.length
  await write(header)
  let rows = 0
  let afterId = 0
  for (;;) {
    if (signal?.aborted) throw signal.reason
    const batch = await source.page(afterId, batchSize)
    if (batch.length === 0) {
      // The last full batch was the end, or nothing matched: the last call says done = total.
      if (rows === 0 || total !== rows) onProgress?.(rows, rows)
      break
    }
    const chunk = Buffer.from(csvRecords(batch.map(recordOf)), 'utf8')
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
