import type { MissingAt } from './test-support'
import type { TokenPayload, VerifyKey } from './token'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { notSupported, removeWebCryptoEd25519 } from './test-support'
import { base64urlToBytes, bytesToBase64url, encodeToken, newHouseholdRef, PAYLOAD_BYTES, verifyToken } from './token'

// The pure-JS module is the real one, watched: how often it is loaded, and whether it checks.
const fallback = { loads: 0, unreachable: false }

const KEY_ID = 3
/** Order of the Ed25519 group: S + L is the same signature written non-canonically. */
const GROUP_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n

let keys: CryptoKeyPair
let other: CryptoKeyPair
let jwk: JsonWebKey
let otherJwk: JsonWebKey
let payload: TokenPayload
let token: string
const none = () => false

async function keyPair(): Promise<CryptoKeyPair> {
  return await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair
}

async function publicJwk(pair: CryptoKeyPair): Promise<JsonWebKey> {
  const { kty, crv, x } = await globalThis.crypto.subtle.exportKey('jwk', pair.publicKey)
  return { kty, crv, x }
}

/** A fresh copy of verify-key.ts, as after a reload: nothing imported or loaded yet. */
async function load() {
  vi.resetModules()
  vi.doMock('./ed25519-fallback', async (importOriginal) => {
    fallback.loads++
    if (fallback.unreachable)
      throw new TypeError('Failed to fetch dynamically imported module')
    const real = await importOriginal<typeof import('./ed25519-fallback')>()
    return { verifyEd25519: vi.fn(real.verifyEd25519) }
  })
  return import('./verify-key')
}

/** The spy around the pure-JS check; loading it to look is only done once it was loaded anyway. */
async function fallbackSpy() {
  const module = await import('./ed25519-fallback')
  return vi.mocked(module.verifyEd25519)
}

function alter(text: string, position: number, flip: number): string {
  const bytes = base64urlToBytes(text)!
  bytes[position] ^= flip
  return bytesToBase64url(bytes)
}

/** The token with S replaced by S + L: valid arithmetic, but not the canonical encoding. */
function withNonCanonicalS(text: string): string {
  const bytes = base64urlToBytes(text)!
  let s = 0n
  for (let i = 63; i >= 0; i--)
    s = (s << 8n) | BigInt(bytes[PAYLOAD_BYTES + i])
  s += GROUP_ORDER
  for (let i = 0; i < 32; i++) {
    bytes[PAYLOAD_BYTES + 32 + i] = Number(s & 0xFFn)
    s >>= 8n
  }
  return bytesToBase64url(bytes)
}

beforeAll(async () => {
  ;[keys, other] = await Promise.all([keyPair(), keyPair()])
  ;[jwk, otherJwk] = await Promise.all([publicJwk(keys), publicJwk(other)])
  payload = { keyId: KEY_ID, ref: newHouseholdRef(), version: 2, issuedAt: 1_795_000_000 }
  token = await encodeToken(payload, keys.privateKey)
})

