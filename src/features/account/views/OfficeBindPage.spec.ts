// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage } from '../../../app/testing'
import * as api from '../api'
import OfficeBindPage from './OfficeBindPage.vue'

vi.mock('../api', () => ({ bindHouseholdAtOffice: vi.fn(), fetchSession: vi.fn(async () => ({ user: null })) }))

const household = { id: 'h1', areaCode: '339901001002', areaName: '桃源村', headName: '陈桂兰', memberCount: 2 }

async function fill(wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], { checked }: { checked: boolean }) {
  await wrapper.find('input[name="phone"]').setValue('137 0000 1234')
  await wrapper.find('input[name="idNumber"]').setValue('339901194002110026')
  await wrapper.find('input[name="name"]').setValue('陈桂兰')
  if (checked)
    await wrapper.find('[role="checkbox"]').trigger('click')
  await wrapper.find('form').trigger('submit')
  await flushPromises()
}

describe('officeBindPage', () => {
  beforeEach(() => {
    sessionStorage.clear()
    vi.clearAllMocks()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should not send anything until the ID card is confirmed as checked', async () => {
    const { wrapper } = await mountPage(OfficeBindPage, { path: '/staff/bind' })
    await fill(wrapper, { checked: false })
    expect(wrapper.text()).toContain('请先核验身份证原件并勾选')
    expect(api.bindHouseholdAtOffice).not.toHaveBeenCalled()
  })

  it('should bind the normalised phone and say to which household, then clear the form', async () => {
    vi.mocked(api.bindHouseholdAtOffice).mockResolvedValue({ household, phoneMasked: '137****1234' })
    const { wrapper } = await mountPage(OfficeBindPage, { path: '/staff/bind' })
    await fill(wrapper, { checked: true })
    expect(api.bindHouseholdAtOffice).toHaveBeenCalledWith({ phone: '13700001234', idNumber: '339901194002110026', name: '陈桂兰', idCardChecked: true })
    expect(wrapper.find('[role="status"]').text()).toBe('已绑定：137****1234 → 桃源村 陈桂兰家（2 人）')
    expect((wrapper.find('input[name="idNumber"]').element as HTMLInputElement).value).toBe('')
    expect(wrapper.find('[role="checkbox"]').attributes('aria-checked')).toBe('false')
  })

  it('should keep what was typed when the server refuses', async () => {
    vi.mocked(api.bindHouseholdAtOffice).mockRejectedValue(new ApiRequestError('household_already_bound', '您已绑定家庭，如需更换请联系村（社区）工作人员', 409))
    const { wrapper } = await mountPage(OfficeBindPage, { path: '/staff/bind' })
    await fill(wrapper, { checked: true })
    expect(wrapper.find('.form-error').text()).toContain('已绑定家庭')
    expect((wrapper.find('input[name="name"]').element as HTMLInputElement).value).toBe('陈桂兰')
  })
})
