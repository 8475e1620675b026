// @vitest-environment happy-dom
import type { DOMWrapper } from '@vue/test-utils'
import { flushPromises } from '@vue/test-utils'
import { until } from '@vueuse/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { ApiRequestError } from '../../../api/client'
import { readState } from '../../../app/idb-test-support'
import { mountPage, nextRoute } from '../../../app/testing'
import { yieldToMain } from '../../../app/yield-to-main'
import { formatDateTime } from '../../../domain/time'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import { NARROW_NO_BREAK_SPACE } from '../format'
import { STORAGE_KEY, useHappinessListStore } from '../store'
import { sampleList } from '../test-support'
import HappinessListPage from './HappinessListPage.vue'

vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchList: vi.fn(),
}))
const RESIDENT = { id: 'u', role: 'resident', displayName: '李建国', phoneMasked: '138****8020', areaCode: null, areaName: null, department: null, household: { id: 'h2', areaCode: '339901001001', areaName: '和美村', headName: '李建国', memberCount: 3 } } as const
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 'u', role: 'resident', displayName: '李建国', phoneMasked: '138****8020', areaCode: null, areaName: null, department: null, household: { id: 'h2', headName: '李建国' } } })) }))

// Grouped digits are kept whole on screen (format.ts keepNumbersWhole).
const T = NARROW_NO_BREAK_SPACE

/** Opens a record as a tap does: the browser sets `open` and then fires 'toggle'. */
async function openRecord(record: DOMWrapper<Element>) {
  ;(record.element as HTMLDetailsElement).open = true
  record.element.dispatchEvent(new Event('toggle'))
  await flushPromises()
}

async function open() {
  const mounted = await mountPage(HappinessListPage, { path: '/list' })
  // The page shows once its list is loaded, or the one kept on the device.
  await until(() => useHappinessListStore(mounted.pinia).loading).toBe(false)
  await flushPromises()
  // The parts below the year's total render in the next task (RenderNextTask).
  await yieldToMain()
  await flushPromises()
  return mounted
}

