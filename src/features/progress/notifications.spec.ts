// @vitest-environment happy-dom
import type { SessionUser } from '../../domain/http/auth'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { yieldToMain } from '../../app/yield-to-main'
import { useSessionStore } from '../account/store'
import { RESIDENT } from '../application/test-support'
import * as api from './api'
import { useNotificationBadge } from './notifications'

vi.mock('./api', () => ({ fetchNotifications: vi.fn(async () => ({ unread: 2, items: [] })) }))
vi.mock('../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: null })) }))

/** The tab layout's use of the badge: the number it shows on 进度, as text. */
const Badge = defineComponent(() => {
  const badge = useNotificationBadge()
  return () => h('span', String(badge.value ?? ''))
})

describe('the 进度 tab\'s badge', () => {
  afterEach(() => vi.clearAllMocks())

  function mountSignedIn(user: SessionUser) {
    const pinia = createPinia()
    useSessionStore(pinia).user = user
    return mount(Badge, { global: { plugins: [pinia] } })
  }

  // Issue #18: sending a request costs a cheap phone milliseconds the page's render need not wait for.
  it('should ask for the unread count in the task after the layout renders, and show it', async () => {
    const wrapper = mountSignedIn(RESIDENT as SessionUser)
    await Promise.resolve()
    expect(api.fetchNotifications).not.toHaveBeenCalled()
    await yieldToMain()
    await flushPromises()
    expect(api.fetchNotifications).toHaveBeenCalledTimes(1)
    expect(wrapper.text()).toBe('2')
    wrapper.unmount()
  })

  it('should not ask for a resident without a household', async () => {
    const wrapper = mountSignedIn({ ...RESIDENT, household: null } as SessionUser)
    await yieldToMain()
    await flushPromises()
    expect(api.fetchNotifications).not.toHaveBeenCalled()
    expect(wrapper.text()).toBe('')
    wrapper.unmount()
  })
})
