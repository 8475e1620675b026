// @vitest-environment happy-dom
import type { StoredDraft } from '../draft'
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { writeState } from '../../../app/idb-test-support'

import { nextRoute } from '../../../app/testing'
import { HANDOFF_KEY } from '../../diagnosis/store'
import { applicationView } from '../../progress/test-support'
import * as api from '../api'
import { createMember } from '../draft'
import { alerts, click, closeApply, fieldValue, fill, heading, openApply, page, stored, useApplyPage } from '../page-test-support'
import { SERVER_SAVE_DELAY_MS } from '../store'
import { applicationStart, completeForm, handoff, LI, storedDraft, ZHANG } from '../test-support'

vi.mock('../api', async () => (await import('../test-support')).fakeApplicationApi())
vi.mock('../../account/api', async () => (await import('../test-support')).fakeAccountApi())
const KEY = 'key-0000-1111-2222-3333'

useApplyPage()

function registryUnreadable() {
  vi.mocked(api.fetchApplicationStart).mockRejectedValueOnce(new ApiRequestError('network_error', '网络连接失败', null))
}

describe('the application form', () => {
  it('should start from the household registry: the applicant\'s name and ID are there, the ID masked', async () => {
    await openApply()
    expect(page().text()).toContain('已按户籍登记带入家庭成员')
    expect(page().find('input[name="applicantName"]').exists()).toBe(false)
    expect(page().text()).toContain(LI.name)
    expect(page().text()).toContain('339***********0012')
    expect(page().html()).not.toContain(LI.idNumber)
    expect(fieldValue('地区代码')).toBe('339901')
    await fill('手机号', '13800138000')
    await fill('现住址', '幸福县安乐镇和美村 5 组 7 号')
    await click('下一步')
    expect(heading()).toBe('家庭成员')
    expect(page().findAll('.member-card')).toHaveLength(3)
  })

  it('should start from the diagnosis and the registry together: names from the registry, answers from the diagnosis', async () => {
    await writeState(HANDOFF_KEY, handoff())
    await openApply()
    expect(page().text()).toContain('已按户籍登记带入家庭成员，并带入自诊时选择的项目和家庭情况')
    // The diagnosis' region is kept; the applicant's ID would have given 339901.
    expect(fieldValue('地区代码')).toBe('330106')
    expect((await stored()).form.members.map(m => [m.name, m.income])).toEqual([[LI.name, '600'], [ZHANG.name, '800'], ['李小明', '0']])
    expect((await stored()).meta.editedAt).toBeNull()
  })

  it('should show the menu with the diagnosis verdicts and the chosen items ticked', async () => {
    await writeState(HANDOFF_KEY, handoff())
    await openApply(storedDraft(completeForm({ verdicts: { dibao: 'likely', education: 'unlikely' } }), { step: 'items', handoffAt: handoff().createdAt }))
    const dibao = page().get('input[name="item-dibao"]')
    expect((dibao.element as HTMLInputElement).checked).toBe(true)
    expect(dibao.element.closest('label')!.textContent).toContain('自诊：很可能符合')
    expect(page().get('input[name="item-education"]').element.closest('label')!.textContent).toContain('自诊：暂不符合')
    expect(page().text()).toContain('已选 2 项')
  })

  it.each([
    ['340524198001010013', '身份证号最后一位校验码不对，请核对'],
    ['3405241980', '身份证号应为 18 位'],
    ['110105194902300020', '身份证号中的出生日期不正确'],
    ['990101194912310028', '身份证号前 6 位地区码不正确'],
  ])('should explain what is wrong with an applicant\'s ID %s typed while the registry cannot be read', async (idNumber, message) => {
    registryUnreadable()
    await openApply()
    await fill('身份证号', idNumber)
    await click('下一步')
    expect(heading()).toBe('申请人')
    expect(page().text()).toContain(message)
  })

  it('should take the region from an ID number typed by hand', async () => {
    registryUnreadable()
    await openApply()
    await fill('身份证号', LI.idNumber)
    expect(fieldValue('地区代码')).toBe('339901')
    expect(page().text()).toContain('将按浙江省的救助标准审核')
  })

  it('should keep what is typed on the device and resume on the same screen', async () => {
    await openApply()
    await fill('手机号', '13800138000')
    expect((await stored()).form.applicant.phone).toBe('13800138000')
    expect((await stored()).form.members[0].name).toBe(LI.name)
    expect((await stored()).meta.editedAt).not.toBeNull()
    closeApply()
    await openApply(storedDraft(completeForm(), { step: 'reason' }))
    expect(heading()).toBe('申请理由和材料')
    expect(page().text()).toContain('已恢复您上次填写的内容')
    expect((page().get('textarea[name="reason"]').element as HTMLTextAreaElement).value).toBe('丈夫患重病，家里收入很少')
  })

  it('should copy the draft to the account a moment after typing', async () => {
    await openApply()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    await fill('手机号', '13800138000')
    await vi.advanceTimersByTimeAsync(SERVER_SAVE_DELAY_MS - 1)
    expect(api.saveServerDraft).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(api.saveServerDraft).toHaveBeenCalledTimes(1)
    const sent = vi.mocked(api.saveServerDraft).mock.calls[0][0] as StoredDraft
    expect(sent.form.applicant.phone).toBe('13800138000')
    expect(sent.form.members.map(m => m.name)).toEqual([LI.name, ZHANG.name, '李小明'])
    await flushPromises()
    expect(page().text()).toContain('草稿已保存在这台设备和您的账户')
  })

  it('should offer the account\'s newer draft and use it when asked', async () => {
    const newer = storedDraft(completeForm({ reason: '在另一台手机上写的理由' }), { editedAt: '2026-03-02T08:00:00.000Z', step: 'reason' })
    vi.mocked(api.fetchServerDraft).mockResolvedValue({ draft: newer, savedAt: '2026-03-02T08:00:01.000Z' })
    await openApply(storedDraft(completeForm(), { step: 'reason' }))
    expect(page().text()).toContain('您的账户里有一份更新的草稿')
    await click('使用账户里的草稿')
    expect((page().get('textarea[name="reason"]').element as HTMLTextAreaElement).value).toBe('在另一台手机上写的理由')
  })

  it('should have each adult sign the declaration with the authorisation', async () => {
    const form = completeForm()
    form.authorisations = [form.authorisations[0]]
    await openApply(storedDraft(form, { step: 'authorise' }))
    expect(page().text()).toContain('家庭经济状况核对授权书')
    const declared = page().get('section[aria-labelledby="declared-title"]').text()
    expect(declared).toContain('签名即声明以下内容真实')
    expect(declared).toContain('张丽，配偶，339***********0026，每月收入 800 元')
    expect(declared).toContain('存款、现金和理财等：3\u2009000 元（3 人，人均 1\u2009000 元）')
    expect(page().text()).toContain('未满 18 岁的不用签：李小明')
    await click('下一步')
    expect(heading()).toBe('核对授权（一证一书）')
    expect(page().text()).toContain('请本人阅读授权书后勾选同意')
    expect(page().text()).toContain('请本人在框内签名')
    expect(page().get('input[name="agree-1"]').element.closest('label')!.textContent).toContain('我已阅读并同意授权书，申报内容属实（张丽）')
    await page().get('input[name="agree-1"]').setValue(true)
    await flushPromises()
    expect((await stored()).form.authorisations[1]).toMatchObject({ name: '张丽', signature: null })
    expect((await stored()).form.authorisations[1].agreedAt).toMatch(/^\d{4}-/)
    expect(page().text()).toContain('张丽 已于')
  })

  it('should submit once, with the draft\'s key, then clear the draft and show the receipt', async () => {
    let resolve!: (value: ReturnType<typeof applicationView>) => void
    vi.mocked(api.submitApplication).mockReturnValue(new Promise((r) => {
      resolve = r
    }))
    const { router } = await openApply(storedDraft(completeForm(), { step: 'review' }))
    const submit = page().findAll('button').find(b => b.text() === '提交申请')!
    await submit.trigger('click')
    await submit.trigger('click')
    await flushPromises()
    expect(api.submitApplication).toHaveBeenCalledTimes(1)
    expect(vi.mocked(api.submitApplication).mock.calls[0][0]).toMatchObject({
      idempotencyKey: KEY,
      items: ['dibao', 'medical'],
      declaration: { depositsTotal: 3000, vehicles: 0, extraHousing: false, fromDiagnosis: false },
      removedMembers: [],
    })
    resolve(applicationView())
    expect((await nextRoute(router)).path).toBe('/apply/receipt/app-1')
    expect((await stored()).meta.idempotencyKey).not.toBe(KEY)
    expect((await stored()).meta.editedAt).toBeNull()
    expect((await stored()).form.members[0].name).toBe('')
  })

  it('should put a refused field next to the field and keep everything', async () => {
    vi.mocked(api.submitApplication).mockRejectedValue(new ApiRequestError('validation_failed', '该身份证号不在您绑定的家庭中', 400, 'members.3.idNumber'))
    const form = completeForm()
    form.members.push({ ...createMember('sibling'), name: '李建军', idNumber: '339901197001010019', income: '0', seriousIllness: false })
    form.authorisations.push({ name: '李建军', idNumber: '339901197001010019', agreedAt: '2026-03-01T09:03:00.000Z', signature: form.authorisations[0].signature })
    await openApply(storedDraft(form, { step: 'review' }))
    await click('提交申请')
    expect(heading()).toBe('家庭成员')
    const field = page().get('input[name="member-3-idNumber"]').element.closest('.van-field')!
    expect(field.textContent).toContain('该身份证号不在您绑定的家庭中')
    expect((await stored()).meta.idempotencyKey).toBe(KEY)
    expect((await stored()).form.members).toHaveLength(4)
  })

  it('should say a network failure, keep the key, and send the same application again', async () => {
    vi.mocked(api.submitApplication)
      .mockRejectedValueOnce(new ApiRequestError('network_error', '网络连接失败，请检查网络后重试。您填写的内容已保留。', null))
      .mockResolvedValueOnce(applicationView())
    const { router } = await openApply(storedDraft(completeForm(), { step: 'review' }))
    await click('提交申请')
    expect(page().get('.form-error[role="alert"]').text()).toContain('提交没有成功：网络连接失败')
    await click('提交申请')
    const keys = vi.mocked(api.submitApplication).mock.calls.map(c => c[0].idempotencyKey)
    expect(keys).toEqual([KEY, KEY])
    expect((await nextRoute(router)).path).toBe('/apply/receipt/app-1')
  })

  it('should send the person back to a screen that became incomplete', async () => {
    await openApply(storedDraft(completeForm({ reason: '' }), { step: 'review' }))
    await click('提交申请')
    expect(heading()).toBe('申请理由和材料')
    expect(api.submitApplication).not.toHaveBeenCalled()
  })
})

