import { describe, expect, it } from 'vitest'
import { ELDER_THEME } from './theme'

const px = (value: string | number | undefined) => Number.parseFloat(String(value))

describe('长辈版 theme', () => {
  it.each(['Xs', 'Sm', 'Md', 'Lg'] as const)('should give %s text a line at least as tall as the text', (size) => {
    expect(px(ELDER_THEME[`lineHeight${size}`])).toBeGreaterThanOrEqual(px(ELDER_THEME[`fontSize${size}`]))
  })

  it('should fit a tag\'s 18 px text in its box (Vant fixes the tag line at 16 px)', () => {
    // A tag's text is the small size (--van-tag-font-size: var(--van-font-size-sm)).
    expect(px(ELDER_THEME.fontSizeSm)).toBe(18)
    expect(px(ELDER_THEME.tagLineHeight)).toBeGreaterThanOrEqual(px(ELDER_THEME.fontSizeSm))
  })

  it.each([
    ['tag', 'tagLineHeight', 'fontSizeSm'],
    ['field word limit', 'fieldWordLimitLineHeight', 'fontSizeSm'],
    ['cell group title', 'cellGroupTitleLineHeight', 'fontSizeMd'],
    ['checkbox label', 'checkboxSize', 'fontSizeLg'],
    ['radio label', 'radioSize', 'fontSizeLg'],
  ] as const)('should give the %s a line at least as tall as its text (Vant sets it in pixels)', (_, line, font) => {
    expect(px(ELDER_THEME[line])).toBeGreaterThanOrEqual(px(ELDER_THEME[font]))
  })

  it('should keep text at 18 px or more', () => {
    for (const [name, value] of Object.entries(ELDER_THEME).filter(([name]) => /FontSize$|^fontSize/.test(name)))
      expect(px(value), name).toBeGreaterThanOrEqual(18)
  })
})
