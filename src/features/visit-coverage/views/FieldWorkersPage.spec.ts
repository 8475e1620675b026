// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage } from '../../../app/testing'
import * as api from '../api'
import { sampleWorker } from '../test-support'
import FieldWorkersPage from './FieldWorkersPage.vue'

vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchFieldWorkers: vi.fn(),
  saveAssignedAreas: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 's', role: 'town_staff', displayName: '孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null } })) }))

const TOWN = '339901001'
const HEMEI = '339901001001'
const TAOYUAN = '339901001002'
const volunteer = sampleWorker()
const socialWorker = sampleWorker({ id: 'w2', displayName: '社工 吴磊', role: 'social_worker', organisation: '安乐镇社工站', homeArea: { code: TOWN, name: '安乐镇' } })

/** A Vant checkbox: role=checkbox with aria-checked; locked ones are aria-disabled. */
function box(wrapper: VueWrapper, code: string) {
  return wrapper.get(`li[data-worker=w1] [role=checkbox][data-code="${code}"]`)
}
const state = (wrapper: VueWrapper, code: string) => [box(wrapper, code).attributes('aria-checked') === 'true', box(wrapper, code).attributes('aria-disabled') === 'true']

async function openEditor(wrapper: VueWrapper) {
  await wrapper.find('li[data-worker=w1] button.edit').trigger('click')
}

// What the server offers a town's staff: the town and its villages.
const AREAS = [{ code: '339901001', name: '安乐镇' }, { code: HEMEI, name: '和美村' }, { code: TAOYUAN, name: '桃源村' }]

describe('field workers page', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(api.fetchFieldWorkers).mockResolvedValue({ workers: [volunteer, socialWorker], areas: AREAS })
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show each worker\'s role, organisation, home area and assigned areas', async () => {
    vi.mocked(api.fetchFieldWorkers).mockResolvedValue({ workers: [sampleWorker({ assignedAreas: [{ code: TAOYUAN, name: '桃源村' }] }), socialWorker], areas: AREAS })
    const { wrapper } = await mountPage(FieldWorkersPage, { path: '/staff/field-workers' })
    await flushPromises()
    const cards = wrapper.findAll('li.worker')
    // The demo's display names already say the role: it is not shown a second time.
    expect(cards.map(c => c.find('h2').text())).toEqual(['志愿者 周敏', '社工 吴磊'])
    expect(cards.map(c => c.findAll('dd').map(d => d.text()))).toEqual([['和美村', '桃源村'], ['安乐镇', '无']])
    expect(cards[0].text()).toContain('和美村志愿服务队')
    expect(cards[0].find('button.edit').attributes('aria-label')).toBe('调整负责区域（志愿者 周敏）')
  })

  it('should show the role beside a name that does not say it', async () => {
    vi.mocked(api.fetchFieldWorkers).mockResolvedValue({ workers: [sampleWorker({ displayName: '周敏' })], areas: AREAS })
    const { wrapper } = await mountPage(FieldWorkersPage, { path: '/staff/field-workers' })
    await flushPromises()
    expect(wrapper.get('li.worker h2').text()).toBe('周敏 志愿者')
    expect(wrapper.get('li.worker h2 .van-tag').text()).toBe('志愿者')
  })

  it('should offer the town and its villages, the home area ticked and locked, and save the choice', async () => {
    vi.mocked(api.saveAssignedAreas).mockResolvedValue(sampleWorker({ assignedAreas: [{ code: TAOYUAN, name: '桃源村' }] }))
    const { wrapper } = await mountPage(FieldWorkersPage, { path: '/staff/field-workers' })
    await flushPromises()
    await openEditor(wrapper)
    expect(wrapper.find('li[data-worker=w1] input[type=checkbox]').exists()).toBe(false)
    const options = wrapper.findAll('li[data-worker=w1] [role=checkbox]')
    expect(options.map(o => o.text())).toEqual(['安乐镇', '和美村常驻区域', '桃源村'])
    expect(state(wrapper, HEMEI)).toEqual([true, true])
    // A locked box does not change when tapped.
    await box(wrapper, HEMEI).trigger('click')
    expect(state(wrapper, HEMEI)).toEqual([true, true])

    await box(wrapper, TAOYUAN).trigger('click')
    await wrapper.find('li[data-worker=w1] form').trigger('submit')
    await flushPromises()
    expect(api.saveAssignedAreas).toHaveBeenCalledWith('w1', { areaCodes: [TAOYUAN] })
    expect(wrapper.find('[role=status]').text()).toBe('已保存志愿者 周敏的负责区域')
    expect(wrapper.find('li[data-worker=w1] form').exists()).toBe(false)
    expect(wrapper.find('li[data-worker=w1] dd.assigned').text()).toBe('桃源村')
  })

  it('should keep the choices when saving fails, and send them again', async () => {
    vi.mocked(api.saveAssignedAreas).mockRejectedValueOnce(new ApiRequestError('network_error', '网络不通，请稍后再试', null))
    vi.mocked(api.saveAssignedAreas).mockResolvedValueOnce(sampleWorker({ assignedAreas: [{ code: TAOYUAN, name: '桃源村' }] }))
    const { wrapper } = await mountPage(FieldWorkersPage, { path: '/staff/field-workers' })
    await flushPromises()
    await openEditor(wrapper)
    await box(wrapper, TAOYUAN).trigger('click')
    await wrapper.find('li[data-worker=w1] form').trigger('submit')
    await flushPromises()

    expect(wrapper.find('li[data-worker=w1] [role=alert]').text()).toBe('网络不通，请稍后再试')
    expect(state(wrapper, TAOYUAN)[0]).toBe(true)
    expect(wrapper.find('li[data-worker=w1] dd.assigned').text()).toBe('无')

    await wrapper.find('li[data-worker=w1] form').trigger('submit')
    await flushPromises()
    expect(api.saveAssignedAreas).toHaveBeenCalledTimes(2)
    expect(api.saveAssignedAreas).toHaveBeenLastCalledWith('w1', { areaCodes: [TAOYUAN] })
    expect(wrapper.find('li[data-worker=w1] dd.assigned').text()).toBe('桃源村')
  })

  it('should send only the town when the whole town is chosen', async () => {
    vi.mocked(api.saveAssignedAreas).mockResolvedValue(sampleWorker({ assignedAreas: [{ code: TOWN, name: '安乐镇' }] }))
    const { wrapper } = await mountPage(FieldWorkersPage, { path: '/staff/field-workers' })
    await flushPromises()
    await openEditor(wrapper)
    await box(wrapper, TAOYUAN).trigger('click')
    await box(wrapper, TOWN).trigger('click')
    expect(state(wrapper, TAOYUAN)).toEqual([true, true])
    expect(box(wrapper, TAOYUAN).text()).toBe('桃源村已含在安乐镇内')
    await wrapper.find('li[data-worker=w1] form').trigger('submit')
    await flushPromises()
    expect(api.saveAssignedAreas).toHaveBeenCalledWith('w1', { areaCodes: [TOWN] })
  })
})
