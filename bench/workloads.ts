/**
 * The five workloads as autocannon options. Every connection gets its own request sequence,
 * prebuilt from a seeded generator (no per-request work in the load generator beyond W4's
 * return path), so the API and the raw baseline receive the same requests in the same order.
 */
import type { Client, Options, Request } from 'autocannon'

/** A benchmark account and its access token. */
export interface BenchUser {
  username: string
  password: string
  token: string
}

/** What the workloads need from the setup. */
export interface WorkloadContext {
  /** ids of the catalog's books */
  bookIds: number[]
  /** ids of books with a free copy, for W4 (each connection borrows its own) */
  borrowable: number[]
  librarian: BenchUser
  members: BenchUser[]
}

/** The workloads of the benchmark issue. */
export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4' | 'W5'

/** What each workload does, for the report. */
export const WORKLOAD_TITLES: Record<WorkloadId, string> = {
  W1: 'GET /api/v1/books?page=<1..500>&per_page=20, anonymous',
  W2: 'GET /api/v1/books/<random id>, member token',
  W3: 'POST /api/v1/books as a librarian',
  W4: 'POST /api/v1/loans then POST /api/v1/loans/{id}/return, members',
  W5: 'POST /api/v1/auth/login',
}

/** Requests per connection before its sequence repeats (W1, W2), at up to 50 connections. */
const SEQUENCE = 1000

/**
 * The requests of all connections' W1/W2 sequences together. autocannon builds a buffer for every
 * request of a sequence when its connection starts, on the load generator's core and within the
 * measured time: the overload section's 1,000 connections with 1,000 requests each kept it busy
 * for seconds while the server idled. Past 50 connections the sequences get shorter.
 */
const SEQUENCE_REQUESTS = 50 * SEQUENCE
const PAGES = 500

/** Requests per connection's sequence at this many connections. */
const sequenceLength = (connections: number) => Math.max(20, Math.min(SEQUENCE, Math.round(SEQUENCE_REQUESTS / connections)))

/** mulberry32: a small seeded PRNG, so every run sends the same sequences. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T
}

const json = { 'content-type': 'application/json' }

/** The request sequence of connection `c`. */
function sequence(workload: WorkloadId, c: number, ctx: WorkloadContext, connections: number): Request[] {
  const random = prng(c * 7919 + workload.charCodeAt(1))
  const length = sequenceLength(connections)
  const member = ctx.members[c % ctx.members.length] as BenchUser
  switch (workload) {
    case 'W1':
      return Array.from({ length }, () => ({ method: 'GET', path: `/api/v1/books?page=${1 + Math.floor(random() * PAGES)}&per_page=20` }))
    case 'W2': {
      const headers = { authorization: `Bearer ${member.token}` }
      return Array.from({ length }, () => ({ method: 'GET', path: `/api/v1/books/${pick(ctx.bookIds, random)}`, headers }))
    }
    case 'W3': {
      const headers = { authorization: `Bearer ${ctx.librarian.token}`, ...json }
      return Array.from({ length: 100 }, (_, k) => ({
        method: 'POST',
        path: '/api/v1/books',
        headers,
        body: JSON.stringify({ title: `Benchmark book ${c}-${k}`, author: `Bench Author ${k % 37}`, publication_year: 1900 + (k % 120), language: 'en', genres: ['benchmark'], copies_total: 3 }),
      }))
    }
    case 'W4': {
      // Ten books of this connection's own (no two connections compete for a copy); each borrow is
      // returned at once, so a member never nears the loan limit.
      const auth = { authorization: `Bearer ${member.token}` }
      const out: Request[] = []
      for (let j = 0; j < 10; j++) {
        const bookId = ctx.borrowable[(c * 10 + j) % ctx.borrowable.length] as number
        out.push({
          method: 'POST',
          path: '/api/v1/loans',
          headers: { ...auth, ...json },
          body: JSON.stringify({ book_id: bookId }),
          onResponse: (status, body, context) => {
            context.loan = status === 201 ? (JSON.parse(body) as { id: number }).id : undefined
          },
        })
        out.push({
          method: 'POST',
          path: '/api/v1/loans/0/return',
          headers: auth,
          // no loan to return (the borrow failed): start the sequence again
          setupRequest: (request, context) => (typeof context.loan === 'number' ? { ...request, path: `/api/v1/loans/${context.loan}/return` } : null),
        })
      }
      return out
    }
    case 'W5':
      return [{ method: 'POST', path: '/api/v1/auth/login', headers: json, body: JSON.stringify({ username: member.username, password: member.password }) }]
  }
}

/**
 * autocannon options for one workload against `url`.
 * @param connections concurrent connections (each with its own sequence and, for W2/W4/W5, member)
 * @param duration seconds
 */
export function workloadOptions(workload: WorkloadId, url: string, ctx: WorkloadContext, connections: number, duration: number): Options {
  return optionsOf(url, connections, duration, (c) => sequence(workload, c, ctx, connections))
}

/** Name fragments the catalog search asks for (each matches tens to hundreds of the 10,000 books' authors). */
const AUTHOR_FRAGMENTS = ['smith', 'king', 'brown', 'martin', 'james', 'john', 'mary', 'lee', 'anne', 'george', 'robert', 'william', 'david', 'scott', 'miller', 'jones', 'wilson', 'taylor', 'moore', 'clark']

/** What the catalog search sends (the overload section's request). */
export const SEARCH_REQUEST = 'GET /api/v1/books?author=<name fragment>&per_page=20, anonymous'

/**
 * autocannon options for the catalog search: an author substring, which the database answers by
 * reading the whole table (1.5–2.5 ms of the server per request, 20–40× a 503).
 * @param duration seconds
 */
export function searchOptions(url: string, connections: number, duration: number): Options {
  const length = sequenceLength(connections)
  return optionsOf(url, connections, duration, (c) => {
    const random = prng(c * 7919 + 83)
    return Array.from({ length }, () => ({ method: 'GET', path: `/api/v1/books?author=${pick(AUTHOR_FRAGMENTS, random)}&per_page=20` }))
  })
}

function optionsOf(url: string, connections: number, duration: number, sequenceOf: (connection: number) => Request[]): Options {
  let next = 0
  // autocannon builds a first request from the options before setupClient replaces the sequence
  const { method, path, headers, body } = sequenceOf(0)[0] as Request
  return {
    url,
    connections,
    duration,
    timeout: 20,
    requests: [{ method, path, headers, ...(body === undefined ? {} : { body }) }],
    setupClient: (client: Client) => client.setRequests(sequenceOf(next++)),
  }
}
