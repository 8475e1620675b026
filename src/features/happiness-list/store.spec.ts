// @vitest-environment happy-dom
import type { SessionUser } from '../../domain/http/auth'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../api/client'
import { readState, writeState } from '../../app/idb-test-support'
import { useSessionStore } from '../account/store'
import * as api from './api'
import { MAX_KEPT_LISTS, STORAGE_KEY, useHappinessListStore } from './store'
import { sampleList, signInResident } from './test-support'

vi.mock('./api', async importOriginal => ({ ...(await importOriginal<typeof import('./api')>()), fetchList: vi.fn() }))

const offline = new ApiRequestError('network_error', '网络不通', null)
async function kept() {
  return (await readState<{ lists: { key: string, household: string | null }[] }>(STORAGE_KEY))!
}

describe('happiness-list store', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    setActivePinia(createPinia())
  })

  it('should keep each filter\'s list, newest first, up to a limit', async () => {
    vi.mocked(api.fetchList).mockImplementation(async f => sampleList({ year: f.year }))
    const store = useHappinessListStore()
    for (let i = 0; i < MAX_KEPT_LISTS + 2; i++) {
      store.filter.year = 2000 + i
      await store.load()
    }
    await flushPromises()
    expect((await kept()).lists).toHaveLength(MAX_KEPT_LISTS)
    expect((await kept()).lists[0].key).toBe(`year=${2000 + MAX_KEPT_LISTS + 1}`)
  })

  it('should show the same filter\'s kept list when the network fails, saying it comes from the device', async () => {
    vi.mocked(api.fetchList).mockResolvedValueOnce(sampleList({ year: 2025 })).mockResolvedValueOnce(sampleList({ year: 2026 })).mockRejectedValue(offline)
    const store = useHappinessListStore()
    store.filter.year = 2025
    await store.load()
    store.filter.year = 2026
    await store.load()
    store.filter.year = 2025
    await store.load()
    expect(store.list?.year).toBe(2025)
    expect(store.fromDevice).toBe(true)
    expect(store.error).toBe('网络不通')
  })

  it('should still show a list an older version kept with syncedAt, dated by it', async () => {
    const list = sampleList({ year: 2025 })
    await writeState(STORAGE_KEY, { lists: [{ key: 'year=2025', household: null, data: list, syncedAt: '2026-11-20T02:05:00.000Z' }], quarters: [] })
    vi.mocked(api.fetchList).mockRejectedValue(offline)
    const store = useHappinessListStore()
    store.filter.year = 2025
    await store.load()
    expect(store.list?.year).toBe(2025)
    expect(store.fromDevice).toBe(true)
    expect(store.syncedAt).toBe('2026-11-20T02:05:00.000Z')
  })

  it('should drop another household\'s lists once the session says whose phone this is', async () => {
    vi.mocked(api.fetchList).mockResolvedValue(sampleList())
    signInResident('h-other')
    await useHappinessListStore().load()
    await flushPromises()
    expect((await kept()).lists.map(l => l.household)).toEqual(['h-other'])

    setActivePinia(createPinia())
    signInResident('h-mine')
    vi.mocked(api.fetchList).mockRejectedValue(offline)
    const store = useHappinessListStore()
    await store.load()
    await flushPromises()
    expect(store.list).toBeNull()
    expect((await kept()).lists).toEqual([])
  })

  it('should ask the server once when the page takes over the list loaded ahead as the route was entered', async () => {
    vi.mocked(api.fetchList).mockResolvedValue(sampleList({ year: 2026 }))
    signInResident('h2')
    const store = useHappinessListStore()
    store.loadAhead()
    await store.load()
    expect(api.fetchList).toHaveBeenCalledTimes(1)
    expect(store.list?.year).toBe(2026)
    // Later loads (a filter changed, the page opened again) ask the server again.
    await store.load()
    expect(api.fetchList).toHaveBeenCalledTimes(2)
  })

  it('should not take over a list loaded ahead for another filter', async () => {
    signInResident('h2')
    const asked: number[] = []
    vi.mocked(api.fetchList).mockImplementation(async (f) => {
      asked.push(f.year)
      return sampleList({ year: f.year })
    })
    const store = useHappinessListStore()
    store.filter.year = 2025
    store.loadAhead()
    store.filter.year = 2026
    await store.load()
    expect(asked).toEqual([2025, 2026])
    expect(store.list?.year).toBe(2026)
  })

  it('should not load ahead without a household, which the page asks to bind first, nor with the session unknown', async () => {
    useHappinessListStore().loadAhead()
    useSessionStore().user = { id: 'u', role: 'resident', displayName: '李建国', phoneMasked: null, areaCode: null, areaName: null, department: null, household: null } as unknown as SessionUser
    useHappinessListStore().loadAhead()
    expect(api.fetchList).not.toHaveBeenCalled()
  })
})
