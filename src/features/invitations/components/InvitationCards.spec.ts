// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import type { Router } from 'vue-router'
import type { Invitation } from '../api'
import { flushPromises, mount } from '@vue/test-utils'
import { until } from '@vueuse/core'
import Vant from 'vant'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { i18n } from '../../../app/i18n'
import { readState, writeState } from '../../../app/idb-test-support'
import { mountPage, nextRoute } from '../../../app/testing'
import { yieldToMain } from '../../../app/yield-to-main'
import { useSessionStore } from '../../account/store'
import { DRAFT_KEY, useApplicationStore } from '../../application/store'
import { completeForm, RESIDENT, storedDraft } from '../../application/test-support'
import ApplyPage from '../../application/views/ApplyPage.vue'
import * as api from '../api'
import InvitationCards from './InvitationCards.vue'

vi.mock('../api', () => ({ fetchInvitations: vi.fn(), acceptInvitation: vi.fn(), declineInvitation: vi.fn(), askForCall: vi.fn(), requestContact: vi.fn() }))
vi.mock('../../application/api', async () => (await import('../../application/test-support')).fakeApplicationApi())
vi.mock('../../account/api', async () => (await import('../../application/test-support')).fakeAccountApi())

const REASON = '您家近 12 个月自付医疗费用 32000 元，超过本地 20000 元的标准。工作人员已核实情况，您家可以申请：临时救助、医疗救助。'

function invitation(over: Partial<Invitation> = {}): Invitation {
  return {
    id: 'inv-1',
    items: [{ code: 'temporary', name: '临时救助' }, { code: 'medical', name: '医疗救助' }],
    title: '您家可能可以申请：临时救助、医疗救助',
    reason: REASON,
    status: 'open',
    createdAt: '2026-03-01T02:00:00.000Z',
    callRequestedAt: null,
    ...over,
  }
}

let mounted: VueWrapper[] = []

/** The home page's cards for 李建国's household, signed in as the route guard leaves it, just mounted. */
async function mountCards(shown: Invitation[] = [invitation()]) {
  vi.mocked(api.fetchInvitations).mockResolvedValue(shown)
  const page = await mountPage(InvitationCards, { path: '/', before: (pinia) => {
    const session = useSessionStore(pinia)
    session.user = RESIDENT
    session.loaded = true
  } })
  mounted.push(page.wrapper)
  return page
}

/** The same, once the invitations are shown: the cards ask for them a task after the home page renders. */
async function openCards(shown: Invitation[] = [invitation()]) {
  const page = await mountCards(shown)
  await yieldToMain()
  await flushPromises()
  return page
}

function card(wrapper: VueWrapper) {
  return wrapper.get('section.invitation')
}

async function tap(wrapper: VueWrapper, text: string) {
  const button = wrapper.findAll('button').find(b => b.text() === text)
  if (!button)
    throw new Error(`no button "${text}" in ${wrapper.findAll('button').map(b => b.text()).join('|')}`)
  await button.trigger('click')
  await flushPromises()
}

function dialogButton(text: string): HTMLButtonElement {
  const found = [...document.querySelectorAll<HTMLButtonElement>('.van-dialog button')].find(b => b.textContent?.trim() === text)
  if (!found)
    throw new Error(`no dialog button ${text}`)
  return found
}

/** The application form as the router opens it next, in the same app (Pinia, router) as the card. */
async function openFormAfter(pinia: Pinia, router: Router) {
  const arrived = await nextRoute(router)
  expect(arrived.name).toBe('apply')
  // Nothing about the invitation travels in the URL: only the store carries the items.
  expect(arrived.fullPath).toBe('/apply')
  const form = mount(ApplyPage, { global: { plugins: [pinia, i18n, router, Vant] }, attachTo: document.body })
  mounted.push(form)
  await until(() => useApplicationStore(pinia).ready).toBe(true)
  await flushPromises()
  return form
}

