// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage, nextRoute, radiosWithoutGroupName } from '../../../app/testing'
import { useSessionStore } from '../store'
import MePage from './MePage.vue'

vi.mock('../api', () => ({ fetchSession: vi.fn(async () => ({ user: null })), logout: vi.fn(async () => ({ user: null })) }))

describe('mePage', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    localStorage.clear()
  })

  it('should switch elder mode on the whole document and remember it', async () => {
    const { wrapper } = await mountPage(MePage, { path: '/me' })
    await wrapper.find('[role="switch"]').trigger('click')
    await flushPromises()
    expect(document.documentElement.classList.contains('elder')).toBe(true)
    expect(localStorage.getItem('xfm.elderMode')).toBe('true')
  })

  it('should switch the language and the document lang', async () => {
    const { wrapper } = await mountPage(MePage, { path: '/me' })
    await wrapper.findAll('[role="radio"]').find(r => r.text().includes('English'))!.trigger('click')
    await expect.poll(() => document.documentElement.lang).toBe('en')
    await flushPromises()
    expect(wrapper.text()).toContain('Large text mode')
  })

  it('should offer the three languages, each named in itself', async () => {
    const { wrapper } = await mountPage(MePage, { path: '/me' })
    const radios = wrapper.findAll('[role="radio"]')
    expect(radios.map(r => r.text())).toEqual(['简体中文', '繁體中文', 'English'])
    expect(radios.map(r => r.attributes('lang'))).toEqual(['zh-CN', 'zh-TW', 'en'])
  })

  it('should name the group of language radios', async () => {
    const { wrapper } = await mountPage(MePage, { path: '/me' })
    expect(wrapper.get('[role="radiogroup"]').attributes('aria-label')).toBe('语言')
    expect(radiosWithoutGroupName(wrapper.element)).toEqual([])
  })

  it('should give someone known to be signed out the one step to take: 去登录', async () => {
    const { wrapper, router } = await mountPage(MePage, { path: '/me', before: (pinia) => {
      useSessionStore(pinia).loaded = true
    } })
    expect(wrapper.text()).toContain('您还没有登录')
    await wrapper.findAll('button').find(b => b.text() === '去登录')!.trigger('click')
    expect((await nextRoute(router)).fullPath).toBe('/login?redirect=/me')
  })

  it('should not ask to sign in when offline and the session could not be checked', async () => {
    const { wrapper } = await mountPage(MePage, { path: '/me' })
    expect(wrapper.text()).toContain('没有网络，暂时无法确认登录状态')
    expect(wrapper.findAll('button').some(b => b.text() === '去登录')).toBe(false)
  })

  it('should show traditional characters after choosing 繁體中文, and remember it', async () => {
    const { wrapper } = await mountPage(MePage, { path: '/me' })
    expect(wrapper.text()).toContain('长辈版')
    await wrapper.findAll('[role="radio"]').find(r => r.text() === '繁體中文')!.trigger('click')
    await expect.poll(() => document.documentElement.lang).toBe('zh-TW')
    await flushPromises()
    expect(wrapper.text()).toContain('長輩版')
    expect(wrapper.text()).toContain('字更大、按鈕更大')
    expect(wrapper.text()).not.toContain('长辈版')
    expect(localStorage.getItem('xfm.locale')).toBe('zh-TW')
  })

  it('should leave no drafts of the person on the device after signing out', async () => {
    sessionStorage.setItem('xfm.draft.bind', '{"idNumber":"11010519491231002X"}')
    sessionStorage.setItem('unrelated', 'kept')
    const replace = vi.fn()
    vi.stubGlobal('location', { ...window.location, replace })
    const { useSessionStore } = await import('../store')
    const { wrapper } = await mountPage(MePage, { path: '/me' })
    useSessionStore().user = { id: 'u1', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null, household: null }
    await flushPromises()
    await wrapper.findAll('button').find(b => b.text() === '退出登录')!.trigger('click')
    // Signing out loads the visit outbox module to empty it: a lazy chunk, slow on a busy machine.
    await expect.poll(() => replace).toHaveBeenCalledWith('/login')
    expect(sessionStorage.getItem('xfm.draft.bind')).toBeNull()
    expect(sessionStorage.getItem('unrelated')).toBe('kept')
    vi.unstubAllGlobals()
  })
})
