import { Readable } from 'node:stream'
import type { TaskConfig } from '../../config.ts'
import type { Db, TaskRow } from '../../db/schema.ts'
import { AppError } from '../../errors.ts'
import type { Principal } from '../../plugins/auth.ts'
import type { AuditContext, AuditTrail } from '../../shared/audit.ts'
import { type Clock, iso } from '../../shared/clock.ts'
import type { CommitHook } from '../../shared/idempotency.ts'
import { offsetPage, pageWindow } from '../../shared/pagination.ts'
import { blobChunks } from './run-task.ts'
import * as repo from './tasks.repository.ts'
import type { CreateTaskBodyType, ListTasksQueryType, Task, TaskStatus, TaskType } from './tasks.schemas.ts'

/**
 * Hands committed tasks to the workers: in the embedded mode it wakes the database worker, in
 * the distributed one it adds the BullMQ job (the outbox relay retries what this could not hand).
 * Never throws: a task that could not be handed stays queued in the database.
 */
export interface TaskDispatcher {
  dispatch(taskId: number): Promise<void>
}

/** What the task service needs. */
export interface TaskDeps {
  db: Db
  clock: Clock
  config: TaskConfig
  dispatcher: TaskDispatcher
  audit: AuditTrail
}

/** An uploaded input (the CSV of an import), already read: its chunks, total size in bytes and name. */
export interface TaskInput {
  chunks: Buffer[]
  bytes: number
  filename: string | null
  source: 'upload' | 'body' | 'params'
}

/**
 * How many tasks wait (`queued`, run_after come or not) and run (`running`) in the shared task
 * table, across every instance: the queue depth an operator watches. One grouped count on the
 * `(status, run_after)` index.
 * @returns counts by status; a status without tasks is absent
 */
export async function countActiveTasks(deps: Pick<TaskDeps, 'db'>): Promise<Record<string, number>> {
  return repo.countTasksByStatus(deps.db, ['queued', 'running'])
}

/** The representation of a task row (api-contract §7). */
export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    type: row.type as TaskType,
    status: row.status as TaskStatus,
    progress: { done: row.progress_done, total: row.progress_total },
    params: JSON.parse(row.params) as Record<string, unknown>,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: row.error,
    attempts: row.attempts,
    created_by: row.created_by,
    created_at: row.created_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
  }
}

/** The largest chunk an input is stored in, bytes. */
const INPUT_CHUNK_BYTES = 1024 * 1024

/**
 * Creates a queued task in one transaction — its row, its input bytes, and (through `onCommit`)
 * the stored idempotent response — then dispatches it. A `books_import` given through
 * `POST /api/v1/tasks` carries the CSV in `params.csv`: it is stored as the task's input and the
 * recorded params become `{source, filename, bytes}`. With `audit` (a task started by staff
 * through the API) a `task_created` row is written in the same transaction.
 * @returns the task, `queued`
 */
export async function createTask(deps: TaskDeps, caller: Principal | null, body: CreateTaskBodyType, onCommit?: CommitHook<Task>, input?: TaskInput, audit?: AuditContext): Promise<Task> {
  let params: Record<string, unknown> = body.params ?? {}
  let bytes = input
  if (body.type === 'books_import' && !bytes) {
    const csv = Buffer.from(String(params.csv ?? ''), 'utf8')
    bytes = { chunks: [csv], bytes: csv.length, filename: null, source: 'params' }
  }
  if (bytes) params = { source: bytes.source, filename: bytes.filename, bytes: bytes.bytes }
  const now = iso(deps.clock.now())
  const task = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.insertTask(trx, {
      type: body.type,
      status: 'queued',
      params: JSON.stringify(params),
      max_attempts: deps.config.maxAttempts,
      created_by: caller?.id ?? null,
      created_at: now,
      run_after: now,
    })
    if (bytes) await storeInput(trx, row.id, bytes.chunks)
    const created = toTask(row)
    await onCommit?.(trx, created)
    if (audit) await deps.audit.record(trx, audit, { event: 'task_created', details: { task_id: created.id, type: created.type } })
    return created
  })
  await deps.dispatcher.dispatch(task.id)
  return task
}

