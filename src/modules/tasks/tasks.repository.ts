import type { Insertable } from 'kysely'
import { connectionTargetOf, sqliteConnectionOf } from '../../db/connect.ts'
import { openPortableConnection, type PortableConnection, type PortableQuery } from '../../db/portable.ts'
import { preparedQuery } from '../../db/prepared.ts'
import type { Db, TaskRow, TasksTable } from '../../db/schema.ts'
import type { TaskStatus, TaskType } from './tasks.schemas.ts'

/** A new task row: everything but the id and the columns with defaults. */
export type NewTaskRow = Insertable<TasksTable>

/** Filters and page of a task list. */
export interface TaskListFilter {
  status?: TaskStatus
  type?: TaskType
}

/** Inserts a task. */
export async function insertTask(db: Db, row: NewTaskRow): Promise<TaskRow> {
  return db.insertInto('tasks').values(row).returningAll().executeTakeFirstOrThrow()
}

/** Inserts a scheduled run unless its `schedule_key` exists already (another instance made it): undefined then. */
export async function insertScheduledTask(db: Db, row: NewTaskRow & { schedule_key: string }): Promise<TaskRow | undefined> {
  return db.insertInto('tasks').values(row).onConflict((oc) => oc.column('schedule_key').doNothing()).returningAll().executeTakeFirst()
}

export async function findTask(db: Db, id: number): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst()
}

/** A page of tasks, newest first, and the total matching the filter. */
export async function listTasks(db: Db, filter: TaskListFilter, page: { limit: number; offset: number }): Promise<{ rows: TaskRow[]; total: number }> {
  let query = db.selectFrom('tasks')
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.type) query = query.where('type', '=', filter.type)
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: Number(count.n) }
}

/** How many tasks are in each of the given statuses (a status without any is absent). */
export async function countTasksByStatus(db: Db, statuses: readonly TaskStatus[]): Promise<Record<string, number>> {
  const rows = await db.selectFrom('tasks').select(['status', (eb) => eb.fn.countAll().as('n')]).where('status', 'in', [...statuses]).groupBy('status').execute()
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]))
}

/** Cancels a task that is queued or running; undefined when it is neither (or does not exist). */
export async function cancelTask(db: Db, id: number, now: string): Promise<TaskRow | undefined> {
  return db
    .updateTable('tasks')
    .set({ status: 'cancelled', finished_at: now, lease_owner: null, lease_expires_at: null })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst()
}

/**
 * Ids of tasks a worker may claim now: queued ones whose `run_after` has come, and running ones
 * whose lease expired (their process died), oldest first.
 */
export async function findRunnableTaskIds(db: Db, now: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', now)]),
      eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', now)]),
    ]))
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/**
 * Takes a task for one attempt: `running`, one more attempt, the lease to `owner` until
 * `leaseUntil`. Only one caller wins: the update is conditional on the task being claimable —
 * queued and due, or running with an expired lease; with `takeOver` (BullMQ, whose own lock
 * already makes the job exclusive) also running with a live lease.
 * @returns the claimed row, or undefined when it was not claimable
 */
export async function claimTask(db: Db, id: number, claim: { owner: string; now: string; leaseUntil: string; takeOver: boolean }): Promise<TaskRow | undefined> {
  return db
    .updateTable('tasks')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      lease_owner: claim.owner,
      lease_expires_at: claim.leaseUntil,
      started_at: eb.fn.coalesce('started_at', eb.val(claim.now)),
      error: null,
    }))
    .where('id', '=', id)
    .where((eb) => eb.or([
      eb('status', '=', 'queued'),
      claim.takeOver ? eb('status', '=', 'running') : eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', claim.now)]),
    ]))
    .returningAll()
    .executeTakeFirst()
}

/** The conditions under which a worker still holds a task. */
function held(db: Db, id: number, owner: string) {
  return db.updateTable('tasks').where('id', '=', id).where('status', '=', 'running').where('lease_owner', '=', owner)
}

/** Whether the task is still running under `owner` (a plain read: no row lock). */
export async function isHeldBy(db: Db, id: number, owner: string): Promise<boolean> {
  const row = await db.selectFrom('tasks').select('id').where('id', '=', id).where('status', '=', 'running').where('lease_owner', '=', owner).executeTakeFirst()
  return row !== undefined
}

