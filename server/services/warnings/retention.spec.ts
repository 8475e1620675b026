import type { DbKind } from '../../db'
import type { TestApp } from '../../routes/applications/test-builders'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idCheckChar } from '../../../src/domain/id-number'
import { shanghaiToday } from '../../../src/domain/time'
import { monthsBefore } from '../../../src/domain/warnings/dates'
import { upsertHouseholdFromRegistry } from '../../db/repos/households'
import { staffClient } from '../../routes/applications/test-builders'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { SIGNAL_KEEP_MONTHS, sweepSignals } from './retention'

const SETUP_TIMEOUT_MS = 60_000
/** Zhejiang's demo figure: 20 000 yuan of self-paid spending in 12 months raises a warning. */
const OVER_THRESHOLD_FEN = 2_100_000
const SMALL_BILL_FEN = 10_000
const MS_PER_DAY = 86_400_000

describe.each(TEST_DIALECTS)('signal retention on %s', (kind: DbKind) => {
  let t: TestApp
  let token = ''
  let householdId = ''
  let idNumber = ''

  const today = shanghaiToday()
  const medical = (externalId: string, amountFen: number, day: string) =>
    ({ kind: 'medical_spending', externalId, idNumber, occurredAt: day, amountFen, period: day.slice(0, 7) })
  const stored = async () => (await t.db.kysely.selectFrom('signals').select('external_id').where('household_id', '=', householdId).orderBy('external_id').execute()).map(r => r.external_id)

  beforeAll(async () => {
    t = await createTestApp(kind)
    const county = await staffClient(t, 'county')
    token = (await county.post('/api/staff/feed-credentials', { department: 'yibao', name: '医保系统' })).json().token
    const body = '33990119700101801'
    idNumber = body + idCheckChar(body)
    householdId = await upsertHouseholdFromRegistry(t.db.kysely, {
      registryRef: 'RETENTION-1',
      areaCode: '339901001001',
      address: '和美村 1 号',
      members: [{ idNumber, name: '留存测试', relation: 'self', isHead: true, phone: null }],
    })
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/feeds/events',
      headers: { authorization: `Bearer ${token}` },
      payload: { events: [
        // Old and small: no rule counts it any more, no warning needs it.
        medical('OLD-SMALL', SMALL_BILL_FEN, monthsBefore(today, SIGNAL_KEEP_MONTHS + 2)),
        // Recent and small: the medical window may still add it up.
        medical('NEW-SMALL', SMALL_BILL_FEN, today),
        // Recent and over the figure: raises the warning it then stays with.
        medical('NEW-LARGE', OVER_THRESHOLD_FEN, today),
      ] },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ inserted: 3, warnings: 1 })
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t?.close()
  })

  it('should delete only the signals past the window that no warning needs', async () => {
    // The warning was raised by NEW-LARGE; NEW-SMALL of the same window was linked to it or not:
    // which of them a warning holds decides what a sweep two years on keeps.
    const linked = new Set((await t.db.kysely.selectFrom('warning_signals').innerJoin('signals', 'signals.id', 'warning_signals.signal_id').select('signals.external_id').where('signals.household_id', '=', householdId).execute()).map(r => r.external_id))
    expect(linked.has('NEW-LARGE')).toBe(true)
    expect(linked.has('OLD-SMALL')).toBe(false)

    expect(await sweepSignals(t.db.kysely, new Date())).toBe(1)
    expect(await stored()).toEqual(['NEW-LARGE', 'NEW-SMALL'])
    // Sweeping again deletes nothing more.
    expect(await sweepSignals(t.db.kysely, new Date())).toBe(0)

    const twoYearsOn = new Date(Date.now() + 2 * 365 * MS_PER_DAY)
    await sweepSignals(t.db.kysely, twoYearsOn)
    expect(await stored()).toEqual([...linked].filter(id => id !== 'OLD-SMALL').sort())
    expect(await t.db.kysely.selectFrom('warnings').select('id').where('household_id', '=', householdId).execute()).toHaveLength(1)
  })
})