describe('happinessListPage', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(api.fetchList).mockResolvedValue(sampleList())
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should put nothing above the filters when the list arrives: they stay where the first paint put them', async () => {
    let answer!: (list: ReturnType<typeof sampleList>) => void
    vi.mocked(api.fetchList).mockReturnValue(new Promise(resolve => answer = resolve))
    const { wrapper } = await mountPage(HappinessListPage, { path: '/list' })
    await flushPromises()
    const above = () => {
      const shown: string[] = []
      for (let node = wrapper.get('form.filters').element.previousElementSibling; node; node = node.previousElementSibling) {
        // Paper only (display: none on screen): the printed list names its filters on top.
        if (!node.classList.contains('print-only'))
          shown.push(node.outerHTML)
      }
      return shown
    }
    const beforeTheList = above()
    expect(wrapper.find('.loading').exists()).toBe(true)
    answer(sampleList())
    await flushPromises()
    expect(wrapper.text()).toContain('更新于')
    expect(above()).toEqual(beforeTheList)
  })

  it('should show the year\'s total in the task the list arrives in, and the parts below it in the next', async () => {
    let answer!: (list: ReturnType<typeof sampleList>) => void
    vi.mocked(api.fetchList).mockReturnValue(new Promise(resolve => answer = resolve))
    const { wrapper } = await mountPage(HappinessListPage, { path: '/list' })
    await flushPromises()
    answer(sampleList())
    // The microtasks after the answer: the task it arrived in.
    for (let i = 0; i < 5; i++)
      await Promise.resolve()
    await nextTick()
    expect(wrapper.find('#year-total').exists()).toBe(true)
    expect(wrapper.find('#records').exists()).toBe(false)
    await yieldToMain()
    await flushPromises()
    expect(wrapper.findAll('details.record').length).toBe(sampleList().records.length)
    expect(wrapper.find('#completeness').exists()).toBe(true)
  })

  it('should show the year\'s total and the regular payments in the domain\'s wording, granted apart', async () => {
    // In December the granted month is the current one: it runs "from" then on.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-10T02:00:00Z'))
    const { wrapper } = await open()
    vi.useRealTimers()
    const text = wrapper.text()
    expect(text).toContain('2026 年共收到')
    expect(text).toContain(`3${T}892.56 元`)
    const [dibao] = wrapper.findAll('.monthly li')
    expect(dibao.text()).toContain(`最低生活保障（低保）：2026年1月 至 2026年3月 每月 886 元，共已发放 2${T}658 元`)
    // Granted, not paid: a sentence of its own, never added to what was paid.
    expect(dibao.find('.granted').text()).toBe(`已核定每月 1${T}538 元，自 2026年12月 起，待发放`)
    expect(text).toContain('2026年第1季度')
    expect(text).toContain(`1${T}234.56 元`)
    expect(wrapper.findAll('h3').map(h => h.text())).toEqual(['定期发放', '按季度', '按事项', '按部门'])
  })

  it('should show a granted month as 已核定，待发放 with its month, not as paid on a date', async () => {
    const { wrapper } = await open()
    const granted = wrapper.findAll('details').find(d => d.text().includes(`1${T}538 元`))!
    expect(granted.find('.when').text()).toBe('2026年12月 · 已核定，待发放')
    await openRecord(granted)
    expect(granted.text()).not.toContain('发放日期')
    expect(granted.text()).toContain('本系统审批')
    const paid = wrapper.findAll('details').find(d => d.text().includes('医疗救助'))!
    expect(paid.find('.when').text()).toBe('2026年10月15日 · 已发放')
  })

  it('should say which departments reported this quarter in words, not colour only', async () => {
    const { wrapper } = await open()
    const items = wrapper.findAll('.completeness li').map(li => li.text())
    expect(items).toEqual(['○ 民政：本季度未报送', '✓ 医保：本季度已报送'])
  })

  it('should show a record\'s detail when tapped', async () => {
    const { wrapper } = await open()
    const medical = wrapper.findAll('details').find(d => d.text().includes('医疗救助'))!
    expect(medical.attributes('open')).toBeUndefined()
    // Closed, a record is its summary line: its detail is made when it opens (500 records stay light).
    expect(medical.find('dl').exists()).toBe(false)
    await openRecord(medical)
    expect(medical.text()).toContain('YB-2026-001')
    expect(medical.text()).toContain('部门数据对接')
    expect(medical.text()).toContain('张丽')
    expect(wrapper.findAll('details').find(d => d.text().includes('慈善帮扶'))!.text()).toContain('10 公斤')
  })

  it('should fetch again with the year, item and member chosen', async () => {
    const { wrapper } = await open()
    await wrapper.find('select[name=item]').setValue('medical')
    await flushPromises()
    expect(api.fetchList).toHaveBeenLastCalledWith(expect.objectContaining({ item: 'medical', member: '' }))
    await wrapper.find('select[name=member]').setValue('m2')
    await flushPromises()
    expect(api.fetchList).toHaveBeenLastCalledWith(expect.objectContaining({ item: 'medical', member: 'm2' }))
    await wrapper.find('select[name=year]').setValue(String(Number(wrapper.find<HTMLSelectElement>('select[name=year]').element.value) - 1))
    await flushPromises()
    expect(vi.mocked(api.fetchList).mock.lastCall![0].year).toBe(Number(wrapper.find<HTMLSelectElement>('select[name=year]').element.value))
  })

  it('should say 更新于 with the time of a list just fetched', async () => {
    const { wrapper } = await open()
    expect(wrapper.find('[role=status]').text()).toBe(`更新于 ${formatDateTime(sampleList().updatedAt, 'zh-CN')}`)
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
  })

  it('should keep the list on the device and show it offline as 离线显示，上次更新于 …, not as an error', async () => {
    await open()
    await flushPromises()
    await expect.poll(async () => (await readState<{ lists: unknown[] }>(STORAGE_KEY))?.lists).toHaveLength(1)
    document.body.innerHTML = ''

    vi.mocked(api.fetchList).mockRejectedValue(new ApiRequestError('network_error', '网络不通，请稍后再试', null))
    const { wrapper } = await open()
    expect(wrapper.find('[role=status]').text()).toBe(`离线显示，上次更新于 ${formatDateTime(sampleList().updatedAt, 'zh-CN')}`)
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
    expect(wrapper.text()).toContain(`3${T}892.56 元`)
  })

  it('should give the reason when the server fails and a kept list is shown', async () => {
    await open()
    await flushPromises()
    document.body.innerHTML = ''
    vi.mocked(api.fetchList).mockRejectedValue(new ApiRequestError('internal', '服务器开小差了', 500))
    const { wrapper } = await open()
    expect(wrapper.find('[role=alert]').text()).toBe(`暂时无法更新（服务器开小差了），显示的是上次更新于 ${formatDateTime(sampleList().updatedAt, 'zh-CN')} 的清单。`)
    expect(wrapper.text()).toContain(`3${T}892.56 元`)
  })

  it('should tell the user when offline and nothing was synced yet', async () => {
    vi.mocked(api.fetchList).mockRejectedValue(new ApiRequestError('network_error', '网络不通，请稍后再试', null))
    const { wrapper } = await open()
    expect(wrapper.text()).toContain('还没有同步过幸福清单，请联网后再打开。')
    expect(wrapper.findAll('button').some(b => b.text() === '重新加载')).toBe(true)
  })

  it('should not ask to go online when online and the server refused', async () => {
    vi.mocked(api.fetchList).mockRejectedValue(new ApiRequestError('internal', '服务器开小差了', 500))
    const { wrapper } = await open()
    expect(wrapper.find('[role=alert]').text()).toBe('服务器开小差了')
    expect(wrapper.text()).not.toContain('请联网')
  })

  it('should ask a resident without a household to bind one, with the button, and fetch nothing', async () => {
    const { wrapper, router } = await mountPage(HappinessListPage, { path: '/list', before: (pinia) => {
      const session = useSessionStore(pinia)
      session.user = { ...RESIDENT, household: null }
      session.loaded = true
    } })
    await flushPromises()
    expect(api.fetchList).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('绑定家庭后，才能查看全家收到的救助和补贴')
    // Not the server's words for another page, nor a request to go online.
    expect(wrapper.text()).not.toContain('提交申请')
    expect(wrapper.text()).not.toContain('同步')
    expect(wrapper.find('form.filters').exists()).toBe(false)
    await wrapper.findAll('button').find(b => b.text() === '去绑定家庭')!.trigger('click')
    expect((await nextRoute(router)).fullPath).toBe('/bind?redirect=/list')
  })
})
