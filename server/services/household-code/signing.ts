import type { JsonWebKeyInput } from 'node:crypto'
import type { PublishedKeys } from '../../../src/domain/household-code/api'
import type { VerifyKey } from '../../../src/domain/household-code/token'
import type { Db } from '../../db/index'
import { createPublicKey, verify } from 'node:crypto'
import { MAX_KEY_ID } from '../../../src/domain/household-code/token'
import { fieldCipher } from '../../crypto/field-cipher'
import { activeSigningKeys, highestKeyId, insertSigningKey, retireKey } from '../../db/repos/household-codes'

// Keys of the happiness code. A key is made on first use when none is active, so a fresh
// deployment works without a setup step. The private key sits in the database (base64 PKCS#8):
// production should hold it in a KMS or the environment instead.

const ED25519 = { name: 'Ed25519' }
/** Two first uses at once may both try to store key 1; the loser reads the winner's key. */
const KEY_CREATE_ATTEMPTS = 3

export interface SigningKey {
  keyId: number
  privateKey: CryptoKey
}

type PublicJwk = PublishedKeys['keys'][number]['jwk']

async function createKey(db: Db): Promise<void> {
  const keyId = await highestKeyId(db.kysely) + 1
  if (keyId > MAX_KEY_ID)
    throw new Error('no key id left for the household code (one byte)')
  const pair = await globalThis.crypto.subtle.generateKey(ED25519, true, ['sign', 'verify']) as CryptoKeyPair
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', pair.publicKey)
  const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey)
  await insertSigningKey(db.kysely, {
    key_id: keyId,
    public_key_jwk: JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }),
    // Encrypted at rest (issue #14): a copied database file cannot sign codes.
    private_key_pkcs8: fieldCipher().seal(Buffer.from(pkcs8).toString('base64')),
    created_at: new Date().toISOString(),
    retired_at: null,
  })
}

/** The newest active key, made first if there is none. */
export async function currentSigningKey(db: Db): Promise<SigningKey> {
  for (let attempt = 0; attempt < KEY_CREATE_ATTEMPTS; attempt++) {
    const active = await activeSigningKeys(db.kysely)
    const newest = active.at(-1)
    if (newest) {
      const privateKey = await globalThis.crypto.subtle.importKey('pkcs8', Buffer.from(fieldCipher().open(newest.private_key_pkcs8), 'base64'), ED25519, false, ['sign'])
      return { keyId: Number(newest.key_id), privateKey }
    }
    await createKey(db)
  }
  throw new Error('could not create a signing key for the household code')
}

/** Public keys as published to the PWA. */
export async function publishedKeys(db: Db): Promise<PublishedKeys['keys']> {
  await currentSigningKey(db)
  const active = await activeSigningKeys(db.kysely)
  return active.map(k => ({ keyId: Number(k.key_id), jwk: JSON.parse(k.public_key_jwk) as PublicJwk }))
}

/** Imported public keys by their JWK text: importing costs more than the query that lists them. */
const imported = new Map<string, VerifyKey>()

/**
 * A published public key as the shared verifyToken takes it, checked with node:crypto's
 * synchronous verify on a KeyObject made once: the same Ed25519 check as WebCrypto's, without
 * its job and promise per signature (issue #18). Throws, as WebCrypto's import would reject,
 * for a JWK that is not an Ed25519 public key.
 */
function verifyKeyOf(publicKeyJwk: string): VerifyKey {
  let key = imported.get(publicKeyJwk)
  if (!key) {
    const keyObject = createPublicKey({ key: JSON.parse(publicKeyJwk) as JsonWebKeyInput['key'], format: 'jwk' })
    if (keyObject.asymmetricKeyType !== 'ed25519')
      throw new Error(`a household-code key is ${keyObject.asymmetricKeyType}, not Ed25519`)
    key = { verify: async (signature, message) => verify(null, message, keyObject, signature) }
    imported.set(publicKeyJwk, key)
  }
  return key
}

/** The given active keys (rows of signing_keys), imported for verifyToken, each once per process. */
export function verifyKeysOf(rows: readonly { keyId: number, publicKeyJwk: string }[]): Map<number, VerifyKey> {
  return new Map(rows.map(row => [row.keyId, verifyKeyOf(row.publicKeyJwk)]))
}

/**
 * The active public keys, imported for server-side verification with the shared verifyToken,
 * each once per process. No key is made here: without one no token can be genuine. Rotating or
 * retiring a key takes effect at once: the list is read on every call.
 */
export async function verificationKeys(db: Db): Promise<Map<number, VerifyKey>> {
  const rows = await activeSigningKeys(db.kysely)
  return verifyKeysOf(rows.map(row => ({ keyId: Number(row.key_id), publicKeyJwk: row.public_key_jwk })))
}

/**
 * Rotation: a new key signs from now on (codes are signed afresh each time they are shown or
 * printed); the older keys still verify what was printed with them until they are retired.
 */
export async function rotateSigningKey(db: Db): Promise<number> {
  await createKey(db)
  return (await currentSigningKey(db)).keyId
}

/**
 * Retires a key: codes signed with it stop working everywhere once phones refresh the keys.
 * False when the key is unknown, already retired, or the newest active one (codes must always
 * have a key to be signed with: rotate first).
 */
export async function retireSigningKey(db: Db, keyId: number, at: string): Promise<boolean> {
  const active = await activeSigningKeys(db.kysely)
  if (!active.some(k => Number(k.key_id) === keyId) || Number(active.at(-1)!.key_id) === keyId)
    return false
  await retireKey(db.kysely, keyId, at)
  return true
}
