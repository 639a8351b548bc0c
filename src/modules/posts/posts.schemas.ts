import { type Static, Type } from 'typebox'
import { OffsetPage, OffsetPageQuery, ref, Timestamp } from '../../shared/schemas.ts'
import { visibleText } from '../../shared/validation.ts'

const PUBLISHED = '`true`: visible to everyone; `false`: a draft only its author (and an admin) can see'

const fields = {
  title: Type.String({
    minLength: 5,
    maxLength: 200,
    pattern: visibleText(5),
    description: '5–200 characters, at least 5 once leading and trailing white space is trimmed (it is stored trimmed, otherwise exactly as sent), not only white space, control or format characters',
    examples: ['New arrivals this week'],
  }),
  content: Type.String({ minLength: 1, maxLength: 20_000, description: '1–20,000 characters', examples: ['Twelve new titles are on the shelves, among them…'] }),
  published: Type.Boolean({ description: PUBLISHED, examples: [true] }),
}

/**
 * A post (news or review): `{id, title, content, published, author: {id, username}, created_at,
 * updated_at}`. The author is the user who created it, never a body field.
 * @see api-contract §6
 */
export const PostSchema = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    content: Type.String(),
    published: Type.Boolean({ description: '`false`: a draft, 404 to everyone but its author and admins' }),
    author: Type.Object({ id: Type.Integer(), username: Type.String() }, { additionalProperties: false, description: 'the user who wrote the post' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  {
    $id: 'Post',
    additionalProperties: false,
    examples: [
      {
        id: 12,
        title: 'New arrivals this week',
        content: 'Twelve new titles are on the shelves, among them a new edition of The Hobbit.',
        published: true,
        author: { id: 3, username: 'ada_l' },
        created_at: '2026-11-21T10:00:00.000Z',
        updated_at: '2026-11-21T10:00:00.000Z',
      },
    ],
  },
)
/** A post as served (the static type of {@link PostSchema}). */
export type Post = Static<typeof PostSchema>

/**
 * POST body: `title` (5–200), `content` (1–20,000), `published` (optional, default `false`: a new
 * post is a draft unless the author says otherwise). Any other member (`author`, `author_id`…)
 * is a 422.
 */
export const CreatePostBody = Type.Object(
  { title: fields.title, content: fields.content, published: Type.Optional(Type.Boolean({ description: `${PUBLISHED}. Default \`false\`: publishing is an explicit act.`, default: false })) },
  { additionalProperties: false },
)
/** The static type of {@link CreatePostBody}. */
export type CreatePostInput = Static<typeof CreatePostBody>

/** PUT body: the full replacement, every member required (a missing `published` never silently (un)publishes). */
export const ReplacePostBody = Type.Object(
  { title: fields.title, content: fields.content, published: fields.published },
  { additionalProperties: false },
)
/** The static type of {@link ReplacePostBody}. */
export type ReplacePostInput = Static<typeof ReplacePostBody>

/**
 * PATCH body (JSON Merge Patch, RFC 7396): the members present replace; none is nullable, so
 * `null` (remove) is a 422; `{}` changes nothing.
 */
export const PatchPostBody = Type.Object(
  { title: Type.Optional(fields.title), content: Type.Optional(fields.content), published: Type.Optional(fields.published) },
  { additionalProperties: false },
)
/** The static type of {@link PatchPostBody}. */
export type PatchPostInput = Static<typeof PatchPostBody>

const publishedFilter = (description: string) => Type.Optional(Type.Boolean({ description }))

/** Query of `GET /api/v1/posts`: offset pagination and `published` (default `true`). */
export const ListPostsQuery = Type.Object(
  {
    ...OffsetPageQuery,
    published: publishedFilter(
      '`true` (default): published posts of every author. `false`: the caller’s own drafts only (admins too see only their own here); needs an access token, else 401 `token_missing`.',
    ),
  },
  { additionalProperties: false },
)
/** The static type of {@link ListPostsQuery}. */
export type ListPostsQueryType = Static<typeof ListPostsQuery>

/** Query of `GET /api/v1/users/{id}/posts`: offset pagination and `published` (default `true`). */
export const ListUserPostsQuery = Type.Object(
  {
    ...OffsetPageQuery,
    published: publishedFilter(
      '`true` (default): the user’s published posts, to anyone. `false`: the user’s drafts only, to the user themself or an admin; anonymous → 401 `token_missing`, anyone else → 403 `forbidden`.',
    ),
  },
  { additionalProperties: false },
)
/** The static type of {@link ListUserPostsQuery}. */
export type ListUserPostsQueryType = Static<typeof ListUserPostsQuery>

/** A page of posts: `{items, page, per_page, total, total_pages}`. */
export const PostPage = OffsetPage(ref(PostSchema))
/** The static type of {@link PostPage}. */
export type PostPageType = Static<typeof PostPage>
