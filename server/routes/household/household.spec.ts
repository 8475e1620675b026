import type { DbKind } from '../../db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIND_LIMITS } from '.'
import { DEMO_HOUSEHOLDS, DEMO_PASSWORD } from '../../../mock/demo-data'
import { idCheckChar } from '../../../src/domain/id-number'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'

const [head, spouse, child] = DEMO_HOUSEHOLDS[1].members
const [wang] = DEMO_HOUSEHOLDS[0].members
const [chen] = DEMO_HOUSEHOLDS[2].members
const [zhao] = DEMO_HOUSEHOLDS[4].members

describe.each(TEST_DIALECTS)('binding a household on %s', (kind: DbKind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let n = 0
  /** A resident signed in with a new number (or the given one), from an address of their own. */
  const resident = async (phone = `1370000${String(1000 + ++n)}`) => {
    const c = new TestClient(t.app, `10.2.${Math.floor(++n / 250)}.${n % 250}`)
    await c.signInResident(t.sms, phone)
    return c
  }
  /** The same signed-in browser seen from another address. */
  const from = (c: TestClient, ip: string) => {
    const moved = new TestClient(t.app, ip)
    for (const [name, value] of c.cookies)
      moved.cookies.set(name, value)
    return moved
  }
  /** A valid ID number nobody in the registry has: each guess then meets only the limit under test. */
  const unregistered = (i: number) => {
    const body = `33990119600101${String(100 + (i % 900))}`
    return body + idCheckChar(body)
  }
  const staff = async (username: string) => {
    const c = new TestClient(t.app, `10.3.0.${++n % 250}`)
    expect((await c.post('/api/auth/login', { username, password: DEMO_PASSWORD })).statusCode).toBe(200)
    return c
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  afterAll(async () => {
    await t.close()
  })

  it('should bind a resident signed in with the phone the registry holds for that member', async () => {
    const c = await resident(head.phone!)
    const res = await c.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })
    expect(res.statusCode).toBe(200)
    expect(res.json().user.household).toMatchObject({ areaName: '和美村', headName: '李建国', memberCount: 3 })
    expect((await c.get('/api/session')).json().user.household.headName).toBe('李建国')
    expect((await c.get('/api/household/accounts')).json().accounts).toEqual([
      { id: expect.any(String), phoneMasked: '138****8000', boundAt: expect.any(String), boundVia: 'registry_phone', you: true },
    ])
  })

  it('should refuse with a way forward when the ID number and name match but the phone is not the registry\'s', async () => {
    const c = await resident()
    const res = await c.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toEqual({ code: 'bind_proof_required', message: expect.stringContaining('带上身份证到镇（街道）便民服务中心') })
    expect((await c.get('/api/session')).json().user.household).toBeNull()
  })

  it('should refuse a member the registry has no phone for, even with the right ID number and name', async () => {
    const c = await resident()
    const res = await c.post('/api/household/bind', { idNumber: child.idNumber, name: child.name })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('bind_proof_required')
  })

  it('should bind a second member with their own phone and tell the accounts already bound', async () => {
    const firstPhone = `1370000${String(1000 + ++n)}`
    const clerk = await staff('town')
    expect((await clerk.post('/api/staff/household-bindings', { phone: firstPhone, idNumber: head.idNumber, name: head.name, idCardChecked: true })).statusCode).toBe(200)
    const first = await resident(firstPhone)
    const second = await resident(spouse.phone!)
    const bound = (await second.post('/api/household/bind', { idNumber: spouse.idNumber, name: spouse.name })).json()
    expect(bound.user.household.headName).toBe('李建国')
    const news = (await first.get('/api/notifications')).json().items.map((i: { text: string }) => i.text)
    expect(news).toContain('您家新绑定了一个账号（手机号 138****8002）。如果不是家人，请在“我的 - 已绑定的账号”中移除')
    // The new account is not told about itself.
    expect((await second.get('/api/notifications')).json().items.map((i: { text: string }) => i.text)).not.toContain(expect.stringContaining('新绑定'))
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
    const c = await resident(wang.phone!)
    expect((await c.post('/api/household/bind', { idNumber: wang.idNumber, name: wang.name })).statusCode).toBe(200)
    const res = await c.post('/api/household/bind', { idNumber: spouse.idNumber, name: spouse.name })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('household_already_bound')
  })

  it('should stop one account guessing after its limit of binds in an hour', async () => {
    const c = await resident()
    for (let i = 0; i < BIND_LIMITS.perAccount; i++)
      expect((await from(c, `10.5.${n % 250}.${i}`).post('/api/household/bind', { idNumber: unregistered(i), name: `猜${i}号` })).statusCode).toBe(404)
    const refused = await c.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })
    expect(refused.statusCode).toBe(429)
    expect(refused.json().code).toBe('rate_limited')
  })

  it('should stop many new phone numbers trying the same ID number, even when they race', async () => {
    const accounts = await Promise.all(Array.from({ length: 20 }, () => resident()))
    const answers = await Promise.all(accounts.map(c => c.post('/api/household/bind', { idNumber: zhao.idNumber, name: `猜${n}号` })))
    const codes = answers.map(a => a.statusCode)
    expect(codes.filter(c => c === 404)).toHaveLength(BIND_LIMITS.perIdNumber)
    expect(codes.filter(c => c === 429)).toHaveLength(20 - BIND_LIMITS.perIdNumber)
  })

  it('should stop one address trying many people with many accounts', async () => {
    const ip = '10.6.6.6'
    const accounts = await Promise.all(Array.from({ length: BIND_LIMITS.perAddress + 1 }, () => resident()))
    const codes: number[] = []
    for (const [i, c] of accounts.entries())
      codes.push((await from(c, ip).post('/api/household/bind', { idNumber: unregistered(100 + i), name: `猜${i}号` })).statusCode)
    expect(codes.slice(0, -1).every(c => c === 404 || c === 429)).toBe(true)
    expect(codes.at(-1)).toBe(429)
  })

  it('should let town staff bind a phone after seeing the ID card, only inside their town', async () => {
    const phone = `1370000${String(1000 + ++n)}`
    const clerk = await staff('town')
    const unchecked = await clerk.post('/api/staff/household-bindings', { phone, idNumber: ` ${chen.idNumber} `, name: chen.name })
    expect(unchecked.statusCode).toBe(400)
    expect(unchecked.json()).toMatchObject({ code: 'id_card_not_checked', message: '请先核验本人身份证原件，并勾选确认' })
    const otherTown = await staff('town2')
    expect((await otherTown.post('/api/staff/household-bindings', { phone, idNumber: chen.idNumber, name: chen.name, idCardChecked: true })).statusCode).toBe(404)

    const res = await clerk.post('/api/staff/household-bindings', { phone, idNumber: chen.idNumber, name: chen.name, idCardChecked: true })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ household: expect.objectContaining({ areaName: '桃源村', headName: '陈桂兰', memberCount: 2 }), phoneMasked: `137****${phone.slice(-4)}` })
    const c = await resident(phone)
    expect((await c.get('/api/session')).json().user.household.headName).toBe('陈桂兰')
    expect((await c.get('/api/household/accounts')).json().accounts).toContainEqual(expect.objectContaining({ boundVia: 'staff_checked_id_card', you: true }))
    expect((await clerk.post('/api/staff/household-bindings', { phone, idNumber: chen.idNumber, name: chen.name, idCardChecked: true })).statusCode).toBe(409)
  })

  it('should let a member remove an account they do not know, and nobody else', async () => {
    const clerk = await staff('town')
    const [mine, stranger] = [`1370000${String(1000 + ++n)}`, `1370000${String(1000 + ++n)}`]
    for (const phone of [mine, stranger])
      expect((await clerk.post('/api/staff/household-bindings', { phone, idNumber: DEMO_HOUSEHOLDS[3].members[0].idNumber, name: DEMO_HOUSEHOLDS[3].members[0].name, idCardChecked: true })).statusCode).toBe(200)
    const me = await resident(mine)
    const other = await resident(stranger)
    const strangerId = (await other.get('/api/session')).json().user.id

    const outsider = await resident()
    expect((await outsider.delete(`/api/household/accounts/${strangerId}`)).statusCode).toBe(403)
    const wrongHousehold = await resident(chen.phone!)
    expect((await wrongHousehold.post('/api/household/bind', { idNumber: chen.idNumber, name: chen.name })).statusCode).toBe(200)
    expect((await wrongHousehold.delete(`/api/household/accounts/${strangerId}`)).statusCode).toBe(404)

    const removed = await me.delete(`/api/household/accounts/${strangerId}`)
    expect(removed.statusCode).toBe(200)
    expect(removed.json().accounts.map((a: { you: boolean }) => a.you)).toEqual([true])
    expect((await other.get('/api/session')).json().user.household).toBeNull()
  })

  it('should require a signed-in resident to bind, and staff to bind at the office', async () => {
    const anonymous = new TestClient(t.app)
    expect((await anonymous.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })).statusCode).toBe(401)
    const volunteer = await staff('volunteer')
    const res = await volunteer.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('forbidden')
    expect((await volunteer.post('/api/staff/household-bindings', { phone: '13700009999', idNumber: head.idNumber, name: head.name, idCardChecked: true })).statusCode).toBe(403)
    const c = await resident()
    expect((await c.post('/api/staff/household-bindings', { phone: '13700009999', idNumber: head.idNumber, name: head.name, idCardChecked: true })).statusCode).toBe(403)
  })

  it('should audit binds without personal data', async () => {
    const rows = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', 'in', ['bind', 'bind_failed', 'unbind']).execute()
    expect(rows.map(r => r.detail)).toEqual(expect.arrayContaining(['registry_phone', 'staff_checked_id_card', 'no_proof', 'no_match']))
    const text = JSON.stringify(rows)
    for (const secret of [head.idNumber, head.name, head.phone!])
      expect(text).not.toContain(secret)
  })
})
