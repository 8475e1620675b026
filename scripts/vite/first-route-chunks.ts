import type { Plugin } from 'vite'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * The routes where people land (issue #18), by route name (router.ts), with the components each
 * renders, its layout first: a resident's home, sign-in, self-diagnosis, the happiness list, a
 * kiosk's start screen and a scanned household code.
 */
export const FIRST_ROUTES: Record<string, readonly string[]> = {
  // The household's invitations load lazily, but the home page asks for them as it mounts.
  'home': ['src/app/layouts/TabLayout.vue', 'src/features/home/views/ResidentHome.vue', 'src/features/invitations/components/InvitationCards.vue'],
  'login': ['src/features/account/views/LoginPage.vue'],
  'diagnosis': ['src/features/diagnosis/views/DiagnosisPage.vue'],
  'list': ['src/features/happiness-list/views/HappinessListPage.vue'],
  'kiosk': ['src/features/kiosk/views/KioskAttractPage.vue'],
  'household-code': ['src/features/household-code/views/ScannedCodePage.vue'],
}
/** The chunk of what two first routes or more share. */
export const FIRST_ROUTES_COMMON = 'first-common'
/** Loaded lazily by the shell itself (src/api/client.ts) and preloaded by index.html: never in a route's chunk. */
const SHELL_LAZY = ['src/api/http.ts']
/** A message catalog in simplified Chinese, the language of a first visit: src/features/x/locales, src/domain[/x]/locales. */
const ZH_CN_CATALOG = /\/src\/(?:features\/)?([^?]+)\/locales\/zh-CN\.json$/

interface ModuleGraph { getModuleInfo: (id: string) => { importedIds: readonly string[] } | null }

/** Vant's index, which re-exports every component: what a module takes from it is not in the graph. */
const VANT_INDEX = /\/node_modules\/vant\/es\/index\.mjs$/
/**
 * The style module of a Vant component (`vant/es/button/style/index.mjs`), which the
 * auto-import resolver imports beside each component it imports from Vant's index.
 */
const VANT_STYLE = /^(.*\/node_modules\/vant\/es\/[\w-]+)\/style\/index\.mjs$/

/**
 * The modules `ids` import statically, themselves included. Vant's components come through its
 * index, which imports them all: the walk skips the index and takes, for each component style
 * module it meets, that component's own module, which is what tree shaking keeps.
 */
function staticClosure(graph: ModuleGraph, ids: string[]): Set<string> {
  const into = new Set<string>()
  const stack = [...ids]
  while (stack.length) {
    const id = stack.pop()!
    if (into.has(id) || VANT_INDEX.test(id))
      continue
    const info = graph.getModuleInfo(id)
    if (!info)
      continue
    into.add(id)
    stack.push(...info.importedIds)
    const component = VANT_STYLE.exec(id)?.[1]
    if (component)
      stack.push(`${component}/index.mjs`)
  }
  return into
}

/**
 * The group of each module that a first route needs: the route's name when only that route needs
 * it, FIRST_ROUTES_COMMON when two or more do. (What the app shell also imports goes to the
 * shell's group first, which comes before these.) A module's static imports are needed by
 * whoever needs the module, so they are in its own group, in FIRST_ROUTES_COMMON or in the shell:
 * no group imports another one back.
 */
export function assignFirstRouteGroups(root: string, graph: ModuleGraph): Map<string, string> {
  const lazyShell = staticClosure(graph, SHELL_LAZY.map(file => join(root, file)))
  const users = new Map<string, Set<string>>()
  for (const [route, files] of Object.entries(FIRST_ROUTES)) {
    for (const id of staticClosure(graph, files.map(file => join(root, file)))) {
      if (!lazyShell.has(id))
        users.set(id, (users.get(id) ?? new Set()).add(route))
    }
  }
  return new Map([...users].map(([id, routes]) => {
    const [only] = routes
    return [id, routes.size === 1 && only ? only : FIRST_ROUTES_COMMON]
  }))
}

/** Message folders by route name (src/app/route-message-table.ts). */
export type RouteMessages = Partial<Record<string, readonly string[]>>

/** The zh-CN catalog's group, by its folder (`kiosk`, `domain`, `domain/diagnosis`) and the first routes that show it, as for code. */
function catalogGroup(id: string, routeMessages: RouteMessages): string | undefined {
  const folder = ZH_CN_CATALOG.exec(id)?.[1]
  if (!folder)
    return undefined
  const routes = Object.keys(FIRST_ROUTES).filter(route => routeMessages[route]?.includes(folder))
  return routes.length === 0 ? undefined : routes.length === 1 ? routes[0] : FIRST_ROUTES_COMMON
}

/**
 * A first route's code, CSS and messages in one or two chunks instead of 20 to 60 (issue #18).
 * Rolldown splits what routes share into one chunk per set of routes that share it, which for
 * Vant's per-component JS and CSS makes many files of 1–2 KB; the server speaks HTTP/1.1 and a
 * phone opens 6 connections, so each 6 more files on the way to the first paint cost another
 * round trip (150 ms on slow 4G). Here what one first route alone needs is one chunk (with its
 * simplified Chinese messages, which it would otherwise fetch one folder at a time), and what
 * two of them share is one more. Other routes keep Rolldown's own splitting and load these
 * chunks when they need something in them: counted alone, a staff page now needs 20–60 KB more
 * (`npm run bench:size`), mostly FIRST_ROUTES_COMMON, which the first route opened before it has
 * loaded already (and the service worker precaches). The app shell is left as it is.
 */
export function firstRouteChunks(routeMessages: RouteMessages): Plugin {
  return {
    name: 'first-route-chunks',
    apply: 'build',
    config(config) {
      const root = resolve(config.root ?? process.cwd())
      for (const file of Object.values(FIRST_ROUTES).flat()) {
        if (!existsSync(join(root, file)))
          throw new Error(`first-route-chunks: ${file} is gone; update FIRST_ROUTES (scripts/vite/first-route-chunks.ts)`)
      }
      let groups: Map<string, string> | undefined
      return {
        build: {
          rolldownOptions: {
            output: {
              codeSplitting: {
                groups: [{
                  // The app shell: what the entry imports statically, in the entry's chunk. Named
                  // here because with any group Rolldown no longer merges it there by itself
                  // (rolldown/rolldown#9963): the shell came out as a dozen chunks.
                  name: 'index',
                  tags: ['$initial'],
                  priority: 2,
                }, {
                  debugName: 'first routes',
                  priority: 1,
                  name: (id, ctx) => {
                    groups ??= assignFirstRouteGroups(root, ctx)
                    return groups.get(id) ?? catalogGroup(id, routeMessages) ?? null
                  },
                  // What a group's modules import is in the group, in the common group or in the
                  // shell (assignFirstRouteGroups): pulling it in again would move the shell's.
                  includeDependenciesRecursively: false,
                }],
              },
            },
          },
        },
      }
    },
  }
}
