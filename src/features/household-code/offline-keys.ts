import type { UseStore } from 'idb-keyval'
import type { PublishedKeys } from '../../domain/household-code/api'
import type { VerifyKey } from '../../domain/household-code/token'
import { createStore, get, set } from 'idb-keyval'
import { decodeToken, verifyToken } from '../../domain/household-code/token'
import { importVerifyKey } from '../../domain/household-code/verify-key'
import { fetchPublishedKeys } from './api'

/**
 * Offline verification of happiness codes (幸福码, issue #6). The server's public keys and its list
 * of revoked code versions are public data: they are kept in IndexedDB so that a volunteer can
 * check a code at a door with no signal. Refreshed on app start and on reconnect, and again just
 * before a check when online (briefly: a slow network falls back to the kept copy).
 *
 * They live in their own database, not in useStoredState's: signing out wipes personal data, and
 * these are not personal, so a shared phone keeps verifying after a change of user.
 */

const DB_NAME = 'xingfuma-code-keys'
const STORE_NAME = 'keys'
const CACHE_KEY = 'published'
/** A check at the door waits this long for fresh keys before using the kept ones. */
export const VERIFY_REFRESH_TIMEOUT_MS = 2500
/** Background refreshes (app start, reconnect) are not waited for: the client's usual patience. */
const BACKGROUND_REFRESH_TIMEOUT_MS = 10_000
/** Keys fetched this recently count as fresh: a scan and the visit form after it fetch once. */
const FRESH_FOR_MS = 30_000

export type VerifyFailureReason = 'malformed' | 'unknown_key' | 'bad_signature' | 'revoked' | 'no_keys'
export type HouseholdTokenCheck
  = | { ok: true, ref: string, version: number, offline: false }
    /** `listedAt`: when the kept keys and revocations came from the server (ISO): how stale the check may be. */
    | { ok: true, ref: string, version: number, offline: true, listedAt: string }
    | { ok: false, reason: VerifyFailureReason }

interface CachedKeys extends PublishedKeys {
  /** ISO time of the fetch: how old the offline copy is. */
  fetchedAt: string
}

// Created on first use: opening IndexedDB at import time fails where it is missing.
let idbStore: UseStore | undefined
function keyStore(): UseStore {
  idbStore ??= createStore(DB_NAME, STORE_NAME)
  return idbStore
}

/** undefined: not read from IndexedDB yet; null: nothing kept. */
let memory: CachedKeys | null | undefined
/** When keys last came from the server in this page's life (ms), 0 = never. */
let lastFreshAt = 0
let refreshing: Promise<boolean> | null = null
/**
 * Revocations the server told this page about (a refused card, a visit held at sync), as
 * "ref:version". Kept on top of every list fetched while the page lives: a refresh that started
 * before one was learnt (or a cached answer on the way) may not have it yet.
 */
const learnt = new Set<string>()
/** Imported keys by their x: null for a key that is no Ed25519 key at all. */
const importedKeys = new Map<string, Promise<VerifyKey | null>>()

function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** Takes only the shape we need from what the server (or an older app version) left; null if unusable. */
export function parsePublishedKeys(value: unknown): PublishedKeys | null {
  if (!isRecord(value) || !Array.isArray(value.keys) || !Array.isArray(value.revoked))
    return null
  const keys: PublishedKeys['keys'] = []
  for (const k of value.keys) {
    if (isRecord(k) && Number.isInteger(k.keyId) && isRecord(k.jwk) && k.jwk.kty === 'OKP' && k.jwk.crv === 'Ed25519' && typeof k.jwk.x === 'string')
      keys.push({ keyId: k.keyId as number, jwk: { kty: 'OKP', crv: 'Ed25519', x: k.jwk.x } })
  }
  const revoked: PublishedKeys['revoked'] = []
  for (const r of value.revoked) {
    if (isRecord(r) && typeof r.ref === 'string' && Number.isInteger(r.version))
      revoked.push({ ref: r.ref, version: r.version as number })
  }
  return { keys, revoked }
}

async function cached(): Promise<CachedKeys | null> {
  if (memory !== undefined)
    return memory
  try {
    const stored = await get<unknown>(CACHE_KEY, keyStore())
    const parsed = parsePublishedKeys(stored)
    memory = parsed && isRecord(stored) && typeof stored.fetchedAt === 'string' ? { ...parsed, fetchedAt: stored.fetchedAt } : null
  }
  catch {
    // No IndexedDB here (some private modes): verification works from memory while the page lives.
    memory = null
  }
  return memory
}

/**
 * Fetches the keys and keeps them. Resolves true when fresh keys are in hand, false when the
 * network or server failed (the kept copy stays as it was). Never rejects; one fetch at a time.
 */
export function refreshKeys(timeoutMs = BACKGROUND_REFRESH_TIMEOUT_MS): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const published = parsePublishedKeys(await fetchPublishedKeys(timeoutMs))
      if (!published)
        return false
      const known = new Set(published.revoked.map(r => `${r.ref}:${r.version}`))
      for (const key of learnt) {
        if (!known.has(key))
          published.revoked.push(revocationOf(key))
      }
      memory = { ...published, fetchedAt: new Date().toISOString() }
      lastFreshAt = Date.now()
      // Imported now, with signal: a phone without WebCrypto Ed25519 loads its pure-JS check here
      // rather than at a door with none. A failure is not lost: the check tries again and says so.
      for (const k of published.keys)
        importKey(k.jwk).catch(() => undefined)
      try {
        await set(CACHE_KEY, memory, keyStore())
      }
      catch {
        // Kept in memory only; the next refresh tries again.
      }
      return true
    }
    catch {
      return false
    }
    finally {
      refreshing = null
    }
  })()
  return refreshing
}

