// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { afterFirstPage } from './after-first-page'

const page = { template: '<p>page</p>' }

describe('afterFirstPage', () => {
  it('should run the work only once the first navigation is done', async () => {
    vi.useFakeTimers()
    let arrive = () => {}
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: page, beforeEnter: () => new Promise<void>(resolve => arrive = resolve) }] })
    const work = vi.fn()
    afterFirstPage(router, work)
    const navigation = router.push('/')
    await vi.runAllTimersAsync()
    expect(work).not.toHaveBeenCalled()

    arrive()
    await navigation
    await vi.runAllTimersAsync()
    expect(work).toHaveBeenCalledTimes(1)
    vi.useRealTimers()
  })

  it('should still run the work when the first navigation failed', async () => {
    vi.useFakeTimers()
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: () => Promise.reject(new Error('offline')) }] })
    const reported = vi.fn()
    router.onError(reported)
    const work = vi.fn()
    afterFirstPage(router, work)
    await router.push('/').catch(() => undefined)
    await vi.runAllTimersAsync()
    expect(reported).toHaveBeenCalledTimes(1)
    expect(work).toHaveBeenCalledTimes(1)
    vi.useRealTimers()
  })
})
