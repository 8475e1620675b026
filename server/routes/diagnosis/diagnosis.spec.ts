import type { DiagnosisAnswers, DiagnosisMember } from '../../../src/domain/diagnosis'
import type { DbKind } from '../../db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { diagnose } from '../../../src/domain/diagnosis'
import { CSRF_COOKIE } from '../../../src/domain/http/csrf'
import { ITEM_CODES, ITEMS } from '../../../src/domain/items'
import { resolveRegion } from '../../../src/domain/regions'
import { departmentKey, documentKey, itemNameKey } from '../../../src/domain/vocabulary'
import { translate, word } from '../../catalog'
import { serializerOf } from '../../serializer'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'
import { diagnosisResponse, resolvedRegionSchema } from './schemas'

// A 72-year-old living alone in Hangzhou's Xihu district (330106 has no data of its own:
// it takes Hangzhou's, which takes Zhejiang's: dibao 886, tekun 1410).
function elder(over: Partial<DiagnosisMember> = {}): DiagnosisMember {
  return {
    relation: 'self',
    age: 72,
    monthlyIncome: 600,
    canWork: false,
    disabilityGrade: 0,
    seriousIllness: true,
    student: 'none',
    unemployed: false,
    hasCapableSupporter: false,
    ...over,
  }
}

function elderlyHousehold(over: Partial<DiagnosisAnswers> = {}): DiagnosisAnswers {
  return {
    region: '330106',
    receiving: [],
    members: [elder()],
    assets: { depositsPerCapita: 5000, vehicles: 0, extraHousing: false },
    monthlyRigidExpenses: { medical: 200, education: 0 },
    events: { suddenHardship: false, disaster: false },
    housing: 'adequate',
    ...over,
  }
}

type Mutation = (a: any) => void

