import { describe, expect, it } from 'vitest'
import { assignFirstRouteGroups, FIRST_ROUTES, FIRST_ROUTES_COMMON } from '../../scripts/vite/first-route-chunks'

const ROOT = '/app'
const VANT = `${ROOT}/node_modules/vant/es`
const LOGIN = `${ROOT}/${FIRST_ROUTES.login[0]}`
const DIAGNOSIS = `${ROOT}/${FIRST_ROUTES.diagnosis[0]}`
const LIST = `${ROOT}/${FIRST_ROUTES.list[0]}`

/** A module graph as Rolldown's getModuleInfo gives it: each module's static imports. */
function graph(imports: Record<string, string[]>) {
  return { getModuleInfo: (id: string) => (id in imports ? { importedIds: imports[id] } : null) }
}

describe('assignFirstRouteGroups', () => {
  it('should put what one first route alone imports in that route\'s group, and what two share in the common one', () => {
    const groups = assignFirstRouteGroups(ROOT, graph({
      [LOGIN]: [`${ROOT}/src/login-form.ts`, `${ROOT}/src/shared.ts`],
      [DIAGNOSIS]: [`${ROOT}/src/shared.ts`],
      [`${ROOT}/src/login-form.ts`]: [],
      [`${ROOT}/src/shared.ts`]: [],
    }))

    expect(groups.get(LOGIN)).toBe('login')
    expect(groups.get(`${ROOT}/src/login-form.ts`)).toBe('login')
    expect(groups.get(DIAGNOSIS)).toBe('diagnosis')
    expect(groups.get(`${ROOT}/src/shared.ts`)).toBe(FIRST_ROUTES_COMMON)
  })

  it('should follow Vant\'s index only to the components whose styles a route imports', () => {
    const groups = assignFirstRouteGroups(ROOT, graph({
      [LOGIN]: [`${VANT}/index.mjs`, `${VANT}/tabs/style/index.mjs`],
      [LIST]: [`${VANT}/index.mjs`, `${VANT}/cell/style/index.mjs`],
      [`${VANT}/index.mjs`]: [`${VANT}/tabs/index.mjs`, `${VANT}/cell/index.mjs`, `${VANT}/uploader/index.mjs`],
      [`${VANT}/tabs/style/index.mjs`]: [],
      [`${VANT}/cell/style/index.mjs`]: [],
      [`${VANT}/tabs/index.mjs`]: [],
      [`${VANT}/cell/index.mjs`]: [],
      [`${VANT}/uploader/index.mjs`]: [],
    }))

    expect(groups.get(`${VANT}/tabs/index.mjs`)).toBe('login')
    expect(groups.get(`${VANT}/cell/index.mjs`)).toBe('list')
    expect(groups.has(`${VANT}/uploader/index.mjs`)).toBe(false)
    expect(groups.has(`${VANT}/index.mjs`)).toBe(false)
  })

  it('should leave the HTTP client, which the shell loads lazily and index.html preloads, in no route\'s group', () => {
    const groups = assignFirstRouteGroups(ROOT, graph({
      [LOGIN]: [`${ROOT}/src/api/http.ts`],
      [`${ROOT}/src/api/http.ts`]: [`${ROOT}/node_modules/axios/index.js`],
      [`${ROOT}/node_modules/axios/index.js`]: [],
    }))

    expect(groups.has(`${ROOT}/src/api/http.ts`)).toBe(false)
    expect(groups.has(`${ROOT}/node_modules/axios/index.js`)).toBe(false)
  })
})
