import type { Browser } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { ARTIFACTS, bindHousehold, pageApi, phoneContext, signInResident, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

describe('the household code (幸福码)', () => {
  it('shows the household its signed QR and makes a new one that revokes the old', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const context = await phoneContext(browser, server.url)
    t.after(() => context.close())
    const page = await context.newPage()
    let firstToken = ''

    await step(page, 'code-shown', async () => {
      await signInResident(page, server, DEMO_HOUSEHOLDS[0].members[0].phone!)
      await bindHousehold(page, DEMO_HOUSEHOLDS[0].members[0])
      await page.getByRole('tab', { name: '幸福码' }).click()
      const qr = page.getByRole('img', { name: '本户幸福码二维码' })
      await qr.locator('svg').waitFor()
      const box = await qr.boundingBox()
      assert.ok(box && box.width >= 280, `the QR is ${box?.width}px wide at 360px`)
      const code = await pageApi<{ token: string, url: string }>(page, 'GET', '/api/household-code')
      firstToken = code.json.token
      assert.equal(code.json.url, `${server.url}/h/${firstToken}`)
      assert.ok(!code.json.url.includes(DEMO_HOUSEHOLDS[0].members[0].idNumber), 'no personal data in the code')
      assert.deepEqual((await pageApi(page, 'POST', '/api/household-code/verify', { token: firstToken })).json, { valid: true, version: 1 })
    })

    await step(page, 'code-regenerated', async () => {
      await page.getByRole('button', { name: '重新生成幸福码' }).click()
      await page.getByRole('button', { name: '确定重新生成' }).click()
      await page.getByText('已生成新的幸福码，旧码已作废').waitFor()
      await page.getByText('第 2 版').waitFor()
      const old = await pageApi<{ code: string }>(page, 'POST', '/api/household-code/verify', { token: firstToken })
      assert.equal(old.status, 400)
      assert.equal(old.json.code, 'invalid_household_code')
    })

    await step(page, 'code-elder', async () => {
      // 长辈版 at 360 px: "生成" used to break onto a line of its own (issue #16).
      await page.evaluate(() => localStorage.setItem('xfm.elderMode', 'true'))
      await page.reload()
      await page.getByText('第 2 版').waitFor()
      await page.getByRole('button', { name: '重新生成幸福码' }).click()
      await page.getByRole('button', { name: '确定重新生成' }).waitFor()
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
        assert.equal(await lines(text), 1, `"${text}" on one line`)
      const issued = await page.locator('.issued span.nowrap').last().textContent()
      assert.match(issued ?? '', /^生成于 /)
      assert.equal(await lines(issued!.trim()), 1, 'the issue time on one line')
      await page.screenshot({ path: join(ARTIFACTS, 'code-elder-confirm.png'), fullPage: true })
      await page.getByRole('button', { name: '取消' }).click()
      await page.evaluate(() => localStorage.removeItem('xfm.elderMode'))
    })
  })
})
