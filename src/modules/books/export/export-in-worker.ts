import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { connectionTargetOf } from '../../../db/connect.ts'
import type { Db } from '../../../db/schema.ts'
import { type BookFilter, exportQueries } from '../books.repository.ts'
import type { ExportProgress, ExportSummary } from './catalog-csv.ts'
import type { ExportJob, ExportThreadPlacement, ExportThreadStart, ExportWorkerData, FromExportWorker, ResultStore, ToExportWorker } from './export-protocol.ts'

/** What the worker thread reported once it had set its placement: see {@link ExportThreadStart}. */
export type ExportWorkerStart = ExportThreadStart

/** Options of {@link exportCatalogInWorker}. */
export interface WorkerExportOptions {
  /** called after each chunk stored (`write` resolved) with the progress of its last batch; the last call has `done === total`, as in `exportCatalog` */
  onProgress?: ExportProgress
  /** once aborted, the worker thread is terminated and the export rejects with `signal.reason` as is */
  signal?: AbortSignal
  /**
   * books read per query and written per chunk; a positive integer, default 50 (not
   * `exportCatalog`'s 1000: a batch of books with 10,000-character summaries must fit the
   * thread's 16 MB heap twice over, as rows and as CSV text)
   */
  batchSize?: number
  /** the pool whose threads run the export (kept between exports); default a thread of this export's own, with the placement below */
  pool?: ExportThreadPool
  /** the nice value the worker thread gives itself, 0 (as the process) to 19 (the lowest priority); default 19 (not read with `pool`) */
  nice?: number
  /** Linux: `idle` puts the thread in SCHED_IDLE, `normal` leaves it SCHED_OTHER; default `idle` (not read with `pool`) */
  sched?: 'idle' | 'normal'
  /** Linux: the CPUs the thread moves to, a `taskset -c` list (`1`, `2-3`); default the process's (not read with `pool`) */
  cpus?: string
  /**
   * bytes of CSV the thread gathers before it posts them (whole batches: the header and a batch
   * or more), ≥ 1; default 16 KiB. Each message costs the calling thread's event loop a task,
   * and the worker's heap holds what it gathers; 1 posts every batch (`exportCatalog`'s chunks)
   */
  chunkBytes?: number
  /** chunks the worker may have sent and not yet seen stored, ≥ 1; default 2 (memory: `window` chunks at most) */
  window?: number
  /** told once the worker thread runs, with its placement as read back and what failed of it; not told when the export runs on a thread that ran an earlier one */
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
 * adds short-lived garbage that V8 lets pile up in the old generation up to near its cap before a
 * full collection, and a kept thread holds what it piled up: 16 MB bounds that (32 MB let the
 * server's RSS grow 11 MB more during an export of 100,000 books). It fits csv-stringify on
 * batches of 50 books at the longest summary the API takes (10,000 characters full of quotes and
 * line breaks: test/books/export-long-rows.test.ts; batches of 100 did not fit). The young
 * generation is the server's `--max-semi-space-size=2` (set for every isolate;
 * `maxYoungGenerationSizeMb` does not override it). Should the cap be hit, the thread fails with
 * ERR_WORKER_OUT_OF_MEMORY and the attempt with it.
 * @see https://nodejs.org/docs/latest-v20.x/api/worker_threads.html#new-workerfilename-options (`resourceLimits`)
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16, stackSizeMb: 1 }

