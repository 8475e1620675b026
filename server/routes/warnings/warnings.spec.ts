import type { DbKind } from '../../db'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idCheckChar } from '../../../src/domain/id-number'
import { shanghaiToday } from '../../../src/domain/time'
import { addWorkingDays } from '../../../src/domain/warnings/dates'
import { migrate, migrateTo } from '../../db'
import { upsertHouseholdFromRegistry } from '../../db/repos/households'
import { mayReadSignal } from '../../services/warnings/views'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { staffClient } from '../applications/test-builders'

/** The same request sent this many times at once, as a retrying department system does. */
const PARALLEL = 20
const SETUP_TIMEOUT_MS = 60_000
/** Zhejiang's demo figure (src/domain/regions/330000.ts): 20 000 yuan of self-paid spending in 12 months. */
const THRESHOLD_FEN = 2_000_000
const VERIFY_WORKING_DAYS = 10
const VILLAGE = '339901001001'

let sequence = 0

/** A valid ID number of someone born in 1980, new to this test file. */
function newIdNumber(): string {
  const body = `339901${'19800101'}${String(++sequence).padStart(3, '0')}`
  return body + idCheckChar(body)
}

/** A household of one adult, registered in 和美村 (安乐镇), holding nothing: the medical rule applies. */
async function newHousehold(t: TestApp, area = VILLAGE) {
  const idNumber = newIdNumber()
  const householdId = await upsertHouseholdFromRegistry(t.db.kysely, {
    registryRef: `WARN-${sequence}`,
    areaCode: area,
    address: `和美村 ${sequence} 号`,
    members: [{ idNumber, name: `测试${sequence}`, relation: 'self', isHead: true, phone: null }],
  })
  return { householdId, idNumber }
}

function medical(idNumber: string, externalId: string, amountFen: number) {
  const today = shanghaiToday()
  return { kind: 'medical_spending', externalId, idNumber, occurredAt: today, amountFen, period: today.slice(0, 7) }
}

