import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import fc from 'fast-check'
import { PROBLEMS } from '../src/errors.ts'
import { passwordWeakness } from '../src/modules/auth/passwords.ts'
import { PASSWORD_PATTERN } from '../src/shared/password-rule.ts'
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

interface FullOperation extends Operation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: { default?: unknown; enum?: string[]; pattern?: string } }>
  requestBody?: { content: Record<string, { schema: { $ref?: string; properties?: Record<string, { pattern?: string }> } }> }
}

async function operations() {
  const doc = (await document()) as unknown as { paths: Record<string, Record<string, FullOperation>>; components: { headers: Record<string, unknown> } }
  return { doc, all: Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, path, method, op }))) }
}

test('every error response is application/problem+json with an example of its own status; every response has a real description', async () => {
  const { all } = await operations()
  for (const { where, op } of all) {
    for (const [status, response] of Object.entries(op.responses) as Array<[string, { description: string; content?: Record<string, { examples?: Record<string, { value: { status: number; code: string } }> }> }]>) {
      assert.notEqual(response.description, 'Default Response', `${where} ${status}`)
      if (Number(status) < 400) continue
      assert.deepEqual(Object.keys(response.content ?? {}), ['application/problem+json'], `${where} ${status}`)
      const examples = Object.values(response.content!['application/problem+json']!.examples ?? {})
      assert.equal(examples.length, 1, `${where} ${status} has no example`)
      assert.equal(examples[0]!.value.status, Number(status), `${where} ${status}: the example is of another status`)
      assert.equal(PROBLEMS[examples[0]!.value.code as keyof typeof PROBLEMS].status, Number(status))
    }
  }
})

test('X-Request-ID is declared on every response; the rate-limit fields on every one a route answers', async () => {
  const { all, doc } = await operations()
  assert.ok(doc.components.headers.XRequestID)
  for (const { where, op } of all) {
    for (const [status, response] of Object.entries(op.responses) as Array<[string, { headers?: Record<string, { $ref?: string }> }]>) {
      assert.equal(response.headers?.['X-Request-ID']?.$ref, '#/components/headers/XRequestID', `${where} ${status}`)
      assert.ok(response.headers?.['RateLimit-Remaining'], `${where} ${status}`)
    }
  }
})

test('query parameters with a default are optional; security follows the route config', async () => {
  const { all } = await operations()
  for (const { where, op } of all) {
    for (const parameter of op.parameters ?? []) {
      if (parameter.schema.default !== undefined) assert.notEqual(parameter.required, true, `${where}: ${parameter.name} has a default but is required`)
    }
  }
  const byWhere = new Map(all.map((o) => [o.where, o.op]))
  assert.equal(byWhere.get('GET /api/v1/books')!.parameters!.find((p) => p.name === 'page')!.required, false)
  assert.deepEqual(byWhere.get('GET /api/v1/users/{id}')!.security, [{}, { bearerAuth: [] }])
  assert.deepEqual(byWhere.get('GET /api/v1/books/{id}')!.security, [{}, { bearerAuth: [] }])
  assert.deepEqual(byWhere.get('GET /api/v1/auth/me')!.security, [{ bearerAuth: [] }])
  assert.equal(byWhere.get('GET /health')!.security, undefined)
  assert.deepEqual(byWhere.get('GET /api/books')!.parameters!.find((p) => p.name === 'x-api-version')!.schema.enum, ['1', '2'])
})

test('the documented password pattern is the rule the service applies', async () => {
  const { all } = await operations()
  const register = all.find((o) => o.where === 'POST /api/v1/auth/register')!.op
  const schema = register.requestBody!.content['application/json']!.schema
  assert.equal(schema.properties!.password!.pattern, PASSWORD_PATTERN)
  const documented = new RegExp(PASSWORD_PATTERN, 'u')
  const samples = ['Sup3r-Secret!', 'short1!A', 'Short1!', 'alllowercase1!', 'ALLUPPER1!', 'NoDigits!!', 'NoSymbol12', 'Ünïcode1a!', 'Aa1!\n\n\n\n', `Aa1!${'x'.repeat(124)}`, `Aa1!${'x'.repeat(125)}`, `Aa1!${'😀'.repeat(124)}`, `Aa1!${'😀'.repeat(125)}`]
  for (const sample of samples) assert.equal(documented.test(sample), passwordWeakness(sample) === undefined, JSON.stringify(sample))
  fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 140 }), (s) => documented.test(s) === (passwordWeakness(s) === undefined)))
})
