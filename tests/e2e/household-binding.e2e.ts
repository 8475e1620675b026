import type { Browser } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { bindHousehold, phoneContext, signInResident, signInStaff, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

// Binding by proof (issue #13): an ID number and a name are not enough; the registry's phone is,
// and so is staff at the town office who saw the ID card. The household sees every bound account.

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

const [chen] = DEMO_HOUSEHOLDS[2].members
const GRANDSON_PHONE = '13700137055'

describe('binding a household', () => {
  it('refuses knowledge alone, binds at the office, and lets the family see and remove accounts', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const grandsonContext = await phoneContext(browser, server.url)
    const grandmaContext = await phoneContext(browser, server.url)
    const clerkContext = await phoneContext(browser, server.url)
    t.after(() => Promise.all([grandsonContext, grandmaContext, clerkContext].map(c => c.close())))
    const grandson = await grandsonContext.newPage()
    const grandma = await grandmaContext.newPage()
    const clerk = await clerkContext.newPage()

    await step(grandson, 'binding-needs-proof', async () => {
      // Someone who knows 陈桂兰's ID number and name, on a phone the registry does not hold for her.
      await signInResident(grandson, server, GRANDSON_PHONE)
      await grandson.goto('/bind')
      await grandson.getByText('带上本人身份证，到镇（街道）便民服务中心').waitFor()
      await grandson.getByLabel('身份证号').fill(chen.idNumber)
      await grandson.getByLabel('姓名').fill(chen.name)
      await grandson.getByRole('button', { name: '核对并绑定' }).click()
      await grandson.getByRole('alert').getByText('您登录的手机号不是户籍登记的联系电话').waitFor()
      assert.equal(await grandson.getByLabel('身份证号').inputValue(), chen.idNumber, 'what was typed is kept')
    })

    await step(clerk, 'binding-at-the-office', async () => {
      await signInStaff(clerk, 'town')
      await clerk.getByRole('link', { name: '代办绑定家庭' }).click()
      await clerk.getByLabel('居民手机号').fill(GRANDSON_PHONE)
      await clerk.getByLabel('身份证号').fill(chen.idNumber)
      await clerk.getByLabel('姓名').fill(chen.name)
      await clerk.getByRole('button', { name: '核验并绑定' }).click()
      await clerk.getByText('请先核验身份证原件并勾选').waitFor()
      await clerk.getByRole('checkbox', { name: /我已核验本人身份证原件/ }).click()
      await clerk.getByRole('button', { name: '核验并绑定' }).click()
      await clerk.getByRole('status').getByText('已绑定：137****7055 → 桃源村 陈桂兰家（2 人）').waitFor()
    })

    await step(grandson, 'bound-after-the-office', async () => {
      await grandson.goto('/me')
      await grandson.getByText('桃源村 · 陈桂兰家 · 2 人').waitFor()
      await grandson.getByText('工作人员核验身份证').waitFor()
    })

    await step(grandma, 'family-sees-and-removes', async () => {
      await signInResident(grandma, server, chen.phone!)
      await bindHousehold(grandma, chen)
      await grandma.goto('/me')
      const accounts = grandma.getByRole('region', { name: '已绑定的账号' })
      await accounts.getByText('137****7055', { exact: true }).waitFor()
      await accounts.getByText('138****8003').waitFor()
      await accounts.getByRole('button', { name: '移除' }).click()
      await grandma.getByRole('alertdialog').getByText('确定移除 137****7055 吗').waitFor()
      await grandma.getByRole('alertdialog').getByRole('button', { name: '移除' }).click()
      await accounts.getByText('137****7055', { exact: true }).waitFor({ state: 'detached' })
    })

    await step(grandson, 'removed-account-is-unbound', async () => {
      await grandson.reload()
      await grandson.getByText('未绑定').waitFor()
    })
  })
})
