import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { readSecret } from '../config'

/**
 * Encryption at rest for what a copied database file must not reveal (issue #14): ID numbers,
 * phones, signing keys… AES-256-GCM with a random 96-bit IV per value; the key id is stored
 * with each value, so keys rotate (`npm run keys:rotate`) while old values stay readable.
 * Values we look up by (an ID number, a phone) also get a blind index: a keyed HMAC that finds
 * equal values without revealing them. The index key does not rotate with the data keys.
 *
 * Stored form: `enc1.<keyId>.<iv base64url>.<ciphertext+tag base64url>`.
 */
export interface DataKey {
  id: string
  /** 32 bytes. */
  key: Buffer
}

const FORMAT = 'enc1'
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_BYTES = 32
const KEY_ID = /^\w{1,32}$/

/** What a blind index is of: values of different kinds never compare equal. */
export type IndexKind = 'id_number' | 'phone'

export class FieldCipher {
  private readonly byId: Map<string, Buffer>
  private readonly current: DataKey

  /** `keys[0]` encrypts; every key decrypts. */
  constructor(readonly keys: readonly DataKey[], private readonly indexKey: Buffer) {
    const [current] = keys
    if (!current)
      throw new Error('at least one data key is needed')
    for (const k of keys) {
      if (!KEY_ID.test(k.id) || k.key.length !== KEY_BYTES)
        throw new Error(`data key ${k.id}: the id must be 1-32 letters, digits or _, the key 32 bytes`)
    }
    if (indexKey.length !== KEY_BYTES)
      throw new Error('the blind index key must be 32 bytes')
    this.byId = new Map(keys.map(k => [k.id, k.key]))
    this.current = current
  }

  get currentKeyId(): string {
    return this.current.id
  }

  seal(plain: string): string {
    const { id, key } = this.current
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    // The key id is authenticated too: a value cannot be moved to another key's slot.
    cipher.setAAD(Buffer.from(id))
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()])
    return `${FORMAT}.${id}.${iv.toString('base64url')}.${body.toString('base64url')}`
  }

  open(sealed: string): string {
    const [format, id, iv, body] = sealed.split('.')
    const key = this.byId.get(id ?? '')
    if (format !== FORMAT || !key || !iv || !body)
      throw new Error(format === FORMAT ? `no data key "${id}" to decrypt a stored value` : 'a stored value is not encrypted')
    const bytes = Buffer.from(body, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(id!))
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8')
  }

  /** The key a stored value was sealed with; null when it is not sealed (a row not yet migrated). */
  static keyIdOf(stored: string): string | null {
    const [format, id] = stored.split('.')
    return format === FORMAT && id ? id : null
  }

  index(kind: IndexKind, value: string): string {
    return createHmac('sha256', this.indexKey).update(`${kind}:${value}`).digest('hex')
  }
}

/**
 * Keys from the environment: DATA_KEYS="<id>:<base64 32 bytes>,…" (the first encrypts) and
 * DATA_INDEX_KEY (base64, 32 bytes). Production must set both; elsewhere they are derived from
 * APP_SECRET, so that a demo database stays readable across restarts.
 */
export function readDataKeys(env: NodeJS.ProcessEnv, secret: string): { keys: DataKey[], indexKey: Buffer } {
  if (!env.DATA_KEYS || !env.DATA_INDEX_KEY) {
    if (env.NODE_ENV === 'production')
      throw new Error('DATA_KEYS and DATA_INDEX_KEY must be set in production (`npm run keys:new` makes them): ID numbers and phones are encrypted with them')
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'xingfuma-dev', info, KEY_BYTES))
    return { keys: [{ id: 'dev1', key: derive('data-key') }], indexKey: derive('blind-index') }
  }
  const keys = env.DATA_KEYS.split(',').map(s => s.trim()).filter(Boolean).map((entry) => {
    const at = entry.indexOf(':')
    return { id: entry.slice(0, at), key: Buffer.from(entry.slice(at + 1), 'base64') }
  })
  return { keys, indexKey: Buffer.from(env.DATA_INDEX_KEY, 'base64') }
}

/** A new key as DATA_KEYS holds it. */
export function newDataKey(id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`
}

let current: FieldCipher | null = null

/**
 * The process's cipher. Keys are process configuration like APP_SECRET, read once; server start
 * and tools set it from their configuration, tests may set their own (`useFieldCipher`).
 */
export function fieldCipher(): FieldCipher {
  if (!current) {
    const { keys, indexKey } = readDataKeys(process.env, readSecret(process.env))
    current = new FieldCipher(keys, indexKey)
  }
  return current
}

export function useFieldCipher(cipher: FieldCipher): void {
  current = cipher
}
