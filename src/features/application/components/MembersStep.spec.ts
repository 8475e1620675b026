// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import * as api from '../api'
import { emptyDraft } from '../draft'
import { alerts, choose, click, closeApply, fill, heading, openApply, page, stored, useApplyPage } from '../page-test-support'
import { ZHANG } from '../test-support'

vi.mock('../api', async () => (await import('../test-support')).fakeApplicationApi())
vi.mock('../../account/api', async () => (await import('../test-support')).fakeAccountApi())

useApplyPage()

/** A fresh form opened on the members screen: the registry fills it. */
async function openMembers() {
  const draft = emptyDraft()
  draft.meta.step = 'members'
  await openApply(draft)
  expect(heading()).toBe('家庭成员')
}

function card(n: number) {
  return page().findAll('.member-card')[n - 1]
}

describe('the members from the household registry', () => {
  it('should list the registered members with relation, sex, masked ID and age, with nothing to retype', async () => {
    await openMembers()
    expect(page().findAll('.member-card')).toHaveLength(3)
    expect(card(1).text()).toContain('第 1 位：李建国（申请人）')
    const spouse = card(2).text()
    expect(spouse).toContain('第 2 位：张丽')
    expect(spouse).toContain('配偶 · 女 · 身份证 339***********0026')
    expect(spouse).toMatch(/\d+ 岁，需要签授权书/)
    expect(card(3).text()).toContain('子女 · 男 · 身份证 339***********001X')
    expect(page().find('input[name="member-1-name"]').exists()).toBe(false)
    expect(page().find('input[name="member-1-idNumber"]').exists()).toBe(false)
    expect(page().find('input[name="member-1-income"]').exists()).toBe(true)
    expect(page().html()).not.toContain(ZHANG.idNumber)
    expect((await stored()).form.members[1]).toMatchObject({ name: ZHANG.name, idNumber: ZHANG.idNumber, relation: 'spouse' })
  })

  it('should ask why before leaving a registered member out, and list them with the reason', async () => {
    await openMembers()
    await click('张丽 不在本次申请中')
    await click('确定不在本次申请中')
    expect(alerts()).toContain('请选择原因')
    expect(page().findAll('.member-card')).toHaveLength(3)
    await choose('原因', '已经搬出去住')
    await fill('补充说明（可不填）', '2025 年起在杭州打工')
    await click('确定不在本次申请中')
    expect(page().findAll('.member-card')).toHaveLength(2)
    const removed = page().get('section.removed').text()
    expect(removed).toContain('不在本次申请中（1 人）')
    expect(removed).toContain('张丽（配偶，339***********0026）')
    expect(removed).toContain('原因：已经搬出去住；说明：2025 年起在杭州打工')
    expect((await stored()).form.removed).toMatchObject([{ member: { idNumber: ZHANG.idNumber }, reason: 'moved_out', note: '2025 年起在杭州打工' }])
  })

  it('should keep a removal over a reload and put the member back when asked', async () => {
    await openMembers()
    await click('张丽 不在本次申请中')
    await choose('原因', '已经单独立户')
    await click('确定不在本次申请中')
    closeApply()
    await openApply()
    expect(heading()).toBe('家庭成员')
    expect(page().findAll('.member-card')).toHaveLength(2)
    expect(page().get('section.removed').text()).toContain('原因：已经单独立户')
    await click('把张丽放回申请')
    expect(page().findAll('.member-card')).toHaveLength(3)
    expect(card(2).text()).toContain('第 2 位：张丽')
    expect(page().find('section.removed').exists()).toBe(false)
    expect((await stored()).form.removed).toEqual([])
  })

  it('should mark someone added by the resident for staff and name the documents needed', async () => {
    await openMembers()
    await click('添加户籍不在本户、但一起生活的人')
    expect(page().findAll('.member-card')).toHaveLength(4)
    expect(card(4).text()).toContain('户籍不在本户，工作人员需核实')
    expect(card(4).text()).toContain('结婚证')
    expect(card(4).find('input[name="member-3-name"]').exists()).toBe(true)
    expect(card(2).text()).not.toContain('户籍不在本户')
  })

  it('should let the members be typed when the registry cannot be read, without marking them', async () => {
    vi.mocked(api.fetchApplicationStart).mockRejectedValueOnce(new ApiRequestError('network_error', '网络连接失败', null))
    await openMembers()
    expect(page().text()).toContain('暂时没能读取户籍登记（网络连接失败）')
    await click('添加家庭成员')
    expect(page().findAll('.member-card')).toHaveLength(2)
    expect(page().text()).not.toContain('户籍不在本户')
  })

  it('should say exactly what is wrong with an income, and how an unusual one was read', async () => {
    await openMembers()
    await fill('每月收入', '1e12', 1)
    await click('下一步')
    expect(heading()).toBe('家庭成员')
    expect(alerts()).toContain('没能认出这个数，请只写数字，如 1200、1200.5 或 1.5万')
    await fill('每月收入', '-1', 1)
    expect(alerts()).toContain('不能是负数')
    await fill('每月收入', '1.5万', 1)
    expect(card(2).text()).toContain('按 15\u2009000 元 计')
    expect((await stored()).form.members[1].income).toBe('1.5万')
  })
})