function revocationOf(key: string): { ref: string, version: number } {
  const at = key.lastIndexOf(':')
  return { ref: key.slice(0, at), version: Number(key.slice(at + 1)) }
}

/**
 * The server said this code no longer counts (it refused the card, or held a visit because the
 * code had been regenerated): it goes into the kept list at once, so the same code scanned
 * offline a minute later is refused too, and the whole list is refreshed (the household's new
 * code may have revoked more). Never throws; the token is neither logged nor stored.
 */
export async function learnRevokedToken(token: string): Promise<void> {
  const decoded = decodeToken(token)
  if (decoded.ok)
    await learnRevoked([{ ref: decoded.payload.ref, version: decoded.payload.version }])
}

/** A new code was made on this phone (staff regenerating a household's code): its previous version is revoked. */
export async function learnRevokedPrevious(newToken: string): Promise<void> {
  const decoded = decodeToken(newToken)
  if (decoded.ok)
    await learnRevoked([{ ref: decoded.payload.ref, version: decoded.payload.version - 1 }])
}

/** The same for versions named directly (a code regenerated by staff on this phone, an outbox entry). */
export async function learnRevoked(codes: readonly { ref: string, version: number }[]): Promise<void> {
  const kept = await cached()
  const listed = new Set(kept?.revoked.map(r => `${r.ref}:${r.version}`) ?? [])
  const fresh = codes.filter(c => c.version > 0 && !listed.has(`${c.ref}:${c.version}`) && !learnt.has(`${c.ref}:${c.version}`))
  if (fresh.length === 0)
    return
  for (const c of fresh)
    learnt.add(`${c.ref}:${c.version}`)
  if (kept) {
    memory = { ...kept, revoked: [...kept.revoked, ...fresh.map(c => ({ ref: c.ref, version: c.version }))] }
    try {
      await set(CACHE_KEY, memory, keyStore())
    }
    catch {
      // Kept in memory for this page's life; the refresh below tries to store the server's list.
    }
  }
  // A code change was heard of: the list is refreshed now, not when it grows old.
  lastFreshAt = 0
  if (isOnline())
    void refreshKeys()
}

/** App start and every reconnect: refresh in the background. Returns a function that stops listening. */
export function startKeyRefresh(): () => void {
  if (typeof window === 'undefined')
    return () => {}
  const onOnline = () => void refreshKeys()
  if (isOnline())
    onOnline()
  window.addEventListener('online', onOnline)
  return () => window.removeEventListener('online', onOnline)
}

/**
 * Each key once per page life. A rejection (the pure-JS check for a browser without Ed25519
 * could not be loaded) is not kept: the next check tries again.
 */
function importKey(jwk: JsonWebKey & { x: string }): Promise<VerifyKey | null> {
  let key = importedKeys.get(jwk.x)
  if (!key) {
    key = importVerifyKey(jwk)
    importedKeys.set(jwk.x, key)
    key.catch(() => importedKeys.delete(jwk.x))
  }
  return key
}

/**
 * Checks a scanned token's signature and revocation with the public keys this device holds,
 * refreshed first when online. `offline` says the check used the kept copy (no fresh keys now).
 * Never throws, and never logs or stores the token.
 */
export async function verifyHouseholdToken(token: string): Promise<HouseholdTokenCheck> {
  // The structure first: a truncated or mistyped link needs no network.
  const decoded = decodeToken(token)
  if (!decoded.ok)
    return { ok: false, reason: 'malformed' }
  const decodedKeyId = decoded.payload.keyId
  let fresh = Date.now() - lastFreshAt < FRESH_FOR_MS && lastFreshAt > 0
  if (!fresh && isOnline())
    fresh = await refreshKeys(VERIFY_REFRESH_TIMEOUT_MS)
  const published = await cached()
  if (!published || published.keys.length === 0)
    return { ok: false, reason: 'no_keys' }

  const keys = new Map<number, VerifyKey>()
  for (const k of published.keys) {
    let key: VerifyKey | null
    try {
      key = await importKey(k.jwk)
    }
    catch {
      // This browser needs the pure-JS check and it could not be loaded: the phone lacks what it
      // needs to check this code, which is what no_keys tells the volunteer (connect and retry).
      // Never unknown_key: that would call a genuine code not ours.
      if (k.keyId === decodedKeyId)
        return { ok: false, reason: 'no_keys' }
      continue
    }
    if (key)
      keys.set(k.keyId, key)
  }
  const revoked = new Set([...published.revoked.map(r => `${r.ref}:${r.version}`), ...learnt])
  const result = await verifyToken(token, keys, (ref, version) => revoked.has(`${ref}:${version}`))
  if (!result.ok)
    return { ok: false, reason: result.reason === 'unknown_format' ? 'malformed' : result.reason }
  const { ref, version } = result.payload
  // Fresh keys with no signal now (fetched a few seconds ago) still say so, with the list's age.
  return fresh && isOnline() ? { ok: true, ref, version, offline: false } : { ok: true, ref, version, offline: true, listedAt: published.fetchedAt }
}
