import { DelayedError, type Job, Queue, Worker } from 'bullmq'
import { Redis, type RedisOptions } from 'ioredis'
import type { ScheduledTaskType } from '../../config.ts'
import type { TaskRow } from '../../db/schema.ts'
import { iso } from '../../shared/clock.ts'
import type { ScheduleTick } from './embedded-backend.ts'
import { executeTask, type TaskHandler, type TaskRunnerDeps } from './run-task.ts'
import { sleep, type TaskBackend, workerName } from './task-backend.ts'
import * as repo from './tasks.repository.ts'
import type { TaskType } from './tasks.schemas.ts'

/** Where the BullMQ backend finds Redis. */
export interface BullmqBackendOptions {
  /** a `redis://` or `rediss://` URL (`REDIS_URL`) */
  redisUrl: string
  /**
   * BullMQ's key prefix, `${REDIS_KEY_PREFIX}bull`: every key of the queue is
   * `<prefix>:tasks:…`, so deployments (and test apps) sharing one Redis never see each
   * other's jobs. BullMQ refuses ioredis' own `keyPrefix`.
   * @see https://docs.bullmq.io/guide/connections
   */
  prefix: string
}

/** The one queue every task and schedule goes through. */
const QUEUE_NAME = 'tasks'
/** The name of the jobs a job scheduler produces (task jobs are named by their task type). */
const SCHEDULE_JOB = 'schedule'
/** Tasks handed to BullMQ per query of the relay. */
const RELAY_BATCH = 100
/** Longest a dispatch may wait for Redis, milliseconds (it never holds a request longer). */
const DISPATCH_TIMEOUT_MS = 3_000
/** Longest `stop()` waits for BullMQ to close its connections once no attempt runs, milliseconds. */
const CLOSE_TIMEOUT_MS = 5_000

/** The data of a task's job: the id of its row, nothing else (the database is the record). */
interface TaskJobData {
  taskId: number
}

/** The data of a schedule's job. */
interface ScheduleJobData {
  type: ScheduledTaskType
}

/** What reconnecting connections share: a short connect timeout, back-off up to 2 s, forever. */
const RECONNECTING: RedisOptions = {
  connectTimeout: 2_000,
  retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
}

