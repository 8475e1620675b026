// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import { flushPromises } from '@vue/test-utils'
import { values } from 'idb-keyval'
import { afterEach, describe, expect, it } from 'vitest'
import { appStore } from '../../../app/composables/useStoredState'
import { readState, writeState } from '../../../app/idb-test-support'
import { nextRoute } from '../../../app/testing'
import { elderlyDraft, mountAt, storeAnswers } from '../test-support'

function heading(w: VueWrapper): string {
  return w.get('h2').text()
}

async function clickButton(w: VueWrapper, text: string) {
  const button = w.findAll('button').find(b => b.text() === text)
  if (!button)
    throw new Error(`no button "${text}"`)
  await button.trigger('click')
  await flushPromises()
}

async function fill(w: VueWrapper, label: string, value: string) {
  const l = w.findAll('label').find(x => x.text() === label && x.attributes('for'))
  if (!l)
    throw new Error(`no field labelled "${label}"`)
  await w.get(`#${l.attributes('for')}`).setValue(value)
}

async function choose(w: VueWrapper, question: string, option: string) {
  const group = w.findAll('fieldset').find(f => f.find('legend').exists() && f.get('legend').text() === question)
    ?? w.findAll('[role="radiogroup"]').find(g => g.attributes('aria-label') === question)
  if (!group)
    throw new Error(`no question "${question}"`)
  const label = group.findAll('label').find(l => l.text() === option)
  if (!label)
    throw new Error(`no option "${option}" for "${question}"`)
  await label.get('input').setValue(true)
}

let wrapper: VueWrapper
afterEach(() => {
  wrapper?.unmount()
})

