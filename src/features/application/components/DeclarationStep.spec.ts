// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { writeState } from '../../../app/idb-test-support'
import { HANDOFF_KEY } from '../../diagnosis/store'
import { alerts, choose, click, fieldValue, fill, heading, openApply, page, stored, useApplyPage } from '../page-test-support'
import { answers, completeForm, emptyDeclarationForm, handoff, storedDraft } from '../test-support'

vi.mock('../api', async () => (await import('../test-support')).fakeApplicationApi())
vi.mock('../../account/api', async () => (await import('../test-support')).fakeAccountApi())

useApplyPage()

/** A diagnosis of two people with 4 000 yuan each, no vehicle, no other housing. */
function twoPersonDiagnosis() {
  const a = answers()
  return handoff({ answers: { ...a, members: a.members.slice(0, 2), assets: { depositsPerCapita: 4000, vehicles: 0, extraHousing: false } } })
}

async function openDeclaration(fromDiagnosis: boolean) {
  const diagnosis = twoPersonDiagnosis()
  if (fromDiagnosis)
    await writeState(HANDOFF_KEY, diagnosis)
  await openApply(storedDraft(emptyDeclarationForm(), { step: 'declaration', handoffAt: fromDiagnosis ? diagnosis.createdAt : null }))
  expect(heading()).toBe('家庭财产申报')
}

function radio(option: string): HTMLInputElement {
  return page().findAll('label').find(l => l.text() === option && l.find('input[type="radio"]').exists())!.get('input').element as HTMLInputElement
}

describe('the declaration of assets', () => {
  it('should show the diagnosis\' figures with the working and fill them in only when asked', async () => {
    await openDeclaration(true)
    expect(page().text()).toContain('自诊时：人均 4\u2009000 元 × 2 人 = 8\u2009000 元')
    expect(fieldValue('存款、现金和理财等，全家合计')).toBe('')
    expect(fieldValue('汽车、摩托车等机动车')).toBe('')
    await click('用自诊时填写的数字')
    expect(fieldValue('存款、现金和理财等，全家合计')).toBe('8000')
    expect(fieldValue('汽车、摩托车等机动车')).toBe('0')
    expect(radio('没有').checked).toBe(true)
    expect(page().text()).toContain('已填入自诊时的数字，请核对；有变化的直接改。')
    // Per capita for this application's three members, not the diagnosis' two.
    expect(page().text()).toContain('按本次申请的 3 人算，人均 2\u2009666.67 元。')
    expect((await stored()).form.declaration).toEqual({ deposits: '8000', vehicles: '0', extraHousing: false, fromDiagnosis: { deposits: '8000', vehicles: '0', extraHousing: false } })
  })

  it('should stop counting the figures as the diagnosis\' once the resident changes one', async () => {
    await openDeclaration(true)
    await click('用自诊时填写的数字')
    await fill('存款、现金和理财等，全家合计', '9000')
    expect(page().text()).toContain('您已修改了自诊时的数字，按您现在填写的申报。')
    expect(page().text()).toContain('人均 3\u2009000 元')
  })

  it('should offer nothing from a diagnosis when the form did not start from one', async () => {
    await openDeclaration(false)
    expect(page().findAll('button').map(b => b.text())).not.toContain('用自诊时填写的数字')
    expect(page().text()).not.toContain('自诊时')
  })

  it('should say exactly what is wrong with each number and stay', async () => {
    await openDeclaration(false)
    await fill('存款、现金和理财等，全家合计', '1e12')
    await fill('汽车、摩托车等机动车', '1.5')
    await click('下一步')
    expect(heading()).toBe('家庭财产申报')
    expect(alerts()).toEqual(expect.arrayContaining([
      '没能认出这个数，请只写数字，如 1200、1200.5 或 1.5万',
      '请填整数',
      '请选择一项',
    ]))
    await fill('存款、现金和理财等，全家合计', '-5')
    expect(alerts()).toContain('不能是负数')
    await fill('存款、现金和理财等，全家合计', '6000万')
    expect(alerts()).toContain('超过了 50000000，请核对是不是多写了数字')
  })

  it('should read 1.5万 and full-width digits as meant, say so, and go on', async () => {
    await openDeclaration(false)
    await fill('存款、现金和理财等，全家合计', '1.5万')
    expect(page().text()).toContain('按 15\u2009000 元 计')
    expect(page().text()).toContain('按本次申请的 3 人算，人均 5\u2009000 元。')
    await fill('汽车、摩托车等机动车', '１')
    await choose('除了现在住的房子，家里还有别的住房吗？', '没有')
    await click('下一步')
    expect(heading()).toBe('申请哪些救助')
    expect((await stored()).form.declaration).toMatchObject({ deposits: '1.5万', vehicles: '１', extraHousing: false, fromDiagnosis: null })
  })

  it('should show the declaration on the review step', async () => {
    await openApply(storedDraft(completeForm({ declaration: { deposits: '1.5万', vehicles: '1', extraHousing: true, fromDiagnosis: null } }), { step: 'review' }))
    const part = page().get('section[aria-labelledby="review-declaration"]').text()
    expect(part).toContain('15\u2009000 元（3 人，人均 5\u2009000 元）')
    expect(part).toContain('1 辆')
    expect(part).toContain('现住房以外的住房有')
  })
})
