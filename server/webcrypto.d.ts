/**
 * Web Crypto's key types as globals on Node, where they are (globalThis.crypto, CryptoKey) but
 * @types/node keeps the types in node:crypto's `webcrypto` namespace. The browser has them in
 * its DOM library; src/domain's code check (household-code/token.ts) uses the same names on both.
 */
import type { webcrypto } from 'node:crypto'

declare global {
  type CryptoKey = webcrypto.CryptoKey
  type CryptoKeyPair = webcrypto.CryptoKeyPair
  type JsonWebKey = webcrypto.JsonWebKey
}