async function storeInput(trx: Db, taskId: number, chunks: Buffer[]): Promise<void> {
  let seq = 0
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += INPUT_CHUNK_BYTES) {
      await repo.insertBlobChunk(trx, taskId, 'input', ++seq, chunk.subarray(at, at + INPUT_CHUNK_BYTES))
    }
  }
}

/**
 * Creates the task of one tick of a schedule, unless another instance already did: the
 * `schedule_key` (`<type>@<tick>`) is unique.
 * @param tick the scheduled instant (RFC 3339)
 * @returns the task, or undefined when this tick's task exists already
 */
export async function createScheduledTask(deps: TaskDeps, type: TaskType, tick: string): Promise<Task | undefined> {
  const now = iso(deps.clock.now())
  const row = await repo.insertScheduledTask(deps.db, {
    type,
    status: 'queued',
    params: '{}',
    max_attempts: deps.config.maxAttempts,
    created_by: null,
    schedule_key: `${type}@${tick}`,
    created_at: now,
    run_after: now,
  })
  if (!row) return undefined
  await deps.dispatcher.dispatch(row.id)
  return toTask(row)
}

/** @throws AppError `not_found` (404) */
async function findOrThrow(db: Db, id: number): Promise<TaskRow> {
  const row = await repo.findTask(db, id)
  if (!row) throw new AppError('not_found', `Task ${id} not found`)
  return row
}

/** One task. @throws AppError `not_found` (404) */
export async function getTask(deps: TaskDeps, id: number): Promise<Task> {
  return toTask(await findOrThrow(deps.db, id))
}

/** A page of tasks, newest first, filtered by `status` and `type`. */
export async function listTasks(deps: TaskDeps, query: ListTasksQueryType) {
  const { rows, total } = await repo.listTasks(deps.db, { status: query.status, type: query.type }, pageWindow(query))
  return offsetPage(rows.map(toTask), total, query)
}

/**
 * Cancels a queued task — or a running one: its worker sees the cancellation at its next
 * heartbeat (within half a second), stops, and what it was writing is rolled back.
 * @throws AppError `not_found` (404), `conflict` (409) when the task already finished
 */
export async function cancelTask(deps: TaskDeps, id: number): Promise<Task> {
  const row = await repo.cancelTask(deps.db, id, iso(deps.clock.now()))
  if (row) return toTask(row)
  const current = await findOrThrow(deps.db, id)
  throw new AppError('conflict', `Task ${id} is already ${current.status}; only a queued or running task can be cancelled`)
}

/** A completed task's downloadable output. */
export interface TaskResultDownload {
  mediaType: string
  filename: string
  /** bytes, when known up front */
  bytes: number | undefined
  body: Readable | string
}

/**
 * The output of a completed task: the stored bytes (a CSV export), streamed chunk by chunk, or
 * the `result` JSON (an import report, counts).
 * @throws AppError `not_found` (404) for an unknown task or an expired result; `conflict` (409)
 *   while the task is not completed
 */
export async function openResult(deps: TaskDeps, id: number): Promise<TaskResultDownload> {
  const row = await findOrThrow(deps.db, id)
  if (row.status !== 'completed') throw new AppError('conflict', `Task ${id} is ${row.status}; its result is available once it is completed`)
  if (row.result_expires_at !== null && row.result_expires_at <= iso(deps.clock.now())) {
    throw new AppError('not_found', `The result of task ${id} expired at ${row.result_expires_at}`)
  }
  const mediaType = row.result_media_type ?? 'application/json'
  const filename = row.result_filename ?? `task-${id}-result.json`
  if (row.result_bytes === null) return { mediaType, filename, bytes: undefined, body: `${row.result ?? 'null'}\n` }
  return { mediaType, filename, bytes: row.result_bytes, body: Readable.from(blobChunks(deps.db, id, 'result')) }
}
