import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { TaskDispatcher } from './tasks.service.ts'

/**
 * Where tasks run: the embedded database worker or BullMQ. Both keep the task record in the
 * database; both hand a committed task to their workers through {@link TaskDispatcher.dispatch}.
 */
export interface TaskBackend extends TaskDispatcher {
  /** which one this is (for logs and readiness) */
  readonly kind: 'embedded' | 'bullmq'
  /** starts taking tasks (and running the schedules) in this process */
  start(): Promise<void>
  /** stops taking new tasks at once; running ones go on (SIGTERM's first step) */
  pause(): void
  /**
   * Stops: lets running tasks finish until `graceEndsAt` (default: `TASK_SHUTDOWN_GRACE` from
   * now), hands back those still running then (their next attempt starts from scratch, no attempt
   * counted), and closes the backend's connections. Resolves once every attempt of this process
   * has ended.
   * @param graceEndsAt milliseconds since the epoch (`Date.now()`): the shutdown's start plus `TASK_SHUTDOWN_GRACE`
   */
  stop(graceEndsAt?: number): Promise<void>
}

/** A worker's name, unique per process: `<host>:<pid>:<random>` (the lease owner of its tasks). */
export function workerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
}

/** Resolves after `ms` milliseconds (an unref'd timer: it never keeps the process alive). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
