import { ITEM_CODES } from '../../domain/items'

/**
 * The glossary (讲白话): policy words the app shows, each with a one-line explanation in plain
 * words under accessibility.terms.<id>.{name, explain} in every locale. Items of assistance use
 * their item code as id; the other ids are words that appear in the app's texts.
 * Source of the meanings: /work/shared/policy-brief.md.
 */
export const TERM_IDS = [
  // every item (src/domain/items.ts) and the happiness list's other benefits (EXTRA_BENEFIT_ITEMS
  // of domain/happiness-list/record.ts, not imported: that module brings zod into the PWA)
  ...ITEM_CODES,
  'charity',
  'home_care',
  // words of the procedures
  'economic_check',
  'authorisation',
  'household_members',
  'supporters',
  'single_household',
  'hardship_confirmation',
  'home_survey',
  'one_id',
  'happiness_list',
  'happiness_code',
  'care_visit',
  'small_wish',
  'social_worker',
  'grid_worker',
] as const

export type TermId = typeof TERM_IDS[number]

export function isTermId(value: unknown): value is TermId {
  return typeof value === 'string' && (TERM_IDS as readonly string[]).includes(value)
}

/** The glossary entry of an item code, or null for a code the app does not know (an older server). */
export function termOfItem(code: string): TermId | null {
  // Items and benefits use their code as the term's id.
  return isTermId(code) ? code : null
}
