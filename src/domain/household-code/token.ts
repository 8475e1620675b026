// The happiness code (幸福码, issue #6): a compact, signed token that names a household without
// personal data. The same functions run in the PWA (offline verification with cached public keys)
// and on the server, so both reject exactly the same tokens. WebCrypto, plus a pure-JS Ed25519
// for phones whose WebCrypto lacks it (verify-key.ts): no Node imports.

/** Bumped when the byte layout changes; older apps then say "unknown_format" instead of guessing. */
export const TOKEN_FORMAT_VERSION = 1
/** Random bytes of the household reference: 96 bits, unguessable and unlinkable to a person. */
export const REF_BYTES = 12
export const SIGNATURE_BYTES = 64
/** format (1) | key id (1) | ref (12) | code version (uint16 BE) | issued-at (uint32 BE seconds). */
export const PAYLOAD_BYTES = 1 + 1 + REF_BYTES + 2 + 4
export const TOKEN_BYTES = PAYLOAD_BYTES + SIGNATURE_BYTES
/** 84 bytes are 28 groups of 3: base64url without padding and without spare bits. */
export const TOKEN_CHARS = TOKEN_BYTES / 3 * 4
export const MAX_KEY_ID = 0xFF
export const MAX_CODE_VERSION = 0xFFFF
const MAX_UINT32 = 0xFFFF_FFFF
const ED25519 = { name: 'Ed25519' }

const OFFSET_KEY_ID = 1
const OFFSET_REF = 2
const OFFSET_VERSION = OFFSET_REF + REF_BYTES
const OFFSET_ISSUED_AT = OFFSET_VERSION + 2

export interface TokenPayload {
  keyId: number
  /** base64url of the 12 random bytes (16 characters). */
  ref: string
  version: number
  /** Unix seconds. */
  issuedAt: number
}

export type DecodeFailure = 'malformed' | 'unknown_format'
export type VerifyFailure = DecodeFailure | 'unknown_key' | 'bad_signature' | 'revoked'
export type DecodeResult = { ok: true, payload: TokenPayload, signed: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer> } | { ok: false, reason: DecodeFailure }
export type VerifyResult = { ok: true, payload: TokenPayload } | { ok: false, reason: VerifyFailure }

/**
 * A public key as verifyToken uses it: anything that checks an Ed25519 signature over a message.
 * On phones, importVerifyKey (verify-key.ts) gives WebCrypto's check where the browser has
 * Ed25519 and a pure-JS one where it does not (issue #16); the server passes WebCrypto keys.
 */
export interface VerifyKey {
  verify: (signature: Uint8Array<ArrayBuffer>, message: Uint8Array<ArrayBuffer>) => Promise<boolean>
}

const BASE64URL = /^[\w-]*$/

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes)
    binary += String.fromCharCode(b)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

/** Strict: only the base64url alphabet, no padding; null for anything else. */
export function base64urlToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1)
    return null
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** 12 fresh random bytes as base64url: a new household reference. */
export function newHouseholdRef(): string {
  return bytesToBase64url(globalThis.crypto.getRandomValues(new Uint8Array(REF_BYTES)))
}

function payloadBytes(payload: TokenPayload): Uint8Array<ArrayBuffer> | null {
  const ref = base64urlToBytes(payload.ref)
  const inRange = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n <= max
  if (!ref || ref.length !== REF_BYTES || !inRange(payload.keyId, MAX_KEY_ID) || !inRange(payload.version, MAX_CODE_VERSION) || !inRange(payload.issuedAt, MAX_UINT32))
    return null
  const bytes = new Uint8Array(PAYLOAD_BYTES)
  const view = new DataView(bytes.buffer)
  bytes[0] = TOKEN_FORMAT_VERSION
  bytes[OFFSET_KEY_ID] = payload.keyId
  bytes.set(ref, OFFSET_REF)
  view.setUint16(OFFSET_VERSION, payload.version)
  view.setUint32(OFFSET_ISSUED_AT, payload.issuedAt)
  return bytes
}

