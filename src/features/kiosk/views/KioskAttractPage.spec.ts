// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { mountPage } from '../../../app/testing'
import { KIOSK_STORAGE_KEY } from '../store'
import KioskAttractPage from './KioskAttractPage.vue'

describe('kioskAttractPage', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    localStorage.clear()
  })

  async function mountKiosk() {
    localStorage.setItem(KIOSK_STORAGE_KEY, JSON.stringify({ enabled: true, idleSeconds: 90, countdownSeconds: 30 }))
    return (await mountPage(KioskAttractPage, { path: '/kiosk' })).wrapper
  }

  const languageButtons = (wrapper: Awaited<ReturnType<typeof mountKiosk>>) => wrapper.findAll('button[lang]')

  it('should offer the two other languages, each named in itself', async () => {
    const wrapper = await mountKiosk()
    expect(languageButtons(wrapper).map(b => [b.attributes('lang'), b.text()])).toEqual([['zh-TW', '繁體中文'], ['en', 'English']])
  })

  it('should show traditional characters after 繁體中文 is tapped, and offer 简体中文 back', async () => {
    const wrapper = await mountKiosk()
    expect(wrapper.text()).toContain('幸福码 · 自助服务')
    await languageButtons(wrapper).find(b => b.text() === '繁體中文')!.trigger('click')
    await expect.poll(() => document.documentElement.lang).toBe('zh-TW')
    await flushPromises()
    expect(wrapper.text()).toContain('幸福碼 · 自助服務')
    expect(wrapper.text()).toContain('長輩版')
    expect(wrapper.text()).not.toContain('幸福码')
    expect(languageButtons(wrapper).map(b => b.text())).toEqual(['简体中文', 'English'])
  })

  it('should name the mode button by what a tap does, without also calling it pressed', async () => {
    const wrapper = await mountKiosk()
    const modeButton = () => wrapper.findAll('button:not([lang])').find(b => /长辈版|标准版/.test(b.text()))!
    expect(modeButton().text()).toContain('长辈版')
    await modeButton().trigger('click')
    await flushPromises()
    expect(modeButton().text()).toBe('切换到标准版')
    expect(modeButton().attributes('aria-pressed')).toBeUndefined()
  })
})
