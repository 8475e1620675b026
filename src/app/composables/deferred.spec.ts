import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { UNDO_WINDOW_MS, useDeferredActions } from './deferred'

describe('deferred staff actions', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('should run an action once its window has passed, counting the seconds down', async () => {
    const run = vi.fn(async () => {})
    const d = useDeferredActions()
    d.schedule('a', run)
    expect(d.secondsLeft('a')).toBe(10)
    await vi.advanceTimersByTimeAsync(2_500)
    expect(d.secondsLeft('a')).toBe(8)
    expect(run).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(UNDO_WINDOW_MS)
    expect(run).toHaveBeenCalledTimes(1)
    expect(d.isWaiting('a')).toBe(false)
  })

  it('should never run an undone action, and keep the first request of a key scheduled twice', async () => {
    const first = vi.fn(async () => {})
    const second = vi.fn(async () => {})
    const d = useDeferredActions()
    d.schedule('a', first)
    d.schedule('a', second)
    d.schedule('b', second)
    d.undo('b')
    await vi.advanceTimersByTimeAsync(UNDO_WINDOW_MS * 3)
    expect(first).toHaveBeenCalledTimes(1)
    expect(second).not.toHaveBeenCalled()
  })

  it('should run everything waiting at once when flushed, and nothing twice', async () => {
    const run = vi.fn(async () => {})
    const d = useDeferredActions()
    d.schedule('a', run)
    d.schedule('b', run)
    await d.flushAll()
    expect(run).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(UNDO_WINDOW_MS * 2)
    expect(run).toHaveBeenCalledTimes(2)
    expect(d.dueAt.value).toEqual({})
  })
})
