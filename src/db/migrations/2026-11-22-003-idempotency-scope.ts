import { type Kysely, sql } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
//
// Idempotency keys become per user AND per operation (`scope`, the route's operationId), so one
// key sent to POST /books and to POST /posts names two requests, not a mismatch. The primary key
// changes, which SQLite cannot alter in place: the table is rebuilt (the same steps on both
// dialects). Keys stored before belonged to the only idempotent route, the borrow, and keep
// working under its scope `borrowBook`, which is also the column default.
// @see https://www.sqlite.org/lang_altertable.html#otheralter

const BORROW_SCOPE = 'borrowBook'

/** Rebuilds `idempotency_keys` with `scope` in the primary key `(user_id, scope, key)`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').renameTo('idempotency_keys_unscoped').execute()
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo(BORROW_SCOPE))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_scope_pk', ['user_id', 'scope', 'key'])
    .execute()
  await sql`
    insert into idempotency_keys (user_id, scope, key, request_hash, response_status, response_body, created_at)
    select user_id, ${BORROW_SCOPE}, key, request_hash, response_status, response_body, created_at from idempotency_keys_unscoped`.execute(db)
  await db.schema.dropTable('idempotency_keys_unscoped').execute()
}

/** Back to one key space per user: only the borrow's keys survive (the others had no place before). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').renameTo('idempotency_keys_scoped').execute()
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute()
  await sql`
    insert into idempotency_keys (user_id, key, request_hash, response_status, response_body, created_at)
    select user_id, key, request_hash, response_status, response_body, created_at from idempotency_keys_scoped where scope = ${BORROW_SCOPE}`.execute(db)
  await db.schema.dropTable('idempotency_keys_scoped').execute()
}