describe.each(TEST_DIALECTS)('self-diagnosis API on %s', (kind: DbKind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  const client = (lang = 'zh-CN') => new TestClient(t.app, '10.3.0.1', lang)

  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  afterAll(async () => {
    await t.close()
  })

  describe('listing regions (GET /api/regions)', () => {
    it('should list every configured region with its parent, demo flag and effective date', async () => {
      const res = await client().get('/api/regions')
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({
        regions: [
          { code: '330000', name: '浙江省', nameEn: 'Zhejiang Province', parent: null, demo: false, effectiveFrom: '2021-04-16' },
          { code: '330100', name: '杭州市', nameEn: 'Hangzhou', parent: '330000', demo: false, effectiveFrom: '2022-01-01' },
          expect.objectContaining({ code: '440100', parent: '440000', demo: false }),
          expect.objectContaining({ code: '990000', parent: null, demo: true }),
        ],
      })
    })

    it('should not need a sign-in', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/regions' })
      expect(res.statusCode).toBe(200)
    })
  })

  describe('resolving a region (GET /api/regions/:region)', () => {
    it('should resolve a county without data of its own to Hangzhou and Zhejiang figures, each with its source', async () => {
      const res = await client().get('/api/regions/330106')
      expect(res.statusCode).toBe(200)
      const body = res.json()
      expect(body).toMatchObject({
        code: '330106',
        name: '杭州市',
        configuredCode: '330100',
        effectiveFrom: '2022-01-01',
        demo: false,
        dibaoMonthly: 886,
        edgeMultiple: 2,
        minWageMonthly: 2280,
        tekunMonthly: 1410,
        maxDepositsPerCapita: 21264,
        edgeMaxDepositsPerCapita: 42528,
        jobExemptMonths: 12,
        disabledJobExemptMonths: 36,
      })
      expect(body.source).toContain('杭州')
      expect(body.sources.edgeMultiple).toMatchObject({ regionCode: '330100', effectiveFrom: '2022-01-01' })
      expect(body.sources.dibaoMonthly).toMatchObject({ regionCode: '330000', effectiveFrom: '2020-12-31' })
      expect(body.sources.dibaoMonthly.source).toContain('886')
    })

    it('should return exactly what the shared resolver returns', async () => {
      const res = await client().get('/api/regions/440106')
      expect(res.json()).toEqual(resolveRegion('440106'))
      // Byte for byte what the response schema's serializer writes (the route sends the region's text written once: answer.ts).
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(res.body).toBe(serializerOf(resolvedRegionSchema)(resolveRegion('440106')))
    })

    it.each([
      ['zh-CN', '没有找到您要的内容'],
      ['zh-TW', '沒有找到您要的內容'],
      ['en', 'Nothing was found here'],
    ])('should answer 404 in %s for a region with no data on its chain', async (lang, message) => {
      const res = await client(lang).get('/api/regions/110101')
      expect(res.statusCode).toBe(404)
      expect(res.json()).toEqual({ code: 'not_found', message })
    })

    it.each(['33010', '3301060', 'abcdef'])('should answer 400 naming the region when the code is %s', async (code) => {
      const res = await client().get(`/api/regions/${code}`)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'validation_failed', message: '地区填写有误', field: 'region' })
    })
  })

  describe('diagnosing a household (POST /api/diagnosis)', () => {
    it('should find dibao and medical assistance likely for a low-income elderly person, naming the figures', async () => {
      const res = await client().post('/api/diagnosis', elderlyHousehold())
      expect(res.statusCode).toBe(200)
      const { region, results } = res.json()
      expect(region).toMatchObject({ code: '330106', name: '杭州市', dibaoMonthly: 886 })
      expect(results.map((r: { item: string }) => r.item).sort()).toEqual([...ITEM_CODES].sort())

      const dibao = results.find((r: { item: string }) => r.item === 'dibao')
      expect(dibao).toMatchObject({ verdict: 'likely', name: '最低生活保障（低保）', department: { code: 'mingzheng' } })
      expect(dibao.reasons).toContain('家庭人均月收入 600 元，低于本地低保标准 886 元')
      expect(dibao.documents).toContain('家庭经济状况核对授权书（家庭成员签字）')

      const medical = results.find((r: { item: string }) => r.item === 'medical')
      expect(medical).toMatchObject({ verdict: 'likely', members: [0], department: { code: 'yibao', name: '医疗保障部门（医保局）' } })
      expect(medical.reasons).toContain('家庭每月医疗支出 200 元')

      const tekun = results.find((r: { item: string }) => r.item === 'tekun')
      expect(tekun.verdict).toBe('likely')
      expect(tekun.reasons[0]).toContain('低于特困供养标准 1410 元')
    })

    it('should list likely items first', async () => {
      const { results } = (await client().post('/api/diagnosis', elderlyHousehold())).json() as { results: { verdict: string }[] }
      const rank = { likely: 0, possible: 1, unlikely: 2 } as Record<string, number>
      const ranks = results.map(r => rank[r.verdict])
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
      expect(ranks[0]).toBe(0)
    })

    it('should word reasons, documents and departments in English when the request asks for it', async () => {
      const res = await client('en').post('/api/diagnosis', elderlyHousehold())
      expect(res.statusCode).toBe(200)
      const dibao = res.json().results.find((r: { item: string }) => r.item === 'dibao')
      expect(dibao.name).toBe('Minimum living allowance (dibao)')
      expect(dibao.reasons).toContain('Household income per person is 600 yuan a month, below the local dibao standard of 886 yuan')
      expect(dibao.department.name).toBe('Civil Affairs (township social assistance window, county Civil Affairs Bureau)')
      // Reasons are all English; only the cited sources of the region data stay in Chinese.
      const reasons = res.json().results.flatMap((r: { reasons: string[] }) => r.reasons) as string[]
      expect(reasons.filter(r => /[\u4E00-\u9FFF]/.test(r))).toEqual([])
    })

    it('should say what would change an unlikely verdict', async () => {
      const answers = elderlyHousehold({ members: [elder({ monthlyIncome: 1000, seriousIllness: false })] })
      const dibao = (await client().post('/api/diagnosis', answers)).json().results.find((r: { item: string }) => r.item === 'dibao')
      expect(dibao).toMatchObject({ verdict: 'unlikely', flip: '若家庭人均月收入低于 886 元（家庭月收入合计低于 886 元），低保可能符合' })
    })

    it.each<[string, DiagnosisAnswers]>([
      ['the elderly person in Hangzhou', elderlyHousehold()],
      ['an edge household in Guangzhou with a student and an unemployed adult', elderlyHousehold({
        region: '440100',
        members: [
          elder({ age: 45, monthlyIncome: 2800, canWork: true, seriousIllness: false, unemployed: false, hasCapableSupporter: true }),
          elder({ relation: 'spouse', age: 43, monthlyIncome: 0, canWork: true, seriousIllness: false, unemployed: true, hasCapableSupporter: true }),
          elder({ relation: 'child', age: 15, monthlyIncome: 0, canWork: false, seriousIllness: false, student: 'high_school', hasCapableSupporter: true }),
        ],
        monthlyRigidExpenses: { medical: 0, education: 300 },
        housing: 'renting_hardship',
      })],
      ['a disaster in the demo region', elderlyHousehold({ region: '990000', members: [elder({ age: 50, canWork: true, monthlyIncome: 5000 })], events: { suddenHardship: true, disaster: true } })],
    ])('should agree with the shared engine for %s', async (_, answers) => {
      for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
        const res = await client(lang).post('/api/diagnosis', answers)
        expect(res.statusCode).toBe(200)
        const expected = diagnose(answers, resolveRegion(answers.region)!).map(r => ({
          ...r,
          name: translate(lang, itemNameKey(r.item)),
          reasons: r.reasons.map(reason => word(lang, reason)),
          flip: r.flip && word(lang, r.flip),
          documents: ITEMS[r.item].documents.map(d => translate(lang, documentKey(d))),
          department: { code: ITEMS[r.item].department, name: translate(lang, departmentKey(ITEMS[r.item].department)) },
        }))
        // The region's figures; each figure's citation is GET /api/regions/:region's, not repeated here.
        const { sources: _citedByRegionsRoute, ...applied } = resolveRegion(answers.region)!
        expect(res.json()).toEqual({ region: applied, results: expected })
        // Byte for byte what the response schema's serializer writes (the route writes it from parts: answer.ts).
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
        expect(res.body).toBe(serializerOf(diagnosisResponse)({ region: applied, results: expected }))
      }
    })

    it.each<[string, Mutation, string, string]>([
      ['the income is negative', (a) => { a.members[0].monthlyIncome = -1 }, 'members.0.monthlyIncome', '月收入填写有误'],
      ['the age is 200', (a) => { a.members[0].age = 200 }, 'members.0.age', '年龄填写有误'],
      ['the age is missing', (a) => { delete a.members[0].age }, 'members.0.age', '年龄填写有误'],
      ['the second member\'s relation is unknown', (a) => { a.members.push({ ...a.members[0], relation: 'cousin' }) }, 'members.1.relation', '与申请人的关系填写有误'],
      ['there are no members', (a) => { a.members = [] }, 'members', '家庭成员填写有误'],
      ['the deposits are missing', (a) => { delete a.assets.depositsPerCapita }, 'assets.depositsPerCapita', '人均存款填写有误'],
      ['the housing answer is unknown', (a) => { a.housing = 'castle' }, 'housing', '住房情况填写有误'],
      ['the region is not 6 digits', (a) => { a.region = '3301' }, 'region', '地区填写有误'],
    ])('should answer 400 naming the field when %s', async (_, mutate, field, message) => {
      const answers = structuredClone(elderlyHousehold())
      mutate(answers)
      const res = await client().post('/api/diagnosis', answers)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'validation_failed', message, field })
    })

    it('should give reasons in traditional characters for a zh-TW request', async () => {
      const res = await client('zh-TW').post('/api/diagnosis', elderlyHousehold())
      expect(res.statusCode).toBe(200)
      const { results } = res.json() as { results: { item: string, name: string, reasons: string[] }[] }
      const dibao = results.find(r => r.item === 'dibao')!
      expect(dibao.name).toBe('最低生活保障（低保）')
      expect(dibao.reasons).toContain('家庭人均月收入 600 元，低於本地低保標準 886 元')
      expect(results.map(r => r.name).join('')).toContain('醫療救助')
      expect(JSON.stringify(results)).not.toMatch(/[们这说请为过时发会个后门问对开关见长车东书买卖与专业实]/)
    })

    it('should name the field in English for an English request', async () => {
      const answers = structuredClone(elderlyHousehold()) as any
      answers.members[0].monthlyIncome = -5
      const res = await client('en').post('/api/diagnosis', answers)
      expect(res.json()).toEqual({ code: 'validation_failed', message: 'Monthly income is not valid', field: 'members.0.monthlyIncome' })
    })

    it.each([
      ['zh-CN', '地区填写有误'],
      ['zh-TW', '地區填寫有誤'],
      ['en', 'Region is not valid'],
    ])('should answer 400 naming the region in %s when no data covers it', async (lang, message) => {
      const res = await client(lang).post('/api/diagnosis', elderlyHousehold({ region: '110101' }))
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'validation_failed', message, field: 'region' })
    })

    it('should refuse a request without the CSRF token when it carries a cookie', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/diagnosis', payload: elderlyHousehold(), headers: { cookie: `${CSRF_COOKIE}=from-the-page` } })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toEqual({ code: 'csrf_failed', message: '页面已过期，请刷新后重试' })
    })
  })

  it('should describe the three routes in the OpenAPI document', async () => {
    const res = await client().get('/api/docs/json')
    expect(res.statusCode).toBe(200)
    const paths = res.json().paths as Record<string, Record<string, { requestBody?: unknown, responses: Record<string, unknown> }>>
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/regions', '/api/regions/{region}', '/api/diagnosis']))
    expect(paths['/api/diagnosis'].post.requestBody).toBeDefined()
    expect(Object.keys(paths['/api/diagnosis'].post.responses)).toEqual(['200', '400', '403'])
  })
})
