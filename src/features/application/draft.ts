import type { AttachmentType } from '../../domain/application/limits'
import type { Verdict } from '../../domain/diagnosis/engine'
import type { ReceivableItem, Relation, StudentLevel } from '../../domain/diagnosis/options'
import type { ItemCode } from '../../domain/items'
import type { ApplicationHandoff } from '../diagnosis/store'
import { ADULT_AGE, ATTACHMENT_TYPES, MAX_ATTACHMENTS, MAX_MEMBERS } from '../../domain/application/limits'
import { diagnose } from '../../domain/diagnosis/engine'
import { RECEIVABLE_ITEMS, RELATIONS, STUDENT_LEVELS } from '../../domain/diagnosis/options'
import { ageFromIdNumber, normalizeIdNumber } from '../../domain/id-number'
import { isItemCode } from '../../domain/items'
import { resolveRegion } from '../../domain/regions/resolve'

// What the application form holds while a person fills it in, as kept on the device (IndexedDB)
// and on the server. Unlike ApplicationInput, anything may still be empty, and the form keeps
// what only the screen needs (thumbnails, the diagnosis verdicts, the step to resume on).

export const STEP_IDS = ['applicant', 'members', 'items', 'reason', 'authorise', 'review'] as const
export type StepId = typeof STEP_IDS[number]

export type DisabilityGrade = 0 | 1 | 2 | 3 | 4
const GRADES: readonly DisabilityGrade[] = [0, 1, 2, 3, 4]

export interface MemberDraft {
  name: string
  idNumber: string
  relation: Relation | null
  /** yuan per month; null = not answered yet */
  monthlyIncome: number | null
  disabilityGrade: DisabilityGrade
  seriousIllness: boolean | null
  student: StudentLevel
  /** the age given in the self-diagnosis: tells who is who before the ID number is typed */
  diagnosisAge: number | null
}

/** One adult's 家庭经济状况核对授权书: agreement (with the time) and a drawn signature. */
export interface AuthorisationDraft {
  idNumber: string
  name: string
  agreedAt: string | null
  /** PNG data URL */
  signature: string | null
}

export interface AttachmentDraft {
  /** made on the device; the compressed bytes wait under it until uploaded */
  localId: string
  /** the server's id once uploaded */
  id: string | null
  name: string
  type: AttachmentType
  size: number
  /** a small JPEG data URL to show the photo offline */
  thumb: string | null
}

export interface ApplicationForm {
  applicant: { phone: string, address: string, region: string }
  /** everyone living in the household; the first is the applicant (relation `self`) */
  members: MemberDraft[]
  items: ItemCode[]
  receiving: ReceivableItem[]
  reason: string
  attachments: AttachmentDraft[]
  authorisations: AuthorisationDraft[]
  /** each item's self-diagnosis verdict, when the form started from a diagnosis */
  verdicts: Partial<Record<ItemCode, Verdict>>
  /** the assets declared in the self-diagnosis: the economic check compares them with the sources */
  diagnosisAssets: DiagnosisAssets | null
}

export interface DiagnosisAssets { depositsPerCapita: number, vehicles: number, extraHousing: boolean }

export interface DraftMeta {
  /** made once per application and kept until it is submitted: a resend is recognised */
  idempotencyKey: string
  step: StepId
  /** when the person last changed the form (device time); null = nothing typed yet */
  editedAt: string | null
  /** the diagnosis handoff (its createdAt) this draft has taken in */
  handoffAt: string | null
  /** the signed-in user it belongs to: on a shared phone nobody else sees it */
  ownerId: string | null
}

export interface StoredDraft {
  version: 1
  meta: DraftMeta
  form: ApplicationForm
}

const UUID_BYTES = 16
const HEX = 16
const UUID_VERSION_BYTE = 6
const UUID_VARIANT_BYTE = 8

/**
 * A v4 UUID. crypto.randomUUID exists only in secure contexts (HTTPS, localhost): a phone on
 * a LAN address during a demo has only getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function')
    return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(UUID_BYTES))
  bytes[UUID_VERSION_BYTE] = (bytes[UUID_VERSION_BYTE] & 0x0F) | 0x40
  bytes[UUID_VARIANT_BYTE] = (bytes[UUID_VARIANT_BYTE] & 0x3F) | 0x80
  const hex = [...bytes].map(b => b.toString(HEX).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function createMember(relation: Relation | null = null): MemberDraft {
  return { name: '', idNumber: '', relation, monthlyIncome: null, disabilityGrade: 0, seriousIllness: null, student: 'none', diagnosisAge: null }
}

export function emptyForm(): ApplicationForm {
  return {
    applicant: { phone: '', address: '', region: '' },
    members: [createMember('self')],
    items: [],
    receiving: [],
    reason: '',
    attachments: [],
    authorisations: [],
    verdicts: {},
    diagnosisAssets: null,
  }
}

export function emptyDraft(): StoredDraft {
  return { version: 1, meta: { idempotencyKey: newIdempotencyKey(), step: STEP_IDS[0], editedAt: null, handoffAt: null, ownerId: null }, form: emptyForm() }
}

/** Nothing typed yet: a prefilled or empty form may be replaced without asking. */
export function isPristine(draft: StoredDraft): boolean {
  return draft.meta.editedAt === null
}

