import assert from 'node:assert/strict'
import type { TestContext, TestUser } from '../helper.ts'

/** A post as the API serves it. */
export interface PostBody {
  id: number
  title: string
  content: string
  published: boolean
  author: { id: number; username: string }
  created_at: string
  updated_at: string
}

let counter = 0

/** Creates a post through the API as `user` and returns it (asserts 201). Titles are unique per call. */
export async function makePost(t: TestContext, user: TestUser, fields: Record<string, unknown> = {}): Promise<PostBody> {
  counter += 1
  const response = await t.inject({
    method: 'POST',
    url: '/api/v1/posts',
    headers: user.auth,
    payload: { title: `Post number ${counter}`, content: `Content of post ${counter}`, ...fields },
  })
  assert.equal(response.statusCode, 201, response.body)
  return response.json()
}


/** The `rel` → URL map of an RFC 8288 `Link` header. */
export function parseLinks(header: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of String(header ?? '').split(',')) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim())
    if (match) out[match[2]!] = match[1]!
  }
  return out
}
export { assertProblem } from '../helper.ts'
