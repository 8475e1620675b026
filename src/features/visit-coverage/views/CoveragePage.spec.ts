// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage, settle } from '../../../app/testing'
import * as api from '../api'
import { sampleCoverage, sampleFlag } from '../test-support'
import CoveragePage from './CoveragePage.vue'

vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchCoverage: vi.fn(),
  fetchFlags: vi.fn(),
  resolveFlag: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 's', role: 'town_staff', displayName: '孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null } })) }))

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
    await settle()
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

  it('should ask for the quarter chosen', async () => {
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await settle()
    const select = wrapper.find<HTMLSelectElement>('select[name=quarter]')
    const options = select.findAll('option')
    expect(options.length).toBeGreaterThan(1)
    const older = options[1].element.value
    await select.setValue(older)
    await settle()
    expect(api.fetchCoverage).toHaveBeenLastCalledWith(older)
  })

  it('should list open flags first and mark a flag handled when resolved', async () => {
    vi.mocked(api.resolveFlag).mockResolvedValue(sampleFlag({ id: 'open', resolvedAt: '2026-11-26T02:00:00.000Z' }))
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await settle()
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
    await settle()
    expect(api.resolveFlag).toHaveBeenCalledWith('open')
    expect(wrapper.findAll('li.flag button')).toHaveLength(0)
    expect(wrapper.find('li.flag[data-flag=open]').text()).toContain('已于 2026年11月26日 处理')
    expect(wrapper.text()).not.toContain('件待处理')
  })

  it('should say plainly why a flag could not be resolved and keep its button', async () => {
    vi.mocked(api.resolveFlag).mockRejectedValue(new ApiRequestError('not_found', '没有找到这条记录', 404))
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await settle()
    await wrapper.find('li.flag[data-flag=open] button').trigger('click')
    await settle()
    const flag = wrapper.find('li.flag[data-flag=open]')
    expect(flag.find('[role=alert]').text()).toBe('没有找到这条记录')
    expect(flag.find('button').exists()).toBe(true)
    expect(wrapper.text()).toContain('1 件待处理')
  })

  it('should show the server\'s message when the coverage cannot be loaded', async () => {
    vi.mocked(api.fetchCoverage).mockRejectedValue(new ApiRequestError('forbidden', '您没有权限查看', 403))
    vi.mocked(api.fetchFlags).mockResolvedValue({ flags: [] })
    const { wrapper } = await mountPage(CoveragePage, { path: '/staff/coverage' })
    await settle()
    expect(wrapper.find('[role=alert]').text()).toContain('您没有权限查看')
    expect(wrapper.findAll('li.village')).toHaveLength(0)
    expect(wrapper.text()).toContain('探访中没有上报紧急情况')
  })
})
