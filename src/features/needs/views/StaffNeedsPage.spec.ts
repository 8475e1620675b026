// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountPage } from '../../../app/testing'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import { sampleNeed } from '../test-support'
import StaffNeedsPage from './StaffNeedsPage.vue'

vi.mock('../api', () => ({ fetchStaffNeeds: vi.fn(), moderateNeed: vi.fn(), fetchNeed: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: null })) }))

const town = { id: 's1', role: 'town_staff', displayName: '孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null } as const
const need = sampleNeed({ ownsNeed: false, headName: '李**' })

async function mountIt() {
  const mounted = await mountPage(StaffNeedsPage, { path: '/staff/needs' })
  useSessionStore(mounted.pinia).user = town
  await flushPromises()
  return mounted
}

describe('staff needs page', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    sessionStorage.clear()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should filter by status', async () => {
    vi.mocked(api.fetchStaffNeeds).mockResolvedValue([need])
    const { wrapper } = await mountIt()
    expect(api.fetchStaffNeeds).toHaveBeenLastCalledWith(undefined)
    await wrapper.find('select[name="status"]').setValue('removed')
    await flushPromises()
    expect(api.fetchStaffNeeds).toHaveBeenLastCalledWith('removed')
  })

  it('should remove a need only with a reason, then offer to restore it', async () => {
    vi.mocked(api.fetchStaffNeeds).mockResolvedValue([need])
    vi.mocked(api.moderateNeed).mockResolvedValue({ ...need, status: 'removed', statusBeforeRemoval: 'open', removalReason: '与求助无关' })
    const { wrapper } = await mountIt()
    await wrapper.findAll('button').find(b => b.text() === '下架')!.trigger('click')
    await wrapper.find('form.moderate').trigger('submit')
    await flushPromises()
    expect(api.moderateNeed).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('请写明原因')
    await wrapper.find('input[name="reason"]').setValue(' 与求助无关 ')
    await wrapper.find('form.moderate').trigger('submit')
    await flushPromises()
    expect(api.moderateNeed).toHaveBeenCalledWith('n1', { action: 'remove', reason: '与求助无关' })
    expect(wrapper.text()).toContain('下架原因：与求助无关')
    expect(wrapper.findAll('button').some(b => b.text() === '恢复')).toBe(true)
  })
})
