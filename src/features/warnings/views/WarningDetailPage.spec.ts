// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import type { SessionUser } from '../../../domain/http/auth'
import type { VerifyResult, WarningDetail } from '../api'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage, radiosWithoutGroupName } from '../../../app/testing'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import WarningDetailPage from './WarningDetailPage.vue'

vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchWarning: vi.fn(),
  verifyWarning: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 's', role: 'town_staff', displayName: '安乐镇民政 孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null } })) }))

const TOWN = { id: 's', role: 'town_staff' as const, displayName: '安乐镇民政 孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null }
const COUNTY = { ...TOWN, role: 'county_staff' as const, areaCode: '339901', areaName: '幸福县' }
const YIBAO = { ...TOWN, displayName: '安乐镇医保 钱敏', department: 'yibao' }
const ZHUJIAN = { ...TOWN, displayName: '安乐镇住建 何平', department: 'zhujian' }

/** 刘芳's household: two bills, 22 400 元 in 12 months over the line of 20 000. */
function detail(over: Partial<WarningDetail> = {}): WarningDetail {
  return {
    id: 'w1',
    rule: 'medical_spending',
    ruleName: '医疗支出预警',
    householdId: 'h1',
    village: { code: '339901001002', name: '桃源村' },
    headMasked: '刘*',
    status: 'open',
    raisedOn: '2026-12-02',
    dueOn: '2026-12-16',
    overdue: false,
    suggestions: [
      { item: 'expense_hardship', itemName: '支出型困难家庭救助', action: 'apply', department: 'mingzheng', departmentName: '民政部门' },
      { item: 'medical', itemName: '医疗救助', action: 'apply', department: 'yibao', departmentName: '医保部门' },
    ],
    signalCount: 1,
    referredTo: null,
    text: '近 12 个月家庭自付医疗费用共 22400 元，超过本地 20000 元的预警标准。建议核实后办理：支出型困难家庭救助（民政部门）、医疗救助（医保部门）',
    figures: { spentFen: 2_240_000, thresholdFen: 2_000_000, months: 12 },
    basis: [
      { key: 'medicalWarningYuan', value: 20000, source: '演示估计：滨州做法', effectiveFrom: '2026-01-01', regionCode: '330000' },
      { key: 'warningVerifyWorkingDays', value: 10, source: '演示估计', effectiveFrom: '2026-01-01', regionCode: '330000' },
    ],
    signals: [{ id: 's1', kind: 'medical_spending', source: 'yibao', sourceName: '医保部门', occurredAt: '2026-11-30', receivedAt: '2026-12-02T01:00:00.000Z', member: '家庭成员（本人）', payload: { amountFen: 980_000, period: '2026-11' }, withheld: false, visit: null }],
    decisions: [],
    invitation: null,
    ...over,
  }
}

/** Money is grouped by thousands with a thin space, as on the happiness list. */
const THIN = '\u2009'

const DECIDED = { stage: 'verify', department: 'mingzheng', departmentName: '民政部门', referredTo: null, referredToName: null, reason: null, reasonName: null, note: null, decidedBy: '安乐镇民政 孙静', decidedAt: '2026-12-05T02:00:00.000Z', daysFromSignal: 3 } as const

function result(over: Partial<VerifyResult['decision']>, status: VerifyResult['status'] = 'closed', invitation: VerifyResult['invitation'] = null): VerifyResult {
  return { id: 'w1', status, decision: { ...DECIDED, outcome: 'taken_in', outcomeName: '纳入救助', ...over }, invitation }
}

async function mounted(user: SessionUser = TOWN, warning = detail()) {
  vi.mocked(api.fetchWarning).mockResolvedValue(warning)
  const page = await mountPage(WarningDetailPage, { path: '/staff/warnings/w1', before: pinia => void (useSessionStore(pinia).user = user) })
  await flushPromises()
  return page
}

const button = (wrapper: VueWrapper, text: string) => wrapper.findAll('button').find(b => b.text() === text)!
const choose = (wrapper: VueWrapper, outcome: string) => wrapper.get(`[role="radio"][data-outcome="${outcome}"]`).trigger('click')
async function submit(wrapper: VueWrapper) {
  await button(wrapper, '提交核实结果').trigger('click')
  await flushPromises()
}
const facts = (wrapper: VueWrapper, selector: string) => wrapper.get(selector).findAll('dl > div').map(d => `${d.get('dt').text()}：${d.get('dd').text()}`)

describe('a warning\'s page', () => {
  beforeEach(() => {
    sessionStorage.clear()
    vi.clearAllMocks()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should say what happened, with its figures and the region figures and their sources', async () => {
    const { wrapper } = await mounted()
    expect(api.fetchWarning).toHaveBeenCalledWith('w1')
    expect(wrapper.get('#warning-title').text()).toBe('医疗支出预警')
    expect(wrapper.get('[data-testid=warning-text]').text()).toContain('自付医疗费用共 22400 元')
    expect(facts(wrapper, '[data-testid=warning-figures]').join('|')).toBe(`自付医疗费用合计：22${THIN}400 元|本地预警标准：20${THIN}000 元|统计时段：12 个月`)
    expect(wrapper.get('[data-testid=warning-basis]').findAll('li').map(li => li.text())).toEqual([
      `医疗支出预警标准：20${THIN}000 元来源：演示估计：滨州做法；2026年1月1日起执行`,
      '核实时限：10 个工作日来源：演示估计；2026年1月1日起执行',
    ])
  })

  it('should show the signals behind it: source, times, member and what they carry', async () => {
    const { wrapper } = await mounted()
    expect(wrapper.get('#signals-title').text()).toBe('预警来源（1 条）')
    const signal = wrapper.get('article.signal')
    expect(signal.get('h3').text()).toBe('医保部门')
    expect(signal.findAll('dl > div').map(d => `${d.get('dt').text()}：${d.get('dd').text()}`)).toEqual([
      '发生时间：2026年11月30日',
      '收到时间：2026年12月2日 09:00',
      '涉及成员：家庭成员（本人）',
      `自付金额：9${THIN}800 元`,
      '治疗时间：2026-11',
    ])
    expect(signal.find('[data-testid=signal-withheld]').exists()).toBe(false)
  })

  it('should say a sensitive signal is withheld, and word another department\'s reading of it', async () => {
    const { wrapper } = await mounted(YIBAO, detail({
      text: null,
      figures: null,
      signals: [{ id: 's2', kind: 'death', source: 'gongan', sourceName: '公安部门', occurredAt: '2026-11-28', receivedAt: '2026-11-29T01:00:00.000Z', member: '家庭成员（配偶）', payload: null, withheld: true, visit: null }],
    }))
    expect(wrapper.get('[data-testid=warning-withheld]').text()).toBe('这条预警的依据含有其他部门的敏感个人信息，您所在的部门不能查看具体内容。')
    expect(wrapper.find('[data-testid=warning-figures]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=signal-withheld]').text()).toBe('内容属于敏感个人信息，只有民政部门和公安部门可以查看。')
  })

  it('should put the visit beside a volunteer\'s referral, and word what was seen', async () => {
    const { wrapper } = await mounted(TOWN, detail({
      rule: 'referral',
      ruleName: '志愿者走访转介',
      signals: [{ id: 's3', kind: 'referral', source: 'volunteer', sourceName: '志愿者', occurredAt: '2026-12-03T06:30:00.000Z', receivedAt: '2026-12-03T08:00:00.000Z', member: null, payload: { seen: ['serious_illness', 'no_income'], note: '老人卧床，无人照顾' }, withheld: false, visit: { visitedAt: '2026-12-03T06:30:00.000Z', visitorName: '志愿者 周敏', summary: '探访关爱；健康：需关注（卧床）' } }],
    }))
    const signal = wrapper.get('article.signal')
    expect(signal.text()).toContain('走访发现有人患重病；家庭没有收入来源')
    expect(signal.text()).toContain('志愿者备注老人卧床，无人照顾')
    const visit = wrapper.get('[data-testid=signal-visit]')
    expect(visit.get('h4').text()).toBe('走访记录')
    expect(visit.text()).toContain('志愿者 周敏，2026年12月3日 14:30')
    expect(visit.text()).toContain('探访关爱；健康：需关注（卧床）')
  })

  it('should list the decisions so far and the household\'s answer, a call asked for standing out', async () => {
    const { wrapper } = await mounted(TOWN, detail({
      status: 'closed',
      decisions: [{ ...DECIDED, outcome: 'taken_in', outcomeName: '纳入救助', note: '已电话核实，住院中' }],
      invitation: { id: 'i1', items: ['expense_hardship', 'medical'], status: 'call_requested', createdAt: '2026-12-05T02:00:00.000Z', respondedAt: null, callRequestedAt: '2026-12-05T05:00:00.000Z' },
    }))
    expect(wrapper.get('[data-testid=warning-decisions]').text()).toBe('民政部门核实：纳入救助备注：已电话核实，住院中安乐镇民政 孙静，2026年12月5日 10:00从信号发生到这一结论用了 3 天')
    const invitation = wrapper.get('[data-testid=warning-invitation]')
    expect(invitation.get('.van-tag').text()).toBe('家庭请工作人员打电话联系')
    expect(facts(wrapper, '[data-testid=warning-invitation]')).toEqual(['邀请申请的事项：支出型困难家庭救助；医疗救助', '邀请时间：2026年12月5日 10:00', '请求联系时间：2026年12月5日 13:00'])
    expect(invitation.get('[role=note]').text()).toBe('家庭请工作人员打电话联系，请尽快回电。')
    // Closed: nobody decides it again.
    expect(wrapper.find('form.verify-form').exists()).toBe(false)
    expect(wrapper.get('[data-testid=warning-waiting]').text()).toBe('这条预警已处理完毕。')
  })

  it.each([
    ['county staff', COUNTY, detail(), '这条预警等待民政部门处理。'],
    ['another department before 民政 has verified it', YIBAO, detail(), '这条预警等待民政部门处理。'],
    ['民政 once it referred it', TOWN, detail({ status: 'referred', referredTo: 'zhujian' }), '这条预警等待住建部门处理。'],
  ])('should not offer the form to %s, saying who decides', async (_, user, warning, waiting) => {
    const { wrapper } = await mounted(user, warning)
    expect(wrapper.find('form.verify-form').exists()).toBe(false)
    expect(wrapper.get('[data-testid=warning-waiting]').text()).toBe(waiting)
  })

  it('should offer the department a warning was referred to its decision, without referring it on', async () => {
    const { wrapper } = await mounted(ZHUJIAN, detail({ status: 'referred', referredTo: 'zhujian' }))
    expect(wrapper.get('#verify-title').text()).toBe('转介处理结果')
    expect(wrapper.findAll('[role=radio]').map(r => r.attributes('data-outcome'))).toEqual(['taken_in', 'not_eligible', 'could_not_reach'])
  })

  it('should name every outcome and its group for screen readers', async () => {
    const { wrapper } = await mounted()
    expect(wrapper.findAll('[role=radio]').map(r => r.attributes('aria-label'))).toEqual(['纳入救助', '转介其他部门', '不符合条件', '联系不上'])
    expect(radiosWithoutGroupName(wrapper.element)).toEqual([])
  })

  it('should take the household in with the suggested items ticked by default', async () => {
    vi.mocked(api.verifyWarning).mockResolvedValue(result({}, 'closed', { id: 'i1', items: ['expense_hardship', 'medical'], status: 'open', createdAt: '2026-12-05T02:00:00.000Z', respondedAt: null, callRequestedAt: null }))
    const { wrapper } = await mounted()
    await choose(wrapper, 'taken_in')
    const boxes = wrapper.findAll('[role=checkbox]')
    expect(boxes.map(b => [b.text(), b.attributes('aria-checked')])).toEqual([['支出型困难家庭救助（民政部门）', 'true'], ['医疗救助（医保部门）', 'true']])
    await submit(wrapper)
    expect(api.verifyWarning).toHaveBeenCalledWith('w1', { outcome: 'taken_in', items: ['expense_hardship', 'medical'] })
    expect(wrapper.get('[role=status]').text()).toBe('已纳入救助：已邀请家庭申请，家庭确认并签字后提交。')
    expect(wrapper.find('form.verify-form').exists()).toBe(false)
    expect(wrapper.get('[data-testid=warning-decisions]').text()).toContain('民政部门核实：纳入救助')
    expect(wrapper.get('[data-testid=warning-invitation] .van-tag').text()).toBe('等待家庭答复')
    // The draft is gone once the server has the decision.
    expect(sessionStorage.getItem('xfm.draft.warnings.verify.w1')).toBeNull()
  })

  it('should invite for only the items left ticked, and refuse none', async () => {
    vi.mocked(api.verifyWarning).mockResolvedValue(result({}))
    const { wrapper } = await mounted()
    await choose(wrapper, 'taken_in')
    await wrapper.get('[role=checkbox][data-item=expense_hardship]').trigger('click')
    await wrapper.get('[role=checkbox][data-item=medical]').trigger('click')
    await submit(wrapper)
    expect(api.verifyWarning).not.toHaveBeenCalled()
    expect(wrapper.get('[role=alert]').text()).toBe('请至少选择一个事项')
    await wrapper.get('[role=checkbox][data-item=medical]').trigger('click')
    await submit(wrapper)
    expect(api.verifyWarning).toHaveBeenCalledWith('w1', { outcome: 'taken_in', items: ['medical'] })
  })

  it('should refer the warning to the department chosen', async () => {
    vi.mocked(api.verifyWarning).mockResolvedValue(result({ outcome: 'referred', outcomeName: '转介其他部门', referredTo: 'zhujian', referredToName: '住建部门' }, 'referred'))
    const { wrapper } = await mounted()
    await choose(wrapper, 'referred')
    const select = wrapper.get('select[name=department]')
    // The department the warning suggests, other than 民政, is chosen first; 民政 is not offered.
    expect((select.element as HTMLSelectElement).value).toBe('yibao')
    expect(select.findAll('option').map(o => o.attributes('value'))).not.toContain('mingzheng')
    await select.setValue('zhujian')
    await submit(wrapper)
    expect(api.verifyWarning).toHaveBeenCalledWith('w1', { outcome: 'referred', department: 'zhujian' })
    expect(wrapper.get('[role=status]').text()).toBe('已转介到住建部门，对方会在自己的预警列表中看到。')
    expect(wrapper.get('[data-testid=warning-waiting]').text()).toBe('这条预警等待住建部门处理。')
  })

  it('should record not eligible with a reason from the list, which it asks for first', async () => {
    vi.mocked(api.verifyWarning).mockResolvedValue(result({ outcome: 'not_eligible', outcomeName: '不符合条件', reason: 'supporter_able', reasonName: '有赡养（抚养、扶养）能力的义务人' }))
    const { wrapper } = await mounted()
    await choose(wrapper, 'not_eligible')
    await submit(wrapper)
    expect(wrapper.get('[role=alert]').text()).toBe('请选择不符合条件的原因')
    const select = wrapper.get('select[name=reason]')
    expect(select.findAll('option:not([disabled])').map(o => o.text())).toEqual(['家庭收入超过标准', '家庭财产超过规定', '已在享受相应救助', '有赡养（抚养、扶养）能力的义务人', '困难情况已经消除', '已迁出本地', '其他原因'])
    await select.setValue('supporter_able')
    await wrapper.get('textarea[name=note]').setValue('儿子在县城工作，有赡养能力')
    await submit(wrapper)
    expect(api.verifyWarning).toHaveBeenCalledWith('w1', { outcome: 'not_eligible', reason: 'supporter_able', note: '儿子在县城工作，有赡养能力' })
  })

  it('should record could not reach with the note', async () => {
    vi.mocked(api.verifyWarning).mockResolvedValue(result({ outcome: 'could_not_reach', outcomeName: '联系不上' }))
    const { wrapper } = await mounted()
    await choose(wrapper, 'could_not_reach')
    await wrapper.get('textarea[name=note]').setValue('电话三次无人接听')
    await submit(wrapper)
    expect(api.verifyWarning).toHaveBeenCalledWith('w1', { outcome: 'could_not_reach', note: '电话三次无人接听' })
    expect(wrapper.get('[role=status]').text()).toBe('已记录：联系不上。')
  })

  it('should keep what was chosen and typed when the request fails, and say so', async () => {
    vi.mocked(api.verifyWarning).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败，请检查网络后再试。', null))
    const { wrapper } = await mounted()
    await choose(wrapper, 'could_not_reach')
    await wrapper.get('textarea[name=note]').setValue('电话三次无人接听')
    await submit(wrapper)
    expect(wrapper.get('[role=alert]').text()).toBe('网络连接失败，请检查网络后再试。您填写的内容已保留。')
    expect(wrapper.get('[role=radio][data-outcome=could_not_reach]').attributes('aria-checked')).toBe('true')
    expect((wrapper.get('textarea[name=note]').element as HTMLTextAreaElement).value).toBe('电话三次无人接听')
    // …and after a reload of the page too.
    wrapper.unmount()
    const again = await mounted()
    expect((again.wrapper.get('textarea[name=note]').element as HTMLTextAreaElement).value).toBe('电话三次无人接听')
    vi.mocked(api.verifyWarning).mockResolvedValue(result({ outcome: 'could_not_reach', outcomeName: '联系不上' }))
    await submit(again.wrapper)
    expect(api.verifyWarning).toHaveBeenLastCalledWith('w1', { outcome: 'could_not_reach', note: '电话三次无人接听' })
  })

  it('should show the server\'s message by the field it names, keeping the input', async () => {
    vi.mocked(api.verifyWarning).mockRejectedValue(new ApiRequestError('validation_failed', '只能选择这条预警建议的救助事项', 400, 'items'))
    const { wrapper } = await mounted()
    await choose(wrapper, 'taken_in')
    await submit(wrapper)
    expect(wrapper.get('fieldset [role=alert]').text()).toBe('只能选择这条预警建议的救助事项')
    expect(wrapper.findAll('[role=checkbox]').map(b => b.attributes('aria-checked'))).toEqual(['true', 'true'])
  })

  it('should reload the warning and say so with the server\'s words when someone decided it first', async () => {
    vi.mocked(api.verifyWarning).mockRejectedValue(new ApiRequestError('conflict', '这条预警已由其他工作人员处理过了，请刷新后查看处理结果', 409))
    const { wrapper } = await mounted()
    vi.mocked(api.fetchWarning).mockResolvedValue(detail({ status: 'closed', decisions: [{ ...DECIDED, outcome: 'could_not_reach', outcomeName: '联系不上', decidedBy: '安乐镇民政 李娜' }] }))
    await choose(wrapper, 'could_not_reach')
    await submit(wrapper)
    expect(api.fetchWarning).toHaveBeenCalledTimes(2)
    expect(wrapper.get('[role=status]').text()).toBe('这条预警已由其他工作人员处理过了，请刷新后查看处理结果')
    expect(wrapper.get('[data-testid=warning-decisions]').text()).toContain('安乐镇民政 李娜')
    expect(wrapper.find('form.verify-form').exists()).toBe(false)
  })

  it('should show the server\'s message when the warning cannot be opened', async () => {
    vi.mocked(api.fetchWarning).mockRejectedValue(new ApiRequestError('not_found', '没有找到这条记录', 404))
    const page = await mountPage(WarningDetailPage, { path: '/staff/warnings/w9', before: pinia => void (useSessionStore(pinia).user = TOWN) })
    await flushPromises()
    expect(page.wrapper.get('[role=alert]').text()).toBe('没有找到这条记录')
  })
})
