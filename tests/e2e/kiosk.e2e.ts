import type { Page } from '@playwright/test'
import { seriousViolations } from './axe'
import { expect, step, test } from './fixtures'
import { readQrOnScreen, signInResident } from './helpers'
import { NO_PHONE_EMULATION, PHONE } from './support'

// A village kiosk (issue #7): staff make the machine a kiosk; a resident signs in and starts the
// self-diagnosis, then walks away; "还在使用吗？" counts down and the machine is wiped for the next person.
// Another resident carries the diagnosis to a phone with the one-time QR; the QR works once.
// Issue #16: the number keys answer a mouse on a touch screen, a keyboard and an ID card reader;
// 在手机上继续 carries what a resident not bound to a household yet typed into the application.

/** A portrait kiosk with a touch screen; `hasTouch: false` where it has a mouse instead. */
const KIOSK = { ...NO_PHONE_EMULATION, viewport: { width: 1080, height: 1920 }, hasTouch: true }
const PHONE_NUMBER = '13700137000'
// A valid ID number of the demo county (339901) ending in X, typed on the on-screen keyboard.
const ID_NUMBER = '33990119480315060X'
const IDLE_MS = 90_000
const COUNTDOWN_MS = 30_000
const PUBLIC_KEY_CACHE = 'xingfuma-code-keys/keys'
/** The machine as staff set it up (the setting the first test stores through the screens). */
const KIOSK_SETTING = JSON.stringify({ enabled: true, idleSeconds: 600, countdownSeconds: 30 })
/** How long the question may take to show after the idle time, jumped again as often as needed. */
const STILL_HERE_TIMEOUT_MS = 30_000
/** The kiosk goes back to its start screen once a phone took over. */
const HANDOFF_WIPE_TIMEOUT_MS = 20_000

/** Everything the page can read of what the last person left: storages, IndexedDB, caches. */
async function deviceTraces(page: Page) {
  return page.evaluate(async () => {
    const idb: Record<string, unknown[]> = {}
    for (const { name } of await indexedDB.databases()) {
      if (!name)
        continue
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onsuccess = () => resolve(open.result)
        open.onerror = () => reject(open.error)
      })
      for (const store of [...db.objectStoreNames]) {
        idb[`${name}/${store}`] = await new Promise<unknown[]>((resolve) => {
          const all = db.transaction(store).objectStore(store).getAll()
          all.onsuccess = () => resolve(all.result)
        })
      }
      db.close()
    }
    return {
      local: Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)])),
      session: Object.fromEntries(Object.keys(sessionStorage).map(k => [k, sessionStorage.getItem(k)])),
      idb,
      caches: await caches.keys(),
    }
  })
}

/**
 * Region from an ID number typed on the screen's own keypad (with X), then the age: no physical
 * keyboard. `mouse`: the keys are clicked, as on a kiosk with a mouse or trackball and no touch.
 */
async function startDiagnosisOnKeypad(page: Page, pointer: 'touch' | 'mouse' = 'touch', age = '81') {
  await page.goto('/diagnosis')
  await expect(page.getByRole('heading', { level: 2, name: '您在哪个地区？' })).toBeVisible()
  // The ID number on the screen's own number keyboard (with X), no physical keyboard.
  await page.getByRole('textbox', { name: '身份证号' }).click()
  const keypad = page.getByRole('group', { name: '数字键盘' })
  await expect(keypad).toBeVisible()
  await expect(page.getByRole('textbox', { name: '身份证号' }), 'no system keyboard on a kiosk').toHaveAttribute('inputmode', 'none')
  const press = (name: string) => keypad.getByRole('button', { name, exact: true })[pointer === 'touch' ? 'tap' : 'click']()
  for (const key of ID_NUMBER)
    await press(key)
  await press('完成')
  await expect(page.getByText(`已识别地区代码 ${ID_NUMBER.slice(0, 6)}`)).toBeVisible()
  await page.getByRole('button', { name: '下一步' }).click()
  await page.getByLabel('年龄').click()
  for (const key of age)
    await press(key)
  await press('完成')
  await page.getByRole('group', { name: '性别' }).getByRole('radio', { name: '男', exact: true }).check()
  await page.getByRole('button', { name: '下一步' }).click()
  await expect(page.getByRole('heading', { level: 2, name: '现在享受哪些救助？' })).toBeVisible()
}

