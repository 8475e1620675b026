// @vitest-environment happy-dom
import type { SessionUser } from '../../../domain/http/auth'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { readState } from '../../../app/idb-test-support'
import { mountPage, nextRoute } from '../../../app/testing'
import * as accountApi from '../../account/api'
import { KIOSK_STORAGE_KEY } from '../../kiosk/store'
import * as api from '../api'
import { OWN_CODE_KEY } from '../store'
import HouseholdCodePage from './HouseholdCodePage.vue'

vi.mock('../api', () => ({ fetchHouseholdCode: vi.fn(), regenerateHouseholdCode: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn() }))

const household = { id: 'h1', areaCode: '339901001001', areaName: '和美村', headName: '李建国', memberCount: 3 }
const resident = { id: 'u1', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null } as const
const code = (version: number) => ({ token: `t${version}`, url: `https://xfm.example.gov.cn/h/t${version}`, version, issuedAt: '2026-11-23T08:00:00.000Z' })
const networkDown = () => new ApiRequestError('network_error', '网络连接失败，请检查网络后重试。', null)

function signedIn(withHousehold = true) {
  vi.mocked(accountApi.fetchSession).mockResolvedValue({ user: { ...resident, household: withHousehold ? household : null } as SessionUser })
}

async function open() {
  const mounted = await mountPage(HouseholdCodePage, { path: '/code' })
  await flushPromises()
  return mounted
}

const kept = () => readState<{ householdId: string, code: { version: number, url: string } }>(OWN_CODE_KEY)
const qr = (wrapper: Awaited<ReturnType<typeof open>>['wrapper']) => wrapper.find('[role="img"][aria-label="本户幸福码二维码"]')

