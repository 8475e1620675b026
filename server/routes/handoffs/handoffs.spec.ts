import type { DbKind } from '../../db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_HOUSEHOLDS, DEMO_PASSWORD } from '../../../mock/demo-data'
import { HANDOFF_MAX_SIGNED_IN_PAYLOAD_CHARS } from '../../../src/domain/handoff/carried'
import { HANDOFF_MAX_PAYLOAD_CHARS, HANDOFF_MAX_PER_ADDRESS, HANDOFF_TTL_SECONDS } from '../../../src/domain/handoff/targets'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'
import { bindAtOffice } from '../applications/test-builders'

const head = DEMO_HOUSEHOLDS[1].members[0]
const answers = { version: 1, step: 'income', members: [{ age: 72 }], region: '330106' }
/** An application draft as the kiosk keeps it (the server does not read it, the phone does). */
const applicationDraft = { version: 1, meta: { step: 'applicant', editedAt: '2026-03-01T08:00:00.000Z' }, form: { applicant: { name: '刘芳' } } }

describe.each(TEST_DIALECTS)('kiosk hand-off on %s', (kind: DbKind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let n = 0
  const device = () => new TestClient(t.app, `10.7.0.${++n}`)
  const unboundResident = async () => {
    const c = device()
    await c.signInResident(t.sms, `1361000${String(1000 + n)}`)
    return c
  }
  const boundResident = async () => {
    const c = device()
    const phone = `1360000${String(1000 + n)}`
    await c.signInResident(t.sms, phone)
    await bindAtOffice(t, phone, head)
    return c
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  afterAll(async () => {
    await t.close()
  })

  it('should carry an anonymous self-diagnosis to the phone once, and refuse the second scan', async () => {
    const kiosk = device()
    const made = await kiosk.post('/api/handoffs', { target: '/diagnosis', diagnosis: answers })
    expect(made.statusCode).toBe(200)
    const { id, token, expiresAt } = made.json()
    expect(token).toMatch(/^[\w-]{43}$/)
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan((HANDOFF_TTL_SECONDS - 10) * 1000)
    expect((await kiosk.get(`/api/handoffs/${id}`)).json()).toEqual({ status: 'waiting' })

    const phone = device()
    const taken = await phone.post('/api/handoffs/redeem', { token })
    expect(taken.statusCode).toBe(200)
    expect(taken.json()).toEqual({ target: '/diagnosis', diagnosis: answers, signedIn: false })
    expect((await phone.get('/api/session')).json().user).toBeNull()
    expect((await kiosk.get(`/api/handoffs/${id}`)).json()).toEqual({ status: 'redeemed' })

    const again = await device().post('/api/handoffs/redeem', { token })
    expect(again.statusCode).toBe(410)
    expect(again.json()).toEqual({ code: 'handoff_used', message: '这个二维码已经用过了。每个二维码只能用一次，请在自助机上重新生成' })
  })

  it('should erase the carried answers from the database when the phone takes them', async () => {
    const { token } = (await device().post('/api/handoffs', { target: '/diagnosis/result', diagnosis: answers })).json()
    await device().post('/api/handoffs/redeem', { token })
    const rows = await t.db.kysely.selectFrom('handoffs').select(['payload', 'token_hash']).execute()
    expect(rows.every(r => r.payload === null)).toBe(true)
    // Only the token's hash is stored.
    expect(rows.some(r => r.token_hash === token)).toBe(false)
  })

  it('should sign the phone in as the kiosk\'s resident and end the kiosk\'s session', async () => {
    const kiosk = await boundResident()
    const { token } = (await kiosk.post('/api/handoffs', { target: '/apply' })).json()
    const phone = device()
    const taken = await phone.post('/api/handoffs/redeem', { token })
    expect(taken.json()).toEqual({ target: '/apply', signedIn: true })
    const onPhone = (await phone.get('/api/session')).json().user
    expect(onPhone).toMatchObject({ role: 'resident', household: { headName: '李建国' } })
    expect((await kiosk.get('/api/session')).json().user).toBeNull()
  })

  it('should carry the application draft of a resident not bound yet to the phone, signed in as them', async () => {
    const kiosk = await unboundResident()
    const made = await kiosk.post('/api/handoffs', { target: '/apply', application: applicationDraft })
    expect(made.statusCode).toBe(200)
    const phone = device()
    const taken = await phone.post('/api/handoffs/redeem', { token: made.json().token })
    expect(taken.statusCode).toBe(200)
    expect(taken.json()).toEqual({ target: '/apply', application: applicationDraft, signedIn: true })
    expect((await phone.get('/api/session')).json().user).toMatchObject({ role: 'resident', household: null })
    const rows = await t.db.kysely.selectFrom('handoffs').select('payload').where('id', '=', made.json().id).execute()
    expect(rows).toEqual([{ payload: null }])
  })

  it('should refuse an application draft without its resident, or for another screen', async () => {
    const anonymous = await device().post('/api/handoffs', { target: '/apply', application: applicationDraft })
    expect(anonymous.statusCode).toBe(400)
    expect(anonymous.json()).toMatchObject({ code: 'validation_failed', field: 'application' })
    const elsewhere = await (await unboundResident()).post('/api/handoffs', { target: '/progress', application: applicationDraft })
    expect(elsewhere.statusCode).toBe(400)
    expect(elsewhere.json()).toMatchObject({ code: 'validation_failed', field: 'application' })
  })

  it('should carry what was typed into the forms of the screen, and nothing of another screen', async () => {
    const forms = { enquiry: { number: 'XFM-2026-000123' } }
    const { token } = (await device().post('/api/handoffs', { target: '/progress', forms })).json()
    expect((await device().post('/api/handoffs/redeem', { token })).json()).toEqual({ target: '/progress', forms, signedIn: false })

    // The phone number typed at sign-in stays on the kiosk, whatever the kiosk sends.
    const res = await device().post('/api/handoffs', { target: '/progress', forms: { ...forms, login: { phone: '13800138000' } } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'forms' })
  })

  it('should let a signed-in resident carry a need with its photo, and keep anonymous hand-offs small', async () => {
    const photo = `data:image/jpeg;base64,${'A'.repeat(HANDOFF_MAX_PAYLOAD_CHARS)}`
    const forms = { 'needs.new': { category: 'goods', description: '想要一台收音机', photo } }
    const resident = await unboundResident()
    const made = await resident.post('/api/handoffs', { target: '/needs/new', forms })
    expect(made.statusCode).toBe(200)
    expect((await device().post('/api/handoffs/redeem', { token: made.json().token })).json()).toEqual({ target: '/needs/new', forms, signedIn: true })

    const anonymous = await device().post('/api/handoffs', { target: '/needs/new', forms })
    expect(anonymous.statusCode).toBe(400)
    expect(anonymous.json()).toMatchObject({ code: 'validation_failed', field: 'forms' })
    const huge = { 'needs.new': { description: '', photo: 'A'.repeat(HANDOFF_MAX_SIGNED_IN_PAYLOAD_CHARS) } }
    expect((await resident.post('/api/handoffs', { target: '/needs/new', forms: huge })).statusCode).toBe(400)
  })

  it('should still hand over the answers of a hand-off stored before it carried forms', async () => {
    const { id, token } = (await device().post('/api/handoffs', { target: '/diagnosis', diagnosis: answers })).json()
    await t.db.kysely.updateTable('handoffs').set({ payload: JSON.stringify(answers) }).where('id', '=', id).execute()
    expect((await device().post('/api/handoffs/redeem', { token })).json()).toEqual({ target: '/diagnosis', diagnosis: answers, signedIn: false })
  })

  it('should let exactly one of two phones scanning at the same moment through', async () => {
    const { token } = (await device().post('/api/handoffs', { target: '/diagnosis', diagnosis: answers })).json()
    const results = await Promise.all([device().post('/api/handoffs/redeem', { token }), device().post('/api/handoffs/redeem', { token })])
    expect(results.map(r => r.statusCode).sort()).toEqual([200, 410])
  })

  it('should refuse an expired token and say so', async () => {
    const { id, token } = (await device().post('/api/handoffs', { target: '/progress' })).json()
    await t.db.kysely.updateTable('handoffs').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute()
    expect((await device().get(`/api/handoffs/${id}`)).json()).toEqual({ status: 'expired' })
    const res = await new TestClient(t.app, '10.7.9.9', 'en').post('/api/handoffs/redeem', { token })
    expect(res.statusCode).toBe(410)
    expect(res.json()).toEqual({ code: 'handoff_expired', message: 'This QR code has expired or is not valid. Make a new one at the kiosk' })
  })

  it('should refuse a made-up token as expired, without telling it apart', async () => {
    const res = await device().post('/api/handoffs/redeem', { token: 'x'.repeat(43) })
    expect(res.statusCode).toBe(410)
    expect(res.json().code).toBe('handoff_expired')
  })

  it('should only hand off our own resident screens', async () => {
    for (const target of ['https://evil.example/', '//evil.example', '/staff', '/kiosk/setup', '/diagnosis?x=1', '/progress/../staff']) {
      const res = await device().post('/api/handoffs', { target })
      expect(res.statusCode, target).toBe(400)
      expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'target' })
    }
    for (const target of ['/diagnosis', '/diagnosis/result', '/apply', '/progress', '/progress/5b3c4a6e-1f1e-4a7e-9c1d-0a1b2c3d4e5f', '/list', '/list/quarter/2026-Q3', '/code', '/needs'])
      expect((await device().post('/api/handoffs', { target })).statusCode, target).toBe(200)
  })

  it('should refuse answers larger than any questionnaire', async () => {
    const res = await device().post('/api/handoffs', { target: '/diagnosis', diagnosis: { notes: 'x'.repeat(HANDOFF_MAX_PAYLOAD_CHARS) } })
    expect(res.statusCode).toBe(400)
    expect(res.json().field).toBe('diagnosis')
  })

  it('should not hand off a staff member\'s session', async () => {
    const staff = device()
    await staff.post('/api/auth/login', { username: 'town', password: DEMO_PASSWORD })
    const res = await staff.post('/api/handoffs', { target: '/progress' })
    expect(res.statusCode).toBe(403)
  })

  it('should make a withdrawn QR useless', async () => {
    const kiosk = device()
    const { id, token } = (await kiosk.post('/api/handoffs', { target: '/diagnosis', diagnosis: answers })).json()
    expect((await kiosk.delete(`/api/handoffs/${id}`)).json()).toEqual({ cancelled: true })
    expect((await device().post('/api/handoffs/redeem', { token })).json().code).toBe('handoff_expired')
  })

  it('should answer 404 and keep the QR when someone else withdraws an anonymous kiosk\'s hand-off', async () => {
    const kiosk = device()
    const { id, token } = (await kiosk.post('/api/handoffs', { target: '/diagnosis', diagnosis: answers })).json()
    const stranger = await device().delete(`/api/handoffs/${id}`)
    expect(stranger.statusCode).toBe(404)
    expect(stranger.json().code).toBe('not_found')
    // A made-up id looks the same to a stranger.
    expect((await device().delete('/api/handoffs/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    expect((await kiosk.get(`/api/handoffs/${id}`)).json()).toEqual({ status: 'waiting' })
    expect((await device().post('/api/handoffs/redeem', { token })).statusCode).toBe(200)
  })

  it('should answer 404 when another session at the same address withdraws a signed-in kiosk\'s hand-off', async () => {
    const kiosk = await boundResident()
    const { id } = (await kiosk.post('/api/handoffs', { target: '/progress' })).json()
    // Same address (a shared NAT) but not the session that made it.
    const neighbour = new TestClient(t.app, kiosk.ip)
    expect((await neighbour.delete(`/api/handoffs/${id}`)).statusCode).toBe(404)
    expect((await kiosk.get(`/api/handoffs/${id}`)).json()).toEqual({ status: 'waiting' })
    expect((await kiosk.delete(`/api/handoffs/${id}`)).json()).toEqual({ cancelled: true })
  })

  it('should withdraw the QRs of a session when it signs out (the kiosk was wiped before anyone scanned)', async () => {
    const kiosk = await boundResident()
    const { token } = (await kiosk.post('/api/handoffs', { target: '/progress' })).json()
    await kiosk.post('/api/auth/logout')
    const res = await device().post('/api/handoffs/redeem', { token })
    expect(res.statusCode).toBe(410)
    expect((await device().get('/api/session')).json().user).toBeNull()
  })

  it('should not withdraw a hand-off a phone has taken already', async () => {
    const kiosk = device()
    const { id, token } = (await kiosk.post('/api/handoffs', { target: '/list' })).json()
    await device().post('/api/handoffs/redeem', { token })
    expect((await kiosk.delete(`/api/handoffs/${id}`)).json()).toEqual({ cancelled: false })
    expect((await kiosk.get(`/api/handoffs/${id}`)).json()).toEqual({ status: 'redeemed' })
  })

  it('should cap the live QR codes one address holds, and say when to try again', async () => {
    const kiosk = new TestClient(t.app, '10.7.200.1')
    const made = []
    for (let i = 0; i < HANDOFF_MAX_PER_ADDRESS; i++)
      made.push((await kiosk.post('/api/handoffs', { target: '/diagnosis', diagnosis: answers })).statusCode)
    expect(made.every(code => code === 200)).toBe(true)
    const refused = await kiosk.post('/api/handoffs', { target: '/diagnosis', diagnosis: answers })
    expect(refused.statusCode).toBe(429)
    expect(refused.json().code).toBe('rate_limited')
    expect(refused.json().message).toMatch(/请 \d+ (秒|分钟)后再试/)
    // Another address is not affected.
    expect((await new TestClient(t.app, '10.7.200.2').post('/api/handoffs', { target: '/list' })).statusCode).toBe(200)
  })

  it('should give the address room again once a phone takes one of its codes', async () => {
    const kiosk = new TestClient(t.app, '10.7.201.1')
    const tokens: string[] = []
    for (let i = 0; i < HANDOFF_MAX_PER_ADDRESS; i++)
      tokens.push((await kiosk.post('/api/handoffs', { target: '/list' })).json().token)
    await device().post('/api/handoffs/redeem', { token: tokens[0] })
    expect((await kiosk.post('/api/handoffs', { target: '/list' })).statusCode).toBe(200)
  })
})
