// @vitest-environment happy-dom
import type { HouseholdCard } from '../api'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage, nextRoute } from '../../../app/testing'
import * as accountApi from '../../account/api'
import { forgetCards, knownCard } from '../../visits/card-memory'
import * as api from '../api'
import * as keys from '../offline-keys'
import ScannedCodePage from './ScannedCodePage.vue'

vi.mock('../api', () => ({ fetchHouseholdCard: vi.fn() }))
vi.mock('../offline-keys', () => ({ verifyHouseholdToken: vi.fn(), learnRevokedToken: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn() }))

const TOKEN = 'AQEabcdefghijklmnopqrstuvwxyz0123456789_-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ'
const ref = 'abcdefghijklmnop'
/** The phone's list of revoked codes, fetched three days ago. */
const listedAt = new Date(Date.now() - 3 * 86_400_000 - 60_000).toISOString()

const user = (role: 'volunteer' | 'resident' | 'town_staff') => ({ id: 'u1', role, displayName: '王志愿', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: null, household: null })

function card(over: Partial<HouseholdCard> = {}): HouseholdCard {
  return {
    ref,
    version: 1,
    maskedHeadName: '李**',
    villageName: '和美村',
    memberCount: 3,
    flags: { livesAlone: false, elderly: true, disabled: true, child: false },
    lastVisits: [{ id: 'v1', visitedAt: '2026-11-02T02:00:00.000Z', type: 'care', visitorRole: 'social_worker', organisation: '安乐镇社工站' }],
    inMyArea: true,
    ...over,
  }
}

function setOnline(online: boolean) {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online)
}

let unmount: (() => void) | undefined

async function open(token = TOKEN) {
  const mounted = await mountPage(ScannedCodePage, { path: `/h/${token}` })
  unmount = () => mounted.wrapper.unmount()
  await flushPromises()
  return mounted
}

const button = (wrapper: Awaited<ReturnType<typeof open>>['wrapper'], text: string) => wrapper.findAll('button').find(b => b.text() === text)

