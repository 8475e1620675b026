// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import type { AmountGuide, StaffCase } from '../api'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage } from '../../../app/testing'
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

/** The demo household: 3 people, 760 元 a month together, 浙江 line 886. */
const GUIDE: AmountGuide = {
  suggested: 1898.01,
  max: 2658,
  working: { rule: 'dibao_gap', line: 886, members: 3, income: 760, perCapita: 253.33, gap: 632.67 },
  regionName: '浙江省（2021 年标准）',
}

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
      declaration: { depositsTotal: 12000, depositsPerCapita: 4000, vehicles: 0, extraHousing: false, fromDiagnosis: false },
      removedMembers: [],
    },
    amountGuide: GUIDE,
    allowedActions: ['approve', 'reject', 'request_info', 'withdraw'],
    ...over,
  }
}

const APPROVED_DECISION = { monthlyAmount: 1898, startDate: '2026-12-01', reason: null, decidedAt: '2026-11-30T17:30:00.000Z', decidedBy: '安乐镇 民政部门' }

function button(wrapper: VueWrapper, text: string) {
  const found = wrapper.findAll('button').find(b => b.text() === text)
  if (!found)
    throw new Error(`no button ${text}`)
  return found
}

/** Picks an action the way a clerk does: a tap on its radio. */
async function choose(wrapper: VueWrapper, action: string) {
  await wrapper.get(`[role="radio"][data-action="${action}"]`).trigger('click')
}

function radios(wrapper: VueWrapper) {
  return wrapper.findAll('[role="radio"]').map(r => ({ action: r.attributes('data-action'), checked: r.attributes('aria-checked') === 'true' }))
}

/** The dialog's button (rendered in the page, outside the form's subtree). */
function dialogButton(text: string): HTMLButtonElement {
  const found = [...document.querySelectorAll<HTMLButtonElement>('.van-dialog button')].find(b => b.textContent?.trim() === text)
  if (!found)
    throw new Error(`no dialog button ${text}`)
  return found
}

function dialogText(): string {
  return [...document.querySelectorAll('.van-dialog')].map(d => d.textContent).join(' ')
}

