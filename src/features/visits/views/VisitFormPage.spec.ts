// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import type { VisitInput } from '../api'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { readState } from '../../../app/idb-test-support'
import { mountPage, nextRoute } from '../../../app/testing'
import { verifyHouseholdToken } from '../../household-code/offline-keys'
import * as api from '../api'
import { rememberCard } from '../card-memory'
import { outboxEntries } from '../test-support'
import VisitFormPage from './VisitFormPage.vue'

// Writing to IndexedDB can be made to fail, as on a phone in a private window or with a full disk.
const failing = vi.hoisted(() => ({ set: false }))
vi.mock('idb-keyval', async (importOriginal) => {
  const idb = await importOriginal<typeof import('idb-keyval')>()
  return { ...idb, set: (...args: Parameters<typeof idb.set>) => failing.set ? Promise.reject(new Error('QuotaExceededError')) : idb.set(...args) }
})
vi.mock('../../household-code/offline-keys', () => ({ verifyHouseholdToken: vi.fn() }))
vi.mock('../api', () => ({ postVisit: vi.fn(), fetchMyVisits: vi.fn(), fetchHouseholdVisits: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 'v1', role: 'volunteer', displayName: '王志愿', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: null, household: null } })) }))

const TOKEN = 'AQE-signed-token'
const DAY = 86_400_000
const REF = 'ref-of-household'
const DRAFT_KEY = `visits.draft.${TOKEN}`

async function open() {
  const mounted = await mountPage(VisitFormPage, { path: `/h/${TOKEN}/visit` })
  await expect.poll(() => mounted.wrapper.find('form.visit-form').exists()).toBe(true)
  return mounted
}

function radio(wrapper: VueWrapper, name: string, value: string) {
  return wrapper.find(`input[type=radio][name="${name}"][value="${value}"]`)
}

function draftStored() {
  return readState<{ clientId: string, type: string, dimensions: Record<string, { level: string, note: string }>, urgent: boolean, referral: { seen: string[], note: string } }>(DRAFT_KEY)
}

/** A box of 转介给工作人员 by its label, as a person (and a screen reader) finds it. */
function seenBox(wrapper: VueWrapper, label: string) {
  return wrapper.findAll('[role=checkbox]').find(box => box.text() === label)!
}

