import type { SessionUser } from '../../../src/domain/http/auth'
import type { Db } from '../../db/index'
import type { User } from '../../db/repos/users'
import { maskMobile } from '../../../src/domain/mask'
import { areaName } from '../../db/repos/areas'
import { householdSummaryRow } from '../../db/repos/households'

/** The signed-in person as they see themselves: their own household unmasked, their phone masked. */
export async function toSessionUser(db: Db, user: User): Promise<SessionUser> {
  const household = user.household_id ? await householdSummaryRow(db.kysely, user.household_id) : undefined
  return {
    id: user.id,
    role: user.role,
    displayName: user.display_name,
    phoneMasked: user.phone ? maskMobile(user.phone) : null,
    areaCode: user.area_code ?? household?.areaCode ?? null,
    areaName: await areaName(db.kysely, user.area_code) ?? household?.areaName ?? null,
    department: user.department,
    household: household ?? null,
  }
}
