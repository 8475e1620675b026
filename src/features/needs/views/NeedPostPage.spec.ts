// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage } from '../../../app/testing'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import { takePosted } from '../posted'
import { sampleNeed } from '../test-support'
import NeedPostPage from './NeedPostPage.vue'

vi.mock('../api', () => ({ postNeed: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: null })) }))

const household = { id: 'h1', areaCode: '339901001001', areaName: '和美村', headName: '李建国', memberCount: 3 }
const resident = { id: 'u1', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null, household } as const
const volunteer = { id: 'v1', role: 'volunteer', displayName: '志愿者 周敏', phoneMasked: null, areaCode: '339901001001', areaName: '和美村', department: null, household: null } as const

async function open(path: string, user: typeof resident | typeof volunteer = resident) {
  const mounted = await mountPage(NeedPostPage, { path })
  useSessionStore(mounted.pinia).user = user
  await flushPromises()
  return mounted
}

describe('post a need', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    sessionStorage.clear()
    window.history.replaceState(null, '')
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should post the chosen category and description, then go back to the list it came from', async () => {
    vi.mocked(api.postNeed).mockResolvedValue(sampleNeed())
    const { wrapper, router } = await open('/needs/new')
    // Opened from the list: the browser's entry before this form is /needs.
    window.history.replaceState({ back: '/needs' }, '')
    // The list page itself is not needed here: only where the form sends the person.
    const back = vi.spyOn(router, 'back').mockReturnValue(undefined)
    const push = vi.spyOn(router, 'push')
    const replace = vi.spyOn(router, 'replace')
    await wrapper.findAll('label.choice-option').find(c => c.text() === '维修')!.find('input').setValue(true)
    await wrapper.find('textarea[name="description"]').setValue('灯泡坏了')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(api.postNeed).toHaveBeenCalledWith({ category: 'repair', description: '灯泡坏了' })
    // Back, not forward to a second copy of the list: 返回 there then leads home, not to this form.
    expect(back).toHaveBeenCalledTimes(1)
    expect(push).not.toHaveBeenCalled()
    expect(replace).not.toHaveBeenCalled()
    expect(sessionStorage.getItem('xfm.draft.needs.new')).toBeNull()
    // The list says 已发布 once; nothing in its address keeps saying it.
    expect(takePosted()).toBe(true)
    expect(takePosted()).toBe(false)
  })

  it('should take the form\'s place in history when it was opened directly', async () => {
    vi.mocked(api.postNeed).mockResolvedValue(sampleNeed())
    const { wrapper, router } = await open('/needs/new')
    window.history.replaceState(null, '')
    const replace = vi.spyOn(router, 'replace').mockResolvedValue(undefined)
    const push = vi.spyOn(router, 'push')
    await wrapper.find('textarea[name="description"]').setValue('灯泡坏了')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(replace).toHaveBeenCalledWith('/needs')
    expect(push).not.toHaveBeenCalled()
    takePosted()
  })

  it('should refuse an empty description without sending anything', async () => {
    const { wrapper } = await open('/needs/new')
    await wrapper.find('textarea[name="description"]').setValue('   ')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(api.postNeed).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('请写下需要什么帮助')
  })

  it('should keep what was typed after a failed request and across a reload', async () => {
    vi.mocked(api.postNeed).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败，请检查网络后重试', null))
    const first = await open('/needs/new')
    await first.wrapper.findAll('label.choice-option').find(c => c.text() === '陪伴')!.find('input').setValue(true)
    await first.wrapper.find('textarea[name="description"]').setValue('想有人陪我聊天')
    await first.wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(first.wrapper.find('[role="alert"]').text()).toBe('网络连接失败，请检查网络后再试。您填写的内容已保留。')
    expect((first.wrapper.find('textarea[name="description"]').element as HTMLTextAreaElement).value).toBe('想有人陪我聊天')
    first.wrapper.unmount()

    const again = await open('/needs/new')
    expect((again.wrapper.find('textarea[name="description"]').element as HTMLTextAreaElement).value).toBe('想有人陪我聊天')
    expect(again.wrapper.find<HTMLInputElement>('label.choice-option.checked input').element.checked).toBe(true)
    expect(again.wrapper.find('label.choice-option.checked').text()).toBe('陪伴')
    await again.wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(api.postNeed).toHaveBeenLastCalledWith({ category: 'company', description: '想有人陪我聊天' })
  })

  it('should post for the scanned household with its code when a volunteer opens it', async () => {
    vi.mocked(api.postNeed).mockResolvedValue(sampleNeed({ postedBy: 'volunteer' }))
    const { wrapper, router } = await open('/volunteer/needs/new?token=TOKEN123', volunteer)
    // Opened from the scanned household's card, not from the list.
    window.history.replaceState({ back: '/h/TOKEN123' }, '')
    const replace = vi.spyOn(router, 'replace').mockResolvedValue(undefined)
    expect(wrapper.text()).toContain('将为扫码的住户发布')
    await wrapper.find('textarea[name="description"]').setValue('帮忙缴电费')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(api.postNeed).toHaveBeenCalledWith({ category: 'goods', description: '帮忙缴电费', token: 'TOKEN123' })
    expect(replace).toHaveBeenCalledWith('/volunteer/needs')
    expect(takePosted()).toBe(true)
  })

  it('should ask a volunteer to scan first when there is no code', async () => {
    const { wrapper } = await open('/volunteer/needs/new', volunteer)
    expect(wrapper.text()).toContain('请先扫描住户的幸福码')
    expect(wrapper.find('form').exists()).toBe(false)
  })
})
