import { relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// tsconfig.json is a solution of programs, one per runtime (browser, service worker, Node, tests):
// a file that no program includes is never type-checked, and a file in two gets two sets of
// globals, so the editor and `npm run typecheck` may disagree about it.

const ROOT = process.cwd()
const VUE: ts.FileExtensionInfo[] = [{ extension: '.vue', isMixedContent: true, scriptKind: ts.ScriptKind.Deferred }]
const HOST: ts.ParseConfigFileHost = {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
  },
}

function parse(config: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(ROOT, config), {}, HOST, undefined, undefined, VUE)!
  expect(parsed.errors.map(e => ts.flattenDiagnosticMessageText(e.messageText, '\n'))).toEqual([])
  return parsed
}

describe('tsconfig programs', () => {
  it('should put every source and config file in exactly one program of tsconfig.json', () => {
    const programs = parse('tsconfig.json').projectReferences!.map(r => relative(ROOT, r.path))
    const owners = new Map<string, string[]>()
    for (const program of programs) {
      for (const file of parse(program).fileNames)
        owners.set(relative(ROOT, file), [...owners.get(relative(ROOT, file)) ?? [], program])
    }
    const files = ts.sys.readDirectory(ROOT, ['.ts', '.mts', '.cts', '.vue', '.js', '.mjs', '.cjs'], undefined, ['src', 'server', 'mock', 'tests', 'scripts', '*'])
      .map(file => relative(ROOT, file))

    expect(files).toContain('src/app/main.ts')
    expect(files.filter(file => owners.get(file)?.length !== 1).map(file => [file, owners.get(file) ?? []])).toEqual([])
  })
})
