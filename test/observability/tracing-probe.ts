// Run by tracing.test.ts in a process of its own: builds an app with tracing off, serves a
// request, and prints which OpenTelemetry SDK modules were loaded; then the same with an OTLP
// endpoint set (the control that shows the check sees them when they are loaded).
import { rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../src/app.ts'
import { testConfig } from '../helper.ts'

const require = createRequire(import.meta.url)
/** The SDK, exporter and instrumentation packages; `@opentelemetry/api` (prom-client's own dependency, a no-op until an SDK is installed) is not among them. */
const SDK = /node_modules\/(@opentelemetry\/(?!api\/)[^/]+|@fastify\/otel)\//
const loaded = () => [...new Set(Object.keys(require.cache).flatMap((path) => SDK.exec(path)?.[1] ?? []))].sort()

async function probe(env: Record<string, string>): Promise<string[]> {
  const file = join(tmpdir(), `library-tracing-probe-${process.pid}-${Date.now()}.db`)
  const app = await buildApp(testConfig({ DATABASE_URL: `sqlite:${file}`, ...env }), { logger: false })
  const response = await app.inject({ method: 'GET', url: '/api/v1/books' })
  if (response.statusCode !== 200) throw new Error(`GET /api/v1/books: ${response.statusCode}`)
  const modules = loaded()
  await app.close()
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  return modules
}

const off = await probe({})
// Port 9 (discard) on the loopback: an export attempt at close fails at once, which is fine here.
const on = await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })
process.stdout.write(JSON.stringify({ off, on }) + '\n')
