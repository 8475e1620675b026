// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { readState } from '../../../app/idb-test-support'
import { nextRoute } from '../../../app/testing'
import { elderlyDraft, mountAt, storeAnswers } from '../test-support'

function section(w: VueWrapper, title: string) {
  const heading = w.findAll('h2').find(h => h.text() === title)
  if (!heading)
    throw new Error(`no section "${title}"`)
  return w.get(`section[aria-labelledby="${heading.attributes('id')}"]`)
}

async function clickButton(w: VueWrapper, text: string) {
  const button = w.findAll('button').find(b => b.text() === text)
  if (!button)
    throw new Error(`no button "${text}"`)
  await button.trigger('click')
  await flushPromises()
}

let wrapper: VueWrapper
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

describe('the result page', () => {
  it('should list dibao and medical assistance first as likely, with reasons naming the figures', async () => {
    await storeAnswers(elderlyDraft(), 'housing');
    ({ wrapper } = await mountAt('/diagnosis/result'))
    const likely = section(wrapper, '很可能符合').findAll('h3').map(h => h.text())
    expect(likely).toEqual(['最低生活保障（低保）', '特困人员救助供养', '医疗救助', '低保、特困电费减免'])
    expect(wrapper.findAll('h3')[0].text()).toBe('最低生活保障（低保）')
    const dibao = wrapper.get('article')
    expect(dibao.text()).toContain('家庭人均月收入 600 元，低于本地低保标准 886 元')
    expect(dibao.text()).toContain('家庭经济状况核对授权书（家庭成员签字）')
    expect(dibao.text()).toContain('办理部门：民政部门')
    expect(wrapper.text()).toContain('按杭州市的标准（地区代码 330106，2022-01-01 起）。')
  })

  it('should show what would change an unlikely verdict', async () => {
    await storeAnswers(elderlyDraft(), 'housing');
    ({ wrapper } = await mountAt('/diagnosis/result'))
    expect(wrapper.get('details.unlikely').text()).toContain('什么情况会改变结果：若家庭遭遇突发事件')
  })

  it('should word the result in English when the app is in English', async () => {
    await storeAnswers(elderlyDraft(), 'housing');
    ({ wrapper } = await mountAt('/diagnosis/result', 'en'))
    expect(wrapper.findAll('h3')[0].text()).toBe('Minimum living allowance (dibao)')
    expect(wrapper.text()).toContain('Household income per person is 600 yuan a month, below the local dibao standard of 886 yuan')
  })

  it('should carry the likely items and the answers into the application', async () => {
    await storeAnswers(elderlyDraft(), 'housing')
    const mounted = await mountAt('/diagnosis/result')
    wrapper = mounted.wrapper
    // 低保 and 特困 are both likely but not given together: only 特困 is ticked.
    expect(wrapper.text()).toContain('已选 3 项')
    expect((wrapper.get('input[name="apply-dibao"]').element as HTMLInputElement).checked).toBe(false)
    expect((wrapper.get('input[name="apply-tekun"]').element as HTMLInputElement).checked).toBe(true)
    // also choose one of the "possible" items
    await section(wrapper, '可能符合，需要进一步核实').get('input[name="apply-funeral"]').setValue(true)
    await clickButton(wrapper, '申请这些项目')
    expect((await nextRoute(mounted.router)).path).toBe('/apply')
    await expect.poll(() => readState('diagnosis.handoff')).toMatchObject({
      items: ['tekun', 'medical', 'electricity', 'funeral'],
      answers: { region: '330106', members: [{ age: 72, monthlyIncome: 600, canWork: false, seriousIllness: true }] },
    })
  })

  it('should say that 低保 and 特困 are not given together when both are ticked', async () => {
    await storeAnswers(elderlyDraft(), 'housing');
    ({ wrapper } = await mountAt('/diagnosis/result'))
    expect(wrapper.get('.selected-count').text()).toBe('已选 3 项')
    await wrapper.get('input[name="apply-dibao"]').setValue(true)
    expect(wrapper.get('.selected-count').text()).toBe('已选 4 项 低保和特困供养不能同时享受，申请时只能选其中一项。')
  })

  it('should say that the figures go into an application only if the person chooses', async () => {
    await storeAnswers(elderlyDraft(), 'housing');
    ({ wrapper } = await mountAt('/diagnosis/result'))
    expect(wrapper.get('.apply-note').text()).toBe('申请时由您决定是否把这些数字带进申请表；发出前会把全部内容给您看。')
  })

  it('should not propose 两癌 for a seriously ill man', async () => {
    await storeAnswers(elderlyDraft(), 'housing');
    ({ wrapper } = await mountAt('/diagnosis/result'))
    expect(section(wrapper, '可能符合，需要进一步核实').text()).not.toContain('两癌')
  })

  it('should propose 两癌 as possible for a seriously ill woman', async () => {
    await storeAnswers(elderlyDraft({ members: [{ ...elderlyDraft().members[0], sex: 'female' }] }), 'housing');
    ({ wrapper } = await mountAt('/diagnosis/result'))
    expect(section(wrapper, '可能符合，需要进一步核实').text()).toContain('两癌')
  })

  it('should not apply with no item chosen', async () => {
    await storeAnswers(elderlyDraft({ members: [{ ...elderlyDraft().members[0], income: { amount: 9000, period: 'month' } }] }), 'housing');
    ({ wrapper } = await mountAt('/diagnosis/result'))
    expect(wrapper.text()).toContain('根据您的回答，暂时没有很可能符合的项目。')
    const apply = wrapper.findAll('button').find(b => b.text() === '申请这些项目')!
    expect(apply.attributes('disabled')).toBeDefined()
  })

  it('should clear the answers and start again after confirming', async () => {
    await storeAnswers(elderlyDraft(), 'housing')
    const mounted = await mountAt('/diagnosis/result')
    wrapper = mounted.wrapper
    await clickButton(wrapper, '重新自诊')
    const confirm = [...document.body.querySelectorAll('button')].find(b => b.textContent?.trim() === '清空')
    expect(confirm).toBeDefined()
    confirm!.click()
    expect((await nextRoute(mounted.router)).name).toBe('diagnosis')
    expect(await readState('diagnosis.questionnaire')).toBeUndefined()
  })

  it('should say the questionnaire is not finished when there are no answers', async () => {
    ({ wrapper } = await mountAt('/diagnosis/result'))
    expect(wrapper.text()).toContain('还没有完成自诊')
    expect(wrapper.find('article').exists()).toBe(false)
  })
})
