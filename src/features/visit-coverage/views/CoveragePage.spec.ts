// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import * as exporter from '../../../app/downloads'
import { mountPage } from '../../../app/testing'
import * as api from '../api'
import { notVisitedHouseholds, sampleCoverage, sampleFlag } from '../test-support'
import CoveragePage from './CoveragePage.vue'

vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchCoverage: vi.fn(),
  fetchFlags: vi.fn(),
  fetchNotVisitedPage: vi.fn(),
  fetchLeftAssistancePage: vi.fn(),
  resolveFlag: vi.fn(),
}))
vi.mock('../../../app/downloads', async importOriginal => ({
  ...(await importOriginal<typeof import('../../../app/downloads')>()),
  downloadExport: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 's', role: 'town_staff', displayName: '孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null } })) }))

function dialogButton(text: string): HTMLButtonElement {
  const found = [...document.querySelectorAll<HTMLButtonElement>('.van-dialog button')].find(b => b.textContent?.trim() === text)
  if (!found)
    throw new Error(`no dialog button ${text}`)
  return found
}

describe('staff coverage page', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(api.fetchCoverage).mockResolvedValue(sampleCoverage())
    vi.mocked(api.fetchFlags).mockResolvedValue({
      flags: [
        sampleFlag({ id: 'done', visitedAt: '2026-11-24T01:00:00.000Z', maskedHeadName: '李*国', urgentNote: '药快吃完了', resolvedAt: '2026-11-24T06:00:00.000Z' }),
        sampleFlag({ id: 'open' }),
      ],
    })
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show each village\'s figures with a bar, the town\'s total and the two household lists', async () => {
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await flushPromises()
    expect(api.fetchCoverage).toHaveBeenCalledWith(expect.stringMatching(/^\d{4}-Q[1-4]$/))
    const villages = wrapper.findAll('li.village')
    expect(villages.map(v => [v.find('.name').text(), v.find('.figures').text()])).toEqual([['和美村', '已探访 12 / 20 户（60%）'], ['桃源村', '已探访 2 / 3 户（66.7%）']])
    const bar = villages[0].find('progress')
    expect([bar.attributes('value'), bar.attributes('max'), bar.attributes('aria-label')]).toEqual(['12', '20', '和美村探访进度'])
    const total = wrapper.find('[data-testid=coverage-total]')
    expect([total.find('strong').text(), total.find('span').text()]).toEqual(['安乐镇合计', '已探访 14 / 23 户（60.9%）'])

    const [notVisited, left] = wrapper.findAll('table')
    expect(notVisited.findAll('tbody tr').map(r => r.findAll('td').map(td => td.text()))).toEqual([
      ['王*英', '和美村', '从未探访'],
      ['李*国', '和美村', '2026年7月2日'],
    ])
    expect(left.findAll('tbody tr').map(r => r.findAll('td').map(td => td.text()))).toEqual([['陈*兰', '桃源村', '2026年3月31日', '从未探访']])
    // Each cell carries its column name for the phone's card layout.
    expect(left.findAll('td').map(td => td.attributes('data-label'))).toEqual(['户主', '村（社区）', '退出救助日期', '上次探访'])
  })

  it('should show the first 50 of a long list with its total, and add the next pages below on 显示更多 until none is left', async () => {
    vi.mocked(api.fetchCoverage).mockResolvedValue(sampleCoverage({
      notVisited90Days: notVisitedHouseholds(0, 50),
      totals: { notVisited90Days: 120, leftAssistanceDue: 1 },
      next: { notVisited90Days: 'n49', leftAssistanceDue: null },
    }))
    vi.mocked(api.fetchNotVisitedPage)
      .mockResolvedValueOnce({ households: notVisitedHouseholds(50, 50), total: 120, next: 'n99' })
      .mockResolvedValueOnce({ households: notVisitedHouseholds(100, 20), total: 120, next: null })
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await flushPromises()
    const section = () => wrapper.get('section[aria-labelledby=coverage-not-visited]')
    const names = () => section().findAll('td.col-name').map(td => td.text())
    const more = () => section().find('button.more')
    expect(section().get('.count').text()).toBe('120 户')
    expect(names()).toHaveLength(50)
    expect(section().get('[role=status]').text()).toBe('已显示 50 户，共 120 户')
    expect(more().text()).toBe('显示更多（还有 70 户）')
    expect(more().attributes('aria-label')).toBe('90 天未探访：显示更多（还有 70 户）')

    await more().trigger('click')
    await flushPromises()
    expect(api.fetchNotVisitedPage).toHaveBeenLastCalledWith('n49')
    expect(names()).toEqual(notVisitedHouseholds(0, 100).map(h => h.maskedHeadName))
    expect(section().get('[role=status]').text()).toBe('已显示 100 户，共 120 户')

    await more().trigger('click')
    await flushPromises()
    expect(api.fetchNotVisitedPage).toHaveBeenLastCalledWith('n99')
    expect(names()).toEqual(notVisitedHouseholds(0, 120).map(h => h.maskedHeadName))
    // All shown: the button goes, the count says so and takes the focus the button had.
    expect(more().exists()).toBe(false)
    const status = section().get('[role=status]')
    expect(status.text()).toBe('已显示 120 户，共 120 户')
    expect(document.activeElement).toBe(status.element)
    // The other list fitted on one page: no count, no button.
    expect(wrapper.get('section[aria-labelledby=coverage-left]').find('.list-more').exists()).toBe(false)
    expect(api.fetchLeftAssistancePage).not.toHaveBeenCalled()
  })

  it('should keep the households shown and say why when the next page cannot be loaded, with 显示更多 to try again', async () => {
    vi.mocked(api.fetchCoverage).mockResolvedValue(sampleCoverage({
      leftAssistanceDue: [{ householdId: 'h3', maskedHeadName: '陈*兰', villageName: '桃源村', leftOn: '2026-03-31', lastVisitedAt: null }],
      totals: { notVisited90Days: 2, leftAssistanceDue: 2 },
      next: { notVisited90Days: null, leftAssistanceDue: 'h3' },
    }))
    vi.mocked(api.fetchLeftAssistancePage)
      .mockRejectedValueOnce(new ApiRequestError('network_error', '网络不通，请稍后再试', null))
      .mockResolvedValueOnce({ households: [{ householdId: 'h4', maskedHeadName: '周*', villageName: '桃源村', leftOn: '2026-04-30', lastVisitedAt: null }], total: 2, next: null })
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await flushPromises()
    const section = () => wrapper.get('section[aria-labelledby=coverage-left]')
    await section().get('button.more').trigger('click')
    await flushPromises()
    expect(section().get('[role=alert]').text()).toBe('网络不通，请稍后再试')
    expect(section().findAll('td.col-name').map(td => td.text())).toEqual(['陈*兰'])
    await section().get('button.more').trigger('click')
    await flushPromises()
    expect(api.fetchLeftAssistancePage).toHaveBeenCalledTimes(2)
    expect(api.fetchLeftAssistancePage).toHaveBeenLastCalledWith('h3')
    expect(section().find('[role=alert]').exists()).toBe(false)
    expect(section().findAll('td.col-name').map(td => td.text())).toEqual(['陈*兰', '周*'])
  })

  it('should ask for the quarter chosen in a Vant menu, and export that quarter', async () => {
    vi.mocked(exporter.downloadExport).mockResolvedValue('探访覆盖.xlsx')
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await flushPromises()
    expect(wrapper.find('select').exists()).toBe(false)
    const first = vi.mocked(api.fetchCoverage).mock.calls[0][0]
    expect(wrapper.get('.quarter-menu .van-dropdown-menu__title').text()).toMatch(/^季度：\d{4}年第[1-4]季度$/)
    await wrapper.get('.quarter-menu .van-dropdown-menu__item').trigger('click')
    await flushPromises()
    const options = wrapper.findAll('.quarter-menu [role=menuitem]')
    expect(options.length).toBeGreaterThan(1)
    await options[1].trigger('click')
    await flushPromises()
    const older = vi.mocked(api.fetchCoverage).mock.lastCall![0]
    expect(older).not.toBe(first)
    expect(older).toMatch(/^\d{4}-Q[1-4]$/)
    await wrapper.findAll('button').find(b => b.text() === '导出 Excel')!.trigger('click')
    await flushPromises()
    expect(exporter.downloadExport).toHaveBeenCalledWith(`/staff/visits/coverage/export.xlsx?quarter=${older}`, 'coverage.xlsx')
  })

  it('should list open flags first and resolve a flag only after it is confirmed, with 立即提交 skipping the wait', async () => {
    vi.mocked(api.resolveFlag).mockResolvedValue(sampleFlag({ id: 'open', resolvedAt: '2026-11-26T02:00:00.000Z' }))
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await flushPromises()
    const flags = () => wrapper.findAll('li.flag')
    expect(flags().map(f => f.attributes('data-flag'))).toEqual(['open', 'done'])
    expect(flags()[0].text()).toContain('屋顶漏雨，老人独居')
    expect(flags()[0].text()).toContain('志愿者 周敏')
    expect(flags()[0].text()).toContain('和美村志愿服务队')
    expect(wrapper.text()).toContain('1 件待处理')
    expect(flags()[1].find('button').exists()).toBe(false)

    const button = flags()[0].find('button')
    expect(button.attributes('aria-label')).toBe('已处理：和美村 王*英')
    await button.trigger('click')
    await flushPromises()
    // One tap only asks.
    expect(document.querySelector('.van-dialog')?.textContent).toContain('和美村 王*英：屋顶漏雨，老人独居')
    expect(api.resolveFlag).not.toHaveBeenCalled()
    dialogButton('确认已处理').click()
    await flushPromises()
    const notice = wrapper.get('li.flag[data-flag=open] .undo-notice')
    expect(notice.text()).toContain('将把和美村 王*英标记为已处理')
    expect(api.resolveFlag).not.toHaveBeenCalled()
    await notice.findAll('button').find(b => b.text() === '立即提交')!.trigger('click')
    await flushPromises()
    expect(api.resolveFlag).toHaveBeenCalledWith('open')
    expect(wrapper.findAll('li.flag button')).toHaveLength(0)
    expect(wrapper.find('li.flag[data-flag=open]').text()).toContain('已于 2026年11月26日 处理')
    expect(wrapper.text()).not.toContain('件待处理')
  })

  it('should send a confirmed flag after ten seconds, and nothing when 撤销 is pressed', async () => {
    vi.mocked(api.resolveFlag).mockResolvedValue(sampleFlag({ id: 'open', resolvedAt: '2026-11-26T02:00:00.000Z' }))
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await flushPromises()
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] })
    try {
      const resolveAndConfirm = async () => {
        await wrapper.get('li.flag[data-flag=open] button.resolve').trigger('click')
        await vi.advanceTimersByTimeAsync(0)
        dialogButton('确认已处理').click()
        await vi.advanceTimersByTimeAsync(0)
      }
      await resolveAndConfirm()
      expect(wrapper.get('li.flag[data-flag=open] .undo-notice').text()).toContain('10 秒后提交')
      await vi.advanceTimersByTimeAsync(3_000)
      expect(wrapper.get('li.flag[data-flag=open] .undo-notice').text()).toContain('7 秒后提交')
      await wrapper.get('li.flag[data-flag=open] .undo-notice button.undo').trigger('click')
      await vi.advanceTimersByTimeAsync(30_000)
      expect(api.resolveFlag).not.toHaveBeenCalled()
      expect(wrapper.find('li.flag[data-flag=open] button.resolve').exists()).toBe(true)
      expect(wrapper.text()).toContain('1 件待处理')

      await resolveAndConfirm()
      await vi.advanceTimersByTimeAsync(9_900)
      expect(api.resolveFlag).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(200)
      expect(api.resolveFlag).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(0)
      expect(wrapper.find('li.flag[data-flag=open]').text()).toContain('已于 2026年11月26日 处理')
    }
    finally {
      vi.useRealTimers()
    }
  })

  it('should send a confirmed flag at once when the page is left within its undo window', async () => {
    vi.mocked(api.resolveFlag).mockResolvedValue(sampleFlag({ id: 'open', resolvedAt: '2026-11-26T02:00:00.000Z' }))
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await flushPromises()
    await wrapper.get('li.flag[data-flag=open] button.resolve').trigger('click')
    await flushPromises()
    dialogButton('确认已处理').click()
    await flushPromises()
    expect(api.resolveFlag).not.toHaveBeenCalled()
    wrapper.unmount()
    expect(api.resolveFlag).toHaveBeenCalledWith('open')
  })

  it('should say plainly why a flag could not be resolved and keep its button', async () => {
    vi.mocked(api.resolveFlag).mockRejectedValue(new ApiRequestError('not_found', '没有找到这条记录', 404))
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await flushPromises()
    await wrapper.find('li.flag[data-flag=open] button').trigger('click')
    await flushPromises()
    dialogButton('确认已处理').click()
    await flushPromises()
    await wrapper.findAll('li.flag[data-flag=open] button').find(b => b.text() === '立即提交')!.trigger('click')
    await flushPromises()
    const flag = wrapper.find('li.flag[data-flag=open]')
    expect(flag.find('[role=alert]').text()).toBe('没有找到这条记录')
    expect(flag.find('button.resolve').exists()).toBe(true)
    expect(wrapper.text()).toContain('1 件待处理')
  })

  it('should show the server\'s message when the coverage cannot be loaded', async () => {
    vi.mocked(api.fetchCoverage).mockRejectedValue(new ApiRequestError('forbidden', '您没有权限查看', 403))
    vi.mocked(api.fetchFlags).mockResolvedValue({ flags: [] })
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await flushPromises()
    expect(wrapper.find('[role=alert]').text()).toContain('您没有权限查看')
    expect(wrapper.findAll('li.village')).toHaveLength(0)
    expect(wrapper.text()).toContain('探访中没有上报紧急情况')
  })
})
