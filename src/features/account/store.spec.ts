import type { SessionResponse, SessionUser } from '../../domain/http/auth'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from './api'
import { useSessionStore } from './store'

vi.mock('./api', () => ({ fetchSession: vi.fn(), verifySmsCode: vi.fn() }))

const RESIDENT: SessionUser = {
  id: 'u1',
  role: 'resident',
  displayName: '王秀英',
  phoneMasked: '137****7002',
  areaCode: null,
  areaName: null,
  department: null,
  household: null,
}

/** Session questions the test answers by hand, in the order it chooses. */
function heldAnswers() {
  const answers: ((res: SessionResponse) => void)[] = []
  vi.mocked(api.fetchSession).mockImplementation(() => new Promise(resolve => answers.push(resolve)))
  return answers
}

describe('the session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(api.fetchSession).mockReset()
    vi.mocked(api.verifySmsCode).mockReset()
  })

  it('asks once for callers that come while a question is out', async () => {
    const answers = heldAnswers()
    const session = useSessionStore()
    const both = Promise.all([session.ensureLoaded(), session.ensureLoaded()])
    expect(answers).toHaveLength(1)
    answers[0]!({ user: RESIDENT })
    await both
    expect(session.user).toEqual(RESIDENT)
  })

  // The kiosk hand-off (issue #16): a background check set out before the phone was signed in.
  it('asks again on refresh rather than taking the answer to a question sent before the sign-in', async () => {
    const answers = heldAnswers()
    const session = useSessionStore()
    const background = session.ensureLoaded()
    const refreshed = session.refresh()
    expect(answers).toHaveLength(2)
    answers[0]!({ user: null })
    answers[1]!({ user: RESIDENT })
    await Promise.all([background, refreshed])
    expect(session.user).toEqual(RESIDENT)
    expect(session.loaded).toBe(true)
  })

  it('keeps the newer answer when the older one arrives last', async () => {
    const answers = heldAnswers()
    const session = useSessionStore()
    const background = session.ensureLoaded()
    const refreshed = session.refresh()
    answers[1]!({ user: RESIDENT })
    await refreshed
    answers[0]!({ user: null })
    await background
    expect(session.user).toEqual(RESIDENT)
  })

  it('lets a caller of the older question wait for the newer answer', async () => {
    const answers = heldAnswers()
    const session = useSessionStore()
    const background = session.ensureLoaded()
    void session.refresh()
    answers[0]!({ user: null })
    let settled = false
    void background.then(() => (settled = true))
    await Promise.resolve()
    await Promise.resolve()
    expect(settled).toBe(false)
    answers[1]!({ user: RESIDENT })
    await background
    expect(session.user).toEqual(RESIDENT)
  })

  it('is not signed out again by a check that set out before an SMS sign-in', async () => {
    const answers = heldAnswers()
    vi.mocked(api.verifySmsCode).mockResolvedValue({ user: RESIDENT })
    const session = useSessionStore()
    const background = session.ensureLoaded()
    await session.signInWithSms({ phone: '13700137002', code: '123456' })
    answers[0]!({ user: null })
    await background
    expect(session.user).toEqual(RESIDENT)
    expect(session.signedIn).toBe(true)
  })
})
