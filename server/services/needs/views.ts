import type { Need, NeedEvent } from '../../../src/domain/needs/api'
import type { NeedActor } from '../../../src/domain/needs/state'
import type { NeedEventListRow, NeedListRow } from '../../db/repos/needs'
import type { User } from '../../db/repos/users'
import { maskName } from '../../../src/domain/mask'

// How a need looks to each side: the household sees its head's name, everyone else a masked
// name and the village only (no address, phone or ID). Actors are shown by role and organisation.

/** How the person stands to the need, for the shared rules. */
export function actorOf(user: User, need: Pick<NeedListRow, 'household_id' | 'claimed_by'>): NeedActor {
  return {
    role: user.role,
    ownsNeed: user.role === 'resident' && user.household_id === need.household_id,
    isClaimer: need.claimed_by !== null && need.claimed_by === user.id,
  }
}

function eventView(e: NeedEventListRow): NeedEvent {
  return {
    at: e.at,
    action: e.action,
    status: e.status,
    actorRole: e.actor_role,
    actorOrganisation: e.actor_organisation,
    note: e.note,
    rating: e.rating === null ? null : Number(e.rating),
    hasPhoto: e.has_photo,
  }
}

export function needView(row: NeedListRow, events: NeedEventListRow[], headName: string, viewer: User): Need {
  const actor = actorOf(viewer, row)
  return {
    id: row.id,
    category: row.category,
    description: row.description,
    status: row.status,
    statusBeforeRemoval: row.status_before_removal,
    hasPhoto: row.has_photo,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    village: { code: row.area_code, name: row.area_name },
    headName: actor.ownsNeed ? headName : maskName(headName),
    postedBy: row.posted_by_role,
    claimer: row.claimer_role ? { role: row.claimer_role, organisation: row.claimer_organisation } : null,
    ownsNeed: actor.ownsNeed,
    isClaimer: actor.isClaimer,
    rating: row.rating === null ? null : Number(row.rating),
    comment: row.comment,
    removalReason: row.removal_reason,
    events: events.filter(e => e.need_id === row.id).map(eventView),
  }
}
