import { iso } from '../../shared/clock.ts'
import { executeTask, type TaskHandler, type TaskRunnerDeps } from './run-task.ts'
import { enabledSchedules, nextTickAfter, ticksBetween } from './schedules.ts'
import { sleep, type TaskBackend, workerName } from './task-backend.ts'
import * as repo from './tasks.repository.ts'
import type { TaskType } from './tasks.schemas.ts'

/** Creates the task of one schedule tick unless it exists (see `createScheduledTask` in the service). */
export type ScheduleTick = (type: TaskType, tick: string) => Promise<unknown>

/**
 * The embedded mode's backend: the `tasks` table is the queue. A worker in this process claims
 * up to `TASK_CONCURRENCY` tasks at a time — woken at once by a dispatch from this process, and
 * looking every `TASK_POLL_INTERVAL` for tasks queued by another process, retries whose backoff
 * ran out and running tasks whose lease expired (their process died: they are taken again).
 * Schedules: each look computes the cron ticks since the last one; the task of a tick is created
 * under a unique key, so however many processes share the database, one tick makes one task.
 */
export function createEmbeddedBackend(deps: TaskRunnerDeps, handlers: Record<TaskType, TaskHandler>, onTick: ScheduleTick): TaskBackend {
  const owner = workerName()
  const running = new Map<number, Promise<unknown>>()
  const stopping = new AbortController()
  let started = false
  let paused = false
  let timer: NodeJS.Timeout | undefined
  let polling: Promise<void> | undefined
  let pollAgain = false
  let lastScheduleCheck = deps.clock.now()
  /** milliseconds since the epoch: no schedule ticks before (parsing the cron expressions on every look cost ~1.5 ms) */
  let nextTickAt = -Infinity

  const runOne = (id: number) => {
    const attempt = executeTask(deps, handlers, id, { owner, takeOver: false, stop: stopping.signal })
      .catch((error: unknown) => deps.log.error({ err: error, task_id: id }, 'task bookkeeping failed'))
      .finally(() => {
        running.delete(id)
        wake()
      })
    running.set(id, attempt)
  }

  const checkSchedules = async () => {
    const now = deps.clock.now()
    if (now.getTime() < nextTickAt) return
    let next = Infinity
    for (const [type, expression] of enabledSchedules(deps.config)) {
      for (const tick of ticksBetween(expression, lastScheduleCheck, now)) await onTick(type, iso(tick))
      next = Math.min(next, nextTickAfter(expression, now))
    }
    lastScheduleCheck = now
    nextTickAt = next
  }

  const poll = async () => {
    if (!started || paused) return
    await checkSchedules()
    const free = deps.config.concurrency - running.size
    if (free <= 0) return
    const ids = await repo.findRunnableTaskIds(deps.db, iso(deps.clock.now()), free + running.size)
    for (const id of ids) {
      if (running.size >= deps.config.concurrency) break
      if (!running.has(id)) runOne(id)
    }
  }

  function wake(): void {
    if (!started || paused) return
    if (polling) {
      pollAgain = true
      return
    }
    polling = poll()
      .catch((error: unknown) => deps.log.warn({ err: error }, 'task poll failed'))
      .finally(() => {
        polling = undefined
        if (pollAgain) {
          pollAgain = false
          wake()
        }
      })
  }

  return {
    kind: 'embedded',
    async dispatch() {
      wake()
    },
    async start() {
      if (started) return
      started = true
      lastScheduleCheck = deps.clock.now()
      timer = setInterval(wake, deps.config.pollInterval)
      timer.unref()
      wake()
    },
    pause() {
      paused = true
      if (timer) clearInterval(timer)
    },
    async stop(graceEndsAt = Date.now() + deps.config.shutdownGrace) {
      this.pause()
      await polling
      const all = () => Promise.allSettled([...running.values()])
      const grace = Math.max(0, graceEndsAt - Date.now())
      if (running.size > 0) {
        deps.log.info({ tasks: [...running.keys()], grace_ms: grace }, 'waiting for running tasks')
        await Promise.race([all(), sleep(grace)])
      }
      stopping.abort()
      await all()
    },
  }
}