describe('the visit form', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    failing.set = false
    vi.mocked(verifyHouseholdToken).mockResolvedValue({ ok: true, ref: REF, version: 1, offline: true, listedAt: new Date(Date.now() - 3 * DAY - 60_000).toISOString() })
    vi.mocked(api.postVisit).mockImplementation(async (input: VisitInput) => ({ id: 'v-1', clientId: input.clientId, created: true, status: 'accepted' as const }))
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should turn away a code that fails the offline check, saying why', async () => {
    vi.mocked(verifyHouseholdToken).mockResolvedValue({ ok: false, reason: 'revoked' })
    const { wrapper } = await mountPage(VisitFormPage, { path: `/h/${TOKEN}/visit` })
    await expect.poll(() => wrapper.find('[role=alert]').exists()).toBe(true)
    expect(wrapper.find('[role=alert]').text()).toContain('这个幸福码已作废')
    expect(wrapper.find('form').exists()).toBe(false)
  })

  it('should ask for the type of visit and for what help is needed when urgent, and save nothing until then', async () => {
    const { wrapper } = await open()
    // An offline check says how old its list of revoked codes is (issue #16).
    expect(wrapper.text()).toContain('已在本机离线核对（名单更新于3天前）')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('请选择探访类型')
    expect(wrapper.text()).toContain('请先改正标红的内容')
    expect(wrapper.find('fieldset[aria-invalid=true]').exists()).toBe(true)

    await radio(wrapper, 'type', 'survey').setValue(true)
    await wrapper.find('[role=switch]').trigger('click')
    await flushPromises()
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).not.toContain('请选择探访类型')
    expect(wrapper.text()).toContain('请写明急需什么帮助')
    expect(await outboxEntries()).toHaveLength(0)
    expect(api.postVisit).not.toHaveBeenCalled()
  })

  it('should mark the visit urgent by itself when one dimension needs help now, and keep it so', async () => {
    const { wrapper } = await open()
    const urgentSwitch = () => wrapper.find('[role=switch]')
    expect(urgentSwitch().attributes('aria-checked')).toBe('false')
    expect(wrapper.find('textarea[name=urgentNote]').exists()).toBe(false)

    await radio(wrapper, 'level.health', 'concern').setValue(true)
    await flushPromises()
    expect(urgentSwitch().attributes('aria-checked')).toBe('false')

    await radio(wrapper, 'level.housing', 'urgent').setValue(true)
    await flushPromises()
    expect(urgentSwitch().attributes('aria-checked')).toBe('true')
    expect(urgentSwitch().classes()).toContain('van-switch--disabled')
    expect(wrapper.text()).toContain('有一项为“急需帮助”，已自动标记')
    expect(wrapper.find('textarea[name=urgentNote]').exists()).toBe(true)
    // A note per dimension appears once the dimension is assessed.
    expect(wrapper.find('textarea[name="note.housing"]').exists()).toBe(true)
    expect(wrapper.find('textarea[name="note.economy"]').exists()).toBe(false)
  })

  it('should keep what was typed across a reload, with the same clientId', async () => {
    const first = await open()
    await radio(first.wrapper, 'type', 'care').setValue(true)
    await radio(first.wrapper, 'level.health', 'concern').setValue(true)
    await flushPromises()
    await first.wrapper.find('textarea[name="note.health"]').setValue('腿脚不便，需要助行器')
    await first.wrapper.find('textarea[name=notes]').setValue('下次带轮椅来')
    await expect.poll(async () => (await draftStored())?.dimensions.health).toEqual({ level: 'concern', note: '腿脚不便，需要助行器' })
    const clientId = (await draftStored())!.clientId
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/)
    first.wrapper.unmount()
    document.body.innerHTML = ''

    const { wrapper } = await open()
    expect(wrapper.text()).toContain('已恢复上次未保存的内容')
    expect((radio(wrapper, 'type', 'care').element as HTMLInputElement).checked).toBe(true)
    expect((wrapper.find('textarea[name="note.health"]').element as HTMLTextAreaElement).value).toBe('腿脚不便，需要助行器')
    expect((wrapper.find('textarea[name=notes]').element as HTMLTextAreaElement).value).toBe('下次带轮椅来')
    expect((await draftStored())!.clientId).toBe(clientId)
  })

  it('should say that what is typed is kept on this phone, and say it is not once the phone cannot keep it', async () => {
    const { wrapper } = await open()
    expect(wrapper.text()).toContain('填写的内容随时保存在本机')
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
    failing.set = true
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await radio(wrapper, 'type', 'care').setValue(true)
    await expect.poll(() => wrapper.find('[role=alert]').exists()).toBe(true)
    expect(wrapper.get('[role=alert]').text()).toBe('本机无法保存填写的内容，关闭或刷新页面会丢失。')
    expect(wrapper.text()).not.toContain('填写的内容随时保存在本机')
    warn.mockRestore()
  })

  it('should write the visit to the outbox once however often save is tapped, forget the draft, upload and go back to the card', async () => {
    rememberCard(REF, { maskedHeadName: '李**', villageName: '和美村' })
    const { wrapper, router } = await open()
    expect(wrapper.text()).toContain('李**家 · 和美村')
    await expect.poll(() => draftStored()).toBeDefined()
    const clientId = (await draftStored())!.clientId
    await radio(wrapper, 'type', 'care').setValue(true)
    await radio(wrapper, 'level.economy', 'urgent').setValue(true)
    await flushPromises()
    await wrapper.find('textarea[name=urgentNote]').setValue('  没钱买药  ')
    await flushPromises()
    await Promise.all([wrapper.find('form').trigger('submit'), wrapper.find('form').trigger('submit')])
    expect((await nextRoute(router)).path).toBe(`/h/${TOKEN}`)

    expect(await outboxEntries()).toHaveLength(1)
    const entry = (await outboxEntries())[0]
    expect(entry.clientId).toBe(clientId)
    expect(entry.summary).toMatchObject({ maskedHeadName: '李**', villageName: '和美村', type: 'care', urgent: true })
    expect(await draftStored()).toBeUndefined()
    await expect.poll(() => api.postVisit).toHaveBeenCalledTimes(1)
    const sent = vi.mocked(api.postVisit).mock.calls[0][0]
    expect(sent).toMatchObject({
      clientId,
      token: TOKEN,
      type: 'care',
      observations: [{ dimension: 'economy', level: 'urgent', note: '' }],
      urgent: true,
      urgentNote: '没钱买药',
      notes: '',
    })
    expect(sent.location).toBeUndefined()
    expect(sent.photo).toBeUndefined()
    await expect.poll(async () => (await outboxEntries())[0].state).toBe('synced')
    expect(document.body.textContent).toContain('已保存')
  })

  it('should go back to the card\'s own history entry after a save, so 返回 there leads where the volunteer came from', async () => {
    const { wrapper, router } = await mountPage(VisitFormPage, { path: '/volunteer/scan' })
    // The volunteer's way here: the scanner, the card, the form.
    for (const path of [`/h/${TOKEN}`, `/h/${TOKEN}/visit`]) {
      void router.push(path)
      expect((await nextRoute(router)).path).toBe(path)
    }
    await expect.poll(() => wrapper.find('form.visit-form').exists()).toBe(true)
    // What vue-router's web history records in the browser's entry (the memory history does not).
    window.history.replaceState({ back: `/h/${TOKEN}` }, '')
    const replace = vi.spyOn(router, 'replace')
    await radio(wrapper, 'type', 'care').setValue(true)
    await flushPromises()
    await wrapper.find('form').trigger('submit')
    expect((await nextRoute(router)).path).toBe(`/h/${TOKEN}`)
    expect(replace).not.toHaveBeenCalled()
    expect(await outboxEntries()).toHaveLength(1)
    // Not a second copy of the card on top of the first: one more 返回 reaches the scanner.
    router.back()
    expect((await nextRoute(router)).path).toBe('/volunteer/scan')
    window.history.replaceState(null, '')
  })

  it('should keep a referral through a reload, ask for a note when "other" is ticked, and save it with the visit', async () => {
    const first = await open()
    expect(first.wrapper.find('#referral-title').text()).toBe('转介给工作人员（选填）')
    expect(first.wrapper.findAll('.referral-seen [role=checkbox]').map(b => b.text())).toEqual(['有人患重病', '家庭没有收入来源', '住房不安全', '无人照料', '有孩子失学', '其他困难'])
    await radio(first.wrapper, 'type', 'care').setValue(true)
    await seenBox(first.wrapper, '住房不安全').trigger('click')
    await seenBox(first.wrapper, '其他困难').trigger('click')
    await flushPromises()
    expect(seenBox(first.wrapper, '住房不安全').attributes('aria-checked')).toBe('true')
    await expect.poll(async () => (await draftStored())?.referral).toEqual({ seen: ['unsafe_housing', 'other'], note: '' })
    first.wrapper.unmount()
    document.body.innerHTML = ''

    const { wrapper } = await open()
    expect(seenBox(wrapper, '其他困难').attributes('aria-checked')).toBe('true')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('选了“其他困难”，请写明是什么困难')
    expect(await outboxEntries()).toHaveLength(0)

    await wrapper.find('textarea[name="referral.note"]').setValue(' 老人独居，屋里没有取暖 ')
    await flushPromises()
    await wrapper.find('form').trigger('submit')
    await expect.poll(() => outboxEntries()).toHaveLength(1)
    const [entry] = await outboxEntries()
    expect(entry.summary.referred).toBe(true)
    await expect.poll(() => api.postVisit).toHaveBeenCalledTimes(1)
    expect(vi.mocked(api.postVisit).mock.calls[0][0].referral).toEqual({ seen: ['unsafe_housing', 'other'], note: '老人独居，屋里没有取暖' })
  })

  it('should not take a referral note without anything seen ticked', async () => {
    const { wrapper } = await open()
    await radio(wrapper, 'type', 'care').setValue(true)
    await wrapper.find('textarea[name="referral.note"]').setValue('家里情况不好')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('请勾选看到的情况，或清空转介说明')
    expect(wrapper.find('fieldset.referral-seen').attributes('aria-invalid')).toBe('true')
    expect(await outboxEntries()).toHaveLength(0)
  })

  it('should say the code was checked online when it was', async () => {
    vi.mocked(verifyHouseholdToken).mockResolvedValue({ ok: true, ref: REF, version: 1, offline: false })
    const { wrapper } = await open()
    expect(wrapper.text()).toContain('幸福码有效')
    expect(wrapper.text()).not.toContain('离线')
  })

  it('should read the location only after the consent tap, with its accuracy', async () => {
    const getCurrentPosition = vi.fn((ok: PositionCallback) => ok({ coords: { latitude: 30.25, longitude: 120.16, accuracy: 23.4 } } as GeolocationPosition))
    Object.defineProperty(navigator, 'geolocation', { value: { getCurrentPosition }, configurable: true })
    try {
      const { wrapper } = await open()
      expect(getCurrentPosition).not.toHaveBeenCalled()
      const consent = wrapper.findAll('button').find(b => b.text() === '同意并记录当前位置')!
      await consent.trigger('click')
      await flushPromises()
      expect(getCurrentPosition).toHaveBeenCalledTimes(1)
      expect(wrapper.text()).toContain('已记录位置，精度约 23 米')
    }
    finally {
      Reflect.deleteProperty(navigator, 'geolocation')
    }
  })
})
