import type { $ZodType } from 'zod/v4/core'
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { diagnosisResponse, resolvedRegionSchema } from './routes/diagnosis/schemas'
import { responseJsonSchema, serializerCompiler } from './serializer'

const route = (schema: $ZodType) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' })
const fast = (schema: $ZodType) => serializerCompiler(route(schema))
const viaZod = (schema: $ZodType) => zodSerializerCompiler(route(schema) as never)

const member = z.object({
  name: z.string(),
  nickname: z.string().optional(),
  age: z.number().int(),
  income: z.number(),
  phone: z.string().nullable(),
  sex: z.enum(['female', 'male']).optional(),
  kind: z.literal('member'),
  tags: z.array(z.string()),
  address: z.object({ line: z.string(), code: z.string().nullable() }).nullable(),
  extra: z.record(z.string(), z.number()),
})

// A category and its sub-categories, as deep as they go.
const tree = z.object({
  id: z.string(),
  get children() {
    return z.array(tree)
  },
})

const tricky = {
  name: '引号"反斜杠\\换行\n制表\t\u0001 \u2028 \uD800 😀 <script>',
  age: 72,
  income: -0,
  phone: null,
  kind: 'member' as const,
  tags: ['', 'a', '长一点的中文字符串，超过八个字'],
  address: { line: '西湖区', code: null },
  extra: { b: 1.5, a: 1e21, 10: 3 },
}

describe('the response serializer', () => {
  it.each([
    ['nulls, -0, escapes, records, absent optional fields', tricky],
    ['optional fields present', { ...tricky, nickname: '阿福', sex: 'female', income: 886.07, phone: '13800000000', address: null }],
    ['optional fields set to undefined', { ...tricky, nickname: undefined, sex: undefined }],
  ])('should write the same JSON as the zod serializer (%s)', (_case, data) => {
    const ours = fast(member)(data)
    expect(JSON.parse(ours)).toStrictEqual(JSON.parse(viaZod(member)(data)))
    expect(ours).not.toContain('undefined')
  })

  it('should leave out a field the schema does not declare', () => {
    const out = JSON.parse(fast(member)({ ...tricky, passwordHash: 'secret', address: { line: 'x', code: null, internal: 1 } }))
    expect(out).not.toHaveProperty('passwordHash')
    expect(out.address).toStrictEqual({ line: 'x', code: null })
  })

  it('should refuse a response that lacks a required field rather than send it without', () => {
    const { name: _name, ...withoutName } = tricky
    expect(() => fast(member)(withoutName)).toThrow()
  })

  it('should write a diagnosis response as the zod serializer does', () => {
    const region = { code: '330106', name: '杭州市', nameEn: 'Hangzhou', configuredCode: '330100', version: '1', source: 's', effectiveFrom: '2021-01-01', demo: false }
    const figures = Object.fromEntries(Object.keys(resolvedRegionSchema.shape).filter(k => !(k in region) && k !== 'sources').map((k, i) => [k, 886 + i / 4]))
    const sources = Object.fromEntries(Object.keys(figures).map(k => [k, { source: `《${k}》`, effectiveFrom: '2020-12-31', regionCode: '330000' }]))
    const result = { item: 'dibao', name: '低保', verdict: 'likely', reasons: ['收入"低于"标准'], documents: ['身份证'], department: { code: 'mingzheng', name: '民政' } }
    const data = { region: { ...region, ...figures, sources }, results: [result, { ...result, verdict: 'unlikely', members: [0, 2], flip: '若收入低于 886 元' }] }
    expect(JSON.parse(fast(diagnosisResponse)(data))).toStrictEqual(JSON.parse(viaZod(diagnosisResponse)(data)))
  })

  it.each([
    ['a transform', z.object({ at: z.string().transform(s => s.toUpperCase()) })],
    ['a trimming check', z.object({ name: z.string().trim() })],
    ['a default', z.object({ n: z.number().default(1) })],
    ['a date', z.object({ at: z.date() })],
    ['a union', z.object({ v: z.union([z.string(), z.number()]) })],
    ['a recursive schema', tree],
  ])('should leave a schema with %s to zod, which changes or chooses the value', (_what, schema) => {
    expect(responseJsonSchema(schema)).toBeNull()
  })

  it('should give what zod gives where zod serialises (a transform)', () => {
    const schema = z.object({ at: z.string().transform(s => s.toUpperCase()) })
    expect(fast(schema)({ at: 'abc' })).toBe('{"at":"ABC"}')
  })
})
