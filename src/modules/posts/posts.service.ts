import type { Db } from '../../db/schema.ts'
import { AppError } from '../../errors.ts'
import { offsetPage, pageWindow } from '../../shared/pagination.ts'
import type { Principal } from '../../plugins/auth.ts'
import { type Clock, iso } from '../../shared/clock.ts'
import { assertIfMatch } from '../../shared/http.ts'
import { can } from '../../shared/permissions.ts'
import { trimLines } from '../../shared/text.ts'
import { tokenError } from '../auth/tokens.ts'
import * as repo from './posts.repository.ts'
import type { CreatePostInput, ListPostsQueryType, ListUserPostsQueryType, PatchPostInput, Post, PostPageType, ReplacePostInput } from './posts.schemas.ts'

/** What the post services need. */
export interface PostDeps {
  db: Db
  clock: Clock
}

/** The representation of a post row joined with its author. */
export function toPost(row: repo.PostWithAuthorRow): Post {
  return {
    id: row.id,
    title: row.title,
    content: row.content,
    published: Boolean(row.published),
    author: { id: row.author_id, username: row.author_username },
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

const isAdmin = (caller: Principal | null) => !!caller && can(caller.roles, 'posts:moderate')

/** Whether the caller may know the post exists: published, or a draft of their own, or an admin. */
function isVisible(caller: Principal | null, row: repo.PostWithAuthorRow): boolean {
  return Boolean(row.published) || (!!caller && caller.id === row.author_id) || isAdmin(caller)
}

function notFound(): AppError {
  return new AppError('not_found', 'No such post')
}

function draftsNeedToken(): AppError {
  return tokenError('token_missing', 'Drafts (published=false) are listed only to a signed-in caller')
}

async function page(deps: PostDeps, filter: repo.PostFilter, query: { page: number; per_page: number }): Promise<PostPageType> {
  const { rows, total } = await repo.listPosts(deps.db, filter, pageWindow(query))
  return offsetPage(rows.map(toPost), total, query)
}

/** The post title is stored trimmed of surrounding white space (see `trimLines`); the content exactly as sent. */
const SINGLE_LINE = ['title'] as const

/**
 * A page of posts, newest first: published posts of every author, or with `published=false` the
 * caller's own drafts (an admin's too: the moderation view of one post is `GET /posts/{id}`).
 * @throws AppError `token_missing` (401, with `WWW-Authenticate`) when an anonymous caller asks for drafts
 */
export async function listPosts(deps: PostDeps, caller: Principal | null, query: ListPostsQueryType): Promise<PostPageType> {
  if (query.published === false) {
    if (!caller) throw draftsNeedToken()
    return page(deps, { published: false, authorId: caller.id }, query)
  }
  return page(deps, { published: true }, query)
}

/**
 * A page of one user's posts, newest first: the published ones, or with `published=false` the
 * drafts, which only the user themself or an admin may list.
 * @throws AppError `token_missing` (401) anonymous caller asking for drafts, `not_found` (404) no
 *   such user, `forbidden` (403) drafts of someone else asked by a non-admin
 */
export async function listUserPosts(deps: PostDeps, caller: Principal | null, userId: number, query: ListUserPostsQueryType): Promise<PostPageType> {
  const drafts = query.published === false
  if (drafts && !caller) throw draftsNeedToken()
  if (!(await repo.userExists(deps.db, userId))) throw new AppError('not_found', 'No such user')
  if (drafts && caller!.id !== userId && !isAdmin(caller)) throw new AppError('forbidden', 'Only the user themself or an admin may list their drafts')
  return page(deps, { published: !drafts, authorId: userId }, query)
}

/**
 * One post. A draft exists only for its author and admins; everyone else gets 404.
 * @throws AppError `not_found`
 */
export async function getPost(deps: PostDeps, caller: Principal | null, id: number): Promise<Post> {
  const row = await repo.findPostById(deps.db, id)
  if (!row || !isVisible(caller, row)) throw notFound()
  return toPost(row)
}

/**
 * Creates a post whose author is the caller; `published` defaults to `false` (a draft).
 * @param onCommit runs in the insert's transaction (the idempotency record is stored there)
 * @returns the stored post
 */
export async function createPost(deps: PostDeps, caller: Principal, sent: CreatePostInput, onCommit?: (trx: Db, post: Post) => Promise<void>): Promise<Post> {
  const input = trimLines(sent, SINGLE_LINE)
  const now = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertPost(trx, {
      author_id: caller.id,
      title: input.title,
      content: input.content,
      published: input.published === true ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    const row = await repo.findPostById(trx, id)
    if (!row) throw notFound()
    const post = toPost(row)
    await onCommit?.(trx, post)
    return post
  })
}

/**
 * Applies changes to a post as its author, under the `If-Match` precondition, in one transaction
 * that holds the post's row lock from the check to the write: of N writers sending one ETag,
 * exactly one wins and the others see the new version (412). Order of checks:
 * existence/visibility (404), authorship (403), precondition (412) — a post deleted meanwhile is
 * 404, not 412 (RFC 9110 §13.2.1: without the precondition the answer would not be 2xx).
 * @throws AppError `not_found`, `forbidden` (not the author: admins may delete, not edit),
 *   `precondition_failed`
 */
async function changePost(deps: PostDeps, caller: Principal, id: number, ifMatch: string | undefined, changes: { title?: string; content?: string; published?: boolean }): Promise<Post> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await repo.lockPost(trx, id)
    if (!current || !isVisible(caller, current)) throw notFound()
    if (current.author_id !== caller.id) throw new AppError('forbidden', 'Only the author may edit a post')
    assertIfMatch(ifMatch, toPost(current))
    const update: Parameters<typeof repo.updatePost>[2] = {}
    if (changes.title !== undefined) update.title = changes.title
    if (changes.content !== undefined) update.content = changes.content
    if (changes.published !== undefined) update.published = changes.published ? 1 : 0
    // An empty merge patch is a valid no-op (RFC 7396): nothing changes, not even updated_at.
    if (Object.keys(update).length === 0) return toPost(current)
    update.updated_at = iso(deps.clock.now())
    if (!(await repo.updatePost(trx, id, update))) throw notFound()
    const row = await repo.findPostById(trx, id)
    if (!row) throw notFound()
    return toPost(row)
  })
}

