/**
 * The entry of the export's worker thread (started by `export-in-worker.ts`, never imported):
 * names itself and sets its own placement (nice value, SCHED_IDLE, CPUs) once, then runs the
 * exports it is sent, one at a time: for each, it opens its own read-only connection and runs the
 * CSV of {@link streamCatalogCsv} on the repository's compiled queries, posting each chunk to the
 * main thread (its ArrayBuffer transferred) and waiting for acknowledgements when `window` chunks
 * are unacknowledged; it ends the export with a `done` message, or a `failed` one carrying the
 * error as plain data, closes the connection and waits for the next. The main thread ends the
 * thread (terminate) when it has been idle long enough.
 *
 * Kept lean (the thread's isolate is extra memory of the server for as long as it lives): no
 * Kysely, no repository; only the CSV writer and the one driver needed.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'
import { basename } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { openPortableConnection } from '../../../db/portable.ts'
import type { BookRow } from '../../../db/schema.ts'
import { type ExportSummary, streamCatalogCsv } from './catalog-csv.ts'
import type { ExportJob, ExportThreadStart, ExportWorkerData, FromExportWorker, ToExportWorker } from './export-protocol.ts'

const data = workerData as ExportWorkerData
const port = parentPort!

/** The name of the thread in /proc/<pid>/task/<tid>/comm (at most 15 bytes), for `top -H`, `ps -L` and the bench. */
const THREAD_NAME = 'library-export'

/** The SQLite page cache of the thread's connection, KiB: a keyset scan reads each page once, so a bigger cache only holds memory. */
const SQLITE_CACHE_KIB = 512

/**
 * Lowers the priority of this thread only: on Linux the nice value belongs to the thread
 * (setpriority(2), NOTES), and os.setPriority with no pid acts on the calling thread.
 * A refusal (EACCES/EPERM: raising the priority needs CAP_SYS_NICE) leaves it as it was.
 */
function lowerPriority(nice: number): string | undefined {
  try {
    setPriority(nice)
    return undefined
  } catch (error) {
    const code = (error as { info?: { code?: string } }).info?.code
    if (code === 'EACCES' || code === 'EPERM') return code
    throw error
  }
}

/** Runs a util-linux tool on this thread; @returns why it failed, in one line, or undefined. */
function run(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5000, encoding: 'utf8' })
  if (result.error) return `${command}: ${(result.error as NodeJS.ErrnoException).code ?? result.error.message}`
  if (result.status !== 0) return `${command}: ${(result.stderr || `exit ${result.status ?? result.signal}`).trim().split('\n')[0]}`
  return undefined
}

/** A /proc file of this thread, or undefined (not Linux, or gone). */
function readSelf(file: string): string | undefined {
  try {
    return readFileSync(`/proc/thread-self/${file}`, 'utf8')
  } catch {
    return undefined
  }
}

/**
 * Names this thread, sets its nice value, and on Linux its scheduling policy (SCHED_IDLE: it
 * runs only on CPU time no normal thread wants, and a waking normal thread preempts it at once;
 * sched(7)) and its CPUs (sched_setaffinity(2) is per thread: the rest of the process keeps its
 * own), through util-linux's `chrt` and `taskset` on its own TID (/proc/thread-self); then reads
 * back what it got. Setting SCHED_IDLE or an affinity needs no privilege for one's own thread.
 * @see https://man7.org/linux/man-pages/man7/sched.7.html (SCHED_IDLE)
 * @see https://man7.org/linux/man-pages/man1/chrt.1.html, https://man7.org/linux/man-pages/man1/taskset.1.html
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html (field 41, policy)
 */
function place(): ExportThreadStart {
  const failures: string[] = []
  let tid: number | undefined
  try {
    tid = Number(basename(readlinkSync('/proc/thread-self')))
  } catch {
    tid = undefined // not Linux: the nice value is all there is
  }
  if (tid !== undefined) {
    try {
      writeFileSync('/proc/thread-self/comm', THREAD_NAME)
    } catch {
      // a name is a convenience only
    }
    if (data.cpus !== undefined) {
      const failed = run('taskset', ['-p', '-c', data.cpus, String(tid)])
      if (failed) failures.push(failed)
    }
    // Last: a child process inherits the policy (and nice value) of the thread that forks it, and
    // an idle-class `taskset` could wait seconds for a busy CPU.
    if (data.sched === 'idle') {
      const failed = run('chrt', ['--idle', '-p', '0', String(tid)])
      if (failed) failures.push(failed)
    }
  }
  // After the tools ran: they inherit the nice value too.
  const refused = lowerPriority(data.nice)
  const stat = readSelf('stat')
  const policy = stat === undefined ? undefined : Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38])
  const cpus = readSelf('status')?.match(/^Cpus_allowed_list:\s*(\S+)/m)?.[1]
  return {
    nice: getPriority(),
    ...(refused ? { refused } : {}),
    ...(tid !== undefined ? { tid } : {}),
    ...(policy !== undefined && Number.isInteger(policy) ? { policy } : {}),
    ...(cpus !== undefined ? { cpus } : {}),
    failures,
  }
}

function post(message: FromExportWorker, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer)
}