beforeEach(() => {
  fallback.loads = 0
  fallback.unreachable = false
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('importVerifyKey where WebCrypto has Ed25519', () => {
  it('should check with the browser\'s Ed25519 and never load the pure-JS check', async () => {
    const { importVerifyKey } = await load()
    const verify = vi.spyOn(globalThis.crypto.subtle, 'verify')
    const key = (await importVerifyKey(jwk))!
    expect(await verifyToken(token, new Map([[KEY_ID, key]]), none)).toEqual({ ok: true, payload })
    expect(verify).toHaveBeenLastCalledWith({ name: 'Ed25519' }, expect.anything(), expect.any(Uint8Array), expect.any(Uint8Array))
    expect(await verifyToken(await encodeToken(payload, other.privateKey), new Map([[KEY_ID, key]]), none)).toEqual({ ok: false, reason: 'bad_signature' })
    expect(fallback.loads).toBe(0)
  })

  it.each([
    ['an EC key', { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }],
    ['an X25519 key', { kty: 'OKP', crv: 'X25519', x: 'A'.repeat(43) }],
    ['a key of 31 bytes', { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(42) }],
    ['a key that is no base64url', { kty: 'OKP', crv: 'Ed25519', x: `${'A'.repeat(42)}+` }],
    ['a key without x', { kty: 'OKP', crv: 'Ed25519' }],
  ])('should give null for %s', async (_name, bad) => {
    const { importVerifyKey } = await load()
    expect(await importVerifyKey(bad)).toBeNull()
  })
})

describe.each([
  ['importKey', 'NotSupportedError', notSupported],
  ['importKey', 'TypeError', () => new TypeError('Algorithm: Unrecognized name')],
  ['verify', 'NotSupportedError', notSupported],
] as const)('importVerifyKey where WebCrypto refuses Ed25519 at %s (%s)', (at: MissingAt, _error, error) => {
  let key: VerifyKey
  let publicKeys: Map<number, VerifyKey>

  beforeEach(async () => {
    const { importVerifyKey } = await load()
    removeWebCryptoEd25519(at, error)
    key = (await importVerifyKey(jwk))!
    publicKeys = new Map([[KEY_ID, key]])
  })

  it('should verify a genuine code with the pure-JS check, loaded once', async () => {
    expect(await verifyToken(token, publicKeys, none)).toEqual({ ok: true, payload })
    expect(await fallbackSpy()).toHaveBeenCalledTimes(1)
    expect(fallback.loads).toBe(1)
  })

  it('should refuse a code signed with another key under the same id', async () => {
    const forged = await encodeToken(payload, other.privateKey)
    expect(await verifyToken(forged, publicKeys, none)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('should refuse a genuine code checked against another published key', async () => {
    const { importVerifyKey } = await import('./verify-key')
    const wrong = (await importVerifyKey(otherJwk))!
    expect(await verifyToken(token, new Map([[KEY_ID, wrong]]), none)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('should refuse every single-byte change of a genuine code', async () => {
    const accepted: string[] = []
    for (let i = 0; i < PAYLOAD_BYTES + 64; i++) {
      for (const flip of [0x01, 0x80, 0xFF]) {
        if ((await verifyToken(alter(token, i, flip), publicKeys, none)).ok)
          accepted.push(`${i}^${flip}`)
      }
    }
    expect(accepted).toEqual([])
  })

  it('should refuse a revoked version and accept the next one', async () => {
    const revoked = (ref: string, version: number) => ref === payload.ref && version === payload.version
    expect(await verifyToken(token, publicKeys, revoked)).toEqual({ ok: false, reason: 'revoked' })
    const next = await encodeToken({ ...payload, version: payload.version + 1 }, keys.privateKey)
    expect(await verifyToken(next, publicKeys, revoked)).toEqual({ ok: true, payload: { ...payload, version: payload.version + 1 } })
  })

  it('should say unknown_key only for a key id that is not published', async () => {
    const unpublished = await encodeToken({ ...payload, keyId: KEY_ID + 1 }, keys.privateKey)
    expect(await verifyToken(unpublished, publicKeys, none)).toEqual({ ok: false, reason: 'unknown_key' })
  })
})

describe('the pure-JS check and WebCrypto accept the same signatures', () => {
  it.each(['native', 'pure JS'] as const)('should refuse a signature whose S is not reduced (%s)', async (path) => {
    const { importVerifyKey } = await load()
    if (path === 'pure JS')
      removeWebCryptoEd25519('importKey')
    const publicKeys = new Map([[KEY_ID, (await importVerifyKey(jwk))!]])
    expect(await verifyToken(withNonCanonicalS(token), publicKeys, none)).toEqual({ ok: false, reason: 'bad_signature' })
    expect(await verifyToken(token, publicKeys, none)).toMatchObject({ ok: true })
    expect(fallback.loads).toBe(path === 'native' ? 0 : 1)
  })
})

describe('the pure-JS check follows strict RFC 8032 (zip215: false)', () => {
  it('should refuse the trivial signature a small-order key would let pass', async () => {
    const { importVerifyKey } = await load()
    removeWebCryptoEd25519('importKey')
    // The identity point as a public key; R = identity and S = 0 satisfy [S]B = R + [k]A for any
    // message. ZIP 215 (and Node's WebCrypto) accept it; a published key is never such a point.
    const identity = new Uint8Array(32)
    identity[0] = 1
    const trivial = new Uint8Array(64)
    trivial[0] = 1
    const key = (await importVerifyKey({ kty: 'OKP', crv: 'Ed25519', x: bytesToBase64url(identity) }))!
    expect(await key.verify(trivial, new Uint8Array([1, 2, 3]))).toBe(false)
    expect(fallback.loads).toBe(1)
  })
})

describe('importVerifyKey when the pure-JS check cannot be loaded', () => {
  it('should reject rather than give no key, and load it on the next try', async () => {
    const { importVerifyKey } = await load()
    removeWebCryptoEd25519('importKey')
    fallback.unreachable = true
    await expect(importVerifyKey(jwk)).rejects.toThrow()

    fallback.unreachable = false
    const key = (await importVerifyKey(jwk))!
    expect(await verifyToken(token, new Map([[KEY_ID, key]]), none)).toEqual({ ok: true, payload })
    expect(fallback.loads).toBe(2)
  })
})
