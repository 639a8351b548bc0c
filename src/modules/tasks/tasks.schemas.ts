import { type Static, Type } from 'typebox'
import { ListBooksQuery } from '../books/books.schemas.ts'
import { OffsetPage, OffsetPageQuery, ref, Timestamp } from '../../shared/schemas.ts'

/** The task types (api-contract §7). */
export const TASK_TYPES = ['catalog_export', 'books_import', 'overdue_scan', 'token_cleanup'] as const
export type TaskType = (typeof TASK_TYPES)[number]

/** The life of a task: `queued` → `running` → `completed` | `failed`; `cancelled` from `queued` or `running`. */
export const TASK_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const filters = ListBooksQuery.properties

/** `catalog_export` params: the v1 list filters, each optional; none → the whole catalog. */
export const CatalogExportParams = Type.Object(
  { author: Type.Optional(filters.author), genre: Type.Optional(filters.genre), language: Type.Optional(filters.language), year: Type.Optional(filters.year) },
  { additionalProperties: false, description: 'optional filters, as `GET /api/v1/books` reads them', examples: [{ language: 'en' }] },
)
export type CatalogExportParamsType = Static<typeof CatalogExportParams>

/** `books_import` params through `POST /api/v1/tasks`: the CSV inline (the JSON body limit applies; larger files go to `POST /api/v1/books/import`). */
export const BooksImportParams = Type.Object(
  { csv: Type.String({ minLength: 1, description: 'the CSV text: a goodbooks-10k `books.csv` or a `catalog_export` result' }) },
  { additionalProperties: false },
)

/** `overdue_scan` and `token_cleanup` take no params. */
export const NoParams = Type.Object({}, { additionalProperties: false })

/** The params schema of each type. */
export const PARAMS_BY_TYPE = {
  catalog_export: CatalogExportParams,
  books_import: BooksImportParams,
  overdue_scan: NoParams,
  token_cleanup: NoParams,
} as const

/**
 * `POST /api/v1/tasks` body: `{type, params}`; `params` is checked against the type's schema
 * (JSON Schema `if`/`then`), so a bad one is a 422 naming `params.<field>`.
 */
export const CreateTaskBody = Type.Object(
  {
    type: Type.Unsafe<TaskType>({ type: 'string', enum: [...TASK_TYPES], description: 'the task type' }),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'per type: see the body schema; `{}` when omitted' })),
  },
  {
    additionalProperties: false,
    allOf: TASK_TYPES.map((type) => ({ if: { properties: { type: { const: type } }, required: ['type'] }, then: { properties: { params: PARAMS_BY_TYPE[type] } } })),
    examples: [{ type: 'catalog_export', params: { language: 'en' } }, { type: 'overdue_scan' }],
  },
)
export type CreateTaskBodyType = { type: TaskType; params?: Record<string, unknown> }

/** The 202 answer of a create: the task id and its status. */
export const TaskAccepted = Type.Object(
  { task_id: Type.Integer(), status: Type.Unsafe<TaskStatus>({ type: 'string', enum: [...TASK_STATUSES] }) },
  { examples: [{ task_id: 42, status: 'queued' }] },
)

/** A task as the API shows it (api-contract §7). */
export const TaskSchema = Type.Object(
  {
    id: Type.Integer(),
    type: Type.Unsafe<TaskType>({ type: 'string', enum: [...TASK_TYPES] }),
    status: Type.Unsafe<TaskStatus>({ type: 'string', enum: [...TASK_STATUSES] }),
    progress: Type.Object(
      { done: Type.Integer({ minimum: 0 }), total: Nullable(Type.Integer({ minimum: 0 })) },
      { description: 'units of work done and expected (rows for an import or export); `total` null while unknown' },
    ),
    params: Type.Record(Type.String(), Type.Unknown(), { description: 'as created; a `books_import` shows `{source, filename, bytes}` instead of the CSV' }),
    result: Type.Unknown({ description: 'null until completed; the import report, the export summary, or the counts of a scan or cleanup' }),
    error: Nullable(Type.String({ description: 'why the last attempt failed (kept while a retry is queued)' })),
    attempts: Type.Integer({ minimum: 0, description: 'attempts started so far' }),
    created_by: Nullable(Type.Integer({ description: 'the user who created it; null for a scheduled run' })),
    created_at: Timestamp,
    started_at: Nullable(Timestamp),
    finished_at: Nullable(Timestamp),
  },
  {
    $id: 'Task',
    additionalProperties: false,
    examples: [
      {
        id: 42, type: 'catalog_export', status: 'completed', progress: { done: 10000, total: 10000 }, params: { language: 'en' },
        result: { rows: 10000, bytes: 1622016, media_type: 'text/csv; charset=utf-8', filename: 'catalog-42.csv' }, error: null, attempts: 1,
        created_by: 1, created_at: '2026-12-05T10:00:00.000Z', started_at: '2026-12-05T10:00:00.020Z', finished_at: '2026-12-05T10:00:00.410Z',
      },
    ],
  },
)
export type Task = Static<typeof TaskSchema>

export const TaskPage = OffsetPage(ref(TaskSchema))

export const ListTasksQuery = Type.Object(
  {
    ...OffsetPageQuery,
    status: Type.Optional(Type.Unsafe<TaskStatus>({ type: 'string', enum: [...TASK_STATUSES] })),
    type: Type.Optional(Type.Unsafe<TaskType>({ type: 'string', enum: [...TASK_TYPES] })),
  },
  { additionalProperties: false },
)
export type ListTasksQueryType = Static<typeof ListTasksQuery>
