import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ExportThreadPool } from '../modules/books/export/export-in-worker.ts'
import { createEmbeddedBackend } from '../modules/tasks/embedded-backend.ts'
import type { TaskRunnerDeps } from '../modules/tasks/run-task.ts'
import type { TaskBackend } from '../modules/tasks/task-backend.ts'
import { TASK_HANDLERS } from '../modules/tasks/task-handlers.ts'
import { createScheduledTask, type TaskDeps } from '../modules/tasks/tasks.service.ts'
import { chainObservers } from '../shared/observability.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** the background-task backend: embedded database worker, or BullMQ when `REDIS_URL` is set */
    tasks: TaskBackend
    /** what the task service needs (database, clock, settings, the backend as dispatcher) */
    taskDeps: TaskDeps
  }
}

/**
 * Background tasks (api-contract §7): picks the backend — BullMQ on Redis when `REDIS_URL` is
 * set (its queue under `<REDIS_KEY_PREFIX>bull:`), else the embedded database worker — starts
 * its workers and schedules when the app is ready (unless `TASK_WORKERS=false`: a web instance
 * only hands tasks over), stops taking tasks at the first step of a shutdown (preClose) and lets
 * running ones finish within `TASK_SHUTDOWN_GRACE` of that step, while in-flight requests finish;
 * it waits for them before the database closes (onClose, which runs before the database
 * plugin's), then ends the export threads it keeps between exports.
 */
// Named, then exported: TypeScript 5.9 does not rewrite the `.ts` of a dynamic import inside an
// `export default fp(…)` expression, and the built server then looked for a .ts file in dist/.
const tasksPlugin = fp(
  async function tasksPlugin(app: FastifyInstance) {
    const config = app.config.tasks
    const exportThreads = new ExportThreadPool({ nice: config.workerNice, sched: config.workerSched, cpus: config.workerCpus })
    const runner: TaskRunnerDeps = { db: app.db, clock: app.clock, log: app.log.child({ component: 'tasks' }), config, cache: app.responseCache, observe: chainObservers([app.taskTracing, app.metrics?.observeTask]), auditRetentionDays: app.config.audit.retentionDays, exportThreads }
    const taskDeps: TaskDeps = { db: app.db, clock: app.clock, config, dispatcher: { dispatch: (id) => backend.dispatch(id) }, audit: app.audit }
    const onTick = (type: Parameters<typeof createScheduledTask>[1], tick: string) => createScheduledTask(taskDeps, type, tick)
    const redisUrl = app.config.redisUrl
    let backend: TaskBackend
    if (redisUrl) {
      // Loaded only in the distributed mode: the embedded one does not pay for BullMQ's code.
      const { createBullmqBackend } = await import('../modules/tasks/bullmq-backend.ts')
      backend = createBullmqBackend(runner, TASK_HANDLERS, onTick, { redisUrl, prefix: `${app.config.redisKeyPrefix}bull` })
    } else {
      backend = createEmbeddedBackend(runner, TASK_HANDLERS, onTick)
    }
    app.decorate('tasks', backend)
    app.decorate('taskDeps', taskDeps)
    if (config.workers) app.addHook('onReady', async () => backend.start())
    // TASK_SHUTDOWN_GRACE counts from the shutdown's first step, not from the end of the HTTP
    // drain: the backend stops while in-flight requests finish (a task they create stays queued).
    let stopped: Promise<void> | undefined
    app.addHook('preClose', (done) => {
      stopped = backend.stop(Date.now() + config.shutdownGrace)
      stopped.catch(() => {}) // awaited (and its error thrown) in onClose
      done()
    })
    app.addHook('onClose', async () => {
      await (stopped ?? backend.stop())
      await exportThreads.close()
    })
  },
  { name: 'tasks', dependencies: ['database', 'redis', 'metrics', 'tracing'] },
)

export default tasksPlugin
