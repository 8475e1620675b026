import type { Db } from '../../db'
import { decodeToken, verifyToken } from '../../../src/domain/household-code/token'
import { verificationKeys } from './signing'

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

/**
 * The household a token names, or null for anything that is not a genuine, valid code of a
 * known household: garbage, truncated, altered, signed by an unknown or retired key, an unknown
 * household reference, or a version revoked (before the scan, when scannedAt is given). Never throws.
 */
export async function resolveHouseholdToken(db: Db, token: unknown, options: ResolveOptions = {}): Promise<ResolvedCode | null> {
  const decoded = decodeToken(token)
  if (!decoded.ok)
    return null
  const { ref } = decoded.payload
  const k = db.kysely
  const [code, revokedRows] = await Promise.all([
    k.selectFrom('household_codes').select(['household_id', 'version']).where('ref', '=', ref).executeTakeFirst(),
    k.selectFrom('revoked_codes').select(['version', 'revoked_at']).where('ref', '=', ref).execute(),
  ])
  if (!code)
    return null
  const revokedAt = new Map(revokedRows.map(r => [Number(r.version), Date.parse(r.revoked_at)]))
  const current = Number(code.version)
  const scannedAt = options.scannedAt === undefined ? null : Date.parse(options.scannedAt)
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
  const result = await verifyToken(token, await verificationKeys(db), isRevoked)
  if (!result.ok)
    return null
  if (scannedAt !== null && scannedAt < result.payload.issuedAt * MS_PER_SECOND - (options.clockSkewMs ?? 0))
    return null
  return { householdId: code.household_id, ref, version: result.payload.version }
}