function ticked(form: VueWrapper): string[] {
  return form.findAll('input[name^="item-"]').filter(i => (i.element as HTMLInputElement).checked).map(i => i.attributes('name')!.slice('item-'.length))
}

describe('the invitation card on the home page', () => {
  beforeEach(() => {
    vi.clearAllMocks()
  })
  afterEach(() => {
    mounted.forEach(w => w.unmount())
    mounted = []
    document.body.innerHTML = ''
  })

  // Issue #18: sending a request costs a cheap phone milliseconds the home page's render need not wait for.
  it('should ask for the invitations in the task after the one the home page renders in', async () => {
    const page = await mountCards()
    await Promise.resolve()
    expect(api.fetchInvitations).not.toHaveBeenCalled()
    await yieldToMain()
    await flushPromises()
    expect(api.fetchInvitations).toHaveBeenCalledTimes(1)
    expect(card(page.wrapper).get('h2').text()).toBe('您家可能可以申请：临时救助、医疗救助')
  })

  it('should show the invitation as a region named by its heading, with the plain reason and three answers', async () => {
    const { wrapper } = await openCards()
    const section = card(wrapper)
    const heading = section.get('h2')
    expect(section.attributes('aria-labelledby')).toBe(heading.attributes('id'))
    expect(heading.text()).toBe('您家可能可以申请：临时救助、医疗救助')
    expect(section.text()).toContain(REASON)
    expect(section.findAll('button').map(b => b.text())).toEqual(['马上申请', '请工作人员给我打电话', '不用了'])
  })

  it('should show nothing when there is no invitation, or when they cannot be loaded', async () => {
    const { wrapper } = await openCards([])
    expect(wrapper.find('section.invitation').exists()).toBe(false)
    vi.mocked(api.fetchInvitations).mockRejectedValueOnce(new ApiRequestError('network_error', '网络连接失败', null))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const offline = await mountPage(InvitationCards)
    mounted.push(offline.wrapper)
    await yieldToMain()
    await flushPromises()
    expect(offline.wrapper.find('section.invitation').exists()).toBe(false)
    expect(warn).toHaveBeenCalled()
    warn.mockRestore()
  })

  it('should ask staff to call and then say so truthfully, leaving apply and no thanks', async () => {
    vi.mocked(api.askForCall).mockResolvedValue(invitation({ status: 'call_requested', callRequestedAt: '2026-03-01T03:05:00.000Z' }))
    const { wrapper } = await openCards()
    await tap(wrapper, '请工作人员给我打电话')
    expect(api.askForCall).toHaveBeenCalledWith('inv-1')
    expect(api.acceptInvitation).not.toHaveBeenCalled()
    expect(card(wrapper).get('[role="status"]').text()).toBe('已请工作人员联系您（2026年3月1日 11:05）。工作人员看到后会打电话给您；您也可以现在就申请。')
    expect(card(wrapper).findAll('button').map(b => b.text())).toEqual(['马上申请', '不用了'])
  })

  it('should show an invitation whose call was asked for earlier as asked', async () => {
    const { wrapper } = await openCards([invitation({ status: 'call_requested', callRequestedAt: '2026-03-01T03:05:00.000Z' })])
    expect(card(wrapper).text()).toContain('已请工作人员联系您')
    expect(wrapper.findAll('button').map(b => b.text())).not.toContain('请工作人员给我打电话')
  })

  it('should decline only after the person confirms, then remove the card and say what it means', async () => {
    vi.mocked(api.declineInvitation).mockResolvedValue(invitation({ status: 'declined' }))
    const { wrapper } = await openCards()
    await tap(wrapper, '不用了')
    expect(api.declineInvitation).not.toHaveBeenCalled()
    expect(document.querySelector('.van-dialog')?.textContent).toContain('工作人员不会再为这件事联系您')
    dialogButton('再想想').click()
    await flushPromises()
    expect(api.declineInvitation).not.toHaveBeenCalled()
    expect(wrapper.find('section.invitation').exists()).toBe(true)

    await tap(wrapper, '不用了')
    dialogButton('不用了').click()
    await flushPromises()
    expect(api.declineInvitation).toHaveBeenCalledExactlyOnceWith('inv-1')
    expect(wrapper.find('section.invitation').exists()).toBe(false)
    expect(wrapper.get('p.said[role="status"]').text()).toBe('好的，已告诉工作人员您暂时不需要。以后需要时，可以在“我要申请”里自己申请。')
  })

  it('should accept and open the application form with the suggested items ticked', async () => {
    vi.mocked(api.acceptInvitation).mockResolvedValue({ invitation: invitation({ status: 'accepted' }), prefill: { items: ['temporary', 'medical'] } })
    const { wrapper, pinia, router } = await openCards()
    await tap(wrapper, '马上申请')
    // The form's code loads first (a lazy chunk), then the invitation is answered.
    await vi.waitFor(() => expect(api.acceptInvitation).toHaveBeenCalledExactlyOnceWith('inv-1'))
    const form = await openFormAfter(pinia, router)
    expect(form.text()).toContain('已勾选工作人员建议申请的救助事项，请逐步核对，最后签字提交。')
    const draft = (await readState<ReturnType<typeof storedDraft>>(DRAFT_KEY))!
    expect(draft.form.items).toEqual(['temporary', 'medical'])
    // Members still come from the registry; nothing is submitted or signed for the person.
    expect(draft.form.members.map(m => m.name)).toEqual(['李建国', '张丽', '李小明'])
    expect(draft.form.authorisations).toEqual([])
    useApplicationStore(pinia).step = 'items'
    await flushPromises()
    expect(ticked(form)).toEqual(['medical', 'temporary'])
  })

  it('should keep a draft the person already began, add the items to it and tell them', async () => {
    const begun = storedDraft(completeForm({ items: ['dibao'], reason: '丈夫患重病，家里收入很少' }), { step: 'reason' })
    await writeState(DRAFT_KEY, begun)
    vi.mocked(api.acceptInvitation).mockResolvedValue({ invitation: invitation({ status: 'accepted' }), prefill: { items: ['temporary', 'medical'] } })
    const { wrapper, pinia, router } = await openCards()
    await tap(wrapper, '马上申请')
    const form = await openFormAfter(pinia, router)
    expect(form.text()).toContain('您正在填写的申请还在：已把工作人员建议申请的救助事项加进去，您填写的内容都保留着。')
    const draft = (await readState<ReturnType<typeof storedDraft>>(DRAFT_KEY))!
    expect(draft.form.items).toEqual(['dibao', 'temporary', 'medical'])
    expect(draft.form.reason).toBe('丈夫患重病，家里收入很少')
    expect(draft.form.authorisations).toEqual(begun.form.authorisations)
    expect(draft.meta.idempotencyKey).toBe(begun.meta.idempotencyKey)
    expect(draft.meta.step).toBe('reason')
  })

  it('should keep the card and say why when accepting fails, opening nothing', async () => {
    vi.mocked(api.acceptInvitation).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败，请检查网络后重试', null))
    const { wrapper, router } = await openCards()
    await tap(wrapper, '马上申请')
    expect(card(wrapper).get('[role="alert"]').text()).toBe('网络连接失败，请检查网络后重试')
    expect(router.currentRoute.value.name).toBe('home')
    expect(useApplicationStore().draft.form.items).toEqual([])
  })

  it('should show what stands now when the invitation was answered on another phone', async () => {
    vi.mocked(api.acceptInvitation).mockRejectedValue(new ApiRequestError('conflict', '这个邀请已经答复过了，请刷新后查看', 409))
    const { wrapper } = await openCards()
    vi.mocked(api.fetchInvitations).mockResolvedValue([])
    await tap(wrapper, '马上申请')
    expect(api.fetchInvitations).toHaveBeenCalledTimes(2)
    expect(wrapper.find('section.invitation').exists()).toBe(false)
  })
})
