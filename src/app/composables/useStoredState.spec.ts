import { flushPromises } from '@vue/test-utils'
import { until } from '@vueuse/core'
import { get, set } from 'idb-keyval'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isProxy, nextTick, reactive } from 'vue'
import { appStore, clearStoredState, parseKept, plainCopy, useStoredState } from './useStoredState'
import '../idb-test-support'

// IndexedDB is fake-indexeddb (real structured clone: proxies are refused as in a browser);
// reading can be made to fail, as it does in some private modes.
const failing = vi.hoisted(() => ({ get: false }))
vi.mock('idb-keyval', async (importOriginal) => {
  const idb = await importOriginal<typeof import('idb-keyval')>()
  return { ...idb, get: (...args: Parameters<typeof idb.get>) => failing.get ? Promise.reject(new Error('IndexedDB is not available')) : idb.get(...args) }
})

interface Answers { name: string, members: { age: number | null }[] }
const initial = (): Answers => ({ name: '', members: [{ age: null }] })

beforeEach(() => {
  failing.get = false
})

/** What the device keeps under `key`, read the way the app reads it. */
const onDevice = (key: string) => get(key, appStore())
/** Puts a value on the device as an earlier visit would have left it. */
const leftEarlier = (key: string, value: unknown) => set(key, value, appStore())

describe('useStoredState', () => {
  it('should start from the initial value and be ready when nothing is stored', async () => {
    const stored = useStoredState('k', initial)
    expect(stored.ready.value).toBe(false)
    await until(stored.ready).toBe(true)
    expect(stored.restored.value).toBe(false)
    expect(stored.state.value).toEqual(initial())
  })

  it('should load what an earlier visit stored', async () => {
    await leftEarlier('k', { name: 'kept', members: [{ age: 72 }] })
    const stored = useStoredState('k', initial)
    await until(stored.ready).toBe(true)
    expect(stored.state.value).toEqual({ name: 'kept', members: [{ age: 72 }] })
    expect(stored.restored.value).toBe(true)
  })

  it('should pass the stored value through parse, and ignore it when parse says so', async () => {
    await leftEarlier('k', { version: 0 })
    const stored = useStoredState<Answers>('k', initial, { parse: () => undefined })
    await until(stored.ready).toBe(true)
    expect(stored.state.value).toEqual(initial())
    expect(stored.restored.value).toBe(false)
  })

  it('should save every change as a plain copy, even with proxies nested inside', async () => {
    const stored = useStoredState('k', initial)
    await until(stored.ready).toBe(true)
    // What a v-model list editor does: spread a member read through the proxy.
    stored.state.value.members = stored.state.value.members.map(m => ({ ...m, age: 72, nested: reactive({ x: 1 }) }))
    await expect.poll(() => onDevice('k')).toEqual({ name: '', members: [{ age: 72, nested: { x: 1 } }] })
    expect(stored.error.value).toBeNull()
  })

  it('should not overwrite the stored value before it was loaded', async () => {
    await leftEarlier('k', { name: 'kept', members: [] })
    const stored = useStoredState('k', initial)
    stored.state.value.name = 'typed too early'
    await until(stored.ready).toBe(true)
    await flushPromises()
    // IndexedDB answers in order: a write made before this read would show in it.
    expect(await onDevice('k')).toEqual({ name: 'kept', members: [] })
  })

  it('should forget the stored value on clear and go back to the initial one', async () => {
    await leftEarlier('k', { name: 'kept', members: [] })
    const stored = useStoredState('k', initial)
    await until(stored.ready).toBe(true)
    await stored.clear()
    expect(await onDevice('k')).toBeUndefined()
    expect(stored.state.value).toEqual(initial())
    expect(stored.restored.value).toBe(false)
    // and keeps saving afterwards
    stored.state.value.name = 'again'
    await expect.poll(() => onDevice('k')).toMatchObject({ name: 'again' })
  })

  it('should stay cleared when cleared before the stored value loaded', async () => {
    await leftEarlier('k', { name: 'kept', members: [] })
    const stored = useStoredState('k', initial)
    await stored.clear()
    await flushPromises()
    expect(stored.state.value).toEqual(initial())
    expect(stored.restored.value).toBe(false)
    expect(await onDevice('k')).toBeUndefined()
  })

  it('should keep working in memory and say why when IndexedDB fails', async () => {
    failing.get = true
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const stored = useStoredState('k', initial)
    await until(stored.ready).toBe(true)
    expect(stored.error.value?.message).toBe('IndexedDB is not available')
    expect(warn).toHaveBeenCalledOnce()
    stored.state.value.name = 'in memory'
    expect(stored.state.value.name).toBe('in memory')
    warn.mockRestore()
  })
})

