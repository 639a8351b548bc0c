import { Type } from 'typebox'
import { buildApp } from '../../src/app.ts'
import { AppError } from '../../src/errors.ts'
import { servesApiVersion, type VersionMode } from '../../src/plugins/versioning.ts'
import type { App } from '../../src/shared/app-types.ts'
import { IdParams } from '../../src/shared/schemas.ts'
import { testConfig } from '../helper.ts'
import { backendEnv } from './cache-helpers.ts'

/** What the probe routes do, changed by the tests between requests. */
export interface ProbeControl {
  /** handler executions so far */
  runs: number
  /** awaited by the handler before it answers (a slow query) */
  gate: () => Promise<void>
  /** the status the next executions answer (200, or 404 thrown as a problem) */
  status: 200 | 404
  /** the value the handler reads (the "database") */
  value: string
}

const ProbeQuery = Type.Object({ page: Type.Integer({ minimum: 1, default: 1 }), q: Type.Optional(Type.String()) }, { additionalProperties: false })
const ProbeBody = Type.Object({ id: Type.Integer(), version: Type.Union([Type.Integer(), Type.Null()]), value: Type.String(), page: Type.Integer(), run: Type.Integer() })

function probeRoutes(mode: VersionMode, control: ProbeControl, successor?: { from: string; to: string }) {
  return async function probe(app: App) {
    servesApiVersion(app, mode, successor ? { successor } : {})
    app.get('/:id', {
      schema: { params: IdParams, querystring: ProbeQuery, response: { 200: ProbeBody, 304: Type.Null() } },
      config: { cache: { ttl: 'item', references: ['probe:{id}'] } },
    }, async (request, reply) => {
      const run = ++control.runs
      // read the "database" first, then take time (a slow query): what a write can race
      const { value, status } = control
      await control.gate()
      if (status === 404) throw new AppError('not_found', 'No such probe')
      reply.header('cache-control', 'public, max-age=60').header('etag', `"${request.apiVersion}-${value}"`)
      return { id: request.params.id, version: request.apiVersion, value, page: request.query.page, run }
    })
  }
}

/**
 * The real app (in-memory SQLite, the suite's cache backend) plus cacheable probe routes whose
 * handler counts its executions and can be held: `/api/v1/probe/:id`, `/api/v2/probe/:id`, and
 * the version-negotiated `/api/probe/:id`.
 */
export async function buildProbeApp(overrides: Record<string, string> = {}): Promise<{ app: App; control: ProbeControl }> {
  const control: ProbeControl = { runs: 0, gate: async () => {}, status: 200, value: 'a' }
  const app = await buildApp(testConfig({ DATABASE_URL: 'sqlite::memory:', ...backendEnv('probe'), ...overrides }), { logger: false })
  await app.register(probeRoutes(1, control, { from: '/api/v1/probe', to: '/api/v2/probe' }), { prefix: '/api/v1/probe' })
  await app.register(probeRoutes(2, control), { prefix: '/api/v2/probe' })
  await app.register(probeRoutes('negotiated', control, { from: '/api/probe', to: '/api/v2/probe' }), { prefix: '/api/probe' })
  await app.ready()
  return { app, control }
}

/** A gate the test opens by hand: `wait` blocks every handler until `open()`. */
export function manualGate(): { wait: () => Promise<void>; open: () => void } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { wait: () => opened, open }
}