/** Connection failures (logged once per outage), as opposed to errors worth a line each. */
function isConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|Connection is closed|Stream isn't writeable|Command timed out|MaxRetriesPerRequest|reached the max retries/i.test(`${String(code ?? '')} ${String(message ?? '')}`)
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Rejects after `ms` milliseconds unless `promise` settles first (the timer never keeps the process alive). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)
    timer.unref()
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The distributed mode's backend (`REDIS_URL` set). The database stays the record: a task row
 * is committed `queued` first, then handed to BullMQ as the job `task-<id>`, which is only the
 * delivery and retry mechanism. The processor runs {@link executeTask} with `takeOver` — it
 * claims the row, runs the handler and records the outcome — and tells BullMQ what comes next:
 * `retry` → it throws, and BullMQ retries with its exponential backoff (`TASK_BACKOFF · 2^(n−1)`
 * milliseconds, the database's formula); `released` (shutdown) → the job is moved back to
 * delayed-for-now without consuming an attempt; any other outcome ends the job.
 *
 * **Outbox relay.** A dispatch that cannot reach Redis leaves the task queued: it is logged and
 * swallowed, never a 500 nor a wait longer than {@link DISPATCH_TIMEOUT_MS}. Every process that
 * `start()`s looks every `TASK_POLL_INTERVAL` (and whenever Redis becomes reachable) for queued
 * tasks never handed over, and for tasks handed over more than `2 × TASK_LEASE` ago (60 s by
 * default) that are still queued — a flush or restart of Redis may have lost their job — and
 * adds their jobs again (a job id is unique: a job that still exists is not added twice). It
 * also re-adds running tasks whose lease ran out more than `2 × TASK_LEASE` ago (their process
 * died and their job is gone), as the embedded worker takes expired leases again. The delay of a
 * relayed job is `max(0, run_after − now)`.
 *
 * **Worker.** `TASK_CONCURRENCY` jobs at a time; the job lock lasts `TASK_LEASE` and BullMQ's
 * stalled-job check runs every `TASK_LEASE` (30 s by default, BullMQ's own default), so the job
 * of a process that died returns to the queue within about `3 × TASK_LEASE` and another worker
 * takes the task over.
 *
 * **Schedules** (only in processes that `start()`): one BullMQ job scheduler per enabled
 * `config.schedules` entry (cron in UTC; a disabled one is removed). Its job calls `onTick` with
 * the tick's scheduled instant, which creates the task under the unique `schedule_key`
 * `<type>@<tick>` — one tick makes one task however many processes run.
 *
 * **Connections.** Its own ioredis connections: the producer's fails fast while Redis is down
 * (no offline queue, 2 s command timeout, one retry per request) so that `dispatch` never hangs;
 * the worker's is as BullMQ wants it (`maxRetriesPerRequest: null`), plus the blocking
 * connection BullMQ duplicates from it. All reconnect by themselves; connection errors are logged
 * once per outage, never thrown.
 *
 * @param deps the database, clock, logger and `TASK_*` settings
 * @param handlers the handler of each task type
 * @param onTick creates (once) the task of a schedule's tick
 * @see https://docs.bullmq.io/guide/going-to-production
 * @see https://docs.bullmq.io/guide/retrying-failing-jobs
 * @see https://docs.bullmq.io/guide/jobs/stalled
 * @see https://docs.bullmq.io/guide/job-schedulers
 * @see https://docs.bullmq.io/guide/workers/graceful-shutdown
 */
export function createBullmqBackend(deps: TaskRunnerDeps, handlers: Record<TaskType, TaskHandler>, onTick: ScheduleTick, options: BullmqBackendOptions): TaskBackend {
  const { db, clock, config, log } = deps
  const owner = workerName()
  const staleAfter = 2 * config.lease
  const running = new Set<Promise<unknown>>()
  const stopping = new AbortController()
  /** connections BullMQ opened from ours (the worker's blocking one): closed by us if BullMQ cannot */
  const duplicates = new Set<Redis>()
  let started = false
  let paused = false
  let closed = false
  let outage = false
  let queue: Queue | undefined
  let opening: Promise<void> | undefined
  let worker: Worker | undefined
  let workerClient: Redis | undefined
  let timer: NodeJS.Timeout | undefined
  let relaying: Promise<void> | undefined

  const onRedisError = (error: unknown) => {
    if (closed) return
    if (!isConnectionError(error)) {
      log.warn({ err: error }, 'task queue: redis error')
      return
    }
    if (outage) return
    outage = true
    log.warn({ err: messageOf(error) }, 'task queue: redis unreachable; new tasks stay queued in the database and are handed to BullMQ once it answers')
  }

  // The producer's connection: every command fails at once while Redis is down.
  const queueClient = new Redis(options.redisUrl, { ...RECONNECTING, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2_000, lazyConnect: true })
  queueClient.on('error', onRedisError)
  queueClient.on('ready', () => {
    if (closed) return
    if (outage) log.info('task queue: redis reachable again')
    outage = false
    void openQueue()
  })
  // Without Redis the app still starts; the client keeps trying and `ready` opens the queue.
  queueClient.connect().catch(() => {})

  /**
   * Opens the BullMQ queue on the (ready) producer connection. When that fails (a command timed
   * out), the next `ready`, dispatch or relay pass tries again.
   */
  function openQueue(): Promise<void> | undefined {
    if (closed || queueClient.status !== 'ready') return undefined
    if (queue) {
      void onReachable()
      return undefined
    }
    if (opening) return opening
    const candidate = new Queue(QUEUE_NAME, { connection: queueClient, prefix: options.prefix })
    candidate.on('error', onRedisError)
    opening = candidate
      .waitUntilReady()
      .then(
        async () => {
          if (closed) return void (await candidate.close().catch(() => {}))
          queue = candidate
          await onReachable()
        },
        async (error: unknown) => {
          onRedisError(error)
          await candidate.close().catch(() => {})
        },
      )
      .finally(() => {
        opening = undefined
      })
    return opening
  }

  /** Redis answers: (re)declare the schedules and hand over what waited (worker processes only). */
  async function onReachable(): Promise<void> {
    if (!started || paused || closed) return
    await declareSchedules()
    await relay()
  }

  async function declareSchedules(): Promise<void> {
    const q = queue
    if (!q) return
    for (const [type, pattern] of Object.entries(config.schedules) as [ScheduledTaskType, string | null][]) {
      try {
        if (pattern === null) await q.removeJobScheduler(type)
        else {
          await q.upsertJobScheduler(type, { pattern, tz: 'UTC' }, {
            name: SCHEDULE_JOB,
            data: { type } satisfies ScheduleJobData,
            opts: { attempts: config.maxAttempts, backoff: { type: 'exponential', delay: config.backoff }, removeOnComplete: true, removeOnFail: true },
          })
        }
      } catch (error) {
        onRedisError(error)
        return
      }
    }
  }

  /**
   * Adds the job of a task (its id is `task-<id>`: adding it again while it exists does
   * nothing) and records the hand-over. Never throws.
   * @returns whether the job was added (false: Redis unreachable; the relay will try again)
   */
  async function deliver(row: TaskRow): Promise<boolean> {
    const q = queue
    if (!q) void openQueue()
    if (!q || closed || queueClient.status !== 'ready') return false
    try {
      const delay = Math.max(0, Date.parse(row.run_after) - clock.now().getTime())
      const data: TaskJobData = { taskId: row.id }
      await within(q.add(row.type, data, {
        jobId: `task-${row.id}`,
        attempts: row.max_attempts,
        backoff: { type: 'exponential', delay: config.backoff },
        delay,
        // The database keeps the history; a finished job left in Redis would only stop a later
        // hand-over of the same task id (an abandoned task) from adding its job.
        removeOnComplete: true,
        removeOnFail: true,
      }), DISPATCH_TIMEOUT_MS, 'adding the job')
    } catch (error) {
      onRedisError(error)
      return false
    }
    await repo.markDispatched(db, row.id, iso(clock.now()))
    return true
  }

  /** One pass of the outbox relay: everything queued and not (or long ago) handed over, then abandoned running tasks. */
  async function relayOnce(): Promise<void> {
    if (!queue) void openQueue()
    for (;;) {
      if (paused || closed || !queue) return
      const staleBefore = iso(new Date(clock.now().getTime() - staleAfter))
      const ids = await repo.findUndispatchedTaskIds(db, staleBefore, RELAY_BATCH)
      let handled = 0
      for (const id of ids) {
        const row = await repo.findTask(db, id)
        if (!row || row.status !== 'queued' || (await deliver(row))) handled += 1
        else return
      }
      if (ids.length < RELAY_BATCH || handled < ids.length) break
    }
    const staleBefore = iso(new Date(clock.now().getTime() - staleAfter))
    for (const id of await repo.findAbandonedTaskIds(db, staleBefore, RELAY_BATCH)) {
      const row = await repo.findTask(db, id)
      if (row?.status === 'running' && !(await deliver(row))) return
    }
  }

  function relay(): Promise<void> {
    if (!started || paused || closed) return Promise.resolve()
    relaying ??= relayOnce()
      .catch((error: unknown) => log.warn({ err: error }, 'task relay failed'))
      .finally(() => {
        relaying = undefined
      })
    return relaying
  }

  /** Gives a job back to the queue, due now, without consuming an attempt (a shutdown is not a failure). */
  async function handBack(job: Job, token: string | undefined): Promise<never> {
    await job.moveToDelayed(Date.now(), token)
    throw new DelayedError()
  }

  async function processJob(job: Job, token?: string): Promise<unknown> {
    // A job BullMQ fetched as the worker paused (its blocking fetch returns after the pause):
    // another process, or this one's next start, takes it.
    if (paused) return handBack(job, token)
    if (job.name === SCHEDULE_JOB) {
      const { type } = job.data as ScheduleJobData
      // The tick is the scheduled instant (the scheduler's `prevMillis`, also the end of the job id), not now.
      const millis = job.opts.prevMillis ?? Number(String(job.id).split(':').pop())
      await onTick(type, iso(new Date(millis)))
      return 'scheduled'
    }
    const { taskId } = job.data as TaskJobData
    const attempt = executeTask(deps, handlers, taskId, { owner, takeOver: true, stop: stopping.signal })
    running.add(attempt)
    let outcome: Awaited<typeof attempt>
    try {
      outcome = await attempt
    } finally {
      running.delete(attempt)
    }
    if (outcome === 'retry') {
      const row = await repo.findTask(db, taskId)
      throw new Error(row?.error ?? 'the task attempt failed')
    }
    if (outcome === 'released') return handBack(job, token)
    return outcome
  }

  /** The worker's connection, whose duplicates (BullMQ's blocking connection) are kept so that `stop()` can always close them. */
  class WorkerRedis extends Redis {
    override duplicate(override?: Partial<RedisOptions>): Redis {
      const copy = new Redis({ ...this.options, ...override, lazyConnect: false })
      copy.on('error', onRedisError)
      duplicates.add(copy)
      return copy
    }
  }

  return {
    kind: 'bullmq',
    async dispatch(taskId) {
      try {
        const row = await repo.findTask(db, taskId)
        if (row?.status === 'queued') await deliver(row)
      } catch (error) {
        log.warn({ err: error, task_id: taskId }, 'task dispatch failed; the relay hands it over later')
      }
    },
    async start() {
      if (started || closed) return
      started = true
      workerClient = new WorkerRedis(options.redisUrl, { ...RECONNECTING, maxRetriesPerRequest: null })
      workerClient.on('error', onRedisError)
      worker = new Worker(QUEUE_NAME, processJob, {
        connection: workerClient,
        prefix: options.prefix,
        concurrency: config.concurrency,
        lockDuration: config.lease,
        stalledInterval: config.lease,
        name: owner,
      })
      worker.on('error', onRedisError)
      timer = setInterval(() => void relay(), config.pollInterval)
      timer.unref()
      await onReachable()
    },
    pause() {
      if (paused) return
      paused = true
      if (timer) clearInterval(timer)
      worker?.pause(true).catch(onRedisError)
    },
    async stop(graceEndsAt = Date.now() + config.shutdownGrace) {
      this.pause()
      closed = true
      await relaying
      const grace = Math.max(0, graceEndsAt - Date.now())
      if (running.size > 0) {
        log.info({ tasks: running.size, grace_ms: grace }, 'waiting for running tasks')
        await Promise.race([Promise.allSettled([...running]), sleep(grace)])
      }
      stopping.abort()
      await Promise.allSettled([...running])
      // No attempt runs any more. With Redis reachable, BullMQ's graceful close lets the
      // processors' last steps (completing, delaying a job) reach Redis; without it that close
      // would wait for Redis forever (it awaits its blocking connection's `end`), so the worker is
      // closed by force: a job left active is recovered by the stalled check, and its task row is
      // already what the database says.
      const reachable = queueClient.status === 'ready'
      const closing: Promise<unknown>[] = []
      if (worker) closing.push(worker.close(!reachable))
      closing.push((opening ?? Promise.resolve()).then(() => queue?.close()))
      await within(Promise.all(closing), CLOSE_TIMEOUT_MS, 'closing the task queue').catch((error: unknown) => log.warn({ err: messageOf(error) }, 'task queue: BullMQ did not close in time; closing its connections'))
      // What BullMQ closed is `end` already (disconnecting it again would arm a 2 s timer for nothing).
      for (const client of [queueClient, workerClient, ...duplicates]) if (client && client.status !== 'end') client.disconnect()
    },
  }
}
