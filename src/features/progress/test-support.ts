import type { CaseStatus } from '../../domain/application/case-status'
import type { ApplicationView, CaseView } from '../../domain/application/schemas'

// Server answers as the contract describes them (.scratch/issue4-api.md), for the progress tests.

type Step = CaseView['steps'][number]

export function step(status: CaseStatus, at: string, over: Partial<Step> = {}): Step {
  return { status, action: null, actor: '安乐镇民政', at, note: null, ...over }
}

export function caseView(over: Partial<CaseView> = {}): CaseView {
  return {
    id: 'case-dibao',
    item: 'dibao',
    itemName: '最低生活保障（低保）',
    department: 'mingzheng',
    departmentName: '民政部门',
    townCode: '339901001',
    townName: '安乐镇',
    status: 'submitted',
    dueAt: '2026-03-04T08:00:00.000Z',
    overdue: false,
    residentTodo: null,
    decision: null,
    steps: [step('submitted', '2026-03-01T08:00:00.000Z', { actor: '申请人' })],
    ...over,
  }
}

export function medicalWaiting(over: Partial<CaseView> = {}): CaseView {
  return caseView({
    id: 'case-medical',
    item: 'medical',
    itemName: '医疗救助',
    department: 'yibao',
    departmentName: '医疗保障部门',
    status: 'waiting',
    dueAt: null,
    steps: [step('waiting', '2026-03-01T08:00:00.000Z', { actor: '系统' })],
    ...over,
  })
}

export function applicationView(over: Partial<ApplicationView> = {}): ApplicationView {
  return {
    id: 'app-1',
    number: 'SQ20260301-0001',
    submittedAt: '2026-03-01T08:00:00.000Z',
    applicantNameMasked: '李**',
    cases: [caseView(), medicalWaiting()],
    ...over,
  }
}
