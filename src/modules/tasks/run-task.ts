import { Readable } from 'node:stream'
import type { FastifyBaseLogger } from 'fastify'
import type { TaskConfig } from '../../config.ts'
import type { ExportThreadPool } from '../books/export/export-in-worker.ts'
import type { PortableQuery } from '../../db/portable.ts'
import type { Db, TaskRow } from '../../db/schema.ts'
import type { CacheInvalidator } from '../../infra/cache/response-cache.ts'
import { type Clock, iso } from '../../shared/clock.ts'
import type { TaskAttemptObserver } from '../../shared/observability.ts'
import * as repo from './tasks.repository.ts'

/** What a task run needs from the app. */
export interface TaskRunnerDeps {
  db: Db
  clock: Clock
  log: FastifyBaseLogger
  config: TaskConfig
  /** the response cache, invalidated by tasks that change the catalog (null when disabled) */
  cache: CacheInvalidator | null
  /** wraps every claimed attempt (the metrics count its outcome, tracing puts a span around it); none by default */
  observe?: TaskAttemptObserver
  /** `AUDIT_RETENTION_DAYS`: token_cleanup trims older audit rows (absent or 0: none) */
  auditRetentionDays?: number
  /** the worker threads of `catalog_export`, kept between exports; absent: a thread per export */
  exportThreads?: ExportThreadPool
}

/** A downloadable result: its media type and file name (`Content-Disposition`). */
export interface ResultFile {
  mediaType: string
  filename: string
}

/** What a handler hands back: the `result` JSON, and the file when it wrote result bytes. */
export interface TaskOutput {
  result: unknown
  file?: ResultFile
}

/**
 * A failure that retrying cannot mend (a broken input file): the task fails at once, whatever
 * attempts are left. Any other error is retried with backoff.
 */
export class PermanentTaskError extends Error {
  override name = 'PermanentTaskError'
}

/** Thrown into a run whose task is no longer its own: cancelled, or taken over after its lease expired. */
export class TaskLostError extends Error {
  override name = 'TaskLostError'
}

/** Thrown into a run stopped by a shutdown: the task is handed back to the queue. */
export class TaskStoppedError extends Error {
  override name = 'TaskStoppedError'
}

/** One attempt of a task, as its handler sees it. */
export interface TaskRun {
  task: TaskRow
  /** the parsed `params` */
  params: Record<string, unknown>
  /** aborted when the task is cancelled, taken over, or the process stops; its reason is the error to throw */
  signal: AbortSignal
  /** records progress (written to the task at most twice a second, with the lease renewal) */
  progress(done: number, total: number | null): void
  /** appends result bytes (stored in chunks of 256 KiB as they come; memory stays flat) */
  writeResult(chunk: Buffer): Promise<void>
  /**
   * Hands the storing of result bytes to another connection (the export's worker thread): the
   * INSERT of one chunk (run with `{ ...params, seq, data }`), its `params`, the `seq` of the first
   * chunk to insert and the bytes per chunk. Report what was inserted with `resultStored` before
   * the handler returns; `writeResult` must not be called in between.
   */
  resultStore(): { insert: PortableQuery; params: { taskId: number }; firstSeq: number; chunkBytes: number }
  /** counts the `bytes` and `chunks` inserted through {@link TaskRun.resultStore} as this attempt's result */
  resultStored(bytes: number, chunks: number): void
  /** the task's input bytes (an uploaded CSV), read chunk by chunk from the database */
  input(): Readable
  /**
   * Completes the task inside the handler's own transaction, so that its effects and its
   * completion commit together (exactly once even when a process dies in between).
   * @throws TaskLostError when the task is no longer this run's: the handler's transaction must roll back
   */
  completeIn(trx: Db, output: TaskOutput): Promise<void>
  /**
   * Checks, through the handler's own transaction (a read that takes no lock), that the task is
   * still this run's; for long transactions, in which the heartbeat cannot get a connection on SQLite.
   * @throws TaskLostError when it was cancelled or taken over
   */
  checkpoint(trx: Db): Promise<void>
}

/**
 * Runs one attempt. Resolves to `undefined` when it completed through {@link TaskRun.completeIn},
 * else to the output to record.
 */
export type TaskHandler = (run: TaskRun, deps: TaskRunnerDeps) => Promise<TaskOutput | undefined>

