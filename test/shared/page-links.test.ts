import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { setPageLinks } from '../../src/shared/http.ts'

function linksOf(url: string, page: number, totalPages: number): Record<string, string> {
  let header = ''
  const reply = { header: (_name: string, value: string) => void (header = value) } as unknown as FastifyReply
  setPageLinks({ url } as FastifyRequest, reply, page, totalPages)
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
