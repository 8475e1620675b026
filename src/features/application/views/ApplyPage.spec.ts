// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import type { StoredDraft } from '../draft'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage, settle } from '../../../app/testing'
import { idb } from '../../diagnosis/test-support'
import { applicationView } from '../../progress/test-support'
import * as api from '../api'
import { DRAFT_KEY } from '../store'
import { completeForm, handoff, LI, storedDraft, vantTimersDone } from '../test-support'
import ApplyPage from './ApplyPage.vue'

vi.mock('idb-keyval', async () => (await import('../../diagnosis/test-support')).fakeIdbKeyval())
vi.mock('../api', () => ({
  uploadAttachment: vi.fn(),
  fetchServerDraft: vi.fn(async () => ({ draft: null, savedAt: null })),
  saveServerDraft: vi.fn(async () => ({ savedAt: '2026-03-01T10:00:00.000Z' })),
  deleteServerDraft: vi.fn(async () => ({ draft: null, savedAt: null })),
  submitApplication: vi.fn(),
  fetchApplication: vi.fn(),
}))
const { resident } = vi.hoisted(() => {
  const household = { id: 'h1', areaCode: '339901001001', areaName: '和美村', headName: '李建国', memberCount: 3 }
  return { resident: { id: 'u1', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null, household } as const }
})
vi.mock('../../account/api', () => ({
  fetchSession: vi.fn(async () => ({ user: resident })),
}))
const KEY = 'key-0000-1111-2222-3333'

let wrapper: VueWrapper

async function open(draft?: StoredDraft) {
  if (draft)
    idb.set(DRAFT_KEY, structuredClone(draft))
  const mounted = await mountPage(ApplyPage, { path: '/apply' })
  wrapper = mounted.wrapper
  await settle()
  return mounted
}

function heading(): string {
  return wrapper.get('h2').text()
}

async function fill(label: string, value: string, index = 0) {
  const labels = wrapper.findAll('label').filter(l => l.text() === label && l.attributes('for'))
  if (!labels[index])
    throw new Error(`no field labelled "${label}"`)
  await wrapper.get(`#${labels[index].attributes('for')}`).setValue(value)
  await settle()
}

async function click(text: string) {
  const button = wrapper.findAll('button').find(b => b.text() === text)
  if (!button)
    throw new Error(`no button "${text}" in ${wrapper.findAll('button').map(b => b.text()).join('|')}`)
  await button.trigger('click')
  await settle()
}

function stored(): StoredDraft {
  return idb.get(DRAFT_KEY) as StoredDraft
}

beforeEach(() => {
  idb.clear()
  sessionStorage.clear()
  vi.clearAllMocks()
})
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})
afterAll(vantTimersDone)

