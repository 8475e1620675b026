import type { Plugin } from 'vite'
import { fileURLToPath } from 'node:url'

/** Vant's measuring composable (NavBar, Tabbar, ActionBar, SubmitBar and CalendarMonth import it). */
export const VANT_USE_HEIGHT = /\/node_modules\/vant\/es\/composables\/use-height\.mjs$/
/** Ours, which measures without forcing a layout. */
export const OWN_USE_HEIGHT = fileURLToPath(new URL('../../src/app/vant/use-height.ts', import.meta.url))

/**
 * Builds Vant with src/app/vant/use-height.ts in place of its own `useHeight` (issue #18): no
 * forced layouts while a page is first built. Build only, as axios-xhr-only: component tests load
 * Vant pre-bundled, and src/app/vant/use-height.spec.ts tests ours directly.
 */
export function vantUseHeight(): Plugin {
  return {
    name: 'vant-use-height',
    apply: 'build',
    load(id) {
      if (VANT_USE_HEIGHT.test(id))
        return `export { useHeight } from ${JSON.stringify(OWN_USE_HEIGHT)}\n`
    },
  }
}