// --- from the self-diagnosis ---------------------------------------------------------------

/** Each item's verdict, computed again from the handed-over answers with the shared engine. */
export function verdictsOf(handoff: ApplicationHandoff): Partial<Record<ItemCode, Verdict>> {
  const region = resolveRegion(handoff.answers.region)
  if (!region)
    return {}
  // The language only changes the wording of the reasons, not the verdicts.
  return Object.fromEntries(diagnose(handoff.answers, region, 'zh-CN').map(r => [r.item, r.verdict]))
}

/** A form prefilled from the diagnosis: region, household members, receiving, chosen items. */
export function formFromHandoff(handoff: ApplicationHandoff): ApplicationForm {
  const { answers } = handoff
  const members = answers.members.slice(0, MAX_MEMBERS).map((m, i): MemberDraft => ({
    ...createMember(i === 0 ? 'self' : m.relation === 'self' ? null : m.relation),
    monthlyIncome: m.monthlyIncome,
    disabilityGrade: GRADES.includes(m.disabilityGrade as DisabilityGrade) ? m.disabilityGrade as DisabilityGrade : 0,
    seriousIllness: m.seriousIllness,
    student: m.student,
    diagnosisAge: m.age,
  }))
  return {
    ...emptyForm(),
    applicant: { phone: '', address: '', region: answers.region },
    members: members.length > 0 ? members : [createMember('self')],
    items: [...new Set(handoff.items)],
    receiving: RECEIVABLE_ITEMS.filter(i => answers.receiving.includes(i)),
    verdicts: verdictsOf(handoff),
    diagnosisAssets: { ...answers.assets },
  }
}

/**
 * Takes a diagnosis into a draft: a draft nothing was typed into is replaced by the prefilled
 * form; otherwise only the chosen items (and their verdicts) are added, so nothing typed is lost.
 * Returns what happened, for the notice on the page.
 */
export function takeHandoff(draft: StoredDraft, handoff: ApplicationHandoff | null): 'none' | 'prefilled' | 'merged' {
  if (!handoff || handoff.createdAt === draft.meta.handoffAt)
    return 'none'
  draft.meta.handoffAt = handoff.createdAt
  if (isPristine(draft)) {
    draft.form = formFromHandoff(handoff)
    draft.meta.step = STEP_IDS[0]
    return 'prefilled'
  }
  draft.form.items = [...new Set([...draft.form.items, ...handoff.items])]
  draft.form.verdicts = { ...draft.form.verdicts, ...verdictsOf(handoff) }
  draft.form.diagnosisAssets = { ...handoff.answers.assets }
  return 'merged'
}

// --- who must sign -------------------------------------------------------------------------

export function memberAge(member: MemberDraft, today: Date = new Date()): number | null {
  return ageFromIdNumber(member.idNumber, today)
}

/** Indexes of the members who are adults by their ID number: each signs the authorisation. */
export function adultIndexes(members: readonly MemberDraft[], today: Date = new Date()): number[] {
  return members.flatMap((m, i) => {
    const age = memberAge(m, today)
    return age !== null && age >= ADULT_AGE ? [i] : []
  })
}

/** The authorisation given by this member as now typed (a changed name or ID needs a new one). */
export function authorisationFor(form: ApplicationForm, member: MemberDraft): AuthorisationDraft | undefined {
  const idNumber = normalizeIdNumber(member.idNumber)
  const name = member.name.trim()
  return form.authorisations.find(a => a.idNumber === idNumber && a.name === name)
}

export function isAuthorised(auth: AuthorisationDraft | undefined): boolean {
  return Boolean(auth?.agreedAt && auth.signature)
}

/** Records agreement or a signature for a member, creating the authorisation when needed. */
export function updateAuthorisation(form: ApplicationForm, member: MemberDraft, patch: Partial<Pick<AuthorisationDraft, 'agreedAt' | 'signature'>>): void {
  const found = authorisationFor(form, member)
  if (found) {
    Object.assign(found, patch)
    return
  }
  form.authorisations.push({ idNumber: normalizeIdNumber(member.idNumber), name: member.name.trim(), agreedAt: null, signature: null, ...patch })
}