test.describe('kiosk mode', () => {
  test('wipes everything of a resident who walks away, after a countdown one tap can extend', async ({ newContext, server }) => {
    const context = await newContext(KIOSK)
    const page = await context.newPage()
    await page.clock.install()

    await step(page, 'kiosk-setup', async () => {
      await page.goto('/kiosk')
      await expect(page.getByText('本机还不是自助终端')).toBeVisible()
      await page.getByRole('link', { name: '工作人员设置' }).click()
      await page.getByLabel('工作人员账号').fill('town')
      await page.getByLabel('密码').fill('Demo@2026')
      await page.getByRole('button', { name: '设为自助终端' }).click()
      await expect(page.getByRole('navigation', { name: '可以办理的事项' })).toBeVisible()
      await expect(page).toHaveURL(url => url.pathname === '/kiosk')
      await expect(page.locator('html')).toHaveClass(/kiosk/)
      await expect(page.locator('html'), 'kiosks start in 长辈版').toHaveClass(/elder/)
      // The staff member who set it up is not left signed in.
      expect((await context.cookies()).filter(c => c.name === 'sid')).toEqual([])
    })

    let sessionCookie = ''
    await step(page, 'kiosk-resident-works', async () => {
      await signInResident(page, server, PHONE_NUMBER)
      sessionCookie = (await context.cookies()).find(c => c.name === 'sid')!.value
      await startDiagnosisOnKeypad(page)
      const traces = JSON.stringify(await deviceTraces(page))
      expect(traces, 'the answers are kept on the device while the person works').toContain(ID_NUMBER.slice(0, 6))
      expect(traces, 'the ID number itself is never stored').not.toContain(ID_NUMBER)
    })

    await step(page, 'kiosk-still-here', async () => {
      const dialog = page.getByRole('alertdialog', { name: '还在使用吗？' })
      // A last touch still being handled on a loaded machine restarts the idle timer after the
      // jump: jump again until the question shows.
      await expect(async () => {
        if (!await dialog.isVisible())
          await page.clock.fastForward(IDLE_MS + 1000)
        await expect(dialog).toBeVisible({ timeout: 5_000 })
      }).toPass({ intervals: [0], timeout: STILL_HERE_TIMEOUT_MS })
      await expect(dialog.getByText(/\d+ 秒后将清除本次填写的所有信息/)).toBeVisible()
      await dialog.getByRole('button', { name: '继续使用' }).click()
      await expect(dialog).toBeHidden()
      // Still there: the person's work is untouched.
      await expect(page.getByRole('heading', { level: 2, name: '现在享受哪些救助？' })).toBeVisible()
    })

    await step(page, 'kiosk-walks-away', async () => {
      await page.clock.fastForward(IDLE_MS + 1000)
      await expect(page.getByRole('alertdialog', { name: '还在使用吗？' })).toBeVisible()
      // The countdown ticks every second: runFor fires every tick (a fastForward fires it once and
      // leaves the other 29 seconds to the real clock).
      await page.clock.runFor(COUNTDOWN_MS + 1000)
      await page.waitForURL(url => url.pathname === '/kiosk')
      await expect(page.getByRole('navigation', { name: '可以办理的事项' })).toBeVisible()
    })

    await step(page, 'kiosk-no-trace', async () => {
      const traces = await deviceTraces(page)
      const text = JSON.stringify(traces)
      for (const trace of [ID_NUMBER.slice(0, 6), PHONE_NUMBER, PHONE_NUMBER.slice(-4), '"81"', '"age":81'])
        expect(text, `no ${trace} left on the device`).not.toContain(trace)
      // Only vue-router's scroll positions, which the fresh page writes: none of the pages visited before.
      expect(Object.keys(traces.session).filter(k => k !== 'vue-router:scroll')).toEqual([])
      expect(JSON.parse(traces.session['vue-router:scroll'] ?? '{}')).toEqual({})
      // Only the machine's settings and display defaults are left in localStorage.
      expect(Object.keys(traces.local).filter(k => !['xfm.kiosk', 'xfm.elderMode', 'xfm.locale'].includes(k))).toEqual([])
      // Public keys for checking household codes offline are refetched at start: not personal data.
      for (const [store, values] of Object.entries(traces.idb)) {
        if (store !== PUBLIC_KEY_CACHE)
          expect(values, `${store} is empty`).toEqual([])
      }
      expect(traces.caches.filter(name => !name.startsWith('workbox-precache')), 'only the app shell is cached').toEqual([])
      expect((await context.cookies()).filter(c => c.name === 'sid')).toEqual([])
      // The server ended the session too: the old cookie opens nothing.
      const res = await fetch(`${server.url}/api/session`, { headers: { cookie: `sid=${sessionCookie}` } })
      expect((await res.json()).user).toBeNull()
      // And on screen: the diagnosis starts afresh.
      await page.getByRole('link', { name: /救助自诊/ }).click()
      await expect(page.getByRole('heading', { level: 2, name: '您在哪个地区？' })).toBeVisible()
      await expect(page.getByText('已恢复您上次填写的内容')).toHaveCount(0)
      await expect(page.locator('html'), 'the next person starts in 长辈版 too').toHaveClass(/elder/)
    })
  })

  test('carries a diagnosis to the resident\'s phone with a one-time QR, then wipes the kiosk', async ({ newContext, server }) => {
    // This kiosk has a mouse, not a touch screen.
    const kioskContext = await newContext({ ...KIOSK, hasTouch: false })
    const phoneContext = await newContext()
    const kiosk = await kioskContext.newPage()
    await kiosk.goto('/kiosk')
    // A machine set up as a kiosk (the setting staff store, as in the test above).
    await kiosk.evaluate(setting => localStorage.setItem('xfm.kiosk', setting), KIOSK_SETTING)
    await kiosk.reload()
    await expect(kiosk.getByRole('navigation', { name: '可以办理的事项' })).toBeVisible()

    let qrUrl = ''
    await step(kiosk, 'handoff-qr', async () => {
      // 7 and 9 sit in the bottom corners, where the kiosk's floating buttons are: the keypad is above them.
      await startDiagnosisOnKeypad(kiosk, 'mouse', '79')
      await kiosk.getByRole('button', { name: '在手机上继续' }).click()
      const panel = kiosk.getByRole('dialog', { name: '用您自己的手机接着办' })
      await expect(panel.getByText(/二维码 \d+ 秒内有效，只能用一次/)).toBeVisible()
      // The panel covers the page: it must be as accessible as any route (axe, WCAG 2.2 AA).
      expect(await seriousViolations(kiosk)).toEqual([])
      qrUrl = await readQrOnScreen(panel.getByRole('img', { name: '在手机上继续办理的二维码' }), phoneContext)
      expect(qrUrl, 'the token rides in the fragment, never in a path the server logs').toMatch(new RegExp(`^${server.url}/handoff#[\\w-]{43}$`))
    })

    const phone = await phoneContext.newPage()
    await step(phone, 'handoff-phone-continues', async () => {
      await phone.goto(qrUrl)
      // The same question, with the same answers, on the phone.
      await expect(phone.getByRole('heading', { level: 2, name: '现在享受哪些救助？' })).toBeVisible()
      await expect(phone).toHaveURL(url => url.pathname === '/diagnosis' && url.hash === '')
      await phone.getByRole('button', { name: '上一步' }).click()
      await expect(phone.getByLabel('年龄')).toHaveValue('79')
      await phone.close()
    })

    await step(kiosk, 'handoff-kiosk-wiped', async () => {
      // The kiosk sees the phone took over and wipes itself for the next person.
      await kiosk.waitForURL(url => url.pathname === '/kiosk', { timeout: HANDOFF_WIPE_TIMEOUT_MS })
      await expect(kiosk.getByRole('navigation', { name: '可以办理的事项' })).toBeVisible()
      const text = JSON.stringify(await deviceTraces(kiosk))
      expect(text, 'no answers left on the kiosk').not.toContain(ID_NUMBER.slice(0, 6))
      expect(text, 'no answers left on the kiosk').not.toContain('"age":79')
    })

    await step(kiosk, 'handoff-refused-twice', async () => {
      const page = await (await newContext({ ...NO_PHONE_EMULATION, viewport: PHONE })).newPage()
      await page.goto(qrUrl)
      await expect(page.getByRole('alert')).toContainText('这个二维码已经用过了')
      await expect(page.getByRole('button', { name: '回到首页' })).toBeVisible()
      // Nothing of the diagnosis reached the second phone.
      await page.goto('/diagnosis')
      await expect(page.getByRole('heading', { level: 2, name: '您在哪个地区？' })).toBeVisible()
    })
  })

  test('carries a signed-in resident to the same screen on the phone and ends the kiosk\'s session', async ({ newContext, server }) => {
    const kioskContext = await newContext(KIOSK)
    const phoneContext = await newContext()
    const kiosk = await kioskContext.newPage()
    await kiosk.goto('/kiosk')
    await kiosk.evaluate(setting => localStorage.setItem('xfm.kiosk', setting), KIOSK_SETTING)
    // 李建国's own number, as the registry holds it: binding needs it (issue #13).
    await signInResident(kiosk, server, '13800138000')
    const kioskCookie = (await kioskContext.cookies()).find(c => c.name === 'sid')!.value

    await step(kiosk, 'kiosk-card-reader', async () => {
      // An ID card reader "types" the number and Enter into the ID field, keypad open or not.
      await kiosk.goto('/bind')
      await kiosk.getByLabel('身份证号').click()
      await expect(kiosk.getByRole('group', { name: '数字键盘' })).toBeVisible()
      await kiosk.keyboard.type('339901197506080012')
      await kiosk.keyboard.press('Enter')
      // Enter closes the keypad and moves on to the name, keeping the number.
      await expect(kiosk.getByRole('group', { name: '数字键盘' })).toBeHidden()
      await expect(kiosk.getByLabel('姓名')).toBeFocused()
      await expect(kiosk.getByLabel('身份证号')).toHaveValue('339901197506080012')
      await kiosk.getByLabel('姓名').fill('李建国')
      await kiosk.getByRole('button', { name: '核对并绑定' }).click()
      await expect(kiosk.getByText('李建国家').first()).toBeVisible()
    })

    await step(kiosk, 'handoff-signed-in', async () => {
      await kiosk.goto('/progress')
      await expect(kiosk.getByRole('heading', { level: 1, name: '进度查询' })).toBeVisible()
      await kiosk.getByRole('button', { name: '在手机上继续' }).tap()
      const qr = kiosk.getByRole('dialog', { name: '用您自己的手机接着办' }).getByRole('img', { name: '在手机上继续办理的二维码' })
      const phone = await phoneContext.newPage()
      await phone.goto(await readQrOnScreen(qr, phoneContext))
      await expect(phone.getByRole('heading', { level: 1, name: '进度查询' })).toBeVisible()
      await expect(phone).toHaveURL(url => url.pathname === '/progress')
      const onPhone = await (await phone.request.get('/api/session')).json() as { user: { role: string } | null }
      expect(onPhone.user?.role, 'the phone is signed in as the kiosk\'s resident').toBe('resident')
      await kiosk.waitForURL(url => url.pathname === '/kiosk', { timeout: HANDOFF_WIPE_TIMEOUT_MS })
      const res = await fetch(`${server.url}/api/session`, { headers: { cookie: `sid=${kioskCookie}` } })
      expect((await res.json()).user, 'the kiosk\'s session ended when the phone took over').toBeNull()
    })
  })

  test('takes an ID number from a mouse on a touch screen, a keyboard and a card reader, keys and typing mixed', async ({ newContext }) => {
    // A touch screen that also has a mouse and a USB keyboard (or an ID card reader that types).
    const page = await (await newContext(KIOSK)).newPage()
    await page.goto('/kiosk')
    await page.evaluate(setting => localStorage.setItem('xfm.kiosk', setting), KIOSK_SETTING)

    await step(page, 'keypad-mouse-keyboard', async () => {
      await page.goto('/diagnosis')
      await expect(page.getByRole('heading', { level: 2, name: '您在哪个地区？' })).toBeVisible()
      const idField = page.getByRole('textbox', { name: '身份证号' })
      await idField.click()
      const keypad = page.getByRole('group', { name: '数字键盘' })
      await expect(keypad).toBeVisible()
      const key = (name: string) => keypad.getByRole('button', { name, exact: true })
      // Mouse clicks on the keys of a touch screen.
      for (const digit of ID_NUMBER.slice(0, 6))
        await key(digit).click()
      await expect(idField).toHaveValue(ID_NUMBER.slice(0, 6))
      // The clicks left the focus in the field: the keyboard types on into it.
      await page.keyboard.type(ID_NUMBER.slice(6, 17))
      await key('X').click()
      await key('删除').click()
      await page.keyboard.type('X')
      await expect(idField).toHaveValue(ID_NUMBER)
      // Enter (a card reader ends with it) closes the keys.
      await page.keyboard.press('Enter')
      await expect(keypad).toBeHidden()
      await expect(page.getByText(`已识别地区代码 ${ID_NUMBER.slice(0, 6)}`)).toBeVisible()
    })

    await step(page, 'keypad-card-reader', async () => {
      // A card reader read on a field that already holds a number: the number is typed anew.
      const idField = page.getByRole('textbox', { name: '身份证号' })
      await idField.click()
      await expect(page.getByRole('group', { name: '数字键盘' })).toBeVisible()
      await idField.press('Control+A')
      await page.keyboard.type('339901197506080012')
      await page.keyboard.press('Enter')
      await expect(idField).toHaveValue('339901197506080012')
      await page.getByRole('button', { name: '下一步' }).click()
      // The age has no X: the key beside 0 hides the keys, and says so.
      await page.getByLabel('年龄').click()
      const keypad = page.getByRole('group', { name: '数字键盘' })
      await keypad.getByRole('button', { name: '7', exact: true }).click()
      await keypad.getByRole('button', { name: '8', exact: true }).tap()
      await expect(page.getByLabel('年龄')).toHaveValue('78')
      // Every key has a name (删除, 收起键盘): axe finds nothing serious with the keys open.
      expect(await seriousViolations(page)).toEqual([])
      await keypad.getByRole('button', { name: '收起键盘' }).click()
      await expect(keypad).toBeHidden()
    })

    await step(page, 'keypad-landscape', async () => {
      // A small landscape kiosk (1366×768): the keys would cover the ID field, which moves up above them.
      await page.setViewportSize({ width: 1366, height: 768 })
      await page.getByRole('button', { name: '上一步' }).click()
      const idField = page.getByRole('textbox', { name: '身份证号' })
      await idField.click()
      const keypad = page.getByRole('group', { name: '数字键盘' })
      await expect(keypad).toBeVisible()
      const field = (await idField.boundingBox())!
      const keys = (await keypad.boundingBox())!
      expect(field.y, 'the field is on screen').toBeGreaterThan(0)
      expect(field.y + field.height, `the field's bottom is above the keys (${keys.y})`).toBeLessThanOrEqual(keys.y)
      await idField.press('Control+A')
      await page.keyboard.press('Backspace')
      await keypad.getByRole('button', { name: '3', exact: true }).click()
      await expect(idField).toHaveValue('3')
    })
  })

  test('carries what a resident with no household bound yet typed into the application to the phone', async ({ newContext, server }) => {
    const kioskContext = await newContext(KIOSK)
    const phoneContext = await newContext()
    const kiosk = await kioskContext.newPage()
    await kiosk.goto('/kiosk')
    await kiosk.evaluate(setting => localStorage.setItem('xfm.kiosk', setting), KIOSK_SETTING)
    // Signed in by SMS, no household bound: the draft cannot go through the account.
    await signInResident(kiosk, server, '13700137002')

    await step(kiosk, 'handoff-unbound-types', async () => {
      await kiosk.goto('/apply')
      await expect(kiosk.getByText('绑定家庭后才能提交申请')).toBeVisible()
      await kiosk.getByRole('textbox', { name: '姓名' }).fill('王秀英')
      await kiosk.getByRole('textbox', { name: '身份证号' }).click()
      await kiosk.keyboard.type(ID_NUMBER)
      await kiosk.keyboard.press('Enter')
      // Enter moved on to the phone number, whose keys cover the kiosk's buttons: Escape puts them away.
      const keypad = kiosk.getByRole('group', { name: '数字键盘' })
      await expect(keypad).toBeVisible()
      await kiosk.keyboard.press('Escape')
      await expect(keypad).toBeHidden()
      await kiosk.getByRole('button', { name: '在手机上继续' }).click()
    })

    await step(kiosk, 'handoff-unbound-phone', async () => {
      const qr = kiosk.getByRole('dialog', { name: '用您自己的手机接着办' }).getByRole('img', { name: '在手机上继续办理的二维码' })
      const phone = await phoneContext.newPage()
      await phone.goto(await readQrOnScreen(qr, phoneContext))
      await phone.waitForURL(url => url.pathname === '/apply')
      // The form fills in from the handed-over draft once the page has loaded it.
      await expect(phone.getByRole('textbox', { name: '姓名' })).toHaveValue('王秀英')
      await expect(phone.getByRole('textbox', { name: '身份证号' })).toHaveValue(ID_NUMBER)
      // The phone keeps it as its own draft: a reload still has it.
      await phone.reload()
      await expect(phone.getByRole('textbox', { name: '姓名' })).toHaveValue('王秀英')
      await kiosk.waitForURL(url => url.pathname === '/kiosk', { timeout: HANDOFF_WIPE_TIMEOUT_MS })
      const text = JSON.stringify(await deviceTraces(kiosk))
      expect(text, 'nothing of the application left on the kiosk').not.toContain('王秀英')
    })
  })
})
