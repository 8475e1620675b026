import { describe, expect, it } from 'vitest'
import { applicationServerKey } from './device'

describe('the server key for PushManager', () => {
  it('should decode base64url without padding into the 65 bytes of a P-256 public key', () => {
    const bytes = Uint8Array.from({ length: 65 }, (_, i) => (i * 37 + 4) % 256)
    bytes[0] = 4
    const base64url = btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
    expect([...applicationServerKey(base64url)]).toEqual([...bytes])
  })
})
