/**
 * The resident's side of issue #4 as steps a person takes, shared by e2e tests: the household of
 * 李建国 (mock/demo-data.ts) applies for dibao + medical assistance with one photo and the two
 * adults' signatures. The staff side (accept, check, approve) belongs to the staff e2e tests,
 * which can start from `residentAppliesForDibaoAndMedical`.
 */
import type { Page } from 'playwright-core'
import type { RunningServer } from './support'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { bindAtOffice, documentPhoto, drawSignature, signInResident } from './support'

export const LI_HOUSEHOLD = DEMO_HOUSEHOLDS[1]
const [LI, ZHANG, XIAOMING] = LI_HOUSEHOLD.members

export async function next(page: Page, heading: string): Promise<void> {
  await page.getByRole('button', { name: '下一步' }).click()
  await page.getByRole('heading', { level: 2, name: heading }).waitFor()
}

function member(page: Page, n: number) {
  return page.getByRole('region', { name: new RegExp(`^第 ${n} 位`) })
}

export async function fillApplicant(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 2, name: '申请人' }).waitFor()
  await page.getByLabel('姓名').fill(LI.name)
  await page.getByLabel('身份证号').fill(LI.idNumber)
  await page.getByLabel('手机号').fill('13800138000')
  await page.getByLabel('现住址').fill(LI_HOUSEHOLD.address)
  await page.getByText('将按浙江省的救助标准审核').waitFor()
}

export async function fillMembers(page: Page): Promise<void> {
  const self = member(page, 1)
  await self.getByLabel('每月收入').fill('600')
  await self.getByRole('group', { name: '患有重病吗？' }).getByRole('radio', { name: '是' }).check()
  for (const [n, who, relation, income] of [[2, ZHANG, '配偶', '800'], [3, XIAOMING, '子女', '0']] as const) {
    await page.getByRole('button', { name: '添加家庭成员' }).click()
    const card = member(page, n)
    await card.getByLabel('姓名').fill(who.name)
    await card.getByLabel('身份证号').fill(who.idNumber)
    await card.getByRole('group', { name: '与申请人的关系' }).getByRole('radio', { name: relation, exact: true }).check()
    await card.getByLabel('每月收入').fill(income)
    await card.getByRole('group', { name: '患有重病吗？' }).getByRole('radio', { name: '否' }).check()
  }
}

export async function chooseItems(page: Page): Promise<void> {
  for (const item of ['最低生活保障（低保）', '医疗救助']) {
    const box = page.getByRole('checkbox', { name: new RegExp(`^${item.replace(/[()（）]/g, '.')}`) })
    if (!(await box.isChecked()))
      await box.check()
  }
  await page.getByText('已选 2 项').waitFor()
}

export async function giveReasonWithPhoto(page: Page): Promise<void> {
  await page.getByLabel('申请理由').fill('本人患重病长期治疗，妻子打零工，孩子上初中，家庭收入很低。')
  await page.locator('input[name="photos"]').setInputFiles(await documentPhoto(page))
  await page.getByText(/已上传（\d+ KB）/).waitFor()
}

export async function signAuthorisations(page: Page): Promise<void> {
  await page.getByRole('heading', { name: '家庭经济状况核对授权书' }).waitFor()
  for (const adult of [LI, ZHANG]) {
    await page.getByRole('checkbox', { name: `我已阅读并同意（${adult.name}）` }).check()
    const pad = page.getByRole('img', { name: new RegExp(`^${adult.name} 的签名：签名区`) })
    await drawSignature(page, pad)
    await page.getByRole('region', { name: new RegExp(`^${adult.name}（`) }).getByText('签名已保存。').waitFor()
  }
}

/** Signs in, binds, fills every screen and submits; returns the application number and id. */
export async function residentAppliesForDibaoAndMedical(page: Page, server: RunningServer, phone: string): Promise<{ number: string, id: string }> {
  await bindAtOffice(server, phone, LI)
  await signInResident(page, server, phone)
  await page.goto('/apply')
  await fillApplicant(page)
  await next(page, '家庭成员')
  await fillMembers(page)
  await next(page, '申请哪些救助')
  await chooseItems(page)
  await next(page, '申请理由和材料')
  await giveReasonWithPhoto(page)
  await next(page, '核对授权（一证一书）')
  await signAuthorisations(page)
  await next(page, '确认并提交')
  await page.getByRole('button', { name: '提交申请' }).click()
  await page.getByRole('heading', { level: 1, name: '申请回执' }).waitFor()
  const number = (await page.locator('#receipt-number').textContent())!.trim()
  const id = new URL(page.url()).pathname.split('/').pop()!
  return { number, id }
}
