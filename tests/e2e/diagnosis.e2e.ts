import type { Page } from '@playwright/test'
import { expect, saveScreenshot, step, test } from './fixtures'

async function next(page: Page, heading: string) {
  await page.getByRole('button', { name: '下一步' }).click()
  await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible()
}

async function answer(page: Page, question: string | RegExp, option: string) {
  await page.getByRole('group', { name: question }).getByRole('radio', { name: option, exact: true }).check()
}

/** "第 x 步，共 N 步" above the questions. */
async function expectProgress(page: Page, text: string) {
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuetext', text)
}

/** The item names shown under one verdict heading of the result page. */
function itemsUnder(page: Page, verdict: string) {
  return page.getByRole('region', { name: verdict, exact: true }).getByRole('heading', { level: 3 })
}

test.describe('self-diagnosis on a phone', () => {
  test('a new visitor finds dibao and medical assistance likely for an elderly person living alone, also after a reload and offline', async ({ page, context }) => {
    const started = Date.now()

    await step(page, 'diagnosis-first-steps', async () => {
      await page.goto('/diagnosis')
      await expect(page.getByRole('heading', { level: 2, name: '您在哪个地区？' })).toBeVisible()
      // Every step counts from the start: the total never grows while answering.
      await expectProgress(page, '第 1 步，共 12 步')
      await page.getByRole('radio', { name: '其他地区' }).check()
      await page.getByLabel('地区代码').fill('330106')
      await expect(page.getByText('将按杭州市的标准计算：低保标准每人每月 886 元。')).toBeVisible()
      await next(page, '家里有哪些人？')
      await page.getByLabel('年龄').fill('72')
      // The sex is asked (两癌 is for women only): without it the step does not go on.
      await page.getByRole('button', { name: '下一步' }).click()
      await expect(page.getByRole('group', { name: '性别' }).getByRole('alert').filter({ hasText: '请选择一项' })).toBeVisible()
      await answer(page, '性别', '男')
      await next(page, '现在享受哪些救助？')
      await next(page, '每人收入多少？')
      // Full-width digits, as a Chinese keyboard may type them, are read as they are meant.
      await page.getByLabel('收入', { exact: true }).fill('６００')
      await next(page, '身体和劳动能力')
      await expectProgress(page, '第 5 步，共 12 步')
    })

    await step(page, 'diagnosis-reload', async () => {
      await page.reload()
      await expect(page.getByRole('heading', { level: 2, name: '身体和劳动能力' })).toBeVisible()
      await expect(page.getByText('已恢复您上次填写的内容')).toBeVisible()
      await page.getByRole('button', { name: '上一步' }).click()
      await expect(page.getByLabel('收入', { exact: true })).toHaveValue('600')
      await page.getByRole('button', { name: '上一步' }).click()
      await page.getByRole('button', { name: '上一步' }).click()
      await expect(page.getByLabel('年龄')).toHaveValue('72')
      await next(page, '现在享受哪些救助？')
      await next(page, '每人收入多少？')
      await next(page, '身体和劳动能力')
    })

    await step(page, 'diagnosis-last-steps', async () => {
      await answer(page, '能参加劳动吗？', '否')
      await answer(page, '患有重病吗？', '是')
      // no school or work questions for a 72-year-old living alone
      await next(page, '有没有人赡养或抚养')
      await expectProgress(page, '第 8 步，共 12 步')
      await answer(page, /有能力赡养或抚养/, '否')
      await next(page, '家庭财产')
      // Nothing typed is rewritten: 1e12 stays 1e12 and is refused with the reason.
      await page.getByLabel('全家存款').fill('1e12')
      await page.getByRole('button', { name: '下一步' }).click()
      await expect(page.getByText('请填写数字，例如 1500 或 1.5万')).toBeVisible()
      await expect(page.getByLabel('全家存款')).toHaveValue('1e12')
      await expect(page.getByRole('heading', { level: 2, name: '家庭财产' })).toBeVisible()
      await page.getByLabel('全家存款').fill('0.3万')
      await answer(page, /其他住房/, '否')
      await next(page, '看病、上学的花费')
      await page.getByLabel('看病花费', { exact: true }).fill('200')
      await next(page, '最近遇到急难了吗？')
      await answer(page, /突发事件/, '否')
      await answer(page, /自然灾害/, '否')
      await next(page, '住房情况')
      await answer(page, '您家现在住得怎么样？', '住房基本够用')
      await page.getByRole('button', { name: '查看结果' }).click()
      await expect(page.getByRole('heading', { level: 1, name: '自诊结果' })).toBeVisible()
    })

    await step(page, 'diagnosis-result', async () => {
      // 低保 first; 医疗救助 among the likely ones.
      await expect(itemsUnder(page, '很可能符合').first()).toHaveText('最低生活保障（低保）')
      await expect(itemsUnder(page, '很可能符合').filter({ hasText: /^医疗救助$/ })).toHaveCount(1)
      // A man is not proposed the aid for women with cervical or breast cancer.
      await expect(itemsUnder(page, '可能符合，需要进一步核实').filter({ hasText: '低收入妇女“两癌”救助' })).toHaveCount(0)
      await expect(page.getByText('家庭人均月收入 600 元，低于本地低保标准 886 元').first()).toBeVisible()
      expect(Date.now() - started, 'finished in under two minutes').toBeLessThan(120_000)
      // a 360 px screen must not scroll sideways
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
      await saveScreenshot(page, 'diagnosis-result', { fullPage: false })
    })

    await step(page, 'diagnosis-offline', async () => {
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
      // Reload once so that the service worker controls the page.
      await page.reload()
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      await context.setOffline(true)
      await page.reload()
      await expect(page.getByRole('heading', { level: 1, name: '自诊结果' })).toBeVisible()
      await expect(itemsUnder(page, '很可能符合').filter({ hasText: /^医疗救助$/ })).toHaveCount(1)
      // Changing an answer offline gives a new result: the engine runs on the phone.
      await page.getByRole('button', { name: '修改答案' }).click()
      await expect(page.getByRole('heading', { level: 2, name: '住房情况' })).toBeVisible()
      await answer(page, '您家现在住得怎么样？', '租房住，房租负担很重')
      await page.getByRole('button', { name: '查看结果' }).click()
      await expect(page.getByRole('heading', { level: 1, name: '自诊结果' })).toBeVisible()
      await expect(itemsUnder(page, '很可能符合').filter({ hasText: /^住房救助$/ })).toHaveCount(1)
      await context.setOffline(false)
    })
  })
})
