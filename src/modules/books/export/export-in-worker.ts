import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { connectionTargetOf } from '../../../db/connect.ts'
import type { Db } from '../../../db/schema.ts'
import { type BookFilter, exportQueries } from '../books.repository.ts'
import type { ExportProgress, ExportSummary } from './catalog-csv.ts'
import type { ExportThreadStart, ExportWorkerData, FromExportWorker, ToExportWorker } from './export-protocol.ts'

/** What the worker thread reported once it had set its placement: see {@link ExportThreadStart}. */
export type ExportWorkerStart = ExportThreadStart

/** Options of {@link exportCatalogInWorker}. */
export interface WorkerExportOptions {
  /** called after each chunk stored (`write` resolved) with the progress of its last batch; the last call has `done === total`, as in `exportCatalog` */
  onProgress?: ExportProgress
  /** once aborted, the worker thread is terminated and the export rejects with `signal.reason` as is */
  signal?: AbortSignal
  /**
   * books read per query and written per chunk; a positive integer, default 100 (not
   * `exportCatalog`'s 1000: a batch of books with 10,000-character summaries must fit the
   * thread's 16 MB heap twice over, as rows and as CSV text)
   */
  batchSize?: number
  /** the nice value the worker thread gives itself, 0 (as the process) to 19 (the lowest priority); default 19 */
  nice?: number
  /** Linux: `idle` puts the thread in SCHED_IDLE, `normal` leaves it SCHED_OTHER; default `idle` */
  sched?: 'idle' | 'normal'
  /** Linux: the CPUs the thread moves to, a `taskset -c` list (`1`, `2-3`); default the process's */
  cpus?: string
  /**
   * bytes of CSV the thread gathers before it posts them (whole batches: the header and a batch
   * or more), ≥ 1; default 16 KiB. Each message costs the calling thread's event loop a task,
   * and the worker's heap holds what it gathers; 1 posts every batch (`exportCatalog`'s chunks)
   */
  chunkBytes?: number
  /** chunks the worker may have sent and not yet seen stored, ≥ 1; default 2 (memory: `window` chunks at most) */
  window?: number
  /** told once the worker thread runs, with its placement as read back and what failed of it */
  onStarted?: (start: ExportWorkerStart) => void
}

// The built server runs dist/…/export-worker.js; the sources run under tsx, whose hooks Node 20
// does not apply to a worker's entry file: tsx's tsImport loads it (and its imports) instead.
const EXTENSION = extname(fileURLToPath(import.meta.url))
const ENTRY = new URL(`./export-worker${EXTENSION}`, import.meta.url)

/** The worker's error as an Error again: its name, message and code. */
function errorOf(described: { name: string; message: string; code?: string }): Error {
  const error = new Error(described.message)
  error.name = described.name
  return described.code === undefined ? error : Object.assign(error, { code: described.code })
}

