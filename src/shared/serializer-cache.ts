import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import { schemaDigest as digest } from './schema-digest.ts'

type SerializerFactory = ReturnType<typeof SerializerSelector>
type Serializer = (data: unknown) => string

const buildDefault: SerializerFactory = SerializerSelector()
/** Serializers by (external schemas, options, response schema): shared by every app of the process. */
const serializers = new Map<string, Serializer>()

/**
 * Fastify's `schemaController.compilersFactory.buildSerializer`: the default fast-json-stringify
 * compiler, with each serializer compiled once per distinct schema. Every operation answers the
 * same Problem schema under a dozen statuses, and tests build hundreds of apps from the same
 * schemas: compiling each anew took most of an app's start (about 0.7 s of CPU). A serializer is
 * a pure function of its schema, the shared (`$id`) schemas and the options, which make the key.
 * @param externalSchemas the schemas added with `addSchema`, by `$id`
 * @param serializerOpts fast-json-stringify options (`serializerOpts` of the Fastify factory)
 * @returns the per-route compiler Fastify calls with `{schema, method, url, httpStatus}`
 * @see https://fastify.dev/docs/latest/Reference/Server/#schemacontroller, https://github.com/fastify/fast-json-stringify-compiler
 */
export function cachedSerializerFactory(externalSchemas: unknown, serializerOpts: unknown) {
  const compile = buildDefault(externalSchemas as never, serializerOpts as never) as (route: { schema?: unknown }) => Serializer
  const context = digest({ externalSchemas, serializerOpts })
  return (route: { schema?: unknown }): Serializer => {
    const key = `${context}:${digest(route.schema)}`
    let serializer = serializers.get(key)
    if (!serializer) {
      serializer = compile(route)
      serializers.set(key, serializer)
    }
    return serializer
  }
}
