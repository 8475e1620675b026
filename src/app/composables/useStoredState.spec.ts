import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { isProxy, nextTick, reactive } from 'vue'
import { parseKept, plainCopy, useStoredState } from './useStoredState'

// Node has no IndexedDB: idb-keyval is replaced by a Map that refuses proxies the way
// IndexedDB's structured clone does.
const fake = vi.hoisted(() => ({ data: new Map<string, unknown>(), failGet: false }))

vi.mock('idb-keyval', () => ({
  createStore: () => 'store',
  get: async (key: string) => {
    if (fake.failGet)
      throw new Error('IndexedDB is not available')
    return fake.data.get(key)
  },
  set: async (key: string, value: unknown) => {
    fake.data.set(key, structuredClone(value))
  },
  del: async (key: string) => {
    fake.data.delete(key)
  },
  clear: async () => {
    fake.data.clear()
  },
}))

interface Answers { name: string, members: { age: number | null }[] }
const initial = (): Answers => ({ name: '', members: [{ age: null }] })

beforeEach(() => {
  fake.data.clear()
  fake.failGet = false
})

describe('useStoredState', () => {
  it('should start from the initial value and be ready when nothing is stored', async () => {
    const stored = useStoredState('k', initial)
    expect(stored.ready.value).toBe(false)
    await flushPromises()
    expect(stored.ready.value).toBe(true)
    expect(stored.restored.value).toBe(false)
    expect(stored.state.value).toEqual(initial())
  })

  it('should load what an earlier visit stored', async () => {
    fake.data.set('k', { name: 'kept', members: [{ age: 72 }] })
    const stored = useStoredState('k', initial)
    await flushPromises()
    expect(stored.state.value).toEqual({ name: 'kept', members: [{ age: 72 }] })
    expect(stored.restored.value).toBe(true)
  })

  it('should pass the stored value through parse, and ignore it when parse says so', async () => {
    fake.data.set('k', { version: 0 })
    const stored = useStoredState<Answers>('k', initial, { parse: () => undefined })
    await flushPromises()
    expect(stored.state.value).toEqual(initial())
    expect(stored.restored.value).toBe(false)
  })

  it('should save every change as a plain copy, even with proxies nested inside', async () => {
    const stored = useStoredState('k', initial)
    await flushPromises()
    // What a v-model list editor does: spread a member read through the proxy.
    stored.state.value.members = stored.state.value.members.map(m => ({ ...m, age: 72, nested: reactive({ x: 1 }) }))
    await flushPromises()
    expect(stored.error.value).toBeNull()
    expect(fake.data.get('k')).toEqual({ name: '', members: [{ age: 72, nested: { x: 1 } }] })
  })

  it('should not overwrite the stored value before it was loaded', async () => {
    fake.data.set('k', { name: 'kept', members: [] })
    const stored = useStoredState('k', initial)
    stored.state.value.name = 'typed too early'
    await flushPromises()
    expect(fake.data.get('k')).toEqual({ name: 'kept', members: [] })
  })

  it('should forget the stored value on clear and go back to the initial one', async () => {
    fake.data.set('k', { name: 'kept', members: [] })
    const stored = useStoredState('k', initial)
    await flushPromises()
    await stored.clear()
    await flushPromises()
    expect(fake.data.has('k')).toBe(false)
    expect(stored.state.value).toEqual(initial())
    expect(stored.restored.value).toBe(false)
    // and keeps saving afterwards
    stored.state.value.name = 'again'
    await nextTick()
    await flushPromises()
    expect(fake.data.get('k')).toMatchObject({ name: 'again' })
  })

  it('should keep working in memory and say why when IndexedDB fails', async () => {
    fake.failGet = true
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const stored = useStoredState('k', initial)
    await flushPromises()
    expect(stored.ready.value).toBe(true)
    expect(stored.error.value?.message).toBe('IndexedDB is not available')
    expect(warn).toHaveBeenCalledOnce()
    stored.state.value.name = 'in memory'
    expect(stored.state.value.name).toBe('in memory')
    warn.mockRestore()
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
