import { createHash } from 'node:crypto'
import multipart from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import { AppError, validationError } from '../../../errors.ts'
import { auditContextOf } from '../../../plugins/audit.ts'
import type { App } from '../../../shared/app-types.ts'
import { idempotencyClaimOf, IdempotencyHeaders } from '../../../shared/idempotency-http.ts'
import { runIdempotently } from '../../../shared/idempotency.ts'
import { bearer, problemResponses } from '../../../shared/schemas.ts'
import { sendAccepted, TaskAcceptedResponse } from '../../tasks/tasks.routes.ts'
import type { Task } from '../../tasks/tasks.schemas.ts'
import { createTask, type TaskInput } from '../../tasks/tasks.service.ts'

/** The multipart field that carries the CSV. */
const FILE_FIELD = 'file'

/**
 * Reads the CSV of an import request: the `text/csv` body (parsed as bytes), or the multipart
 * field `file` streamed in (at most `limit` bytes; the parts before it are skipped).
 * @throws AppError `payload_too_large` (413) over the limit; `validation_error` (422) naming
 *   `file` when there is no such field or it is empty; `bad_request` (400) for a malformed
 *   multipart body (no boundary, a part cut short)
 */
async function readUpload(request: FastifyRequest, limit: number): Promise<TaskInput> {
  if (Buffer.isBuffer(request.body)) {
    if (request.body.length === 0) throw validationError([{ field: '(body)', message: 'is empty: send the CSV' }])
    return { chunks: [request.body], bytes: request.body.length, filename: null, source: 'body' }
  }
  try {
    return await readFilePart(request, limit)
  } catch (error) {
    // busboy's own errors (no boundary, a part never ended…) are the client's malformed body.
    const status = (error as { statusCode?: unknown }).statusCode
    if (error instanceof AppError || (typeof status === 'number' && status < 500)) throw error
    throw new AppError('bad_request', 'The multipart/form-data body is malformed')
  }
}

async function readFilePart(request: FastifyRequest, limit: number): Promise<TaskInput> {
  const part = await request.file({ limits: { fileSize: limit, files: 1 } })
  if (!part || part.fieldname !== FILE_FIELD) {
    // Drain what is left so the connection stays usable.
    if (part) part.file.resume()
    throw validationError([{ field: FILE_FIELD, message: `is required: a multipart/form-data field named "${FILE_FIELD}" holding the CSV` }])
  }
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    chunks.push(chunk)
    bytes += chunk.length
  }
  if (part.file.truncated) throw new AppError('payload_too_large', `The file is larger than ${limit} bytes (IMPORT_BODY_LIMIT)`)
  if (bytes === 0) throw validationError([{ field: FILE_FIELD, message: 'is empty: send the CSV' }])
  const filename = part.filename ? part.filename.slice(0, 255) : null
  return { chunks, bytes, filename, source: 'upload' }
}

/** SHA-256 of the upload, what an `Idempotency-Key` is bound to for this route. */
function digestOf(input: TaskInput): string {
  const hash = createHash('sha256')
  for (const chunk of input.chunks) hash.update(chunk)
  return hash.digest('hex')
}

/**
 * `POST /api/v1/books/import`: a CSV upload becomes a `books_import` task (202). The body has
 * its own limit (`IMPORT_BODY_LIMIT`, default 50 MiB); multipart parsing is registered here only.
 * @see api-contract §4; https://github.com/fastify/fastify-multipart#readme
 */
export default async function booksImportRoutes(app: App) {
  const limit = app.config.importBodyLimit
  await app.register(multipart, { limits: { fileSize: limit, files: 1, parts: 20 }, throwFileSizeLimit: false })
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => done(null, body))
  const compileValidator = app.validatorCompiler!

  app.post('/import', {
    bodyLimit: limit,
    // The body is bytes (text/csv) or a stream (multipart): the schema documents it, the handler checks it.
    validatorCompiler: (route) => (route.httpPart === 'body' ? () => true : compileValidator(route)),
    schema: {
      tags: ['books'],
      operationId: 'importBooks',
      summary: 'Import a catalog CSV as a background task (librarian, admin) → 202 with the task',
      description:
        'The CSV — goodbooks-10k `books.csv` columns, or a `catalog_export` result — as `multipart/form-data` field `file` or as a `text/csv` body, ' +
        'at most `IMPORT_BODY_LIMIT` bytes (default 50 MiB; more → 413). Answers 202 `{task_id, status: "queued"}` with `Location`. ' +
        'The task imports all valid rows in one transaction and completes with the report `{imported, repaired, rejected, repairs, rejects, …}` ' +
        '(also the download of `/api/v1/tasks/{id}/result`); a file that cannot be read to its end (not UTF-8, an unclosed quote, no `title`/`authors` ' +
        'header) fails the task with that reason in `error` and imports nothing. An empty body or a missing `file` field → 422.',
      security: bearer,
      headers: IdempotencyHeaders,
      body: {
        content: {
          'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: 'the CSV file' } }, required: [FILE_FIELD] } },
          'text/csv': { schema: { type: 'string', description: 'the CSV' } },
        },
      },
      response: { 202: TaskAcceptedResponse, ...problemResponses(401, 403, 409, 413, 415, 422) },
    },
    config: { auth: 'required', permission: 'books:import' },
  }, async (request, reply) => {
    const input = await readUpload(request, limit)
    const claim = idempotencyClaimOf(request, { sha256: digestOf(input), filename: input.filename })
    const outcome = await runIdempotently<Task>(app.taskDeps, request.user!.id, claim, 202, (onCommit) =>
      createTask(app.taskDeps, request.user!, { type: 'books_import' }, onCommit, input, auditContextOf(request)))
    return sendAccepted(reply, outcome)
  })
}
