import { type Kysely, PostgresAdapter, sql } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
//
// Background tasks (api-contract §7): one row per task in `tasks` — the record of the API in both
// modes, and the queue itself in the embedded one — and their bytes (an uploaded CSV, an export)
// in `task_blobs`, cut into chunks so that neither side ever holds a whole file in memory.
// `loans.marked_overdue_at` records when `overdue_scan` first saw a loan past due.

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db)
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'integer', (col) => (pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement()))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('schedule_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('run_after', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('dispatched_at', 'text')
    .addColumn('result_media_type', 'text')
    .addColumn('result_filename', 'text')
    .addColumn('result_bytes', 'integer')
    .addColumn('result_expires_at', 'text')
    .execute()
  await db.schema.createIndex('tasks_status_run_after').on('tasks').columns(['status', 'run_after']).execute()
  await db.schema.createIndex('tasks_type').on('tasks').column('type').execute()

  await db.schema
    .createTable('task_blobs')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_blobs_pk', ['task_id', 'kind', 'seq'])
    .execute()

  await db.schema.alterTable('loans').addColumn('marked_overdue_at', 'text').execute()
  await sql`create index loans_unreturned_due on loans (due_at) where returned_at is null`.execute(db)
  // The import's look-up of books without ISBN (same title and author): without it each batch
  // scanned the whole table, quadratic in a large file's size.
  await sql`create index books_title_lower on books (lower(title))`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists books_title_lower`.execute(db)
  await sql`drop index if exists loans_unreturned_due`.execute(db)
  await db.schema.alterTable('loans').dropColumn('marked_overdue_at').execute()
  await db.schema.dropTable('task_blobs').execute()
  await db.schema.dropTable('tasks').execute()
}
