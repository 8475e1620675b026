import type { MaybeRef } from 'vue'
import { onBeforeUnmount, onMounted, ref, unref } from 'vue'

/**
 * Vant's `useHeight`, which NavBar, Tabbar, ActionBar and SubmitBar call at every mount whether or
 * not they render a `placeholder`, put in its place at build (scripts/vite/vant-use-height.ts).
 * Vant reads the element's size right after mounting and again 100, 200 and 300 ms later, each a
 * forced layout of the whole page while it is still being built: on /list, 28 ms of a render task
 * that a ¥600 phone runs four times slower (issue #18). A ResizeObserver reports the same height
 * after the browser's own layout, before the paint, and again whenever it changes (safe-area
 * padding that arrives late, a popup shown again), which Vant's timers and watchers were for.
 */
export function useHeight(element: MaybeRef<Element | undefined>, _withSafeArea?: boolean) {
  const height = ref<number>()
  let observer: ResizeObserver | undefined
  onMounted(() => {
    const target = unref(element)
    if (!target || typeof ResizeObserver === 'undefined')
      return
    observer = new ResizeObserver(([entry]) => {
      if (entry)
        height.value = entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height
    })
    observer.observe(target, { box: 'border-box' })
  })
  onBeforeUnmount(() => observer?.disconnect())
  return height
}