/**
 * Full replacement (PUT) of title, content and published, by the author.
 * @throws AppError `not_found`, `forbidden`, `precondition_failed`
 */
export function replacePost(deps: PostDeps, caller: Principal, id: number, input: ReplacePostInput, ifMatch?: string): Promise<Post> {
  const { title, content, published } = trimLines(input, SINGLE_LINE)
  return changePost(deps, caller, id, ifMatch, { title, content, published })
}

/**
 * Partial update (PATCH, JSON Merge Patch) by the author.
 * @throws AppError `not_found`, `forbidden`, `precondition_failed`
 * @see RFC 7396
 */
export function patchPost(deps: PostDeps, caller: Principal, id: number, patch: PatchPostInput, ifMatch?: string): Promise<Post> {
  return changePost(deps, caller, id, ifMatch, trimLines(patch, SINGLE_LINE))
}

/**
 * Deletes a post: its author or an admin, under the `If-Match` precondition, checked and applied
 * under the post's row lock (see {@link changePost}).
 * @throws AppError `not_found` (also someone else's draft, to a non-admin), `forbidden`, `precondition_failed`
 */
export async function deletePost(deps: PostDeps, caller: Principal, id: number, ifMatch?: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const current = await repo.lockPost(trx, id)
    if (!current || !isVisible(caller, current)) throw notFound()
    if (current.author_id !== caller.id && !isAdmin(caller)) throw new AppError('forbidden', 'Only the author or an admin may delete a post')
    assertIfMatch(ifMatch, toPost(current))
    await repo.deletePost(trx, id)
  })
}
