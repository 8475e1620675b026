import type { Db } from '../../db/index'
import type { CaseRow, StaffScope } from '../../db/repos/cases'
import type { User } from '../../db/repos/users'
import { caseInScope, findCase } from '../../db/repos/cases'
import { findHousehold } from '../../db/repos/households'
import { AppError, notFound } from '../../errors'

// Who may see what: residents their own household's applications, staff the cases of their
// department in their area. Anything else is "not found", so that nobody learns it exists.

/** The refusal of a resident's route to an account bound to no household. */
export function householdRequired(): AppError {
  return new AppError(403, 'forbidden', {}, undefined, 'household_required')
}

export async function residentHousehold(db: Db, user: User): Promise<{ id: string, area_code: string }> {
  const household = user.household_id ? await findHousehold(db.kysely, user.household_id) : undefined
  if (!household)
    throw householdRequired()
  return household
}

export async function residentCase(db: Db, user: User, caseId: string): Promise<CaseRow> {
  const c = await findCase(db.kysely, caseId)
  if (!c || !user.household_id || c.household_id !== user.household_id)
    throw notFound()
  return c
}

export function staffScope(user: User): StaffScope {
  if (!user.area_code || !user.department)
    throw new AppError(403, 'forbidden')
  return { areaCode: user.area_code, department: user.department }
}

export async function staffCase(db: Db, user: User, caseId: string): Promise<CaseRow> {
  const c = await findCase(db.kysely, caseId)
  if (!c || !caseInScope(c, staffScope(user)))
    throw notFound()
  return c
}