/** Confirms a decision in the dialog, then skips its undo window with 立即提交. */
async function confirmAndSendNow(wrapper: VueWrapper, confirmText: string) {
  dialogButton(confirmText).click()
  await flushPromises()
  await button(wrapper, '立即提交').trigger('click')
  await flushPromises()
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
    await flushPromises()
    expect(wrapper.text()).toContain('339***********0012')
    expect(wrapper.text()).toContain('138****8000')
    expect(radios(wrapper).map(r => r.action)).toEqual(['approve', 'reject', 'request_info'])
    expect(wrapper.get('[role="radiogroup"]').attributes('aria-label')).toBe('选择办理操作')
    // Named by their label alone (Vant's icon glyph is no part of the name).
    expect(wrapper.findAll('[role="radio"]').map(r => r.attributes('aria-label'))).toEqual(['批准', '不予批准', '要求补充材料'])
  })

  it('should ask for a reason before revealing an ID number, then show it', async () => {
    vi.mocked(api.revealField).mockResolvedValue({ value: '339901197506080012' })
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    await wrapper.find('button[aria-label="查看完整 身份证号"]').trigger('click')
    await wrapper.findAll('button').find(b => b.text() === '查看')!.trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('请写明查看原因')
    expect(api.revealField).not.toHaveBeenCalled()
    await wrapper.find('input[aria-label="查看原因（身份证号）"]').setValue('电话核实身份')
    await wrapper.findAll('button').find(b => b.text() === '查看')!.trigger('click')
    await flushPromises()
    expect(api.revealField).toHaveBeenCalledWith('c1', { target: 'applicant_id', memberIndex: undefined, reason: '电话核实身份' })
    expect(wrapper.text()).toContain('339901197506080012')
  })

  it('should approve with the monthly amount and start date and keep showing the decision', async () => {
    vi.mocked(api.actOnCase).mockResolvedValue({ case: { ...caseView, status: 'approved', dueAt: null, decision: APPROVED_DECISION, steps: [...caseView.steps] }, allowedActions: [] })
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    await choose(wrapper, 'approve')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('请填写每月发放金额')
    expect(api.actOnCase).not.toHaveBeenCalled()
    await wrapper.find('input[name="monthlyAmount"]').setValue('1898')
    await wrapper.find('input[name="startDate"]').setValue('2026-12-01')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    // The dialog says what will happen; nothing is sent yet.
    expect(dialogText()).toContain('确定批准吗？')
    expect(dialogText()).toContain('批准“最低生活保障（低保）”，每月 1\u2009898 元，自 2026年12月1日 起发放。提交后申请人会收到通知。')
    expect(api.actOnCase).not.toHaveBeenCalled()
    dialogButton('确定批准').click()
    await flushPromises()
    // Confirmed: it waits with 撤销 beside it, still unsent.
    expect(wrapper.get('.undo-notice').text()).toContain('将批准“最低生活保障（低保）”')
    expect(wrapper.get('.undo-notice').text()).toContain('10 秒后提交')
    expect(api.actOnCase).not.toHaveBeenCalled()
    await button(wrapper, '立即提交').trigger('click')
    await flushPromises()
    expect(api.actOnCase).toHaveBeenCalledWith('c1', { action: 'approve', monthlyAmount: 1898, startDate: '2026-12-01' })
    expect(wrapper.find('.status-line').text()).toContain('已批准')
    const decision = wrapper.get('section[aria-labelledby="decision-title"]').text()
    expect(decision).toContain('1\u2009898 元/月')
    expect(decision).toContain('2026年12月1日')
    expect(decision).toContain('安乐镇 民政部门')
    // 17:30 UTC is 01:30 the next day in Beijing, whatever the clock zone of the machine.
    expect(decision).toContain('2026年12月1日 01:30')
    expect(wrapper.find('form').exists()).toBe(false)
  })

  it('should show the suggested amount with its working and fill it only when asked', async () => {
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    await choose(wrapper, 'approve')
    const guide = wrapper.get('section[aria-labelledby="amount-guide-title"]').text()
    expect(guide).toContain('建议金额：每月 1\u2009898.01 元')
    expect(guide).toContain('低保标准 886 元 − 人均收入 253.33 元 = 632.67 元/人 × 3 人 = 1\u2009898.01 元/月')
    expect(guide).toContain('上限：每月 2\u2009658 元')
    expect(guide).toContain('浙江省（2021 年标准）')
    const amount = wrapper.get('input[name="monthlyAmount"]').element as HTMLInputElement
    expect(amount.value).toBe('')
    await button(wrapper, '按建议金额填写').trigger('click')
    expect(amount.value).toBe('1898.01')
  })

  it('should refuse an amount above the region\'s maximum and say the limit', async () => {
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    await choose(wrapper, 'approve')
    await wrapper.find('input[name="monthlyAmount"]').setValue('50000')
    await wrapper.find('input[name="startDate"]').setValue('2026-12-01')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('每月金额不能超过 2\u2009658 元')
    expect(api.actOnCase).not.toHaveBeenCalled()
  })

  it('should ask once more before approving above the suggestion', async () => {
    vi.mocked(api.actOnCase).mockResolvedValue({ case: { ...caseView, status: 'approved', dueAt: null, decision: { ...APPROVED_DECISION, monthlyAmount: 2000 }, steps: [...caseView.steps] }, allowedActions: [] })
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    await choose(wrapper, 'approve')
    await wrapper.find('input[name="monthlyAmount"]').setValue('2000')
    await wrapper.find('input[name="startDate"]').setValue('2026-12-01')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(dialogText()).toContain('填写的每月 2\u2009000 元高于按本地标准算出的建议金额 1\u2009898.01 元')
    expect(api.actOnCase).not.toHaveBeenCalled()
    await confirmAndSendNow(wrapper, '确定批准')
    expect(api.actOnCase).toHaveBeenCalledWith('c1', { action: 'approve', monthlyAmount: 2000, startDate: '2026-12-01' })
  })

  it('should show the server\'s refusal of the amount on the amount field', async () => {
    vi.mocked(api.actOnCase).mockRejectedValue(new ApiRequestError('amount_above_max', '每月金额不能超过 2658 元', 400, 'monthlyAmount'))
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    await choose(wrapper, 'approve')
    await wrapper.find('input[name="monthlyAmount"]').setValue('1800')
    await wrapper.find('input[name="startDate"]').setValue('2026-12-01')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    await confirmAndSendNow(wrapper, '确定批准')
    expect(api.actOnCase).toHaveBeenCalled()
    const field = wrapper.findAll('.van-field').find(f => f.find('input[name="monthlyAmount"]').exists())!
    expect(field.text()).toContain('每月金额不能超过 2658 元')
  })

  it('should ask no amount for an item without an amount guide', async () => {
    vi.mocked(api.fetchCase).mockResolvedValue(detail({ case: { ...caseView, item: 'medical', itemName: '医疗救助', steps: [...caseView.steps] }, amountGuide: null }))
    vi.mocked(api.actOnCase).mockResolvedValue({ case: { ...caseView, item: 'medical', status: 'approved', dueAt: null, decision: { ...APPROVED_DECISION, monthlyAmount: null }, steps: [...caseView.steps] }, allowedActions: [] })
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    await choose(wrapper, 'approve')
    expect(wrapper.find('input[name="monthlyAmount"]').exists()).toBe(false)
    expect(wrapper.find('section[aria-labelledby="amount-guide-title"]').exists()).toBe(false)
    await wrapper.find('input[name="startDate"]').setValue('2026-12-01')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(dialogText()).toContain('批准“医疗救助”，自 2026年12月1日 起。')
    await confirmAndSendNow(wrapper, '确定批准')
    expect(api.actOnCase).toHaveBeenCalledWith('c1', { action: 'approve', startDate: '2026-12-01' })
    expect(wrapper.get('section[aria-labelledby="decision-title"]').text()).not.toContain('每月金额')
  })

  it('should offer the newly allowed actions after an action, never the previous one', async () => {
    vi.mocked(api.fetchCase).mockResolvedValue(detail({ case: { ...caseView, status: 'submitted', steps: [...caseView.steps] }, allowedActions: ['accept', 'request_info', 'reject', 'withdraw'] }))
    vi.mocked(api.actOnCase)
      .mockResolvedValueOnce({ case: { ...caseView, status: 'accepted', steps: [...caseView.steps] }, allowedActions: ['start_check', 'request_info', 'withdraw'] })
      .mockResolvedValueOnce({ case: { ...caseView, status: 'checking', steps: [...caseView.steps] }, allowedActions: ['start_review', 'request_info', 'withdraw'] })
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    await choose(wrapper, 'accept')
    expect(wrapper.get('button[type="submit"]').text()).toBe('受理')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(api.actOnCase).toHaveBeenLastCalledWith('c1', { action: 'accept' })
    const submit = wrapper.get('button[type="submit"]')
    expect(submit.text()).toBe('确认')
    expect(submit.attributes('disabled')).toBeDefined()
    expect(radios(wrapper)).toEqual([{ action: 'start_check', checked: false }, { action: 'request_info', checked: false }])
    // Routine steps go at once: no dialog, no waiting.
    expect(wrapper.find('.undo-notice').exists()).toBe(false)
    await choose(wrapper, 'start_check')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(api.actOnCase).toHaveBeenLastCalledWith('c1', { action: 'start_check' })
  })

  it('should send a confirmed decision only after ten seconds, and nothing at all when it is undone', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] })
    try {
      const tick = () => vi.advanceTimersByTimeAsync(0)
      vi.mocked(api.actOnCase).mockResolvedValue({ case: { ...caseView, status: 'rejected', dueAt: null, decision: { monthlyAmount: null, startDate: null, reason: '人均收入高于低保标准', decidedAt: '2026-11-30T02:00:00.000Z', decidedBy: '安乐镇 民政部门' }, steps: [...caseView.steps] }, allowedActions: [] })
      const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
      await tick()
      await choose(wrapper, 'reject')
      await wrapper.find('textarea[name="reason"]').setValue('人均收入高于低保标准')
      await wrapper.find('form').trigger('submit')
      await tick()
      dialogButton('确定不予批准').click()
      await tick()
      expect(wrapper.get('.undo-notice').text()).toContain('10 秒后提交')
      await vi.advanceTimersByTimeAsync(4_000)
      expect(wrapper.get('.undo-notice').text()).toContain('6 秒后提交')
      // Undone: the request never leaves, the form is back with the reason as typed.
      await button(wrapper, '撤销').trigger('click')
      await vi.advanceTimersByTimeAsync(30_000)
      expect(api.actOnCase).not.toHaveBeenCalled()
      expect(wrapper.find('.undo-notice').exists()).toBe(false)
      expect((wrapper.find('textarea[name="reason"]').element as HTMLTextAreaElement).value).toBe('人均收入高于低保标准')
      expect(radios(wrapper).find(r => r.checked)?.action).toBe('reject')

      // Confirmed again and left alone: sent once, when the ten seconds are up.
      await wrapper.find('form').trigger('submit')
      await tick()
      dialogButton('确定不予批准').click()
      await vi.advanceTimersByTimeAsync(9_900)
      expect(api.actOnCase).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(200)
      expect(api.actOnCase).toHaveBeenCalledTimes(1)
      expect(api.actOnCase).toHaveBeenCalledWith('c1', { action: 'reject', reason: '人均收入高于低保标准' })
      await tick()
      expect(wrapper.find('.status-line').text()).toContain('未获批准')
    }
    finally {
      vi.useRealTimers()
    }
  })

  it('should ask nothing and send nothing when the dialog is cancelled', async () => {
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    await choose(wrapper, 'reject')
    await wrapper.find('textarea[name="reason"]').setValue('人均收入高于低保标准')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    dialogButton('返回修改').click()
    await flushPromises()
    expect(wrapper.find('.undo-notice').exists()).toBe(false)
    expect(api.actOnCase).not.toHaveBeenCalled()
  })

  it('should reload the case and say what happened when it moved on elsewhere (409)', async () => {
    vi.mocked(api.actOnCase).mockRejectedValue(new ApiRequestError('conflict', '数据已被修改，请刷新后重试', 409))
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    vi.mocked(api.fetchCase).mockResolvedValue(detail({
      case: { ...caseView, status: 'rejected', dueAt: null, decision: { monthlyAmount: null, startDate: null, reason: '收入高于标准', decidedAt: '2026-11-30T02:00:00.000Z', decidedBy: '安乐镇 民政部门' }, steps: [...caseView.steps] },
      allowedActions: [],
    }))
    await choose(wrapper, 'reject')
    await wrapper.find('textarea[name="reason"]').setValue('人均收入高于低保标准')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(dialogText()).toContain('不予批准“最低生活保障（低保）”，理由：人均收入高于低保标准。')
    await confirmAndSendNow(wrapper, '确定不予批准')
    expect(api.fetchCase).toHaveBeenCalledTimes(2)
    expect(wrapper.get('.notice[role="status"]').text()).toContain('这个事项刚刚已被办理')
    expect(wrapper.find('.status-line').text()).toContain('未获批准')
    expect(wrapper.get('section[aria-labelledby="decision-title"]').text()).toContain('收入高于标准')
    expect(wrapper.find('form').exists()).toBe(false)
  })

  it('should keep the typed reason when the network fails, and say so', async () => {
    vi.mocked(api.actOnCase).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败', null))
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    await choose(wrapper, 'reject')
    await wrapper.find('textarea[name="reason"]').setValue('人均收入高于低保标准')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    await confirmAndSendNow(wrapper, '确定不予批准')
    expect(wrapper.find('[role="alert"]').text()).toContain('您填写的内容已保留')
    expect((wrapper.find('textarea[name="reason"]').element as HTMLTextAreaElement).value).toBe('人均收入高于低保标准')
  })

  it('should regenerate the household\'s code for staff only after they confirm', async () => {
    vi.mocked(api.fetchCase).mockResolvedValue(detail())
    vi.mocked(codeApi.regenerateHouseholdCode).mockResolvedValue({ token: 't', url: 'https://x/h/t', version: 2, issuedAt: '2026-11-26T02:00:00.000Z' })
    const { wrapper, pinia } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    useSessionStore(pinia).user = STAFF_USER
    await flushPromises()
    const section = wrapper.find('section[aria-labelledby="code-title"]')
    await section.findAll('button').find(b => b.text() === '重新生成幸福码')!.trigger('click')
    expect(codeApi.regenerateHouseholdCode).not.toHaveBeenCalled()
    expect(section.find('[role="alert"]').text()).toContain('旧的幸福码（包括已打印的）立即作废')
    await section.findAll('button').find(b => b.text() === '确定重新生成')!.trigger('click')
    await flushPromises()
    expect(codeApi.regenerateHouseholdCode).toHaveBeenCalledWith('h1')
    expect(section.find('[role="status"]').text()).toBe('已生成新的幸福码，旧码已作废')
  })

  it('should not offer a new household code when the staff member is not of civil affairs', async () => {
    vi.mocked(api.fetchCase).mockResolvedValue(detail())
    const { wrapper, pinia } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    useSessionStore(pinia).user = { ...STAFF_USER, department: 'yibao' }
    await flushPromises()
    expect(wrapper.find('h1, h2').exists()).toBe(true)
    expect(wrapper.find('section[aria-labelledby="code-title"]').exists()).toBe(false)
  })

  it('should say so when the case is not in the staff member\'s area', async () => {
    vi.mocked(api.fetchCase).mockRejectedValue(new ApiRequestError('not_found', '没有找到您要的内容', 404))
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/zzz' })
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toBe('没有找到您要的内容')
  })

  it('should show the declaration, the members left out and the resident\'s own self-check, labelled as such', async () => {
    const base = detail().application
    vi.mocked(api.fetchCase).mockResolvedValue(detail({
      application: {
        ...base,
        diagnosis: { verdicts: [{ item: 'dibao', verdict: 'likely' }] },
        declaration: { depositsTotal: 12000, depositsPerCapita: 4000, vehicles: 1, extraHousing: false, fromDiagnosis: true },
        removedMembers: [{ nameMasked: '李*', idMasked: '339***********0021', relation: 'child', reason: 'moved_out', note: '在杭州工作' }],
      },
    }))
    vi.mocked(api.fetchAudit).mockResolvedValue({ entries: [{ at: '2026-11-21T09:00:00.000Z', actorRole: 'town_staff', actorName: '孙静', action: 'reveal', subjectType: 'case', subjectId: 'c1', detail: 'target=applicant_id reason=电话核实' }] })
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    const declaration = wrapper.get('section[aria-labelledby="declaration-title"]').text()
    expect(declaration).toContain('合计 12\u2009000 元，人均 4\u2009000 元')
    expect(declaration).toContain('1 辆')
    expect(declaration).toContain('取自自诊')
    expect(wrapper.text()).toContain('已迁出、不在家生活')
    expect(wrapper.text()).toContain('说明：在杭州工作')
    const diagnosis = wrapper.get('section[aria-labelledby="diagnosis-title"]').text()
    expect(diagnosis).toContain('申请人自己的自诊结果')
    expect(diagnosis).toContain('不是核对或审核结论')
    expect(diagnosis).toContain('最低生活保障（低保）：很可能符合')
    await wrapper.findAll('button').find(b => b.text() === '查看访问和操作记录')!.trigger('click')
    await flushPromises()
    expect(api.fetchAudit).toHaveBeenCalledWith('case', 'c1')
    expect(wrapper.text()).toContain('孙静 · 查看了完整信息')
  })

  it('should say when an application was made before assets were declared', async () => {
    vi.mocked(api.fetchCase).mockResolvedValue(detail({ application: { ...detail().application, declaration: null } }))
    const { wrapper } = await mountPage(StaffCasePage, { path: '/staff/cases/c1' })
    await flushPromises()
    expect(wrapper.get('section[aria-labelledby="declaration-title"]').text()).toContain('这份申请提交时还没有财产申报')
    expect(wrapper.find('section[aria-labelledby="diagnosis-title"]').exists()).toBe(false)
  })
})