describe('scanned code page', () => {
  beforeEach(() => {
    vi.resetAllMocks()
    setOnline(true)
    vi.mocked(keys.verifyHouseholdToken).mockResolvedValue({ ok: true, ref, version: 1, offline: false })
    vi.mocked(accountApi.fetchSession).mockResolvedValue({ user: user('volunteer') })
    vi.mocked(api.fetchHouseholdCard).mockResolvedValue(card())
  })
  afterEach(() => {
    unmount?.()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('should show a volunteer the minimal card of a valid code: masked name, village, members, flags, visits', async () => {
    const { wrapper } = await open()
    expect(keys.verifyHouseholdToken).toHaveBeenCalledWith(TOKEN)
    expect(api.fetchHouseholdCard).toHaveBeenCalledWith(TOKEN)
    expect(wrapper.find('h2').text()).toBe('李**家')
    expect(wrapper.text()).toContain('和美村 · 共 3 人')
    expect(wrapper.text()).toContain('幸福码有效')
    const flags = wrapper.find('[aria-label="探访需要留意"]').findAll('li').map(li => li.text())
    expect(flags).toEqual(['有老年人', '有残疾人'])
    expect(wrapper.text()).toContain('探访关爱 · 社工 · 安乐镇社工站')
  })

  it('should hand the visit form the card\'s masked name and village, and nothing more', async () => {
    forgetCards()
    await open()
    expect(knownCard(ref)).toEqual({ maskedHeadName: '李**', villageName: '和美村' })
  })

  it('should open the visit form and the small-wish form for this code', async () => {
    const { wrapper, router } = await open()
    await button(wrapper, '记录探访')!.trigger('click')
    const form = await nextRoute(router)
    expect(form.name).toBe('visit-new')
    expect(form.path).toBe(`/h/${TOKEN}/visit`)

    router.back()
    expect((await nextRoute(router)).path).toBe(`/h/${TOKEN}`)
    await button(wrapper, '代为登记微心愿')!.trigger('click')
    expect((await nextRoute(router)).fullPath).toBe(`/volunteer/needs/new?token=${TOKEN}`)
  })

  it.each([
    ['bad_signature', '不是本系统签发的，或者已被改动过'],
    ['revoked', '已作废（住户已重新生成）'],
    ['malformed', '链接不完整，或者不是幸福码'],
    ['unknown_key', '签发它的密钥已停用'],
    ['no_keys', '请连上网络后再扫一次'],
  ] as const)('should turn a %s code away with a plain message and fetch nothing', async (reason, text) => {
    vi.mocked(keys.verifyHouseholdToken).mockResolvedValue({ ok: false, reason })
    const { wrapper } = await open()
    const alert = wrapper.find('[role="alert"]')
    expect(alert.text()).toContain('无法使用这个幸福码')
    expect(alert.text()).toContain(text)
    expect(api.fetchHouseholdCard).not.toHaveBeenCalled()
    expect(wrapper.text()).not.toContain('记录探访')
  })

  it('should believe the server when it knows of a revocation the phone has not heard of', async () => {
    vi.mocked(api.fetchHouseholdCard).mockRejectedValue(new ApiRequestError('invalid_household_code', '这个幸福码无效或已作废', 400))
    const { wrapper } = await open()
    expect(wrapper.find('[role="alert"]').text()).toContain('这个幸福码无效或已作废。请让住户打开最新的幸福码。')
    expect(wrapper.text()).not.toContain('记录探访')
    // …and keeps it: the same code scanned offline a minute later is refused on the phone.
    expect(keys.learnRevokedToken).toHaveBeenCalledWith(TOKEN)
  })

  it('should offer no visit for a household outside the visitor\'s areas, as the server answers it (404)', async () => {
    vi.mocked(api.fetchHouseholdCard).mockRejectedValue(new ApiRequestError('not_found', '这户不在您负责的区域。如需探访，请镇（街道）民政为您分配该村（社区）', 404))
    const { wrapper } = await open()
    expect(wrapper.find('[role="note"]').text()).toContain('联系镇（街道）工作人员为您分配这一区域')
    expect(button(wrapper, '记录探访')).toBeUndefined()
    expect(button(wrapper, '代为登记微心愿')).toBeUndefined()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(keys.learnRevokedToken).not.toHaveBeenCalled()
    expect(button(wrapper, '继续扫码')).toBeDefined()
  })

  it('should explain that visits outside the volunteer\'s area need an assignment, and offer no visit', async () => {
    vi.mocked(api.fetchHouseholdCard).mockResolvedValue(card({ inMyArea: false }))
    const { wrapper } = await open()
    expect(wrapper.find('[role="note"]').text()).toContain('联系镇（街道）工作人员为您分配这一区域')
    expect(button(wrapper, '记录探访')).toBeUndefined()
    expect(button(wrapper, '代为登记微心愿')).toBeUndefined()
    expect(wrapper.text()).toContain('李**家')
  })

  it('should say "verified offline" with the age of its list, and still let the visit be logged when there is no signal', async () => {
    setOnline(false)
    vi.mocked(keys.verifyHouseholdToken).mockResolvedValue({ ok: true, ref, version: 1, offline: true, listedAt })
    const { wrapper } = await open()
    expect(wrapper.text()).toContain('已离线验证（名单更新于3天前）')
    expect(wrapper.text()).toContain('联网后可查看家庭信息')
    expect(api.fetchHouseholdCard).not.toHaveBeenCalled()
    expect(button(wrapper, '记录探访')).toBeDefined()
  })

  it('should fetch the card when the signal comes back', async () => {
    setOnline(false)
    vi.mocked(keys.verifyHouseholdToken).mockResolvedValue({ ok: true, ref, version: 1, offline: true, listedAt })
    const { wrapper } = await open()
    setOnline(true)
    window.dispatchEvent(new Event('online'))
    await flushPromises()
    expect(api.fetchHouseholdCard).toHaveBeenCalledOnce()
    expect(wrapper.text()).toContain('李**家')
  })

  it('should treat an unknown session (reloaded offline) as a visitor checking offline', async () => {
    setOnline(false)
    vi.mocked(accountApi.fetchSession).mockRejectedValue(new ApiRequestError('network_error', '网络不通', null))
    vi.mocked(keys.verifyHouseholdToken).mockResolvedValue({ ok: true, ref, version: 1, offline: true, listedAt })
    const { wrapper } = await open()
    expect(wrapper.text()).toContain('已离线验证')
    expect(button(wrapper, '记录探访')).toBeDefined()
  })

  it('should show a card error but keep the offline-verified actions when the card cannot load', async () => {
    vi.mocked(api.fetchHouseholdCard).mockRejectedValue(new ApiRequestError('internal', '服务暂时不可用', 500))
    const { wrapper } = await open()
    expect(wrapper.find('[role="alert"]').text()).toBe('服务暂时不可用')
    expect(button(wrapper, '记录探访')).toBeDefined()
  })

  it('should tell a signed-out person what the code is, with no household data, and offer staff sign-in', async () => {
    vi.mocked(accountApi.fetchSession).mockResolvedValue({ user: null })
    const { wrapper, router } = await open()
    expect(api.fetchHouseholdCard).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('这是一户家庭的幸福码')
    expect(wrapper.text()).not.toContain('李')
    await button(wrapper, '工作人员登录')!.trigger('click')
    expect((await nextRoute(router)).fullPath).toBe(`/login?redirect=/h/${TOKEN}`)
  })

  it('should tell a resident what the code is and point to their own', async () => {
    vi.mocked(accountApi.fetchSession).mockResolvedValue({ user: user('resident') })
    const { wrapper, router } = await open()
    expect(api.fetchHouseholdCard).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('这是一户家庭的幸福码')
    await button(wrapper, '查看我家的幸福码')!.trigger('click')
    expect((await nextRoute(router)).path).toBe('/code')
  })

  it('should show town staff the card too, and let them log a visit but not post a small wish', async () => {
    vi.mocked(accountApi.fetchSession).mockResolvedValue({ user: user('town_staff') })
    const { wrapper } = await open()
    expect(wrapper.text()).toContain('李**家')
    expect(button(wrapper, '记录探访')).toBeDefined()
    expect(button(wrapper, '代为登记微心愿')).toBeUndefined()
  })

  it('should check a second code scanned on the same page', async () => {
    const { router } = await open()
    const other = `${TOKEN.slice(0, -1)}K`
    await router.push(`/h/${other}`)
    await flushPromises()
    expect(keys.verifyHouseholdToken).toHaveBeenLastCalledWith(other)
    expect(api.fetchHouseholdCard).toHaveBeenLastCalledWith(other)
  })
})
