import { describe, expect, it } from 'vitest'
import { maskIdNumber, maskMobile, maskName } from './mask'
import { isValidMobile, normalizeMobile } from './mobile'

describe('masking', () => {
  it('should show the first 3 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('33010619800101123X')).toBe('330***********123X')
  })
  it('should show the first 3 and last 4 digits of a phone number', () => {
    expect(maskMobile('13812345678')).toBe('138****5678')
  })
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['王', '王*'],
    ['John Smith', 'J*** S****'],
  ])('should keep only the first character of name %s', (name, masked) => {
    expect(maskName(name)).toBe(masked)
  })
})

describe('isValidMobile', () => {
  it.each(['13800138000', '19912345678', '+8613800138000', '138 0013 8000', '138-0013-8000'])('should accept %s', (phone) => {
    expect(isValidMobile(phone)).toBe(true)
  })
  it.each(['12800138000', '1380013800', '138001380001', '23800138000', 'abc', ''])('should reject %s', (phone) => {
    expect(isValidMobile(phone)).toBe(false)
  })
  it('should strip the country code', () => {
    expect(normalizeMobile('+86 138 0013 8000')).toBe('13800138000')
  })
})
