/**
 * The resident's side of the application (一证通办) as steps a person takes, shared by e2e tests.
 * The form starts from the household registry (issue #15): members are there already, the
 * resident gives each one's income, declares the household's assets, chooses items the household
 * does not hold yet, and every adult signs the authorisation with the declaration.
 * `residentAppliesForDibaoAndMedical` is the whole walk for the staff e2e tests: 刘芳's household
 * (mock/demo-data.ts), because 李建国's already receives 低保 since 2025-07 and may not apply again.
 */
import type { Page } from '@playwright/test'
import type { RunningServer } from './support'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { expect } from './fixtures'
import { bindAtOffice, documentPhoto, drawSignature, signInResident } from './helpers'

export const LI_HOUSEHOLD = DEMO_HOUSEHOLDS[1]
export const LIU_HOUSEHOLD = DEMO_HOUSEHOLDS[3]
export type DemoHousehold = typeof LI_HOUSEHOLD

/** 339***********0012: how an ID number appears on the resident's screens. */
export function maskedId(idNumber: string): string {
  return `${idNumber.slice(0, 3)}${'*'.repeat(idNumber.length - 7)}${idNumber.slice(-4)}`
}

export async function next(page: Page, heading: string): Promise<void> {
  await page.getByRole('button', { name: '下一步' }).click()
  await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible()
}

export function memberCard(page: Page, n: number) {
  return page.getByRole('region', { name: new RegExp(`^第 ${n} 位`) })
}

/** The applicant's name and masked ID come from the registry; the resident gives a phone and the address. */
export async function fillApplicant(page: Page, household: DemoHousehold = LI_HOUSEHOLD, phone = '13800138000'): Promise<void> {
  const [self] = household.members
  await expect(page.getByRole('heading', { level: 2, name: '申请人' })).toBeVisible()
  const registered = page.getByRole('region', { name: '按户籍登记带入，不用填写' })
  await expect(registered.getByText(self.name, { exact: true })).toBeVisible()
  await expect(registered.getByText(maskedId(self.idNumber), { exact: true })).toBeVisible()
  await page.getByLabel('手机号').fill(phone)
  await page.getByLabel('现住址').fill(household.address)
  await expect(page.getByText('将按浙江省的救助标准审核')).toBeVisible()
}

export interface MemberAnswers {
  income: string
  seriouslyIll: boolean
}

/** The registered members, in the registry's order, each with what the registry does not know. */
export async function fillMembers(page: Page, household: DemoHousehold, answers: readonly MemberAnswers[]): Promise<void> {
  await expect(page.getByText('下面是户籍登记的家庭成员')).toBeVisible()
  await expect(page.locator('.member-card'), 'every registered member is there').toHaveCount(household.members.length)
  for (const [i, answer] of answers.entries()) {
    const card = memberCard(page, i + 1)
    await expect(card.getByText(maskedId(household.members[i].idNumber))).toBeVisible()
    await expect(card.getByLabel('姓名'), 'the name is not typed again').toHaveCount(0)
    await card.getByLabel('每月收入').fill(answer.income)
    await card.getByRole('group', { name: '患有重病吗？' }).getByRole('radio', { name: answer.seriouslyIll ? '是' : '否' }).check()
  }
}

export interface Assets {
  deposits: string
  vehicles: string
  extraHousing: boolean
}

export async function declareAssets(page: Page, assets: Assets): Promise<void> {
  await page.getByLabel('存款、现金和理财等，全家合计').fill(assets.deposits)
  await page.getByLabel('汽车、摩托车等机动车').fill(assets.vehicles)
  await page.getByRole('group', { name: '除了现在住的房子，家里还有别的住房吗？' }).getByRole('radio', { name: assets.extraHousing ? '有' : '没有', exact: true }).check()
}

/** Ticks the items named (as on the menu) and nothing else. */
export async function chooseItems(page: Page, items: readonly string[]): Promise<void> {
  for (const item of items) {
    const box = page.getByRole('checkbox', { name: new RegExp(`^${item.replace(/[()（）“”]/g, '.')}`) })
    if (!(await box.isChecked()))
      await box.check()
  }
  await expect(page.getByText(`已选 ${items.length} 项`)).toBeVisible()
}

export async function giveReasonWithPhoto(page: Page, reason = '本人患重病长期治疗，妻子打零工，孩子上初中，家庭收入很低。'): Promise<void> {
  await page.getByLabel('申请理由').fill(reason)
  await page.locator('input[name="photos"]').setInputFiles(await documentPhoto(page))
  await expect(page.getByText(/已上传（\d+ KB）/)).toBeVisible()
}

/** Each adult agrees to the authorisation and the declaration shown above it, and signs. */
export async function signAuthorisations(page: Page, adults: readonly { name: string }[]): Promise<void> {
  await expect(page.getByRole('heading', { name: '家庭经济状况核对授权书' })).toBeVisible()
  await expect(page.getByRole('region', { name: '申报内容' }).getByText('签名即声明以下内容真实')).toBeVisible()
  for (const adult of adults) {
    await page.getByRole('checkbox', { name: `我已阅读并同意授权书，申报内容属实（${adult.name}）` }).check()
    const pad = page.getByRole('img', { name: new RegExp(`^${adult.name} 的签名：签名区`) })
    await drawSignature(page, pad)
    await expect(page.getByRole('region', { name: new RegExp(`^${adult.name}（`) }).getByText('签名已保存。')).toBeVisible()
  }
}

/**
 * Signs in, binds 刘芳's household (she and her son), fills every screen from the registry and
 * submits 低保 + 医疗救助; returns the application number and id.
 */
export async function residentAppliesForDibaoAndMedical(page: Page, server: RunningServer, phone: string): Promise<{ number: string, id: string }> {
  const [liu] = LIU_HOUSEHOLD.members
  await bindAtOffice(server, phone, liu)
  await signInResident(page, server, phone)
  await page.goto('/apply')
  await fillApplicant(page, LIU_HOUSEHOLD, phone)
  await next(page, '家庭成员')
  await fillMembers(page, LIU_HOUSEHOLD, [{ income: '800', seriouslyIll: false }, { income: '0', seriouslyIll: false }])
  await next(page, '家庭财产申报')
  await declareAssets(page, { deposits: '3000', vehicles: '0', extraHousing: false })
  await next(page, '申请哪些救助')
  await chooseItems(page, ['最低生活保障（低保）', '医疗救助'])
  await next(page, '申请理由和材料')
  await giveReasonWithPhoto(page, '儿子残疾需要长期康复，本人只能打零工，家庭收入很低。')
  await next(page, '核对授权（一证一书）')
  await signAuthorisations(page, [liu])
  await next(page, '确认并提交')
  await page.getByRole('button', { name: '提交申请' }).click()
  await expect(page.getByRole('heading', { level: 1, name: '申请回执' })).toBeVisible()
  const number = (await page.locator('#receipt-number').textContent())!.trim()
  const id = new URL(page.url()).pathname.split('/').pop()!
  return { number, id }
}