/** How an attempt ended. `retry`: queued again with backoff; `lost`: someone else owns the task now; `skipped`: it was not claimable. */
export type AttemptOutcome = 'completed' | 'failed' | 'retry' | 'released' | 'lost' | 'skipped'

/** How the caller of {@link executeTask} wants it run. */
export interface ExecuteOptions {
  /** the worker's name (host, pid, a random suffix): the lease owner */
  owner: string
  /** BullMQ mode: claim a task even while it shows a live lease (BullMQ's lock already makes the job exclusive) */
  takeOver: boolean
  /** aborted at shutdown: the handler stops and the task is handed back */
  stop: AbortSignal
}

const CHUNK_BYTES = 256 * 1024

/**
 * Claims task `taskId` and runs one attempt of it with its handler — or fails it at once when
 * claiming it would start an attempt beyond `max_attempts` (every allowed attempt started and
 * never ended: their process died) — renews the lease (and
 * writes progress) every `min(500 ms, lease / 3)`, stores result bytes in chunks, and records the
 * outcome — completed; failed (a {@link PermanentTaskError}, or the last attempt); queued again
 * with exponential backoff (`backoff · 2^(attempt−1)` milliseconds); handed back at shutdown.
 * Every start, end and failure is one log line with the task id.
 * @returns the {@link AttemptOutcome}; never throws for a handler's failure
 * @throws only when the database itself fails while claiming or recording
 */
export async function executeTask(deps: TaskRunnerDeps, handlers: Record<string, TaskHandler>, taskId: number, options: ExecuteOptions): Promise<AttemptOutcome> {
  const { db, clock, config } = deps
  const leaseUntil = () => iso(new Date(clock.now().getTime() + config.lease))
  const task = await repo.claimTask(db, taskId, { owner: options.owner, now: iso(clock.now()), leaseUntil: leaseUntil(), takeOver: options.takeOver })
  if (!task) return 'skipped'
  const attempt = () => runClaimedAttempt(deps, handlers, task, options)
  return deps.observe ? deps.observe(task, attempt) : attempt()
}

