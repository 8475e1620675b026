// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage, nextRoute } from '../../../app/testing'
import * as api from '../api'
import { useSessionStore } from '../store'
import LoginPage from './LoginPage.vue'

vi.mock('../api', () => ({
  fetchHealth: vi.fn(async () => ({ status: 'ok', db: 'sqlite', demo: false })),
  fetchDemoSmsOutbox: vi.fn(async () => ({ messages: [] })),
  requestSmsCode: vi.fn(async () => ({ sent: true, resendAfterSeconds: 60, expiresInSeconds: 300 })),
  verifySmsCode: vi.fn(),
  loginWithPassword: vi.fn(),
  logout: vi.fn(),
  bindHousehold: vi.fn(),
  fetchSession: vi.fn(async () => ({ user: null })),
}))

const resident = { id: 'u1', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null, household: null } as const

describe('loginPage', () => {
  beforeEach(() => {
    sessionStorage.clear()
    vi.clearAllMocks()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show a field error and send nothing when the phone number is malformed', async () => {
    const { wrapper } = await mountPage(LoginPage, { path: '/login' })
    await wrapper.find('input[name="phone"]').setValue('1380013')
    await wrapper.findAll('button').find(b => b.text() === '获取验证码')!.trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('请输入 11 位手机号')
    expect(api.requestSmsCode).not.toHaveBeenCalled()
  })

  it('should send the code and count down before another may be sent', async () => {
    const { wrapper } = await mountPage(LoginPage, { path: '/login' })
    await wrapper.find('input[name="phone"]').setValue('138 0013 8000')
    await wrapper.findAll('button').find(b => b.text() === '获取验证码')!.trigger('click')
    await flushPromises()
    expect(api.requestSmsCode).toHaveBeenCalledWith('13800138000')
    expect(wrapper.text()).toContain('验证码已发送')
    expect(wrapper.text()).toContain('60 秒后重发')
  })

  it('should ask whether the server is a demo only when a code is sent, and then show the demo code', async () => {
    vi.mocked(api.fetchHealth).mockResolvedValue({ status: 'ok', db: 'sqlite', demo: true })
    vi.mocked(api.fetchDemoSmsOutbox).mockResolvedValue({ messages: [{ phoneMasked: '138****8000', text: '【幸福码】您的登录验证码是 482913，5 分钟内有效。', sentAt: '2026-12-06T10:00:00Z' }] })
    const { wrapper } = await mountPage(LoginPage, { path: '/login' })
    await flushPromises()
    // Opening the page asks nothing of the server.
    expect(api.fetchHealth).not.toHaveBeenCalled()
    await wrapper.find('input[name="phone"]').setValue('13800138000')
    await wrapper.findAll('button').find(b => b.text() === '获取验证码')!.trigger('click')
    await flushPromises()
    expect(api.fetchHealth).toHaveBeenCalledTimes(1)
    expect(wrapper.get('.demo-code').text()).toBe('演示环境验证码：482913')
  })

  it('should send the code all the same when the server cannot say whether it is a demo', async () => {
    vi.mocked(api.fetchHealth).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败', null))
    const { wrapper } = await mountPage(LoginPage, { path: '/login' })
    await wrapper.find('input[name="phone"]').setValue('13800138000')
    await wrapper.findAll('button').find(b => b.text() === '获取验证码')!.trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('验证码已发送')
    expect(wrapper.find('.demo-code').exists()).toBe(false)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })

  it('should sign in and go to the resident home with a right code', async () => {
    vi.mocked(api.verifySmsCode).mockResolvedValue({ user: resident })
    const { wrapper, router } = await mountPage(LoginPage, { path: '/login' })
    await wrapper.find('input[name="phone"]').setValue('13800138000')
    await wrapper.find('input[name="code"]').setValue('123456')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(api.verifySmsCode).toHaveBeenCalledWith({ phone: '13800138000', code: '123456' })
    expect((await nextRoute(router)).path).toBe('/')
  })

  it('should put the server message under the field it names and keep what was typed', async () => {
    vi.mocked(api.verifySmsCode).mockRejectedValue(new ApiRequestError('sms_code_wrong', '验证码不正确，还可以再试 4 次', 400, 'code'))
    const { wrapper } = await mountPage(LoginPage, { path: '/login' })
    await wrapper.find('input[name="phone"]').setValue('13800138000')
    await wrapper.find('input[name="code"]').setValue('000000')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('验证码不正确，还可以再试 4 次')
    expect((wrapper.find('input[name="phone"]').element as HTMLInputElement).value).toBe('13800138000')
    expect((wrapper.find('input[name="code"]').element as HTMLInputElement).value).toBe('000000')
  })

  it('should keep the typed phone number across a remount (reload) but never the code', async () => {
    const first = await mountPage(LoginPage, { path: '/login' })
    await first.wrapper.find('input[name="phone"]').setValue('13800138000')
    await first.wrapper.find('input[name="code"]').setValue('123456')
    first.wrapper.unmount()
    const second = await mountPage(LoginPage, { path: '/login' })
    expect((second.wrapper.find('input[name="phone"]').element as HTMLInputElement).value).toBe('13800138000')
    expect((second.wrapper.find('input[name="code"]').element as HTMLInputElement).value).toBe('')
    expect(JSON.stringify(sessionStorage)).not.toContain('123456')
  })

  it('should show a network failure as a message, not lose the form', async () => {
    vi.mocked(api.loginWithPassword).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败，请检查网络后重试。您填写的内容已保留。', null))
    const { wrapper } = await mountPage(LoginPage, { path: '/login' })
    await wrapper.findAll('[role="tab"]').find(t => t.text() === '工作人员登录')!.trigger('click')
    await flushPromises()
    await wrapper.find('input[name="username"]').setValue('volunteer')
    await wrapper.find('input[name="password"]').setValue('secret')
    await wrapper.findAll('form')[1].trigger('submit')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toContain('网络连接失败')
    expect((wrapper.find('input[name="username"]').element as HTMLInputElement).value).toBe('volunteer')
  })

  it('should say calmly that the sign-in expired and go back to the page the person was on', async () => {
    vi.mocked(api.verifySmsCode).mockResolvedValue({ user: resident })
    const { wrapper, router, pinia } = await mountPage(LoginPage, { path: '/login?redirect=/list' })
    useSessionStore(pinia).ended = 'expired'
    await flushPromises()
    expect(wrapper.get('.expired[role="status"]').text()).toBe('登录已过期，请重新登录。登录后回到您刚才的页面。')
    await wrapper.find('input[name="phone"]').setValue('13800138000')
    await wrapper.find('input[name="code"]').setValue('123456')
    await wrapper.find('form').trigger('submit')
    expect((await nextRoute(router)).path).toBe('/list')
    expect(useSessionStore(pinia).ended).toBeNull()
  })

  it('should never send the person to another site after signing in', async () => {
    vi.mocked(api.verifySmsCode).mockResolvedValue({ user: resident })
    const { wrapper, router } = await mountPage(LoginPage, { path: '/login?redirect=//evil.example/x' })
    await wrapper.find('input[name="phone"]').setValue('13800138000')
    await wrapper.find('input[name="code"]').setValue('123456')
    await wrapper.find('form').trigger('submit')
    expect((await nextRoute(router)).path).toBe('/')
  })
})