describe('the application form', () => {
  it('should start from the diagnosis: members, chosen items and their verdicts', async () => {
    idb.set('diagnosis.handoff', handoff())
    await open()
    expect(wrapper.text()).toContain('已带入自诊时填写的家庭情况和选择的项目')
    await fill('姓名', LI.name)
    await fill('身份证号', LI.idNumber)
    await fill('手机号', '13800138000')
    await fill('现住址', '幸福县安乐镇和美村 5 组 7 号')
    expect((wrapper.get('input[name="region"]').element as HTMLInputElement).value).toBe('330106')
    await click('下一步')
    expect(heading()).toBe('家庭成员')
    expect(wrapper.text()).toContain('第 1 位：李建国（申请人）')
    expect(wrapper.text()).toContain('自诊时填写：47 岁')
    expect(wrapper.findAll('.member-card')).toHaveLength(3)
    await click('下一步')
    expect(heading()).toBe('家庭成员')
    expect(wrapper.findAll('[role="alert"]').map(a => a.text())).toContain('还有内容没有填好，请看标红的地方')
  })

  it('should show the menu with the diagnosis verdicts and the chosen items ticked', async () => {
    idb.set('diagnosis.handoff', handoff())
    await open(storedDraft(completeForm({ verdicts: { dibao: 'likely', education: 'unlikely' } }), { step: 'items', handoffAt: handoff().createdAt }))
    const dibao = wrapper.get('input[name="item-dibao"]')
    expect((dibao.element as HTMLInputElement).checked).toBe(true)
    expect(dibao.element.closest('label')!.textContent).toContain('自诊：很可能符合')
    expect(wrapper.get('input[name="item-education"]').element.closest('label')!.textContent).toContain('自诊：暂不符合')
    expect(wrapper.text()).toContain('已选 2 项')
  })

  it.each([
    ['340524198001010013', '身份证号最后一位校验码不对，请核对'],
    ['3405241980', '身份证号应为 18 位'],
    ['110105194902300020', '身份证号中的出生日期不正确'],
    ['990101194912310028', '身份证号前 6 位地区码不正确'],
  ])('should explain what is wrong with the applicant\'s ID %s and stay', async (idNumber, message) => {
    await open()
    await fill('身份证号', idNumber)
    await click('下一步')
    expect(heading()).toBe('申请人')
    expect(wrapper.text()).toContain(message)
  })

  it('should take the region from the ID number', async () => {
    await open()
    await fill('身份证号', LI.idNumber)
    expect((wrapper.get('input[name="region"]').element as HTMLInputElement).value).toBe('339901')
    expect(wrapper.text()).toContain('将按浙江省的救助标准审核')
  })

  it('should keep what is typed on the device and resume on the same screen', async () => {
    await open()
    await fill('姓名', '李建国')
    expect(stored().form.members[0].name).toBe('李建国')
    expect(stored().meta.editedAt).not.toBeNull()
    wrapper.unmount()
    await open(storedDraft(completeForm(), { step: 'reason' }))
    expect(heading()).toBe('申请理由和材料')
    expect(wrapper.text()).toContain('已恢复您上次填写的内容')
    expect((wrapper.get('textarea[name="reason"]').element as HTMLTextAreaElement).value).toBe('丈夫患重病，家里收入很少')
  })

  it('should copy the draft to the account a moment after typing', async () => {
    await open()
    await fill('姓名', '李建国')
    await vi.waitFor(() => expect(api.saveServerDraft).toHaveBeenCalledTimes(1), { timeout: 4000 })
    const sent = vi.mocked(api.saveServerDraft).mock.calls[0][0] as StoredDraft
    expect(sent.form.members[0].name).toBe('李建国')
    await settle()
    expect(wrapper.text()).toContain('草稿已保存在这台设备和您的账户')
  })

  it('should offer the account\'s newer draft and use it when asked', async () => {
    const newer = storedDraft(completeForm({ reason: '在另一台手机上写的理由' }), { editedAt: '2026-03-02T08:00:00.000Z', step: 'reason' })
    vi.mocked(api.fetchServerDraft).mockResolvedValue({ draft: newer, savedAt: '2026-03-02T08:00:01.000Z' })
    await open(storedDraft(completeForm(), { step: 'reason' }))
    expect(wrapper.text()).toContain('您的账户里有一份更新的草稿')
    await click('使用账户里的草稿')
    expect((wrapper.get('textarea[name="reason"]').element as HTMLTextAreaElement).value).toBe('在另一台手机上写的理由')
  })

  it('should not go past the authorisation without every adult\'s agreement and signature', async () => {
    const form = completeForm()
    form.authorisations = [form.authorisations[0]]
    await open(storedDraft(form, { step: 'authorise' }))
    expect(wrapper.text()).toContain('家庭经济状况核对授权书')
    expect(wrapper.text()).toContain('未满 18 岁的不用签：李小明')
    await click('下一步')
    expect(heading()).toBe('核对授权（一证一书）')
    expect(wrapper.text()).toContain('请本人阅读授权书后勾选同意')
    expect(wrapper.text()).toContain('请本人在框内签名')
    await wrapper.get('input[name="agree-1"]').setValue(true)
    await settle()
    expect(stored().form.authorisations[1]).toMatchObject({ name: '张丽', signature: null })
    expect(stored().form.authorisations[1].agreedAt).toMatch(/^\d{4}-/)
    expect(wrapper.text()).toContain('张丽 已于')
  })

  it('should submit once, with the draft\'s key, then clear the draft and show the receipt', async () => {
    let resolve!: (value: ReturnType<typeof applicationView>) => void
    vi.mocked(api.submitApplication).mockReturnValue(new Promise((r) => {
      resolve = r
    }))
    const { router } = await open(storedDraft(completeForm(), { step: 'review' }))
    const submit = wrapper.findAll('button').find(b => b.text() === '提交申请')!
    await submit.trigger('click')
    await submit.trigger('click')
    await settle()
    expect(api.submitApplication).toHaveBeenCalledTimes(1)
    expect(vi.mocked(api.submitApplication).mock.calls[0][0]).toMatchObject({ idempotencyKey: KEY, items: ['dibao', 'medical'] })
    resolve(applicationView())
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/apply/receipt/app-1'))
    expect(stored().meta.idempotencyKey).not.toBe(KEY)
    expect(stored().meta.editedAt).toBeNull()
    expect(stored().form.members[0].name).toBe('')
  })

  it('should put a refused field next to the field and keep everything', async () => {
    vi.mocked(api.submitApplication).mockRejectedValue(new ApiRequestError('validation_failed', '该身份证号不在您绑定的家庭中', 400, 'members.1.idNumber'))
    await open(storedDraft(completeForm(), { step: 'review' }))
    await click('提交申请')
    expect(heading()).toBe('家庭成员')
    const field = wrapper.get('input[name="member-1-idNumber"]').element.closest('.van-field')!
    expect(field.textContent).toContain('该身份证号不在您绑定的家庭中')
    expect(stored().meta.idempotencyKey).toBe(KEY)
    expect(stored().form.members).toHaveLength(3)
  })

  it('should say a network failure, keep the key, and send the same application again', async () => {
    vi.mocked(api.submitApplication)
      .mockRejectedValueOnce(new ApiRequestError('network_error', '网络连接失败，请检查网络后重试。您填写的内容已保留。', null))
      .mockResolvedValueOnce(applicationView())
    const { router } = await open(storedDraft(completeForm(), { step: 'review' }))
    await click('提交申请')
    expect(wrapper.get('.form-error[role="alert"]').text()).toContain('提交没有成功：网络连接失败')
    await click('提交申请')
    const keys = vi.mocked(api.submitApplication).mock.calls.map(c => c[0].idempotencyKey)
    expect(keys).toEqual([KEY, KEY])
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/apply/receipt/app-1'))
  })

  it('should send the person back to a screen that became incomplete', async () => {
    await open(storedDraft(completeForm({ reason: '' }), { step: 'review' }))
    await click('提交申请')
    expect(heading()).toBe('申请理由和材料')
    expect(api.submitApplication).not.toHaveBeenCalled()
  })
})
