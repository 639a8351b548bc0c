import { CATALOG_COLLECTIONS } from '../../infra/cache/keys.ts'
import { trimAuditLog } from '../audit/audit.service.ts'
import { deleteExpiredSessions } from '../auth/auth.service.ts'
import { connectionTargetOf } from '../../db/connect.ts'
import { type ExportSummary, exportCatalog } from '../books/export/export-catalog.ts'
import { exportCatalogInWorker } from '../books/export/export-in-worker.ts'
import { ImportError, importCatalog } from '../books/import/import-catalog.ts'
import { scanOverdueLoans } from '../loans/loans.service.ts'
import { deleteExpiredIdempotencyKeys } from '../../shared/idempotency.ts'
import { iso } from '../../shared/clock.ts'
import { PermanentTaskError, type TaskHandler } from './run-task.ts'
import * as repo from './tasks.repository.ts'
import type { CatalogExportParamsType, TaskType } from './tasks.schemas.ts'

/**
 * `catalog_export`: the catalog (or the subset the list filters pick) as CSV, streamed from the
 * database into the task's result chunks batch by batch → `{rows, bytes, columns, media_type,
 * filename}`; the CSV is the download of `/result`, in the columns `books_import` reads back.
 * The CSV is made in a worker thread on its own read-only connection — at nice
 * `TASK_WORKER_NICE`, and on Linux in SCHED_IDLE (`TASK_WORKER_SCHED`) on the CPUs of
 * `TASK_WORKER_CPUS`; one of `deps.exportThreads`, kept between exports — which on PostgreSQL
 * inserts the result chunks itself (`TaskRun.resultStore`), so that the event loop only records
 * progress; in process only for an in-memory SQLite database, which no other connection can open.
 */
const catalogExport: TaskHandler = async (run, deps) => {
  const filter = run.params as CatalogExportParamsType
  const onProgress = (done: number, total: number) => run.progress(done, total)
  const { workerNice, workerSched, workerCpus } = deps.config
  let summary: ExportSummary
  const target = connectionTargetOf(deps.db)
  if (target) {
    // PostgreSQL: the thread inserts the result chunks itself. SQLite: the server does — its one
    // write lock, held by a thread of the lowest priority preempted mid-insert, would stall every
    // write of the event loop (and the event loop with it: better-sqlite3 waits synchronously).
    const sink = target.dialect === 'postgres' ? run.resultStore() : (chunk: Buffer) => run.writeResult(chunk)
    const stored = await exportCatalogInWorker(deps.db, filter, sink, {
      signal: run.signal,
      onProgress,
      ...(deps.exportThreads ? { pool: deps.exportThreads } : {}),
      nice: workerNice,
      sched: workerSched,
      ...(workerCpus !== undefined ? { cpus: workerCpus } : {}),
      onStarted: ({ nice, refused, failures }) => {
        if (refused) deps.log.warn({ task_id: run.task.id, nice, wanted: workerNice, code: refused }, 'the export worker thread could not lower its priority')
        if (failures.length > 0) deps.log.warn({ task_id: run.task.id, sched: workerSched, cpus: workerCpus, failures }, 'the export worker thread could not take its scheduling policy or CPUs')
      },
    })
    if (typeof sink !== 'function') run.resultStored(stored.bytes, stored.storedChunks)
    summary = stored
  } else {
    summary = await exportCatalog(deps.db, filter, (chunk) => run.writeResult(chunk), { signal: run.signal, onProgress })
  }
  const file = { mediaType: 'text/csv; charset=utf-8', filename: `catalog-${run.task.id}.csv` }
  return { result: { rows: summary.rows, bytes: summary.bytes, columns: summary.columns, media_type: file.mediaType, filename: file.filename }, file }
}

/**
 * `books_import`: the import of `library-api import` on the task's stored input, its completion
 * recorded in the import's own transaction (a retry after a crash finds it done or finds
 * nothing written) → the import report. A file that cannot be read fails the task at once
 * (retrying cannot mend it) with the importer's one-line reason; the response cache's catalog
 * entries are dropped just before the commit and again after it.
 */
const booksImport: TaskHandler = async (run, deps) => {
  const params = run.params as { filename?: string | null }
  try {
    const report = await importCatalog(deps.db, run.input(), {
      clock: deps.clock,
      sourceName: params.filename ? `the file ${params.filename}` : 'the CSV',
      signal: run.signal,
      onProgress: (done, total) => run.progress(done, total),
      checkpoint: (trx) => run.checkpoint(trx),
      commit: async (trx, result) => {
        await run.completeIn(trx, { result })
        // Dropped before the commit too, so that a client seeing `completed` does not read the
        // catalog from before the import; and again after it, for a page cached in between.
        if (result.imported > 0) await deps.cache?.invalidate([CATALOG_COLLECTIONS])
      },
    })
    if (report.imported > 0) await deps.cache?.invalidate([CATALOG_COLLECTIONS])
    return undefined
  } catch (error) {
    if (error instanceof ImportError) throw new PermanentTaskError(error.message, { cause: error })
    throw error
  }
}

/** `overdue_scan`: {@link scanOverdueLoans} → `{newly_overdue, overdue, scanned_at}`. */
const overdueScan: TaskHandler = async (run, deps) => {
  run.progress(0, 1)
  const result = await scanOverdueLoans(deps.db, deps.clock.now())
  run.progress(1, 1)
  return { result }
}

/**
 * `token_cleanup`: deletes expired sessions and refresh tokens, idempotency keys past their 24 h,
 * expired task results and audit rows past `AUDIT_RETENTION_DAYS` → `{sessions, refresh_tokens,
 * idempotency_keys, task_result_chunks, audit_rows}`.
 */
const tokenCleanup: TaskHandler = async (run, deps) => {
  const now = deps.clock.now()
  run.progress(0, 3)
  const sessions = await deleteExpiredSessions(deps.db, now)
  run.progress(1, 3)
  const idempotencyKeys = await deleteExpiredIdempotencyKeys(deps.db, now)
  run.progress(2, 3)
  const resultChunks = await repo.deleteExpiredResults(deps.db, iso(now))
  const auditRows = await trimAuditLog(deps.db, now, deps.auditRetentionDays ?? 0)
  run.progress(3, 3)
  return { result: { ...sessions, idempotency_keys: idempotencyKeys, task_result_chunks: resultChunks, audit_rows: auditRows } }
}

/** The handler of each task type. */
export const TASK_HANDLERS: Record<TaskType, TaskHandler> = {
  catalog_export: catalogExport,
  books_import: booksImport,
  overdue_scan: overdueScan,
  token_cleanup: tokenCleanup,
}
