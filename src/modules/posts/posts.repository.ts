import type { Insertable, Updateable } from 'kysely'
import type { Db, PostsTable } from '../../db/schema.ts'

/** A post row joined with its author's username. `published` is 0/1 (SQLite) or a boolean (PostgreSQL). */
export interface PostWithAuthorRow {
  id: number
  author_id: number
  author_username: string
  title: string
  content: string
  published: number | boolean
  created_at: string
  updated_at: string
}

/** Which posts a list holds: one publication state, optionally of one author. */
export interface PostFilter {
  published: boolean
  authorId?: number
}

function withAuthor(db: Db) {
  return db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.author_id')
    .select([
      'posts.id',
      'posts.author_id',
      'users.username as author_username',
      'posts.title',
      'posts.content',
      'posts.published',
      'posts.created_at',
      'posts.updated_at',
    ])
}

/**
 * A page of posts matching the filter, newest first (`created_at` then `id`, both descending),
 * and the total matching.
 * @param page `limit` rows from `offset`
 */
export async function listPosts(db: Db, filter: PostFilter, page: { limit: number; offset: number }): Promise<{ rows: PostWithAuthorRow[]; total: number }> {
  // Booleans are written as 1/0 on both dialects (see db/schema.ts); PostgreSQL reads '1' as true.
  const published = filter.published ? 1 : 0
  let rows = withAuthor(db).where('posts.published', '=', published)
  let count = db.selectFrom('posts').select((eb) => eb.fn.countAll().as('n')).where('published', '=', published)
  if (filter.authorId !== undefined) {
    rows = rows.where('posts.author_id', '=', filter.authorId)
    count = count.where('author_id', '=', filter.authorId)
  }
  const [items, total] = await Promise.all([
    rows.orderBy('posts.created_at', 'desc').orderBy('posts.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    count.executeTakeFirstOrThrow(),
  ])
  return { rows: items, total: Number(total.n) }
}

/** One post with its author's username, or undefined. */
export function findPostById(db: Db, id: number): Promise<PostWithAuthorRow | undefined> {
  return withAuthor(db).where('posts.id', '=', id).executeTakeFirst()
}

/**
 * Reads a post and locks its row until the transaction ends: the same no-op update as
 * `lockBook` (PostgreSQL takes the row lock and re-reads the latest committed version; SQLite
 * turns the transaction into the single writer at once), so a conditional write checks
 * `If-Match` against the version it then changes and concurrent writers queue behind it.
 * @returns the post with its author, or undefined when there is none (also when a concurrent
 *   delete committed while this one waited)
 * @see https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS
 */
export async function lockPost(db: Db, id: number): Promise<PostWithAuthorRow | undefined> {
  const locked = await db.updateTable('posts').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', id).executeTakeFirst()
  if (Number(locked.numUpdatedRows) === 0) return undefined
  return findPostById(db, id)
}

/** Inserts a post. @returns its id */
export async function insertPost(db: Db, post: Insertable<PostsTable>): Promise<number> {
  const row = await db.insertInto('posts').values(post).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Changes a post. @returns whether a row was changed */
export async function updatePost(db: Db, id: number, changes: Updateable<PostsTable>): Promise<boolean> {
  const result = await db.updateTable('posts').set(changes).where('id', '=', id).executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Deletes a post (no-op when it is gone). */
export async function deletePost(db: Db, id: number): Promise<void> {
  await db.deleteFrom('posts').where('id', '=', id).execute()
}

/** Whether a user with this id exists. */
export async function userExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}
