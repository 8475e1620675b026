import type { ItemCode } from '../../domain/items'
import { describe, expect, it } from 'vitest'
import { choosesExclusivePair, preselect } from './selection'

describe('preselect', () => {
  it.each<[ItemCode[], ItemCode[]]>([
    [['dibao', 'tekun', 'medical'], ['tekun', 'medical']],
    [['dibao', 'medical'], ['dibao', 'medical']],
    [['tekun', 'electricity'], ['tekun', 'electricity']],
    [[], []],
  ])('should tick %j as %j', (likely, ticked) => {
    expect(preselect(likely)).toEqual(ticked)
  })
})

describe('choosesExclusivePair', () => {
  it.each<[ItemCode[], boolean]>([
    [['dibao', 'tekun'], true],
    [['tekun', 'medical', 'dibao'], true],
    [['dibao', 'medical'], false],
    [['tekun'], false],
  ])('should find %j choosing both: %s', (selected, both) => {
    expect(choosesExclusivePair(selected)).toBe(both)
  })
})