describe('the questionnaire', () => {
  it('should open on the region step with a heading and the progress', async () => {
    ({ wrapper } = await mountAt('/diagnosis'))
    expect(heading(wrapper)).toBe('您在哪个地区？')
    expect(wrapper.get('[role="progressbar"]').attributes('aria-valuetext')).toBe('第 1 步，共 12 步')
  })

  it('should say where the answers go, truthfully', async () => {
    ({ wrapper } = await mountAt('/diagnosis'))
    const privacy = wrapper.get('.privacy').text()
    expect(privacy).not.toContain('不会上传')
    expect(privacy).toContain('答案只保存在这台设备上。只有您从结果页开始申请，并选择把这些数字带进申请表，它们才会随申请发出')
    expect(privacy).toContain('自诊结果只有您勾选同意，才会给工作人员看。')
  })

  it('should stay on the step and say what is missing when next is pressed too early', async () => {
    ({ wrapper } = await mountAt('/diagnosis'))
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('您在哪个地区？')
    const alerts = wrapper.findAll('[role="alert"]').map(a => a.text())
    expect(alerts).toEqual(['请选择地区', '还有问题没有填好，请看标红的地方'])
  })

  it('should take the region from an ID number without keeping the number', async () => {
    ({ wrapper } = await mountAt('/diagnosis'))
    await fill(wrapper, '身份证号', '330106195201010014')
    await flushPromises()
    expect(wrapper.text()).toContain('已识别地区代码 330106')
    expect(wrapper.text()).toContain('将按杭州市的标准计算：低保标准每人每月 886 元。')
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('家里有哪些人？')
    expect(JSON.stringify(await values(appStore()))).not.toContain('330106195201010014')
  })

  it('should skip the school and work steps for an elderly person living alone', async () => {
    ({ wrapper } = await mountAt('/diagnosis'))
    await choose(wrapper, '选择地区', '杭州市')
    await clickButton(wrapper, '下一步')
    await choose(wrapper, '性别', '男')
    await fill(wrapper, '年龄', '72')
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('现在享受哪些救助？')
    await clickButton(wrapper, '下一步')
    await fill(wrapper, '收入', '600')
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('身体和劳动能力')
    await choose(wrapper, '能参加劳动吗？', '否')
    await choose(wrapper, '患有重病吗？', '是')
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('有没有人赡养或抚养')
    expect(wrapper.get('[role="progressbar"]').attributes('aria-valuetext')).toBe('第 8 步，共 12 步')
    expect(wrapper.get('.progress-text').text()).toBe('第 8 步，共 12 步 （其中 2 步与您家无关，已跳过）')
  })

  it('should move the progress forward on every step and never change the total', async () => {
    await storeAnswers(elderlyDraft(), 'region');
    ({ wrapper } = await mountAt('/diagnosis'))
    const seen: { now: number, max: number, bar: number }[] = []
    for (;;) {
      const bar = wrapper.get('[role="progressbar"]')
      const width = Number.parseFloat((wrapper.get('.van-progress__portion').element as HTMLElement).style.width)
      seen.push({ now: Number(bar.attributes('aria-valuenow')), max: Number(bar.attributes('aria-valuemax')), bar: width })
      if (wrapper.findAll('button').some(b => b.text() === '查看结果'))
        break
      await clickButton(wrapper, '下一步')
    }
    expect(seen.map(s => s.max)).toEqual(seen.map(() => 12))
    expect(seen.map(s => s.now)).toEqual([1, 2, 3, 4, 5, 8, 9, 10, 11, 12])
    seen.slice(1).forEach((s, i) => expect(s.bar).toBeGreaterThan(seen[i].bar))
    expect(seen.at(-1)!.bar).toBe(100)
  })

  it('should keep the step count when a child joins the household', async () => {
    await storeAnswers(elderlyDraft(), 'members');
    ({ wrapper } = await mountAt('/diagnosis'))
    expect(wrapper.get('[role="progressbar"]').attributes('aria-valuetext')).toBe('第 2 步，共 12 步')
    await clickButton(wrapper, '添加家庭成员')
    await choose(wrapper, '与您的关系', '孙子女/外孙子女')
    const ages = wrapper.findAll('input[inputmode="numeric"]')
    await ages[1].setValue('9')
    await flushPromises()
    expect(wrapper.get('[role="progressbar"]').attributes('aria-valuetext')).toBe('第 2 步，共 12 步')
  })

  it('should ask the sex of every member before going on', async () => {
    await storeAnswers(elderlyDraft(), 'members');
    ({ wrapper } = await mountAt('/diagnosis'))
    await clickButton(wrapper, '添加家庭成员')
    await choose(wrapper, '与您的关系', '配偶')
    await wrapper.findAll('input[inputmode="numeric"]')[1].setValue('70')
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('家里有哪些人？')
    const second = wrapper.findAll('section.member-card')[1]
    expect(second.findAll('[role="alert"]').map(a => a.text())).toEqual(['请选择一项'])
    await second.findAll('label').find(l => l.text() === '女')!.get('input').setValue(true)
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('现在享受哪些救助？')
    await expect.poll(() => readState('diagnosis.questionnaire')).toMatchObject({ draft: { members: [{ sex: 'male' }, { sex: 'female', age: 70 }] } })
  })

  it('should open answers kept before the sex was asked on the members step, asking it', async () => {
    const old = elderlyDraft() as unknown as { members: Record<string, unknown>[] }
    delete old.members[0].sex
    await writeState('diagnosis.questionnaire', { draft: old, step: 'housing' });
    ({ wrapper } = await mountAt('/diagnosis'))
    expect(heading(wrapper)).toBe('家里有哪些人？')
    expect(wrapper.findAll('[role="alert"]').map(a => a.text())).toEqual(['请选择一项', '还有问题没有填好，请看标红的地方'])
    expect((wrapper.get('input[inputmode="numeric"]').element as HTMLInputElement).value).toBe('72')
  })

  it('should keep the answers when going back and forth', async () => {
    await storeAnswers(elderlyDraft(), 'income');
    ({ wrapper } = await mountAt('/diagnosis'))
    await fill(wrapper, '收入', '7200')
    await choose(wrapper, '收入按月还是按年', '每年')
    await flushPromises()
    expect(wrapper.text()).toContain('折合每月 600 元')
    await clickButton(wrapper, '上一步')
    await clickButton(wrapper, '上一步')
    expect(heading(wrapper)).toBe('家里有哪些人？')
    expect((wrapper.get('input[inputmode="numeric"]').element as HTMLInputElement).value).toBe('72')
    await clickButton(wrapper, '下一步')
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('每人收入多少？')
    expect((wrapper.get('input[inputmode="decimal"]').element as HTMLInputElement).value).toBe('7200')
  })

  it('should resume a stored questionnaire on its step and say so', async () => {
    await storeAnswers(elderlyDraft(), 'assets');
    ({ wrapper } = await mountAt('/diagnosis'))
    expect(heading(wrapper)).toBe('家庭财产')
    expect(wrapper.get('.restored').text()).toContain('已恢复您上次填写的内容')
  })

  it('should save each answer on the device as it is given', async () => {
    await storeAnswers(elderlyDraft({ housing: null }), 'housing');
    ({ wrapper } = await mountAt('/diagnosis'))
    await choose(wrapper, '您家现在住得怎么样？', '没有住房')
    await flushPromises()
    await expect.poll(() => readState('diagnosis.questionnaire')).toMatchObject({ step: 'housing', draft: { housing: 'none' } })
  })

  it('should open the result after the last step', async () => {
    await storeAnswers(elderlyDraft(), 'housing')
    const mounted = await mountAt('/diagnosis')
    wrapper = mounted.wrapper
    expect(wrapper.findAll('button').map(b => b.text())).toContain('查看结果')
    await clickButton(wrapper, '查看结果')
    expect((await nextRoute(mounted.router)).name).toBe('diagnosis-result')
  })

  it('should open a stored questionnaire on the earliest step left open, marked', async () => {
    await storeAnswers(elderlyDraft({ suddenHardship: null }), 'housing');
    ({ wrapper } = await mountAt('/diagnosis'))
    expect(heading(wrapper)).toBe('最近遇到急难了吗？')
    expect(wrapper.findAll('[role="alert"]').map(a => a.text())).toContain('请选择一项')
  })
})

