import { type Kysely, PostgresAdapter, sql } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db)
  const idColumn = (name: string) =>
    db.schema.createTable(name).addColumn('id', 'integer', (col) =>
      pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement(),
    )
  const bool = pg ? 'boolean' : 'integer'

  await idColumn('users')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('is_active', bool, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await sql`create unique index users_username_lower on users (lower(username))`.execute(db)
  await sql`create unique index users_email_lower on users (lower(email))`.execute(db)

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('refresh_tokens')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('access_jti', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('replaced_by', 'text')
    .execute()
  await db.schema.createIndex('refresh_tokens_session_id').on('refresh_tokens').column('session_id').execute()

  await idColumn('books')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('isbn', 'text', (c) => c.unique())
    .addColumn('publication_year', 'integer')
    .addColumn('publisher', 'text')
    .addColumn('language', 'text')
    .addColumn('summary', 'text')
    .addColumn('genres', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('copies_total', 'integer', (c) => c.notNull())
    .addColumn('copies_available', 'integer', (c) => c.notNull())
    .addCheckConstraint('books_copies_available_range', sql`copies_available >= 0 and copies_available <= copies_total`)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  for (const column of ['title', 'publication_year', 'created_at', 'language']) {
    await db.schema.createIndex(`books_${column}`).on('books').columns([column, 'id']).execute()
  }

  await idColumn('loans')
    .addColumn('book_id', 'integer', (c) => c.notNull().references('books.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('borrowed_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('returned_at', 'text')
    .addColumn('renewals', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('loans_user_id').on('loans').columns(['user_id', 'id']).execute()
  await db.schema.createIndex('loans_book_id').on('loans').column('book_id').execute()
  // One active loan of a book per user, enforced by the database itself.
  await sql`create unique index loans_active_user_book on loans (user_id, book_id) where returned_at is null`.execute(db)

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

  await idColumn('posts')
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('published', bool, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('posts_author_id').on('posts').columns(['author_id', 'id']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['posts', 'idempotency_keys', 'loans', 'books', 'refresh_tokens', 'sessions', 'users']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
