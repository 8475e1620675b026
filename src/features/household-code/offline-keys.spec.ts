import type { PublishedKeys } from '../../domain/household-code/api'
import type { TokenPayload } from '../../domain/household-code/token'
import { createStore, get, set } from 'idb-keyval'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { removeWebCryptoEd25519 } from '../../domain/household-code/test-support'
import { base64urlToBytes, bytesToBase64url, encodeToken, newHouseholdRef } from '../../domain/household-code/token'
import '../../app/idb-test-support'

// IndexedDB is fake-indexeddb, the key fetch a mock; the cryptography is real (WebCrypto Ed25519,
// the shared verifyToken).
vi.mock('./api', () => ({ fetchPublishedKeys: vi.fn() }))
/** The pure-JS Ed25519 for browsers without it: the real one, counted, and unreachable on demand. */
const fallback = { loads: 0, unreachable: false }

const KEY_ID = 1
let signing: CryptoKeyPair
let foreign: CryptoKeyPair
let published: PublishedKeys
let payload: TokenPayload
let token: string

async function keyPair(): Promise<CryptoKeyPair> {
  return await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair
}

async function publicJwk(pair: CryptoKeyPair) {
  const { x } = await globalThis.crypto.subtle.exportKey('jwk', pair.publicKey)
  return { kty: 'OKP' as const, crv: 'Ed25519' as const, x: x! }
}

/** A fresh copy of the module: its memory of fetched keys starts empty, as after a reload. */
async function load() {
  vi.resetModules()
  vi.doMock('../../domain/household-code/ed25519-fallback', async (importOriginal) => {
    fallback.loads++
    if (fallback.unreachable)
      throw new TypeError('Failed to fetch dynamically imported module')
    return importOriginal()
  })
  const api = await import('./api')
  const module = await import('./offline-keys')
  return { ...module, fetchKeys: vi.mocked(api.fetchPublishedKeys) }
}

const KEPT_AT = '2026-11-20T08:00:00.000Z'

/** Where the phone keeps the keys: a database of their own (not personal data, see the first test). */
const KEYS_DB = 'xingfuma-code-keys'
const deviceKeys = createStore(KEYS_DB, 'keys')
const kept = () => get<PublishedKeys & { fetchedAt: string }>('published', deviceKeys)

function keepOnDevice(keys: PublishedKeys): Promise<void> {
  return set('published', { ...keys, fetchedAt: KEPT_AT }, deviceKeys)
}

function setOnline(onLine: boolean) {
  vi.stubGlobal('navigator', { onLine })
}

beforeAll(async () => {
  ;[signing, foreign] = await Promise.all([keyPair(), keyPair()])
  published = { keys: [{ keyId: KEY_ID, jwk: await publicJwk(signing) }], revoked: [] }
  payload = { keyId: KEY_ID, ref: newHouseholdRef(), version: 2, issuedAt: 1_795_000_000 }
  token = await encodeToken(payload, signing.privateKey)
})

