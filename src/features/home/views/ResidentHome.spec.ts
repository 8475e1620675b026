// @vitest-environment happy-dom
import type { SessionUser } from '../../../domain/http/auth'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountPage } from '../../../app/testing'
import { yieldToMain } from '../../../app/yield-to-main'
import * as accountApi from '../../account/api'
import { useSessionStore } from '../../account/store'
import ResidentHome from './ResidentHome.vue'

vi.mock('../../account/api', () => ({ fetchSession: vi.fn() }))

const household = { id: 'h1', areaCode: '339901001001', areaName: '和美村', headName: '李建国', memberCount: 3 }
const resident: SessionUser = { id: 'u1', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null, household }

/** The home page as the route guard leaves it: `user` known (loaded) or not (offline). */
async function open(user: SessionUser | null, loaded = true) {
  // The page checks the session is still alive; the server says the same.
  vi.mocked(accountApi.fetchSession).mockResolvedValue({ user })
  const mounted = await mountPage(ResidentHome, { path: '/', before: (pinia) => {
    const session = useSessionStore(pinia)
    session.user = user
    session.loaded = loaded
  } })
  await flushPromises()
  // The entries come a task after the greeting.
  await yieldToMain()
  await flushPromises()
  return mounted
}

describe('resident home', () => {
  beforeEach(() => {
    vi.clearAllMocks()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should greet the household and ask nothing more of a bound resident', async () => {
    const { wrapper } = await open(resident)
    expect(wrapper.text()).toContain('您好，李建国')
    expect(wrapper.find('.bind-prompt').exists()).toBe(false)
  })

  it('should lead to every service from its entries', async () => {
    const { wrapper } = await open(resident)
    const entries = wrapper.findAll('a.entry')
    expect(entries.map(a => a.attributes('href'))).toEqual(['/diagnosis', '/apply', '/progress', '/list', '/code', '/needs', '/visits'])
    expect(entries[0]!.text()).toContain('救助自诊')
  })

  it('should give a resident without a household the one step to take: 去绑定', async () => {
    const { wrapper } = await open({ ...resident, household: null })
    const prompt = wrapper.get('.bind-prompt')
    expect(prompt.text()).toContain('绑定家庭后，可查看全家的幸福清单和幸福码')
    expect(prompt.get('button').text()).toBe('去绑定')
  })

  it('should not tell a household it is unbound when offline after a reload (the session is unknown)', async () => {
    const { wrapper } = await open(null, false)
    expect(wrapper.find('.bind-prompt').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('绑定家庭后')
    expect(wrapper.text()).not.toContain('您好')
  })
})
