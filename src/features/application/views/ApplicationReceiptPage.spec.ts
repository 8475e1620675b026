// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage } from '../../../app/testing'
import { applicationView } from '../../progress/test-support'
import * as api from '../api'
import ApplicationReceiptPage from './ApplicationReceiptPage.vue'
import '../../../app/idb-test-support'

vi.mock('../api', () => ({ fetchApplication: vi.fn() }))

let wrapper: VueWrapper

beforeEach(() => {
  vi.clearAllMocks()
})
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

describe('the receipt', () => {
  it('should show the number, each item with its department and town, and what happens next', async () => {
    vi.mocked(api.fetchApplication).mockResolvedValue(applicationView())
    ;({ wrapper } = await mountPage(ApplicationReceiptPage, { path: '/apply/receipt/app-1' }))
    await flushPromises()
    expect(api.fetchApplication).toHaveBeenCalledWith('app-1')
    expect(wrapper.get('#receipt-number').text()).toBe('SQ20260301-0001')
    const items = wrapper.findAll('.case').map(c => c.text())
    expect(items[0]).toContain('最低生活保障（低保）')
    expect(items[0]).toContain('民政部门 · 安乐镇')
    expect(items[0]).toContain('已提交')
    expect(items[1]).toContain('医疗救助')
    expect(items[1]).toContain('等待困难认定')
    expect(items[1]).toContain('等困难身份认定后自动开始办理')
    expect(wrapper.text()).toContain('接下来会怎样')
    expect(wrapper.text()).toContain('医疗、教育等专项救助要等低保等困难身份认定后才开始')
  })

  it('should print the receipt on an 80 mm receipt printer or A4', async () => {
    vi.mocked(api.fetchApplication).mockResolvedValue(applicationView())
    const paper: (string | undefined)[] = []
    vi.stubGlobal('print', vi.fn(() => paper.push(document.documentElement.dataset.paper)))
    ;({ wrapper } = await mountPage(ApplicationReceiptPage, { path: '/apply/receipt/app-1' }))
    await flushPromises()
    for (const name of ['打印小票', '打印 A4']) {
      await wrapper.findAll('button').find(b => b.text() === name)!.trigger('click')
      window.dispatchEvent(new Event('afterprint'))
    }
    expect(paper).toEqual(['receipt', 'a4'])
    vi.unstubAllGlobals()
  })

  it('should say why the receipt cannot be shown', async () => {
    vi.mocked(api.fetchApplication).mockRejectedValue(new ApiRequestError('not_found', '没有找到这份申请', 404))
    ;({ wrapper } = await mountPage(ApplicationReceiptPage, { path: '/apply/receipt/nope' }))
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('没有找到这份申请')
  })
})
