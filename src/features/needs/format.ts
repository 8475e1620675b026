import type { Need, NeedEvent } from '../../domain/needs/api'
import type { NeedAction, NeedActor } from '../../domain/needs/state'
import type { Role } from '../../domain/roles'
import { availableActions } from '../../domain/needs/state'

// Small helpers shared by the needs screens: the buttons the shared rules allow, and who acted.
// Dates and times: src/domain/time.ts.

/** The actions the signed-in person may take on the need now (the server checks again). */
export function actionsFor(need: Need, role: Role | null | undefined): NeedAction[] {
  if (!role)
    return []
  const actor: NeedActor = { role, ownsNeed: need.ownsNeed, isClaimer: need.isClaimer }
  return availableActions({ status: need.status, statusBeforeRemoval: need.statusBeforeRemoval }, actor)
}

/** The people of a timeline step: role, and organisation when there is one. */
export function actorText(event: Pick<NeedEvent, 'actorRole' | 'actorOrganisation'>, roleName: (role: string) => string): string {
  const role = roleName(event.actorRole)
  return event.actorOrganisation ? `${event.actorOrganisation} ${role}` : role
}
