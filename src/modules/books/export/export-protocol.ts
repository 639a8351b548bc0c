import type { ConnectionTarget } from '../../../db/connect.ts'
import type { BookFilter } from '../books.repository.ts'
import type { ExportSummary } from './export-catalog.ts'

/** What the export's worker thread is started with (`workerData`, structured-cloned). */
export interface ExportWorkerData {
  /** the database to open read-only */
  target: ConnectionTarget
  filter: BookFilter
  /** books per batch and per chunk */
  batchSize: number
  /** the nice value (0–19) the thread gives itself */
  nice: number
  /** chunks the thread may post before it waits for an acknowledgement (≥ 1) */
  window: number
}

/** Messages of the worker thread to the main thread, in order: `started`, then `chunk`s and `progress`es, then `done` or `failed`. */
export type FromExportWorker =
  /** `nice`: the thread's nice value as read back (os.getPriority); `refused`: EACCES/EPERM when it could not be set */
  | { type: 'started'; nice: number; refused?: string }
  /** the next bytes of the CSV (UTF-8), transferred */
  | { type: 'chunk'; data: ArrayBuffer }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; summary: ExportSummary }
  /** the export threw: its name, message and `code` (an error of a driver's own class loses its message in a structured clone) */
  | { type: 'failed'; error: { name: string; message: string; code?: string } }

/** Messages of the main thread to the worker thread: one `ack` per chunk stored. */
export type ToExportWorker = { type: 'ack' }