describe.each(TEST_DIALECTS)('department events and warnings on %s', (kind: DbKind) => {
  let t: TestApp
  let county: TestClient
  let town: TestClient
  const tokens: Record<string, string> = {}

  const post = (department: string, events: unknown[], lang = 'zh-CN') =>
    t.app.inject({ method: 'POST', url: '/api/feeds/events', payload: { events }, headers: { 'authorization': `Bearer ${tokens[department]}`, 'accept-language': lang } })
  const count = async (table: 'signals' | 'warnings' | 'warning_signals') =>
    Number((await t.db.kysely.selectFrom(table).select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const warningsOf = (householdId: string) => t.db.kysely.selectFrom('warnings').selectAll().where('household_id', '=', householdId).execute()

  beforeAll(async () => {
    t = await createTestApp(kind)
    county = await staffClient(t, 'county')
    town = await staffClient(t, 'town')
    for (const department of ['yibao', 'canlian', 'mingzheng', 'renshe', 'jiaoyu']) {
      const created = await county.post('/api/staff/feed-credentials', { department, name: `${department} 系统` })
      expect(created.statusCode).toBe(201)
      tokens[department] = created.json().token
    }
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t?.close()
  })

  it('should raise one warning, due in 10 working days, when a medical event takes a household over the threshold', async () => {
    const { householdId, idNumber } = await newHousehold(t)
    const res = await post('yibao', [medical(idNumber, 'YB-A-1', THRESHOLD_FEN + 50_000)])
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ inserted: 1, unchanged: 0, warnings: 1 })
    const [warning, ...others] = await warningsOf(householdId)
    expect(others).toEqual([])
    expect(warning).toMatchObject({ rule: 'medical_spending', status: 'open', due_on: addWorkingDays(warning!.raised_on, VERIFY_WORKING_DAYS) })
    expect(JSON.parse(warning!.suggestions).map((s: { item: string }) => s.item)).toEqual(['expense_hardship', 'medical', 'temporary'])
  })

  it('should store an event sent again once and raise nothing more', async () => {
    const { householdId, idNumber } = await newHousehold(t)
    const event = medical(idNumber, 'YB-B-1', THRESHOLD_FEN + 1)
    expect((await post('yibao', [event])).json()).toEqual({ inserted: 1, unchanged: 0, warnings: 1 })
    const [signals, links] = [await count('signals'), await count('warning_signals')]
    expect((await post('yibao', [event])).json()).toEqual({ inserted: 0, unchanged: 1, warnings: 0 })
    expect(await count('signals')).toBe(signals)
    expect(await count('warning_signals')).toBe(links)
    expect(await warningsOf(householdId)).toHaveLength(1)
  })

  it('should store one signal and one warning when the same event is posted 20 times at once', async () => {
    const { householdId, idNumber } = await newHousehold(t)
    const event = medical(idNumber, 'YB-C-1', THRESHOLD_FEN * 2)
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => post('yibao', [event])))
    expect(answers.map(a => a.statusCode)).toEqual(Array.from({ length: PARALLEL }, () => 200))
    const counts = answers.map(a => a.json())
    expect(counts.reduce((sum, c) => sum + c.inserted, 0)).toBe(1)
    expect(counts.reduce((sum, c) => sum + c.warnings, 0)).toBe(1)
    expect(await warningsOf(householdId)).toHaveLength(1)
    expect(await t.db.kysely.selectFrom('signals').select('id').where('household_id', '=', householdId).execute()).toHaveLength(1)
  })

  it('should add up two bills of one household sent at once and raise one warning', async () => {
    const { householdId, idNumber } = await newHousehold(t)
    const half = THRESHOLD_FEN * 3 / 4
    const answers = await Promise.all([post('yibao', [medical(idNumber, 'YB-P-1', half)]), post('yibao', [medical(idNumber, 'YB-P-2', half)])])
    expect(answers.map(a => a.json().warnings).sort()).toEqual([0, 1])
    expect(await warningsOf(householdId)).toHaveLength(1)
  })

  it('should raise nothing at the threshold itself, and one warning when a later bill crosses it', async () => {
    const { householdId, idNumber } = await newHousehold(t)
    expect((await post('yibao', [medical(idNumber, 'YB-D-1', THRESHOLD_FEN)])).json()).toEqual({ inserted: 1, unchanged: 0, warnings: 0 })
    expect((await post('yibao', [medical(idNumber, 'YB-D-2', 1)])).json()).toEqual({ inserted: 1, unchanged: 0, warnings: 1 })
    // A third bill of the same spell of spending is the same cause: linked to the warning, not a new one.
    expect((await post('yibao', [medical(idNumber, 'YB-D-3', 10_000)])).json()).toEqual({ inserted: 1, unchanged: 0, warnings: 0 })
    const [warning] = await warningsOf(householdId)
    // Behind the warning, every bill its sum counts: the first one under the line too.
    const linked = await t.db.kysely.selectFrom('warning_signals').innerJoin('signals', 'signals.id', 'warning_signals.signal_id').select('signals.external_id').where('warning_id', '=', warning!.id).orderBy('signals.external_id').execute()
    expect(linked.map(r => r.external_id)).toEqual(['YB-D-1', 'YB-D-2', 'YB-D-3'])
  })

  it('should reject the whole batch with { code, message } per bad event and store nothing', async () => {
    const { idNumber } = await newHousehold(t)
    const before = await count('signals')
    const res = await post('yibao', [medical(idNumber, 'YB-E-1', 100), { ...medical(idNumber, 'YB-E-2', -1) }, { ...medical(idNumber, 'YB-E-3', 1), occurredAt: '2026-02-30' }, medical('not-an-id', 'YB-E-4', 1)])
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({
      code: 'feed_rejected',
      message: '推送的记录有误，本批次未保存：共 3 处错误',
      errors: [
        { index: 1, field: 'amountFen', code: 'invalid_amount', message: '金额应为不小于 0 的金额（以分为单位的整数，或最多两位小数的元）' },
        { index: 2, field: 'occurredAt', code: 'invalid_date', message: '发生时间不正确，请填写日期（如 2026-03-05）或带时区的时间' },
        { index: 3, field: 'idNumber', code: 'invalid_id_number', message: '身份证号不正确，请核对 18 位身份证号' },
      ],
    })
    expect(await count('signals')).toBe(before)
  })

  it('should word the errors in the reader\'s language', async () => {
    const { idNumber } = await newHousehold(t)
    const res = await post('yibao', [{ ...medical(idNumber, 'YB-F-1', 1), period: '2026-13' }], 'en')
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([{ index: 0, field: 'period', code: 'invalid_period', message: 'Period is not valid: give a month (e.g. 2026-03) or a date range (e.g. 2026-03-01/2026-03-20)' }])
  })

  it('should refuse a kind the credential\'s department may not report, and store nothing', async () => {
    const { idNumber } = await newHousehold(t)
    const before = await count('signals')
    const res = await post('canlian', [medical(idNumber, 'CL-1', THRESHOLD_FEN * 2)])
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([{ index: 0, field: 'kind', code: 'event_not_permitted', message: '类别：这个接口凭证所属的部门不能报送这类事件（如医疗费用只能由医保部门报送）' }])
    const death = await post('yibao', [{ kind: 'death', externalId: 'YB-DEATH-1', idNumber, occurredAt: shanghaiToday() }])
    expect(death.json().errors.map((e: { code: string }) => e.code)).toEqual(['event_not_permitted'])
    expect(await count('signals')).toBe(before)
  })

  it('should accept each kind from the department that holds it', async () => {
    const { idNumber } = await newHousehold(t)
    const day = shanghaiToday()
    const sent = await Promise.all([
      post('canlian', [{ kind: 'disability_certificate', externalId: 'CL-2', idNumber, occurredAt: day, grade: 1, category: 'physical' }]),
      post('renshe', [{ kind: 'unemployment', externalId: 'RS-1', idNumber, occurredAt: day }]),
      post('jiaoyu', [{ kind: 'student', externalId: 'JY-1', idNumber, occurredAt: day, level: 'college', status: 'enrolled' }]),
      post('mingzheng', [{ kind: 'death', externalId: 'MZ-1', idNumber, occurredAt: day }]),
    ])
    expect(sent.map(s => s.statusCode)).toEqual([200, 200, 200, 200])
    // A new grade-1 certificate: 重度残疾人护理补贴 whatever the income.
    expect(sent[0]!.json()).toEqual({ inserted: 1, unchanged: 0, warnings: 1 })
  })

  it('should import a CSV with an event of each kind, once, and raise the warnings', async () => {
    const [a, b] = [await newHousehold(t), await newHousehold(t)]
    const day = shanghaiToday()
    const csv = [
      'kind,source,external_id,id_number,occurred_at,amount_yuan,period,grade,category,level,status',
      `medical_spending,yibao,CSV-1,${a.idNumber},${day},25000.50,${day.slice(0, 7)},,,,`,
      `disability_certificate,canlian,CSV-2,${b.idNumber},${day},,,2,mental,,`,
      `death,gongan,CSV-3,${b.idNumber},${day},,,,,,`,
      `unemployment,renshe,CSV-4,${a.idNumber},${day},,,,,,`,
      `student,jiaoyu,CSV-5,${b.idNumber},${day},,,,,compulsory,dropped_out`,
    ].join('\n')
    const preview = await county.post('/api/staff/imports/events/preview', { csv })
    expect(preview.statusCode, preview.body).toBe(200)
    expect(preview.json()).toMatchObject({ rows: 5, errors: [] })
    const committed = await county.post('/api/staff/imports/events/commit', { csv, filename: 'events.csv' })
    expect(committed.statusCode, committed.body).toBe(200)
    expect(committed.json()).toEqual({ inserted: 5, unchanged: 0, warnings: 2 })
    const kinds = await t.db.kysely.selectFrom('signals').select(['kind', 'source']).where('household_id', 'in', [a.householdId, b.householdId]).orderBy('external_id').execute()
    expect(kinds).toEqual([
      { kind: 'medical_spending', source: 'yibao' },
      { kind: 'disability_certificate', source: 'canlian' },
      { kind: 'death', source: 'gongan' },
      { kind: 'unemployment', source: 'renshe' },
      { kind: 'student', source: 'jiaoyu' },
    ])
    expect((await county.post('/api/staff/imports/events/commit', { csv })).json()).toEqual({ inserted: 0, unchanged: 5, warnings: 0 })
  })

  it('should reject a CSV with a bad row, naming the row and its column', async () => {
    const { idNumber } = await newHousehold(t)
    const before = await count('signals')
    const csv = `kind,source,external_id,id_number,occurred_at,amount_yuan,period\nmedical_spending,yibao,CSV-X-1,${idNumber},${shanghaiToday()},12.345,2026-01\nmedical_spending,canlian,CSV-X-2,${idNumber},2026-01-05,1,2026-01`
    const res = await county.post('/api/staff/imports/events/commit', { csv })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({
      code: 'import_rejected',
      message: '文件有误，未导入：共 2 处错误',
      errors: [
        { row: 2, field: 'amount_yuan', code: 'invalid_amount', message: '金额应为不小于 0 的金额（以分为单位的整数，或最多两位小数的元）' },
        { row: 3, field: 'source', code: 'source_not_permitted', message: '报送部门：这个部门不能报送这类事件（如医疗费用只能由医保部门报送）' },
      ],
    })
    expect(await count('signals')).toBe(before)
  })

  it('should keep what signals and warnings carry sealed, with no ID number anywhere', async () => {
    const { idNumber } = await newHousehold(t)
    expect((await post('yibao', [medical(idNumber, 'YB-SEALED-1', 3_456_789)])).json()).toMatchObject({ inserted: 1, warnings: 1 })
    const signals = await t.db.kysely.selectFrom('signals').selectAll().execute()
    const warnings = await t.db.kysely.selectFrom('warnings').selectAll().execute()
    expect(signals.every(s => s.payload.startsWith('enc1.'))).toBe(true)
    expect(warnings.every(w => w.figures.startsWith('enc1.') && w.texts.startsWith('enc1.'))).toBe(true)
    const raw = JSON.stringify([signals, warnings])
    expect(raw).not.toContain('3456789')
    expect(raw).not.toContain('34567.89')
    expect(raw).not.toContain(idNumber)
  })

  it('should list the town\'s warnings for 民政 and show one with its signals, audited', async () => {
    const { householdId, idNumber } = await newHousehold(t)
    await post('yibao', [medical(idNumber, 'YB-Q-1', 2_500_000)])
    const list = await town.get('/api/staff/warnings')
    expect(list.statusCode, list.body).toBe(200)
    const item = list.json().warnings.find((w: { householdId: string }) => w.householdId === householdId)
    expect(item).toMatchObject({ rule: 'medical_spending', ruleName: '医疗支出预警', village: { code: VILLAGE, name: '和美村' }, status: 'open', overdue: false, signalCount: 1 })
    const page = await town.get(`/api/staff/warnings/${item.id}`)
    expect(page.statusCode, page.body).toBe(200)
    expect(page.json()).toMatchObject({
      figures: { spentFen: 2_500_000, thresholdFen: THRESHOLD_FEN, months: 12, billFen: 2_500_000 },
      signals: [{ kind: 'medical_spending', source: 'yibao', sourceName: '医保部门', member: '家庭成员（本人）', payload: { amountFen: 2_500_000 }, withheld: false }],
    })
    expect(page.json().text).toContain('自付医疗费用共 25000 元，超过本地 20000 元的预警标准')
    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'subject_id']).where('action', '=', 'warning_view').where('subject_id', '=', item.id).execute()
    expect(audit).toHaveLength(1)
  })

  it('should not show a warning to staff of another town', async () => {
    const { householdId, idNumber } = await newHousehold(t)
    await post('yibao', [medical(idNumber, 'YB-R-1', 2_500_000)])
    const [warning] = await warningsOf(householdId)
    const other = await staffClient(t, 'town2')
    expect((await other.get(`/api/staff/warnings/${warning!.id}`)).statusCode).toBe(404)
    expect((await other.get('/api/staff/warnings')).json().warnings.some((w: { id: string }) => w.id === warning!.id)).toBe(false)
  })

  it('should show a warning only to 民政 and the departments it suggests', async () => {
    const { householdId, idNumber } = await newHousehold(t)
    // A grade-1 certificate suggests 残联's allowance; the death record is 民政's.
    await post('canlian', [{ kind: 'disability_certificate', externalId: 'CL-W-1', idNumber, occurredAt: shanghaiToday(), grade: 1, category: 'visual' }])
    const [warning] = await warningsOf(householdId)
    const yibao = await staffClient(t, 'town_yibao')
    // 医保 is not suggested: the warning is not theirs to see.
    expect((await yibao.get(`/api/staff/warnings/${warning!.id}`)).statusCode).toBe(404)
    const page = await town.get(`/api/staff/warnings/${warning!.id}`)
    expect(page.json().signals[0]).toMatchObject({ kind: 'disability_certificate', payload: { grade: 1, category: 'visual' }, withheld: false })
  })
})

describe('who reads a signal', () => {
  it.each([
    ['mingzheng', 'medical_spending', 'yibao', true],
    ['yibao', 'medical_spending', 'yibao', true],
    ['canlian', 'medical_spending', 'yibao', false],
    ['yibao', 'death', 'gongan', false],
    ['mingzheng', 'death', 'gongan', true],
    ['renshe', 'disability_certificate', 'canlian', false],
    ['jiaoyu', 'unemployment', 'renshe', true],
  ] as const)('should let %s read a %s signal from %s: %s', (department, signalKind, source, readable) => {
    expect(mayReadSignal(department, { kind: signalKind, source })).toBe(readable)
  })
})

describe.each(TEST_DIALECTS)('migration 020 on %s', (kind: DbKind) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(kind)
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t?.close()
  })

  it('should go down to 019 and up again', async () => {
    await migrateTo(t.db, '019_entitlement_months_granted_through')
    await migrate(t.db)
    expect(await t.db.kysely.selectFrom('warnings').select('id').execute()).toEqual([])
  })
})