/**
 * Heap limits of the thread (a worker's isolate does not take the process's V8 flags). The thread
 * loads no Kysely (see export-worker.ts), so its heap starts at about 6 MB, Node's own; an export
 * adds short-lived garbage (two batches in flight) that V8 lets pile up in the old generation up
 * to near its cap before a full collection: 32 MB (it was 64) bounds that. 16 MB was too small
 * for csv-stringify on batches of books at the longest summary the API takes (10,000 characters
 * full of quotes and line breaks: test/books/export-long-rows.test.ts). The young generation is
 * the server's `--max-semi-space-size=2` (set for every isolate; `maxYoungGenerationSizeMb` does
 * not override it). Should the cap be hit, the thread fails with ERR_WORKER_OUT_OF_MEMORY and
 * the attempt with it.
 * @see https://nodejs.org/docs/latest-v20.x/api/worker_threads.html#new-workerfilename-options (`resourceLimits`)
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 32, stackSizeMb: 1 }

function startWorker(workerData: ExportWorkerData): Worker {
  const resourceLimits = RESOURCE_LIMITS
  if (EXTENSION !== '.ts') return new Worker(ENTRY, { workerData, resourceLimits })
  const tsx = import.meta.resolve('tsx/esm/api')
  const href = JSON.stringify(ENTRY.href)
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${href}, ${href}))`, { eval: true, workerData, resourceLimits })
}

/**
 * `exportCatalog`'s CSV, produced off the event loop: a worker thread (`node:worker_threads`)
 * named `library-export` lowers its own CPU priority (`nice`; on Linux also SCHED_IDLE and,
 * when asked, other CPUs), opens its own read-only connection to the database of `db` (SQLite:
 * the same file, which WAL lets it read while this process writes; PostgreSQL: one connection,
 * `default_transaction_read_only`) and runs there the repository's export queries, compiled
 * here ({@link exportQueries}), posting each chunk's bytes (transferred, not copied). Here `write`
 * is awaited for each chunk in order; the worker waits once `window` chunks are not yet stored,
 * so memory stays at a few batches. The bytes are exactly those of `exportCatalog` (the same
 * CSV writer on the same queries).
 *
 * Ends when the worker has sent its last chunk and its summary and every `write` resolved. The
 * thread is terminated (and awaited) on every other ending: the signal aborted, `write` threw,
 * or the thread failed or exited early.
 * @param db the root database handle from `connectDatabase` (a file or PostgreSQL: see `connectionTargetOf`)
 * @param filter the list filters; `{}` exports everything
 * @param write receives UTF-8 CSV chunks in order: the header alone, then whole batches gathered to `chunkBytes` or more (the last chunk may be smaller)
 * @returns what was written: {@link ExportSummary}
 * @throws TypeError when `db` cannot be opened again (an in-memory SQLite database, a transaction)
 * @throws `signal.reason` as is when the signal is aborted
 * @throws whatever `write` throws, as is
 * @throws Error with the `name`, `message` and `code` of the worker's error (the database's; a
 *   `RangeError` for a bad `batchSize`), or the Worker's own `error` (its code failed to load)
 * @throws Error when the thread exits before the end of the export
 * @see https://nodejs.org/docs/latest-v20.x/api/worker_threads.html (transfer lists, `terminate()`)
 * @see https://nodejs.org/docs/latest-v20.x/api/os.html#ossetprioritypid-priority and setpriority(2), NOTES: the nice value is per thread on Linux
 * @see https://man7.org/linux/man-pages/man7/sched.7.html (SCHED_IDLE)
 */
export function exportCatalogInWorker(db: Db, filter: BookFilter, write: (chunk: Buffer) => Promise<void>, options: WorkerExportOptions = {}): Promise<ExportSummary> {
  const { signal, onProgress, onStarted } = options
  const target = connectionTargetOf(db)
  if (!target) return Promise.reject(new TypeError('exportCatalogInWorker: this database cannot be opened by another connection'))
  const data: ExportWorkerData = {
    target,
    queries: exportQueries(db, filter),
    batchSize: options.batchSize ?? 100,
    nice: options.nice ?? 19,
    sched: options.sched ?? 'idle',
    ...(options.cpus !== undefined ? { cpus: options.cpus } : {}),
    chunkBytes: Math.max(1, options.chunkBytes ?? 16_384),
    window: Math.max(1, options.window ?? 2),
  }
  return new Promise<ExportSummary>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const worker = startWorker(data)
    let settled = false
    let lastReceived = false
    // The worker's messages are handled one after the other: a chunk is stored before the next one, and progress follows its chunk.
    let queue: Promise<void> = Promise.resolve()
    const settle = (outcome: { error: unknown } | { summary: ExportSummary }) => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      const end = () => ('error' in outcome ? reject(outcome.error) : resolve(outcome.summary))
      worker.terminate().then(end, end)
    }
    const onAbort = () => settle({ error: signal!.reason })
    signal?.addEventListener('abort', onAbort, { once: true })
    const then = (step: () => void | Promise<void>) => {
      queue = queue.then(async () => {
        if (!settled) await step()
      }).catch((error: unknown) => settle({ error }))
    }

    worker.on('message', (message: FromExportWorker) => {
      switch (message.type) {
        case 'started':
          try {
            const { type: _type, ...start } = message
            onStarted?.(start)
          } catch (error) {
            settle({ error })
          }
          break
        case 'chunk':
          then(async () => {
            if (message.data.byteLength > 0) await write(Buffer.from(message.data))
            worker.postMessage({ type: 'ack' } satisfies ToExportWorker)
            if (message.progress) onProgress?.(message.progress[0], message.progress[1])
          })
          break
        case 'done':
          lastReceived = true
          then(() => settle({ summary: message.summary }))
          break
        case 'failed':
          lastReceived = true
          then(() => settle({ error: errorOf(message.error) }))
          break
      }
    })
    worker.on('error', (error) => settle({ error }))
    worker.on('messageerror', (error) => settle({ error }))
    worker.on('exit', (code) => {
      if (!lastReceived) settle({ error: new Error(`the export worker thread exited (code ${code}) before the end of the export`) })
    })
  })
}
