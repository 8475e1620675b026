// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage } from '../../../app/testing'
import * as api from '../handoff-api'
import HandoffButton from './HandoffButton.vue'

vi.mock('../handoff-api', async importOriginal => ({
  ...await importOriginal<typeof import('../handoff-api')>(),
  createHandoff: vi.fn(),
  handoffStatus: vi.fn(),
  cancelHandoff: vi.fn(),
}))

const TOKEN = 't'.repeat(43)
let unmount: (() => void) | undefined

async function open(path: string) {
  const mounted = await mountPage(HandoffButton, { path })
  unmount = () => mounted.wrapper.unmount()
  await flushPromises()
  return mounted
}

const button = (wrapper: Awaited<ReturnType<typeof open>>['wrapper']) => wrapper.findAll('button').find(b => b.text() === '在手机上继续')

beforeEach(() => {
  // Unmounting withdraws a QR still on screen.
  vi.mocked(api.cancelHandoff).mockResolvedValue()
})

afterEach(() => {
  unmount?.()
  sessionStorage.clear()
  vi.useRealTimers()
  vi.resetAllMocks()
})

describe('handoffButton (在手机上继续 on a kiosk)', () => {
  it('should only be offered on resident screens that a phone can continue', async () => {
    expect(button((await open('/staff')).wrapper)).toBeUndefined()
    unmount?.()
    expect(button((await open('/kiosk/setup')).wrapper)).toBeUndefined()
    unmount?.()
    expect(button((await open('/progress')).wrapper)).toBeDefined()
  })

  it('should carry the self-diagnosis answers, show the QR of the fragment URL and report when the phone took it', async () => {
    vi.mocked(api.createHandoff).mockResolvedValue({ id: 'h1', token: TOKEN, expiresAt: new Date(Date.now() + 180_000).toISOString() })
    vi.mocked(api.handoffStatus).mockResolvedValueOnce('waiting').mockResolvedValue('redeemed')
    const { wrapper } = await open('/diagnosis')
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    await button(wrapper)!.trigger('click')
    await expect.poll(() => wrapper.find('[role="img"]').exists()).toBe(true)

    const [target, carried] = vi.mocked(api.createHandoff).mock.calls[0]!
    expect(target).toBe('/diagnosis')
    expect(carried).toEqual({ diagnosis: expect.objectContaining({ step: 'region', draft: expect.any(Object) }) })
    const qr = wrapper.get('[role="img"]')
    expect(qr.attributes('aria-label')).toBe('在手机上继续办理的二维码')
    expect(qr.html()).toContain('<svg')
    expect(wrapper.text()).toMatch(/二维码 1[78]\d 秒内有效，只能用一次/)

    await vi.advanceTimersByTimeAsync(2_000)
    expect(wrapper.emitted('taken')).toBeUndefined()
    await vi.advanceTimersByTimeAsync(2_000)
    await flushPromises()
    expect(wrapper.emitted('taken')).toHaveLength(1)
    expect(wrapper.text()).toContain('已在手机上打开')
  })

  it('should not put the answers of the self-diagnosis into a hand-off of another screen', async () => {
    vi.mocked(api.createHandoff).mockResolvedValue({ id: 'h2', token: TOKEN, expiresAt: new Date(Date.now() + 180_000).toISOString() })
    const { wrapper } = await open('/list')
    await button(wrapper)!.trigger('click')
    await expect.poll(() => api.createHandoff).toHaveBeenCalled()
    expect(vi.mocked(api.createHandoff).mock.calls[0]).toEqual(['/list', {}])
  })

  it('should carry what was typed into the screen\'s form', async () => {
    vi.mocked(api.createHandoff).mockResolvedValue({ id: 'h5', token: TOKEN, expiresAt: new Date(Date.now() + 180_000).toISOString() })
    sessionStorage.setItem('xfm.draft.enquiry', JSON.stringify({ number: 'XFM-2026-000123' }))
    const { wrapper } = await open('/progress')
    await button(wrapper)!.trigger('click')
    await expect.poll(() => api.createHandoff).toHaveBeenCalled()
    expect(vi.mocked(api.createHandoff).mock.calls[0]).toEqual(['/progress', { forms: { enquiry: { number: 'XFM-2026-000123' } } }])
  })

  it('should say why no QR could be made, and close again', async () => {
    vi.mocked(api.createHandoff).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败，请检查网络后重试', null))
    const { wrapper } = await open('/progress')
    await button(wrapper)!.trigger('click')
    await expect.poll(() => wrapper.find('[role="alert"]').exists()).toBe(true)
    expect(wrapper.get('[role="alert"]').text()).toBe('网络连接失败，请检查网络后重试')
    await wrapper.findAll('button').find(b => b.text() === '不用了，返回')!.trigger('click')
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
  })

  it('should offer a new QR once the old one ran out, by the kiosk\'s own clock', async () => {
    // The server's clock is an hour ahead: its expiresAt would look valid far too long.
    vi.mocked(api.createHandoff).mockResolvedValue({ id: 'h3', token: TOKEN, expiresAt: new Date(Date.now() + 3_600_000).toISOString() })
    vi.mocked(api.handoffStatus).mockResolvedValue('waiting')
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
    const { wrapper } = await open('/progress')
    await button(wrapper)!.trigger('click')
    await expect.poll(() => wrapper.find('[role="img"]').exists()).toBe(true)
    await vi.advanceTimersByTimeAsync(179_000)
    expect(wrapper.text()).toMatch(/二维码 \d 秒内有效/)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(wrapper.text()).toContain('二维码已过期')
    expect(wrapper.find('[role="img"]').exists()).toBe(false)
    await wrapper.findAll('button').find(b => b.text() === '重新生成二维码')!.trigger('click')
    await expect.poll(() => api.createHandoff).toHaveBeenCalledTimes(2)
  })

  it('should withdraw a QR nobody scanned when the person closes it, so a photo of it opens nothing', async () => {
    vi.mocked(api.createHandoff).mockResolvedValue({ id: 'h4', token: TOKEN, expiresAt: new Date(Date.now() + 180_000).toISOString() })
    const { wrapper } = await open('/progress')
    await button(wrapper)!.trigger('click')
    await expect.poll(() => wrapper.find('[role="img"]').exists()).toBe(true)
    await wrapper.findAll('button').find(b => b.text() === '不用了，返回')!.trigger('click')
    expect(api.cancelHandoff).toHaveBeenCalledWith('h4')
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
  })
})
