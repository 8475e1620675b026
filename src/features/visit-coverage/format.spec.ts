import { describe, expect, it } from 'vitest'
import { coveringArea, nameShowsRole, percentText, selectionToSave, sortFlags, totalOf } from './format'
import { sampleFlag } from './test-support'

describe('coverage wording and rules', () => {
  it('should word percents with one decimal at most', () => {
    expect(percentText(60)).toBe('60%')
    expect(percentText(66.66)).toBe('66.7%')
    expect(percentText(0)).toBe('0%')
    expect(percentText(99.96)).toBe('100%')
  })

  it('should total the villages from the sums, not by averaging percents', () => {
    const total = totalOf([
      { code: 'a', name: 'A', households: 20, visited: 12, percent: 60 },
      { code: 'b', name: 'B', households: 3, visited: 2, percent: 66.7 },
    ])
    expect(total).toEqual({ households: 23, visited: 14, percent: 60.9 })
    expect(totalOf([])).toEqual({ households: 0, visited: 0, percent: 0 })
  })

  it('should put open flags first, newest first', () => {
    const flags = [
      sampleFlag({ id: 'old-open', visitedAt: '2026-10-01T00:00:00Z' }),
      sampleFlag({ id: 'resolved', visitedAt: '2026-11-25T00:00:00Z', resolvedAt: '2026-11-25T08:00:00Z' }),
      sampleFlag({ id: 'new-open', visitedAt: '2026-11-01T00:00:00Z' }),
    ]
    expect(sortFlags(flags).map(f => f.id)).toEqual(['new-open', 'old-open', 'resolved'])
  })

  it('should leave out of the saved codes what the home area or a chosen town already includes', () => {
    expect(coveringArea('339901001002', ['339901001'], null)).toBe('339901001')
    expect(coveringArea('339901001002', [], '339901001001')).toBeNull()
    expect(selectionToSave(['339901001002', '339901001001', '339901001002'], '339901001001', '339901001')).toEqual(['339901001002'])
    expect(selectionToSave(['339901001002', '339901001', '339901002001'], null, '339901')).toEqual(['339901001', '339901002001'])
  })

  it('should send only codes within the staff area: assignments elsewhere are another town\'s to change', () => {
    expect(selectionToSave(['339901001002', '339901002001'], '339901001001', '339901001')).toEqual(['339901001002'])
  })

  it.each([
    ['志愿者 周敏', '志愿者', true],
    ['社工 吴磊', '社工', true],
    ['周敏', '志愿者', false],
    ['Volunteer Zhou Min', 'volunteer', true],
    ['周敏', '', false],
  ])('should tell whether %j already says the role %j', (name, role, expected) => {
    expect(nameShowsRole(name, role)).toBe(expected)
  })
})
