// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import Vant from 'vant'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { useSessionStore } from '../features/account'
import { elderlyDraft, storeAnswers } from '../features/diagnosis/test-support'
import * as listApi from '../features/happiness-list/api'
import { sampleList, signInResident } from '../features/happiness-list/test-support'
import { i18n, setLocale } from './i18n'
import { routes } from './router'
import './idb-test-support'

// What the route table does as a page is entered, before the page renders (issue #18).

const idb = vi.hoisted(() => ({ stalled: false }))
vi.mock('idb-keyval', async (importOriginal) => {
  const real = await importOriginal<typeof import('idb-keyval')>()
  // A device whose IndexedDB does not answer (it happens on some phones while storage is busy).
  return { ...real, get: (...args: Parameters<typeof real.get>) => idb.stalled ? new Promise<never>(() => {}) : real.get(...args) }
})
vi.mock('../features/happiness-list/api', async importOriginal => ({ ...(await importOriginal<typeof import('../features/happiness-list/api')>()), fetchList: vi.fn() }))
vi.mock('../features/account/api', () => ({ fetchSession: vi.fn(async () => ({ user: null })) }))

/** Enters `path` through the app's route table, on a new device; `before` runs once Pinia is there. */
async function enter(path: string, before: () => void = () => {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  before()
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  return { router, pinia }
}

beforeEach(async () => {
  idb.stalled = false
  vi.clearAllMocks()
  await setLocale('zh-CN')
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('entering the self-diagnosis', () => {
  it('should render the step the person left off on at once, not a loading screen first', async () => {
    await storeAnswers(elderlyDraft(), 'income')
    const { router, pinia } = await enter('/diagnosis')
    // The first render, before any further tick: what a phone paints first.
    const page = mount(RouterView, { global: { plugins: [pinia, i18n, router, Vant] } })
    expect(page.find('.loading').exists()).toBe(false)
    expect(page.find('form').exists()).toBe(true)
    expect(page.text()).toContain(i18n.global.t('diagnosis.restored'))
    page.unmount()
  })

  it('should not wait for a device that does not answer: the page opens with its loading screen', async () => {
    idb.stalled = true
    const started = Date.now()
    const { router, pinia } = await enter('/diagnosis')
    expect(Date.now() - started).toBeLessThan(5_000)
    const page = mount(RouterView, { global: { plugins: [pinia, i18n, router, Vant] } })
    expect(page.find('.loading').exists()).toBe(true)
    page.unmount()
  })
})

describe('entering the happiness list', () => {
  it('should have asked for the list before the page renders, and the page takes that answer over', async () => {
    vi.mocked(listApi.fetchList).mockResolvedValue(sampleList({ year: 2026 }))
    const { router, pinia } = await enter('/list', () => signInResident())
    expect(listApi.fetchList).toHaveBeenCalledOnce()
    const page = mount(RouterView, { global: { plugins: [pinia, i18n, router, Vant] } })
    await flushPromises()
    expect(listApi.fetchList).toHaveBeenCalledOnce()
    page.unmount()
  })

  it('should ask nothing ahead for a session without a household (the page asks to bind one)', async () => {
    await enter('/list', () => {
      signInResident()
      useSessionStore().user!.household = null
    })
    await flushPromises()
    expect(listApi.fetchList).not.toHaveBeenCalled()
  })
})

describe('the app\'s navigation', () => {
  it('should render a page in a task of its own, not in the one its files and messages arrived in', async () => {
    setActivePinia(createPinia())
    const { router } = await import('./router')
    // Once to load the page's files and messages; the second time all is at hand, which without a
    // yield would finish within this task's microtasks.
    await router.push('/no-such-page')
    await router.push('/elsewhere')
    const order: string[] = []
    const navigated = router.push('/no-such-page').then(() => order.push('navigated'))
    setTimeout(() => order.push('a task queued as the navigation started'))
    await navigated
    expect(order).toEqual(['a task queued as the navigation started', 'navigated'])
  })
})
