import type { AttachmentType, RemovalReason } from '../../domain/application/limits'
import type { RegisteredMember } from '../../domain/application/resident-api'
import type { Verdict } from '../../domain/diagnosis/engine'
import type { ReceivableItem, Relation, StudentLevel } from '../../domain/diagnosis/options'
import type { Sex } from '../../domain/id-number'
import type { ItemCode } from '../../domain/items'
import type { ApplicationHandoff } from '../diagnosis'
import { ADULT_AGE } from '../../domain/age'
import { ATTACHMENT_TYPES, EXCLUSIVE_ITEMS, MAX_ATTACHMENTS, MAX_MEMBERS, REMOVAL_NOTE_MAX, REMOVAL_REASONS } from '../../domain/application/limits'
import { diagnose } from '../../domain/diagnosis/engine'
import { RECEIVABLE_ITEMS, RELATIONS, STUDENT_LEVELS } from '../../domain/diagnosis/options'
import { ageFromIdNumber, normalizeIdNumber, sexFromIdNumber } from '../../domain/id-number'
import { isItemCode } from '../../domain/items'
import { fenToYuan, yuanToFen } from '../../domain/money'
import { resolveRegion } from '../../domain/regions/resolve'

// What the application form holds while a person fills it in, as kept on the device (IndexedDB)
// and on the server. Unlike ApplicationInput, anything may still be empty, and the form keeps
// what only the screen needs (thumbnails, the diagnosis verdicts, the step to resume on).
// Numbers are kept as typed and read with parseNumberInput when checked and sent: a reload
// shows exactly what the person wrote, and nothing is rewritten behind their back.

/**
 * The declaration comes right after the members: incomes are asked per member, then the
 * household's assets in total, so the economic picture is complete (and its per-capita figure
 * uses the members just confirmed) before the items are chosen against it.
 */
export const STEP_IDS = ['applicant', 'members', 'declaration', 'items', 'reason', 'authorise', 'review'] as const
export type StepId = typeof STEP_IDS[number]

export type DisabilityGrade = 0 | 1 | 2 | 3 | 4
const GRADES: readonly DisabilityGrade[] = [0, 1, 2, 3, 4]

export interface MemberDraft {
  name: string
  idNumber: string
  relation: Relation | null
  /** yuan per month, as typed ('' = not answered yet) */
  income: string
  disabilityGrade: DisabilityGrade
  seriousIllness: boolean | null
  student: StudentLevel
  /** the age given in the self-diagnosis: tells who is who before the ID number is typed */
  diagnosisAge: number | null
  /** what the household registry says (name, ID and relation then come from it too); null = added by the resident */
  registered: RegistryFacts | null
}

/** A registered member's facts as the registry gives them (GET /api/application-start). */
export interface RegistryFacts {
  age: number | null
  sex: Sex | null
  isHead: boolean
}

/** A registered member left out of this application: the reason goes to staff; "放回" restores them as they were. */
export interface RemovedMemberDraft {
  member: MemberDraft
  reason: RemovalReason
  note: string
  /** where the member was in the list: "放回" puts them back there */
  position: number
}