/** Signs the payload with the Ed25519 private key; throws only on a payload out of range (a bug of the caller). */
export async function encodeToken(payload: TokenPayload, privateKey: CryptoKey): Promise<string> {
  const bytes = payloadBytes(payload)
  if (!bytes)
    throw new RangeError('household code payload out of range')
  const signature = new Uint8Array(await globalThis.crypto.subtle.sign(ED25519, privateKey, bytes))
  const token = new Uint8Array(TOKEN_BYTES)
  token.set(bytes)
  token.set(signature, PAYLOAD_BYTES)
  return bytesToBase64url(token)
}

/** Reads the structure only; says nothing about the signature. */
export function decodeToken(token: unknown): DecodeResult {
  // An exact length also rules out a second spelling of the same bytes (spare bits, padding).
  if (typeof token !== 'string' || token.length !== TOKEN_CHARS)
    return { ok: false, reason: 'malformed' }
  const bytes = base64urlToBytes(token)
  if (!bytes || bytes.length !== TOKEN_BYTES)
    return { ok: false, reason: 'malformed' }
  if (bytes[0] !== TOKEN_FORMAT_VERSION)
    return { ok: false, reason: 'unknown_format' }
  const view = new DataView(bytes.buffer)
  return {
    ok: true,
    payload: {
      keyId: view.getUint8(OFFSET_KEY_ID),
      ref: bytesToBase64url(bytes.slice(OFFSET_REF, OFFSET_VERSION)),
      version: view.getUint16(OFFSET_VERSION),
      issuedAt: view.getUint32(OFFSET_ISSUED_AT),
    },
    signed: bytes.slice(0, PAYLOAD_BYTES),
    signature: bytes.slice(PAYLOAD_BYTES),
  }
}

function isVerifyKey(key: CryptoKey | VerifyKey): key is VerifyKey {
  return typeof (key as Partial<VerifyKey>).verify === 'function'
}

/**
 * Full check: structure, known key, signature, then the revocation list. Never throws. The keys
 * are WebCrypto keys (the server) or VerifyKeys (the PWA, which may lack WebCrypto Ed25519).
 */
export async function verifyToken(token: unknown, publicKeys: ReadonlyMap<number, CryptoKey | VerifyKey>, revoked: (ref: string, version: number) => boolean): Promise<VerifyResult> {
  const decoded = decodeToken(token)
  if (!decoded.ok)
    return decoded
  const key = publicKeys.get(decoded.payload.keyId)
  if (!key)
    return { ok: false, reason: 'unknown_key' }
  let valid: boolean
  try {
    valid = isVerifyKey(key)
      ? await key.verify(decoded.signature, decoded.signed)
      : await globalThis.crypto.subtle.verify(ED25519, key, decoded.signature, decoded.signed)
  }
  catch {
    // A key of another algorithm or usage makes WebCrypto throw: for the caller that is simply a
    // signature that does not check out, never a crash at the door. (A browser without Ed25519
    // never gets here with a genuine key: importVerifyKey gave it the pure-JS check instead.)
    valid = false
  }
  if (!valid)
    return { ok: false, reason: 'bad_signature' }
  if (revoked(decoded.payload.ref, decoded.payload.version))
    return { ok: false, reason: 'revoked' }
  return { ok: true, payload: decoded.payload }
}

/** What the QR holds: any phone camera opens the app at /h/<token>. */
export function codeUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/h/${token}`
}

/**
 * Imports a published public key (JWK, OKP Ed25519) as a WebCrypto key: the server's way (Node
 * always has Ed25519). Phones use importVerifyKey (verify-key.ts), which also works where
 * WebCrypto lacks Ed25519; this one rejects there.
 */
export function importPublicKey(jwk: JsonWebKey): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('jwk', jwk, ED25519, true, ['verify'])
}
