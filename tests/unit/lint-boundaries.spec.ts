import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

// The architecture's import boundaries (issue #17) are enforced by ESLint with the project's own
// config: each case below is a file that breaks (or keeps) one rule, linted as if it lived at
// that path, so a rule that stops matching fails here instead of letting a violation in.

const BOUNDARY_RULES = ['boundaries/imports', 'no-restricted-imports']

let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({
    cwd: process.cwd(),
    // The cases are files that do not exist, so no tsconfig program has them: parse them without
    // type information and run only the boundary rules (none of which needs it).
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => BOUNDARY_RULES.includes(ruleId),
  })
})

/** The boundary messages ESLint reports for `code` placed at `path`; a parse failure shows as its message. */
async function violations(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: path })
  return result.messages.filter(m => m.fatal || BOUNDARY_RULES.includes(m.ruleId!)).map(m => m.ruleId ?? m.message)
}

describe('import boundaries', () => {
  it.each([
    ['src/domain/zz/rule.ts', `import { i18n } from '../../app/i18n'\nexport const x = i18n`],
    ['src/domain/zz/rule.ts', `import { useSessionStore } from '../../features/account/store'\nexport const x = useSessionStore`],
    ['src/domain/zz/rule.ts', `import { buildApp } from '../../../server/app'\nexport const x = buildApp`],
    ['src/domain/zz/deeper/rule.ts', `import { http } from '../../../api/client'\nexport const x = http`],
    ['src/domain/zz/rule.ts', `import { ref } from 'vue'\nexport const x = ref`],
    ['src/domain/zz/rule.ts', `import { readFileSync } from 'node:fs'\nexport const x = readFileSync`],
  ])('should keep src/domain pure at any depth: %s', async (path, code) => {
    expect(await violations(path, code)).not.toEqual([])
  })

  it('should let src/domain import itself at any depth', async () => {
    expect(await violations('src/domain/zz/deeper/rule.ts', `import { shanghaiToday } from '../../time'\nexport const x = shanghaiToday`)).toEqual([])
  })

  it.each([
    ['src/features/home/views/helper.ts', `import { useSessionStore } from '../../account/store'\nexport const x = useSessionStore`],
    ['src/features/home/helper.ts', `import { loginWithPassword } from '../account/api'\nexport const x = loginWithPassword`],
    ['src/features/home/helper.ts', `export const load = () => import('../kiosk/store')`],
    ['src/app/components/helper.ts', `import { useKioskStore } from '../../features/kiosk/store'\nexport const x = useKioskStore`],
    ['src/app/sw-helper.ts', `import { x } from '../features/visits/sw'\nexport const y = x`],
  ])('should let code use another feature only through its entry: %s', async (path, code) => {
    expect(await violations(path, code)).toEqual(['boundaries/imports'])
  })

  it.each([
    ['src/features/home/views/helper.ts', `import { useSessionStore } from '../../account'\nexport const x = useSessionStore`],
    ['src/features/home/helper.ts', `import { useSessionStore } from '../account/index'\nexport const x = useSessionStore`],
    ['src/features/home/views/helper.ts', `import { helper } from '../store'\nexport const x = helper`],
    ['src/app/sw.ts', `import { x } from '../features/visits/sw'\nexport const y = x`],
    ['src/app/router-helper.ts', `export const page = () => import('../features/home/views/ResidentHome.vue')`],
    ['src/features/home/views/other.spec.ts', `import { useSessionStore } from '../../account/store'\nexport const x = useSessionStore`],
  ])('should allow entries, own files, the frame\'s lazy pages and tests: %s', async (path, code) => {
    expect(await violations(path, code)).toEqual([])
  })

  it('should keep components out of a feature entry', async () => {
    expect(await violations('src/features/account/index.ts', `export { default as MePage } from './views/MePage.vue'`)).toEqual(['boundaries/imports'])
  })

  it.each([
    ['src/features/home/helper.ts', `import { buildApp } from '../../../server/app'\nexport const x = buildApp`],
    ['src/app/helper.ts', `import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'\nexport const x = DEMO_HOUSEHOLDS`],
    ['server/routes/helper.ts', `import { i18n } from '../../src/app/i18n'\nexport const x = i18n`],
    ['mock/helper.ts', `import { useSessionStore } from '../src/features/account'\nexport const x = useSessionStore`],
    ['scripts/helper.ts', `import { http } from '../src/api/client'\nexport const x = http`],
  ])('should keep the PWA and the server apart but for src/domain: %s', async (path, code) => {
    expect(await violations(path, code)).toEqual(['boundaries/imports'])
  })

  it('should let the server use src/domain', async () => {
    expect(await violations('server/routes/helper.ts', `import { shanghaiToday } from '../../src/domain/time'\nexport const x = shanghaiToday`)).toEqual([])
  })
})