// --- reading what was stored ---------------------------------------------------------------

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function strOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

function oneOf<T>(values: readonly T[], value: unknown, fallback: T): T {
  return values.includes(value as T) ? value as T : fallback
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function parseMember(value: unknown, index: number): MemberDraft {
  if (!isObject(value))
    return createMember(index === 0 ? 'self' : null)
  return {
    name: str(value.name),
    idNumber: str(value.idNumber),
    relation: index === 0 ? 'self' : oneOf<Relation | null>(RELATIONS.filter(r => r !== 'self'), value.relation, null),
    monthlyIncome: num(value.monthlyIncome),
    disabilityGrade: oneOf(GRADES, value.disabilityGrade, 0),
    seriousIllness: typeof value.seriousIllness === 'boolean' ? value.seriousIllness : null,
    student: oneOf(STUDENT_LEVELS, value.student, 'none'),
    diagnosisAge: num(value.diagnosisAge),
  }
}

function parseAttachment(value: unknown): AttachmentDraft[] {
  if (!isObject(value) || typeof value.localId !== 'string')
    return []
  return [{
    localId: value.localId,
    id: strOrNull(value.id),
    name: str(value.name),
    type: oneOf(ATTACHMENT_TYPES, value.type, 'image/jpeg'),
    size: num(value.size) ?? 0,
    thumb: strOrNull(value.thumb),
  }]
}

function parseAuthorisation(value: unknown): AuthorisationDraft[] {
  if (!isObject(value) || typeof value.idNumber !== 'string' || typeof value.name !== 'string')
    return []
  return [{ idNumber: value.idNumber, name: value.name, agreedAt: strOrNull(value.agreedAt), signature: strOrNull(value.signature) }]
}

const VERDICT_VALUES: readonly Verdict[] = ['likely', 'possible', 'unlikely']

function parseAssets(value: unknown): DiagnosisAssets | null {
  if (!isObject(value))
    return null
  const deposits = num(value.depositsPerCapita)
  const vehicles = num(value.vehicles)
  if (deposits === null || vehicles === null || typeof value.extraHousing !== 'boolean')
    return null
  return { depositsPerCapita: deposits, vehicles, extraHousing: value.extraHousing }
}

function parseForm(value: unknown): ApplicationForm {
  if (!isObject(value))
    return emptyForm()
  const applicant = isObject(value.applicant) ? value.applicant : {}
  const members = list(value.members).slice(0, MAX_MEMBERS).map(parseMember)
  const verdicts = isObject(value.verdicts) ? value.verdicts : {}
  return {
    applicant: { phone: str(applicant.phone), address: str(applicant.address), region: str(applicant.region) },
    members: members.length > 0 ? members : [createMember('self')],
    items: [...new Set(list(value.items).filter(isItemCode))],
    receiving: RECEIVABLE_ITEMS.filter(i => list(value.receiving).includes(i)),
    reason: str(value.reason),
    attachments: list(value.attachments).flatMap(parseAttachment).slice(0, MAX_ATTACHMENTS),
    authorisations: list(value.authorisations).flatMap(parseAuthorisation),
    verdicts: Object.fromEntries(Object.entries(verdicts).filter(([item, v]) => isItemCode(item) && VERDICT_VALUES.includes(v as Verdict))),
    diagnosisAssets: parseAssets(value.diagnosisAssets),
  }
}

const KEY_PATTERN = /^[\w-]{16,64}$/

/**
 * A draft stored by this or an older version of the app (or sent back by the server), field
 * by field: what cannot be read is asked again instead of breaking the form. Undefined when
 * it is not a draft at all.
 */
export function parseDraft(value: unknown): StoredDraft | undefined {
  if (!isObject(value) || !isObject(value.meta))
    return undefined
  const meta = value.meta
  return {
    version: 1,
    meta: {
      // A draft without a usable key gets a new one: it cannot have been submitted with it.
      idempotencyKey: typeof meta.idempotencyKey === 'string' && KEY_PATTERN.test(meta.idempotencyKey) ? meta.idempotencyKey : newIdempotencyKey(),
      step: oneOf(STEP_IDS, meta.step, STEP_IDS[0]),
      editedAt: strOrNull(meta.editedAt),
      handoffAt: strOrNull(meta.handoffAt),
      ownerId: strOrNull(meta.ownerId),
    },
    form: parseForm(value.form),
  }
}
