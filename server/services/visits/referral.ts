import type { Kysely } from 'kysely'
import type { VisitReferral } from '../../../src/domain/visits/api'
import type { Signal } from '../../../src/domain/warnings/signals'
import type { NewVisit, StoredVisit } from '../../db/repos/visits'
import type { Database } from '../../db/schema'
import { maskNumbersIn } from '../../../src/domain/visits/summary'
import { referralSignal } from '../../../src/domain/warnings/signals'
import { decideVisit, insertPendingVisitOnce, insertVisitOnce } from '../../db/repos/visits'
import { AppError } from '../../errors'
import { receiveSignals } from '../warnings/receive'

// A volunteer's referral (转介, issue #19) travels with the visit it came from, under the visit's
// clientId: the signal's key is (volunteer, clientId), so the visit and its referral are stored
// together, once, however often the phone resends them, and a resend raises nothing more.

/** Where the phone's code had been regenerated before the visit: held for staff (issue #16). */
export interface HeldCode {
  version: number
  revokedAt: string
}

/**
 * The referral as the signal the warning rules read: when and where the visit was. An ID or
 * phone number typed into the note is masked before it is stored: the note is read by staff of
 * several departments and quoted in the warning's text, and numbers are shown only to their owner.
 */
export function referralOf(visit: Pick<NewVisit, 'client_id' | 'household_id' | 'visited_at'>, referral: VisitReferral): Signal {
  const checked = referralSignal.safeParse({
    kind: 'referral',
    source: 'volunteer',
    externalId: visit.client_id,
    householdId: visit.household_id,
    occurredAt: visit.visited_at,
    seen: referral.seen,
    note: maskNumbersIn(referral.note),
    ...(referral.memberId === undefined ? {} : { memberId: referral.memberId }),
  })
  // The request's schema is the signal's: a refusal here is a body the schema let through.
  if (!checked.success)
    throw new AppError(400, 'validation_failed', {}, 'referral')
  return checked.data
}

/**
 * Stores a visit once per clientId (held for staff when its code was regenerated before it) and,
 * when it carries a referral, the referral's signal in the same transaction, evaluated as it
 * arrives (receiveSignals): a warning lands in the town's queue with the visit, or neither is
 * stored. Only the send that stored the visit stores the signal; the signal's own unique key
 * would refuse a second one anyway. A visit without referral takes the path it always took.
 */
export async function storeVisit(db: Kysely<Database>, visit: NewVisit, options: { held?: HeldCode, referral?: VisitReferral } = {}): Promise<StoredVisit> {
  const { held, referral } = options
  const signal = referral ? referralOf(visit, referral) : null
  // A held visit counts nowhere until staff confirm it, and neither does its referral: it waits
  // on the visit's confirmation row (decideHeldVisit raises it).
  if (held)
    return insertPendingVisitOnce(db, visit, held, signal)
  if (!signal)
    return insertVisitOnce(db, visit)
  return db.transaction().execute(async (trx) => {
    const stored = await insertVisitOnce(trx, visit)
    if (stored.id === visit.id)
      await receiveSignals(trx, [signal], { credentialId: null, importedBy: null })
    return stored
  })
}

/**
 * Staff decide a visit held for confirmation (issue #16), once. Confirmed, the referral that waited
 * with it is raised now, in the same transaction, as it would have been had the code been current
 * (issue #19); rejected, the visit counts nowhere and its referral is dropped with it. false when
 * the visit was decided already.
 */
export async function decideHeldVisit(db: Kysely<Database>, visitId: string, decision: 'confirmed' | 'rejected', userId: string, at: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const decided = await decideVisit(trx, visitId, decision, userId, at)
    if (!decided.decided)
      return false
    if (decision === 'confirmed' && decided.referral !== null) {
      const signal = referralSignal.parse(decided.referral)
      await receiveSignals(trx, [signal], { credentialId: null, importedBy: null }, new Date(at))
    }
    return true
  })
}
