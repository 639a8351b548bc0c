import { fileURLToPath } from 'node:url'
import openapiTS, { astToString, type OpenAPI3, type OperationObject, type ParameterObject, type PathItemObject } from 'openapi-typescript'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'

/** Where the generated types of the TypeScript client live, relative to the repository root. */
export const CLIENT_SCHEMA_PATH = 'clients/typescript/src/schema.d.ts'
/** Where the generated run-time facts of the client (the idempotent creates) live, relative to the repository root. */
export const CLIENT_OPERATIONS_PATH = 'clients/typescript/src/operations.ts'

/** The absolute path of a path given from the repository root (whatever the working directory). */
export const fromRepositoryRoot = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url))

const header = (what: string) => `/**
 * ${what}
 * Generated from the OpenAPI document the app serves (GET /openapi.json). Do not edit: regenerate
 * with \`npm run client:generate\` at the repository root (test/client/schema-drift.test.ts fails
 * while this file is stale).
 */
`

/**
 * The OpenAPI 3.1 document the app serves, from an app built on a fixed, environment-free config
 * (in-memory SQLite, no workers, no catalog import, every other key at its default) so that the
 * output depends on the code alone. Never listens.
 * @see https://github.com/fastify/fastify-swagger#usage (`app.swagger()`)
 */
export async function servedDocument(): Promise<OpenAPI3> {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'client-generate-client-generate-0123456789',
    LOG_LEVEL: 'silent',
    IMPORT_ON_START: 'false',
    TASK_WORKERS: 'false',
  })
  const app = await buildApp({ ...config, database: { dialect: 'sqlite', path: ':memory:' } }, { logger: false })
  try {
    await app.ready()
    return structuredClone(app.swagger()) as unknown as OpenAPI3
  } finally {
    await app.close()
  }
}

/** Path templates of the POST operations that declare an `Idempotency-Key` header, sorted. */
function idempotentCreates(document: OpenAPI3): string[] {
  return Object.entries(document.paths ?? {})
    .filter(([, item]) => {
      // @fastify/swagger writes operations and parameters inline (no `$ref`).
      const parameters = ((item as PathItemObject).post as OperationObject | undefined)?.parameters as ParameterObject[] | undefined
      return (parameters ?? []).some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')
    })
    .map(([path]) => path)
    .sort()
}

/**
 * The generated files of the TypeScript client for the current code, keyed by their path from the
 * repository root: `schema.d.ts` (the served document turned into types by openapi-typescript's
 * Node API, `openapiTS` + `astToString`) and `operations.ts` (the POST paths that take an
 * `Idempotency-Key`, which the client sends on every such create so that a retry is safe).
 * @see https://openapi-ts.dev/node
 */
export async function renderClientFiles(): Promise<Record<string, string>> {
  const document = await servedDocument()
  const types = astToString(await openapiTS(structuredClone(document), { silent: true }))
  const creates = idempotentCreates(document).map((path) => `  '${path}',\n`).join('')
  return {
    [CLIENT_SCHEMA_PATH]: `${header('Types of the Library API, by openapi-typescript.')}\n${types}`,
    [CLIENT_OPERATIONS_PATH]:
      `${header('What the client must know at run time about the operations.')}\n` +
      '/** POST operations (path templates) that accept `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header). */\n' +
      `export const IDEMPOTENT_CREATES: ReadonlySet<string> = new Set([\n${creates}])\n`,
  }
}
