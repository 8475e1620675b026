import type { Translate } from './text'
import { describe, expect, it } from 'vitest'
import { LIST_SEPARATOR_KEY, renderText, text } from './text'

/** A translator over a flat table, filling `{name}` like the message format does. */
function translator(table: Record<string, string>): Translate {
  return (key, params) => {
    const template = table[key]
    if (template === undefined)
      throw new Error(`No message "${key}"`)
    return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]))
  }
}

const zh = translator({
  [LIST_SEPARATOR_KEY]: '；',
  'member': '第{n}位成员（{relation}）',
  'relation.spouse': '配偶',
  'relation.child': '子女',
  'ill': '家中有重病患者：{members}',
})

describe('renderText', () => {
  it('should fill plain parameters', () => {
    expect(renderText(zh, text('member', { n: 2, relation: '配偶' }))).toBe('第2位成员（配偶）')
  })

  it('should word nested texts before the outer one', () => {
    expect(renderText(zh, text('member', { n: 2, relation: text('relation.spouse') }))).toBe('第2位成员（配偶）')
  })

  it('should join lists of texts with the language\'s separator', () => {
    const members = [
      text('member', { n: 2, relation: text('relation.spouse') }),
      text('member', { n: 3, relation: text('relation.child') }),
    ]
    expect(renderText(zh, text('ill', { members }))).toBe('家中有重病患者：第2位成员（配偶）；第3位成员（子女）')
  })

  it('should let a missing key surface as an error, not as the key', () => {
    expect(() => renderText(zh, text('nope'))).toThrow('nope')
  })
})
