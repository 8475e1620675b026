import { vi } from 'vitest'

// For specs only: a browser whose WebCrypto lacks Ed25519 (Chrome/Android WebView before 137,
// Safari before 17, many in-app browsers; issue #16), made from Node's WebCrypto, which has it.

/** Where the browser gives up: at importKey (the common case) or only at verify. */
export type MissingAt = 'importKey' | 'verify'

function isEd25519(algorithm: unknown): boolean {
  const name = typeof algorithm === 'string' ? algorithm : (algorithm as { name?: unknown } | null)?.name
  return typeof name === 'string' && name.toLowerCase() === 'ed25519'
}

/** What Chrome before 137 throws for an algorithm it does not know. */
export function notSupported(): DOMException {
  return new DOMException('Unrecognized name.', 'NotSupportedError')
}

/**
 * Makes globalThis.crypto.subtle refuse Ed25519 at `at` with `error` (other algorithms, digest
 * included, work as before). Undo with vi.restoreAllMocks(). Sign test tokens before, or with
 * the real WebCrypto kept aside: signing stays possible (only importKey/verify refuse).
 */
export function removeWebCryptoEd25519(at: MissingAt, error: () => Error = notSupported) {
  const subtle = globalThis.crypto.subtle
  if (at === 'importKey') {
    const importKey = subtle.importKey.bind(subtle) as (...args: unknown[]) => Promise<CryptoKey>
    return vi.spyOn(subtle, 'importKey').mockImplementation(((...args: unknown[]) =>
      isEd25519(args[2]) ? Promise.reject(error()) : importKey(...args)) as typeof subtle.importKey)
  }
  const verify = subtle.verify.bind(subtle) as (...args: unknown[]) => Promise<boolean>
  return vi.spyOn(subtle, 'verify').mockImplementation(((...args: unknown[]) =>
    isEd25519(args[0]) ? Promise.reject(error()) : verify(...args)) as typeof subtle.verify)
}