describe('number fields in the questionnaire', () => {
  it('should keep what was typed and refuse to go on with an exact message when it is not a number', async () => {
    await storeAnswers(elderlyDraft({ depositsTotal: null }), 'assets');
    ({ wrapper } = await mountAt('/diagnosis'))
    await fill(wrapper, '全家存款', '1e12')
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('家庭财产')
    const input = wrapper.get('input[name="depositsTotal"]').element as HTMLInputElement
    expect(input.value).toBe('1e12')
    expect(wrapper.findAll('[role="alert"]').map(a => a.text())).toEqual(['请填写数字，例如 1500 或 1.5万', '还有问题没有填好，请看标红的地方'])
    // Nothing was written meanwhile: IndexedDB answers this read after any write asked for before it.
    expect(await readState('diagnosis.questionnaire')).toMatchObject({ draft: { depositsTotal: null } })
  })

  it('should not take a wrong figure in an optional field as 0', async () => {
    await storeAnswers(elderlyDraft(), 'expenses');
    ({ wrapper } = await mountAt('/diagnosis'))
    await fill(wrapper, '看病花费', '-200')
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('看病、上学的花费')
    expect(wrapper.findAll('[role="alert"]').map(a => a.text())).toEqual(['不能是负数', '还有问题没有填好，请看标红的地方'])
    await fill(wrapper, '看病花费', '200')
    await flushPromises()
    expect(wrapper.findAll('[role="alert"]')).toEqual([])
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('最近遇到急难了吗？')
    await expect.poll(() => readState('diagnosis.questionnaire')).toMatchObject({ draft: { medical: { amount: 200 } } })
  })

  it('should take 1.5万 as 15000 and leave it as typed', async () => {
    await storeAnswers(elderlyDraft({ depositsTotal: null }), 'assets');
    ({ wrapper } = await mountAt('/diagnosis'))
    await fill(wrapper, '全家存款', '1.5万')
    await flushPromises()
    expect((wrapper.get('input[name="depositsTotal"]').element as HTMLInputElement).value).toBe('1.5万')
    await expect.poll(() => readState('diagnosis.questionnaire')).toMatchObject({ draft: { depositsTotal: 15_000 } })
  })

  it('should say a stored amount above the limit is too large instead of going on', async () => {
    await storeAnswers(elderlyDraft({ depositsTotal: 1e12 }), 'assets');
    ({ wrapper } = await mountAt('/diagnosis'))
    await clickButton(wrapper, '下一步')
    expect(heading(wrapper)).toBe('家庭财产')
    expect(wrapper.findAll('[role="alert"]').map(a => a.text())).toContain('不能超过 5000 万元')
  })
})
