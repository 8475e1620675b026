// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import type { SessionUser } from '../../../domain/http/auth'
import type { ItemCode } from '../../../domain/items'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { ApiRequestError } from '../../../api/client'
import { mountPage, nextRoute } from '../../../app/testing'
import * as accountApi from '../../account/api'
import { useSessionStore } from '../../account/store'
import { RESIDENT } from '../../application/test-support'
import { elderlyDraft, mountAt, storeAnswers } from '../../diagnosis/test-support'
import * as api from '../api'
import ContactRequest from './ContactRequest.vue'

vi.mock('../api', () => ({ fetchInvitations: vi.fn(), acceptInvitation: vi.fn(), declineInvitation: vi.fn(), askForCall: vi.fn(), requestContact: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn() }))

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const ANSWER = { requestId: 'r', receivedAt: '2026-03-02T02:00:00.000Z', dueOn: '2026-03-16', workingDays: 10 }

let mounted: VueWrapper | undefined

/** The panel as the result page shows it, for `user` (null: signed out), with the items ticked there. */
async function open(user: SessionUser | null, items: ItemCode[] = ['dibao', 'medical']) {
  vi.mocked(accountApi.fetchSession).mockResolvedValue({ user })
  const Page = defineComponent({ render: () => h(ContactRequest, { items }) })
  const page = await mountPage(Page, { path: '/diagnosis/result', before: (pinia) => {
    useSessionStore(pinia).loaded = false
  } })
  mounted = page.wrapper
  await flushPromises()
  return Object.assign(page.wrapper, { router: page.router })
}

async function tap(wrapper: VueWrapper, text: string) {
  const button = wrapper.findAll('button').find(b => b.text() === text)
  if (!button)
    throw new Error(`no button "${text}" in ${wrapper.findAll('button').map(b => b.text()).join('|')}`)
  await button.trigger('click')
  await flushPromises()
}