/** An error as plain data: the name, message and code survive the structured clone whatever its class. */
function describe(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const code = (error as { code?: unknown }).code
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) }
}

/** The acknowledgements of the running export's chunks. */
let onAck: (() => void) | undefined

/** Runs one export to its `done` or `failed` message; never throws. */
async function runExport(job: ExportJob): Promise<void> {
  let unacknowledged = 0
  let acknowledged: (() => void) | undefined
  onAck = () => {
    unacknowledged--
    acknowledged?.()
  }
  // Batches are gathered until `chunkBytes`, then posted as one message with the progress of the
  // last of them: fewer tasks for the server's event loop. The header goes alone, first.
  let gathered: Buffer[] = []
  let gatheredBytes = 0
  /** the gathered batches reached `chunkBytes` and the window has room: posted with the batch's progress */
  let ready = false
  let headerPosted = false
  /** the progress of the last batch written, not posted yet */
  let last: [number, number] | undefined

  /** Resolves once fewer than `window` chunks are unacknowledged (the server stores them in order). */
  const windowOpen = async (): Promise<void> => {
    while (unacknowledged >= job.window) await new Promise<void>((resolve) => (acknowledged = resolve))
    acknowledged = undefined
  }

  /** Posts what was gathered (its ArrayBuffer transferred), with `progress` when known. */
  const postGathered = (progress?: [number, number]): void => {
    const chunk = gathered.length === 1 ? gathered[0]! : Buffer.concat(gathered, gatheredBytes)
    // A small Buffer is a view into Node's shared pool, which must not be transferred: copy it out.
    const own = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? (chunk.buffer as ArrayBuffer) : new Uint8Array(chunk).buffer
    gathered = []
    gatheredBytes = 0
    ready = false
    unacknowledged++
    post({ type: 'chunk', data: own, ...(progress ? { progress } : {}) }, [own])
  }

  /** `streamCatalogCsv`'s write: waits for room in the window when the gathered batches are due to be posted. */
  const write = async (chunk: Buffer): Promise<void> => {
    gathered.push(chunk)
    gatheredBytes += chunk.length
    if (!headerPosted) {
      headerPosted = true
      await windowOpen()
      postGathered()
    } else if (gatheredBytes >= job.chunkBytes) {
      await windowOpen()
      ready = true
    }
  }

  /** `streamCatalogCsv`'s onProgress, called right after a batch's write: posts the batches that were ready, with it. */
  const onProgress = (done: number, total: number): void => {
    last = [done, total]
    if (ready) {
      postGathered(last)
      last = undefined
    }
  }

  // Store mode: whole batches gathered to `store.chunkBytes`, inserted on this thread's own connection.
  const store = job.store
  let stored = 0
  let storedProgress: [number, number] | undefined
  const storeWrite = async (chunk: Buffer): Promise<void> => {
    gathered.push(chunk)
    gatheredBytes += chunk.length
    if (gatheredBytes >= store!.chunkBytes) await storeGathered()
  }
  let connection: ReturnType<typeof openPortableConnection> | undefined
  const storeGathered = async (): Promise<void> => {
    const data = gathered.length === 1 ? gathered[0]! : Buffer.concat(gathered, gatheredBytes)
    gathered = []
    gatheredBytes = 0
    await connection!.run(store!.insert, { ...store!.params, seq: store!.firstSeq + stored, data })
    stored++
    // The progress of the last batch in it follows with the batch's onProgress call.
    storedProgress = undefined
    pendingProgressPost = true
  }
  let pendingProgressPost = false
  const storeProgress = (done: number, total: number): void => {
    storedProgress = [done, total]
    if (pendingProgressPost) {
      pendingProgressPost = false
      post({ type: 'stored', progress: storedProgress })
    }
  }

  try {
    connection = openPortableConnection(job.target, { sqliteCacheKiB: SQLITE_CACHE_KIB, writable: store !== undefined })
    const { count, page, params } = job.queries
    let summary: ExportSummary
    try {
      summary = await streamCatalogCsv(
        {
          count: async () => Number((await connection!.all<{ n: number | string | bigint }>(count, params))[0]!.n),
          page: (afterId, limit) => connection!.all<BookRow>(page, { ...params, afterId, limit }),
        },
        store ? storeWrite : write,
        { batchSize: job.batchSize, onProgress: store ? storeProgress : onProgress },
      )
      if (store) {
        // The rest, then the last progress (`done === total`).
        if (gatheredBytes > 0) await storeGathered()
        post({ type: 'stored', progress: storedProgress ?? [summary.rows, summary.rows] })
      } else if (gatheredBytes > 0 || last) {
        // The rest, with the last progress (`done === total`); an empty chunk when only the progress is left.
        await windowOpen()
        postGathered(last)
      }
    } finally {
      await connection.close()
    }
    post({ type: 'done', summary, storedChunks: stored })
  } catch (error) {
    post({ type: 'failed', error: describe(error) })
  } finally {
    onAck = undefined
  }
}

post({ type: 'started', ...place() })

// The main thread sends the next export only once the previous one ended (`done` or `failed`).
port.on('message', (message: ToExportWorker) => {
  if (message.type === 'ack') onAck?.()
  else void runExport(message.job)
})