function startWorker(workerData: ExportWorkerData): Worker {
  const resourceLimits = RESOURCE_LIMITS
  if (EXTENSION !== '.ts') return new Worker(ENTRY, { workerData, resourceLimits })
  const tsx = import.meta.resolve('tsx/esm/api')
  const href = JSON.stringify(ENTRY.href)
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${href}, ${href}))`, { eval: true, workerData, resourceLimits })
}

/**
 * Where an export's CSV goes: a `write` function that receives each chunk in order (awaited; see
 * {@link exportCatalogInWorker}), or a {@link ResultStore} the worker thread inserts the chunks
 * into itself, on a writable connection of its own.
 */
export type ExportSink = ((chunk: Buffer) => Promise<void>) | ResultStore

/** What an export in a worker thread wrote: {@link ExportSummary}, and the chunks the thread stored itself (0 with a `write` function). */
export type WorkerExportSummary = ExportSummary & { storedChunks: number }

/** One thread of a pool: its Worker and what it reported when it started. */
interface ExportThread {
  worker: Worker
  /** resolves with the thread's `started` message (or rejects when it failed before sending it) */
  started: Promise<ExportThreadStart>
  /** the idle timer, while the thread waits in the pool */
  idleTimer?: NodeJS.Timeout
  /** ended (terminated, crashed or exited): never lent again */
  gone: boolean
}

/** Options of {@link ExportThreadPool}. */
export interface ExportThreadPoolOptions extends Partial<ExportThreadPlacement> {
  /**
   * milliseconds an idle thread is kept for the next export before it is ended; default 30,000.
   * 0 ends a thread as soon as its export ends (the thread of a single export).
   */
  idleMs?: number
}

/**
 * The worker threads that run catalog exports (`node:worker_threads`), started on demand with
 * one placement — nice value, scheduling policy, CPUs ({@link ExportThreadPlacement}) — and kept
 * between exports: a thread runs one export at a time, and waits idle up to `idleMs` for the
 * next before it is terminated. Reusing a thread spares each export a new V8 isolate: its start
 * (about 25 ms of CPU on the calling thread and V8's helper threads, which stay on the server's
 * CPUs whatever the export thread's own placement) and the optimizing compiler's work on the
 * CSV code, done again in every new isolate. An idle thread holds its isolate (about 10 MB) and
 * does not keep the process alive (`unref`).
 *
 * A thread whose export ended in any other way than its own `done` or `failed` message (the
 * signal aborted, `write` or `onStarted` threw, the thread failed or exited) is terminated, never
 * lent again. Owned by the app (`plugins/tasks.ts`), which closes it after its task workers stop.
 * @see https://nodejs.org/docs/latest-v20.x/api/worker_threads.html (`unref()`, `terminate()`)
 */
export class ExportThreadPool {
  readonly #placement: ExportWorkerData
  readonly #idleMs: number
  readonly #idle: ExportThread[] = []
  readonly #all = new Set<ExportThread>()
  #closed = false

  /** @param options the threads' placement (defaults: nice 19, SCHED_IDLE, the process's CPUs) and idle time */
  constructor(options: ExportThreadPoolOptions = {}) {
    this.#placement = { nice: options.nice ?? 19, sched: options.sched ?? 'idle', ...(options.cpus !== undefined ? { cpus: options.cpus } : {}) }
    this.#idleMs = Math.max(0, options.idleMs ?? 30_000)
  }

  /** Threads alive now, busy and idle. */
  get size(): number {
    return this.#all.size
  }

  /**
   * Runs one export on an idle thread, or on a new one: see {@link exportCatalogInWorker}, whose
   * contract this is.
   * @throws Error when the pool is closed
   */
  run(db: Db, filter: BookFilter, sink: ExportSink, options: WorkerExportOptions = {}): Promise<WorkerExportSummary> {
    if (this.#closed) return Promise.reject(new Error('the export thread pool is closed'))
    const target = connectionTargetOf(db)
    if (!target) return Promise.reject(new TypeError('exportCatalogInWorker: this database cannot be opened by another connection'))
    const { signal, onProgress, onStarted } = options
    if (signal?.aborted) return Promise.reject(signal.reason)
    const write = typeof sink === 'function' ? sink : undefined
    const job: ExportJob = {
      target,
      queries: exportQueries(db, filter),
      batchSize: options.batchSize ?? 50,
      chunkBytes: Math.max(1, options.chunkBytes ?? 16_384),
      window: Math.max(1, options.window ?? 2),
      ...(typeof sink === 'function' ? {} : { store: { ...sink, chunkBytes: Math.max(1, sink.chunkBytes) } }),
    }
    const reused = this.#takeIdle()
    const thread = reused ?? this.#spawn()
    thread.worker.ref()
    return new Promise<WorkerExportSummary>((resolve, reject) => {
      const { worker } = thread
      let settled = false
      // The worker's messages are handled one after the other: a chunk is stored before the next one, and progress follows its chunk.
      let queue: Promise<void> = Promise.resolve()
      const settle = (outcome: { error: unknown } | { summary: WorkerExportSummary }, reusable = false) => {
        if (settled) return
        settled = true
        signal?.removeEventListener('abort', onAbort)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('messageerror', onError)
        worker.off('exit', onExit)
        const end = () => ('error' in outcome ? reject(outcome.error) : resolve(outcome.summary))
        if (reusable && this.#keepsIdle()) {
          this.#release(thread)
          end()
        } else this.#end(thread).then(end, end)
      }
      const onAbort = () => settle({ error: signal!.reason })
      const then = (step: () => void | Promise<void>) => {
        queue = queue.then(async () => {
          if (!settled) await step()
        }).catch((error: unknown) => settle({ error }))
      }
      const onMessage = (message: FromExportWorker) => {
        switch (message.type) {
          case 'started':
            break // see `thread.started`
          case 'chunk':
            then(async () => {
              if (message.data.byteLength > 0) await write!(Buffer.from(message.data))
              worker.postMessage({ type: 'ack' } satisfies ToExportWorker)
              if (message.progress) onProgress?.(message.progress[0], message.progress[1])
            })
            break
          case 'stored':
            then(() => onProgress?.(message.progress[0], message.progress[1]))
            break
          case 'done':
            then(() => settle({ summary: { ...message.summary, storedChunks: message.storedChunks } }, true))
            break
          case 'failed':
            then(() => settle({ error: errorOf(message.error) }, true))
            break
        }
      }
      const onError = (error: unknown) => settle({ error })
      const onExit = (code: number) => settle({ error: new Error(`the export worker thread exited (code ${code}) before the end of the export`) })
      signal?.addEventListener('abort', onAbort, { once: true })
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('messageerror', onError)
      worker.on('exit', onExit)
      if (!reused && onStarted) {
        thread.started.then((start) => {
          try {
            if (!settled) onStarted(start)
          } catch (error) {
            settle({ error })
          }
        }, () => {}) // a thread that fails before it starts is reported by its `error` or `exit`
      }
      worker.postMessage({ type: 'export', job } satisfies ToExportWorker)
    })
  }

  /** Ends every thread, busy or idle (a running export rejects); later `run`s reject. */
  async close(): Promise<void> {
    this.#closed = true
    await Promise.all([...this.#all].map((thread) => this.#end(thread)))
  }

  #spawn(): ExportThread {
    const worker = startWorker(this.#placement)
    const started = new Promise<ExportThreadStart>((resolve, reject) => {
      const onMessage = (message: FromExportWorker) => {
        if (message.type !== 'started') return
        const { type: _type, ...start } = message
        worker.off('message', onMessage)
        resolve(start)
      }
      worker.on('message', onMessage)
      worker.once('exit', () => reject(new Error('the export worker thread exited before it started')))
    })
    started.catch(() => {})
    const thread: ExportThread = { worker, started, gone: false }
    this.#all.add(thread)
    worker.once('exit', () => this.#forget(thread))
    // An uncaught error of an idle thread: it exits; nothing else listens then.
    worker.on('error', () => {})
    return thread
  }

  #takeIdle(): ExportThread | undefined {
    for (let thread = this.#idle.pop(); thread; thread = this.#idle.pop()) {
      clearTimeout(thread.idleTimer)
      if (!thread.gone) return thread
    }
    return undefined
  }

  #keepsIdle(): boolean {
    return !this.#closed && this.#idleMs > 0
  }

  #release(thread: ExportThread): void {
    if (thread.gone) return
    thread.worker.unref()
    thread.idleTimer = setTimeout(() => {
      this.#idle.splice(this.#idle.indexOf(thread), 1)
      void this.#end(thread)
    }, this.#idleMs).unref()
    this.#idle.push(thread)
  }

  #forget(thread: ExportThread): void {
    thread.gone = true
    clearTimeout(thread.idleTimer)
    this.#all.delete(thread)
    const at = this.#idle.indexOf(thread)
    if (at >= 0) this.#idle.splice(at, 1)
  }

  async #end(thread: ExportThread): Promise<void> {
    this.#forget(thread)
    await thread.worker.terminate()
  }
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
 * or the thread failed or exited early. With `options.pool` the thread is one of the pool's (its
 * placement, not the options'), kept for the next export when this one ends with the thread's own
 * `done` or `failed`; without, a thread of its own, ended (and awaited) before the promise settles.
 * @param db the root database handle from `connectDatabase` (a file or PostgreSQL: see `connectionTargetOf`)
 * @param filter the list filters; `{}` exports everything
 * @param sink a `write` function that receives UTF-8 CSV chunks in order: the header alone, then
 *   whole batches gathered to `chunkBytes` or more (the last chunk may be smaller); or a
 *   {@link ResultStore}: the thread inserts chunks of `store.chunkBytes` (the header with the
 *   first batches) itself, on a writable connection, and `onProgress` follows each stored chunk
 * @returns what was written: {@link WorkerExportSummary}
 * @throws TypeError when `db` cannot be opened again (an in-memory SQLite database, a transaction)
 * @throws `signal.reason` as is when the signal is aborted
 * @throws whatever `write` throws, as is
 * @throws Error with the `name`, `message` and `code` of the worker's error (the database's; a
 *   `RangeError` for a bad `batchSize`), or the Worker's own `error` (its code failed to load)
 * @throws Error when the thread exits before the end of the export, or the pool is closed
 * @see https://nodejs.org/docs/latest-v20.x/api/worker_threads.html (transfer lists, `terminate()`)
 * @see https://nodejs.org/docs/latest-v20.x/api/os.html#ossetprioritypid-priority and setpriority(2), NOTES: the nice value is per thread on Linux
 * @see https://man7.org/linux/man-pages/man7/sched.7.html (SCHED_IDLE)
 */
export async function exportCatalogInWorker(db: Db, filter: BookFilter, sink: ExportSink, options: WorkerExportOptions = {}): Promise<WorkerExportSummary> {
  if (options.pool) return await options.pool.run(db, filter, sink, options)
  const single = new ExportThreadPool({ nice: options.nice, sched: options.sched, cpus: options.cpus, idleMs: 0 })
  try {
    return await single.run(db, filter, sink, options)
  } finally {
    await single.close()
  }
}
