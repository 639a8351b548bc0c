// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { setPageLinks } from '../../src/shared/http.ts'

function linksOf(url: string, page: number, totalPages: number): Record<string, string> {
  let header = ''
  const reply = { header: (_name: string, value: string) => void (header = value) } as unknown as FastifyReply
  // What validation leaves: the route's path and the parsed query (the unit under test re-encodes it).
  const [path, search = ''] = url.split('?') as [string, string?]
  const request = { url, routeOptions: { url: path }, params: {}, query: Object.fromEntries(new URLSearchParams(search)) }
  setPageLinks(request as unknown as FastifyRequest, reply, page, totalPages)
  return Object.fromEntries(header.split(', ').map((part) => {
    const [, target, rel] = /^<([^>]*)>; rel="(\w+)"$/.exec(part)!
    return [rel!, target!]
  }))
}

test('page is replaced where the client put it; the other parameters stay as sent', () => {
  assert.deepEqual(linksOf('/api/v1/books?author=Le%20Guin&page=2&per_page=5', 2, 4), {
    first: '/api/v1/books?author=Le%20Guin&page=1&per_page=5',
    prev: '/api/v1/books?author=Le%20Guin&page=1&per_page=5',
    next: '/api/v1/books?author=Le%20Guin&page=3&per_page=5',
    last: '/api/v1/books?author=Le%20Guin&page=4&per_page=5',
  })
})

test('without a page parameter (page 1 by default) one is appended; without a query, one is made', () => {
  assert.deepEqual(linksOf('/api/v1/books?per_page=10', 1, 3), { first: '/api/v1/books?per_page=10&page=1', next: '/api/v1/books?per_page=10&page=2', last: '/api/v1/books?per_page=10&page=3' })
  assert.deepEqual(linksOf('/api/v1/books', 1, 1), { first: '/api/v1/books?page=1', last: '/api/v1/books?page=1' })
})

test('a name like x_page is not page; a percent-encoded page is', () => {
  assert.equal(linksOf('/api/v1/books?x_page=9', 1, 2).next, '/api/v1/books?x_page=9&page=2')
  assert.equal(linksOf('/api/v1/books?pag%65=2&per_page=5', 2, 3).next, '/api/v1/books?page=3&per_page=5')
})

test('past the last page: prev points at the last page, not beyond', () => {
  assert.deepEqual(linksOf('/api/v1/books?page=9', 9, 3), { first: '/api/v1/books?page=1', prev: '/api/v1/books?page=3', last: '/api/v1/books?page=3' })
})

test('values are re-encoded: a query cannot add link relations or targets', () => {
  const evil = 'a>;rel="x",<https://evil.example/>;rel="next'
  let header = ''
  const reply = { header: (_name: string, value: string) => void (header = value) } as unknown as FastifyReply
  const request = { routeOptions: { url: '/api/v1/users/:id/posts' }, params: { id: 7 }, query: { author: evil, 'x>': ['1', '2'], page: 2, per_page: 5 } }
  setPageLinks(request as unknown as FastifyRequest, reply, 2, 3)
  const parts = header.split(', ')
  assert.deepEqual(parts.map((p) => /^<[^<>"\s]*>; rel="(\w+)"$/.exec(p)?.[1]), ['first', 'prev', 'next', 'last'])
  assert.equal(parts[2], `</api/v1/users/7/posts?author=${encodeURIComponent(evil)}&x%3E=1&x%3E=2&page=3&per_page=5>; rel="next"`)
  assert.doesNotMatch(header, /evil\.example\/>/)
})
