// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage } from '../../../app/testing'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import { sampleNeed } from '../test-support'
import VolunteerNeedsPage from './VolunteerNeedsPage.vue'

vi.mock('../api', () => ({ fetchFieldNeeds: vi.fn(), claimNeed: vi.fn(), releaseNeed: vi.fn(), deliverNeed: vi.fn(), fetchNeed: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: null })) }))

const volunteer = { id: 'v1', role: 'volunteer', displayName: '志愿者 周敏', phoneMasked: null, areaCode: '339901001001', areaName: '和美村', department: null, household: null } as const
const seen = { ownsNeed: false, headName: '李**' }
const open = sampleNeed({ ...seen })
const mine = sampleNeed({ ...seen, id: 'n2', status: 'claimed', isClaimer: true, claimer: { role: 'volunteer', organisation: '和美村志愿服务队' } })

async function mountIt() {
  const mounted = await mountPage(VolunteerNeedsPage, { path: '/volunteer/needs' })
  useSessionStore(mounted.pinia).user = volunteer
  await flushPromises()
  return mounted
}

const button = (wrapper: Awaited<ReturnType<typeof mountIt>>['wrapper'], text: string) => wrapper.findAll('button').find(b => b.text() === text)

describe('volunteer needs page', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    sessionStorage.clear()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show open needs of the area with the village and masked name only, and claim one', async () => {
    vi.mocked(api.fetchFieldNeeds).mockResolvedValueOnce({ open: [open], claimed: [] })
    vi.mocked(api.fetchFieldNeeds).mockResolvedValueOnce({ open: [], claimed: [{ ...open, status: 'claimed', isClaimer: true }] })
    vi.mocked(api.claimNeed).mockResolvedValue({ ...open, status: 'claimed', isClaimer: true })
    const { wrapper } = await mountIt()
    expect(wrapper.text()).toContain('和美村 · 户主 李**')
    expect(wrapper.text()).not.toContain('李建国')
    await button(wrapper, '认领')!.trigger('click')
    await flushPromises()
    expect(api.claimNeed).toHaveBeenCalledWith('n1')
    expect(wrapper.text()).toContain('已认领。请通过入户探访联系住户')
    expect(wrapper.find('[role="tab"][aria-selected="true"]').text()).toContain('我认领的 (1)')
  })

  it('should say so when someone else claimed first, and show the lists as they are now', async () => {
    vi.mocked(api.fetchFieldNeeds).mockResolvedValueOnce({ open: [open], claimed: [] })
    vi.mocked(api.fetchFieldNeeds).mockResolvedValueOnce({ open: [], claimed: [] })
    vi.mocked(api.claimNeed).mockRejectedValue(new ApiRequestError('conflict', '这个微心愿刚被其他志愿者认领了', 409))
    const { wrapper } = await mountIt()
    await button(wrapper, '认领')!.trigger('click')
    await flushPromises()
    expect(api.fetchFieldNeeds).toHaveBeenCalledTimes(2)
    expect(wrapper.find('[role="alert"]').text()).toBe('操作没有成功：这个微心愿刚被其他志愿者认领了')
    expect(wrapper.text()).toContain('您负责的区域暂时没有待认领的心愿')
  })

  it('should mark a claimed need delivered with a note, or give it back', async () => {
    vi.mocked(api.fetchFieldNeeds).mockResolvedValue({ open: [], claimed: [mine] })
    vi.mocked(api.deliverNeed).mockResolvedValue({ ...mine, status: 'delivered' })
    vi.mocked(api.releaseNeed).mockResolvedValue({ ...mine, status: 'open', isClaimer: false, claimer: null })
    const { wrapper } = await mountIt()
    await wrapper.findAll('[role="tab"]').find(tab => tab.text().includes('我认领的'))!.trigger('click')
    await flushPromises()
    expect(button(wrapper, '认领')).toBeUndefined()
    await button(wrapper, '放弃认领')!.trigger('click')
    await flushPromises()
    expect(api.releaseNeed).toHaveBeenCalledWith('n2')

    await button(wrapper, '标记为已送达')!.trigger('click')
    await wrapper.find('textarea[name="note"]').setValue('大米已送到')
    await wrapper.find('form.deliver').trigger('submit')
    await flushPromises()
    expect(api.deliverNeed).toHaveBeenCalledWith('n2', { note: '大米已送到' })
    expect(wrapper.text()).toContain('已标记送达，等待住户确认')
  })
})
