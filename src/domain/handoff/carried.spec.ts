import { describe, expect, it } from 'vitest'
import { carriesApplication, isTypedDraftOf, packCarried, unpackCarried } from './carried'

describe('what a kiosk hand-off carries', () => {
  it.each([
    ['/progress', 'enquiry', true],
    ['/progress', 'login', false],
    ['/progress/5b3c4a6e-1f1e-4a7e-9c1d-0a1b2c3d4e5f', 'answer.0a1b2c3d-4e5f-4a7e-9c1d-5b3c4a6e1f1e', true],
    ['/progress/5b3c4a6e-1f1e-4a7e-9c1d-0a1b2c3d4e5f', 'enquiry', false],
    ['/needs', 'needs.confirm.n1', true],
    ['/needs', 'needs.new', false],
    ['/needs/new', 'needs.new', true],
    ['/needs/new', 'needs.new.field.tok', false],
    ['/diagnosis', 'enquiry', false],
    ['/apply', 'bind', false],
    ['/list', 'enquiry', false],
  ])('should carry from %s the form %s: %s', (target, key, carried) => {
    expect(isTypedDraftOf(target, key)).toBe(carried)
  })

  it('should carry an application draft to the application only', () => {
    expect(carriesApplication('/apply')).toBe(true)
    expect(carriesApplication('/apply/receipt/1')).toBe(false)
    expect(carriesApplication('/progress')).toBe(false)
  })

  it('should store nothing when nothing is carried, and read back what was packed', () => {
    expect(packCarried({})).toBeNull()
    expect(packCarried({ diagnosis: undefined })).toBeNull()
    const work = { application: { form: { members: [{ name: '刘芳' }] } }, forms: { enquiry: { number: 'XFM-1' } } }
    expect(unpackCarried(packCarried(work))).toEqual(work)
    expect(unpackCarried(null)).toEqual({})
  })

  it('should read a payload stored before forms were carried as the diagnosis answers', () => {
    const answers = { version: 1, step: 'income', members: [{ age: 72 }] }
    expect(unpackCarried(JSON.stringify(answers))).toEqual({ diagnosis: answers })
  })
})
