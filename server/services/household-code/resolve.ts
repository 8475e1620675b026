import type { VerifyKey } from '../../../src/domain/household-code/token'
import type { Db } from '../../db/index'
import type { CodeVersions } from '../../db/repos/household-codes'
import { decodeToken, verifyToken } from '../../../src/domain/household-code/token'
import { codeVersions } from '../../db/repos/household-codes'
import { verificationKeys, verifyKeysOf } from './signing'

// Token → household for the routes that act on a scanned happiness code (visits, needs). The
// same shared verifyToken as POST /household-code/verify and the PWA; what differs is the
// moment the code has to be valid at.

export interface ResolvedCode {
  householdId: string
  ref: string
  version: number
}

export interface ResolveOptions {
  /**
   * The moment the code was scanned (ISO). A version revoked AFTER it still counts: the code was
   * valid at the door and only the sync came later, and losing that visit would be wrong. It
   * may not precede the version's issue (signed into the token): a code cannot have been at the
   * door before it existed, so back-dating cannot stretch a revoked code's life backwards. Left
   * out, the code must be valid now (the current version, not revoked).
   */
  scannedAt?: string
  /** How far scannedAt may fall before the version's issue (a phone clock running behind). */
  clockSkewMs?: number
}

const MS_PER_SECOND = 1000

interface Lookup {
  householdId: string
  current: number
  /** Revocation time (ms) of each revoked version of the reference. */
  revokedAt: Map<number, number>
}

/**
 * What resolving a token reads from the database, when the caller has read it already (a visit's
 * send reads it with the rest of what it checks in one query, issue #18).
 */
export interface CodeFacts {
  /** The reference these facts are of: the token's, or the token is refused. */
  ref: string
  /** Its code; null when no household has that reference. */
  versions: CodeVersions | null
  /** The active signing keys. */
  keys: readonly { keyId: number, publicKeyJwk: string }[]
}

function lookupOf(found: CodeVersions | null): Lookup | null {
  return found && { householdId: found.householdId, current: found.current, revokedAt: new Map(found.revoked.map(r => [r.version, Date.parse(r.revokedAt)])) }
}

async function lookUp(db: Db, ref: string): Promise<Lookup | null> {
  return lookupOf(await codeVersions(db.kysely, ref))
}

function parsedScan(options: ResolveOptions): number | null {
  return options.scannedAt === undefined ? null : Date.parse(options.scannedAt)
}

/** A code cannot have been at the door before its version was issued (a little clock skew aside). */
function backDated(scannedAt: number | null, issuedAtSeconds: number, options: ResolveOptions): boolean {
  return scannedAt !== null && scannedAt < issuedAtSeconds * MS_PER_SECOND - (options.clockSkewMs ?? 0)
}

/**
 * The household a token names, or null for anything that is not a genuine, valid code of a
 * known household: garbage, truncated, altered, signed by an unknown or retired key, an unknown
 * household reference, or a version revoked (before the scan, when scannedAt is given). Never throws.
 */
export async function resolveHouseholdToken(db: Db, token: unknown, options: ResolveOptions = {}): Promise<ResolvedCode | null> {
  const decoded = decodeToken(token)
  if (!decoded.ok)
    return null
  const found = await lookUp(db, decoded.payload.ref)
  if (!found)
    return null
  return resolveFound(token, decoded.payload.ref, found, await verificationKeys(db), options)
}

/** resolveHouseholdToken with what it reads from the database read by the caller. */
export async function resolveWithFacts(facts: CodeFacts, token: unknown, options: ResolveOptions = {}): Promise<ResolvedCode | null> {
  const decoded = decodeToken(token)
  if (!decoded.ok || decoded.payload.ref !== facts.ref)
    return null
  const found = lookupOf(facts.versions)
  if (!found)
    return null
  return resolveFound(token, facts.ref, found, verifyKeysOf(facts.keys), options)
}

async function resolveFound(token: unknown, ref: string, found: Lookup, keys: ReadonlyMap<number, VerifyKey>, options: ResolveOptions): Promise<ResolvedCode | null> {
  const { current, revokedAt } = found
  const scannedAt = parsedScan(options)
  const isRevoked = (_ref: string, version: number): boolean => {
    if (version === current)
      return false
    // A version above the current one was never issued; one below without a revocation row
    // cannot happen (regenerating revokes in the same transaction): both count as revoked.
    const at = revokedAt.get(version)
    if (version > current || at === undefined)
      return true
    return scannedAt === null || Number.isNaN(scannedAt) || at <= scannedAt
  }
  const result = await verifyToken(token, keys, isRevoked)
  if (!result.ok)
    return null
  if (backDated(scannedAt, result.payload.issuedAt, options))
    return null
  return { householdId: found.householdId, ref, version: result.payload.version }
}

/** A genuine code whose version had been regenerated before the scan (issue #16). */
export interface RevokedAtScan extends ResolvedCode {
  /** When that version was revoked, ISO. */
  revokedAt: string
}

/**
 * For a token resolveHouseholdToken refused at `scannedAt`: the household, when the token is
 * genuine (signed by an active key, a known reference, a version that was issued and later
 * revoked) and only its revocation came before the scan. The household is real; a volunteer
 * whose phone had not heard of the new code still met it. Null for everything else: a forged,
 * altered, unknown-key or never-issued code, and a scan dated before the version's issue.
 */
export async function revokedAtScan(db: Db, token: unknown, options: ResolveOptions & { scannedAt: string }): Promise<RevokedAtScan | null> {
  const decoded = decodeToken(token)
  if (!decoded.ok)
    return null
  const found = await lookUp(db, decoded.payload.ref)
  if (!found || !revokedBefore(found, decoded.payload.version))
    return null
  return revokedFound(token, decoded.payload.ref, decoded.payload.version, found, await verificationKeys(db), options)
}

/** revokedAtScan with what it reads from the database read by the caller. */
export async function revokedAtScanWithFacts(facts: CodeFacts, token: unknown, options: ResolveOptions & { scannedAt: string }): Promise<RevokedAtScan | null> {
  const decoded = decodeToken(token)
  if (!decoded.ok || decoded.payload.ref !== facts.ref)
    return null
  const found = lookupOf(facts.versions)
  if (!found || !revokedBefore(found, decoded.payload.version))
    return null
  return revokedFound(token, facts.ref, decoded.payload.version, found, verifyKeysOf(facts.keys), options)
}

/** A version that was issued and later revoked (whenever). */
function revokedBefore(found: Lookup, version: number): boolean {
  return version < found.current && found.revokedAt.has(version)
}

async function revokedFound(token: unknown, ref: string, version: number, found: Lookup, keys: ReadonlyMap<number, VerifyKey>, options: ResolveOptions): Promise<RevokedAtScan | null> {
  // The signature alone here: the version is known to be revoked.
  const result = await verifyToken(token, keys, () => false)
  if (!result.ok || backDated(parsedScan(options), result.payload.issuedAt, options))
    return null
  return { householdId: found.householdId, ref, version, revokedAt: new Date(found.revokedAt.get(version)!).toISOString() }
}
