import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { expect, saveScreenshot, step, test } from './fixtures'
import { bindHousehold, pageApi, signInResident } from './helpers'

const [wang] = DEMO_HOUSEHOLDS[0].members

test.describe('the household code (幸福码)', () => {
  test('shows the household its signed QR and makes a new one that revokes the old', async ({ page, server }) => {
    let firstToken = ''

    await step(page, 'code-shown', async () => {
      await signInResident(page, server, wang.phone!)
      await bindHousehold(page, wang)
      await page.getByRole('tab', { name: '幸福码' }).click()
      const qr = page.getByRole('img', { name: '本户幸福码二维码' })
      await expect(qr.locator('svg')).toBeVisible()
      const box = await qr.boundingBox()
      expect(box?.width, 'the QR\'s width in px at 360 px').toBeGreaterThanOrEqual(280)
      const code = await pageApi<{ token: string, url: string }>(page, 'GET', '/api/household-code')
      firstToken = code.json.token
      expect(code.json.url).toBe(`${server.url}/h/${firstToken}`)
      expect(code.json.url, 'no personal data in the code').not.toContain(wang.idNumber)
      expect((await pageApi(page, 'POST', '/api/household-code/verify', { token: firstToken })).json).toEqual({ valid: true, version: 1 })
    })

    await step(page, 'code-regenerated', async () => {
      await page.getByRole('button', { name: '重新生成幸福码' }).click()
      await page.getByRole('button', { name: '确定重新生成' }).click()
      await expect(page.getByText('已生成新的幸福码，旧码已作废')).toBeVisible()
      await expect(page.getByText('第 2 版')).toBeVisible()
      const old = await pageApi<{ code: string }>(page, 'POST', '/api/household-code/verify', { token: firstToken })
      expect(old.status).toBe(400)
      expect(old.json.code).toBe('invalid_household_code')
    })

    await step(page, 'code-elder', async () => {
      // 长辈版 at 360 px: "生成" used to break onto a line of its own (issue #16).
      await page.evaluate(() => localStorage.setItem('xfm.elderMode', 'true'))
      await page.reload()
      await expect(page.getByText('第 2 版')).toBeVisible()
      await page.getByRole('button', { name: '重新生成幸福码' }).click()
      await expect(page.getByRole('button', { name: '确定重新生成' })).toBeVisible()
      const lines = (text: string) => page.evaluate((wanted) => {
        const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.textContent?.trim() === wanted) {
            const range = document.createRange()
            range.selectNodeContents(node)
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size
          }
        }
        return -1
      }, text)
      for (const text of ['确定重新生成', '取消'])
        expect(await lines(text), `"${text}" on one line`).toBe(1)
      const issued = page.locator('.issued span.nowrap').last()
      await expect(issued).toHaveText(/^生成于 /)
      expect(await lines((await issued.textContent())!.trim()), 'the issue time on one line').toBe(1)
      await saveScreenshot(page, 'code-elder-confirm')
      await page.getByRole('button', { name: '取消' }).click()
      await page.evaluate(() => localStorage.removeItem('xfm.elderMode'))
    })
  })
})