/** The household's assets, declared in the application (typed text, read with parseNumberInput). */
export interface DeclarationDraft {
  /** deposits, cash and financial assets of all members together, yuan */
  deposits: string
  vehicles: string
  extraHousing: boolean | null
  /** what "用自诊时填写的数字" filled in: the declaration is from the diagnosis while it still reads so */
  fromDiagnosis: { deposits: string, vehicles: string, extraHousing: boolean } | null
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

/** A form's members: the applicant always first, so never empty. */
export type FormMembers = [applicant: MemberDraft, ...others: MemberDraft[]]

export interface ApplicationForm {
  applicant: { phone: string, address: string, region: string }
  /** everyone in this application; the first is the applicant (relation `self`), so never empty */
  members: FormMembers
  /** registered members who are not part of this application, with the reason */
  removed: RemovedMemberDraft[]
  /** when the household registry was last taken in; null = never (offline, not bound, older draft) */
  registryAt: string | null
  declaration: DeclarationDraft
  items: ItemCode[]
  receiving: ReceivableItem[]
  reason: string
  attachments: AttachmentDraft[]
  authorisations: AuthorisationDraft[]
  /** each item's self-diagnosis verdict, when the form started from a diagnosis (kept on this device) */
  verdicts: Partial<Record<ItemCode, Verdict>>
  /** the resident chose to let staff see the verdicts (review step); off unless ticked */
  shareDiagnosis: boolean
}

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
  const bytes = crypto.getRandomValues(new Uint8Array(UUID_BYTES)).map((b, i) => {
    if (i === UUID_VERSION_BYTE)
      return (b & 0x0F) | 0x40
    return i === UUID_VARIANT_BYTE ? (b & 0x3F) | 0x80 : b
  })
  const hex = [...bytes].map(b => b.toString(HEX).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function createMember(relation: Relation | null = null): MemberDraft {
  return { name: '', idNumber: '', relation, income: '', disabilityGrade: 0, seriousIllness: null, student: 'none', diagnosisAge: null, registered: null }
}

/** The members as given, or a blank applicant when there are none: a form always has its applicant. */
function withApplicant(members: MemberDraft[]): FormMembers {
  const [applicant = createMember('self'), ...others] = members
  return [applicant, ...others]
}

export function emptyDeclaration(): DeclarationDraft {
  return { deposits: '', vehicles: '', extraHousing: null, fromDiagnosis: null }
}

export function emptyForm(): ApplicationForm {
  return {
    applicant: { phone: '', address: '', region: '' },
    members: [createMember('self')],
    removed: [],
    registryAt: null,
    declaration: emptyDeclaration(),
    items: [],
    receiving: [],
    reason: '',
    attachments: [],
    authorisations: [],
    verdicts: {},
    shareDiagnosis: false,
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
  return Object.fromEntries(diagnose(handoff.answers, region).map(r => [r.item, r.verdict]))
}

const VERDICT_RANK: Record<Verdict, number> = { likely: 3, possible: 2, unlikely: 1 }

/**
 * 低保 and 特困 are not given to one household together (EXCLUSIVE_ITEMS): when both are
 * proposed, the one with the better self-diagnosis verdict stays, 低保 when they are equal.
 */
export function withoutExclusivePair(items: readonly ItemCode[], verdicts: Partial<Record<ItemCode, Verdict>>): ItemCode[] {
  const [first, second] = EXCLUSIVE_ITEMS
  if (!items.includes(first) || !items.includes(second))
    return [...items]
  const rank = (item: ItemCode) => {
    const verdict = verdicts[item]
    return verdict ? VERDICT_RANK[verdict] : 0
  }
  const dropped = rank(second) > rank(first) ? first : second
  return items.filter(i => i !== dropped)
}

/** A form prefilled from the diagnosis: region, household members, receiving, chosen items. */
export function formFromHandoff(handoff: ApplicationHandoff): ApplicationForm {
  const { answers } = handoff
  const members = answers.members.slice(0, MAX_MEMBERS).map((m, i): MemberDraft => ({
    ...createMember(i === 0 ? 'self' : m.relation === 'self' ? null : m.relation),
    income: String(m.monthlyIncome),
    disabilityGrade: GRADES.includes(m.disabilityGrade as DisabilityGrade) ? m.disabilityGrade as DisabilityGrade : 0,
    seriousIllness: m.seriousIllness,
    student: m.student,
    diagnosisAge: m.age,
  }))
  const verdicts = verdictsOf(handoff)
  // The assets are not carried over: the declaration step offers them, visibly (issue #15).
  return {
    ...emptyForm(),
    applicant: { phone: '', address: '', region: answers.region },
    members: withApplicant(members),
    items: withoutExclusivePair([...new Set(handoff.items)], verdicts),
    receiving: RECEIVABLE_ITEMS.filter(i => answers.receiving.includes(i)),
    verdicts,
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
  const verdicts = verdictsOf(handoff)
  const proposed = withoutExclusivePair([...new Set(handoff.items)], verdicts)
  // What the person ticked stays ticked; a proposal that would pair 低保 with 特困 is left out.
  const kept = draft.form.items
  const added = proposed.filter(i => !kept.includes(i) && !(isExclusive(i) && kept.some(isExclusive)))
  draft.form.items = [...kept, ...added]
  draft.form.verdicts = { ...draft.form.verdicts, ...verdicts }
  return 'merged'
}

/**
 * Ticks the items an invitation of the town's staff suggests (政策找人, issue #19), added to what
 * is ticked, never replacing it: 'merged' when the person had typed into the draft (all of it
 * stays), 'ticked' when the draft was untouched (it stays untouched: a load, not their edit, so
 * a newer copy of theirs elsewhere still wins). 低保 and 特困 are never both ticked.
 */
export function tickItems(draft: StoredDraft, items: readonly ItemCode[]): 'ticked' | 'merged' {
  const ticked = [...draft.form.items]
  for (const item of items) {
    if (!ticked.includes(item) && !(isExclusive(item) && ticked.some(isExclusive)))
      ticked.push(item)
  }
  if (isPristine(draft)) {
    draft.form = { ...draft.form, items: ticked }
    return 'ticked'
  }
  draft.form.items = ticked
  return 'merged'
}

export function isExclusive(item: ItemCode): boolean {
  return (EXCLUSIVE_ITEMS as readonly ItemCode[]).includes(item)
}

/** The declaration "用自诊时填写的数字" fills in: deposits per capita × the diagnosis' members → total. */
export interface DiagnosisFigures {
  depositsPerCapita: number
  members: number
  depositsTotal: number
  vehicles: number
  extraHousing: boolean
}

/** Yuan rounded to the fen (src/domain/money.ts). */
export function roundYuan(value: number): number {
  return fenToYuan(yuanToFen(value))
}

/** The diagnosis' assets as the application's declaration asks them (households total). */
export function diagnosisFigures(handoff: ApplicationHandoff): DiagnosisFigures {
  const { assets, members } = handoff.answers
  const count = Math.max(members.length, 1)
  return {
    depositsPerCapita: assets.depositsPerCapita,
    members: count,
    depositsTotal: roundYuan(assets.depositsPerCapita * count),
    vehicles: assets.vehicles,
    extraHousing: assets.extraHousing,
  }
}

/** Fills the declaration from the diagnosis, remembering what was filled (see isFromDiagnosis). */
export function fillFromDiagnosis(declaration: DeclarationDraft, figures: DiagnosisFigures): void {
  const filled = { deposits: String(figures.depositsTotal), vehicles: String(figures.vehicles), extraHousing: figures.extraHousing }
  Object.assign(declaration, { ...filled, fromDiagnosis: filled })
}

/** The figures are the diagnosis' only when the button filled them and they still read so. */
export function isFromDiagnosis(declaration: DeclarationDraft): boolean {
  const filled = declaration.fromDiagnosis
  return filled !== null && filled.deposits === declaration.deposits && filled.vehicles === declaration.vehicles
    && filled.extraHousing === declaration.extraHousing
}

// --- from the household registry -----------------------------------------------------------

/** The member's sex: the registry's, or read from the ID number typed. */
export function memberSex(member: MemberDraft): Sex | null {
  return member.registered?.sex ?? sexFromIdNumber(member.idNumber)
}

/** 两癌 (two_cancers) is for women: offered only when the application has one. */
export function hasWoman(members: readonly MemberDraft[]): boolean {
  return members.some(m => memberSex(m) === 'female')
}

/** Added by the resident although the registry was read: staff check that they live together. */
export function needsVerification(form: ApplicationForm, member: MemberDraft): boolean {
  return form.registryAt !== null && member.registered === null
}

function sameId(a: string, b: string): boolean {
  return normalizeIdNumber(a) === normalizeIdNumber(b)
}

/**
 * Takes the household registry into the form: each registered member is found (by ID number),
 * or fills a member the self-diagnosis described (same relation, closest age), or is added;
 * name, ID and relation then come from the registry and are not typed. Members removed with a
 * reason stay removed. Safe to run on every visit (the registry may have changed meanwhile).
 * Returns how many members it brought in.
 */
export function applyRegistry(form: ApplicationForm, registered: readonly RegisteredMember[], at: string): number {
  const ids = registered.map(r => normalizeIdNumber(r.idNumber))
  // No longer registered here: an added member now (staff verify), or no longer to account for.
  for (const m of form.members) {
    if (m.registered && !ids.includes(normalizeIdNumber(m.idNumber)))
      m.registered = null
  }
  form.removed = form.removed.filter(r => ids.includes(normalizeIdNumber(r.member.idNumber)))
  // Members described by the diagnosis but not named yet, to be matched with registered people.
  const unnamed = form.members.filter((m, i) => i > 0 && !m.registered && m.name.trim() === '' && m.idNumber.trim() === '')
  const matched: MemberDraft[] = []
  let brought = 0
  for (const r of registered) {
    const facts: RegistryFacts = { age: r.age, sex: r.sex, isHead: r.isHead }
    const removed = form.removed.find(x => sameId(x.member.idNumber, r.idNumber))
    if (removed) {
      Object.assign(removed.member, { name: r.name, idNumber: r.idNumber, relation: r.relation, registered: facts })
      continue
    }
    let member = r.isSelf ? form.members[0] : form.members.find((m, i) => i > 0 && sameId(m.idNumber, r.idNumber))
    if (!member || (!r.isSelf && matched.includes(member))) {
      member = closestUnnamed(unnamed, r)
      if (member)
        unnamed.splice(unnamed.indexOf(member), 1)
    }
    if (!member) {
      if (form.members.length >= MAX_MEMBERS)
        continue
      member = createMember()
      form.members.push(member)
    }
    if (!member.registered)
      brought += 1
    Object.assign(member, { name: r.name, idNumber: r.idNumber, relation: r.isSelf ? 'self' : r.relation === 'self' ? 'other' : r.relation, registered: facts })
    matched.push(member)
  }
  // The applicant first, then the registry's order, then the people the resident added.
  const self = form.members[0]
  const inRegistryOrder = ids.flatMap(id => form.members.filter(m => m !== self && m.registered && normalizeIdNumber(m.idNumber) === id))
  form.members = [self, ...inRegistryOrder, ...form.members.filter(m => m !== self && !inRegistryOrder.includes(m))]
  form.registryAt = at
  return brought
}

function closestUnnamed(unnamed: readonly MemberDraft[], r: RegisteredMember): MemberDraft | undefined {
  const candidates = unnamed.filter(m => m.relation === r.relation)
  const distance = (m: MemberDraft) => (m.diagnosisAge === null || r.age === null ? Number.MAX_SAFE_INTEGER : Math.abs(m.diagnosisAge - r.age))
  return [...candidates].sort((a, b) => distance(a) - distance(b))[0]
}

/** Leaves a registered member out of the application, with the reason staff will read. */
export function removeMember(form: ApplicationForm, index: number, reason: RemovalReason, note: string): void {
  const member = form.members[index]
  if (index === 0 || !member?.registered)
    return
  form.members.splice(index, 1)
  form.removed.push({ member, reason, note: note.trim().slice(0, REMOVAL_NOTE_MAX), position: index })
}

/** "放回申请": the member comes back as they were, where they were in the list. */
export function restoreMember(form: ApplicationForm, removedIndex: number): void {
  const [entry] = form.removed.splice(removedIndex, 1)
  if (!entry)
    return
  form.members.splice(Math.max(1, Math.min(entry.position, form.members.length)), 0, entry.member)
}

// --- who must sign -------------------------------------------------------------------------

export function memberAge(member: MemberDraft, today: Date = new Date()): number | null {
  return ageFromIdNumber(member.idNumber, today)
}

/** The members who are adults by their ID number, with their index: each signs the authorisation. */
export function adultMembers(members: readonly MemberDraft[], today: Date = new Date()): { index: number, member: MemberDraft }[] {
  return members.flatMap((member, index) => {
    const age = memberAge(member, today)
    return age !== null && age >= ADULT_AGE ? [{ index, member }] : []
  })
}

/** Indexes of the members who are adults by their ID number. */
export function adultIndexes(members: readonly MemberDraft[], today: Date = new Date()): number[] {
  return adultMembers(members, today).map(a => a.index)
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
    income: incomeText(value),
    disabilityGrade: oneOf(GRADES, value.disabilityGrade, 0),
    seriousIllness: typeof value.seriousIllness === 'boolean' ? value.seriousIllness : null,
    student: oneOf(STUDENT_LEVELS, value.student, 'none'),
    diagnosisAge: num(value.diagnosisAge),
    registered: parseFacts(value.registered),
  }
}

/** Drafts before issue #15 kept the income as a number (monthlyIncome). */
function incomeText(value: Record<string, unknown>): string {
  if (typeof value.income === 'string')
    return value.income
  const old = num(value.monthlyIncome)
  return old === null ? '' : String(old)
}

function parseFacts(value: unknown): RegistryFacts | null {
  if (!isObject(value))
    return null
  return {
    age: num(value.age),
    sex: oneOf<Sex | null>(['female', 'male'], value.sex, null),
    isHead: value.isHead === true,
  }
}

/**
 * Removed registered members. One whose reason cannot be read comes back into the application
 * (the person sees them and removes them again) rather than silently disappearing.
 */
function parseRemoved(value: unknown, members: MemberDraft[]): RemovedMemberDraft[] {
  return list(value).flatMap((entry) => {
    if (!isObject(entry) || !isObject(entry.member))
      return []
    const member = parseMember(entry.member, 1)
    if (member.idNumber === '' || members.some(m => sameId(m.idNumber, member.idNumber)))
      return []
    if (!member.registered || !REMOVAL_REASONS.includes(entry.reason as RemovalReason)) {
      if (members.length < MAX_MEMBERS)
        members.push(member)
      return []
    }
    return [{ member, reason: entry.reason as RemovalReason, note: str(entry.note).slice(0, REMOVAL_NOTE_MAX), position: num(entry.position) ?? MAX_MEMBERS }]
  })
}

function parseDeclaration(value: unknown): DeclarationDraft {
  if (!isObject(value))
    return emptyDeclaration()
  const filled = isObject(value.fromDiagnosis) ? value.fromDiagnosis : null
  return {
    deposits: str(value.deposits),
    vehicles: str(value.vehicles),
    extraHousing: typeof value.extraHousing === 'boolean' ? value.extraHousing : null,
    fromDiagnosis: filled && typeof filled.extraHousing === 'boolean'
      ? { deposits: str(filled.deposits), vehicles: str(filled.vehicles), extraHousing: filled.extraHousing }
      : null,
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

function parseForm(value: unknown): ApplicationForm {
  if (!isObject(value))
    return emptyForm()
  const applicant = isObject(value.applicant) ? value.applicant : {}
  const parsed = list(value.members).slice(0, MAX_MEMBERS).map(parseMember)
  const members = withApplicant(parsed)
  const removed = parseRemoved(value.removed, members)
  const verdicts = isObject(value.verdicts) ? value.verdicts : {}
  return {
    applicant: { phone: str(applicant.phone), address: str(applicant.address), region: str(applicant.region) },
    members,
    removed,
    registryAt: strOrNull(value.registryAt),
    declaration: parseDeclaration(value.declaration),
    items: [...new Set(list(value.items).filter(isItemCode))],
    receiving: RECEIVABLE_ITEMS.filter(i => list(value.receiving).includes(i)),
    reason: str(value.reason),
    attachments: list(value.attachments).flatMap(parseAttachment).slice(0, MAX_ATTACHMENTS),
    authorisations: list(value.authorisations).flatMap(parseAuthorisation),
    verdicts: Object.fromEntries(Object.entries(verdicts).filter(([item, v]) => isItemCode(item) && VERDICT_VALUES.includes(v as Verdict))),
    shareDiagnosis: value.shareDiagnosis === true,
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