describe('household code page', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    localStorage.clear()
    signedIn()
    vi.mocked(api.fetchHouseholdCode).mockResolvedValue(code(1))
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show the household\'s QR, labelled for screen readers, and keep it on the phone', async () => {
    const { wrapper } = await open()
    await expect.poll(() => qr(wrapper).html()).toContain('<svg')
    expect(wrapper.text()).toContain('第 1 版')
    expect(wrapper.text()).toContain('和美村 · 李建国')
    await expect.poll(() => kept()).toMatchObject({ householdId: 'h1', code: { version: 1, url: code(1).url } })
    expect(wrapper.text()).not.toContain('离线显示')
  })

  it('should ask to bind a household first and fetch nothing', async () => {
    signedIn(false)
    const { wrapper, router } = await open()
    expect(wrapper.text()).toContain('绑定家庭后才有幸福码')
    expect(api.fetchHouseholdCode).not.toHaveBeenCalled()
    await wrapper.findAll('button').find(b => b.text() === '去绑定家庭')!.trigger('click')
    expect((await nextRoute(router)).path).toBe('/bind')
  })

  it('should show the kept code, saying since when, when the app is reopened with no signal', async () => {
    const first = await open()
    await expect.poll(() => kept()).toBeDefined()
    first.wrapper.unmount()
    document.body.innerHTML = ''

    // Reopened offline: neither the session nor the code can be fetched.
    vi.mocked(accountApi.fetchSession).mockRejectedValue(networkDown())
    vi.mocked(api.fetchHouseholdCode).mockRejectedValue(networkDown())
    const { wrapper } = await open()
    await expect.poll(() => wrapper.text()).toContain('离线显示，上次更新于')
    expect(wrapper.text()).not.toContain('绑定家庭后才有幸福码')
    expect(wrapper.text()).not.toContain('去绑定家庭')
    await expect.poll(() => qr(wrapper).html()).toContain('<svg')
    expect(wrapper.text()).toContain('第 1 版')
    expect(wrapper.text()).toContain('和美村 · 李建国')
    // A new code needs the server.
    expect(wrapper.text()).not.toContain('重新生成幸福码')
  })

  it('should show the kept code instead of an error when the signal is lost while signed in', async () => {
    const first = await open()
    await expect.poll(() => kept()).toBeDefined()
    first.wrapper.unmount()
    document.body.innerHTML = ''

    vi.mocked(api.fetchHouseholdCode).mockRejectedValue(networkDown())
    const { wrapper } = await open()
    await expect.poll(() => wrapper.text()).toContain('离线显示，上次更新于')
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(qr(wrapper).exists()).toBe(true)
  })

  it('should say the code is shown offline when the page loads it again and finds no network (same app session)', async () => {
    const { wrapper } = await open()
    await expect.poll(() => wrapper.text()).toContain('第 1 版')
    vi.mocked(api.fetchHouseholdCode).mockRejectedValue(networkDown())
    // Back online for a moment (the page loads again) on a network that fails.
    window.dispatchEvent(new Event('offline'))
    window.dispatchEvent(new Event('online'))
    await expect.poll(() => wrapper.text()).toContain('离线显示，上次更新于')
    expect(qr(wrapper).exists()).toBe(true)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('重新生成幸福码')
  })

  it('should say to go online once, not to bind, when nothing is kept and the session cannot be reached', async () => {
    vi.mocked(accountApi.fetchSession).mockRejectedValue(networkDown())
    const { wrapper } = await open()
    await expect.poll(() => wrapper.text()).toContain('请联网后打开一次本页')
    expect(wrapper.text()).not.toContain('绑定家庭后才有幸福码')
  })

  it('should replace a kept version by the one the server gives next (the old one was regenerated)', async () => {
    const first = await open()
    await expect.poll(async () => (await kept())?.code.version).toBe(1)
    first.wrapper.unmount()
    document.body.innerHTML = ''

    vi.mocked(api.fetchHouseholdCode).mockResolvedValue(code(2))
    const { wrapper } = await open()
    await expect.poll(() => wrapper.text()).toContain('第 2 版')
    expect(wrapper.text()).not.toContain('第 1 版')
    await expect.poll(async () => (await kept())?.code.version).toBe(2)
  })

  it('should forget the kept code when the server says the household is no longer this person\'s', async () => {
    const first = await open()
    await expect.poll(() => kept()).toBeDefined()
    first.wrapper.unmount()
    document.body.innerHTML = ''

    vi.mocked(api.fetchHouseholdCode).mockRejectedValue(new ApiRequestError('forbidden', '请先绑定您的家庭，才能查看幸福码', 403))
    const { wrapper } = await open()
    await expect.poll(() => wrapper.find('[role="alert"]').text()).toContain('请先绑定您的家庭')
    await expect.poll(() => kept()).toBeUndefined()
    expect(qr(wrapper).exists()).toBe(false)
  })

  it('should keep nothing on a kiosk', async () => {
    localStorage.setItem(KIOSK_STORAGE_KEY, JSON.stringify({ enabled: true, idleSeconds: 90, countdownSeconds: 30 }))
    const { wrapper } = await open()
    await expect.poll(() => qr(wrapper).exists()).toBe(true)
    await flushPromises()
    expect(await kept()).toBeUndefined()
  })

  it('should offer to sign in when nobody is', async () => {
    vi.mocked(accountApi.fetchSession).mockResolvedValue({ user: null })
    const { wrapper, router } = await open()
    await expect.poll(() => wrapper.text()).toContain('请先登录')
    expect(api.fetchHouseholdCode).not.toHaveBeenCalled()
    await wrapper.findAll('button').find(b => b.text() === '去登录')!.trigger('click')
    expect((await nextRoute(router)).fullPath).toBe('/login?redirect=/code')
  })

  it('should regenerate only after the person confirms, then show and keep the new version', async () => {
    vi.mocked(api.regenerateHouseholdCode).mockResolvedValue(code(2))
    const { wrapper } = await open()
    await expect.poll(() => wrapper.findAll('button').some(b => b.text() === '重新生成幸福码')).toBe(true)
    await wrapper.findAll('button').find(b => b.text() === '重新生成幸福码')!.trigger('click')
    expect(api.regenerateHouseholdCode).not.toHaveBeenCalled()
    expect(wrapper.find('[role="alert"]').text()).toContain('旧的幸福码（包括已打印的）立即作废')
    await wrapper.findAll('button').find(b => b.text() === '确定重新生成')!.trigger('click')
    await flushPromises()
    expect(api.regenerateHouseholdCode).toHaveBeenCalledOnce()
    expect(wrapper.text()).toContain('第 2 版')
    expect(wrapper.text()).toContain('已生成新的幸福码，旧码已作废')
    await expect.poll(async () => (await kept())?.code.version).toBe(2)
  })
})
