import type { VerifyKey } from './token'
import { base64urlToBytes } from './token'

// Public keys of the happiness code for checking on any phone (issue #16). WebCrypto has Ed25519
// only in recent browsers (Chrome/Android WebView 137+, Safari 17+); older ones, which village
// phones often are, throw at importKey or verify. There the same check runs in pure JS
// (ed25519-fallback.ts), loaded only then, so the phones that have Ed25519 download nothing more.

const ED25519 = { name: 'Ed25519' }
export const ED25519_PUBLIC_KEY_BYTES = 32
const SIGNATURE_BYTES = 64

type Fallback = typeof import('./ed25519-fallback')
let fallback: Promise<Fallback> | undefined

/** The pure-JS check, loaded once; a failed load (offline, chunk not cached yet) is tried again next time. */
function loadFallback(): Promise<Fallback> {
  fallback ??= import('./ed25519-fallback').catch((error: unknown) => {
    fallback = undefined
    throw error
  })
  return fallback
}

/** The raw 32 bytes of a well-formed OKP Ed25519 public JWK; null for anything else. */
function rawPublicKey(jwk: JsonWebKey): Uint8Array<ArrayBuffer> | null {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
    return null
  const raw = base64urlToBytes(jwk.x)
  return raw && raw.length === ED25519_PUBLIC_KEY_BYTES ? raw : null
}

/**
 * The browser's own Ed25519 key, or null when it cannot both import and run a verification
 * with it. A signature of zeros over nothing is simply false where Ed25519 works; browsers
 * without it throw (NotSupportedError) at importKey or only at verify, so both are tried here,
 * once, and never at the door.
 */
async function nativeKey(x: string): Promise<CryptoKey | null> {
  try {
    const subtle = globalThis.crypto.subtle
    const key = await subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x }, ED25519, false, ['verify'])
    await subtle.verify(ED25519, key, new Uint8Array(SIGNATURE_BYTES), new Uint8Array(0))
    return key
  }
  catch {
    return null
  }
}

/**
 * Imports a published public key (JWK, OKP Ed25519) for verifyToken on any browser: WebCrypto's
 * Ed25519 where it works, else the pure-JS check (loaded now, while there may still be signal).
 * Null when the JWK is not an Ed25519 public key at all. Rejects only when the pure-JS check is
 * needed and its code cannot be loaded (offline before the app was fully installed): call again
 * later; never cache that as "no key".
 */
export async function importVerifyKey(jwk: JsonWebKey): Promise<VerifyKey | null> {
  const raw = rawPublicKey(jwk)
  if (!raw)
    return null
  const native = await nativeKey(jwk.x!)
  if (native)
    return { verify: (signature, message) => globalThis.crypto.subtle.verify(ED25519, native, signature, message) }
  const { verifyEd25519 } = await loadFallback()
  return { verify: (signature, message) => verifyEd25519(signature, message, raw) }
}
