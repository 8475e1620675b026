// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage, nextRoute } from '../../../app/testing'
import * as accountApi from '../../account/api'
import { useDiagnosisStore } from '../../diagnosis/store'
import * as api from '../handoff-api'
import HandoffPage from './HandoffPage.vue'

vi.mock('../handoff-api', () => ({ redeemHandoff: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn() }))

const TOKEN = 'k'.repeat(43)
let unmount: (() => void) | undefined

async function open(hash: string) {
  window.history.replaceState(null, '', `/handoff${hash}`)
  const mounted = await mountPage(HandoffPage, { path: '/handoff' })
  unmount = () => mounted.wrapper.unmount()
  for (let i = 0; i < 5; i++)
    await flushPromises()
  return mounted
}

afterEach(() => {
  unmount?.()
  sessionStorage.clear()
  vi.resetAllMocks()
})

describe('handoffPage (the phone\'s end of a kiosk hand-off)', () => {
  it('should take the token from the fragment, drop it from the address bar and open the same screen with the answers', async () => {
    const answers = { draft: { regionInput: '330106', members: [{ age: 81 }] }, step: 'receiving' }
    vi.mocked(api.redeemHandoff).mockResolvedValue({ target: '/diagnosis', diagnosis: answers, signedIn: false })
    const { router } = await open(`#${TOKEN}`)
    expect(api.redeemHandoff).toHaveBeenCalledWith(TOKEN)
    expect(window.location.hash).toBe('')
    // The diagnosis store is a lazy chunk: give it time on a busy machine.
    expect((await nextRoute(router)).path).toBe('/diagnosis')
    const diagnosis = useDiagnosisStore()
    expect(diagnosis.step).toBe('receiving')
    expect(diagnosis.draft.members[0]?.age).toBe(81)
  })

  it('should put what was typed into the kiosk\'s form where the screen reads it, before opening it', async () => {
    vi.mocked(api.redeemHandoff).mockResolvedValue({ target: '/progress', forms: { enquiry: { number: 'XFM-2026-000123' } }, signedIn: false })
    const { router } = await open(`#${TOKEN}`)
    expect((await nextRoute(router)).path).toBe('/progress')
    expect(JSON.parse(sessionStorage.getItem('xfm.draft.enquiry')!)).toEqual({ number: 'XFM-2026-000123' })
  })

  it('should load the session the kiosk handed over', async () => {
    vi.mocked(api.redeemHandoff).mockResolvedValue({ target: '/progress', signedIn: true })
    vi.mocked(accountApi.fetchSession).mockResolvedValue({ user: { id: 'u1', role: 'resident', displayName: '李建国', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null, household: null } })
    const { router } = await open(`#${TOKEN}`)
    expect((await nextRoute(router)).path).toBe('/progress')
    expect(accountApi.fetchSession).toHaveBeenCalled()
  })

  it('should say plainly that a used code works once, with a way home and no retry', async () => {
    vi.mocked(api.redeemHandoff).mockRejectedValue(new ApiRequestError('handoff_used', '这个二维码已经用过了。每个二维码只能用一次，请在自助机上重新生成', 410))
    const { wrapper } = await open(`#${TOKEN}`)
    expect(wrapper.get('[role="alert"]').text()).toContain('这个二维码已经用过了')
    expect(wrapper.text()).toContain('回到首页')
    expect(wrapper.text()).not.toContain('重试')
  })

  it('should offer to try again after a network failure, with the same token', async () => {
    vi.mocked(api.redeemHandoff).mockRejectedValueOnce(new ApiRequestError('network_error', '网络连接失败，请检查网络后重试', null))
    vi.mocked(api.redeemHandoff).mockResolvedValueOnce({ target: '/list', signedIn: false })
    const { wrapper, router } = await open(`#${TOKEN}`)
    const retry = wrapper.findAll('button').find(b => b.text() === '重试')!
    await retry.trigger('click')
    expect((await nextRoute(router)).path).toBe('/list')
    expect(vi.mocked(api.redeemHandoff).mock.calls).toEqual([[TOKEN], [TOKEN]])
  })

  it('should explain what to do when the link has no token', async () => {
    const { wrapper } = await open('')
    expect(api.redeemHandoff).not.toHaveBeenCalled()
    expect(wrapper.get('[role="alert"]').text()).toContain('这个链接不完整')
  })

  it('should never navigate anywhere but our own resident screens', async () => {
    vi.mocked(api.redeemHandoff).mockResolvedValue({ target: '//evil.example/x', signedIn: false })
    const { router } = await open(`#${TOKEN}`)
    expect((await nextRoute(router)).path).not.toBe('/handoff')
    expect(router.currentRoute.value.fullPath).not.toContain('evil')
  })
})
