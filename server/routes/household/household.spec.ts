import type { DbKind } from '../../db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_HOUSEHOLDS, DEMO_PASSWORD } from '../../../mock/demo-data'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'

const [head, spouse] = DEMO_HOUSEHOLDS[1].members

describe.each(TEST_DIALECTS)('binding a household on %s', (kind: DbKind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let n = 0
  const resident = async () => {
    const c = new TestClient(t.app, `10.2.0.${++n}`)
    await c.signInResident(t.sms, `1370000${String(1000 + n)}`)
    return c
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  afterAll(async () => {
    await t.close()
  })

  it('should bind a resident to the registered household of the ID number and name', async () => {
    const c = await resident()
    const res = await c.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })
    expect(res.statusCode).toBe(200)
    expect(res.json().user.household).toMatchObject({ areaName: '和美村', headName: '李建国', memberCount: 3 })
    expect((await c.get('/api/session')).json().user.household.headName).toBe('李建国')
  })

  it('should let a second member of the same household bind to the same household', async () => {
    const a = await resident()
    const b = await resident()
    const first = (await a.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })).json()
    const second = (await b.post('/api/household/bind', { idNumber: spouse.idNumber, name: spouse.name })).json()
    expect(second.user.household.id).toBe(first.user.household.id)
  })

  it('should accept a lower-case x and spaces in the ID number', async () => {
    const member = DEMO_HOUSEHOLDS[1].members[2]
    const c = await resident()
    const res = await c.post('/api/household/bind', { idNumber: ` ${member.idNumber.toLowerCase()} `, name: member.name })
    expect(res.statusCode).toBe(200)
  })

  it('should refuse a name that does not match the ID number', async () => {
    const c = await resident()
    const res = await c.post('/api/household/bind', { idNumber: head.idNumber, name: '李建军' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 'household_not_found', message: '没有找到与该身份证号和姓名相符的户籍信息，请核对后再试' })
  })

  it('should refuse an ID number with a wrong check digit, naming the field', async () => {
    const c = await resident()
    const res = await c.post('/api/household/bind', { idNumber: '340524198001010013', name: '张三' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'invalid_id_number', message: '身份证号不正确，请核对 18 位身份证号', field: 'idNumber' })
  })

  it('should refuse binding twice', async () => {
    const c = await resident()
    await c.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })
    const res = await c.post('/api/household/bind', { idNumber: spouse.idNumber, name: spouse.name })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('household_already_bound')
  })

  it('should stop guessing after ten failed binds in an hour', async () => {
    const c = await resident()
    for (let i = 0; i < 10; i++)
      expect((await c.post('/api/household/bind', { idNumber: head.idNumber, name: `猜${i}号` })).statusCode).toBe(404)
    expect((await c.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })).statusCode).toBe(429)
  })

  it('should require a signed-in resident', async () => {
    const anonymous = new TestClient(t.app)
    expect((await anonymous.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })).statusCode).toBe(401)
    const volunteer = new TestClient(t.app)
    await volunteer.post('/api/auth/login', { username: 'volunteer', password: DEMO_PASSWORD })
    const res = await volunteer.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('forbidden')
  })

  it('should audit binds without personal data', async () => {
    const c = await resident()
    await c.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })
    const rows = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', 'in', ['bind', 'bind_failed']).execute()
    expect(rows.length).toBeGreaterThan(0)
    const text = JSON.stringify(rows)
    expect(text).not.toContain(head.idNumber)
    expect(text).not.toContain(head.name)
  })
})