describe('useStoredState for answers replaced whole', () => {
  /** The browser's idle callbacks, run when the test says the main thread is free. */
  function idleCallbacks() {
    const waiting: IdleRequestCallback[] = []
    const request = vi.fn((callback: IdleRequestCallback, _options?: IdleRequestOptions) => waiting.push(callback))
    vi.stubGlobal('requestIdleCallback', request)
    return { request, runAll: () => waiting.splice(0).forEach(callback => callback({ didTimeout: false, timeRemaining: () => 50 })) }
  }
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('holds the answer as it came and writes it once the main thread is free, the latest only', async () => {
    const idle = idleCallbacks()
    const stored = useStoredState('lists', () => ({ lists: [] as { year: number }[] }), { replacedWhole: true })
    await until(stored.ready).toBe(true)
    stored.state.value = { lists: [{ year: 2025 }] }
    // No proxies made of a list of 500 records.
    expect(isProxy(stored.state.value)).toBe(false)
    expect(isProxy(stored.state.value.lists[0])).toBe(false)
    await nextTick()
    stored.state.value = { lists: [{ year: 2026 }, { year: 2025 }] }
    await nextTick()
    // One wait for both, no later than a second; nothing written inside the task that changed it.
    expect(idle.request).toHaveBeenCalledOnce()
    expect(idle.request.mock.calls[0][1]).toEqual({ timeout: 1_000 })
    expect(await onDevice('lists')).toBeUndefined()

    idle.runAll()
    await expect.poll(() => onDevice('lists')).toEqual({ lists: [{ year: 2026 }, { year: 2025 }] })
  })

  it('writes nothing that waited when the device is wiped (signing out of a shared phone)', async () => {
    const idle = idleCallbacks()
    const stored = useStoredState('lists', () => ({ lists: [] as { year: number }[] }), { replacedWhole: true })
    await until(stored.ready).toBe(true)
    stored.state.value = { lists: [{ year: 2026 }] }
    await nextTick()
    await clearStoredState()
    idle.runAll()
    await flushPromises()
    expect(await onDevice('lists')).toBeUndefined()
  })
})

describe('parseKept', () => {
  it('should read a kept answer back and ignore anything else', () => {
    const kept = { data: { visits: [] }, fetchedAt: '2026-12-01T00:00:00.000Z' }
    expect(parseKept(kept)).toEqual(kept)
    expect(parseKept(null)).toBeNull()
    expect(parseKept({ data: 1 })).toBeUndefined()
    expect(parseKept({ fetchedAt: 'x' })).toBeUndefined()
    expect(parseKept('text')).toBeUndefined()
    expect(parseKept(kept, data => Array.isArray(data))).toBeUndefined()
  })
})

describe('plainCopy', () => {
  it('should remove proxies at every level and keep the values', () => {
    const value = reactive({ a: [reactive({ b: 1 })], c: { d: 'x' }, e: null })
    const copy = plainCopy(value)
    expect(isProxy(copy)).toBe(false)
    expect(isProxy(copy.a[0])).toBe(false)
    expect(copy).toEqual({ a: [{ b: 1 }], c: { d: 'x' }, e: null })
    expect(() => structuredClone(copy)).not.toThrow()
  })
})
