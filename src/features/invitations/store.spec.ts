import { afterEach, describe, expect, it, vi } from 'vitest'
import { newRequestId } from './store'

const UUID = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/

describe('newRequestId', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('should make a v4 UUID with crypto.randomUUID', () => {
    expect(newRequestId()).toMatch(UUID)
  })

  it('should make distinct v4 UUIDs without crypto.randomUUID (no secure context: a phone on a LAN address)', () => {
    const real = globalThis.crypto
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) })
    const ids = new Set(Array.from({ length: 20 }, newRequestId))
    expect(ids.size).toBe(20)
    for (const id of ids)
      expect(id).toMatch(UUID)
  })
})
