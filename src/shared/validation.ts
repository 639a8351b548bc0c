import Ajv, { type AnySchema } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'

const BASE = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false } as const

/**
 * Fastify's validator compiler with two Ajv instances: query strings, path parameters and
 * headers are coerced from text (`?page=2` is the integer 2), JSON bodies are not (`"title": 5`
 * is a 422, never silently turned into `"5"`). Unknown fields are never removed: schemas say
 * `additionalProperties: false`, so they are rejected.
 * @param shared schemas with `$id` that routes reference with `$ref`
 * @see https://fastify.dev/docs/latest/Reference/Validation-and-Serialization/
 */
export function createValidatorCompiler(shared: AnySchema[]): FastifySchemaCompiler<AnySchema> {
  const make = (coerceTypes: false | 'array') => {
    const ajv = new Ajv.default({ ...BASE, coerceTypes })
    addFormats.default(ajv)
    for (const schema of shared) ajv.addSchema(schema)
    return ajv
  }
  const strict = make(false)
  const coercing = make('array')
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema)
}
