import type { TokenPayload, VerifyKey } from './token'
import QRCode from 'qrcode'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { base64urlToBytes, bytesToBase64url, codeUrl, decodeToken, encodeToken, newHouseholdRef, PAYLOAD_BYTES, TOKEN_BYTES, TOKEN_CHARS, verifyToken } from './token'

/** A realistic origin of a county deployment: the URL length decides the QR version. */
const TYPICAL_ORIGIN = 'https://xfm.example.gov.cn'
/** Version 10 (57×57 modules) still reads at arm's length on a cheap phone camera. */
const MAX_QR_VERSION = 10
/**
 * What the typical URL gives (141 characters, 49×49 modules): noted for issue #6. The mixed-case
 * token needs byte mode; an upper-case alphanumeric encoding would save about one version.
 */
const TYPICAL_QR_VERSION = 8
const KEY_ID = 3

async function keyPair(): Promise<CryptoKeyPair> {
  return await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair
}

describe('household code token', () => {
  let keys: CryptoKeyPair
  let other: CryptoKeyPair
  let payload: TokenPayload
  let token: string
  let publicKeys: Map<number, CryptoKey>
  const none = () => false

  beforeAll(async () => {
    ;[keys, other] = await Promise.all([keyPair(), keyPair()])
    payload = { keyId: KEY_ID, ref: newHouseholdRef(), version: 2, issuedAt: 1_795_000_000 }
    token = await encodeToken(payload, keys.privateKey)
    publicKeys = new Map([[KEY_ID, keys.publicKey]])
  })

  it('should verify a freshly signed token and return its payload', async () => {
    expect(await verifyToken(token, publicKeys, none)).toEqual({ ok: true, payload })
    expect(decodeToken(token)).toMatchObject({ ok: true, payload })
  })

  it('should be 84 bytes, 112 base64url characters', () => {
    expect(base64urlToBytes(token)!.length).toBe(TOKEN_BYTES)
    expect(token).toHaveLength(TOKEN_CHARS)
    expect(TOKEN_BYTES).toBe(84)
    expect(TOKEN_CHARS).toBe(112)
    expect(token).toMatch(/^[\w-]+$/)
  })

  it('should reject every single-byte change of the token', async () => {
    const bytes = base64urlToBytes(token)!
    const accepted: number[] = []
    for (let i = 0; i < bytes.length; i++) {
      for (const flip of [0x01, 0x80, 0xFF]) {
        const altered = bytes.slice()
        altered[i] ^= flip
        const result = await verifyToken(bytesToBase64url(altered), publicKeys, none)
        if (result.ok)
          accepted.push(i)
      }
    }
    expect(accepted).toEqual([])
  })

  it.each([
    ['format byte', 0, 'unknown_format'],
    ['key id byte', 1, 'unknown_key'],
    ['reference byte', 5, 'bad_signature'],
    ['version byte', 15, 'bad_signature'],
    ['issued-at byte', 19, 'bad_signature'],
    ['signature byte', 50, 'bad_signature'],
  ] as const)('should give the reason when the %s changes', async (_name, position, reason) => {
    const altered = base64urlToBytes(token)!
    altered[position] ^= 0x01
    expect(await verifyToken(bytesToBase64url(altered), publicKeys, none)).toEqual({ ok: false, reason })
  })

  it('should reject a token signed with another key under the same id', async () => {
    const forged = await encodeToken(payload, other.privateKey)
    expect(await verifyToken(forged, publicKeys, none)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('should reject a token whose key id is not (or no longer) published', async () => {
    expect(await verifyToken(token, new Map([[KEY_ID + 1, keys.publicKey]]), none)).toEqual({ ok: false, reason: 'unknown_key' })
  })

  it('should reject a key of the wrong usage without throwing', async () => {
    expect(await verifyToken(token, new Map([[KEY_ID, keys.privateKey]]), none)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('should check with a VerifyKey, given the signature and the signed bytes', async () => {
    const bytes = base64urlToBytes(token)!
    const verify = vi.fn<VerifyKey['verify']>((signature, message) => globalThis.crypto.subtle.verify({ name: 'Ed25519' }, keys.publicKey, signature, message))
    expect(await verifyToken(token, new Map([[KEY_ID, { verify }]]), none)).toEqual({ ok: true, payload })
    expect(verify).toHaveBeenCalledWith(bytes.slice(PAYLOAD_BYTES), bytes.slice(0, PAYLOAD_BYTES))
    expect(await verifyToken(await encodeToken(payload, other.privateKey), new Map([[KEY_ID, { verify }]]), none)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('should call a VerifyKey that fails a bad signature, without throwing', async () => {
    const failing: VerifyKey = { verify: () => Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError')) }
    expect(await verifyToken(token, new Map([[KEY_ID, failing]]), none)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('should reject a revoked version and accept the next one', async () => {
    const revoked = (ref: string, version: number) => ref === payload.ref && version === payload.version
    expect(await verifyToken(token, publicKeys, revoked)).toEqual({ ok: false, reason: 'revoked' })
    const next = await encodeToken({ ...payload, version: payload.version + 1 }, keys.privateKey)
    expect(await verifyToken(next, publicKeys, revoked)).toMatchObject({ ok: true })
  })

  it.each([
    ['empty', () => ''],
    ['truncated by one character', (t: string) => t.slice(0, -1)],
    ['truncated by one byte', (t: string) => bytesToBase64url(base64urlToBytes(t)!.slice(0, -1))],
    ['only the payload', (t: string) => t.slice(0, 28)],
    ['with an extra byte', (t: string) => bytesToBase64url(new Uint8Array([...base64urlToBytes(t)!, 0]))],
    ['with an extra character', (t: string) => `${t}A`],
    ['with padding', (t: string) => `${t}==`],
    ['standard base64 characters', (t: string) => t.replace(/./, '+')],
    ['non-base64url garbage', (t: string) => `${t.slice(0, -4)}!@#$`],
    ['whitespace', (t: string) => ` ${t.slice(1)}`],
    ['Chinese text', () => '幸'.repeat(TOKEN_CHARS)],
    ['the whole URL', (t: string) => codeUrl(TYPICAL_ORIGIN, t)],
  ])('should say malformed for a token %s', async (_name, make) => {
    expect(await verifyToken(make(token), publicKeys, none)).toEqual({ ok: false, reason: 'malformed' })
  })

  it.each([null, undefined, 42, {}, ['x']])('should say malformed for the non-string %j', async (input) => {
    expect(await verifyToken(input, publicKeys, none)).toEqual({ ok: false, reason: 'malformed' })
  })

  it('should refuse to sign a payload out of range', async () => {
    await expect(encodeToken({ ...payload, version: 70_000 }, keys.privateKey)).rejects.toThrow(RangeError)
    await expect(encodeToken({ ...payload, ref: 'short' }, keys.privateKey)).rejects.toThrow(RangeError)
  })

  it('should fit the URL in a QR code of version at most 10 at error correction level M', () => {
    const url = codeUrl(TYPICAL_ORIGIN, token)
    const { version } = QRCode.create(url, { errorCorrectionLevel: 'M' })
    expect(url).toBe(`${TYPICAL_ORIGIN}/h/${token}`)
    expect(url).toHaveLength(TYPICAL_ORIGIN.length + 3 + TOKEN_CHARS)
    expect(url).toHaveLength(141)
    expect(version).toBe(TYPICAL_QR_VERSION)
    expect(version).toBeLessThanOrEqual(MAX_QR_VERSION)
  })
})
