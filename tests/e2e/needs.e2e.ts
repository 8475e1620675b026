import type { Page } from '@playwright/test'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { expect, saveScreenshot, step, test } from './fixtures'
import { bindHousehold, documentPhoto, pageApi, signInResident, signInStaff } from './helpers'

// 微心愿 end to end at 360 px: 李建国's household (和美村) posts a need with a photo, the 和美村
// volunteer claims and delivers it, the household confirms with 5 stars; both see every state.
const head = DEMO_HOUSEHOLDS[1].members[0]
const RESIDENT_PHONE = head.phone!
const DESCRIPTION = '家里的灯泡坏了，想请人帮忙换一个'
const ON_BEHALF = '想请人帮忙去镇上缴这个月的电费'

/** The card of the need this test posted (the demo data has others). */
const card = (page: Page) => page.locator('article.need-card').filter({ hasText: DESCRIPTION })

test.describe('微心愿: posted → claimed → delivered → rated', () => {
  test('runs a need through every state, shown to the household and the volunteer', async ({ page: resident, newContext, server }) => {
    await step(resident, 'needs-resident-posts', async () => {
      await signInResident(resident, server, RESIDENT_PHONE)
      await bindHousehold(resident, head)
      await resident.goto('/')
      await resident.getByRole('link', { name: /微心愿/ }).click()
      await expect(resident.getByRole('heading', { name: '微心愿', level: 1 })).toBeVisible()
      await expect(resident.getByText('还没有微心愿')).toBeVisible()
      await resident.getByRole('button', { name: '发布微心愿' }).click()
      await expect(resident.getByRole('heading', { name: '发布微心愿', level: 1 })).toBeVisible()
      await resident.getByRole('radio', { name: '维修' }).check()
      await expect(resident.getByRole('radio', { name: '维修' })).toBeChecked()
      await resident.getByLabel('需要什么帮助').fill(DESCRIPTION)
      // The page keeps what was typed across a reload.
      await resident.reload()
      await expect(resident.getByLabel('需要什么帮助')).toHaveValue(DESCRIPTION)
      await resident.locator('input[type="file"][name="photo"]').setInputFiles(await documentPhoto(resident, 'dengpao.png'))
      await expect(resident.getByRole('img', { name: '照片（选填）' })).toBeVisible()
      await resident.getByRole('button', { name: '发布', exact: true }).click()
      await expect(resident.getByText('已发布，本村（社区）的志愿者会看到')).toBeVisible()
      await expect(card(resident).getByText('待认领')).toBeVisible()
      await expect(card(resident).getByText('维修')).toBeVisible()
      // Back on the list it came from, with nothing in the address that keeps saying 已发布.
      await expect(resident).toHaveURL(url => url.pathname + url.search === '/needs')
      await saveScreenshot(resident, 'needs-resident-posted')
    })

    await step(resident, 'needs-resident-goes-back', async () => {
      // 返回 from the list leads home (where the person came from), not to the empty form.
      await resident.getByRole('button', { name: '返回' }).click()
      await expect(resident.getByRole('link', { name: /微心愿/ })).toBeVisible()
      await expect(resident).toHaveURL(url => url.pathname === '/')
      // Forward again: the list, without the message of a post long done.
      await resident.goForward()
      await expect(resident.getByRole('heading', { name: '微心愿', level: 1 })).toBeVisible()
      await expect(card(resident)).toBeVisible()
      await expect(resident.getByText('已发布，本村（社区）的志愿者会看到')).toHaveCount(0)
    })

    const volunteer = await (await newContext()).newPage()

    await step(volunteer, 'needs-volunteer-claims', async () => {
      await signInStaff(volunteer, 'volunteer', '/volunteer/needs')
      await expect(card(volunteer)).toBeVisible()
      // Village and masked name only: no full name, no address.
      await expect(card(volunteer).getByText('和美村 · 户主 李**')).toBeVisible()
      await expect(volunteer.getByText(head.name)).toHaveCount(0)
      await expect(volunteer.getByText(DEMO_HOUSEHOLDS[1].address)).toHaveCount(0)
      await card(volunteer).getByRole('button', { name: '查看照片' }).click()
      await expect(card(volunteer).getByRole('img', { name: '心愿照片' })).toBeVisible()
      await card(volunteer).getByRole('button', { name: '认领' }).click()
      await expect(volunteer.getByText('已认领。请通过入户探访联系住户')).toBeVisible()
      await expect(card(volunteer).getByText('已认领', { exact: true })).toBeVisible()
    })

    await step(resident, 'needs-resident-sees-claim', async () => {
      await resident.reload()
      await expect(card(resident).getByText('已认领', { exact: true })).toBeVisible()
      await expect(card(resident).getByText('认领：和美村志愿服务队 志愿者')).toBeVisible()
      // The volunteer's name is never shown to the household.
      await expect(resident.getByText('周敏')).toHaveCount(0)
      // Claimed: too late to withdraw.
      await expect(card(resident).getByRole('button', { name: '撤回' })).toHaveCount(0)
    })

    await step(volunteer, 'needs-volunteer-delivers', async () => {
      await card(volunteer).getByRole('button', { name: '标记为已送达' }).click()
      await card(volunteer).getByLabel('说明（选填）').fill('已上门换好灯泡')
      await card(volunteer).locator('form.deliver').getByRole('button', { name: '标记为已送达' }).click()
      await expect(volunteer.getByText('已标记送达，等待住户确认')).toBeVisible()
      await expect(card(volunteer).getByText('已送达', { exact: true })).toBeVisible()
    })

    await step(resident, 'needs-resident-confirms', async () => {
      await resident.reload()
      await expect(card(resident).getByText('已送达', { exact: true })).toBeVisible()
      await expect(card(resident).getByText('和美村志愿服务队 志愿者 标记为已送达')).toBeVisible()
      await expect(card(resident).getByText('已上门换好灯泡')).toBeVisible()
      // The stars are radios with names of their own, in a group named by the question.
      await card(resident).getByRole('group', { name: '满意程度' }).getByRole('radio', { name: '5 星', exact: true }).check()
      await expect(card(resident).getByText('5 星（满分 5 星）')).toBeVisible()
      await card(resident).getByLabel('想说的话（选填）').fill('谢谢志愿者')
      await card(resident).getByRole('button', { name: '确认收到' }).click()
      await expect(resident.getByText('已确认，谢谢您的评价')).toBeVisible()
      await expect(card(resident).getByText('已确认', { exact: true })).toBeVisible()
      await expect(card(resident).getByText('评价 5 星')).toBeVisible()
      await saveScreenshot(resident, 'needs-resident-confirmed')
      const { json } = await pageApi<{ needs: { description: string, status: string, rating: number | null }[] }>(resident, 'GET', '/api/needs/mine')
      expect(json.needs.filter(n => n.description === DESCRIPTION).map(n => [n.status, n.rating])).toEqual([['confirmed', 5]])
    })

    await step(resident, 'needs-elder-mode-form', async () => {
      // 长辈版: text at least 18 px, touch targets at least 60 px high.
      await resident.evaluate(() => localStorage.setItem('xfm.elderMode', 'true'))
      await resident.goto('/needs/new')
      await expect(resident.getByRole('heading', { name: '发布微心愿', level: 1 })).toBeVisible()
      const targets = [
        resident.locator('label.choice-option', { hasText: '就医协助' }),
        resident.locator('label.pick'),
        resident.getByRole('button', { name: '发布', exact: true }),
      ]
      for (const target of targets) {
        const box = await target.boundingBox()
        expect(box?.height, `the height in px of target ${await target.textContent()}`).toBeGreaterThanOrEqual(60)
      }
      const fontSize = await resident.getByLabel('需要什么帮助').evaluate(el => Number.parseFloat(getComputedStyle(el).fontSize))
      expect(fontSize, 'description text size in px').toBeGreaterThanOrEqual(18)
      await saveScreenshot(resident, 'needs-elder-form')
    })

    await step(volunteer, 'needs-volunteer-sees-rating', async () => {
      await volunteer.reload()
      await volunteer.getByRole('tab', { name: /我认领的/ }).click()
      await expect(card(volunteer).getByText('已确认', { exact: true })).toBeVisible()
      await expect(card(volunteer).getByText('评价 5 星')).toBeVisible()
      await expect(card(volunteer).getByText('谢谢志愿者').first()).toBeVisible()
      await saveScreenshot(volunteer, 'needs-volunteer-confirmed')
    })

    await step(volunteer, 'needs-volunteer-posts-for-household', async () => {
      // At the door: the household's happiness code opens the form for that household.
      const { json: code } = await pageApi<{ token: string }>(resident, 'GET', '/api/household-code')
      await volunteer.goto(`/volunteer/needs/new?token=${code.token}`)
      await expect(volunteer.getByRole('heading', { name: '为住户发布微心愿', level: 1 })).toBeVisible()
      await volunteer.getByRole('radio', { name: '代办' }).check()
      await volunteer.getByLabel('需要什么帮助').fill(ON_BEHALF)
      await volunteer.getByRole('button', { name: '发布', exact: true }).click()
      await expect(volunteer.getByText('已发布，本村（社区）的志愿者会看到')).toBeVisible()
      await volunteer.getByRole('tab', { name: /待认领/ }).click()
      await expect(volunteer.locator('article.need-card').filter({ hasText: ON_BEHALF }).getByText('由志愿者代为发布')).toBeVisible()
    })

    await step(resident, 'needs-resident-sees-posted-for-them', async () => {
      await resident.evaluate(() => localStorage.setItem('xfm.elderMode', 'false'))
      await resident.goto('/needs')
      const posted = resident.locator('article.need-card').filter({ hasText: ON_BEHALF })
      await expect(posted.getByText('由志愿者代为发布')).toBeVisible()
      await expect(posted.getByText('和美村志愿服务队 志愿者 发布了心愿')).toBeVisible()
      // Theirs to withdraw while nobody has claimed it.
      await expect(posted.getByRole('button', { name: '撤回' })).toBeVisible()
    })
  })
})
