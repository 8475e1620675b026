import type { ApplicationInput } from '../../domain/application/schemas'
import type { Verdict } from '../../domain/diagnosis/engine'
import type { ItemCode } from '../../domain/items'
import type { ApplicationForm, MemberDraft, StoredDraft } from './draft'
import { MAX_DRAFT_BYTES } from '../../domain/application/limits'
import { normalizeIdNumber } from '../../domain/id-number'
import { normalizeMobile } from '../../domain/mobile'
import { adultMembers, authorisationFor, isFromDiagnosis } from './draft'
import { DEPOSITS_RULES, INCOME_RULES, readNumber, VEHICLES_RULES } from './steps'

/**
 * The request body of POST /api/applications. Only for a form that passes validateStep(…,
 * 'review'): empty answers become what the schema refuses, so the server's field errors
 * still land on the right field if something slipped through.
 */
export function toApplicationInput(form: ApplicationForm, idempotencyKey: string, today: Date = new Date()): ApplicationInput {
  const toMember = (m: MemberDraft) => ({
    name: m.name.trim(),
    idNumber: normalizeIdNumber(m.idNumber),
    relation: m.relation ?? 'other',
    monthlyIncome: readNumber(m.income, INCOME_RULES) ?? -1,
    disabilityGrade: m.disabilityGrade,
    seriousIllness: m.seriousIllness === true,
    student: m.student,
  })
  const [self, ...others] = form.members
  const applicant = toMember(self)
  const members = [applicant, ...others.map(toMember)]
  // Adults only, and only as their name and ID now read: an older signature of a member whose
  // details changed does not count.
  const authorisations = adultMembers(form.members, today).flatMap(({ member }) => {
    const auth = authorisationFor(form, member)
    return auth?.agreedAt && auth.signature
      ? [{ idNumber: auth.idNumber, name: auth.name, agreedAt: auth.agreedAt, signature: auth.signature }]
      : []
  })
  const verdicts = sharedVerdicts(form)
  return {
    idempotencyKey,
    applicant: {
      name: applicant.name,
      idNumber: applicant.idNumber,
      phone: normalizeMobile(form.applicant.phone.trim()),
      address: form.applicant.address.trim(),
      region: form.applicant.region.trim(),
    },
    members,
    items: [...form.items],
    reason: form.reason.trim(),
    receiving: [...form.receiving],
    attachmentIds: form.attachments.flatMap(a => (a.id ? [a.id] : [])),
    authorisations,
    declaration: {
      depositsTotal: readNumber(form.declaration.deposits, DEPOSITS_RULES) ?? -1,
      vehicles: readNumber(form.declaration.vehicles, VEHICLES_RULES) ?? -1,
      extraHousing: form.declaration.extraHousing === true,
      fromDiagnosis: isFromDiagnosis(form.declaration),
    },
    removedMembers: form.removed.map(r => ({
      idNumber: normalizeIdNumber(r.member.idNumber),
      reason: r.reason,
      ...(r.note.trim() ? { note: r.note.trim() } : {}),
    })),
    ...(verdicts ? { diagnosis: { verdicts } } : {}),
  }
}

/** The self-diagnosis' verdicts, only when the resident ticked "把自诊结果一并提供给工作人员参考". */
export function sharedVerdicts(form: ApplicationForm): { item: ItemCode, verdict: Verdict }[] | null {
  const verdicts = (Object.entries(form.verdicts) as [ItemCode, Verdict][]).map(([item, verdict]) => ({ item, verdict }))
  return form.shareDiagnosis && verdicts.length > 0 ? verdicts : null
}

function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify({ draft: value })).length
}

/**
 * The copy kept on the server, within its 256 KB. Signatures (up to 200 KB each) and
 * thumbnails go first when it does not fit: they are quick to redo, what was typed is not.
 */
export function serverCopy(local: StoredDraft, maxBytes: number = MAX_DRAFT_BYTES): StoredDraft | null {
  // The diagnosis' verdicts stay on this device unless the resident shares them (issue #15).
  const keepVerdicts = local.form.shareDiagnosis || Object.keys(local.form.verdicts).length === 0
  const draft: StoredDraft = keepVerdicts ? local : { ...local, form: { ...local.form, verdicts: {} } }
  if (jsonBytes(draft) <= maxBytes)
    return draft
  const withoutThumbs: StoredDraft = { ...draft, form: { ...draft.form, attachments: draft.form.attachments.map(a => ({ ...a, thumb: null })) } }
  if (jsonBytes(withoutThumbs) <= maxBytes)
    return withoutThumbs
  const withoutSignatures: StoredDraft = {
    ...withoutThumbs,
    form: { ...withoutThumbs.form, authorisations: withoutThumbs.form.authorisations.map(a => ({ ...a, signature: null })) },
  }
  return jsonBytes(withoutSignatures) <= maxBytes ? withoutSignatures : null
}
