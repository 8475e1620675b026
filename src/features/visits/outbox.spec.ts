import type { VisitInput, VisitSent } from './api'
import type { Transport } from './outbox'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../api/client'
import { encodeToken, newHouseholdRef } from '../../domain/household-code/token'
import { backoffMs, clearOutbox, listEntries, refusalCode, saveVisit, settleAwaiting, sync, SYNCED_KEEP_MS } from './outbox'
import { outboxEntries } from './test-support'

const TIMEOUT_MS = 30
/** A real token's shape (the outbox reads its household reference and version, never checks it). */
const ref = newHouseholdRef()
let token: string

beforeAll(async () => {
  const { privateKey } = await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair
  token = await encodeToken({ keyId: 1, ref, version: 1, issuedAt: 1_795_000_000 }, privateKey)
})

function visit(n: number, over: Partial<VisitInput> = {}): VisitInput {
  return {
    clientId: `00000000-0000-4000-8000-00000000000${n}`,
    token: 'AQE-token',
    type: 'care',
    visitedAt: `2026-11-2${n}T02:00:00.000Z`,
    observations: [{ dimension: 'health', level: 'concern', note: '腿脚不便' }],
    urgent: false,
    urgentNote: '',
    notes: '',
    ...over,
  }
}

type Behaviour = 'network' | 'lost' | 'ok' | 'held' | 'server_error' | 'bad_request' | 'outside_area' | 'signed_out' | 'hang'

/**
 * A server that stores a visit once per clientId, as POST /api/visits does, behind a transport
 * that fails as told: 'network' never reaches the server, 'lost' reaches it but the answer never
 * comes back (a timeout after the server stored it), 'hang' never reaches it nor answers.
 */
function fakeServer(script: Behaviour[]) {
  let stall = () => {}
  /** Resolves when the next request is left unanswered ('lost' or 'hang'): its timeout runs from then. */
  const nextStall = () => new Promise<void>(resolve => (stall = resolve))
  const stored = new Map<string, string>()
  const created: string[] = []
  const calls: string[] = []
  /** every request that reached the server, as sent */
  const received: VisitInput[] = []
  const store = (input: VisitInput, status: VisitSent['status'] = 'accepted'): VisitSent => {
    received.push(input)
    const existing = stored.get(input.clientId)
    if (existing)
      return { id: existing, clientId: input.clientId, created: false, status }
    const id = `v${stored.size + 1}`
    stored.set(input.clientId, id)
    created.push(input.clientId)
    return { id, clientId: input.clientId, created: true, status }
  }
  const transport: Transport = async (input) => {
    calls.push(input.clientId)
    const behaviour = script.shift() ?? 'ok'
    switch (behaviour) {
      case 'network': throw new ApiRequestError('network_error', '网络连接失败', null)
      case 'server_error': throw new ApiRequestError('internal', '服务器出错了', 500)
      case 'bad_request': throw new ApiRequestError('invalid_household_code', '这个幸福码已作废', 400)
      case 'outside_area': throw new ApiRequestError('forbidden', '这户不在您负责的区域', 403)
      // The code had been regenerated before the visit: stored, waiting for staff (issue #16).
      case 'held': return store(input, 'pending_confirmation')
      case 'signed_out': throw new ApiRequestError('unauthenticated', '请先登录', 401)
      case 'lost':
        store(input)
        stall()
        return new Promise<never>(() => {})
      case 'hang':
        stall()
        return new Promise<never>(() => {})
      default: return store(input)
    }
  }
  return { transport, stored, created, calls, received, nextStall }
}

async function entryOf(clientId: string) {
  return (await outboxEntries()).find(e => e.clientId === clientId)!
}

