import { describe, expect, it } from 'vitest'
import { outboundPath, outboundTemplateOf, safeAppPath } from './messages'

describe('which notifications go out', () => {
  it.each([
    ['accepted', 'case_accepted'],
    ['need_more_info', 'case_needs_info'],
    ['approved', 'case_approved'],
    ['approved_amount', 'case_approved'],
    ['rejected', 'case_rejected'],
    ['rejected_dependent', 'case_rejected'],
    ['invitation', 'invitation'],
  ])('should send %s as %s', (code, template) => {
    expect(outboundTemplateOf(code)).toBe(template)
  })

  it.each(['application_submitted', 'submitted', 'checking', 'reviewing', 'back', 'withdrawn', 'household_bound', 'need_claimed', 'need_delivered', 'constructor', 'toString'])('should keep %s in the app only', (code) => {
    expect(outboundTemplateOf(code)).toBeNull()
  })

  it('should link case news to the application and an invitation to the home page', () => {
    expect(outboundPath('case_approved', 'a1b2')).toBe('/progress/a1b2')
    expect(outboundPath('invitation', null)).toBe('/')
  })
})

describe('the page a push may open', () => {
  it.each([
    ['/progress/abc', '/progress/abc'],
    ['/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['progress', '/'],
    [42, '/'],
    [null, '/'],
  ])('should open %s as %s', (value, path) => {
    expect(safeAppPath(value)).toBe(path)
  })
})
