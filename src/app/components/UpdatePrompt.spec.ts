// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { i18n } from '../i18n'
import UpdatePrompt from './UpdatePrompt.vue'

const needRefresh = ref(false)
const updateServiceWorker = vi.fn()
vi.mock('virtual:pwa-register/vue', () => ({ useRegisterSW: () => ({ needRefresh, updateServiceWorker }) }))

describe('updatePrompt', () => {
  it('should say nothing while no new version waits', () => {
    needRefresh.value = false
    expect(mount(UpdatePrompt, { global: { plugins: [i18n] } }).text()).toBe('')
  })

  it('should offer the waiting version and activate it on tap', async () => {
    needRefresh.value = true
    const wrapper = mount(UpdatePrompt, { global: { plugins: [i18n] } })
    expect(wrapper.text()).toBe('新版本可用，点击刷新')
    await wrapper.find('button').trigger('click')
    expect(updateServiceWorker).toHaveBeenCalledWith(true)
  })
})
