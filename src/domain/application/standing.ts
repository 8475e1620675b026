import type { Relation } from '../diagnosis/options'
import type { ItemCode } from '../items'

// One household, one truth (issue #15): what a household already holds decides what it may
// apply for. Shared by the server (which refuses) and the form (which explains before).

/**
 * Items held over time (a status or a monthly allowance): while one is live the household
 * cannot be granted it again. Other items (medical aid, temporary aid, education grants…) are
 * one-off decisions a household may apply for again; only an undecided case blocks those.
 */
export const ONGOING_ITEMS: readonly ItemCode[] = ['dibao', 'dibao_edge', 'tekun', 'disability_allowance', 'electricity', 'orphan']

/**
 * Which live items rule out applying for an item: itself, and the statuses that exclude it
 * (特困 供养 replaces 低保; a 低保 or 特困 household is not a 低保边缘 one).
 */
export const BLOCKED_BY: Partial<Record<ItemCode, readonly ItemCode[]>> = {
  dibao: ['dibao', 'tekun'],
  tekun: ['tekun', 'dibao'],
  dibao_edge: ['dibao_edge', 'dibao', 'tekun'],
  disability_allowance: ['disability_allowance'],
  electricity: ['electricity'],
  orphan: ['orphan'],
}

export interface HeldItem {
  item: ItemCode
  state: 'receiving' | 'open'
  /** 'YYYY-MM' (receiving); null when it began before the months the feeds were read for (unknown) */
  since: string | null
  /** Application number (open) */
  applicationNumber: string | null
}

/** Why `item` cannot be applied for, given what the household holds; null when it can. */
export function heldConflict(item: ItemCode, held: readonly HeldItem[]): HeldItem | null {
  const open = held.find(h => h.state === 'open' && h.item === item)
  if (open)
    return open
  const blockers = BLOCKED_BY[item] ?? []
  return held.find(h => h.state === 'receiving' && blockers.includes(h.item)) ?? null
}

type HeadRelation = Relation

// The registry states each member's relation to the head of the household; the form needs it
// relative to the applicant. Pairs not listed are 'other' (staff read the registry anyway).
const INVERSE: Partial<Record<HeadRelation, Relation>> = {
  spouse: 'spouse',
  child: 'parent',
  parent: 'child',
  grandchild: 'grandparent',
  grandparent: 'grandchild',
  sibling: 'sibling',
}

const FROM_SPOUSE: Partial<Record<HeadRelation, Relation>> = { child: 'child', grandchild: 'grandchild', parent: 'parent' }
const FROM_CHILD: Partial<Record<HeadRelation, Relation>> = { spouse: 'parent', child: 'sibling', parent: 'grandparent' }
const FROM_PARENT: Partial<Record<HeadRelation, Relation>> = { child: 'grandchild', sibling: 'child', spouse: 'other' }

/** The relation of `member` to `applicant`, both given as the registry's relation to the head. */
export function relationToApplicant(applicant: HeadRelation, member: HeadRelation): Relation {
  if (applicant === 'self')
    return member
  if (member === 'self')
    return INVERSE[applicant] ?? 'other'
  const table = applicant === 'spouse' ? FROM_SPOUSE : applicant === 'child' ? FROM_CHILD : applicant === 'parent' ? FROM_PARENT : {}
  return table[member] ?? 'other'
}
