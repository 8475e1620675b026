// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountPage } from '../testing'
import PageHeader from './PageHeader.vue'

vi.mock('../../features/account/api', () => ({ fetchSession: vi.fn(async () => ({ user: null })) }))

async function header(back: boolean) {
  const { wrapper, router } = await mountPage({ components: { PageHeader }, template: `<PageHeader title="幸福清单" :back="${back}" />` }, { path: '/progress' })
  return { wrapper, router }
}

describe('page header', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    window.history.replaceState(null, '')
  })

  it('should offer 返回 as a real button, not as text in a div', async () => {
    const { wrapper } = await header(true)
    const back = wrapper.get('button.back-button')
    expect(back.attributes('type')).toBe('button')
    expect(back.text()).toBe('返回')
    // The arrow is drawn, not read out.
    expect(back.get('.van-icon').attributes('aria-hidden')).toBe('true')
  })

  it('should go back where the person came from', async () => {
    const { wrapper, router } = await header(true)
    window.history.replaceState({ back: '/' }, '')
    const back = vi.spyOn(router, 'back').mockReturnValue(undefined)
    await wrapper.get('button.back-button').trigger('click')
    expect(back).toHaveBeenCalledTimes(1)
  })

  it('should go home when the page was opened directly (nothing to go back to)', async () => {
    const { wrapper, router } = await header(true)
    const push = vi.spyOn(router, 'push').mockResolvedValue(undefined)
    await wrapper.get('button.back-button').trigger('click')
    expect(push).toHaveBeenCalledWith('/')
  })

  it('should name the page in its one h1 and show no back button when not asked to', async () => {
    const { wrapper } = await header(false)
    expect(wrapper.get('h1').text()).toBe('幸福清单')
    expect(wrapper.find('button').exists()).toBe(false)
  })
})
