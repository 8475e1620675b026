import type { NeedActor, NeedState, NeedStatus } from './state'
import { describe, expect, it } from 'vitest'
import { availableActions, NEED_ACTIONS, NEED_STATUSES, transition } from './state'

const resident: NeedActor = { role: 'resident', ownsNeed: true, isClaimer: false }
const otherResident: NeedActor = { role: 'resident', ownsNeed: false, isClaimer: false }
const claimer: NeedActor = { role: 'volunteer', ownsNeed: false, isClaimer: true }
const socialWorkerClaimer: NeedActor = { role: 'social_worker', ownsNeed: false, isClaimer: true }
const otherVolunteer: NeedActor = { role: 'volunteer', ownsNeed: false, isClaimer: false }
const town: NeedActor = { role: 'town_staff', ownsNeed: false, isClaimer: false }
const county: NeedActor = { role: 'county_staff', ownsNeed: false, isClaimer: false }

const socialWorker: NeedActor = { role: 'social_worker', ownsNeed: false, isClaimer: false }
const ACTORS = { resident, otherResident, claimer, socialWorkerClaimer, otherVolunteer, socialWorker, town, county }
type ActorName = keyof typeof ACTORS

const at = (status: NeedStatus, statusBeforeRemoval: NeedStatus | null = null): NeedState => ({ status, statusBeforeRemoval })

/** Every legal move, written out by hand: "status action person" → the status it leads to. */
const LEGAL: Record<string, NeedStatus> = {
  'open claim otherVolunteer': 'claimed',
  'open claim socialWorker': 'claimed',
  // Nobody holds a claim on an open need; the rule does not look at it.
  'open claim claimer': 'claimed',
  'open claim socialWorkerClaimer': 'claimed',
  'claimed release claimer': 'open',
  'claimed release socialWorkerClaimer': 'open',
  'claimed deliver claimer': 'delivered',
  'claimed deliver socialWorkerClaimer': 'delivered',
  'delivered confirm resident': 'confirmed',
  'open cancel resident': 'cancelled',
  'open remove town': 'removed',
  'open remove county': 'removed',
  'claimed remove town': 'removed',
  'claimed remove county': 'removed',
  'delivered remove town': 'removed',
  'delivered remove county': 'removed',
  'confirmed remove town': 'removed',
  'confirmed remove county': 'removed',
  'cancelled remove town': 'removed',
  'cancelled remove county': 'removed',
  // Back to the status before removal (here: claimed).
  'removed restore town': 'claimed',
  'removed restore county': 'claimed',
}

describe('need state machine', () => {
  const combinations = NEED_STATUSES.flatMap(status => NEED_ACTIONS.flatMap(action => (Object.keys(ACTORS) as ActorName[]).map(who => [status, action, who] as const)))

  it.each(combinations)('%s → %s by %s: allowed only when listed as legal', (status, action, who) => {
    const expected = LEGAL[`${status} ${action} ${who}`]
    const result = transition(at(status, status === 'removed' ? 'claimed' : null), action, ACTORS[who])
    if (expected)
      expect(result).toEqual({ ok: true, status: expected })
    else
      expect(result.ok).toBe(false)
  })

  it('should check all 336 combinations, 22 of them legal', () => {
    expect(combinations).toHaveLength(6 * 7 * 8)
    expect(combinations.filter(([s, a, w]) => transition(at(s, 'claimed'), a, ACTORS[w]).ok)).toHaveLength(Object.keys(LEGAL).length)
  })

  it('should say why: wrong kind of person, not their need or claim, or not in this status', () => {
    expect(transition(at('open'), 'claim', resident)).toEqual({ ok: false, reason: 'role' })
    expect(transition(at('delivered'), 'confirm', claimer)).toEqual({ ok: false, reason: 'role' })
    expect(transition(at('open'), 'remove', claimer)).toEqual({ ok: false, reason: 'role' })
    expect(transition(at('delivered'), 'confirm', otherResident)).toEqual({ ok: false, reason: 'party' })
    expect(transition(at('claimed'), 'deliver', otherVolunteer)).toEqual({ ok: false, reason: 'party' })
    expect(transition(at('claimed'), 'release', otherVolunteer)).toEqual({ ok: false, reason: 'party' })
    expect(transition(at('claimed'), 'claim', otherVolunteer)).toEqual({ ok: false, reason: 'state' })
    expect(transition(at('claimed'), 'cancel', resident)).toEqual({ ok: false, reason: 'state' })
    expect(transition(at('open'), 'confirm', resident)).toEqual({ ok: false, reason: 'state' })
    expect(transition(at('removed', 'open'), 'remove', town)).toEqual({ ok: false, reason: 'state' })
    expect(transition(at('confirmed'), 'restore', town)).toEqual({ ok: false, reason: 'state' })
  })

  it('should restore a removed need to the status it had', () => {
    for (const before of ['open', 'claimed', 'delivered', 'confirmed', 'cancelled'] as const)
      expect(transition(at('removed', before), 'restore', town)).toEqual({ ok: true, status: before })
    expect(transition(at('removed', null), 'restore', county)).toEqual({ ok: true, status: 'open' })
  })

  it('should list the buttons that apply to each person', () => {
    expect(availableActions(at('open'), resident)).toEqual(['cancel'])
    expect(availableActions(at('open'), otherVolunteer)).toEqual(['claim'])
    expect(availableActions(at('claimed'), claimer)).toEqual(['release', 'deliver'])
    expect(availableActions(at('claimed'), otherVolunteer)).toEqual([])
    expect(availableActions(at('claimed'), resident)).toEqual([])
    expect(availableActions(at('delivered'), resident)).toEqual(['confirm'])
    expect(availableActions(at('confirmed'), resident)).toEqual([])
    expect(availableActions(at('confirmed'), town)).toEqual(['remove'])
    expect(availableActions(at('removed', 'open'), town)).toEqual(['restore'])
    expect(availableActions(at('removed', 'open'), resident)).toEqual([])
  })
})
