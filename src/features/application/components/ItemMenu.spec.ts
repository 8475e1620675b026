// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'

import { writeState } from '../../../app/idb-test-support'
import { HANDOFF_KEY } from '../../diagnosis/store'
import * as api from '../api'
import { emptyDraft } from '../draft'
import { alerts, click, closeApply, heading, openApply, page, stored, useApplyPage } from '../page-test-support'
import { applicationStart, completeForm, handoff, storedDraft } from '../test-support'

vi.mock('../api', async () => (await import('../test-support')).fakeApplicationApi())
vi.mock('../../account/api', async () => (await import('../test-support')).fakeAccountApi())

useApplyPage()

function box(code: string): HTMLInputElement {
  return page().get(`input[name="item-${code}"]`).element as HTMLInputElement
}

function noteOf(code: string): string {
  return page().find(`#item-${code}-note`).exists() ? page().get(`#item-${code}-note`).text() : ''
}

async function tick(code: string, on = true) {
  await page().get(`input[name="item-${code}"]`).setValue(on)
  await flushPromises()
}

describe('the item menu', () => {
  it('should not offer what the household already receives, and say since when and whom to ask', async () => {
    vi.mocked(api.fetchApplicationStart).mockResolvedValue(applicationStart({ standing: [{ item: 'dibao', state: 'receiving', since: '2026-01', applicationNumber: null }] }))
    await openApply(storedDraft(completeForm({ items: ['dibao', 'medical'] }), { step: 'items' }))
    expect(box('dibao').checked).toBe(false)
    expect(box('dibao').disabled).toBe(true)
    expect(noteOf('dibao')).toContain('您家已在享受最低生活保障（低保）（自 2026年1月 起）')
    expect(noteOf('dibao')).toContain('请联系村（社区）或乡镇（街道）的社会救助窗口')
    expect((await stored()).form.items).toEqual(['medical'])
    // 特困 replaces 低保: not offered to a 低保 household either (the server would refuse it).
    expect(box('tekun').disabled).toBe(true)
    expect(noteOf('tekun')).toContain('您家已在享受最低生活保障（低保）（自 2026年1月 起），不能同时申请特困人员救助供养')
    expect(box('medical').disabled).toBe(false)
    // What it receives lets the special items start at once.
    expect((page().get('input[name="receiving-dibao"]').element as HTMLInputElement).checked).toBe(true)
  })

  it('should not offer what is being decided, and link to its progress', async () => {
    vi.mocked(api.fetchApplicationStart).mockResolvedValue(applicationStart({ standing: [{ item: 'medical', state: 'open', since: null, applicationNumber: 'SQ20260301-0001' }] }))
    await openApply(storedDraft(completeForm({ items: ['dibao'] }), { step: 'items' }))
    expect(box('medical').disabled).toBe(true)
    expect(noteOf('medical')).toContain('已在办理中（申请编号 SQ20260301-0001）')
    expect(page().get('#item-medical-note a').attributes('href')).toBe('/progress')
  })

  it('should swap 低保 for 特困 when 特困 is ticked, and say why', async () => {
    await openApply(storedDraft(completeForm({ items: ['dibao'] }), { step: 'items' }))
    await tick('tekun')
    expect(box('tekun').checked).toBe(true)
    expect(box('dibao').checked).toBe(false)
    expect(page().get('.swap-note').text()).toBe('低保和特困供养不会同时给同一户，已改为申请特困人员救助供养，取消了最低生活保障（低保）。')
    expect((await stored()).form.items).toEqual(['tekun'])
  })

  it('should never pre-tick 低保 and 特困 together from a diagnosis', async () => {
    await writeState(HANDOFF_KEY, handoff({ items: ['dibao', 'tekun', 'medical'] }))
    const draft = emptyDraft()
    await openApply(draft)
    const ticked = (await stored()).form.items
    expect(ticked.filter(i => i === 'dibao' || i === 'tekun')).toEqual(['dibao'])
    expect(ticked).toContain('medical')
  })

  it('should offer 两癌 only when the application has a woman', async () => {
    await openApply(storedDraft(completeForm(), { step: 'items' }))
    expect(box('two_cancers').disabled).toBe(false)
    closeApply()
    const form = completeForm()
    const [zhang] = form.members.splice(1, 1)
    form.removed = [{ member: zhang, reason: 'moved_out', note: '', position: 1 }]
    await openApply(storedDraft(form, { step: 'items' }))
    expect(box('two_cancers').disabled).toBe(true)
    expect(noteOf('two_cancers')).toBe('这一项只面向妇女：按身份证号，本次申请的成员中没有女性。')
  })

  it('should bring its error into view and give it focus', async () => {
    const scrolled = vi.fn()
    const original = Element.prototype.scrollIntoView
    Element.prototype.scrollIntoView = scrolled
    try {
      await openApply(storedDraft(completeForm({ items: [] }), { step: 'items' }))
      await click('下一步')
      expect(heading()).toBe('申请哪些救助')
      expect(alerts()).toContain('请至少选择一项救助')
      const error = page().get('.item-menu > .form-error').element
      expect(document.activeElement).toBe(error)
      expect(scrolled.mock.contexts[0]).toBe(error)
    }
    finally {
      Element.prototype.scrollIntoView = original
    }
  })
})
