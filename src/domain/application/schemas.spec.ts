import { describe, expect, it } from 'vitest'
import { sniffImageType } from './attachments'
import { applicationInputSchema, isPngDataUrl } from './schemas'

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII='
const bytes = (...b: number[]) => Uint8Array.from([...b, ...Array.from({ length: 12 }, () => 0)])

describe('signature data URLs', () => {
  it('should accept a PNG data URL', () => {
    expect(isPngDataUrl(`data:image/png;base64,${PNG}`)).toBe(true)
  })
  it.each([
    ['a JPEG claiming to be PNG', 'data:image/png;base64,/9j/4AAQSkZJRg=='],
    ['another media type', `data:image/jpeg;base64,${PNG}`],
    ['characters outside base64', `data:image/png;base64,${PNG.slice(0, 20)}<script>`],
    ['an empty image', 'data:image/png;base64,'],
  ])('should refuse %s', (_, value) => {
    expect(isPngDataUrl(value)).toBe(false)
  })
})

describe('sniffImageType', () => {
  it.each([
    ['image/jpeg', bytes(0xFF, 0xD8, 0xFF, 0xE0)],
    ['image/png', bytes(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)],
    ['image/webp', bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50)],
  ])('should recognise %s by its signature', (type, data) => {
    expect(sniffImageType(data)).toBe(type)
  })
  it.each([
    ['a PDF', bytes(0x25, 0x50, 0x44, 0x46)],
    ['a RIFF file that is not WebP', bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45)],
    ['nothing', new Uint8Array()],
  ])('should not take %s for an image', (_, data) => {
    expect(sniffImageType(data)).toBeNull()
  })
})

describe('applicationInputSchema', () => {
  const base = {
    idempotencyKey: 'key-0123456789abcdef',
    applicant: { name: '王秀英', idNumber: '339901194803150028', phone: '13900001111', address: '和美村 3 组 12 号', region: '339901' },
    members: [{ name: '王秀英', idNumber: '339901194803150028', relation: 'self', monthlyIncome: 260, disabilityGrade: 0, seriousIllness: false, student: 'none' }],
    items: ['dibao'],
    reason: '独居老人，收入低',
    authorisations: [{ idNumber: '339901194803150028', name: '王秀英', agreedAt: '2026-11-20T08:00:00.000Z', signature: `data:image/png;base64,${PNG}` }],
    declaration: { depositsTotal: 2000, vehicles: 0, extraHousing: false, fromDiagnosis: false },
  }

  it('should accept a one-person household and default the optional lists', () => {
    const parsed = applicationInputSchema.parse(base)
    expect(parsed.receiving).toEqual([])
    expect(parsed.attachmentIds).toEqual([])
    expect(parsed.removedMembers).toEqual([])
  })

  it('should ask for the household\'s declaration of assets', () => {
    const { declaration: _, ...without } = base
    expect(applicationInputSchema.safeParse(without).error!.issues).toEqual([expect.objectContaining({ path: ['declaration'] })])
    const absurd = applicationInputSchema.safeParse({ ...base, declaration: { ...base.declaration, depositsTotal: 1e12 } })
    expect(absurd.error!.issues).toEqual([expect.objectContaining({ path: ['declaration', 'depositsTotal'] })])
  })

  it('should refuse 低保 and 特困 in one application, and a member both listed and left out', () => {
    const both = applicationInputSchema.safeParse({ ...base, items: ['dibao', 'tekun'] })
    expect(both.error!.issues).toEqual([expect.objectContaining({ path: ['items'], message: 'exclusive_items' })])
    const twice = applicationInputSchema.safeParse({ ...base, removedMembers: [{ idNumber: '339901194803150028', reason: 'moved_out' }] })
    expect(twice.error!.issues).toEqual([expect.objectContaining({ path: ['removedMembers', 0], message: 'duplicate_member' })])
  })

  it('should ask for the authorisation of every adult', () => {
    const result = applicationInputSchema.safeParse({ ...base, authorisations: [] })
    expect(result.success).toBe(false)
    expect(result.error!.issues).toEqual([expect.objectContaining({ path: ['authorisations', 0], message: 'authorisation_missing' })])
  })
})
