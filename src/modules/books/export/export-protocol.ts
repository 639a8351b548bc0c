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

/** What the export's worker thread is started with (`workerData`, structured-cloned). */
export interface ExportWorkerData extends ExportThreadPlacement {
  /** the database to open read-only */
  target: ConnectionTarget
  queries: ExportQueries
  /** books per batch (per query) */
  batchSize: number
  /** bytes of CSV the thread gathers (whole batches) before it posts them as one chunk (≥ 1) */
  chunkBytes: number
  /** chunks the thread may post before it waits for an acknowledgement (≥ 1) */
  window: number
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

/** Messages of the worker thread to the main thread, in order: `started`, then `chunk`s, then `done` or `failed`. */
export type FromExportWorker =
  | ({ type: 'started' } & ExportThreadStart)
  /**
   * the next bytes of the CSV (UTF-8, whole batches), transferred, and the progress once they
   * are stored (`[done, total]` of the last batch in them; absent when it is not known yet)
   */
  | { type: 'chunk'; data: ArrayBuffer; progress?: [done: number, total: number] }
  | { type: 'done'; summary: ExportSummary }
  /** the export threw: its name, message and `code` (an error of a driver's own class loses its message in a structured clone) */
  | { type: 'failed'; error: { name: string; message: string; code?: string } }

/** Messages of the main thread to the worker thread: one `ack` per chunk stored. */
export type ToExportWorker = { type: 'ack' }
