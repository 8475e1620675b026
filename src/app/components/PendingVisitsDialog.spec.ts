// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../api/client'
import * as accountApi from '../../features/account/api'
import MePage from '../../features/account/views/MePage.vue'
import * as api from '../../features/visits/api'
import { clearOutbox, saveVisit } from '../../features/visits/outbox'
import { outboxEntries } from '../../features/visits/test-support'
import { mountPage } from '../testing'

vi.mock('../../features/visits/api', () => ({ postVisit: vi.fn(), fetchMyVisits: vi.fn(), fetchHouseholdVisits: vi.fn() }))
vi.mock('../../features/account/api', () => ({
  fetchSession: vi.fn(async () => ({ user: { id: 'v1', role: 'volunteer', displayName: '王志愿', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: null, household: null } })),
  logout: vi.fn(async () => ({})),
}))

const visit = (n: number) => ({ clientId: `00000000-0000-4000-8000-00000000000${n}`, token: 'tok', type: 'care' as const, visitedAt: '2026-11-26T02:00:00.000Z', observations: [], urgent: false, urgentNote: '', notes: '' })

async function open() {
  const mounted = await mountPage(MePage, { path: '/me' })
  const { useSessionStore } = await import('../../features/account/store')
  await useSessionStore(mounted.pinia).ensureLoaded()
  await flushPromises()
  return mounted
}

function button(text: string) {
  return [...document.querySelectorAll('button')].find(b => b.textContent?.trim() === text) as HTMLButtonElement | undefined
}

describe('signing out with visits not uploaded', () => {
  const replace = vi.fn()
  beforeEach(async () => {
    vi.clearAllMocks()
    vi.stubGlobal('location', { ...window.location, replace })
    await saveVisit(visit(1), {})
    await saveVisit(visit(2), {})
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('should ask first, and sign out only after 仍然退出, wiping the outbox', async () => {
    await open()
    button('退出登录')!.click()
    await expect.poll(() => document.body.textContent).toContain('2 条探访尚未上传')
    expect(accountApi.logout).not.toHaveBeenCalled()

    button('仍然退出')!.click()
    await expect.poll(() => accountApi.logout).toHaveBeenCalledTimes(1)
    await expect.poll(() => outboxEntries()).toEqual([])
    expect(replace).toHaveBeenCalledWith('/login')
  })

  it('should upload with 立即同步 and then sign out; or stay, saying why, when the upload fails', async () => {
    vi.mocked(api.postVisit).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败', null))
    await open()
    button('退出登录')!.click()
    await expect.poll(() => button('立即同步')).toBeDefined()
    button('立即同步')!.click()
    await expect.poll(() => document.body.textContent).toContain('网络不通，联网后自动上传')
    expect(accountApi.logout).not.toHaveBeenCalled()
    expect(await outboxEntries()).toHaveLength(2)

    vi.mocked(api.postVisit).mockImplementation(async input => ({ id: `s${input.clientId.slice(-1)}`, clientId: input.clientId, created: true, status: 'accepted' as const }))
    button('立即同步')!.click()
    await expect.poll(() => accountApi.logout).toHaveBeenCalledTimes(1)
    expect(api.postVisit).toHaveBeenCalledTimes(3)
    await expect.poll(() => outboxEntries()).toEqual([])
  })

  it('should sign out at once when nothing waits', async () => {
    await clearOutbox()
    await open()
    button('退出登录')!.click()
    await expect.poll(() => accountApi.logout).toHaveBeenCalledTimes(1)
    expect(document.body.textContent).not.toContain('尚未上传')
  })
})