describe('the server\'s refusals land on the right step', () => {
  it('should show "already receiving" on the items step and mark the item', async () => {
    const message = '您家已在享受最低生活保障（低保）（自 2026-01 起），不能重复申请'
    vi.mocked(api.submitApplication).mockRejectedValue(new ApiRequestError('already_receiving', message, 409))
    await openApply(storedDraft(completeForm(), { step: 'review' }))
    vi.mocked(api.fetchApplicationStart).mockResolvedValue(applicationStart({ standing: [{ item: 'dibao', state: 'receiving', since: '2026-01', applicationNumber: null }] }))
    await click('提交申请')
    await flushPromises()
    expect(heading()).toBe('申请哪些救助')
    expect(alerts()).toContain(message)
    expect(api.fetchApplicationStart).toHaveBeenCalledTimes(2)
    expect(page().text()).toContain('您家已在享受最低生活保障（低保）（自 2026年1月 起）')
    // Still ticked (the form is kept) and can be unticked.
    const dibao = page().get('input[name="item-dibao"]').element as HTMLInputElement
    expect(dibao.checked).toBe(true)
    expect(dibao.disabled).toBe(false)
    expect((await stored()).form.items).toEqual(['dibao', 'medical'])
  })

  it('should show "exclusive items" on the items step', async () => {
    vi.mocked(api.submitApplication).mockRejectedValue(new ApiRequestError('exclusive_items', '低保和特困供养不能同时申请', 400, 'items'))
    await openApply(storedDraft(completeForm(), { step: 'review' }))
    await click('提交申请')
    expect(heading()).toBe('申请哪些救助')
    expect(alerts()).toContain('低保和特困供养不能同时申请')
  })

  it('should show a registered member left out without a reason on the members step', async () => {
    vi.mocked(api.submitApplication).mockRejectedValue(new ApiRequestError('registered_member_missing', '户籍登记的李小明没有列入，也没有说明原因', 400, 'members'))
    await openApply(storedDraft(completeForm(), { step: 'review' }))
    await click('提交申请')
    expect(heading()).toBe('家庭成员')
    expect(page().get('.members-step > .form-error').text()).toBe('户籍登记的李小明没有列入，也没有说明原因')
    expect((await stored()).form.members).toHaveLength(3)
  })
})

