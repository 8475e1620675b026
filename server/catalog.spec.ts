import { describe, expect, it } from 'vitest'
import { hasMessage, translate } from './catalog'

describe('the server\'s catalog', () => {
  it('should word the domain\'s keys in each language', () => {
    expect(translate('zh-CN', 'domain.caseStatus.approved')).toBe('已批准')
    expect(translate('zh-TW', 'domain.caseStatus.rejected')).toBe('未獲批准')
    expect(translate('en', 'domain.caseStatus.approved')).toBe('Approved')
  })

  it('should refuse a key it does not have rather than show the key to a person', () => {
    expect(hasMessage('domain.caseStatus.approved')).toBe(true)
    expect(hasMessage('domain.caseStatus.nope')).toBe(false)
    expect(hasMessage('domain.caseStatus.constructor')).toBe(false)
    expect(() => translate('en', 'domain.caseStatus.nope')).toThrow('domain.caseStatus.nope')
  })
})
