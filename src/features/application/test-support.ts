import type { ApplicationStart, RegisteredMember } from '../../domain/application/resident-api'
import type { DiagnosisAnswers } from '../../domain/diagnosis/schema'
import type { ApplicationHandoff } from '../diagnosis/store'
import type { ApplicationForm, MemberDraft, StoredDraft } from './draft'
import { vi } from 'vitest'
import { createMember, emptyDraft } from './draft'

// Fixtures for the application's tests: the demo household of 李建国 (mock/demo-data.ts).

/** The session of 李建国, bound to his household (the registry's members are his). */
export const RESIDENT = {
  id: 'u1',
  role: 'resident',
  displayName: '138****8000',
  phoneMasked: '138****8000',
  areaCode: null,
  areaName: null,
  department: null,
  household: { id: 'h1', areaCode: '339901001001', areaName: '和美村', headName: '李建国', memberCount: 3 },
} as const

/** 1 March 2026 at noon in Beijing: ages and ID checks count China's day, whatever the machine's zone. */
export const TODAY = new Date('2026-03-01T12:00:00+08:00')
/** A 1×1 transparent PNG: stands in for a drawn signature. */
export const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

export const LI = { name: '李建国', idNumber: '339901197506080012' }
export const ZHANG = { name: '张丽', idNumber: '339901197809200026' }
export const XIAOMING = { name: '李小明', idNumber: '33990120120501001X' }

export function answers(): DiagnosisAnswers {
  const member = { canWork: true, disabilityGrade: 0, student: 'none', unemployed: false, hasCapableSupporter: true } as const
  return {
    region: '330106',
    receiving: [],
    members: [
      { ...member, relation: 'self', age: 50, monthlyIncome: 600, seriousIllness: true, canWork: false },
      { ...member, relation: 'spouse', age: 47, monthlyIncome: 800, seriousIllness: false },
      { ...member, relation: 'child', age: 13, monthlyIncome: 0, seriousIllness: false, student: 'compulsory', canWork: false },
    ],
    assets: { depositsPerCapita: 1000, vehicles: 0, extraHousing: false },
    monthlyRigidExpenses: { medical: 1500, education: 0 },
    events: { suddenHardship: false, disaster: false },
    housing: 'adequate',
  }
}

export function handoff(over: Partial<ApplicationHandoff> = {}): ApplicationHandoff {
  return { items: ['dibao', 'medical'], answers: answers(), createdAt: '2026-03-01T08:00:00.000Z', ...over }
}

/** The registry's view of 李建国's household, as GET /api/application-start gives it to him. */
export function registered(): RegisteredMember[] {
  return [
    { ...LI, relation: 'self', age: 50, sex: 'male', isHead: true, isSelf: true },
    { ...ZHANG, relation: 'spouse', age: 47, sex: 'female', isHead: false, isSelf: false },
    { ...XIAOMING, relation: 'child', age: 13, sex: 'male', isHead: false, isSelf: false },
  ]
}

export function applicationStart(over: Partial<ApplicationStart> = {}): ApplicationStart {
  return { registered: registered(), standing: [], ...over }
}

const FACTS = {
  [LI.idNumber]: { age: 50, sex: 'male', isHead: true },
  [ZHANG.idNumber]: { age: 47, sex: 'female', isHead: false },
  [XIAOMING.idNumber]: { age: 13, sex: 'male', isHead: false },
} as const

function member(who: { name: string, idNumber: string }, over: Partial<MemberDraft>): MemberDraft {
  return { ...createMember(), ...who, income: '0', seriousIllness: false, registered: { ...FACTS[who.idNumber] }, ...over }
}

/** A form that passes every screen: the three registered members, dibao + medical, assets declared, both adults signed. */
export function completeForm(over: Partial<ApplicationForm> = {}): ApplicationForm {
  return {
    applicant: { phone: '13800138000', address: '幸福县安乐镇和美村 5 组 7 号', region: '339901' },
    members: [
      member(LI, { relation: 'self', income: '600', seriousIllness: true }),
      member(ZHANG, { relation: 'spouse', income: '800' }),
      member(XIAOMING, { relation: 'child', student: 'compulsory' }),
    ],
    removed: [],
    registryAt: '2026-03-01T08:30:00.000Z',
    declaration: { deposits: '3000', vehicles: '0', extraHousing: false, fromDiagnosis: null },
    items: ['dibao', 'medical'],
    receiving: [],
    reason: '丈夫患重病，家里收入很少',
    attachments: [],
    authorisations: [
      { ...LI, agreedAt: '2026-03-01T09:00:00.000Z', signature: SIGNATURE },
      { ...ZHANG, agreedAt: '2026-03-01T09:01:00.000Z', signature: SIGNATURE },
    ],
    verdicts: {},
    shareDiagnosis: false,
    ...over,
  }
}

/** A complete form whose declaration is still to be made. */
export function emptyDeclarationForm(): ApplicationForm {
  return completeForm({ declaration: { deposits: '', vehicles: '', extraHousing: null, fromDiagnosis: null } })
}

export function storedDraft(form: ApplicationForm = completeForm(), meta: Partial<StoredDraft['meta']> = {}): StoredDraft {
  const draft = emptyDraft()
  return { ...draft, form, meta: { ...draft.meta, idempotencyKey: 'key-0000-1111-2222-3333', editedAt: '2026-03-01T09:02:00.000Z', ...meta } }
}

/** The application's API for these tests: the registry answers, drafts save, nothing else does. */
export function fakeApplicationApi() {
  return {
    uploadAttachment: vi.fn(),
    fetchServerDraft: vi.fn(async () => ({ draft: null, savedAt: null })),
    saveServerDraft: vi.fn(async () => ({ savedAt: '2026-03-01T10:00:00.000Z' })),
    deleteServerDraft: vi.fn(async () => ({ draft: null, savedAt: null })),
    fetchApplicationStart: vi.fn(async () => applicationStart()),
    submitApplication: vi.fn(),
    fetchApplication: vi.fn(),
  }
}

/** The session of 李建国, bound to his household. */
export function fakeAccountApi() {
  return { fetchSession: vi.fn(async () => ({ user: RESIDENT })) }
}
