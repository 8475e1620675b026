// @vitest-environment happy-dom
import type { VisitInput } from './api'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { watch } from 'vue'
import { ApiRequestError } from '../../api/client'
import { encodeToken, newHouseholdRef } from '../../domain/household-code/token'
import { learnRevoked } from '../household-code/offline-keys'
import * as api from './api'
import { saveVisit, sync } from './outbox'
import { useVisitsStore } from './store'
import { outboxEntries } from './test-support'

vi.mock('./api', () => ({ postVisit: vi.fn(), fetchMyVisits: vi.fn(), fetchHouseholdVisits: vi.fn() }))
vi.mock('../household-code/offline-keys', () => ({ learnRevoked: vi.fn(async () => {}) }))

const visit: VisitInput = { clientId: '00000000-0000-4000-8000-000000000001', token: 'tok', type: 'care', visitedAt: '2026-11-26T02:00:00.000Z', observations: [], urgent: false, urgentNote: '', notes: '' }

describe('the visits store', () => {
  beforeEach(async () => {
    vi.clearAllMocks()
    setActivePinia(createPinia())
    await saveVisit(visit, {})
    // Three failed tries: the next automatic one would wait two minutes.
    vi.mocked(api.postVisit).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败', null))
    for (let i = 0; i < 3; i++)
      await sync({ transport: api.postVisit, force: true })
    vi.mocked(api.postVisit).mockReset()
    vi.mocked(api.postVisit).mockImplementation(async input => ({ id: 's1', clientId: input.clientId, created: true, status: 'accepted' as const }))
  })

  it('should put a code the server held a visit for into the phone\'s own revocation list, once', async () => {
    const ref = newHouseholdRef()
    const { privateKey } = await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair
    const token = await encodeToken({ keyId: 1, ref, version: 3, issuedAt: 1_795_000_000 }, privateKey)
    await saveVisit({ ...visit, clientId: '00000000-0000-4000-8000-000000000009', token }, {})
    vi.mocked(api.postVisit).mockImplementation(async input => ({ id: 's1', clientId: input.clientId, created: true, status: input.token === token ? 'pending_confirmation' as const : 'accepted' as const }))
    const store = useVisitsStore()
    await store.syncNow(true)
    await expect.poll(() => learnRevoked).toHaveBeenCalledWith([{ ref, version: 3 }])
    expect(store.awaiting).toHaveLength(1)
    await store.refresh()
    await store.refresh()
    expect(learnRevoked).toHaveBeenCalledTimes(1)
  })

  it('should send what is pending when started (app start), backoff or not', async () => {
    useVisitsStore().start()
    await expect.poll(async () => (await outboxEntries())[0].state).toBe('synced')
    expect(api.postVisit).toHaveBeenCalledTimes(1)
  })

  it('should send what is pending when the network comes back', async () => {
    const store = useVisitsStore()
    // Not started: an automatic run respects the backoff and sends nothing.
    await store.syncNow()
    expect(api.postVisit).not.toHaveBeenCalled()
    store.start()
    await expect.poll(async () => (await outboxEntries())[0].state).toBe('synced')
    vi.mocked(api.postVisit).mockClear()

    await saveVisit({ ...visit, clientId: '00000000-0000-4000-8000-000000000002' }, {})
    window.dispatchEvent(new Event('online'))
    await expect.poll(() => api.postVisit).toHaveBeenCalledTimes(1)
    await expect.poll(async () => (await outboxEntries()).map(e => e.state)).toEqual(['synced', 'synced'])
  })

  it('should show the sent visits as sent by the time it stops syncing', async () => {
    const store = useVisitsStore()
    await store.refresh()
    expect(store.pending).toHaveLength(1)
    let pendingWhenDone: number | undefined
    watch(() => store.syncing, (syncing) => {
      if (!syncing)
        pendingWhenDone = store.pending.length
    }, { flush: 'sync' })
    await store.syncNow(true)
    expect(pendingWhenDone).toBe(0)
  })
})
