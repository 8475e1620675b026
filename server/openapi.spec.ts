import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from './testing'

type TestApp = Awaited<ReturnType<typeof createTestApp>>
interface Operation { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }

const API_ERROR_REF = '#/components/schemas/ApiError'
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch'])

/** Every key of a JSON value, however deep: for keywords the declared version does not have. */
function keysIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach(v => keysIn(v, found))
  }
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      found.add(k)
      keysIn(v, found)
    }
  }
  return found
}

// The document does not depend on the database: SQLite only.
describe('the OpenAPI document at /api/docs/json', () => {
  let t: TestApp
  let doc: { openapi: string, paths: Record<string, Record<string, Operation>> }
  beforeAll(async () => {
    t = await createTestApp('sqlite')
    doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
  })
  afterAll(async () => {
    await t.close()
  })

  it('should be valid for the OpenAPI version it declares when a standard validator checks it', async () => {
    expect(doc.openapi).toBe('3.1.0')
    const result = await new Validator().validate(doc)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    // 3.0's `nullable` means nothing in 3.1 (null is a type there): a generator would miss it.
    expect(keysIn(doc.paths).has('nullable')).toBe(false)
  })

  it('should document a { code, message } error answer for every operation when it is listed', () => {
    const undocumented: string[] = []
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!METHODS.has(method))
          continue
        const errors = Object.entries(operation.responses ?? {})
          .filter(([status, response]) => /^4\d\d$/.test(status) && response.content?.['application/json']?.schema?.$ref === API_ERROR_REF)
        if (errors.length === 0)
          undocumented.push(`${method.toUpperCase()} ${path}`)
      }
    }
    expect(Object.keys(doc.paths).length).toBeGreaterThan(30)
    expect(undocumented).toEqual([])
  })
})
