import type { PublishedKeys } from '../../../src/domain/household-code/api'
import type { Db } from '../../db'
import { importPublicKey, MAX_KEY_ID } from '../../../src/domain/household-code/token'
import { activeSigningKeys, highestKeyId, insertSigningKey } from '../../db/repos/household-codes'

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
    private_key_pkcs8: Buffer.from(pkcs8).toString('base64'),
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
      const privateKey = await globalThis.crypto.subtle.importKey('pkcs8', Buffer.from(newest.private_key_pkcs8, 'base64'), ED25519, false, ['sign'])
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

/** The same public keys, imported for server-side verification with the shared verifyToken. */
export async function verificationKeys(db: Db): Promise<Map<number, CryptoKey>> {
  const keys = await publishedKeys(db)
  return new Map(await Promise.all(keys.map(async k => [k.keyId, await importPublicKey(k.jwk)] as const)))
}
