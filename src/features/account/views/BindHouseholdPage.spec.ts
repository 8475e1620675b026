// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage, nextRoute } from '../../../app/testing'
import * as api from '../api'
import BindHouseholdPage from './BindHouseholdPage.vue'

const resident = { id: 'u1', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null, household: null } as const
const household = { id: 'h1', areaCode: '339901001001', areaName: '和美村', headName: '王芳', memberCount: 2 }

vi.mock('../api', () => ({ bindHousehold: vi.fn(), fetchSession: vi.fn(async () => ({ user: resident })) }))

async function fill(wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], idNumber: string, name: string) {
  await wrapper.find('input[name="idNumber"]').setValue(idNumber)
  await wrapper.find('input[name="name"]').setValue(name)
  await wrapper.find('form').trigger('submit')
  await flushPromises()
}

describe('bindHouseholdPage', () => {
  beforeEach(() => {
    sessionStorage.clear()
    vi.clearAllMocks()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it.each([
    ['340524198001010013', '身份证号最后一位校验码不对，请核对'],
    ['3405241980', '身份证号应为 18 位'],
    ['110105194902300020', '身份证号中的出生日期不正确'],
  ])('should explain what is wrong with ID %s before calling the server', async (idNumber, message) => {
    const { wrapper } = await mountPage(BindHouseholdPage, { path: '/bind' })
    await fill(wrapper, idNumber, '李建国')
    expect(wrapper.text()).toContain(message)
    expect(api.bindHousehold).not.toHaveBeenCalled()
  })

  it('should send a normalised ID number (upper-case X) and go home when bound', async () => {
    vi.mocked(api.bindHousehold).mockResolvedValue({ user: { ...resident, household } })
    const { wrapper, router } = await mountPage(BindHouseholdPage, { path: '/bind' })
    await fill(wrapper, '11010519491231002x', '王芳')
    expect(api.bindHousehold).toHaveBeenCalledWith({ idNumber: '11010519491231002X', name: '王芳' })
    expect((await nextRoute(router)).path).toBe('/')
    expect(sessionStorage.getItem('xfm.draft.bind')).toBeNull()
  })

  it('should go back to the page that asked for a household once bound', async () => {
    vi.mocked(api.bindHousehold).mockResolvedValue({ user: { ...resident, household } })
    const { wrapper, router } = await mountPage(BindHouseholdPage, { path: '/bind?redirect=/list' })
    await fill(wrapper, '11010519491231002X', '王芳')
    expect((await nextRoute(router)).fullPath).toBe('/list')
  })

  it('should not follow a redirect to another site', async () => {
    vi.mocked(api.bindHousehold).mockResolvedValue({ user: { ...resident, household } })
    const { wrapper, router } = await mountPage(BindHouseholdPage, { path: '/bind?redirect=//evil.example/list' })
    await fill(wrapper, '11010519491231002X', '王芳')
    expect((await nextRoute(router)).fullPath).toBe('/')
  })

  it('should show the server refusal and keep both fields', async () => {
    vi.mocked(api.bindHousehold).mockRejectedValue(new ApiRequestError('household_not_found', '没有找到与该身份证号和姓名相符的户籍信息，请核对后再试', 404))
    const { wrapper } = await mountPage(BindHouseholdPage, { path: '/bind' })
    await fill(wrapper, '11010519491231002X', '王芳')
    expect(wrapper.find('[role="alert"]').text()).toContain('没有找到')
    expect((wrapper.find('input[name="idNumber"]').element as HTMLInputElement).value).toBe('11010519491231002X')
    expect((wrapper.find('input[name="name"]').element as HTMLInputElement).value).toBe('王芳')
  })
})
