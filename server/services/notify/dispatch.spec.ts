import type { Db, DbKind } from '../../db'
import { createECDH, randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_AREAS, DEMO_HOUSEHOLDS } from '../../../mock/demo-data'
import { OutboxPushGateway } from '../../../mock/push'
import { OutboxSmsGateway } from '../../../mock/sms'
import { sendableFrom } from '../../../src/domain/notify/schedule'
import { upsertAreas } from '../../db/repos/areas'
import { upsertHouseholdFromRegistry } from '../../db/repos/households'
import { savePushSubscription } from '../../db/repos/outbound-messages'
import { bindUserHousehold, findOrCreateResident } from '../../db/repos/users'
import { openTestDb, openTwoConnections, TEST_DIALECTS } from '../../testing'
import { dispatchDue } from './dispatch'
import { notifyHousehold } from './notify-household'

// Two server processes, each with its own connection to the database and its own worker, ten
// ticks each at once: every queued message is sent once (issue #19). SQLite: two connections to
// one file; PostgreSQL: two pools on one schema.

const TICKS_PER_PROCESS = 10
/** One event of each kind that goes out (each its own message: events of one kind on one household go once). */
const CODES = ['accepted', 'need_more_info', 'approved', 'rejected', 'invitation']
const EVENTS = CODES.length
const SECRET = 'dispatch-test-secret'

describe.each(TEST_DIALECTS)('dispatch by two processes at once on %s', (kind: DbKind) => {
  let dbs: Awaited<ReturnType<typeof openTwoConnections>>
  const phone = '13700009999'
  const endpoint = `https://updates.push.services.mozilla.com/wpush/v2/${randomUUID()}`

  beforeAll(async () => {
    dbs = await openTwoConnections(kind)
    const k = dbs.one.kysely
    await upsertAreas(k, DEMO_AREAS)
    const householdId = await upsertHouseholdFromRegistry(k, DEMO_HOUSEHOLDS[0])
    const user = await findOrCreateResident(k, phone)
    await bindUserHousehold(k, user.id, householdId, 'staff_checked_id_card', new Date().toISOString(), 'test')
    await savePushSubscription(k, SECRET, user.id, { endpoint, keys: { p256dh: createECDH('prime256v1').generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') } }, 'zh-CN', new Date().toISOString())
    // Five events: five texts and five pushes queued.
    for (const code of CODES)
      await k.transaction().execute(trx => notifyHousehold(trx, { householdId, applicationId: null, caseId: null, code, params: {}, at: new Date().toISOString() }))
  })
  afterAll(async () => {
    await dbs?.drop()
  })

  it('should send every text and push once when two processes tick ten times at once', async () => {
    const sms = new OutboxSmsGateway()
    const push = new OutboxPushGateway()
    const at = sendableFrom(new Date(Date.now() + 1000))
    const deps = (db: Db) => ({ db: db.kysely, sms, push, publicUrl: 'https://xingfu.example.gov.cn', channels: { sms: true, push: true } })
    expect(await dbs.one.kysely.selectFrom('outbound_messages').select('id').where('status', '=', 'queued').execute()).toHaveLength(2 * EVENTS)

    const ticks = Array.from({ length: TICKS_PER_PROCESS }, () => [dispatchDue(deps(dbs.one), at), dispatchDue(deps(dbs.other), at)]).flat()
    const results = await Promise.all(ticks)

    expect(sms.outbox.filter(m => m.phone === phone)).toHaveLength(EVENTS)
    expect(push.sentTo(endpoint)).toHaveLength(EVENTS)
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(2 * EVENTS)
    const rows = await dbs.other.kysely.selectFrom('outbound_messages').select(['status', 'attempts']).execute()
    expect(rows.every(r => r.status === 'sent' && r.attempts === 1)).toBe(true)
  })
})

// Texts of a night all fall due at 08:00 (issue #19): they go out in the order their events
// happened, not in the order of their random ids ("需要补充材料" before "已受理" would mislead).
describe.each(TEST_DIALECTS)('messages queued at night on %s', (kind: DbKind) => {
  let db: Awaited<ReturnType<typeof openTestDb>>
  const phone = '13700008888'
  /** 22:00 Beijing, one event a minute. */
  const NIGHT = Date.parse('2026-12-04T14:00:00.000Z')

  beforeAll(async () => {
    db = await openTestDb(kind)
    const k = db.kysely
    await upsertAreas(k, DEMO_AREAS)
    const householdId = await upsertHouseholdFromRegistry(k, DEMO_HOUSEHOLDS[0])
    const user = await findOrCreateResident(k, phone)
    await bindUserHousehold(k, user.id, householdId, 'staff_checked_id_card', new Date().toISOString(), 'test')
    for (const [i, code] of CODES.entries())
      await k.transaction().execute(trx => notifyHousehold(trx, { householdId, applicationId: null, caseId: null, code, params: {}, at: new Date(NIGHT + i * 60_000).toISOString() }))
  })
  afterAll(async () => {
    await db?.drop()
  })

  it('should send them at 08:00 in the order their events happened', async () => {
    const due = await db.kysely.selectFrom('outbound_messages').select('next_attempt_at').distinct().execute()
    expect(due).toEqual([{ next_attempt_at: sendableFrom(new Date(NIGHT)).toISOString() }])
    const sms = new OutboxSmsGateway()
    const deps = { db: db.kysely, sms, push: new OutboxPushGateway(), publicUrl: 'https://xingfu.example.gov.cn', channels: { sms: true, push: true } }
    await dispatchDue(deps, sendableFrom(new Date(NIGHT)))
    expect(sms.outbox.filter(m => m.phone === phone).map(m => m.text.split('，')[0])).toEqual([
      '【幸福码】您的社会救助申请已受理',
      '【幸福码】您的社会救助申请需要补充材料',
      '【幸福码】您申请的一项社会救助已批准',
      '【幸福码】您申请的一项社会救助未获批准',
      '【幸福码】工作人员核实了您家的情况',
    ])
  })
})
