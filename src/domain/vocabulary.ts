import type { Actor, CaseAction, CaseStatus } from './application/case-status'
import type { CheckSource } from './application/check-report'
import type { BenefitDepartmentCode, BenefitItemCode } from './happiness-list/record'
import type { DepartmentCode, DocumentCode, Layer } from './items'
import type { NeedAction, NeedStatus } from './needs/state'

// The domain's words are in the locale catalogs (src/domain/locales, top-level key `domain`),
// shared by the PWA (`t(key)`) and the server (`translate(lang, key)`). These say where each
// code's words are, so that a code of the wrong kind does not compile.

/** An item's name; the benefits of the happiness list that are no item (charity, home care) too. */
export function itemNameKey(item: BenefitItemCode): string {
  return `domain.items.${item}.name`
}

/** A document to bring when applying (ITEMS[item].documents). */
export function documentKey(document: DocumentCode): string {
  return `domain.documents.${document}`
}

export function layerKey(layer: Layer): string {
  return `domain.layers.${layer}`
}

/** The long name: where a resident goes for an item. */
export function departmentKey(department: DepartmentCode): string {
  return `domain.departments.${department}`
}

/** The short name: who acted on a case ("安乐镇 民政部门"). */
export function departmentShortKey(department: DepartmentCode): string {
  return `domain.departmentShort.${department}`
}

/** The shortest name, for a line of the happiness list; charities too. */
export function benefitDepartmentKey(department: BenefitDepartmentCode): string {
  return `domain.benefitDepartments.${department}`
}

export function caseStatusKey(status: CaseStatus): string {
  return `domain.caseStatus.${status}`
}

export function caseActionKey(action: CaseAction): string {
  return `domain.caseAction.${action}`
}

/** A step's actor when it is not a staff member of a department. */
export function actorKey(actor: Exclude<Actor, 'staff'>): string {
  return `domain.actor.${actor}`
}

/** A source of the household economic check (核对). */
export function checkSourceKey(source: CheckSource): string {
  return `domain.checkSources.${source}`
}

/** A need's status, as a server message names it mid-sentence. */
export function needStatusKey(status: NeedStatus): string {
  return `domain.needStatus.${status}`
}

export function needActionKey(action: NeedAction): string {
  return `domain.needAction.${action}`
}
