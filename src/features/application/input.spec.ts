import { describe, expect, it } from 'vitest'
import { applicationInputSchema } from '../../domain/application/schemas'
import { fillFromDiagnosis } from './draft'
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

  it('should send the self-diagnosis verdicts only when the resident chose to share them', () => {
    const form = completeForm({ verdicts: { dibao: 'likely', education: 'unlikely' } })
    expect(toApplicationInput(form, KEY, TODAY)).not.toHaveProperty('diagnosis')
    form.shareDiagnosis = true
    const input = toApplicationInput(form, KEY, TODAY)
    expect(input.diagnosis).toEqual({ verdicts: [{ item: 'dibao', verdict: 'likely' }, { item: 'education', verdict: 'unlikely' }] })
    expect(applicationInputSchema.safeParse(input).success).toBe(true)
  })

  it('should send the declaration as the numbers typed mean', () => {
    const form = completeForm()
    form.declaration = { deposits: '1.5万', vehicles: '１', extraHousing: true, fromDiagnosis: null }
    form.members[1].income = '1,200.50'
    const input = toApplicationInput(form, KEY, TODAY)
    expect(input.declaration).toEqual({ depositsTotal: 15_000, vehicles: 1, extraHousing: true, fromDiagnosis: false })
    expect(input.members[1].monthlyIncome).toBe(1200.5)
  })

  it('should say the declaration is the diagnosis\' only while its figures are untouched', () => {
    const form = completeForm()
    fillFromDiagnosis(form.declaration, { depositsPerCapita: 4000, members: 2, depositsTotal: 8000, vehicles: 0, extraHousing: false })
    expect(toApplicationInput(form, KEY, TODAY).declaration).toEqual({ depositsTotal: 8000, vehicles: 0, extraHousing: false, fromDiagnosis: true })
    form.declaration.vehicles = '1'
    expect(toApplicationInput(form, KEY, TODAY).declaration.fromDiagnosis).toBe(false)
  })

  it('should list the registered members left out, with the reason and a note only when written', () => {
    const form = completeForm()
    const [zhang] = form.members.splice(1, 1)
    const [xiaoming] = form.members.splice(1, 1)
    form.removed = [{ member: zhang, reason: 'moved_out', note: ' 在杭州打工 ', position: 1 }, { member: xiaoming, reason: 'in_institution', note: '', position: 1 }]
    form.authorisations = form.authorisations.slice(0, 1)
    const input = toApplicationInput(form, KEY, TODAY)
    expect(input.removedMembers).toEqual([
      { idNumber: ZHANG.idNumber, reason: 'moved_out', note: '在杭州打工' },
      { idNumber: XIAOMING.idNumber, reason: 'in_institution' },
    ])
    expect(input.members.map(m => m.name)).toEqual([LI.name])
    expect(applicationInputSchema.safeParse(input).error?.issues).toBeUndefined()
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

  it('should keep the diagnosis\' verdicts on this device unless the resident shares them', () => {
    const draft = storedDraft(completeForm({ verdicts: { dibao: 'likely' } }))
    expect(serverCopy(draft)!.form.verdicts).toEqual({})
    expect(draft.form.verdicts).toEqual({ dibao: 'likely' })
    draft.form.shareDiagnosis = true
    expect(serverCopy(draft)!.form.verdicts).toEqual({ dibao: 'likely' })
  })

  it('should give up when even the typed answers do not fit', () => {
    expect(serverCopy(storedDraft(), 100)).toBeNull()
  })
})