describe('the review step', () => {
  it('should show the members with masked IDs, those left out with the reason, and the declaration', async () => {
    const form = completeForm()
    const [zhang] = form.members.splice(1, 1)
    form.removed = [{ member: zhang, reason: 'moved_out', note: '在杭州打工', position: 1 }]
    form.authorisations = form.authorisations.slice(0, 1)
    await openApply(storedDraft(form, { step: 'review' }))
    const text = page().text()
    expect(text).toContain('李建国，本人，339***********0012，每月收入 600 元')
    expect(text).toContain('不在本次申请中（1 人）')
    expect(text).toContain('张丽（配偶，339***********0026）：已经搬出去住；说明：在杭州打工')
    expect(text).toContain('3\u2009000 元（2 人，人均 1\u2009500 元）')
    expect(page().html()).not.toContain(ZHANG.idNumber)
  })

  it('should send the diagnosis verdicts only when the resident ticks the box', async () => {
    vi.mocked(api.submitApplication).mockResolvedValue(applicationView())
    await openApply(storedDraft(completeForm({ verdicts: { dibao: 'likely' } }), { step: 'review' }))
    const box = page().get('input[name="shareDiagnosis"]')
    expect((box.element as HTMLInputElement).checked).toBe(false)
    expect(page().text()).toContain('不勾选，自诊结果只留在这台手机上，工作人员看不到。')
    await box.setValue(true)
    await flushPromises()
    await click('提交申请')
    expect(vi.mocked(api.submitApplication).mock.calls[0][0].diagnosis).toEqual({ verdicts: [{ item: 'dibao', verdict: 'likely' }] })
  })

  it('should not send them when the box stays unticked', async () => {
    vi.mocked(api.submitApplication).mockResolvedValue(applicationView())
    await openApply(storedDraft(completeForm({ verdicts: { dibao: 'likely' } }), { step: 'review' }))
    await click('提交申请')
    expect(vi.mocked(api.submitApplication).mock.calls[0][0]).not.toHaveProperty('diagnosis')
  })
})
