// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountPage, settle } from '../../../app/testing'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import HouseholdCodePage from './HouseholdCodePage.vue'

vi.mock('../api', () => ({ fetchHouseholdCode: vi.fn(), regenerateHouseholdCode: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: null })) }))

const household = { id: 'h1', areaCode: '339901001001', areaName: '和美村', headName: '李建国', memberCount: 3 }
const resident = { id: 'u1', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null } as const
const code = (version: number) => ({ token: `t${version}`, url: `https://xfm.example.gov.cn/h/t${version}`, version, issuedAt: '2026-11-23T08:00:00.000Z' })

async function open(withHousehold: boolean) {
  const mounted = await mountPage(HouseholdCodePage, { path: '/code' })
  useSessionStore(mounted.pinia).user = { ...resident, household: withHousehold ? household : null }
  await settle()
  return mounted
}

describe('household code page', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(api.fetchHouseholdCode).mockResolvedValue(code(1))
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show the household\'s QR, labelled for screen readers', async () => {
    const { wrapper } = await open(true)
    const qr = wrapper.find('[role="img"][aria-label="本户幸福码二维码"]')
    expect(qr.exists()).toBe(true)
    await vi.waitFor(() => expect(qr.html()).toContain('<svg'))
    expect(wrapper.text()).toContain('第 1 版')
  })

  it('should ask to bind a household first and fetch nothing', async () => {
    const { wrapper } = await open(false)
    expect(wrapper.text()).toContain('绑定家庭后才有幸福码')
    expect(api.fetchHouseholdCode).not.toHaveBeenCalled()
  })

  it('should regenerate only after the person confirms, then show the new version', async () => {
    vi.mocked(api.regenerateHouseholdCode).mockResolvedValue(code(2))
    const { wrapper } = await open(true)
    await wrapper.findAll('button').find(b => b.text() === '重新生成幸福码')!.trigger('click')
    expect(api.regenerateHouseholdCode).not.toHaveBeenCalled()
    expect(wrapper.find('[role="alert"]').text()).toContain('旧的幸福码（包括已打印的）立即作废')
    await wrapper.findAll('button').find(b => b.text() === '确定重新生成')!.trigger('click')
    await settle()
    expect(api.regenerateHouseholdCode).toHaveBeenCalledOnce()
    expect(wrapper.text()).toContain('第 2 版')
    expect(wrapper.text()).toContain('已生成新的幸福码，旧码已作废')
  })
})