/** Renews the lease and records progress; false when the task is no longer this worker's (cancelled, taken over). */
export async function renewLease(db: Db, id: number, owner: string, leaseUntil: string, progress?: { done: number; total: number | null }): Promise<boolean> {
  const result = await held(db, id, owner)
    .set({ lease_expires_at: leaseUntil, ...(progress ? { progress_done: progress.done, progress_total: progress.total } : {}) })
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The columns a completion writes. */
export interface Completion {
  result: string
  finished_at: string
  progress_done: number
  progress_total: number | null
  result_media_type: string | null
  result_filename: string | null
  result_bytes: number | null
  result_expires_at: string | null
}

/** Marks a held task completed; false when it is no longer this worker's (nothing written). */
export async function completeTask(db: Db, id: number, owner: string, completion: Completion): Promise<boolean> {
  const result = await held(db, id, owner).set({ ...completion, status: 'completed', error: null, lease_owner: null, lease_expires_at: null }).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Marks a held task failed for good; `options.attempts` corrects the count (a claim that started no attempt). */
export async function failTask(db: Db, id: number, owner: string, error: string, now: string, options: { attempts?: number } = {}): Promise<boolean> {
  const result = await held(db, id, owner)
    .set({ status: 'failed', error, finished_at: now, lease_owner: null, lease_expires_at: null, ...(options.attempts === undefined ? {} : { attempts: options.attempts }) })
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Puts a held task back in the queue: after a failed attempt (`error` set, `runAfter` the
 * backoff), or at shutdown (`giveBackAttempt`: the attempt did not really happen).
 */
export async function requeueTask(db: Db, id: number, owner: string, next: { error: string | null; runAfter: string; giveBackAttempt: boolean }): Promise<boolean> {
  const result = await held(db, id, owner)
    .set((eb) => ({
      status: 'queued',
      error: next.error,
      run_after: next.runAfter,
      lease_owner: null,
      lease_expires_at: null,
      dispatched_at: null,
      ...(next.giveBackAttempt ? { attempts: eb('attempts', '-', 1) } : {}),
    }))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Distributed mode: records that a task was handed to BullMQ. */
export async function markDispatched(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('tasks').set({ dispatched_at: now }).where('id', '=', id).where('status', '=', 'queued').execute()
}

/**
 * Distributed mode, the outbox: queued tasks never handed to BullMQ, or handed before
 * `staleBefore` and still not started (their job may have been lost with a Redis flush).
 */
export async function findUndispatchedTaskIds(db: Db, staleBefore: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where('status', '=', 'queued')
    .where((eb) => eb.or([eb('dispatched_at', 'is', null), eb('dispatched_at', '<', staleBefore)]))
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/**
 * Distributed mode: running tasks whose lease ran out before `expiredBefore` — their process
 * died and nothing took them again (their BullMQ job may have been lost with a flush, or
 * failed after stalling too often). The relay hands them to BullMQ once more; the worker that
 * gets the job takes the task over.
 */
export async function findAbandonedTaskIds(db: Db, expiredBefore: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where('status', '=', 'running')
    .where('lease_expires_at', '<', expiredBefore)
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/** Appends one chunk of a task's bytes. */
export async function insertBlobChunk(db: Db, taskId: number, kind: 'input' | 'result', seq: number, data: Buffer): Promise<void> {
  await db.insertInto('task_blobs').values({ task_id: taskId, kind, seq, data }).execute()
}

const resultChunkInsert = preparedQuery<{ taskId: number; seq: number; data: Buffer }, never>((db, p) =>
  db.insertInto('task_blobs').values({ task_id: p.taskId, kind: 'result', seq: p.seq, data: p.data }),
)

/**
 * {@link insertBlobChunk} of a result chunk compiled for `db`'s dialect as plain data, for a
 * connection without Kysely (the export's worker thread stores its CSV itself): run it with
 * `{ taskId, seq, data }`.
 */
export function resultChunkInsertQuery(db: Db): PortableQuery {
  return resultChunkInsert.portable(db)
}

/** SQLite page cache of the connection that stores result chunks, KiB: it only appends. */
const RESULT_WRITER_CACHE_KIB = 256

/** Appends one task's result chunks: see {@link openResultChunkWriter}. */
export interface ResultChunkWriter {
  /** inserts chunk `seq`; through `trx` when given (the handler's own transaction) */
  insert(seq: number, data: Buffer, trx?: Db): Promise<void>
  /** closes the writer's own connection, if it opened one */
  close(): Promise<void>
}

/**
 * The writer of one task's result chunks. SQLite: through a connection of its own with a small
 * page cache, opened on the first chunk (same thread, so no lock is held across threads): through
 * the app's connection, whose 8 MB cache serves the reads, a large result's pages pushed the
 * catalog's out and grew the server's memory by as much (7 MB exporting 100,000 books). Not
 * through `trx`, nor while the app's connection is inside a transaction (an import's, between its
 * statements): that one holds the write lock, which the other connection would wait for
 * synchronously, the event loop with it. PostgreSQL: the app's pool.
 */
export function openResultChunkWriter(db: Db, taskId: number): ResultChunkWriter {
  let own: PortableConnection | undefined
  return {
    async insert(seq, data, trx) {
      const sqlite = sqliteConnectionOf(db)
      const target = !trx && sqlite && !sqlite.inTransaction() ? connectionTargetOf(db) : undefined
      if (!target) return insertBlobChunk(trx ?? db, taskId, 'result', seq, data)
      own ??= openPortableConnection(target, { writable: true, sqliteCacheKiB: RESULT_WRITER_CACHE_KIB })
      await own.run(resultChunkInsert.portable(db), { taskId, seq, data })
    },
    close: async () => own?.close(),
  }
}

/** Deletes a task's bytes of one kind. */
export async function deleteBlobs(db: Db, taskId: number, kind: 'input' | 'result'): Promise<void> {
  await db.deleteFrom('task_blobs').where('task_id', '=', taskId).where('kind', '=', kind).execute()
}

/** One chunk of a task's bytes after `afterSeq` (in order), or undefined at the end. */
export async function findNextBlobChunk(db: Db, taskId: number, kind: 'input' | 'result', afterSeq: number): Promise<{ seq: number; data: Buffer } | undefined> {
  return db
    .selectFrom('task_blobs')
    .select(['seq', 'data'])
    .where('task_id', '=', taskId)
    .where('kind', '=', kind)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst()
}

/** Deletes the result bytes of every task whose result expired before `now`; returns how many tasks lost theirs. */
export async function deleteExpiredResults(db: Db, now: string): Promise<number> {
  const expired = db.selectFrom('tasks').select('id').where('result_expires_at', '<', now)
  const result = await db.deleteFrom('task_blobs').where('kind', '=', 'result').where('task_id', 'in', expired).executeTakeFirst()
  return Number(result.numDeletedRows)
}
