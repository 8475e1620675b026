import { afterEach, describe, expect, it, vi } from 'vitest'
import { yieldToMain } from './yield-to-main'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('yieldToMain', () => {
  it('should go on in a new task, after a task queued before it, not within the current one', async () => {
    const order: string[] = []
    setTimeout(() => order.push('a task queued before'))
    const yielded = yieldToMain().then(() => order.push('after the yield'))
    // Microtasks of the current task all run first.
    await Promise.resolve()
    order.push('the rest of this task')
    await yielded
    expect(order).toEqual(['the rest of this task', 'a task queued before', 'after the yield'])
  })

  it('should use the browser\'s scheduler.yield where there is one', async () => {
    const yieldFn = vi.fn(() => Promise.resolve())
    vi.stubGlobal('scheduler', { yield: yieldFn })
    await yieldToMain()
    expect(yieldFn).toHaveBeenCalledOnce()
  })
})
