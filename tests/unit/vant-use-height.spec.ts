import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OWN_USE_HEIGHT, vantUseHeight } from '../../scripts/vite/vant-use-height'

// The build puts src/app/vant/use-height.ts in place of Vant's measuring composable (issue #18).
// These check the wiring against the installed Vant: an upgrade that moves or renames it fails here
// instead of silently bringing the forced layouts back.

const VANT_ES = join(dirname(createRequire(import.meta.url).resolve('vant/package.json')), 'es')
const vantFile = (path: string) => readFileSync(join(VANT_ES, path), 'utf8')

describe('vant-use-height', () => {
  const load = vantUseHeight().load as (id: string) => string | undefined

  it('should give Vant\'s use-height module ours in its place, and leave every other module alone', () => {
    const id = join(VANT_ES, 'composables/use-height.mjs')
    expect(load(id)).toBe(`export { useHeight } from ${JSON.stringify(OWN_USE_HEIGHT)}\n`)
    expect(existsSync(OWN_USE_HEIGHT)).toBe(true)
    expect(load(join(VANT_ES, 'composables/use-placeholder.mjs'))).toBeUndefined()
    expect(load('/work/src/composables/use-height.mjs')).toBeUndefined()
  })

  it('should replace what Vant exports there, which its bars reach through usePlaceholder', () => {
    expect(vantFile('composables/use-height.mjs')).toMatch(/export\s*\{\s*useHeight\s*\}/)
    expect(vantFile('composables/use-placeholder.mjs')).toMatch(/import \{ useHeight \} from "\.\/use-height\.mjs"/)
    for (const bar of ['nav-bar/NavBar.mjs', 'tabbar/Tabbar.mjs'])
      expect(vantFile(bar)).toMatch(/usePlaceholder\(/)
  })
})