/** One attempt of a task this worker has just claimed: see {@link executeTask}. */
async function runClaimedAttempt(deps: TaskRunnerDeps, handlers: Record<string, TaskHandler>, task: TaskRow, options: ExecuteOptions): Promise<AttemptOutcome> {
  const { db, clock, config } = deps
  const leaseUntil = () => iso(new Date(clock.now().getTime() + config.lease))
  const log = deps.log.child({ task_id: task.id, task_type: task.type, attempt: task.attempts })
  // Every attempt allowed was started and none ended (its process died each time: a task that
  // kills its process would otherwise be taken again forever).
  if (task.attempts > task.max_attempts) {
    const error = `the task was started ${task.max_attempts} times and its process stopped before each attempt ended; no attempt is left`
    await repo.failTask(db, task.id, options.owner, error, iso(clock.now()), { attempts: task.max_attempts })
    await repo.deleteBlobs(db, task.id, 'input')
    log.error({ max_attempts: task.max_attempts }, 'task failed: attempts exhausted by processes that stopped')
    return 'failed'
  }
  const started = performance.now()
  log.info('task started')

  const control = new AbortController()
  const onStop = () => control.abort(new TaskStoppedError('the process is shutting down'))
  if (options.stop.aborted) onStop()
  else options.stop.addEventListener('abort', onStop, { once: true })

  let progress: { done: number; total: number | null } | undefined
  let heartbeat: Promise<void> = Promise.resolve()
  const beat = () => {
    heartbeat = heartbeat.then(async () => {
      const owned = await repo.renewLease(db, task.id, options.owner, leaseUntil(), progress)
      if (!owned) control.abort(new TaskLostError('the task was cancelled or taken over'))
    }).catch((error: unknown) => log.warn({ err: error }, 'task lease renewal failed'))
  }
  const timer = setInterval(beat, Math.min(500, Math.floor(config.lease / 3)))
  timer.unref()

  await repo.deleteBlobs(db, task.id, 'result')
  let seq = 0
  let pending: Buffer[] = []
  let pendingBytes = 0
  let resultBytes = 0
  const resultWriter = repo.openResultChunkWriter(db, task.id)
  const flush = async (trx?: Db) => {
    if (pendingBytes === 0) return
    const data = Buffer.concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    await resultWriter.insert(++seq, data, trx)
  }
  let completedInTransaction = false
  const completion = (output: TaskOutput): repo.Completion => ({
    result: JSON.stringify(output.result ?? null),
    finished_at: iso(clock.now()),
    progress_done: progress?.done ?? 0,
    progress_total: progress?.total ?? null,
    result_media_type: output.file?.mediaType ?? 'application/json',
    result_filename: output.file?.filename ?? `task-${task.id}-result.json`,
    result_bytes: output.file ? resultBytes : null,
    result_expires_at: iso(new Date(clock.now().getTime() + config.resultTtl * 1000)),
  })
  const run: TaskRun = {
    task,
    params: JSON.parse(task.params) as Record<string, unknown>,
    signal: control.signal,
    progress(done, total) {
      progress = { done, total }
    },
    async writeResult(chunk) {
      control.signal.throwIfAborted()
      pending.push(chunk)
      pendingBytes += chunk.length
      resultBytes += chunk.length
      if (pendingBytes >= CHUNK_BYTES) await flush()
    },
    resultStore() {
      return { insert: repo.resultChunkInsertQuery(db), params: { taskId: task.id }, firstSeq: seq + 1, chunkBytes: CHUNK_BYTES }
    },
    resultStored(bytes, chunks) {
      seq += chunks
      resultBytes += bytes
    },
    input: () => Readable.from(blobChunks(db, task.id, 'input')),
    async checkpoint(trx) {
      if (!(await repo.isHeldBy(trx, task.id, options.owner))) {
        const lost = new TaskLostError('the task was cancelled or taken over')
        control.abort(lost)
        throw lost
      }
    },
    async completeIn(trx, output) {
      await flush(trx)
      if (!(await repo.completeTask(trx, task.id, options.owner, completion(output)))) throw new TaskLostError('the task was cancelled or taken over')
      completedInTransaction = true
    },
  }

  try {
    const output = await handlers[task.type]!(run, deps)
    if (!completedInTransaction) {
      if (!output) throw new TypeError(`the ${task.type} handler returned nothing and did not complete the task`)
      await flush()
      if (!(await repo.completeTask(db, task.id, options.owner, completion(output)))) throw new TaskLostError('the task was cancelled or taken over')
    }
    await repo.deleteBlobs(db, task.id, 'input')
    log.info({ duration_ms: Math.round(performance.now() - started) }, 'task completed')
    return 'completed'
  } catch (error) {
    return await recordFailure(deps, task, options.owner, error, log)
  } finally {
    clearInterval(timer)
    options.stop.removeEventListener('abort', onStop)
    await heartbeat
    await resultWriter.close()
  }
}

/** Records why an attempt ended without completing, and what comes next. */
async function recordFailure(deps: TaskRunnerDeps, task: TaskRow, owner: string, error: unknown, log: FastifyBaseLogger): Promise<AttemptOutcome> {
  const { db, clock, config } = deps
  const now = clock.now()
  if (error instanceof TaskLostError) {
    log.warn({ reason: error.message }, 'task abandoned')
    return 'lost'
  }
  if (error instanceof TaskStoppedError) {
    await repo.requeueTask(db, task.id, owner, { error: null, runAfter: iso(now), giveBackAttempt: true })
    log.info('task handed back to the queue at shutdown')
    return 'released'
  }
  const message = error instanceof Error ? error.message : String(error)
  const permanent = error instanceof PermanentTaskError
  if (!permanent && task.attempts < task.max_attempts) {
    const delay = config.backoff * 2 ** (task.attempts - 1)
    await repo.requeueTask(db, task.id, owner, { error: message, runAfter: iso(new Date(now.getTime() + delay)), giveBackAttempt: false })
    log.warn({ err: error, retry_in_ms: delay }, 'task attempt failed; retry scheduled')
    return 'retry'
  }
  await repo.failTask(db, task.id, owner, message, iso(now))
  await repo.deleteBlobs(db, task.id, 'input')
  log.error({ err: permanent ? { message } : error }, 'task failed')
  return 'failed'
}

/** A task's bytes of one kind, chunk by chunk in order (one chunk in memory at a time). */
export async function* blobChunks(db: Db, taskId: number, kind: 'input' | 'result'): AsyncGenerator<Buffer> {
  let seq = 0
  for (;;) {
    const chunk = await repo.findNextBlobChunk(db, taskId, kind, seq)
    if (!chunk) return
    seq = chunk.seq
    yield Buffer.from(chunk.data)
  }
}
