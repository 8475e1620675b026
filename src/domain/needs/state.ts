import type { Role } from '../roles'

// Small needs (微心愿, issue #6): publish → claim → deliver → rate (需求发布、认领、服务输出、评价反馈).
// One pure function decides every transition; the server applies it, the PWA asks it which
// buttons to show. Area and visibility checks stay on the server (a need outside them is "not found").

export const NEED_STATUSES = ['open', 'claimed', 'delivered', 'confirmed', 'cancelled', 'removed'] as const
export type NeedStatus = (typeof NEED_STATUSES)[number]

export const NEED_ACTIONS = ['claim', 'release', 'deliver', 'confirm', 'cancel', 'remove', 'restore'] as const
export type NeedAction = (typeof NEED_ACTIONS)[number]

/** A step of a need's timeline: its posting, then the actions taken on it. */
export const NEED_EVENT_ACTIONS = ['post', ...NEED_ACTIONS] as const
export type NeedEventAction = (typeof NEED_EVENT_ACTIONS)[number]

/** Who asks, as far as the rules care: the role and how the person stands to this need. */
export interface NeedActor {
  role: Role
  /** A resident of the household the need belongs to. */
  ownsNeed: boolean
  /** The volunteer or social worker who claimed it. */
  isClaimer: boolean
}

export interface NeedState {
  status: NeedStatus
  /** Where a restore goes back to; set while the need is removed. */
  statusBeforeRemoval: NeedStatus | null
}

export type TransitionResult
  = | { ok: true, status: NeedStatus }
  /** role: this kind of user never does it; party: not their need (or not their claim); state: not now. */
    | { ok: false, reason: 'role' | 'party' | 'state' }

const FIELD: readonly Role[] = ['volunteer', 'social_worker']
const STAFF: readonly Role[] = ['town_staff', 'county_staff']

interface Rule {
  roles: readonly Role[]
  party: (actor: NeedActor) => boolean
  from: readonly NeedStatus[]
  to: (state: NeedState) => NeedStatus
}

const anyone = () => true

const RULES: Record<NeedAction, Rule> = {
  claim: { roles: FIELD, party: anyone, from: ['open'], to: () => 'claimed' },
  release: { roles: FIELD, party: a => a.isClaimer, from: ['claimed'], to: () => 'open' },
  deliver: { roles: FIELD, party: a => a.isClaimer, from: ['claimed'], to: () => 'delivered' },
  confirm: { roles: ['resident'], party: a => a.ownsNeed, from: ['delivered'], to: () => 'confirmed' },
  cancel: { roles: ['resident'], party: a => a.ownsNeed, from: ['open'], to: () => 'cancelled' },
  remove: { roles: STAFF, party: anyone, from: ['open', 'claimed', 'delivered', 'confirmed', 'cancelled'], to: () => 'removed' },
  restore: { roles: STAFF, party: anyone, from: ['removed'], to: s => s.statusBeforeRemoval ?? 'open' },
}

/** The status after `action`, or why it is not allowed. */
export function transition(state: NeedState, action: NeedAction, actor: NeedActor): TransitionResult {
  const rule = RULES[action]
  if (!rule.roles.includes(actor.role))
    return { ok: false, reason: 'role' }
  if (!rule.party(actor))
    return { ok: false, reason: 'party' }
  if (!rule.from.includes(state.status))
    return { ok: false, reason: 'state' }
  return { ok: true, status: rule.to(state) }
}

/** The actions this person may take on the need now: the buttons to show. */
export function availableActions(state: NeedState, actor: NeedActor): NeedAction[] {
  return NEED_ACTIONS.filter(action => transition(state, action, actor).ok)
}
