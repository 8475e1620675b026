import { describe, expect, it } from 'vitest'
import { applicationInputSchema } from '../../domain/application/schemas'
import { serverCopy, toApplicationInput } from './input'
import { completeForm, LI, SIGNATURE, storedDraft, TODAY, XIAOMING, ZHANG } from './test-support'

const KEY = 'key-0000-1111-2222-3333'

describe('toApplicationInput', () => {
  it('should build a body the contract\'s schema accepts', () => {
    const result = applicationInputSchema.safeParse(toApplicationInput(completeForm(), KEY, TODAY))
    expect(result.error?.issues).toBeUndefined()
  })

  it('should make the first member the applicant and normalise what people type', () => {
    const form = completeForm({ applicant: { phone: '138 0013 8000', address: '  和美村 5 组 7 号 ', region: '339901' } })
    form.members[2].idNumber = ` ${XIAOMING.idNumber.toLowerCase()} `
    const input = toApplicationInput(form, KEY, TODAY)
    expect(input.applicant).toEqual({ name: LI.name, idNumber: LI.idNumber, phone: '13800138000', address: '和美村 5 组 7 号', region: '339901' })
    expect(input.members[2].idNumber).toBe(XIAOMING.idNumber)
    expect(input.idempotencyKey).toBe(KEY)
  })

  it('should carry the self-diagnosis verdicts and declared assets along', () => {
    const form = completeForm({ verdicts: { dibao: 'likely', education: 'unlikely' }, diagnosisAssets: { depositsPerCapita: 1000, vehicles: 0, extraHousing: false } })
    const input = toApplicationInput(form, KEY, TODAY)
    expect(input.diagnosis).toEqual({
      verdicts: [{ item: 'dibao', verdict: 'likely' }, { item: 'education', verdict: 'unlikely' }],
      assets: { depositsPerCapita: 1000, vehicles: 0, extraHousing: false },
    })
    expect(applicationInputSchema.safeParse(input).success).toBe(true)
    expect(toApplicationInput(completeForm(), KEY, TODAY).diagnosis).toBeNull()
  })

  it('should send only uploaded photos', () => {
    const attachments = [
      { localId: 'a', id: '9b2e8c7a-1f1e-4a53-9f59-4d0c7b4c2d11', name: 'a.jpg', type: 'image/jpeg' as const, size: 1, thumb: null },
      { localId: 'b', id: null, name: 'b.jpg', type: 'image/jpeg' as const, size: 1, thumb: null },
    ]
    expect(toApplicationInput(completeForm({ attachments }), KEY, TODAY).attachmentIds).toEqual(['9b2e8c7a-1f1e-4a53-9f59-4d0c7b4c2d11'])
  })

  it('should send the adults\' authorisations only, as their names and IDs now read', () => {
    const form = completeForm()
    form.authorisations.push({ ...XIAOMING, agreedAt: '2026-03-01T09:00:00.000Z', signature: SIGNATURE }, { name: '王五', idNumber: '339901194803150028', agreedAt: 'x', signature: SIGNATURE })
    expect(toApplicationInput(form, KEY, TODAY).authorisations.map(a => a.name)).toEqual([LI.name, ZHANG.name])
  })
})

describe('serverCopy', () => {
  it('should keep a draft that fits as it is', () => {
    const draft = storedDraft()
    expect(serverCopy(draft)).toBe(draft)
  })

  it('should drop thumbnails, then signatures, to fit the server\'s limit', () => {
    const draft = storedDraft(completeForm({ attachments: [{ localId: 'a', id: 'x', name: 'a.jpg', type: 'image/jpeg', size: 1, thumb: `data:image/jpeg;base64,${'A'.repeat(2000)}` }] }))
    const size = new TextEncoder().encode(JSON.stringify({ draft })).length
    const withoutThumbs = serverCopy(draft, size - 100)!
    expect(withoutThumbs.form.attachments[0].thumb).toBeNull()
    expect(withoutThumbs.form.authorisations[0].signature).toBe(SIGNATURE)
    const withoutSignatures = serverCopy(draft, size - 2200)!
    expect(withoutSignatures.form.authorisations.map(a => a.signature)).toEqual([null, null])
    expect(withoutSignatures.form.members).toEqual(draft.form.members)
    expect(draft.form.attachments[0].thumb).not.toBeNull()
  })

  it('should give up when even the typed answers do not fit', () => {
    expect(serverCopy(storedDraft(), 100)).toBeNull()
  })
})
