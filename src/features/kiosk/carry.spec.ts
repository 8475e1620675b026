// @vitest-environment happy-dom
import type { StoredDraft } from '../application/draft'
import { until } from '@vueuse/core'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { useDraft } from '../../app/composables/useDraft'
import { emptyIndexedDB, readState } from '../../app/idb-test-support'
import * as accountApi from '../account/api'
import * as applicationApi from '../application/api'
import { DRAFT_KEY, useApplicationStore } from '../application/store'
import { RESIDENT, storedDraft } from '../application/test-support'
import { CarryError, gatherCarried, takeCarried, typedDraftsOf } from './carry'

vi.mock('../application/api', () => ({
  uploadAttachment: vi.fn(),
  fetchServerDraft: vi.fn(),
  saveServerDraft: vi.fn(),
  deleteServerDraft: vi.fn(),
  fetchApplicationStart: vi.fn(),
  submitApplication: vi.fn(),
}))
vi.mock('../account/api', () => ({ fetchSession: vi.fn() }))

/** 刘芳 at a kiosk, signed in by SMS, her household not bound yet. */
const UNBOUND = { ...RESIDENT, id: 'u4', household: null }

/** A fresh machine: a kiosk at the start of a turn, or the phone that scans its QR. */
async function freshDevice(user: typeof RESIDENT | typeof UNBOUND) {
  setActivePinia(createPinia())
  await emptyIndexedDB()
  sessionStorage.clear()
  vi.mocked(accountApi.fetchSession).mockResolvedValue({ user: structuredClone(user) } as Awaited<ReturnType<typeof accountApi.fetchSession>>)
}

/** The application form as the kiosk shows it, with the applicant's name typed. */
async function typeApplicantName(name: string) {
  const application = useApplicationStore()
  await until(() => application.ready).toBe(true)
  await application.open()
  application.form.members[0]!.name = name
  application.step = 'members'
  await nextTick()
  return application
}

beforeEach(() => {
  vi.resetAllMocks()
  vi.mocked(applicationApi.fetchServerDraft).mockResolvedValue({ draft: null, savedAt: null })
  vi.mocked(applicationApi.saveServerDraft).mockResolvedValue({ savedAt: '2026-03-01T10:00:00.000Z' })
})

describe('what 在手机上继续 carries (kiosk side)', () => {
  it('should carry the application draft of a resident whose household is not bound yet', async () => {
    await freshDevice(UNBOUND)
    await typeApplicantName('刘芳')
    const work = await gatherCarried('/apply')
    const carried = work.application as StoredDraft
    expect(carried.form.members[0]!.name).toBe('刘芳')
    expect(carried.meta.step).toBe('members')
    expect(applicationApi.saveServerDraft).not.toHaveBeenCalled()
  })

  it('should leave a bound household\'s draft to the account, written there first', async () => {
    await freshDevice(RESIDENT)
    vi.mocked(applicationApi.fetchApplicationStart).mockResolvedValue({ registered: [], standing: [] })
    await typeApplicantName('李建国')
    const work = await gatherCarried('/apply')
    expect(work).toEqual({})
    const saved = vi.mocked(applicationApi.saveServerDraft).mock.lastCall![0] as StoredDraft
    expect(saved.form.members[0]!.name).toBe('李建国')
  })

  it('should refuse to open the phone without a photo the kiosk could not upload', async () => {
    await freshDevice(UNBOUND)
    const application = await typeApplicantName('刘芳')
    vi.mocked(applicationApi.uploadAttachment).mockRejectedValue(new Error('offline'))
    await application.addPhoto('户口本.jpg', { data: 'AAAA', type: 'image/jpeg', size: 3, thumb: 'data:image/jpeg;base64,AAAA' })
    await expect(gatherCarried('/apply')).rejects.toEqual(new CarryError('photos'))
  })

  it('should carry the forms typed on the screen and leave those of other screens behind', async () => {
    await freshDevice(UNBOUND)
    useDraft('enquiry', { number: '' }).value.number = 'XFM-2026-000123'
    useDraft('login', { phone: '' }).value.phone = '13800138004'
    useDraft('needs.new', { description: '' }).value.description = '想要一台收音机'
    await nextTick()
    expect(typedDraftsOf('/progress')).toEqual({ enquiry: { number: 'XFM-2026-000123' } })
    expect(typedDraftsOf('/needs/new')).toEqual({ 'needs.new': { description: '想要一台收音机' } })
    expect(typedDraftsOf('/list')).toBeUndefined()
    expect(await gatherCarried('/progress')).toEqual({ forms: { enquiry: { number: 'XFM-2026-000123' } } })
  })
})

describe('what the phone takes from a hand-off', () => {
  it('should open the application with the name typed on the kiosk, as the resident\'s own draft', async () => {
    await freshDevice(UNBOUND)
    await typeApplicantName('刘芳')
    const { application } = await gatherCarried('/apply')

    await freshDevice(UNBOUND)
    await takeCarried('/apply', { application: JSON.parse(JSON.stringify(application)) })
    const onPhone = useApplicationStore()
    expect(onPhone.form.members[0]!.name).toBe('刘芳')
    expect(onPhone.step).toBe('members')
    expect(onPhone.draft.meta.ownerId).toBe(UNBOUND.id)
    // Kept on the phone: a reload of /apply finds it.
    await expect.poll(async () => (await readState<StoredDraft>(DRAFT_KEY))?.form.members[0]?.name).toBe('刘芳')
  })

  it('should take an application draft only into the application', async () => {
    await freshDevice(UNBOUND)
    await takeCarried('/progress', { application: storedDraft() })
    expect(await readState(DRAFT_KEY)).toBeUndefined()
  })

  it('should put the screen\'s forms where they are read, and nothing else', async () => {
    await freshDevice(UNBOUND)
    await takeCarried('/needs/new', { forms: { 'needs.new': { category: 'repair', description: '屋顶漏雨' }, 'login': { phone: '13800138004' } } })
    expect(useDraft('needs.new', { category: 'goods', description: '', photo: null }).value).toEqual({ category: 'repair', description: '屋顶漏雨', photo: null })
    expect(sessionStorage.getItem('xfm.draft.login')).toBeNull()
  })
})
