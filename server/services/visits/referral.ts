import type { Kysely } from 'kysely'
import type { VisitReferral } from '../../../src/domain/visits/api'
import type { Signal } from '../../../src/domain/warnings/signals'
import type { NewVisit, StoredVisit } from '../../db/repos/visits'
import type { Database } from '../../db/schema'
import { maskNumbersIn } from '../../../src/domain/visits/summary'
import { referralSignal } from '../../../src/domain/warnings/signals'
import { insertPendingVisitOnce, insertVisitOnce } from '../../db/repos/visits'
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
  const insert = (handle: Kysely<Database>) => held ? insertPendingVisitOnce(handle, visit, held) : insertVisitOnce(handle, visit)
  if (!referral)
    return insert(db)
  const signal = referralOf(visit, referral)
  return db.transaction().execute(async (trx) => {
    const stored = await insert(trx)
    if (stored.id === visit.id)
      await receiveSignals(trx, [signal], { credentialId: null, importedBy: null })
    return stored
  })
}
