// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage, nextRoute, radioName, radiosWithoutGroupName } from '../../../app/testing'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import { notePosted } from '../posted'
import { deliveredNeed, sampleNeed } from '../test-support'
import ResidentNeedsPage from './ResidentNeedsPage.vue'

vi.mock('../api', () => ({ fetchMyNeeds: vi.fn(), cancelNeed: vi.fn(), confirmNeed: vi.fn(), fetchNeed: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: null })) }))

const household = { id: 'h1', areaCode: '339901001001', areaName: '和美村', headName: '李建国', memberCount: 3 }
const resident = { id: 'u1', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null } as const

async function open(withHousehold = true) {
  const mounted = await mountPage(ResidentNeedsPage, { path: '/needs', before: (pinia) => {
    const session = useSessionStore(pinia)
    session.user = { ...resident, household: withHousehold ? household : null }
    session.loaded = true
  } })
  await flushPromises()
  return mounted
}

const star = (wrapper: Awaited<ReturnType<typeof open>>['wrapper'], name: string) => wrapper.findAll('input[type="radio"]').find(r => radioName(r) === name)!
const button = (wrapper: Awaited<ReturnType<typeof open>>['wrapper'], text: string) => wrapper.findAll('button').find(b => b.text() === text)

describe('resident needs page', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    sessionStorage.clear()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show each need with its state and who did what, without a volunteer\'s name', async () => {
    vi.mocked(api.fetchMyNeeds).mockResolvedValue([deliveredNeed()])
    const { wrapper } = await open()
    const text = wrapper.text()
    expect(text).toContain('生活物资')
    expect(text).toContain('已送达')
    expect(text).toContain('认领：和美村志愿服务队 志愿者')
    expect(text).toContain('居民 发布了心愿')
    expect(text).toContain('和美村志愿服务队 志愿者 标记为已送达')
    expect(text).toContain('大米已送到')
    // The household's own need shows no masked "household" line.
    expect(text).not.toContain('和美村 · 户主')
  })

  it('should withdraw an open need only after the person confirms', async () => {
    vi.mocked(api.fetchMyNeeds).mockResolvedValue([sampleNeed()])
    vi.mocked(api.cancelNeed).mockResolvedValue(sampleNeed({ status: 'cancelled' }))
    const { wrapper } = await open()
    expect(button(wrapper, '确认收到')).toBeUndefined()
    await button(wrapper, '撤回')!.trigger('click')
    expect(api.cancelNeed).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('撤回后志愿者将看不到这个心愿')
    await button(wrapper, '确定撤回')!.trigger('click')
    await flushPromises()
    expect(api.cancelNeed).toHaveBeenCalledWith('n1')
    expect(wrapper.find('.van-tag').text()).toBe('已撤回')
    expect(button(wrapper, '撤回')).toBeUndefined()
  })

  it('should confirm a delivered need with the stars chosen, keeping them after a failed request', async () => {
    vi.mocked(api.fetchMyNeeds).mockResolvedValue([deliveredNeed()])
    vi.mocked(api.confirmNeed).mockRejectedValueOnce(Object.assign(new Error('网络连接失败，请检查网络后重试'), { code: 'network_error' }))
    vi.mocked(api.confirmNeed).mockResolvedValueOnce(deliveredNeed({ status: 'confirmed', rating: 4, comment: '谢谢' }))
    const { wrapper } = await open()
    expect(button(wrapper, '撤回')).toBeUndefined()
    const submit = button(wrapper, '确认收到')!
    expect(submit.attributes('disabled')).toBeDefined()

    await star(wrapper, '4 星').setValue(true)
    await wrapper.find('textarea[name="comment"]').setValue('谢谢')
    expect(wrapper.text()).toContain('4 星（满分 5 星）')
    await submit.trigger('submit')
    await flushPromises()
    expect(wrapper.find('[role="alert"]').text()).toContain('操作没有成功')
    expect((wrapper.find('textarea[name="comment"]').element as HTMLTextAreaElement).value).toBe('谢谢')

    await wrapper.find('form.confirm').trigger('submit')
    await flushPromises()
    expect(api.confirmNeed).toHaveBeenLastCalledWith('n1', { rating: 4, comment: '谢谢' })
    expect(wrapper.text()).toContain('已确认，谢谢您的评价')
    expect(wrapper.find('.van-tag').text()).toBe('已确认')
  })

  it('should offer the stars as radios named one by one in a group named by its question', async () => {
    vi.mocked(api.fetchMyNeeds).mockResolvedValue([deliveredNeed()])
    const { wrapper } = await open()
    const group = wrapper.get('form.confirm fieldset')
    expect(group.get('legend').text()).toBe('满意程度')
    expect(group.findAll('input[type="radio"]').map(radioName)).toEqual(['1 星', '2 星', '3 星', '4 星', '5 星'])
    expect(radiosWithoutGroupName(wrapper.element)).toEqual([])
    // Arrow keys and Tab come with native radios; choosing one is a change like a tap.
    await star(wrapper, '5 星').setValue(true)
    expect(wrapper.text()).toContain('5 星（满分 5 星）')
    expect(wrapper.findAll('.star.lit')).toHaveLength(5)
  })

  it('should show a given rating as one picture with its name, not as unnamed stars', async () => {
    vi.mocked(api.fetchMyNeeds).mockResolvedValue([deliveredNeed({ status: 'confirmed', rating: 4, comment: '谢谢' })])
    const { wrapper } = await open()
    expect(wrapper.get('.stars[role="img"]').attributes('aria-label')).toBe('4 星（满分 5 星）')
    expect(wrapper.findAll('[role="radio"], input[type="radio"]')).toHaveLength(0)
  })

  it('should ask to bind a household first, with the way to do it, and fetch nothing', async () => {
    const { wrapper, router } = await open(false)
    expect(wrapper.text()).toContain('绑定家庭后才能发布微心愿')
    expect(api.fetchMyNeeds).not.toHaveBeenCalled()
    const bind = wrapper.findAll('button').find(b => b.text() === '去绑定家庭')!
    await bind.trigger('click')
    expect((await nextRoute(router)).fullPath).toBe('/bind?redirect=/needs')
  })

  it('should try to load, not say "loading" for ever, when offline and the session is unknown', async () => {
    vi.mocked(api.fetchMyNeeds).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败，请检查网络后再试。', null))
    const { wrapper } = await mountPage(ResidentNeedsPage, { path: '/needs' })
    await flushPromises()
    expect(api.fetchMyNeeds).toHaveBeenCalledTimes(1)
    expect(wrapper.get('[role="alert"]').text()).toBe('没能加载微心愿：网络连接失败，请检查网络后再试。')
    expect(wrapper.text()).not.toContain('正在加载')
  })

  it('should say 已发布 once after a post, and not again when the page is opened later', async () => {
    vi.mocked(api.fetchMyNeeds).mockResolvedValue([sampleNeed()])
    notePosted()
    const first = await open()
    expect(first.wrapper.find('.info[role="status"]').text()).toBe('已发布，本村（社区）的志愿者会看到')
    first.wrapper.unmount()
    const later = await open()
    expect(later.wrapper.find('.info').exists()).toBe(false)
  })
})
