// @vitest-environment happy-dom
import type { NotificationChannels } from '../api'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage } from '../../../app/testing'
import * as api from '../api'
import * as device from '../device'
import NotificationChannelsView from './NotificationChannels.vue'

vi.mock('../api', () => ({ fetchChannels: vi.fn(), saveChannels: vi.fn(), registerDevice: vi.fn() }))
vi.mock('../device', () => ({
  pushSupported: vi.fn(() => true),
  notificationPermission: vi.fn(() => 'default'),
  deviceSubscription: vi.fn(async () => null),
  subscribeDevice: vi.fn(),
  unsubscribeDevice: vi.fn(async () => true),
}))

const KEY = `B${'A'.repeat(86)}`
const SUBSCRIPTION = { endpoint: 'https://fcm.googleapis.com/fcm/send/abc', expirationTime: null, keys: { p256dh: KEY, auth: 'A'.repeat(22) } }

function channels(over: { sms?: Partial<NotificationChannels['sms']>, push?: Partial<NotificationChannels['push']> } = {}): NotificationChannels {
  return {
    sms: { available: true, enabled: true, phoneMasked: '137****1001', ...over.sms },
    push: { available: true, enabled: true, vapidPublicKey: KEY, devices: 0, ...over.push },
  }
}

async function mounted() {
  const { wrapper } = await mountPage(NotificationChannelsView)
  await flushPromises()
  const switchOf = (name: string) => wrapper.find(`[role="switch"][aria-label="${name}"]`)
  return { wrapper, sms: () => switchOf('短信提醒'), push: () => switchOf('手机通知') }
}

describe('notificationChannels', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(api.fetchChannels).mockResolvedValue(channels())
    vi.mocked(device.pushSupported).mockReturnValue(true)
    vi.mocked(device.notificationPermission).mockReturnValue('default')
    vi.mocked(device.deviceSubscription).mockResolvedValue(null)
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should say what is sent, where, and that nothing is sent at night', async () => {
    const { wrapper, sms, push } = await mounted()
    expect(wrapper.get('h2').text()).toBe('消息提醒')
    expect(wrapper.text()).toContain('申请受理、需要补充材料、批准或不批准，以及工作人员邀请您家申请时')
    expect(wrapper.text()).toContain('不含金额、病情等内容')
    expect(wrapper.text()).toContain('发到 137****1001')
    expect(wrapper.text()).toContain('晚上 21 点到早上 8 点不发送，早上 8 点后再发。')
    expect(sms().attributes('aria-checked')).toBe('true')
    // Push is this device's: off until this phone subscribes.
    expect(push().attributes('aria-checked')).toBe('false')
  })

  it('should turn texts off and keep them off when the server takes it', async () => {
    vi.mocked(api.saveChannels).mockResolvedValue(channels({ sms: { enabled: false } }))
    const { wrapper, sms } = await mounted()
    await sms().trigger('click')
    await flushPromises()
    expect(api.saveChannels).toHaveBeenCalledWith({ sms: false })
    expect(sms().attributes('aria-checked')).toBe('false')
    expect(wrapper.find('[role="status"]').text()).toBe('已保存')
  })

  it('should put texts back on and say why when the server refuses the change', async () => {
    vi.mocked(api.saveChannels).mockRejectedValue(new ApiRequestError('network_error', '网络不通', null))
    const { wrapper, sms } = await mounted()
    await sms().trigger('click')
    await flushPromises()
    expect(sms().attributes('aria-checked')).toBe('true')
    expect(wrapper.get('[role="alert"]').text()).toBe('没有改成功，请重试：网络不通')
  })

  it('should not offer texts to an account without a phone', async () => {
    vi.mocked(api.fetchChannels).mockResolvedValue(channels({ sms: { phoneMasked: null, enabled: false } }))
    const { wrapper, sms } = await mounted()
    expect(wrapper.text()).toContain('您的账号没有手机号，无法发短信')
    expect(sms().exists()).toBe(false)
  })

  it('should subscribe this phone with the server\'s key and register it when push is turned on', async () => {
    vi.mocked(device.subscribeDevice).mockResolvedValue({ ok: true, subscription: SUBSCRIPTION })
    vi.mocked(api.registerDevice).mockResolvedValue(channels({ push: { devices: 1 } }))
    const { push } = await mounted()
    await push().trigger('click')
    await flushPromises()
    expect(device.subscribeDevice).toHaveBeenCalledWith(KEY)
    expect(api.registerDevice).toHaveBeenCalledWith(SUBSCRIPTION)
    expect(push().attributes('aria-checked')).toBe('true')
  })

  it('should stay off and say how to allow notifications when the person refuses them', async () => {
    vi.mocked(device.subscribeDevice).mockResolvedValue({ ok: false, reason: 'denied' })
    const { wrapper, push } = await mounted()
    await push().trigger('click')
    await flushPromises()
    expect(api.registerDevice).not.toHaveBeenCalled()
    expect(push().attributes('aria-checked')).toBe('false')
    expect(wrapper.get('[role="alert"]').text()).toContain('您已不允许本网站发通知')
  })

  it('should say how to allow notifications when this browser blocks them, with the switch disabled', async () => {
    vi.mocked(device.notificationPermission).mockReturnValue('denied')
    const { wrapper, push } = await mounted()
    expect(wrapper.text()).toContain('请先在手机浏览器的设置里允许通知')
    expect(push().attributes('aria-disabled')).toBe('true')
  })

  it('should unsubscribe this phone when push is turned off, and tell of the other devices still on', async () => {
    vi.mocked(device.deviceSubscription).mockResolvedValue({} as PushSubscription)
    vi.mocked(api.fetchChannels).mockResolvedValueOnce(channels({ push: { devices: 2 } })).mockResolvedValueOnce(channels({ push: { devices: 1 } }))
    const { wrapper, push } = await mounted()
    expect(push().attributes('aria-checked')).toBe('true')
    expect(wrapper.text()).toContain('您还有 1 部其他设备开着手机通知')
    await push().trigger('click')
    await flushPromises()
    expect(device.unsubscribeDevice).toHaveBeenCalledOnce()
    expect(push().attributes('aria-checked')).toBe('false')
    expect(wrapper.text()).toContain('您还有 1 部其他设备开着手机通知')
  })

  it.each([
    ['the server has no VAPID key', () => vi.mocked(api.fetchChannels).mockResolvedValue(channels({ push: { available: false, enabled: false, vapidPublicKey: null } }))],
    ['the browser has no Push', () => vi.mocked(device.pushSupported).mockReturnValue(false)],
  ])('should not offer phone notifications when %s', async (_when, arrange) => {
    arrange()
    const { sms, push } = await mounted()
    expect(sms().exists()).toBe(true)
    expect(push().exists()).toBe(false)
  })

  it('should show nothing when neither channel can be offered', async () => {
    vi.mocked(api.fetchChannels).mockResolvedValue(channels({ sms: { available: false }, push: { available: false, vapidPublicKey: null } }))
    const { wrapper } = await mounted()
    expect(wrapper.find('section').exists()).toBe(false)
  })

  it('should say why and offer a retry when the settings cannot be read', async () => {
    vi.mocked(api.fetchChannels).mockRejectedValueOnce(new ApiRequestError('network_error', '网络不通', null))
    const { wrapper, sms } = await mounted()
    expect(wrapper.get('[role="alert"]').text()).toContain('提醒设置没有读取成功：网络不通')
    await wrapper.findAll('button').find(b => b.text() === '重试')!.trigger('click')
    await flushPromises()
    expect(sms().exists()).toBe(true)
  })
})
