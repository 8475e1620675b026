// @vitest-environment happy-dom
import type { StaffCase } from '../api'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage, settle } from '../../../app/testing'
import { useSessionStore } from '../../account/store'
import * as codeApi from '../../household-code/api'
import * as api from '../api'
import StaffCasePage from './StaffCasePage.vue'

vi.mock('../../household-code/api', () => ({ regenerateHouseholdCode: vi.fn() }))
vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchCase: vi.fn(),
  revealField: vi.fn(),
  fetchCheckReport: vi.fn(),
  actOnCase: vi.fn(),
  fetchAudit: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 's', role: 'town_staff', displayName: '孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null } })) }))

const STAFF_USER = { id: 's', role: 'town_staff' as const, displayName: '孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null }

const caseView = {
  id: 'c1',
  item: 'dibao',
  itemName: '最低生活保障（低保）',
  department: 'mingzheng',
  departmentName: '民政部门',
  townCode: '339901001',
  townName: '安乐镇',
  status: 'reviewing',
  dueAt: '2026-12-01T00:00:00.000Z',
  overdue: false,
  residentTodo: null,
  decision: null,
  steps: [{ status: 'submitted', action: null, actor: '申请人', at: '2026-11-20T08:00:00.000Z', note: null }],
} as const

function detail(over: Partial<StaffCase> = {}): StaffCase {
  return {
    case: { ...caseView, steps: [...caseView.steps] },
    application: {
      id: 'a1',
      householdId: 'h1',
      number: 'XFM-20261120-0001',
      submittedAt: '2026-11-20T08:00:00.000Z',
      reason: '失业后收入很低',
      address: '和美村 5 组 7 号',
      region: '339901',
      applicant: { nameMasked: '李**', idMasked: '339***********0012', phoneMasked: '138****8000' },
      members: [{ index: 0, nameMasked: '李**', idMasked: '339***********0012', relation: 'self', age: 51, monthlyIncome: 500, disabilityGrade: 0, seriousIllness: false, student: 'none', registryStatus: 'registered' }],
      attachments: [],
      authorisations: [{ nameMasked: '李**', agreedAt: '2026-11-20T07:59:00.000Z', recordedAt: '2026-11-20T08:00:00.000Z' }],
      infoAnswers: [],
      diagnosis: null,
    },
    allowedActions: ['approve', 'reject', 'request_info', 'withdraw'],
    ...over,
  }
}

describe('staffCasePage', () => {
  beforeEach(() => {
    sessionStorage.clear()
    vi.clearAllMocks()
    vi.mocked(api.fetchCase).mockResolvedValue(detail())
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show masked personal data and only the staff actions the case allows', async () => {
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await settle()
    expect(wrapper.text()).toContain('339***********0012')
    expect(wrapper.text()).toContain('138****8000')
    const actions = wrapper.findAll('input[name="action"]').map(i => (i.element as HTMLInputElement).value)
    expect(actions).toEqual(['approve', 'reject', 'request_info'])
  })

  it('should ask for a reason before revealing an ID number, then show it', async () => {
    vi.mocked(api.revealField).mockResolvedValue({ value: '339901197506080012' })
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await settle()
    await wrapper.find('button[aria-label="查看完整 身份证号"]').trigger('click')
    await wrapper.findAll('button').find(b => b.text() === '查看')!.trigger('click')
    await settle()
    expect(wrapper.text()).toContain('请写明查看原因')
    expect(api.revealField).not.toHaveBeenCalled()
    await wrapper.find('input[aria-label="查看原因（身份证号）"]').setValue('电话核实身份')
    await wrapper.findAll('button').find(b => b.text() === '查看')!.trigger('click')
    await settle()
    expect(api.revealField).toHaveBeenCalledWith('c1', { target: 'applicant_id', memberIndex: undefined, reason: '电话核实身份' })
    expect(wrapper.text()).toContain('339901197506080012')
  })

  it('should approve with the monthly amount and start date and show the new status', async () => {
    vi.mocked(api.actOnCase).mockResolvedValue({ case: { ...caseView, status: 'approved', dueAt: null, steps: [...caseView.steps] }, allowedActions: [] })
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await settle()
    await wrapper.find('input[name="action"][value="approve"]').setValue(true)
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('请填写每月发放金额')
    expect(api.actOnCase).not.toHaveBeenCalled()
    await wrapper.find('input[name="monthlyAmount"]').setValue('886')
    await wrapper.find('input[name="startDate"]').setValue('2026-12-01')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(api.actOnCase).toHaveBeenCalledWith('c1', { action: 'approve', monthlyAmount: 886, startDate: '2026-12-01' })
    expect(wrapper.find('.status-line').text()).toContain('已批准')
  })

  it('should keep the typed reason when the server refuses the action', async () => {
    vi.mocked(api.actOnCase).mockRejectedValue(new ApiRequestError('conflict', '数据已被修改，请刷新后重试', 409))
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await settle()
    await wrapper.find('input[name="action"][value="reject"]').setValue(true)
    await wrapper.find('textarea[name="reason"]').setValue('人均收入高于低保标准')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(wrapper.find('[role="alert"]').text()).toContain('数据已被修改')
    expect((wrapper.find('textarea[name="reason"]').element as HTMLTextAreaElement).value).toBe('人均收入高于低保标准')
  })

  it('should regenerate the household\'s code for staff only after they confirm', async () => {
    vi.mocked(api.fetchCase).mockResolvedValue(detail())
    vi.mocked(codeApi.regenerateHouseholdCode).mockResolvedValue({ token: 't', url: 'https://x/h/t', version: 2, issuedAt: '2026-11-26T02:00:00.000Z' })
    const { wrapper, pinia } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    useSessionStore(pinia).user = STAFF_USER
    await settle()
    const section = wrapper.find('section[aria-labelledby="code-title"]')
    await section.findAll('button').find(b => b.text() === '重新生成幸福码')!.trigger('click')
    expect(codeApi.regenerateHouseholdCode).not.toHaveBeenCalled()
    expect(section.find('[role="alert"]').text()).toContain('旧的幸福码（包括已打印的）立即作废')
    await section.findAll('button').find(b => b.text() === '确定重新生成')!.trigger('click')
    await settle()
    expect(codeApi.regenerateHouseholdCode).toHaveBeenCalledWith('h1')
    expect(section.find('[role="status"]').text()).toBe('已生成新的幸福码，旧码已作废')
  })

  it('should not offer a new household code when the staff member is not of civil affairs', async () => {
    vi.mocked(api.fetchCase).mockResolvedValue(detail())
    const { wrapper, pinia } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    useSessionStore(pinia).user = { ...STAFF_USER, department: 'yibao' }
    await settle()
    expect(wrapper.find('h1, h2').exists()).toBe(true)
    expect(wrapper.find('section[aria-labelledby="code-title"]').exists()).toBe(false)
  })

  it('should say so when the case is not in the staff member\'s area', async () => {
    vi.mocked(api.fetchCase).mockRejectedValue(new ApiRequestError('not_found', '没有找到您要的内容', 404))
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/zzz' })
    await settle()
    expect(wrapper.find('[role="alert"]').text()).toBe('没有找到您要的内容')
  })

  it('should show the applicant\'s self-diagnosis and, on request, who looked at the case', async () => {
    vi.mocked(api.fetchCase).mockResolvedValue(detail({ application: { ...detail().application, diagnosis: { verdicts: [{ item: 'dibao', verdict: 'likely' }] } } }))
    vi.mocked(api.fetchAudit).mockResolvedValue({ entries: [{ at: '2026-11-21T09:00:00.000Z', actorRole: 'town_staff', actorName: '孙静', action: 'reveal', subjectType: 'case', subjectId: 'c1', detail: 'target=applicant_id reason=电话核实' }] })
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await settle()
    expect(wrapper.text()).toContain('最低生活保障（低保）：很可能符合')
    await wrapper.findAll('button').find(b => b.text() === '查看访问和操作记录')!.trigger('click')
    await settle()
    expect(api.fetchAudit).toHaveBeenCalledWith('case', 'c1')
    expect(wrapper.text()).toContain('孙静 · 查看了完整信息')
  })
})
