import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { PROBLEMS } from '../src/errors.ts'
import { buildTestApp, TEST_REDIS, type TestContext } from './helper.ts'

let t: TestContext
before(async () => {
  t = await buildTestApp()
})
after(async () => t.close())

interface Operation {
  operationId?: string
  tags?: string[]
  summary?: string
  security?: unknown[]
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>
}

async function document() {
  const response = await t.inject({ method: 'GET', url: '/openapi.json' })
  assert.equal(response.statusCode, 200)
  return response.json() as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }>; securitySchemes: Record<string, unknown> } }
}

test('the document is OpenAPI 3.1 with the bearer security schemes and the browser-mode refresh cookie', async () => {
  const doc = await document()
  assert.equal(doc.openapi, '3.1.0')
  assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['bearerAuth', 'metricsToken', 'refreshCookie', 'refreshToken'])
})

test('every problem code of the catalog is in the Problem schema', async () => {
  const doc = await document()
  assert.deepEqual(doc.components.schemas.Problem!.properties!.code!.enum!.sort(), Object.keys(PROBLEMS).sort())
})

test('every operation has an operationId, tags, a summary and documented error responses', async () => {
  const doc = await document()
  const ids = new Set<string>()
  let operations = 0
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      operations++
      const where = `${method.toUpperCase()} ${path}`
      assert.ok(op.operationId, `${where} has no operationId`)
      assert.ok(!ids.has(op.operationId!), `${where}: duplicate operationId`)
      ids.add(op.operationId!)
      assert.ok(op.tags?.length, `${where} has no tags`)
      assert.ok(op.summary, `${where} has no summary`)
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400) {
          const schema = Object.values(response.content ?? {})[0]?.schema
          assert.equal(schema?.$ref, '#/components/schemas/Problem', `${where} ${status} is not a Problem`)
        }
      }
      if (path.startsWith('/api/') && op.security) assert.ok(op.responses['401'], `${where} is secured but documents no 401`)
    }
  }
  assert.ok(operations >= 20, `only ${operations} operations`)
})

test('Swagger UI is served from the package at /docs with a CSP', async () => {
  const page = await t.inject({ method: 'GET', url: '/docs/' })
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /swagger/i)
  assert.ok(page.headers['content-security-policy'])
  assert.doesNotMatch(page.body, /cdn|unpkg|jsdelivr/i)
})

test('health and readiness', async () => {
  const health = await t.inject({ method: 'GET', url: '/health' })
  assert.deepEqual(health.json(), { status: 'ok' })
  const ready = await t.inject({ method: 'GET', url: '/health/ready' })
  assert.equal(ready.statusCode, 200)
  assert.deepEqual(ready.json(), { status: 'ok', checks: TEST_REDIS ? { database: 'ok', redis: 'ok' } : { database: 'ok' } })
})

test('readiness is 503 naming the database when it is gone', async () => {
  const broken = await buildTestApp()
  await broken.database.close()
  const ready = await broken.app.inject({ method: 'GET', url: '/health/ready' })
  assert.equal(ready.statusCode, 503)
  assert.equal(ready.json().code, 'unavailable')
  assert.equal(ready.json().checks.database, 'failed')
  await broken.close()
})

test('hardened headers on API responses', async () => {
  const response = await t.inject({ method: 'GET', url: '/api/v1/books' })
  assert.equal(response.headers['x-content-type-options'], 'nosniff')
  assert.equal(response.headers['x-frame-options'], 'DENY')
  assert.match(String(response.headers['content-security-policy']), /default-src 'none'/)
  assert.equal(response.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP')
})