beforeEach(() => {
  fallback.loads = 0
  fallback.unreachable = false
  vi.resetAllMocks()
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('verifyHouseholdToken offline', () => {
  beforeEach(() => setOnline(false))

  it('should accept a valid code with the keys kept on the device, without any request', async () => {
    await keepOnDevice(published)
    const { verifyHouseholdToken, fetchKeys } = await load()
    // It says how old the kept list is: a code regenerated since then would not be caught.
    expect(await verifyHouseholdToken(token)).toEqual({ ok: true, ref: payload.ref, version: 2, offline: true, listedAt: KEPT_AT })
    expect(fetchKeys).not.toHaveBeenCalled()
    expect((await indexedDB.databases()).map(db => db.name)).toEqual([KEYS_DB])
  })

  it('should reject a revoked version', async () => {
    await keepOnDevice({ ...published, revoked: [{ ref: payload.ref, version: 2 }] })
    const { verifyHouseholdToken } = await load()
    expect(await verifyHouseholdToken(token)).toEqual({ ok: false, reason: 'revoked' })
  })

  it('should still accept a newer version when only an older one is revoked', async () => {
    await keepOnDevice({ ...published, revoked: [{ ref: payload.ref, version: 1 }] })
    const { verifyHouseholdToken } = await load()
    expect(await verifyHouseholdToken(token)).toMatchObject({ ok: true, version: 2 })
  })

  it('should reject a code signed with a foreign key under a published key id', async () => {
    await keepOnDevice(published)
    const { verifyHouseholdToken } = await load()
    const forged = await encodeToken(payload, foreign.privateKey)
    expect(await verifyHouseholdToken(forged)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('should reject a code whose key id is not published', async () => {
    await keepOnDevice(published)
    const { verifyHouseholdToken } = await load()
    const other = await encodeToken({ ...payload, keyId: 9 }, foreign.privateKey)
    expect(await verifyHouseholdToken(other)).toEqual({ ok: false, reason: 'unknown_key' })
  })

  it('should reject a code with any byte of its payload or signature altered', async () => {
    await keepOnDevice(published)
    const { verifyHouseholdToken } = await load()
    const bytes = base64urlToBytes(token)!
    // Key id (1), the reference, the version, the issue time and the signature.
    for (const position of [2, 9, 14, 16, 19, 20, 50, 83]) {
      const altered = bytes.slice()
      altered[position] ^= 0x01
      expect(await verifyHouseholdToken(bytesToBase64url(altered)), `byte ${position}`).toMatchObject({ ok: false })
    }
    const altered = bytes.slice()
    altered[30] ^= 0x80
    expect(await verifyHouseholdToken(bytesToBase64url(altered))).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('should call truncated, padded or foreign text malformed', async () => {
    await keepOnDevice(published)
    const { verifyHouseholdToken } = await load()
    for (const bad of [token.slice(0, -1), `${token}A`, token.replace(/.$/, '='), '', 'scan', `https://example.org/h/${token}`])
      expect(await verifyHouseholdToken(bad)).toEqual({ ok: false, reason: 'malformed' })
    const otherFormat = base64urlToBytes(token)!
    otherFormat[0] = 7
    expect(await verifyHouseholdToken(bytesToBase64url(otherFormat))).toEqual({ ok: false, reason: 'malformed' })
  })

  it('should say no_keys when nothing is kept and the phone is offline', async () => {
    const { verifyHouseholdToken, fetchKeys } = await load()
    expect(await verifyHouseholdToken(token)).toEqual({ ok: false, reason: 'no_keys' })
    expect(fetchKeys).not.toHaveBeenCalled()
  })

  it('should ignore a kept copy it cannot read', async () => {
    await set('published', { keys: 'nonsense' }, deviceKeys)
    const { verifyHouseholdToken } = await load()
    expect(await verifyHouseholdToken(token)).toEqual({ ok: false, reason: 'no_keys' })
  })
})

describe('verifyHouseholdToken online', () => {
  beforeEach(() => setOnline(true))

  it('should fetch the keys first, keep them, and then work offline with them', async () => {
    const { verifyHouseholdToken, fetchKeys } = await load()
    fetchKeys.mockResolvedValue(published)
    expect(await verifyHouseholdToken(token)).toEqual({ ok: true, ref: payload.ref, version: 2, offline: false })
    expect(fetchKeys).toHaveBeenCalledWith(2500)
    await expect.poll(() => kept()).toMatchObject({ ...published, fetchedAt: expect.any(String) })

    // After a reload, with no signal: the kept copy does the work.
    setOnline(false)
    const reloaded = await load()
    expect(await reloaded.verifyHouseholdToken(token)).toEqual({ ok: true, ref: payload.ref, version: 2, offline: true, listedAt: (await kept())!.fetchedAt })
  })

  it('should learn a revocation from the server even when the kept copy does not have it', async () => {
    await keepOnDevice(published)
    const { verifyHouseholdToken, fetchKeys } = await load()
    fetchKeys.mockResolvedValue({ ...published, revoked: [{ ref: payload.ref, version: 2 }] })
    expect(await verifyHouseholdToken(token)).toEqual({ ok: false, reason: 'revoked' })
  })

  it('should fall back to the kept keys when the server does not answer in time', async () => {
    await keepOnDevice(published)
    const { verifyHouseholdToken, fetchKeys } = await load()
    fetchKeys.mockRejectedValue(new Error('timeout of 2500ms exceeded'))
    expect(await verifyHouseholdToken(token)).toEqual({ ok: true, ref: payload.ref, version: 2, offline: true, listedAt: KEPT_AT })
  })

  it('should say "offline" when the signal went a few seconds after the keys came, with their age', async () => {
    const { verifyHouseholdToken, fetchKeys } = await load()
    fetchKeys.mockResolvedValue(published)
    expect(await verifyHouseholdToken(token)).toMatchObject({ offline: false })
    setOnline(false)
    const check = await verifyHouseholdToken(token)
    expect(check).toEqual({ ok: true, ref: payload.ref, version: 2, offline: true, listedAt: (await kept())!.fetchedAt })
    expect(fetchKeys).toHaveBeenCalledTimes(1)
  })

  it('should fetch once for a scan and the form right after it', async () => {
    const { verifyHouseholdToken, fetchKeys } = await load()
    fetchKeys.mockResolvedValue(published)
    await Promise.all([verifyHouseholdToken(token), verifyHouseholdToken(token)])
    await verifyHouseholdToken(token)
    expect(fetchKeys).toHaveBeenCalledTimes(1)
  })

  it('should not fetch anything for text that is no code at all', async () => {
    const { verifyHouseholdToken, fetchKeys } = await load()
    expect(await verifyHouseholdToken('not-a-code')).toEqual({ ok: false, reason: 'malformed' })
    expect(fetchKeys).not.toHaveBeenCalled()
  })
})

describe('what the phone learns from the server (issue #16)', () => {
  it('should refuse offline a code the server refused online a minute earlier, though its kept list is old', async () => {
    setOnline(true)
    await keepOnDevice(published)
    const { verifyHouseholdToken, learnRevokedToken, fetchKeys } = await load()
    // The refresh before the scan answered the old list (the regeneration happened after it).
    fetchKeys.mockResolvedValue(published)
    expect(await verifyHouseholdToken(token)).toMatchObject({ ok: true })
    // The card was refused by the server: the phone keeps that at once, and refreshes its list.
    fetchKeys.mockRejectedValue(new Error('Network Error'))
    await learnRevokedToken(token)
    expect(fetchKeys).toHaveBeenCalledTimes(2)
    await expect.poll(() => kept()).toMatchObject({ revoked: [{ ref: payload.ref, version: 2 }] })

    setOnline(false)
    expect(await verifyHouseholdToken(token)).toEqual({ ok: false, reason: 'revoked' })
    // After a reload too: it was written to the kept list.
    const reloaded = await load()
    expect(await reloaded.verifyHouseholdToken(token)).toEqual({ ok: false, reason: 'revoked' })
  })

  it('should keep a learnt revocation when a refresh answers without it (started before, or a cached answer)', async () => {
    setOnline(true)
    await keepOnDevice(published)
    const { refreshKeys, learnRevoked, verifyHouseholdToken, fetchKeys } = await load()
    let answer!: (keys: PublishedKeys) => void
    fetchKeys.mockReturnValueOnce(new Promise(resolve => (answer = resolve)))
    const slow = refreshKeys()
    await learnRevoked([{ ref: payload.ref, version: 2 }])
    answer(published)
    expect(await slow).toBe(true)
    await expect.poll(() => kept()).toMatchObject({ revoked: [{ ref: payload.ref, version: 2 }] })
    // A later refresh answered from a stale cache does not drop it either.
    fetchKeys.mockResolvedValue(published)
    expect(await refreshKeys()).toBe(true)
    await expect.poll(() => kept()).toMatchObject({ revoked: [{ ref: payload.ref, version: 2 }] })
    setOnline(false)
    expect(await verifyHouseholdToken(token)).toEqual({ ok: false, reason: 'revoked' })
  })

  it('should take the previous version of a code regenerated on this phone as revoked', async () => {
    setOnline(false)
    await keepOnDevice(published)
    const { learnRevokedPrevious, verifyHouseholdToken } = await load()
    const old = await encodeToken({ ...payload, version: 1 }, signing.privateKey)
    expect(await verifyHouseholdToken(old)).toMatchObject({ ok: true })
    await learnRevokedPrevious(token)
    expect(await verifyHouseholdToken(old)).toEqual({ ok: false, reason: 'revoked' })
    expect(await verifyHouseholdToken(token)).toMatchObject({ ok: true, version: 2 })
  })

  it('should learn nothing from text that is no code, and fetch nothing for what it knew', async () => {
    setOnline(true)
    await keepOnDevice({ ...published, revoked: [{ ref: payload.ref, version: 2 }] })
    const { learnRevokedToken, learnRevoked, fetchKeys } = await load()
    await learnRevokedToken('not-a-code')
    await learnRevoked([{ ref: payload.ref, version: 2 }])
    expect(fetchKeys).not.toHaveBeenCalled()
  })
})

describe('startKeyRefresh', () => {
  it('should refresh on start when online and again on every reconnect', async () => {
    const target = new EventTarget()
    vi.stubGlobal('window', target)
    setOnline(true)
    const { startKeyRefresh, fetchKeys } = await load()
    fetchKeys.mockResolvedValue(published)
    const stop = startKeyRefresh()
    await expect.poll(() => kept()).toMatchObject(published)
    expect(fetchKeys).toHaveBeenCalledTimes(1)

    const revokedNow = { ...published, revoked: [{ ref: payload.ref, version: 2 }] }
    fetchKeys.mockResolvedValue(revokedNow)
    target.dispatchEvent(new Event('online'))
    await expect.poll(() => kept()).toMatchObject(revokedNow)

    stop()
    target.dispatchEvent(new Event('online'))
    expect(fetchKeys).toHaveBeenCalledTimes(2)
  })

  it('should not try on start when offline', async () => {
    vi.stubGlobal('window', new EventTarget())
    setOnline(false)
    const { startKeyRefresh, fetchKeys } = await load()
    startKeyRefresh()()
    expect(fetchKeys).not.toHaveBeenCalled()
  })
})

describe('verifyHouseholdToken on a browser whose WebCrypto lacks Ed25519', () => {
  beforeEach(() => {
    removeWebCryptoEd25519('importKey')
  })

  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('should accept a genuine code offline with the pure-JS check, not call it unknown_key', async () => {
    setOnline(false)
    await keepOnDevice(published)
    const { verifyHouseholdToken } = await load()
    expect(await verifyHouseholdToken(token)).toEqual({ ok: true, ref: payload.ref, version: 2, offline: true, listedAt: KEPT_AT })
    expect(fallback.loads).toBe(1)
  })

  it('should still refuse forged, altered, unpublished and revoked codes', async () => {
    setOnline(false)
    await keepOnDevice({ ...published, revoked: [{ ref: payload.ref, version: 1 }] })
    const { verifyHouseholdToken } = await load()
    const forged = await encodeToken(payload, foreign.privateKey)
    const altered = base64urlToBytes(token)!
    altered[16] ^= 0x01
    const unpublished = await encodeToken({ ...payload, keyId: 9 }, signing.privateKey)
    const revoked = await encodeToken({ ...payload, version: 1 }, signing.privateKey)
    expect(await verifyHouseholdToken(forged)).toEqual({ ok: false, reason: 'bad_signature' })
    expect(await verifyHouseholdToken(bytesToBase64url(altered))).toEqual({ ok: false, reason: 'bad_signature' })
    expect(await verifyHouseholdToken(unpublished)).toEqual({ ok: false, reason: 'unknown_key' })
    expect(await verifyHouseholdToken(revoked)).toEqual({ ok: false, reason: 'revoked' })
    expect(await verifyHouseholdToken(token)).toMatchObject({ ok: true })
  })

  it('should load the pure-JS check when keys are fetched, so a door with no signal needs nothing more', async () => {
    setOnline(true)
    const { refreshKeys, verifyHouseholdToken, fetchKeys } = await load()
    fetchKeys.mockResolvedValue(published)
    expect(await refreshKeys()).toBe(true)
    await expect.poll(() => fallback.loads).toBe(1)

    setOnline(false)
    fallback.unreachable = true
    expect(await verifyHouseholdToken(token)).toEqual({ ok: true, ref: payload.ref, version: 2, offline: true, listedAt: expect.any(String) })
  })

  it('should say no_keys while the pure-JS check cannot be loaded, and verify once it can', async () => {
    setOnline(false)
    await keepOnDevice(published)
    const { verifyHouseholdToken } = await load()
    fallback.unreachable = true
    expect(await verifyHouseholdToken(token)).toEqual({ ok: false, reason: 'no_keys' })

    fallback.unreachable = false
    expect(await verifyHouseholdToken(token)).toEqual({ ok: true, ref: payload.ref, version: 2, offline: true, listedAt: KEPT_AT })
  })
})

describe('verifyHouseholdToken on a browser with WebCrypto Ed25519', () => {
  it('should never load the pure-JS check', async () => {
    setOnline(true)
    const { verifyHouseholdToken, fetchKeys } = await load()
    fetchKeys.mockResolvedValue(published)
    expect(await verifyHouseholdToken(token)).toMatchObject({ ok: true })
    setOnline(false)
    expect(await verifyHouseholdToken(await encodeToken(payload, foreign.privateKey))).toEqual({ ok: false, reason: 'bad_signature' })
    expect(fallback.loads).toBe(0)
  })
})