describe('请工作人员联系我 on the diagnosis result', () => {
  beforeEach(() => {
    vi.clearAllMocks()
  })
  afterEach(() => {
    mounted?.unmount()
    mounted = undefined
    document.body.innerHTML = ''
  })

  it('should say which items would be sent and that the answers stay on the device, sending nothing before the tap', async () => {
    const wrapper = await open(RESIDENT)
    const section = wrapper.get('section.contact')
    expect(section.attributes('aria-labelledby')).toBe(section.get('h2').attributes('id'))
    expect(section.text()).toContain('只会告诉工作人员您勾选的救助事项：最低生活保障（低保）；医疗救助。您在自诊中填写的收入、存款、健康等答案留在这台设备上，不会发送。')
    expect(api.requestContact).not.toHaveBeenCalled()
  })

  it('should send only the item codes with a request id, then say truthfully when staff will be in touch', async () => {
    vi.mocked(api.requestContact).mockResolvedValue(ANSWER)
    const wrapper = await open(RESIDENT)
    await tap(wrapper, '请工作人员联系我')
    expect(api.requestContact).toHaveBeenCalledOnce()
    const body = vi.mocked(api.requestContact).mock.calls[0]![0]
    expect(body).toEqual({ requestId: expect.stringMatching(UUID), items: ['dibao', 'medical'] })
    expect(wrapper.get('[role="status"]').text()).toBe('已请工作人员联系您。镇街工作人员会在 10 个工作日内联系您（最晚 2026年3月16日）。')
    expect(wrapper.findAll('button').map(b => b.text())).not.toContain('请工作人员联系我')
  })

  it('should send the same request id again after a failure, so a resend is one request', async () => {
    vi.mocked(api.requestContact).mockRejectedValueOnce(new ApiRequestError('network_error', '网络连接失败，请检查网络后重试', null)).mockResolvedValueOnce(ANSWER)
    const wrapper = await open(RESIDENT)
    await tap(wrapper, '请工作人员联系我')
    expect(wrapper.get('[role="alert"]').text()).toBe('网络连接失败，请检查网络后重试')
    await tap(wrapper, '请工作人员联系我')
    const [first, second] = vi.mocked(api.requestContact).mock.calls.map(c => c[0])
    expect(second!.requestId).toBe(first!.requestId)
    expect(wrapper.get('[role="status"]').text()).toContain('10 个工作日内')
  })

  it('should send once when tapped twice while the first is on its way', async () => {
    let answer: (value: typeof ANSWER) => void = () => undefined
    vi.mocked(api.requestContact).mockReturnValue(new Promise((resolve) => {
      answer = resolve
    }))
    const wrapper = await open(RESIDENT)
    const button = wrapper.findAll('button').find(b => b.text() === '请工作人员联系我')!
    await button.trigger('click')
    await button.trigger('click')
    answer(ANSWER)
    await flushPromises()
    expect(api.requestContact).toHaveBeenCalledOnce()
  })

  it('should say so when no item is ticked, and not promise a date when the server gives none', async () => {
    vi.mocked(api.requestContact).mockResolvedValue({ ...ANSWER, dueOn: null, workingDays: null })
    const wrapper = await open(RESIDENT, [])
    expect(wrapper.text()).toContain('您没有勾选救助事项，工作人员会先问清您家的情况')
    await tap(wrapper, '请工作人员联系我')
    expect(vi.mocked(api.requestContact).mock.calls[0]![0].items).toEqual([])
    expect(wrapper.get('[role="status"]').text()).toBe('已收到您的请求，工作人员会联系您。如需尽快办理，请到镇（街道）便民服务中心咨询。')
  })

  it('should ask a signed-out person to sign in first, coming back to the result', async () => {
    const wrapper = await open(null)
    expect(wrapper.text()).toContain('请工作人员联系您，需要先登录并绑定家庭')
    expect(wrapper.findAll('button').map(b => b.text())).toEqual(['登录'])
    await tap(wrapper, '登录')
    expect((await nextRoute(wrapper.router)).fullPath).toBe('/login?redirect=/diagnosis/result')
    expect(api.requestContact).not.toHaveBeenCalled()
  })

  it('should ask a resident without a household to bind it first', async () => {
    const wrapper = await open({ ...RESIDENT, household: null })
    expect(wrapper.text()).toContain('请工作人员联系您，需要先绑定家庭。')
    await tap(wrapper, '去绑定家庭')
    // The bind page is for signed-in residents: the guard asks the session, which says so.
    expect((await nextRoute(wrapper.router)).fullPath).toBe('/bind?redirect=/diagnosis/result')
  })

  it('should show staff and volunteers nothing: they have no household to ask for', async () => {
    const wrapper = await open({ ...RESIDENT, role: 'volunteer', household: null })
    expect(wrapper.find('section.contact').exists()).toBe(false)
  })

  it('should send the items ticked on the result page, none of the answers', async () => {
    vi.mocked(accountApi.fetchSession).mockResolvedValue({ user: RESIDENT })
    vi.mocked(api.requestContact).mockResolvedValue(ANSWER)
    await storeAnswers(elderlyDraft(), 'housing')
    const { wrapper } = await mountAt('/diagnosis/result')
    mounted = wrapper
    await vi.waitFor(() => expect(wrapper.find('section.contact button').exists()).toBe(true))
    const ticked = wrapper.findAll('input[name^="apply-"]').filter(i => (i.element as HTMLInputElement).checked).map(i => i.attributes('name')!.slice('apply-'.length))
    expect(ticked).toContain('medical')
    await wrapper.get('input[name="apply-medical"]').setValue(false)
    await tap(wrapper, '请工作人员联系我')
    expect(vi.mocked(api.requestContact).mock.calls[0]![0]).toEqual({ requestId: expect.stringMatching(UUID), items: ticked.filter(i => i !== 'medical') })
  })
})
