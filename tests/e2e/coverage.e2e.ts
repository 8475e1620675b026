import type { Coverage, FieldWorker, UrgentFlag } from '../../src/features/visit-coverage/api'
import { DEMO_AREAS } from '../../mock/demo-data'
import { quarterOf } from '../../src/domain/quarter'
import { formatDate, shanghaiToday } from '../../src/domain/time'
import { percentText } from '../../src/features/visit-coverage/format'
import { expect, saveScreenshot, step, test } from './fixtures'
import { pageApi, signInStaff } from './helpers'

// Town staff of 安乐镇 check care-visit coverage, handle an urgent flag from the demo visits and
// give the demo volunteer (home 和美村) a second village, all on a 360 px phone.
const quarter = quarterOf(shanghaiToday())
const TAOYUAN = DEMO_AREAS.find(a => a.name === '桃源村')!

test.describe('探访覆盖: town staff see coverage, handle urgent flags, assign volunteers', () => {
  test('shows the API\'s figures per village, resolves a flag, and keeps a new assignment after reload', async ({ page }) => {
    await step(page, 'coverage-sign-in', async () => {
      await signInStaff(page, 'town', '/staff')
      await expect(page.getByRole('heading', { name: '待审核事项' })).toBeVisible()
    })

    await step(page, 'coverage-figures', async () => {
      await page.getByRole('link', { name: '探访覆盖与紧急情况' }).click()
      await expect(page.getByRole('heading', { name: '探访覆盖', level: 1 })).toBeVisible()
      await expect(page.locator('li.village').first()).toBeVisible()
      const api = (await pageApi<Coverage>(page, 'GET', `/api/staff/visits/coverage?quarter=${quarter}`)).json
      expect(api.villages.length, 'the town has its demo villages').toBeGreaterThanOrEqual(2)
      expect(api.villages.some(v => v.visited > 0), 'the demo visits count this quarter').toBe(true)
      for (const v of api.villages) {
        const card = page.locator(`li.village[data-code="${v.code}"]`)
        await expect(card.locator('.name')).toHaveText(v.name)
        await expect(card.locator('.figures')).toHaveText(`已探访 ${v.visited} / ${v.households} 户（${percentText(v.percent)}）`)
      }
      const households = api.villages.reduce((s, v) => s + v.households, 0)
      const visited = api.villages.reduce((s, v) => s + v.visited, 0)
      await expect(page.getByTestId('coverage-total')).toHaveText(new RegExp(`安乐镇合计\\s*已探访 ${visited} / ${households} 户`))
      // The list shows exactly the households the API names, masked (the phone's cards prefix each cell with its column).
      const notVisited = page.getByRole('table', { name: '90 天未探访' })
      await expect(notVisited.getByRole('row')).toHaveCount(api.notVisited90Days.length + 1)
      await expect(notVisited.locator('td.col-name')).toHaveText(api.notVisited90Days.map(h => h.maskedHeadName))
      // 安乐镇 has no household that left assistance (the demo's is in 长寿镇): the list says so.
      expect(api.leftAssistanceDue).toHaveLength(0)
      await expect(page.getByText('没有需要继续探访的退出户')).toBeVisible()
    })

    await step(page, 'coverage-resolve-flag', async () => {
      const before = (await pageApi<{ flags: UrgentFlag[] }>(page, 'GET', '/api/staff/visits/flags')).json.flags
      const open = before.find(f => f.resolvedAt === null)
      expect(open, 'the demo visits raise an open urgent flag').toBeDefined()
      const card = page.locator(`li.flag[data-flag="${open!.id}"]`)
      await expect(card).toContainText(open!.urgentNote)
      await saveScreenshot(page, 'coverage-360')
      await card.getByRole('button', { name: `已处理：${open!.villageName} ${open!.maskedHeadName}` }).click()
      // One tap only asks (issue #16); confirmed, it waits with 撤销 before it is sent.
      const dialog = page.getByRole('dialog', { name: '确认已经处理好了吗？' })
      await expect(dialog.getByText(open!.urgentNote)).toBeVisible()
      await dialog.getByRole('button', { name: '确认已处理' }).click()
      await expect(dialog).toBeHidden()
      await expect(card.getByText(`将把${open!.villageName} ${open!.maskedHeadName}标记为已处理`)).toBeVisible()
      const waiting = (await pageApi<{ flags: UrgentFlag[] }>(page, 'GET', '/api/staff/visits/flags')).json.flags
      expect(waiting.find(f => f.id === open!.id)?.resolvedAt, 'nothing is sent during the undo window').toBeNull()
      await saveScreenshot(page, 'coverage-undo-360')
      await card.getByRole('button', { name: '立即提交' }).click()
      await expect(card.getByText(/已于 \d{4}年\d{1,2}月\d{1,2}日 处理/)).toBeVisible()
      await expect(card.getByRole('button')).toHaveCount(0)
      const after = (await pageApi<{ flags: UrgentFlag[] }>(page, 'GET', '/api/staff/visits/flags')).json.flags
      expect(after.find(f => f.id === open!.id)?.resolvedAt ?? null).not.toBeNull()
    })

    await step(page, 'coverage-assign', async () => {
      await page.goto('/staff')
      await page.getByRole('link', { name: '志愿者、社工负责区域' }).click()
      const card = page.locator('li.worker', { has: page.getByRole('heading', { name: /志愿者 周敏/ }) })
      await expect(card).toBeVisible()
      await card.getByRole('button', { name: '调整负责区域（志愿者 周敏）' }).click()
      await expect(card.getByRole('checkbox', { name: /和美村/ }), 'the home area is always on').toBeDisabled()
      await card.getByRole('checkbox', { name: TAOYUAN.name }).check()
      await saveScreenshot(page, 'field-workers-360')
      await card.getByRole('button', { name: '保存' }).click()
      await expect(page.getByRole('status').getByText('已保存志愿者 周敏的负责区域')).toBeVisible()
      await page.reload()
      await expect(card.locator('dd.assigned').getByText(TAOYUAN.name)).toBeVisible()
      const workers = (await pageApi<{ workers: FieldWorker[] }>(page, 'GET', '/api/staff/field-workers')).json.workers
      const volunteer = workers.find(w => w.displayName === '志愿者 周敏')!
      expect(volunteer.assignedAreas.map(a => a.code)).toEqual([TAOYUAN.code])
      await saveScreenshot(page, 'field-workers-saved-360')
    })
  })

  test('shows county staff the household that left assistance, still due visits', async ({ page }) => {
    await step(page, 'coverage-county', async () => {
      await signInStaff(page, 'county', '/staff/coverage')
      await expect(page.getByRole('heading', { name: '探访覆盖', level: 1 })).toBeVisible()
      const api = (await pageApi<Coverage>(page, 'GET', `/api/staff/visits/coverage?quarter=${quarter}`)).json
      expect(api.leftAssistanceDue).toHaveLength(1)
      const [due] = api.leftAssistanceDue
      const left = page.getByRole('table', { name: '退出救助一年内仍需探访' })
      await expect(left.locator('tbody tr').first().locator('td')).toHaveText([due.maskedHeadName, due.villageName, formatDate(due.leftOn, 'zh-CN'), due.lastVisitedAt ? formatDate(due.lastVisitedAt, 'zh-CN') : '从未探访'])
      await expect(page.locator('li.village')).toHaveCount(api.villages.length)
      await saveScreenshot(page, 'coverage-county-360')
    })
  })
})
