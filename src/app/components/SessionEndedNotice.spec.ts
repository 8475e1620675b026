// @vitest-environment happy-dom
import type { InternalAxiosRequestConfig } from 'axios'
import { flushPromises, mount } from '@vue/test-utils'
import { AxiosError } from 'axios'
import { createPinia, setActivePinia } from 'pinia'
import Vant from 'vant'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineAsyncComponent, defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { http } from '../../api/http'
import * as accountApi from '../../features/account/api'
import { useSessionStore } from '../../features/account/store'
import { i18n, setLocale } from '../i18n'
import { routes } from '../router'
import { nextRoute, recordNavigations } from '../testing'
import SessionEndedNotice from './SessionEndedNotice.vue'

vi.mock('../../features/account/api', () => ({ fetchSession: vi.fn(), logout: vi.fn(), fetchHealth: vi.fn(async () => ({ status: 'ok', db: 'sqlite', demo: false })) }))

const LI_JIANGUO = {
  id: 'u1',
  role: 'resident' as const,
  displayName: '138****8000',
  phoneMasked: '138****8000',
  areaCode: null,
  areaName: null,
  department: null,
  household: { id: 'h1', areaCode: '339901001001', areaName: '和美村', headName: '李建国', memberCount: 3 },
}

/**
 * The app's frame as App.vue has it: the notice above whatever page the route shows, mounted (and
 * loaded, lazily) only once the session has ended.
 */
const Frame = defineComponent({
  setup() {
    const session = useSessionStore()
    const Notice = defineAsyncComponent(async () => SessionEndedNotice)
    return () => [session.ended ? h(Notice) : null, h(RouterView)]
  },
})

/** Mounts the frame at `path` with Li Jianguo signed in, as the app's guard found him a while ago. */
async function open(path: string) {
  const pinia = createPinia()
  setActivePinia(pinia)
  await setLocale('zh-CN')
  const session = useSessionStore(pinia)
  session.user = LI_JIANGUO
  session.loaded = true
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  recordNavigations(router)
  const wrapper = mount(Frame, { global: { plugins: [pinia, i18n, router, Vant] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router, session }
}

/** Any API call answered as the server answers once the session is gone. */
async function callWithEndedSession() {
  const refuse = async (config: InternalAxiosRequestConfig) => Promise.reject(
    new AxiosError('401', 'ERR_BAD_REQUEST', config, null, { status: 401, data: { code: 'unauthenticated', message: '请先登录' }, statusText: '', headers: {}, config }),
  )
  await http.get('/household/code', { adapter: refuse }).catch((e: unknown) => e)
  await flushPromises()
}

describe('an ended session', () => {
  const realAdapter = http.defaults.adapter
  // The pages are lazy routes: loaded once here, so that navigating to them is quick in every test.
  beforeAll(async () => {
    await Promise.all([import('../../features/account/views/LoginPage.vue'), import('../../features/home/views/ResidentHome.vue'), import('../../features/needs/views/ResidentNeedsPage.vue'), import('../../features/progress/views/ProgressPage.vue')])
  })
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(accountApi.fetchSession).mockResolvedValue({ user: LI_JIANGUO })
    // The pages' own calls (lists, progress) go nowhere: only the session matters here.
    http.defaults.adapter = async config => Promise.reject(new AxiosError('offline', 'ERR_NETWORK', config))
  })
  afterEach(() => {
    http.defaults.adapter = realAdapter
    document.body.innerHTML = ''
  })

  it('should stop greeting the person on the home page and send them to sign in', async () => {
    const { wrapper, router, session } = await open('/')
    expect(wrapper.text()).toContain('您好，李建国')
    await callWithEndedSession()
    expect(session.user).toBeNull()
    expect(session.ended).toBe('expired')
    expect(wrapper.text()).not.toContain('李建国')
    expect((await nextRoute(router)).name).toBe('login')
    await flushPromises()
    expect(wrapper.text()).toContain('登录已过期，请重新登录')
  })

  it('should bring the person back to the page they were on after signing in again', async () => {
    const { wrapper, router } = await open('/needs')
    await callWithEndedSession()
    expect((await nextRoute(router)).fullPath).toBe('/login?redirect=/needs')
    await flushPromises()
    expect(wrapper.text()).toContain('登录已过期，请重新登录。登录后回到您刚才的页面。')
  })

  it('should leave a page anyone may open where it is, and offer sign-in there', async () => {
    const { wrapper, router } = await open('/progress')
    await callWithEndedSession()
    expect(router.currentRoute.value.name).toBe('progress')
    const notice = wrapper.get('.session-ended[role="status"]')
    expect(notice.text()).toContain('登录已过期，请重新登录')
    await notice.get('button').trigger('click')
    expect((await nextRoute(router)).fullPath).toBe('/login?redirect=/progress')
  })

  it('should find out on the home page itself when nothing else called the server', async () => {
    vi.mocked(accountApi.fetchSession).mockResolvedValue({ user: null })
    const { wrapper, router } = await open('/')
    expect(accountApi.fetchSession).toHaveBeenCalledTimes(1)
    expect(wrapper.text()).not.toContain('李建国')
    expect((await nextRoute(router)).name).toBe('login')
  })

  it('should keep the greeting when the check cannot reach the server (offline)', async () => {
    const { ApiRequestError } = await import('../../api/errors')
    vi.mocked(accountApi.fetchSession).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败', null))
    const { wrapper, session } = await open('/')
    expect(accountApi.fetchSession).toHaveBeenCalledTimes(1)
    expect(wrapper.text()).toContain('您好，李建国')
    expect(session.ended).toBeNull()
  })

  it('should offer 去登录 (not 重新登录) to someone who was not signed in', async () => {
    const { wrapper, router, session } = await open('/progress')
    session.user = null
    await callWithEndedSession()
    const notice = wrapper.get('.session-ended[role="status"]')
    expect(notice.text()).toContain('请先登录')
    expect(notice.get('button').text()).toBe('去登录')
    await notice.get('button').trigger('click')
    expect((await nextRoute(router)).fullPath).toBe('/login?redirect=/progress')
  })

  it('should not call a failed sign-in an ended session', async () => {
    const { wrapper, session } = await open('/progress')
    session.user = null
    const wrongPassword = async (config: InternalAxiosRequestConfig) => Promise.reject(
      new AxiosError('401', 'ERR_BAD_REQUEST', config, null, { status: 401, data: { code: 'login_failed', message: '用户名或密码不对' }, statusText: '', headers: {}, config }),
    )
    await http.post('/auth/login', {}, { adapter: wrongPassword }).catch((e: unknown) => e)
    await flushPromises()
    expect(session.ended).toBeNull()
    expect(wrapper.find('.session-ended').exists()).toBe(false)
  })
})
