import type { HouseholdBindingProof } from '../../../src/domain/http/auth'
import type { RegistryHousehold, RegistryPerson } from '../../adapters/index'
import type { Db } from '../../db/index'
import type { User } from '../../db/repos/users'
import { maskMobile } from '../../../src/domain/mask'
import { fieldCipher } from '../../crypto/field-cipher'
import { writeAudit } from '../../db/repos/audit'
import { upsertHouseholdFromRegistry } from '../../db/repos/households'
import { bindUserHousehold } from '../../db/repos/users'
import { AppError } from '../../errors'
import { notifyHousehold } from '../notify/notify-household'

/** The registry's member with this ID number and name, or null (the name must match exactly as registered). */
export function registeredMember(household: RegistryHousehold | null, idNumber: string, name: string): RegistryPerson | null {
  const member = household?.members.find(m => m.idNumber === idNumber)
  return member && member.name === name ? member : null
}

/**
 * Binds a resident account to a registry household once the proof was seen, and tells every
 * account already bound to it (a binding nobody in the family made is then noticed and removed).
 */
export async function bindToHousehold(db: Db, account: User, household: RegistryHousehold, member: RegistryPerson, via: HouseholdBindingProof, actor: User): Promise<string> {
  const k = db.kysely
  const householdId = await upsertHouseholdFromRegistry(k, household)
  const at = new Date().toISOString()
  // Which member the account is: the application form starts with them as the applicant.
  if (!(await bindUserHousehold(k, account.id, householdId, via, at, fieldCipher().index('id_number', member.idNumber))))
    throw new AppError(409, 'household_already_bound')
  await notifyHousehold(k, { householdId, applicationId: null, caseId: null, code: 'household_bound', params: { phone: account.phone ? maskMobile(account.phone) : '' }, at, exceptUserId: account.id })
  await writeAudit(k, { actorId: actor.id, actorRole: actor.role, action: 'bind', subjectType: 'household', subjectId: householdId, detail: via })
  return householdId
}
