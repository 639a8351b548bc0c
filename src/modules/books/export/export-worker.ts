/**
 * The entry of the export's worker thread (started by `export-in-worker.ts`, never imported):
 * lowers this thread's CPU priority, opens its own read-only connection and runs
 * {@link exportCatalog}, posting each chunk to the main thread (its ArrayBuffer transferred) and
 * waiting for acknowledgements when `window` chunks are unacknowledged. It ends with a `done`
 * message, or a `failed` one carrying the error as plain data.
 */
import { getPriority, setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { connectDatabase } from '../../../db/connect.ts'
import { exportCatalog, type ExportSummary } from './export-catalog.ts'
import type { ExportWorkerData, FromExportWorker, ToExportWorker } from './export-protocol.ts'

const data = workerData as ExportWorkerData
const port = parentPort!

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

const refused = lowerPriority(data.nice)
post({ type: 'started', nice: getPriority(), ...(refused ? { refused } : {}) })

let unacknowledged = 0
let acknowledged: (() => void) | undefined
const onMessage = (message: ToExportWorker) => {
  if (message.type !== 'ack') return
  unacknowledged--
  acknowledged?.()
}
port.on('message', onMessage)

function post(message: FromExportWorker, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer)
}

async function write(chunk: Buffer): Promise<void> {
  while (unacknowledged >= data.window) await new Promise<void>((resolve) => (acknowledged = resolve))
  acknowledged = undefined
  // A small Buffer is a view into Node's shared pool, which must not be transferred: copy it out.
  const own = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? (chunk.buffer as ArrayBuffer) : new Uint8Array(chunk).buffer
  unacknowledged++
  post({ type: 'chunk', data: own }, [own])
}

/** An error as plain data: the name, message and code survive the structured clone whatever its class. */
function describe(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const code = (error as { code?: unknown }).code
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) }
}

try {
  const handle = connectDatabase(data.target, data.target.dialect === 'postgres' ? { readOnly: true, poolSize: 1, ...(data.target.searchPath ? { searchPath: data.target.searchPath } : {}) } : { readOnly: true })
  let summary: ExportSummary
  try {
    summary = await exportCatalog(handle.db, data.filter, write, {
      batchSize: data.batchSize,
      onProgress: (done, total) => post({ type: 'progress', done, total }),
    })
  } finally {
    await handle.close()
  }
  post({ type: 'done', summary })
} catch (error) {
  post({ type: 'failed', error: describe(error) })
} finally {
  // Nothing left to wait for: with no listener on the port, the thread ends after the last message.
  port.off('message', onMessage)
}
