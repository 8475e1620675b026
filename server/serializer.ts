import type { FastifySerializerCompiler } from 'fastify'
import type { $ZodType } from 'zod/v4/core'
import fastJson from 'fast-json-stringify'
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod'
import { $ZodRegistry, toJSONSchema } from 'zod/v4/core'

// Responses are serialised from their JSON Schema by fast-json-stringify, as Fastify does for
// its own schemas, instead of parsing the whole response with zod on every request and then
// calling JSON.stringify (issue #18: the diagnosis response, 17 results with their reasons,
// spent more in that check than in the engine). Each zod response schema is converted once,
// when the route is compiled. The output is the same bytes for every response the schema
// allows; a field the schema does not declare is dropped, as zod's default objects drop it.
//
// Only schemas that JSON Schema states exactly and fast-json-stringify writes without choosing
// are converted: objects, arrays, records, strings, numbers, booleans, null, enums and literals,
// optional and nullable. Anything else (transforms and pipes, defaults, dates, unions, lazy
// schemas, trimming or case-changing checks, which change the value) keeps the zod serializer
// for that response: there zod's output is not the input, and only zod knows it.

type Serialize = (data: unknown) => string

/** zod types whose output is their input (given that it is valid), and that JSON Schema states. */
const PLAIN_TYPES = new Set(['object', 'array', 'record', 'string', 'number', 'int', 'boolean', 'null', 'enum', 'literal', 'optional', 'nullable', 'unknown', 'any'])

interface ZodDef {
  type: string
  checks?: { _zod: { def: { check: string } } }[]
  shape?: Record<string, $ZodType>
  catchall?: $ZodType
  element?: $ZodType
  innerType?: $ZodType
  keyType?: $ZodType
  valueType?: $ZodType
}

/** Whether zod's output of `schema` is always its (valid) input, all the way down. */
export function isPlainSchema(schema: $ZodType, ancestors = new Set<$ZodType>()): boolean {
  if (ancestors.has(schema))
    return false // recursive: left to zod
  const def = schema._zod.def as unknown as ZodDef
  if (!PLAIN_TYPES.has(def.type))
    return false
  // .trim(), .toLowerCase() and the like are "overwrite" checks: they change the value.
  if (def.checks?.some(check => check._zod.def.check === 'overwrite'))
    return false
  const children = [
    ...Object.values(def.shape ?? {}),
    def.catchall,
    def.element,
    def.innerType,
    def.keyType,
    def.valueType,
  ].filter((child): child is $ZodType => child !== undefined)
  ancestors.add(schema)
  const plain = children.every(child => isPlainSchema(child, ancestors))
  ancestors.delete(schema)
  return plain
}

type JsonSchema = Record<string, unknown>

/** JSON Schema keywords fast-json-stringify writes by, or that only constrain valid values. */
const KNOWN_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'enum',
  'const',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'description',
  'title',
  'examples',
  'deprecated',
])

/**
 * `X or null` as a type list (`type: ['string', 'null']`), which fast-json-stringify writes
 * directly, where zod writes `anyOf` (which it would resolve by validating each value).
 * Null when the schema uses a keyword this module does not know.
 */
function normalise(schema: JsonSchema): JsonSchema | null {
  const anyOf = schema.anyOf as JsonSchema[] | undefined
  if (anyOf) {
    const others = Object.keys(schema).filter(key => key !== 'anyOf' && key !== 'description' && key !== 'title')
    const nonNull = anyOf.filter(branch => !(Object.keys(branch).length === 1 && branch.type === 'null'))
    if (others.length > 0 || anyOf.length !== 2 || nonNull.length !== 1 || typeof nonNull[0]!.type !== 'string')
      return null
    const inner = normalise(nonNull[0]!)
    return inner && { ...inner, type: [inner.type, 'null'] }
  }
  const out: JsonSchema = {}
  for (const [key, value] of Object.entries(schema)) {
    if (!KNOWN_KEYWORDS.has(key))
      return null
    if (key === 'properties') {
      const properties: Record<string, JsonSchema> = {}
      for (const [name, property] of Object.entries(value as Record<string, JsonSchema>)) {
        const normalised = normalise(property)
        if (!normalised)
          return null
        properties[name] = normalised
      }
      out.properties = properties
    }
    else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object' && value !== null) {
      if (Array.isArray(value))
        return null
      const normalised = normalise(value as JsonSchema)
      if (!normalised)
        return null
      out[key] = normalised
    }
    else {
      out[key] = value
    }
  }
  return out
}

/** The JSON Schema fast-json-stringify is compiled from, or null where zod must serialise. */
export function responseJsonSchema(schema: $ZodType): JsonSchema | null {
  if (!isPlainSchema(schema))
    return null
  let converted: JsonSchema
  try {
    converted = toJSONSchema(schema, {
      target: 'draft-7',
      io: 'output',
      // No $ref: ids registered for the OpenAPI document would become references.
      metadata: new $ZodRegistry(),
      reused: 'inline',
      cycles: 'throw',
      unrepresentable: 'throw',
    }) as JsonSchema
  }
  catch {
    return null
  }
  const { $schema: _draft, ...rest } = converted
  return normalise(rest)
}

function zodSchemaOf(schema: unknown): $ZodType | null {
  if (typeof schema === 'object' && schema !== null && '_zod' in schema)
    return schema as $ZodType
  const properties = (schema as { properties?: unknown } | null)?.properties
  if (typeof properties === 'object' && properties !== null && '_zod' in properties)
    return properties as $ZodType
  return null
}

/**
 * Fastify's serializer compiler: fast-json-stringify from the zod schema where the schema is
 * plain (see above), the type provider's zod serializer otherwise.
 */
export const serializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const zodSchema = zodSchemaOf(route.schema)
  const jsonSchema = zodSchema && responseJsonSchema(zodSchema)
  if (!jsonSchema)
    return zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0])
  const stringify: Serialize = fastJson(jsonSchema)
  return stringify
}

/**
 * What a response of `schema` is written with, for a route that writes part of its answer
 * itself (routes/diagnosis/answer.ts): the same function, so the same bytes, as the route's own.
 */
export function serializerOf(schema: $ZodType): Serialize {
  return serializerCompiler({ schema, method: 'GET', url: '', httpStatus: '200' }) as Serialize
}
