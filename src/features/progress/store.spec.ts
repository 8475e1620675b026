// @vitest-environment happy-dom
import type { ApplicationView } from '../../domain/application/schemas'
import { until } from '@vueuse/core'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../api/client'
import * as api from './api'
import { useProgressStore } from './store'
import { applicationView, caseView } from './test-support'
import '../../app/idb-test-support'

vi.mock('./api', () => ({ fetchApplications: vi.fn(), fetchApplication: vi.fn() }))
vi.mock('../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: null })) }))

/** An answer the test gives when it chooses: a slow network. */
function later<T>() {
  let answer!: (value: T) => void
  let refuse!: (error: Error) => void
  const promise = new Promise<T>((resolve, reject) => {
    answer = resolve
    refuse = reject
  })
  return { promise, answer, refuse }
}

const before = applicationView({ cases: [caseView({ status: 'submitted' })] })
const after = applicationView({ cases: [caseView({ status: 'accepted' })] })
const statuses = (applications: ApplicationView[]) => applications.map(a => a.cases[0].status)

describe('the progress store', () => {
  beforeEach(async () => {
    vi.clearAllMocks()
    setActivePinia(createPinia())
    await until(() => useProgressStore().ready).toBe(true)
  })

  it('should keep the newer list when an older, slower answer arrives after it', async () => {
    const slow = later<{ applications: ApplicationView[] }>()
    vi.mocked(api.fetchApplications).mockReturnValueOnce(slow.promise).mockResolvedValueOnce({ applications: [after] })
    const store = useProgressStore()
    const first = store.refresh()
    await store.refresh()
    slow.answer({ applications: [before] })
    await first
    expect(statuses(store.applications)).toEqual(['accepted'])
    expect(store.loading).toBe(false)
  })

  it('should keep one application fetched after a list that arrives later', async () => {
    const slow = later<{ applications: ApplicationView[] }>()
    vi.mocked(api.fetchApplications).mockReturnValueOnce(slow.promise)
    vi.mocked(api.fetchApplication).mockResolvedValueOnce(after)
    const store = useProgressStore()
    const list = store.refresh()
    await store.refreshOne(after.id)
    expect(store.loading).toBe(false)
    slow.answer({ applications: [before] })
    await list
    expect(statuses(store.applications)).toEqual(['accepted'])
  })

  it('should not show the failure of an older fetch once a newer one worked', async () => {
    const slow = later<{ applications: ApplicationView[] }>()
    vi.mocked(api.fetchApplications).mockReturnValueOnce(slow.promise).mockResolvedValueOnce({ applications: [after] })
    const store = useProgressStore()
    const first = store.refresh()
    await store.refresh()
    slow.refuse(new ApiRequestError('network_error', '网络连接失败', null))
    await first
    expect(store.error).toBe('')
    expect(store.offline).toBe(false)
    expect(statuses(store.applications)).toEqual(['accepted'])
  })
})
