import { describe, expect, it } from 'vitest'
import { ITEM_CODES, ITEMS } from '../items'
import { HARDSHIP_ITEMS, planCases, ROUTING_TABLE, STEP_DUE_FIGURE } from './routing-table'

describe('routing table', () => {
  it('should route every item code and nothing else', () => {
    expect(Object.keys(ROUTING_TABLE).sort()).toEqual([...ITEM_CODES].sort())
  })

  it.each(ITEM_CODES)('should send %s to the department the item catalogue names', (item) => {
    expect(ROUTING_TABLE[item].department).toBe(ITEMS[item].department)
  })

  it('should never make a hardship item wait for itself', () => {
    for (const item of HARDSHIP_ITEMS)
      expect(ROUTING_TABLE[item].afterHardship).toBe(false)
  })

  it('should give every open step a due date', () => {
    expect(Object.keys(STEP_DUE_FIGURE).sort()).toEqual(['accepted', 'checking', 'need_more_info', 'reviewing', 'submitted'])
  })
})

describe('planCases', () => {
  it('should make medical wait for a dibao decision in the same application', () => {
    expect(planCases(['dibao', 'medical'], false)).toEqual([
      { item: 'dibao', department: 'mingzheng', initialStatus: 'submitted' },
      { item: 'medical', department: 'yibao', initialStatus: 'waiting' },
    ])
  })

  it('should start medical at once when the household already receives dibao', () => {
    expect(planCases(['dibao', 'medical'], true).map(c => c.initialStatus)).toEqual(['submitted', 'submitted'])
  })

  it('should start a dependent item at once when nothing in the application confirms hardship', () => {
    expect(planCases(['medical', 'temporary'], false).map(c => c.initialStatus)).toEqual(['submitted', 'submitted'])
  })

  it('should run independent items in parallel next to a hardship item', () => {
    expect(planCases(['tekun', 'disability_allowance', 'education', 'housing'], false)).toEqual([
      { item: 'tekun', department: 'mingzheng', initialStatus: 'submitted' },
      { item: 'disability_allowance', department: 'canlian', initialStatus: 'submitted' },
      { item: 'education', department: 'jiaoyu', initialStatus: 'waiting' },
      { item: 'housing', department: 'zhujian', initialStatus: 'waiting' },
    ])
  })

  it('should make one case per item even when an item is chosen twice', () => {
    expect(planCases(['dibao', 'dibao', 'medical'], false)).toHaveLength(2)
  })

  it.each(ITEM_CODES)('should plan %s alone as a case that starts at once', (item) => {
    expect(planCases([item], false)).toEqual([{ item, department: ITEMS[item].department, initialStatus: 'submitted' }])
  })
})
