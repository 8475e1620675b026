// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage, settle } from '../../../app/testing'
import MePage from './MePage.vue'

vi.mock('../api', () => ({ fetchSession: vi.fn(async () => ({ user: null })), logout: vi.fn(async () => ({ user: null })) }))

describe('mePage', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    localStorage.clear()
  })

  it('should switch elder mode on the whole document and remember it', async () => {
    const { wrapper } = await mountPage(MePage, { path: '/me' })
    await wrapper.find('[role="switch"]').trigger('click')
    await settle()
    expect(document.documentElement.classList.contains('elder')).toBe(true)
    expect(localStorage.getItem('xfm.elderMode')).toBe('true')
  })

  it('should switch the language and the document lang', async () => {
    const { wrapper } = await mountPage(MePage, { path: '/me' })
    await wrapper.findAll('[role="radio"]').find(r => r.text().includes('English'))!.trigger('click')
    await vi.waitFor(() => expect(document.documentElement.lang).toBe('en'))
    await settle()
    expect(wrapper.text()).toContain('Large text mode')
  })
})
