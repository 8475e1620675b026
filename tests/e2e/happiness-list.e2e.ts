import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { formatYuan } from '../../src/domain/happiness-list/money'
import { quarterOf } from '../../src/domain/quarter'
import { shanghaiToday } from '../../src/domain/time'
import { expect, step, test } from './fixtures'
import { pageApi, signInStaff } from './helpers'
import { smsCodeFor } from './support'

// 李建国's household (和美村): 医保 pushes two medical payments this quarter through its feed.
const household = DEMO_HOUSEHOLDS[1]
const [head, spouse] = household.members
const RESIDENT_PHONE = head.phone!
const today = shanghaiToday()
const year = Number(today.slice(0, 4))
const quarter = quarterOf(today)
/** "2026-Q4" as the page names it: "2026年第4季度". */
const quarterName = `${quarter.slice(0, 4)}年第${quarter.slice(-1)}季度`
// The first two days of the quarter are never in the future.
const firstMonth = String((Number(quarter.slice(-1)) - 1) * 3 + 1).padStart(2, '0')
const FED_FEN = 123_456 + 10_001

interface Totals { amountFen: number, records: number }

/** A department's system: plain HTTP with its Bearer token, no browser, no cookie. */
async function pushFeed(baseUrl: string, token: string, records: unknown[]): Promise<{ status: number, json: { inserted: number, updated: number, unchanged: number } }> {
  const res = await fetch(`${baseUrl}/api/feeds/records`, { method: 'POST', headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` }, body: JSON.stringify({ records }) })
  return { status: res.status, json: await res.json() as { inserted: number, updated: number, unchanged: number } }
}

/** An amount as the list shows it: grouped digits held together by a narrow no-break space, then 元. */
const zh = (fen: number) => `${formatYuan(fen, 'zh-CN').replace(/(\d)\u2009(?=\d)/g, '$1\u202F')} 元`

test.describe('幸福清单: a department feeds, the resident sees and prints', () => {
  test('shows fed records with the right totals and prints the quarterly list to PDF', async ({ page: staff, newContext, server }) => {
    let token = ''

    await step(staff, 'list-county-creates-credential', async () => {
      await signInStaff(staff, 'county', '/staff')
      await expect(staff.getByRole('heading', { name: '待审核事项' })).toBeVisible()
      const created = await pageApi<{ token: string }>(staff, 'POST', '/api/staff/feed-credentials', { department: 'yibao', name: '县医保信息系统（e2e）' })
      expect(created.status).toBe(201)
      token = created.json.token
    })

    const resident = await (await newContext()).newPage()
    let before: Totals = { amountFen: 0, records: 0 }

    await step(resident, 'list-resident-binds', async () => {
      await resident.goto('/login')
      await resident.getByLabel('手机号').fill(RESIDENT_PHONE)
      await resident.getByRole('button', { name: '获取验证码' }).click()
      await expect(resident.getByText('验证码已发送')).toBeVisible()
      await resident.getByLabel('验证码').fill(await smsCodeFor(server.url, RESIDENT_PHONE))
      await resident.getByRole('button', { name: '登录', exact: true }).click()
      await expect(resident.getByText('绑定家庭后')).toBeVisible()
      await resident.goto('/bind')
      await resident.getByLabel('身份证号').fill(head.idNumber)
      await resident.getByLabel('姓名').fill(head.name)
      await resident.getByRole('button', { name: '核对并绑定' }).click()
      await expect(resident.getByText(`${head.name}家`).first()).toBeVisible()
      before = (await pageApi<{ totals: Totals }>(resident, 'GET', `/api/happiness-list?year=${year}`)).json.totals
    })

    await step(staff, 'list-department-feeds', async () => {
      const records = [
        { externalId: 'E2E-YB-1', idNumbers: [head.idNumber], item: 'medical', kind: 'cash', amountFen: 123_456, period: `${year}-${firstMonth}`, paidOn: `${year}-${firstMonth}-01`, status: 'paid', reference: 'YB-E2E-0001' },
        { externalId: 'E2E-YB-2', idNumbers: [spouse.idNumber], item: 'medical', kind: 'cash', amountFen: 10_001, period: `${year}-${firstMonth}`, paidOn: `${year}-${firstMonth}-02`, status: 'paid', reference: 'YB-E2E-0002' },
      ]
      const first = await pushFeed(server.url, token, records)
      expect(first.status).toBe(200)
      expect(first.json).toEqual({ inserted: 2, updated: 0, unchanged: 0 })
      // A resend (network retry) changes nothing.
      expect((await pushFeed(server.url, token, records)).json).toEqual({ inserted: 0, updated: 0, unchanged: 2 })
    })

    let yearTotal = 0
    await step(resident, 'list-resident-sees-records', async () => {
      const after = (await pageApi<{ totals: Totals }>(resident, 'GET', `/api/happiness-list?year=${year}`)).json.totals
      expect(after.amountFen - before.amountFen, 'the list grew by exactly what was fed').toBe(FED_FEN)
      yearTotal = after.amountFen
      await resident.goto('/list')
      await expect(resident.getByRole('heading', { name: `${year} 年共收到` })).toBeVisible()
      await expect(resident.getByText(zh(yearTotal), { exact: true }).first()).toBeVisible()
      await expect(resident.getByRole('status').first()).toHaveText(/^\s*更新于 /)
      await expect(resident.getByText('医保：本季度已报送'), 'completeness names 医保 as reported').toBeVisible()
      // Tap the record to see where it came from.
      const record = resident.locator('details', { hasText: zh(123_456) }).first()
      await record.locator('summary').click()
      await expect(record.getByText('YB-E2E-0001')).toBeVisible()
      await expect(record.getByText('部门数据对接')).toBeVisible()
      // Filter by the spouse: only her payment of this feed is left.
      await resident.getByLabel('家庭成员').selectOption({ label: spouse.name })
      // The list is replaced when the filtered one arrives: 李建国's own payment goes, hers stays.
      await expect(resident.locator('details', { hasText: zh(123_456) })).toHaveCount(0)
      await expect(resident.locator('details', { hasText: zh(10_001) }).first()).toBeVisible()
      await resident.getByLabel('家庭成员').selectOption({ label: '全家' })
      await expect(resident.getByText(zh(yearTotal), { exact: true }).first()).toBeVisible()
    })

    await step(resident, 'list-resident-reads-regular-payments', async () => {
      // 2025 of the demo history (mock/benefit-history.ts): 低保 960 yuan a month from July, and
      // 李小明's school grant of 625 yuan in March and September: per term, never "每月 625 元".
      await resident.getByLabel('年份').selectOption('2025')
      const summary = resident.locator('.monthly li')
      // The 2025 list replaces this year's when it arrives: wait for a line only 2025 has.
      await expect(summary.filter({ hasText: '最低生活保障' }).getByText(/2025年7月 至 2025年12月 每月 960 元，共已发放 5.760 元/)).toBeVisible()
      await expect(summary.filter({ hasText: '教育救助' }).getByText(/每学期 625 元，已发放 2 次，共 1.250 元/)).toBeVisible()
      await expect(resident.locator('.monthly')).not.toContainText('每月 625 元')
      await resident.getByLabel('年份').selectOption(String(year))
      await expect(resident.getByText(zh(yearTotal), { exact: true }).first()).toBeVisible()
    })

    await step(resident, 'list-resident-prints-quarter', async () => {
      const expected = (await pageApi<{ totals: Totals }>(resident, 'GET', `/api/happiness-list/quarters/${quarter}`)).json.totals
      await resident.getByRole('link', { name: `查看 ${quarterName}清单` }).click()
      await expect(resident.getByRole('heading', { name: '季度清单' })).toBeVisible()
      const sheet = resident.getByRole('article')
      await expect(sheet.getByRole('heading', { name: `幸福清单（${quarterName}）` })).toBeVisible()
      await resident.emulateMedia({ media: 'print' })
      // What goes on paper: the sheet, with the totals, and no app chrome.
      const text = (await sheet.textContent()) ?? ''
      expect(text, `quarter total ${zh(expected.amountFen)} on the sheet`).toContain(`本季度合计：${zh(expected.amountFen)}`)
      for (const part of [head.name, spouse.name, household.address, '医保', zh(123_456), '扫码登记探访', '走访人签字'])
        expect(text, `the sheet shows ${part}`).toContain(part)
      // The household code on paper: a real QR (version 8 + quiet zone = 57 modules), printed.
      const qr = sheet.getByRole('img', { name: `${head.name} 户幸福码` })
      await expect(qr, 'the QR is on paper').toBeVisible()
      await expect(qr.locator('svg')).toHaveAttribute('viewBox', '0 0 57 57')
      await expect(resident.getByRole('button', { name: '打印' }), 'no print button on paper').toBeHidden()
      await expect(resident.locator('.page-header'), 'no nav bar on paper').toBeHidden()
      const pdf = await resident.pdf({ format: 'A4', printBackground: true })
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(pdf.length, 'a real document (bytes)').toBeGreaterThan(10_000)
      expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length, 'at least one page').toBeGreaterThanOrEqual(1)
      await resident.emulateMedia({ media: 'screen' })
    })

    await step(staff, 'list-staff-completeness', async () => {
      await staff.getByRole('link', { name: '幸福清单完整度' }).click()
      await expect(staff.getByRole('heading', { name: '清单完整度' })).toBeVisible()
      // On a phone the table's rows are shown as cards (no table roles then): found by their text.
      const village = staff.locator('tbody tr', { hasText: '和美村' })
      await expect(village.locator('td.department', { hasText: /(?:^|\D)[1-9]\d*\/\d+$/ }).first()).toBeVisible()
      await village.getByRole('button', { name: '打印本村清单（和美村）' }).click()
      await expect(staff.getByRole('heading', { name: '打印村清单' })).toBeVisible()
      await expect(staff.getByRole('article', { name: new RegExp(head.name) })).toBeVisible()
      const sheets = await staff.getByRole('article').count()
      expect(sheets, 'every household of the village').toBeGreaterThanOrEqual(2)
      await expect(staff.locator('article .code svg'), 'each household\'s paper carries its code').toHaveCount(sheets)
      expect((await staff.pdf({ format: 'A4' })).length).toBeGreaterThan(10_000)
    })
  })
})