describe('the visit outbox', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('should keep a visit pending through a failed request, a timeout after the server stored it, and a resend answered created:false: one visit per clientId on the server', async () => {
    const a = visit(1)
    const b = visit(2)
    await saveVisit(a, { maskedHeadName: '李**', villageName: '和美村' }, Date.parse('2026-11-26T08:00:00Z'))
    await saveVisit(b, {}, Date.parse('2026-11-26T08:01:00Z'))
    // a: no network → stops the run (b not tried); a: stored but the answer is lost; b: ok;
    // a: resend, the server answers the stored visit (created:false).
    const server = fakeServer(['network', 'lost', 'ok', 'ok'])

    const first = await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, force: true })
    expect(first).toEqual({ synced: 0, awaiting: 0, rejected: 0, failed: 1, waiting: 1 })
    expect(await entryOf(a.clientId)).toMatchObject({ state: 'pending', attempts: 1, retryReason: 'network' })
    expect(server.created).toEqual([])

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const lost = server.nextStall()
    const secondRun = sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, force: true })
    await lost
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS)
    const second = await secondRun
    vi.useRealTimers()
    expect(second).toEqual({ synced: 0, awaiting: 0, rejected: 0, failed: 1, waiting: 1 })
    expect(await entryOf(a.clientId)).toMatchObject({ state: 'pending', attempts: 2, retryReason: 'timeout' })
    expect(server.created).toEqual([a.clientId])

    const third = await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, force: true })
    expect(third).toEqual({ synced: 2, awaiting: 0, rejected: 0, failed: 0, waiting: 0 })
    expect(server.calls).toEqual([a.clientId, a.clientId, a.clientId, b.clientId])
    expect(server.created).toEqual([a.clientId, b.clientId])
    expect(await entryOf(a.clientId)).toMatchObject({ state: 'synced', syncedId: server.stored.get(a.clientId), attempts: 3, input: null })
    expect(await entryOf(b.clientId)).toMatchObject({ state: 'synced', syncedId: server.stored.get(b.clientId), attempts: 1 })
    // The display summary stays; the visit itself (notes, photo, observations) is gone from the phone.
    expect((await entryOf(a.clientId)).summary).toEqual({ maskedHeadName: '李**', villageName: '和美村', type: 'care', visitedAt: a.visitedAt, urgent: false })

    // Nothing more to send.
    await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, force: true })
    expect(server.calls).toHaveLength(4)
  })

  it('should keep a referral with its visit while offline and send both in one request once online, never again', async () => {
    const referral = { seen: ['serious_illness' as const, 'other' as const], note: '老人卧床，无人照顾' }
    const a = visit(1, { referral })
    await saveVisit(a, { maskedHeadName: '李**', villageName: '和美村' })
    // Written before any network, referral included (IndexedDB keeps it across a reload).
    expect(await entryOf(a.clientId)).toMatchObject({ state: 'pending', input: { referral }, summary: { referred: true } })
    const server = fakeServer(['network', 'ok'])

    expect(await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, force: true })).toMatchObject({ synced: 0, failed: 1 })
    expect(server.received).toEqual([])
    expect((await entryOf(a.clientId)).input?.referral).toEqual(referral)

    expect(await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, force: true })).toMatchObject({ synced: 1, failed: 0 })
    expect(server.received).toEqual([a])
    expect(server.received[0]!.referral).toEqual(referral)
    // Uploaded: the referral leaves the phone with the visit; the list only says one went.
    expect(await entryOf(a.clientId)).toMatchObject({ state: 'synced', input: null, summary: { referred: true } })
    await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, force: true })
    expect(server.received).toHaveLength(1)
  })

  it('should reject a visit the server refuses (4xx) with the refusal\'s code, not its words, and not send it again', async () => {
    const a = visit(1, { token })
    await saveVisit(a, {})
    const server = fakeServer(['bad_request'])
    expect(await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS })).toEqual({ synced: 0, awaiting: 0, rejected: 1, failed: 0, waiting: 0 })
    const entry = await entryOf(a.clientId)
    expect(entry).toMatchObject({ state: 'rejected', errorCode: 'invalid_code', attempts: 1 })
    // Worded on screen in the language of the moment: the server's Chinese is not kept.
    expect(JSON.stringify(entry)).not.toContain('这个幸福码已作废')
    // The phone's own checks learn that this code no longer counts.
    expect(entry.revokedCode).toEqual({ ref, version: 1 })
    expect(entry.input).toEqual(a)
    await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, force: true })
    expect(server.calls).toHaveLength(1)
  })

  it('should keep a visit the server holds for staff confirmation as awaiting: uploaded, never resent, never deletable as refused', async () => {
    const a = visit(1, { token })
    await saveVisit(a, { maskedHeadName: '王**', villageName: '和美村' })
    const server = fakeServer(['held'])
    expect(await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS })).toEqual({ synced: 0, awaiting: 1, rejected: 0, failed: 0, waiting: 0 })
    expect(await entryOf(a.clientId)).toMatchObject({ state: 'awaiting', syncedId: 'v1', input: null, revokedCode: { ref, version: 1 } })
    await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, force: true })
    expect(server.calls).toHaveLength(1)
    // Kept however long staff take (synced visits go after a week).
    expect((await listEntries(Date.now() + 4 * SYNCED_KEEP_MS)).map(e => e.state)).toEqual(['awaiting'])
  })

  it('should settle awaiting visits as staff decided: confirmed ones uploaded, rejected ones refused', async () => {
    await saveVisit(visit(1, { token }), {}, Date.parse('2026-11-26T08:00:00Z'))
    await saveVisit(visit(2, { token }), {}, Date.parse('2026-11-26T08:01:00Z'))
    await saveVisit(visit(3, { token }), {}, Date.parse('2026-11-26T08:02:00Z'))
    await sync({ transport: fakeServer(['held', 'held', 'held']).transport, timeoutMs: TIMEOUT_MS })
    expect(await settleAwaiting({ confirmed: [visit(1).clientId], rejected: [visit(2).clientId, 'someone-else'] })).toBe(2)
    expect(await entryOf(visit(1).clientId)).toMatchObject({ state: 'synced' })
    expect(await entryOf(visit(2).clientId)).toMatchObject({ state: 'rejected', errorCode: 'not_confirmed' })
    expect(await entryOf(visit(3).clientId)).toMatchObject({ state: 'awaiting' })
    expect(await settleAwaiting({ confirmed: [visit(1).clientId], rejected: [] })).toBe(0)
  })

  it.each([
    [new ApiRequestError('invalid_household_code', '…', 400), 'invalid_code'],
    [new ApiRequestError('invalid_visit_time', '…', 400, 'visitedAt'), 'visit_time'],
    [new ApiRequestError('invalid_photo', '…', 400, 'photo'), 'photo'],
    [new ApiRequestError('validation_failed', '…', 400, 'type'), 'invalid'],
    [new ApiRequestError('forbidden', '…', 403), 'outside_area'],
    [new ApiRequestError('conflict', '…', 409, 'clientId'), 'client_id_taken'],
    [new ApiRequestError('not_found', '…', 404), 'other'],
  ] as const)('should file the refusal %o as %s', (error, code) => {
    expect(refusalCode(error)).toBe(code)
  })

  it('should file a visit refused outside the volunteer\'s area by its code', async () => {
    const a = visit(1)
    await saveVisit(a, {})
    await sync({ transport: fakeServer(['outside_area']).transport, timeoutMs: TIMEOUT_MS })
    expect(await entryOf(a.clientId)).toMatchObject({ state: 'rejected', errorCode: 'outside_area' })
    expect((await entryOf(a.clientId)).revokedCode).toBeUndefined()
  })

  it('should keep visits pending on a server error (and go on with the next) and on an ended session', async () => {
    await saveVisit(visit(1), {}, Date.parse('2026-11-26T08:00:00Z'))
    await saveVisit(visit(2), {}, Date.parse('2026-11-26T08:01:00Z'))
    await saveVisit(visit(3), {}, Date.parse('2026-11-26T08:02:00Z'))
    const server = fakeServer(['server_error', 'ok', 'signed_out'])
    expect(await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS })).toEqual({ synced: 1, awaiting: 0, rejected: 0, failed: 2, waiting: 0 })
    expect(await entryOf(visit(1).clientId)).toMatchObject({ state: 'pending', retryReason: 'server' })
    expect(await entryOf(visit(3).clientId)).toMatchObject({ state: 'pending', retryReason: 'signed_out' })
  })

  it('should wait out the backoff on automatic runs, and try at once when the volunteer taps 立即同步', async () => {
    const a = visit(1)
    await saveVisit(a, {})
    let clock = Date.parse('2026-11-26T08:00:00Z')
    const now = () => clock
    const server = fakeServer(['network', 'network', 'network', 'ok'])
    await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, now })
    expect(server.calls).toHaveLength(1)

    clock += backoffMs(1) - 1
    expect(await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, now })).toEqual({ synced: 0, awaiting: 0, rejected: 0, failed: 0, waiting: 1 })
    expect(server.calls).toHaveLength(1)
    clock += 1
    await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, now })
    expect(server.calls).toHaveLength(2)
    expect(backoffMs(2)).toBeGreaterThan(backoffMs(1))

    await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, now, force: true })
    await sync({ transport: server.transport, timeoutMs: TIMEOUT_MS, now, force: true })
    expect(server.calls).toHaveLength(4)
    expect((await entryOf(a.clientId)).state).toBe('synced')
  })

  it('should not send twice when sync() is called again while a run is going on', async () => {
    await saveVisit(visit(1), {})
    await saveVisit(visit(2), {})
    const server = fakeServer([])
    let release!: () => void
    const gate = new Promise<void>(resolve => (release = resolve))
    const slow: Transport = async (input, options) => {
      await gate
      return server.transport(input, options)
    }
    const runs = [sync({ transport: slow }), sync({ transport: slow }), sync({ transport: slow, force: true })]
    release()
    const reports = await Promise.all(runs)
    expect(reports[0]).toEqual({ synced: 2, awaiting: 0, rejected: 0, failed: 0, waiting: 0 })
    expect(reports[1]).toBe(reports[0])
    expect(reports[2]).toBe(reports[0])
    expect(server.calls).toHaveLength(2)
    expect(server.created).toHaveLength(2)
  })

  it('should not send twice from two tabs when the browser has Web Locks', async () => {
    // A minimal navigator.locks: one holder at a time per name, the others wait in turn.
    const queues = new Map<string, Promise<unknown>>()
    vi.stubGlobal('navigator', {
      locks: {
        request: (name: string, fn: () => Promise<unknown>) => {
          const result = (queues.get(name) ?? Promise.resolve()).then(fn)
          queues.set(name, result.catch(() => {}))
          return result
        },
      },
    })
    await saveVisit(visit(1), {})
    await saveVisit(visit(2), {})
    const server = fakeServer([])
    // A second tab: the same outbox in IndexedDB, its own copy of the module.
    vi.resetModules()
    const otherTab = await import('./outbox')
    await Promise.all([sync({ transport: server.transport }), otherTab.sync({ transport: server.transport })])
    expect(server.calls).toHaveLength(2)
    expect((await outboxEntries()).map(e => e.state)).toEqual(['synced', 'synced'])
  })

  it('should time out a request that never answers and keep the visit pending', async () => {
    const a = visit(1)
    await saveVisit(a, {})
    const server = fakeServer(['hang'])
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const hung = server.nextStall()
    const run = sync({ transport: server.transport, timeoutMs: TIMEOUT_MS })
    await hung
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS)
    expect(await run).toEqual({ synced: 0, awaiting: 0, rejected: 0, failed: 1, waiting: 0 })
    expect(await entryOf(a.clientId)).toMatchObject({ state: 'pending', retryReason: 'timeout' })
  })

  it('should keep one entry when the same form is saved twice (a double tap)', async () => {
    const a = visit(1)
    await Promise.all([saveVisit(a, {}), saveVisit({ ...a, notes: 'second tap' }, {})])
    await saveVisit({ ...a, notes: 'third tap' }, {})
    expect(await outboxEntries()).toHaveLength(1)
  })

  it('should drop synced visits after a week, keep pending ones whatever their age, and wipe all on sign-out', async () => {
    await saveVisit(visit(1), {}, Date.parse('2026-11-01T00:00:00Z'))
    await saveVisit(visit(2), {}, Date.parse('2026-11-01T00:00:01Z'))
    await sync({ transport: fakeServer(['ok', 'network']).transport, now: () => Date.parse('2026-11-01T01:00:00Z') })
    expect((await listEntries(Date.parse('2026-11-01T01:00:00Z') + SYNCED_KEEP_MS)).map(e => e.state)).toEqual(['pending', 'synced'])
    expect((await listEntries(Date.parse('2026-11-01T01:00:01Z') + SYNCED_KEEP_MS)).map(e => e.state)).toEqual(['pending'])
    expect(await outboxEntries()).toHaveLength(1)

    await clearOutbox()
    expect(await outboxEntries()).toHaveLength(0)
  })

  it('should not write a visit back when the outbox is wiped during a run', async () => {
    await saveVisit(visit(1), {})
    let reached!: () => void
    const sending = new Promise<void>(resolve => (reached = resolve))
    let release!: () => void
    const gate = new Promise<void>(resolve => (release = resolve))
    const server = fakeServer([])
    const run = sync({ transport: async (input, options) => {
      reached()
      await gate
      return server.transport(input, options)
    } })
    await sending
    await clearOutbox()
    release()
    await run
    expect(await outboxEntries()).toEqual([])
  })
})
