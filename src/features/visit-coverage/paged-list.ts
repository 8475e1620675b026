import type { Ref } from 'vue'
import { ref } from 'vue'
import { errorMessage } from '../../api/client'

// The coverage page's two household lists (issue #18): the page answers the first page of each
// with its total; "显示更多" asks for the next one by the `next` cursor and adds it below. The
// server pages by a cursor on the register order, so a household is never answered twice; the
// list here still keeps each household once, whatever comes back.

/** One page of a list as the API answers it. */
export interface ListPage<T> {
  households: T[]
  total: number
  next: string | null
}

/** The shown households with a further page added below: each household once, in the order they came. */
export function appendPage<T extends { householdId: string }>(shown: readonly T[], more: readonly T[]): T[] {
  const seen = new Set(shown.map(h => h.householdId))
  const added = more.filter((h) => {
    if (seen.has(h.householdId))
      return false
    seen.add(h.householdId)
    return true
  })
  return [...shown, ...added]
}

/**
 * A list shown a page at a time. `reset` starts it from the coverage page's first page (again
 * when the page reloads); `loadMore` adds the next page. An answer that comes back after the list
 * was started anew is dropped: its cursor belonged to the list before.
 */
export function usePagedList<T extends { householdId: string }>(fetchPage: (after: string) => Promise<ListPage<T>>) {
  const households = ref([]) as Ref<T[]>
  const total = ref(0)
  const next = ref<string | null>(null)
  /** A further page was added: the list says how many it shows from then on. */
  const expanded = ref(false)
  const loading = ref(false)
  const error = ref('')
  let generation = 0

  function reset(first: ListPage<T>) {
    generation++
    households.value = first.households
    total.value = first.total
    next.value = first.next
    expanded.value = false
    loading.value = false
    error.value = ''
  }

  async function loadMore() {
    const after = next.value
    if (loading.value || after === null)
      return
    const mine = generation
    loading.value = true
    error.value = ''
    try {
      const page = await fetchPage(after)
      if (mine !== generation)
        return
      households.value = appendPage(households.value, page.households)
      total.value = page.total
      next.value = page.next
      expanded.value = true
    }
    catch (e) {
      if (mine === generation)
        error.value = errorMessage(e)
    }
    finally {
      if (mine === generation)
        loading.value = false
    }
  }

  return { households, total, next, expanded, loading, error, reset, loadMore }
}
