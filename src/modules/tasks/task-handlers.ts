import { deleteExpiredSessions } from '../auth/auth.service.ts'
import { scanOverdueLoans } from '../loans/loans.service.ts'
import { deleteExpiredIdempotencyKeys } from '../../shared/idempotency.ts'
import { iso } from '../../shared/clock.ts'
import type { TaskHandler } from './run-task.ts'
import * as repo from './tasks.repository.ts'
import type { TaskType } from './tasks.schemas.ts'

/** `overdue_scan`: {@link scanOverdueLoans} → `{newly_overdue, overdue, scanned_at}`. */
const overdueScan: TaskHandler = async (run, deps) => {
  run.progress(0, 1)
  const result = await scanOverdueLoans(deps.db, deps.clock.now())
  run.progress(1, 1)
  return { result }
}

/**
 * `token_cleanup`: deletes expired sessions and refresh tokens, idempotency keys past their 24 h
 * and expired task results → `{sessions, refresh_tokens, idempotency_keys, task_result_chunks}`.
 */
const tokenCleanup: TaskHandler = async (run, deps) => {
  const now = deps.clock.now()
  run.progress(0, 3)
  const sessions = await deleteExpiredSessions(deps.db, now)
  run.progress(1, 3)
  const idempotencyKeys = await deleteExpiredIdempotencyKeys(deps.db, now)
  run.progress(2, 3)
  const resultChunks = await repo.deleteExpiredResults(deps.db, iso(now))
  run.progress(3, 3)
  return { result: { ...sessions, idempotency_keys: idempotencyKeys, task_result_chunks: resultChunks } }
}

/** The handler of each task type. */
export const TASK_HANDLERS: Record<TaskType, TaskHandler> = {
  catalog_export: async () => {
    throw new Error('catalog_export is not wired yet')
  },
  books_import: async () => {
    throw new Error('books_import is not wired yet')
  },
  overdue_scan: overdueScan,
  token_cleanup: tokenCleanup,
}
