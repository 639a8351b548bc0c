import type { Db } from '../../../db/schema.ts'
import { type BookFilter, countBooksForExport, listBooksForExport } from '../books.repository.ts'
import { type ExportOptions, type ExportSummary, streamCatalogCsv } from './catalog-csv.ts'

export { CATALOG_COLUMNS, type CatalogSource, type ExportOptions, type ExportProgress, type ExportSummary, streamCatalogCsv } from './catalog-csv.ts'

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
 * @see catalog-csv.ts (the CSV fields, by csv-stringify)
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 * @see https://www.postgresql.org/docs/current/sql-copy.html#SQL-COPY-CSV-FORMAT (null as an unquoted empty cell)
 */
export function exportCatalog(db: Db, filter: BookFilter, write: (chunk: Buffer) => Promise<void>, options?: ExportOptions): Promise<ExportSummary> {
  return streamCatalogCsv({ count: () => countBooksForExport(db, filter), page: (afterId, limit) => listBooksForExport(db, filter, afterId, limit) }, write, options)
}
