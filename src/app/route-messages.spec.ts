// @vitest-environment happy-dom
import type { RouteRecordRaw } from 'vue-router'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MESSAGE_FOLDERS } from './i18n'
import { KIOSK_SESSION_MESSAGES, ROUTE_MESSAGES } from './route-messages'
import { routes } from './router'

// Which message folders a route shows, read from the source: the route's components (parent
// layouts included) and every module they import, statically or lazily, and its title. A key is
// a single-quoted string that is a message's key, or a template string that starts some.

const SRC = resolve(import.meta.dirname, '..')
const STATIC_IMPORT = /(?:from|import)\s+['"](\.{1,2}\/[^'"]+)['"]/g
const LAZY_IMPORT = /import\(\s*['"](\.{1,2}\/[^'"]+)['"]/g
const ROUTE_COMPONENT = /name: '([^']+)', component: \(\) => import\('([^']+)'\)/g
const LAYOUT = /path: '\/',\s*component: \(\) => import\('([^']+)'\)/

/** Each folder's message keys (`visits.mine.title`), from its simplified Chinese catalog. */
function leafKeys(value: unknown, path: string): string[] {
  return typeof value === 'object' && value !== null
    ? Object.entries(value).flatMap(([key, item]) => leafKeys(item, path ? `${path}.${key}` : key))
    : [path]
}
const KEYS = new Map(MESSAGE_FOLDERS.map((folder) => {
  const dir = folder.startsWith('domain') ? join(SRC, folder) : join(SRC, 'features', folder)
  return [folder, new Set(leafKeys(JSON.parse(readFileSync(join(dir, 'locales/zh-CN.json'), 'utf8')), ''))]
}))
/** 'a.b.c' (a whole key) or `a.b.${…}` (the start of keys): a storage key such as 'visits.mine' is neither. */
const KEY_LITERAL = /'([\w-]+\.[\w.-]+)'|`([\w-]+\.[\w.-]*)\$\{/g

/**
 * Lazy imports of the next page's code, which runs as that page opens, with that route's messages
 * loaded: an invitation's 去申请 hands its items to the application store, then opens /apply.
 * The home page does not show the application's 12 KB of messages (issue #18).
 */
const NEXT_PAGE_CODE = new Set(['features/invitations/components/InvitationCard.vue → ../../application'])

function resolveModule(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec)
  return [base, `${base}.ts`, join(base, 'index.ts')].find(file => /\.(?:ts|vue)$/.test(file) && existsSync(file))
}

/**
 * A module and all it imports under src (lazily too with `lazy`), but neither the i18n module (its
 * globs name every folder) nor the router (its titles load with their routes).
 */
function closure(file: string, lazy: boolean, seen = new Set<string>()): Set<string> {
  if (seen.has(file) || /\/app\/(?:i18n|router)\.ts$/.test(file))
    return seen
  seen.add(file)
  const source = readFileSync(file, 'utf8')
  const lazyImports = lazy ? [...source.matchAll(LAZY_IMPORT)].filter(([, spec]) => !NEXT_PAGE_CODE.has(`${file.slice(SRC.length + 1)} → ${spec}`)) : []
  for (const [, spec] of [...source.matchAll(STATIC_IMPORT), ...lazyImports]) {
    const target = resolveModule(file, spec)
    if (target)
      closure(target, lazy, seen)
  }
  return seen
}

const textOf = (files: Set<string>) => [...files].map(file => readFileSync(file, 'utf8')).join('\n')

function foldersUsedIn(text: string): string[] {
  const literals = [...text.matchAll(KEY_LITERAL)]
  return MESSAGE_FOLDERS.filter(folder => literals.some(([, whole, start]) =>
    whole ? KEYS.get(folder)!.has(whole) : [...KEYS.get(folder)!].some(key => key.startsWith(start))))
}

const routerFile = join(SRC, 'app/router.ts')
const routerSource = readFileSync(routerFile, 'utf8')
const layout = resolveModule(routerFile, LAYOUT.exec(routerSource)![1])!
const childNames = new Set((routes.find(r => r.path === '/')!.children ?? []).map(r => r.name))
const titles = new Map(routes.flatMap(r => [r, ...(r.children ?? [])] as RouteRecordRaw[]).map(r => [r.name, r.meta?.title ?? '']))

/** Route name → the folders its screens use. */
export function foldersByRoute(): Map<string, string[]> {
  const byRoute = new Map<string, string[]>()
  for (const [, name, spec] of routerSource.matchAll(ROUTE_COMPONENT)) {
    const files = closure(resolveModule(routerFile, spec)!, true)
    if (childNames.has(name))
      closure(layout, true, files)
    byRoute.set(name, foldersUsedIn(`${textOf(files)}\n'${titles.get(name)}'`))
  }
  return byRoute
}

describe('route messages', () => {
  it.each([...foldersByRoute()])('should load every folder route %s shows', (name, used) => {
    expect(ROUTE_MESSAGES[name] ?? []).toEqual(expect.arrayContaining(used))
  })

  it('should name only folders that exist', () => {
    expect(MESSAGE_FOLDERS).toEqual(expect.arrayContaining(Object.values(ROUTE_MESSAGES).flat()))
  })

  it('should keep every folder out of the app shell (main.ts and its static imports)', () => {
    expect(foldersUsedIn(textOf(closure(join(SRC, 'app/main.ts'), false)))).toEqual([])
  })

  it('should load the folders the kiosk session shows with it', () => {
    const session = closure(join(SRC, 'features/kiosk/components/KioskSession.vue'), true)
    expect(KIOSK_SESSION_MESSAGES).toEqual(expect.arrayContaining(foldersUsedIn(textOf(session))))
  })
})
