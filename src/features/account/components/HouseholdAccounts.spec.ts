// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage } from '../../../app/testing'
import * as api from '../api'
import HouseholdAccounts from './HouseholdAccounts.vue'

vi.mock('../api', () => ({ fetchHouseholdAccounts: vi.fn(), removeHouseholdAccount: vi.fn(), fetchSession: vi.fn(async () => ({ user: null })) }))

const me = { id: 'u1', phoneMasked: '138****8000', boundAt: '2026-12-01T02:00:00.000Z', boundVia: 'registry_phone', you: true } as const
const stranger = { id: 'u2', phoneMasked: '137****1234', boundAt: '2026-12-04T02:00:00.000Z', boundVia: 'id_and_name', you: false } as const

describe('householdAccounts', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(api.fetchHouseholdAccounts).mockResolvedValue({ accounts: [me, stranger] })
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should list every bound phone, masked, with how it was bound', async () => {
    const { wrapper } = await mountPage(HouseholdAccounts)
    await flushPromises()
    expect(wrapper.text()).toContain('138****8000')
    expect(wrapper.text()).toContain('本机')
    expect(wrapper.text()).toContain('户籍登记手机号验证')
    expect(wrapper.text()).toContain('137****1234')
    expect(wrapper.text()).toContain('身份证号和姓名（旧方式）')
  })

  it('should ask before removing an account, then remove only that one', async () => {
    vi.mocked(api.removeHouseholdAccount).mockResolvedValue({ accounts: [me] })
    const { wrapper } = await mountPage(HouseholdAccounts)
    await flushPromises()
    const removeButton = wrapper.findAll('button').find(b => b.text() === '移除')!
    await removeButton.trigger('click')
    expect(api.removeHouseholdAccount).not.toHaveBeenCalled()
    expect(wrapper.find('[role="alertdialog"]').text()).toContain('确定移除 137****1234 吗')
    await wrapper.find('[role="alertdialog"]').findAll('button').find(b => b.text() === '移除')!.trigger('click')
    await flushPromises()
    expect(api.removeHouseholdAccount).toHaveBeenCalledWith('u2')
    expect(wrapper.text()).not.toContain('137****1234')
    expect(wrapper.emitted('left')).toBeUndefined()
  })

  it('should tell the page when the person takes their own account out', async () => {
    vi.mocked(api.removeHouseholdAccount).mockResolvedValue({ accounts: [] })
    const { wrapper } = await mountPage(HouseholdAccounts)
    await flushPromises()
    await wrapper.findAll('button').find(b => b.text() === '退出家庭')!.trigger('click')
    await wrapper.find('[role="alertdialog"]').findAll('button').find(b => b.text() === '退出家庭')!.trigger('click')
    await flushPromises()
    expect(wrapper.emitted('left')).toHaveLength(1)
  })

  it('should keep the list and say why when removing fails', async () => {
    vi.mocked(api.removeHouseholdAccount).mockRejectedValue(new ApiRequestError('not_found', '没有找到您要的内容', 404))
    const { wrapper } = await mountPage(HouseholdAccounts)
    await flushPromises()
    await wrapper.findAll('button').find(b => b.text() === '移除')!.trigger('click')
    await wrapper.find('[role="alertdialog"]').findAll('button').find(b => b.text() === '移除')!.trigger('click')
    await flushPromises()
    expect(wrapper.find('.form-error').text()).toContain('没有找到您要的内容')
    expect(wrapper.text()).toContain('137****1234')
  })
})
