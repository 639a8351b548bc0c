import { type Kysely, PostgresAdapter, sql } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
//
// Full-text search over the catalog (title, author, summary), one structure per dialect:
// - SQLite: an FTS5 external-content table `books_fts` (the text lives in `books` only) kept in
//   step by triggers, so every writer — the API, the bulk import, a manual `sqlite3` session —
//   updates the index in the same transaction. The porter stemmer over unicode61 (diacritics
//   folded) mirrors PostgreSQL's `english` configuration.
// - PostgreSQL: a stored generated `tsvector` column, weighted title A, author B, summary C,
//   with a GIN index. Generated, so no trigger and no writer can forget it.
// @see https://www.sqlite.org/fts5.html#external_content_tables
// @see https://www.postgresql.org/docs/15/textsearch-tables.html

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/** Adds the full-text index of the dialect and indexes the books already there. */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`
      alter table books add column search_vector tsvector generated always as (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(author, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(summary, '')), 'C')
      ) stored`.execute(db)
    await sql`create index books_search_vector on books using gin (search_vector)`.execute(db)
    return
  }
  await sql`
    create virtual table books_fts using fts5(
      title, author, summary,
      content = 'books', content_rowid = 'id',
      tokenize = 'porter unicode61 remove_diacritics 2'
    )`.execute(db)
  await sql`
    create trigger books_fts_after_insert after insert on books begin
      insert into books_fts (rowid, title, author, summary) values (new.id, new.title, new.author, new.summary);
    end`.execute(db)
  await sql`
    create trigger books_fts_after_delete after delete on books begin
      insert into books_fts (books_fts, rowid, title, author, summary) values ('delete', old.id, old.title, old.author, old.summary);
    end`.execute(db)
  // Only when an indexed column is written: the no-op row lock (`set updated_at = updated_at`)
  // and the copies counters of every borrow and return leave the index alone.
  await sql`
    create trigger books_fts_after_update after update of title, author, summary on books begin
      insert into books_fts (books_fts, rowid, title, author, summary) values ('delete', old.id, old.title, old.author, old.summary);
      insert into books_fts (rowid, title, author, summary) values (new.id, new.title, new.author, new.summary);
    end`.execute(db)
  // Books written before this migration.
  await sql`insert into books_fts (books_fts) values ('rebuild')`.execute(db)
}

/** Removes the full-text index (the books are untouched). */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop index if exists books_search_vector`.execute(db)
    await sql`alter table books drop column if exists search_vector`.execute(db)
    return
  }
  for (const trigger of ['books_fts_after_update', 'books_fts_after_delete', 'books_fts_after_insert']) {
    await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db)
  }
  await sql`drop table if exists books_fts`.execute(db)
}
