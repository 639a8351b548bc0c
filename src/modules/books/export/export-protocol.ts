import type { ConnectionTarget } from '../../../db/connect.ts'
import type { PortableQuery } from '../../../db/portable.ts'
import type { ExportSummary } from './catalog-csv.ts'

/** The export's queries, compiled in the main thread by the repository (`exportQueries`): the worker runs them without Kysely. */
export interface ExportQueries {
  /** one row `{ n }`: the books matching the filter, bound with `params` */
  count: PortableQuery
  /** the next books, bound with `{ ...params, afterId, limit }` */
  page: PortableQuery
  /** the filter's named values */
  params: Record<string, unknown>
}

/** Where and how the worker thread runs (Linux; elsewhere only `nice` applies). */
export interface ExportThreadPlacement {
  /** the nice value (0–19) the thread gives itself */
  nice: number
  /** `idle`: SCHED_IDLE (`chrt --idle -p 0 <tid>`); `normal`: left SCHED_OTHER */
  sched: 'idle' | 'normal'
  /** a `taskset -c` CPU list the thread moves itself to (`taskset -p -c <cpus> <tid>`); undefined: the process's CPUs */
  cpus?: string
}

/** What the export's worker thread is started with (`workerData`, structured-cloned): its placement, for its whole life. */
export type ExportWorkerData = ExportThreadPlacement

/** One export the thread is asked to run (an `export` message): it runs one at a time, and may run many over its life. */
export interface ExportJob {
  /** the database to open read-only (for this export; closed at its end) */
  target: ConnectionTarget
  queries: ExportQueries
  /** books per batch (per query) */
  batchSize: number
  /** bytes of CSV the thread gathers (whole batches) before it posts them as one chunk (≥ 1) */
  chunkBytes: number
  /** chunks the thread may post before it waits for an acknowledgement (≥ 1) */
  window: number
  /** when set, the thread stores the CSV itself on a writable connection, and posts only its progress */
  store?: ResultStore
}

/**
 * Where the export's worker thread stores the CSV itself (a task's result chunks) instead of
 * posting it: the main thread then handles one small message per stored chunk, and its database
 * connection's page cache does not fill with the result's pages.
 */
export interface ResultStore {
  /** the INSERT of one chunk, compiled by the repository; run with `{ ...params, seq, data }` */
  insert: PortableQuery
  /** the INSERT's other named values (the task id) */
  params: Record<string, unknown>
  /** `seq` of the first chunk; the next ones follow by 1 */
  firstSeq: number
  /** bytes of CSV per stored chunk (whole batches; the last chunk may be smaller), ≥ 1 */
  chunkBytes: number
}

/** What the worker thread found of its placement once it had set it, read back from /proc/thread-self (Linux). */
export interface ExportThreadStart {
  /** its nice value as read back (os.getPriority) */
  nice: number
  /** EACCES/EPERM when the nice value could not be set */
  refused?: string
  /** its thread id (Linux TID), named `library-export` in /proc/<pid>/task/<tid>/comm; absent off Linux */
  tid?: number
  /** its scheduling policy, stat field 41 (0 SCHED_OTHER, 5 SCHED_IDLE); absent off Linux */
  policy?: number
  /** its CPUs, `Cpus_allowed_list` of /proc/thread-self/status; absent off Linux */
  cpus?: string
  /** what could not be done (`chrt: …`, `taskset: …`), one line each; the export goes on regardless */
  failures: string[]
}

/** Messages of the worker thread to the main thread, in order: `started` once, then for each export `chunk`s, then `done` or `failed`. */
export type FromExportWorker =
  | ({ type: 'started' } & ExportThreadStart)
  /**
   * the next bytes of the CSV (UTF-8, whole batches), transferred, and the progress once they
   * are stored (`[done, total]` of the last batch in them; absent when it is not known yet)
   */
  | { type: 'chunk'; data: ArrayBuffer; progress?: [done: number, total: number] }
  /** (store mode) a chunk was stored, and the progress of its last batch */
  | { type: 'stored'; progress: [done: number, total: number] }
  /** the export ended; `storedChunks`: chunks the thread stored itself (store mode; 0 otherwise) */
  | { type: 'done'; summary: ExportSummary; storedChunks: number }
  /** the export threw: its name, message and `code` (an error of a driver's own class loses its message in a structured clone) */
  | { type: 'failed'; error: { name: string; message: string; code?: string } }

/** Messages of the main thread to the worker thread: an export to run (once the previous one ended), then one `ack` per chunk stored. */
export type ToExportWorker = { type: 'export'; job: ExportJob } | { type: 'ack' }
