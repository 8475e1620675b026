import type { HouseholdCode } from '../../../src/domain/household-code/api'
import type { Db } from '../../db/index'
import { codeUrl, encodeToken, newHouseholdRef } from '../../../src/domain/household-code/token'
import { findHouseholdCode, insertHouseholdCode } from '../../db/repos/household-codes'
import { currentSigningKey } from './signing'

// A household's current code, signed: for the code screen, and for every paper that carries the
// QR (the quarterly happiness list). One place, so screen and paper always show the same code.

const MS_PER_SECOND = 1000

/** The token carries whole seconds: the stored time is rounded the same way, so both agree. */
export function nowToTheSecond(): string {
  return new Date(Math.floor(Date.now() / MS_PER_SECOND) * MS_PER_SECOND).toISOString()
}

/** The household's code, made (version 1) on first request. */
export async function householdCodeOf(db: Db, householdId: string) {
  return await findHouseholdCode(db.kysely, householdId)
    ?? await insertHouseholdCode(db.kysely, { household_id: householdId, ref: newHouseholdRef(), version: 1, issued_at: nowToTheSecond() })
}

/** Signs a stored code with the current key: the token and the URL the QR holds. */
export async function signedCode(db: Db, code: { ref: string, version: number, issued_at: string }, origin: string): Promise<HouseholdCode> {
  const key = await currentSigningKey(db)
  const token = await encodeToken({ keyId: key.keyId, ref: code.ref, version: Number(code.version), issuedAt: Date.parse(code.issued_at) / MS_PER_SECOND }, key.privateKey)
  return { token, url: codeUrl(origin, token), version: Number(code.version), issuedAt: code.issued_at }
}

/** The code URL of each household (made where missing), e.g. for a village's printed lists. */
export async function codeUrlsOf(db: Db, householdIds: string[], origin: string): Promise<Map<string, string>> {
  const urls = new Map<string, string>()
  for (const id of householdIds)
    urls.set(id, (await signedCode(db, await householdCodeOf(db, id), origin)).url)
  return urls
}
