// The pure-JS Ed25519 check (@noble/ed25519, audited) for browsers whose WebCrypto lacks Ed25519:
// Chrome and Android WebView before 137, Safari before 17, many in-app browsers (issue #16).
// verify-key.ts loads it with a dynamic import only there, so it is a chunk of its own that
// other phones never download; the service worker precaches it like every built asset.
import { verifyAsync } from '@noble/ed25519'

/**
 * True when `signature` is `publicKey`'s Ed25519 signature of `message`. Strict RFC 8032 /
 * FIPS 186-5 rules (`zip215: false`), like WebCrypto's: canonical encodings only, small-order keys
 * refused, so both paths accept the same signatures. SHA-512 comes from WebCrypto's digest, which
 * every browser with WebCrypto has, Ed25519 or not.
 */
export function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
  return verifyAsync(signature, message, publicKey, { zip215: false })
}
