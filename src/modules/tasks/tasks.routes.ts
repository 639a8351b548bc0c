import type { FastifyReply } from 'fastify'
import { auditContextOf } from '../../plugins/audit.ts'
import type { App } from '../../shared/app-types.ts'
import { sendResource, setPageLinks } from '../../shared/http.ts'
import { idempotencyClaimOf, IdempotencyHeaders, markReplay } from '../../shared/idempotency-http.ts'
import { runIdempotently } from '../../shared/idempotency.ts'
import { bearer, IdParams, notModified, paged, problemResponses, ref, resourceRead } from '../../shared/schemas.ts'
import { CreateTaskBody, ListTasksQuery, type Task, TaskAccepted, TaskPage, TaskSchema } from './tasks.schemas.ts'
import * as service from './tasks.service.ts'

const PRIVATE = 'private, no-store'
const STAFF = { auth: 'required', permission: 'tasks:manage' } as const

/** The 202 answer of a task create (OpenAPI); `Idempotent-Replayed` is declared by the document transform on every idempotent operation. */
export const TaskAcceptedResponse = {
  ...TaskAccepted,
  description: 'queued; poll `Location`',
  headers: {
    Location: { type: 'string', description: 'the task: `/api/v1/tasks/{id}`' },
  },
}

/**
 * Answers 202 `{task_id, status}` with `Location: /api/v1/tasks/{id}` (and `Idempotent-Replayed`
 * on a replay) — the answer of every route that creates a task.
 */
export function sendAccepted(reply: FastifyReply, outcome: { value: Task; replayed: boolean }): FastifyReply {
  return markReplay(reply, outcome)
    .code(202)
    .header('location', `/api/v1/tasks/${outcome.value.id}`)
    .send({ task_id: outcome.value.id, status: outcome.value.status })
}

/**
 * `/api/v1/tasks`: create (202, `Idempotency-Key`), list, read, download the result, cancel.
 * Staff only (librarian, admin): a member gets 403. Every success is `private, no-store`.
 * @see api-contract §7
 */
export default async function tasksRoutes(app: App) {
  const deps = app.taskDeps
  app.addHook('onSend', async (_request, reply) => {
    // Problems keep the `no-store` every error answer carries.
    if (reply.statusCode < 400) reply.header('cache-control', PRIVATE)
  })

  app.post('', {
    schema: {
      tags: ['tasks'],
      operationId: 'createTask',
      summary: 'Queue a background task (staff): catalog_export, books_import, overdue_scan, token_cleanup',
      description:
        'Answers 202 `{task_id, status: "queued"}` with `Location`; poll the task until `completed` or `failed`, then download `/result`. ' +
        'Params by type: `catalog_export` takes the list filters `author`, `genre`, `language`, `year` (all optional); `books_import` takes `csv` ' +
        '(the CSV text, within the 1 MiB JSON body limit — larger files go to `POST /api/v1/books/import`); `overdue_scan` and `token_cleanup` take none. ' +
        'An unknown type or a bad param → 422 naming `type` or `params.<field>`.',
      security: bearer,
      headers: IdempotencyHeaders,
      body: CreateTaskBody,
      response: { 202: TaskAcceptedResponse, ...problemResponses(401, 403, 409, 422) },
    },
    config: STAFF,
  }, async (request, reply) => {
    const outcome = await runIdempotently<Task>(deps, request.user!.id, idempotencyClaimOf(request), 202, (onCommit) => service.createTask(deps, request.user!, request.body, onCommit, undefined, auditContextOf(request)))
    return sendAccepted(reply, outcome)
  })

  app.get('', {
    schema: {
      tags: ['tasks'],
      operationId: 'listTasks',
      summary: 'List tasks, newest first (staff), filters status and type',
      description: 'Offset pagination `{items, page, per_page, total, total_pages}` with an RFC 8288 `Link` header.',
      security: bearer,
      querystring: ListTasksQuery,
      response: { 200: paged(TaskPage), ...problemResponses(401, 403, 422) },
    },
    config: STAFF,
  }, async (request, reply) => {
    const page = await service.listTasks(deps, request.query)
    setPageLinks(request, reply, page.page, page.total_pages)
    return page
  })

  app.get('/:id', {
    schema: {
      tags: ['tasks'],
      operationId: 'getTask',
      summary: 'One task: status, progress, result or error (staff), with ETag; If-None-Match → 304',
      description: '`progress` moves at least once a second while a long task runs. Readable from any instance.',
      security: bearer,
      params: IdParams,
      response: { 200: resourceRead(ref(TaskSchema)), 304: notModified(), ...problemResponses(401, 403, 404, 422) },
    },
    config: STAFF,
  }, async (request, reply) => sendResource(request, reply, await service.getTask(deps, request.params.id)))

  app.get('/:id/result', {
    schema: {
      tags: ['tasks'],
      operationId: 'getTaskResult',
      summary: 'Download a completed task’s output (staff): the CSV of an export, the JSON report of an import',
      description:
        'With its media type and `Content-Disposition: attachment`. 409 `conflict` while the task is not completed; ' +
        '404 `not_found` once the result expired (`TASK_RESULT_TTL`, default 7 days).',
      security: bearer,
      params: IdParams,
      produces: ['text/csv', 'application/json'],
      response: {
        200: {
          description: 'the output',
          content: {
            'text/csv': { schema: { type: 'string', description: 'catalog_export: header line, then one book per row' } },
            'application/json': { schema: { description: 'the task’s `result`: an import report, or counts' } },
          },
          headers: { 'Content-Disposition': { type: 'string', description: '`attachment; filename="…"`' } },
        },
        ...problemResponses(401, 403, 404, 409, 422),
      },
    },
    config: STAFF,
  }, async (request, reply) => {
    const download = await service.openResult(deps, request.params.id)
    reply.type(download.mediaType).header('content-disposition', `attachment; filename="${download.filename}"`)
    if (download.bytes !== undefined) reply.header('content-length', download.bytes)
    return reply.send(download.body)
  })

  app.delete('/:id', {
    schema: {
      tags: ['tasks'],
      operationId: 'cancelTask',
      summary: 'Cancel a queued or running task (staff); 409 when it already finished',
      description: 'Answers the task, `cancelled`. A running task stops at its next heartbeat (within half a second) and what it was writing is rolled back.',
      security: bearer,
      params: IdParams,
      response: { 200: ref(TaskSchema), ...problemResponses(401, 403, 404, 409, 422) },
    },
    config: STAFF,
  }, async (request) => service.cancelTask(deps, request.params.id))
}
