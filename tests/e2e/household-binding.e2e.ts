import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { expect, step, test } from './fixtures'
import { bindHousehold, signInResident, signInStaff } from './helpers'

// Binding by proof (issue #13): an ID number and a name are not enough; the registry's phone is,
// and so is staff at the town office who saw the ID card. The household sees every bound account.

const [chen] = DEMO_HOUSEHOLDS[2].members
const GRANDSON_PHONE = '13700137055'

test.describe('binding a household', () => {
  test('refuses knowledge alone, binds at the office, and lets the family see and remove accounts', async ({ page: grandson, newContext, server }) => {
    const grandma = await (await newContext()).newPage()
    const clerk = await (await newContext()).newPage()

    await step(grandson, 'binding-needs-proof', async () => {
      // Someone who knows 陈桂兰's ID number and name, on a phone the registry does not hold for her.
      await signInResident(grandson, server, GRANDSON_PHONE)
      await grandson.goto('/bind')
      await expect(grandson.getByText('带上本人身份证，到镇（街道）便民服务中心')).toBeVisible()
      await grandson.getByLabel('身份证号').fill(chen.idNumber)
      await grandson.getByLabel('姓名').fill(chen.name)
      await grandson.getByRole('button', { name: '核对并绑定' }).click()
      await expect(grandson.getByRole('alert').getByText('您登录的手机号不是户籍登记的联系电话')).toBeVisible()
      await expect(grandson.getByLabel('身份证号'), 'what was typed is kept').toHaveValue(chen.idNumber)
    })

    await step(clerk, 'binding-at-the-office', async () => {
      await signInStaff(clerk, 'town')
      await clerk.getByRole('link', { name: '代办绑定家庭' }).click()
      await clerk.getByLabel('居民手机号').fill(GRANDSON_PHONE)
      await clerk.getByLabel('身份证号').fill(chen.idNumber)
      await clerk.getByLabel('姓名').fill(chen.name)
      await clerk.getByRole('button', { name: '核验并绑定' }).click()
      await expect(clerk.getByText('请先核验身份证原件并勾选')).toBeVisible()
      await clerk.getByRole('checkbox', { name: /我已核验本人身份证原件/ }).click()
      await clerk.getByRole('button', { name: '核验并绑定' }).click()
      await expect(clerk.getByRole('status').getByText('已绑定：137****7055 → 桃源村 陈桂兰家（2 人）')).toBeVisible()
    })

    await step(grandson, 'bound-after-the-office', async () => {
      await grandson.goto('/me')
      await expect(grandson.getByText('桃源村 · 陈桂兰家 · 2 人')).toBeVisible()
      await expect(grandson.getByText('工作人员核验身份证')).toBeVisible()
    })

    await step(grandma, 'family-sees-and-removes', async () => {
      await signInResident(grandma, server, chen.phone!)
      await bindHousehold(grandma, chen)
      await grandma.goto('/me')
      const accounts = grandma.getByRole('region', { name: '已绑定的账号' })
      await expect(accounts.getByText('137****7055', { exact: true })).toBeVisible()
      await expect(accounts.getByText('138****8003')).toBeVisible()
      await accounts.getByRole('button', { name: '移除' }).click()
      await expect(grandma.getByRole('alertdialog').getByText('确定移除 137****7055 吗')).toBeVisible()
      await grandma.getByRole('alertdialog').getByRole('button', { name: '移除' }).click()
      await expect(accounts.getByText('137****7055', { exact: true })).toHaveCount(0)
    })

    await step(grandson, 'removed-account-is-unbound', async () => {
      await grandson.reload()
      await expect(grandson.getByText('未绑定')).toBeVisible()
    })
  })
})
