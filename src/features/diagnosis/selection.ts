import type { ItemCode } from '../../domain/items'
import { EXCLUSIVE_ITEMS } from '../../domain/application/limits'

/**
 * The items ticked on the result page before the person chooses: the likely ones. 低保 and 特困
 * are not given together (EXCLUSIVE_ITEMS; issue #15 saw both pre-ticked): when both are likely
 * only 特困 is ticked, since a member found likely for 特困 meets every condition of it and
 * 特困供养 covers more than 低保. The person can still tick 低保 instead.
 */
export function preselect(likely: readonly ItemCode[]): ItemCode[] {
  const [dibao, tekun] = EXCLUSIVE_ITEMS
  return likely.includes(tekun) ? likely.filter(i => i !== dibao) : [...likely]
}

/** Both of a pair that is not given together are chosen: the page says so. */
export function choosesExclusivePair(selected: readonly ItemCode[]): boolean {
  return EXCLUSIVE_ITEMS.every(i => selected.includes(i))
}
