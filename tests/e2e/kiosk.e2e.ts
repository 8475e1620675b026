import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { seriousViolations } from './axe'
import { PHONE, readQrOnScreen, signInResident, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

// A village kiosk (issue #7): staff make the machine a kiosk; a resident signs in and starts the
// self-diagnosis, then walks away; "还在使用吗？" counts down and the machine is wiped for the next person.
// Another resident carries the diagnosis to a phone with the one-time QR; the QR works once.
// Issue #16: the number keys answer a mouse on a touch screen, a keyboard and an ID card reader;
// 在手机上继续 carries what a resident not bound to a household yet typed into the application.

const KIOSK_PORTRAIT = { width: 1080, height: 1920 }
const PHONE_NUMBER = '13700137000'
// A valid ID number of the demo county (339901) ending in X, typed on the on-screen keyboard.
const ID_NUMBER = '33990119480315060X'
const IDLE_MS = 90_000
const COUNTDOWN_MS = 30_000
const PUBLIC_KEY_CACHE = 'xingfuma-code-keys/keys'

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

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
      session: Object.keys(sessionStorage),
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
  await page.getByRole('heading', { level: 2, name: '您在哪个地区？' }).waitFor()
  // The ID number on the screen's own number keyboard (with X), no physical keyboard.
  await page.getByRole('textbox', { name: '身份证号' }).click()
  const keypad = page.getByRole('group', { name: '数字键盘' })
  await keypad.waitFor()
  assert.equal(await page.getByRole('textbox', { name: '身份证号' }).getAttribute('inputmode'), 'none', 'no system keyboard on a kiosk')
  const press = (name: string) => keypad.getByRole('button', { name, exact: true })[pointer === 'touch' ? 'tap' : 'click']()
  for (const key of ID_NUMBER)
    await press(key)
  await press('完成')
  await page.getByText(`已识别地区代码 ${ID_NUMBER.slice(0, 6)}`).waitFor()
  await page.getByRole('button', { name: '下一步' }).click()
  await page.getByLabel('年龄').click()
  for (const key of age)
    await press(key)
  await press('完成')
  await page.getByRole('group', { name: '性别' }).getByRole('radio', { name: '男', exact: true }).check()
  await page.getByRole('button', { name: '下一步' }).click()
  await page.getByRole('heading', { level: 2, name: '现在享受哪些救助？' }).waitFor()
}

describe('kiosk mode', () => {
  it('wipes everything of a resident who walks away, after a countdown one tap can extend', { timeout: TEST_TIMEOUT_MS }, async () => {
    const context: BrowserContext = await browser.newContext({ baseURL: server.url, viewport: KIOSK_PORTRAIT, hasTouch: true, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.clock.install()

    await step(page, 'kiosk-setup', async () => {
      await page.goto('/kiosk')
      await page.getByText('本机还不是自助终端').waitFor()
      await page.getByRole('link', { name: '工作人员设置' }).click()
      await page.getByLabel('工作人员账号').fill('town')
      await page.getByLabel('密码').fill('Demo@2026')
      await page.getByRole('button', { name: '设为自助终端' }).click()
      await page.getByRole('navigation', { name: '可以办理的事项' }).waitFor()
      assert.equal(new URL(page.url()).pathname, '/kiosk')
      const html = await page.locator('html').getAttribute('class')
      assert.match(html ?? '', /kiosk/)
      assert.match(html ?? '', /elder/, 'kiosks start in 长辈版')
      // The staff member who set it up is not left signed in.
      assert.deepEqual((await context.cookies()).filter(c => c.name === 'sid'), [])
    })

    let sessionCookie = ''
    await step(page, 'kiosk-resident-works', async () => {
      await signInResident(page, server, PHONE_NUMBER)
      sessionCookie = (await context.cookies()).find(c => c.name === 'sid')!.value
      await startDiagnosisOnKeypad(page)
      const traces = JSON.stringify(await deviceTraces(page))
      assert.ok(traces.includes(ID_NUMBER.slice(0, 6)), 'the answers are kept on the device while the person works')
      assert.ok(!traces.includes(ID_NUMBER), 'the ID number itself is never stored')
    })

    await step(page, 'kiosk-still-here', async () => {
      const dialog = page.getByRole('alertdialog', { name: '还在使用吗？' })
      // A last touch still being handled on a loaded machine restarts the idle timer after the
      // jump: jump again until the question shows (at most three idle periods).
      for (let i = 0; i < 3 && !(await dialog.isVisible()); i++) {
        await page.clock.fastForward(IDLE_MS + 1000)
        await dialog.waitFor({ timeout: 5000 }).catch(() => {})
      }
      await dialog.waitFor()
      await dialog.getByText(/\d+ 秒后将清除本次填写的所有信息/).waitFor()
      await dialog.getByRole('button', { name: '继续使用' }).click()
      await dialog.waitFor({ state: 'hidden' })
      // Still there: the person's work is untouched.
      await page.getByRole('heading', { level: 2, name: '现在享受哪些救助？' }).waitFor()
    })

    await step(page, 'kiosk-walks-away', async () => {
      await page.clock.fastForward(IDLE_MS + 1000)
      await page.getByRole('alertdialog', { name: '还在使用吗？' }).waitFor()
      await page.clock.fastForward(COUNTDOWN_MS + 1000)
      await page.waitForURL(url => url.pathname === '/kiosk')
      await page.getByRole('navigation', { name: '可以办理的事项' }).waitFor()
    })

    await step(page, 'kiosk-no-trace', async () => {
      const traces = await deviceTraces(page)
      const text = JSON.stringify(traces)
      for (const trace of [ID_NUMBER.slice(0, 6), '81', PHONE_NUMBER, PHONE_NUMBER.slice(-4)])
        assert.ok(!text.includes(`"${trace}"`) && !text.includes(trace === '81' ? '"age":81' : trace), `no ${trace} left on the device: ${text}`)
      assert.deepEqual(traces.session, [])
      // Only the machine's settings and display defaults are left in localStorage.
      assert.deepEqual(Object.keys(traces.local).filter(k => !['xfm.kiosk', 'xfm.elderMode', 'xfm.locale'].includes(k)), [])
      // Public keys for checking household codes offline are refetched at start: not personal data.
      for (const [store, values] of Object.entries(traces.idb))
        assert.ok(store === PUBLIC_KEY_CACHE || values.length === 0, `${store} is empty`)
      assert.ok(traces.caches.every(name => name.startsWith('workbox-precache')), `only the app shell is cached: ${traces.caches.join(', ')}`)
      assert.deepEqual((await context.cookies()).filter(c => c.name === 'sid'), [])
      // The server ended the session too: the old cookie opens nothing.
      const res = await fetch(`${server.url}/api/session`, { headers: { cookie: `sid=${sessionCookie}` } })
      assert.equal((await res.json()).user, null)
      // And on screen: the diagnosis starts afresh.
      await page.getByRole('link', { name: /救助自诊/ }).click()
      await page.getByRole('heading', { level: 2, name: '您在哪个地区？' }).waitFor()
      assert.equal(await page.getByText('已恢复您上次填写的内容').count(), 0)
      assert.equal(await page.locator('html').getAttribute('class').then(c => /elder/.test(c ?? '')), true, 'the next person starts in 长辈版 too')
    })
    await context.close()
  })

  it('carries a diagnosis to the resident\'s phone with a one-time QR, then wipes the kiosk', { timeout: TEST_TIMEOUT_MS }, async () => {
    // This kiosk has a mouse, not a touch screen.
    const kioskContext = await browser.newContext({ baseURL: server.url, viewport: KIOSK_PORTRAIT, hasTouch: false, locale: 'zh-CN' })
    const phoneContext = await browser.newContext({ baseURL: server.url, viewport: PHONE, hasTouch: true, isMobile: true, locale: 'zh-CN' })
    const kiosk = await kioskContext.newPage()
    await kiosk.goto('/kiosk')
    // A machine set up as a kiosk (the setting staff store, as in the test above).
    await kiosk.evaluate(() => localStorage.setItem('xfm.kiosk', JSON.stringify({ enabled: true, idleSeconds: 600, countdownSeconds: 30 })))
    await kiosk.reload()
    await kiosk.getByRole('navigation', { name: '可以办理的事项' }).waitFor()

    let qrUrl = ''
    await step(kiosk, 'handoff-qr', async () => {
      // 7 and 9 sit in the bottom corners, where the kiosk's floating buttons are: the keypad is above them.
      await startDiagnosisOnKeypad(kiosk, 'mouse', '79')
      await kiosk.getByRole('button', { name: '在手机上继续' }).click()
      const panel = kiosk.getByRole('dialog', { name: '用您自己的手机接着办' })
      await panel.getByText(/二维码 \d+ 秒内有效，只能用一次/).waitFor()
      // The panel covers the page: it must be as accessible as any route (axe, WCAG 2.2 AA).
      assert.deepEqual(await seriousViolations(kiosk), [])
      qrUrl = await readQrOnScreen(panel.getByRole('img', { name: '在手机上继续办理的二维码' }), phoneContext)
      assert.match(qrUrl, new RegExp(`^${server.url}/handoff#[\\w-]{43}$`), 'the token rides in the fragment, never in a path the server logs')
    })

    const phone = await phoneContext.newPage()
    await step(phone, 'handoff-phone-continues', async () => {
      await phone.goto(qrUrl)
      // The same question, with the same answers, on the phone.
      await phone.getByRole('heading', { level: 2, name: '现在享受哪些救助？' }).waitFor()
      assert.equal(new URL(phone.url()).pathname, '/diagnosis')
      assert.equal(new URL(phone.url()).hash, '')
      await phone.getByRole('button', { name: '上一步' }).click()
      assert.equal(await phone.getByLabel('年龄').inputValue(), '79')
      await phone.close()
    })

    await step(kiosk, 'handoff-kiosk-wiped', async () => {
      // The kiosk sees the phone took over and wipes itself for the next person.
      await kiosk.waitForURL(url => url.pathname === '/kiosk', { timeout: 20_000 })
      await kiosk.getByRole('navigation', { name: '可以办理的事项' }).waitFor()
      const text = JSON.stringify(await deviceTraces(kiosk))
      assert.ok(!text.includes(ID_NUMBER.slice(0, 6)) && !text.includes('"age":79'), `no answers left on the kiosk: ${text}`)
    })

    await step(kiosk, 'handoff-refused-twice', async () => {
      const other = await browser.newContext({ baseURL: server.url, viewport: PHONE, locale: 'zh-CN' })
      const page = await other.newPage()
      await page.goto(qrUrl)
      const refusal = page.getByRole('alert')
      await refusal.waitFor()
      assert.match(await refusal.textContent() ?? '', /这个二维码已经用过了/)
      await page.getByRole('button', { name: '回到首页' }).waitFor()
      // Nothing of the diagnosis reached the second phone.
      await page.goto('/diagnosis')
      await page.getByRole('heading', { level: 2, name: '您在哪个地区？' }).waitFor()
      await other.close()
    })
    await kioskContext.close()
    await phoneContext.close()
  })

  it('carries a signed-in resident to the same screen on the phone and ends the kiosk\'s session', { timeout: TEST_TIMEOUT_MS }, async () => {
    const kioskContext = await browser.newContext({ baseURL: server.url, viewport: KIOSK_PORTRAIT, hasTouch: true, locale: 'zh-CN' })
    const phoneContext = await browser.newContext({ baseURL: server.url, viewport: PHONE, hasTouch: true, isMobile: true, locale: 'zh-CN' })
    const kiosk = await kioskContext.newPage()
    await kiosk.goto('/kiosk')
    await kiosk.evaluate(() => localStorage.setItem('xfm.kiosk', JSON.stringify({ enabled: true, idleSeconds: 600, countdownSeconds: 30 })))
    // 李建国's own number, as the registry holds it: binding needs it (issue #13).
    await signInResident(kiosk, server, '13800138000')
    const kioskCookie = (await kioskContext.cookies()).find(c => c.name === 'sid')!.value

    await step(kiosk, 'kiosk-card-reader', async () => {
      // An ID card reader "types" the number and Enter into the ID field, keypad open or not.
      await kiosk.goto('/bind')
      await kiosk.getByLabel('身份证号').click()
      await kiosk.getByRole('group', { name: '数字键盘' }).waitFor()
      await kiosk.keyboard.type('339901197506080012')
      await kiosk.keyboard.press('Enter')
      // Enter closes the keypad and moves on to the name, keeping the number.
      await kiosk.getByRole('group', { name: '数字键盘' }).waitFor({ state: 'hidden' })
      assert.equal(await kiosk.getByLabel('姓名').evaluate(el => el === document.activeElement), true)
      assert.equal(await kiosk.getByLabel('身份证号').inputValue(), '339901197506080012')
      await kiosk.getByLabel('姓名').fill('李建国')
      await kiosk.getByRole('button', { name: '核对并绑定' }).click()
      await kiosk.getByText('李建国家').first().waitFor()
    })

    await step(kiosk, 'handoff-signed-in', async () => {
      await kiosk.goto('/progress')
      await kiosk.getByRole('heading', { level: 1, name: '进度查询' }).waitFor()
      await kiosk.getByRole('button', { name: '在手机上继续' }).tap()
      const qr = kiosk.getByRole('dialog', { name: '用您自己的手机接着办' }).getByRole('img', { name: '在手机上继续办理的二维码' })
      const phone = await phoneContext.newPage()
      await phone.goto(await readQrOnScreen(qr, phoneContext))
      await phone.getByRole('heading', { level: 1, name: '进度查询' }).waitFor()
      assert.equal(new URL(phone.url()).pathname, '/progress')
      const onPhone = await (await phone.request.get('/api/session')).json() as { user: { role: string } | null }
      assert.equal(onPhone.user?.role, 'resident', 'the phone is signed in as the kiosk\'s resident')
      await kiosk.waitForURL(url => url.pathname === '/kiosk', { timeout: 20_000 })
      const res = await fetch(`${server.url}/api/session`, { headers: { cookie: `sid=${kioskCookie}` } })
      assert.equal((await res.json()).user, null, 'the kiosk\'s session ended when the phone took over')
    })
    await kioskContext.close()
    await phoneContext.close()
  })

  it('takes an ID number from a mouse on a touch screen, a keyboard and a card reader, keys and typing mixed', { timeout: TEST_TIMEOUT_MS }, async () => {
    // A touch screen that also has a mouse and a USB keyboard (or an ID card reader that types).
    const context = await browser.newContext({ baseURL: server.url, viewport: KIOSK_PORTRAIT, hasTouch: true, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto('/kiosk')
    await page.evaluate(() => localStorage.setItem('xfm.kiosk', JSON.stringify({ enabled: true, idleSeconds: 600, countdownSeconds: 30 })))

    await step(page, 'keypad-mouse-keyboard', async () => {
      await page.goto('/diagnosis')
      await page.getByRole('heading', { level: 2, name: '您在哪个地区？' }).waitFor()
      const idField = page.getByRole('textbox', { name: '身份证号' })
      await idField.click()
      const keypad = page.getByRole('group', { name: '数字键盘' })
      await keypad.waitFor()
      const key = (name: string) => keypad.getByRole('button', { name, exact: true })
      // Mouse clicks on the keys of a touch screen.
      for (const digit of ID_NUMBER.slice(0, 6))
        await key(digit).click()
      assert.equal(await idField.inputValue(), ID_NUMBER.slice(0, 6))
      // The clicks left the focus in the field: the keyboard types on into it.
      await page.keyboard.type(ID_NUMBER.slice(6, 17))
      await key('X').click()
      await key('删除').click()
      await page.keyboard.type('X')
      assert.equal(await idField.inputValue(), ID_NUMBER)
      // Enter (a card reader ends with it) closes the keys.
      await page.keyboard.press('Enter')
      await keypad.waitFor({ state: 'hidden' })
      await page.getByText(`已识别地区代码 ${ID_NUMBER.slice(0, 6)}`).waitFor()
    })

    await step(page, 'keypad-card-reader', async () => {
      // A card reader read on a field that already holds a number: the number is typed anew.
      const idField = page.getByRole('textbox', { name: '身份证号' })
      await idField.click()
      await page.getByRole('group', { name: '数字键盘' }).waitFor()
      await idField.press('Control+A')
      await page.keyboard.type('339901197506080012')
      await page.keyboard.press('Enter')
      assert.equal(await idField.inputValue(), '339901197506080012')
      await page.getByRole('button', { name: '下一步' }).click()
      // The age has no X: the key beside 0 hides the keys, and says so.
      await page.getByLabel('年龄').click()
      const keypad = page.getByRole('group', { name: '数字键盘' })
      await keypad.getByRole('button', { name: '7', exact: true }).click()
      await keypad.getByRole('button', { name: '8', exact: true }).tap()
      assert.equal(await page.getByLabel('年龄').inputValue(), '78')
      // Every key has a name (删除, 收起键盘): axe finds nothing serious with the keys open.
      assert.deepEqual(await seriousViolations(page), [])
      await keypad.getByRole('button', { name: '收起键盘' }).click()
      await keypad.waitFor({ state: 'hidden' })
    })

    await step(page, 'keypad-landscape', async () => {
      // A small landscape kiosk (1366×768): the keys would cover the ID field, which moves up above them.
      await page.setViewportSize({ width: 1366, height: 768 })
      await page.getByRole('button', { name: '上一步' }).click()
      const idField = page.getByRole('textbox', { name: '身份证号' })
      await idField.click()
      const keypad = page.getByRole('group', { name: '数字键盘' })
      await keypad.waitFor()
      const field = (await idField.boundingBox())!
      const keys = (await keypad.boundingBox())!
      assert.ok(field.y > 0 && field.y + field.height <= keys.y, `the field (${field.y}–${field.y + field.height}) is above the keys (${keys.y})`)
      await idField.press('Control+A')
      await page.keyboard.press('Backspace')
      await keypad.getByRole('button', { name: '3', exact: true }).click()
      assert.equal(await idField.inputValue(), '3')
    })
    await context.close()
  })

  it('carries what a resident with no household bound yet typed into the application to the phone', { timeout: TEST_TIMEOUT_MS }, async () => {
    const kioskContext = await browser.newContext({ baseURL: server.url, viewport: KIOSK_PORTRAIT, hasTouch: true, locale: 'zh-CN' })
    const phoneContext = await browser.newContext({ baseURL: server.url, viewport: PHONE, hasTouch: true, isMobile: true, locale: 'zh-CN' })
    const kiosk = await kioskContext.newPage()
    await kiosk.goto('/kiosk')
    await kiosk.evaluate(() => localStorage.setItem('xfm.kiosk', JSON.stringify({ enabled: true, idleSeconds: 600, countdownSeconds: 30 })))
    // Signed in by SMS, no household bound: the draft cannot go through the account.
    await signInResident(kiosk, server, '13700137002')

    await step(kiosk, 'handoff-unbound-types', async () => {
      await kiosk.goto('/apply')
      await kiosk.getByText('绑定家庭后才能提交申请').waitFor()
      await kiosk.getByRole('textbox', { name: '姓名' }).fill('王秀英')
      await kiosk.getByRole('textbox', { name: '身份证号' }).click()
      await kiosk.keyboard.type(ID_NUMBER)
      await kiosk.keyboard.press('Enter')
      // Enter moved on to the phone number, whose keys cover the kiosk's buttons: Escape puts them away.
      const keypad = kiosk.getByRole('group', { name: '数字键盘' })
      await keypad.waitFor()
      await kiosk.keyboard.press('Escape')
      await keypad.waitFor({ state: 'hidden' })
      await kiosk.getByRole('button', { name: '在手机上继续' }).click()
    })

    await step(kiosk, 'handoff-unbound-phone', async () => {
      const qr = kiosk.getByRole('dialog', { name: '用您自己的手机接着办' }).getByRole('img', { name: '在手机上继续办理的二维码' })
      const phone = await phoneContext.newPage()
      await phone.goto(await readQrOnScreen(qr, phoneContext))
      await phone.waitForURL(url => url.pathname === '/apply')
      const name = phone.getByRole('textbox', { name: '姓名' })
      await name.waitFor()
      await phone.waitForFunction(() => (document.querySelector('input[name="applicantName"]') as HTMLInputElement | null)?.value === '王秀英')
      assert.equal(await name.inputValue(), '王秀英')
      assert.equal(await phone.getByRole('textbox', { name: '身份证号' }).inputValue(), ID_NUMBER)
      // The phone keeps it as its own draft: a reload still has it.
      await phone.reload()
      await phone.waitForFunction(() => (document.querySelector('input[name="applicantName"]') as HTMLInputElement | null)?.value === '王秀英')
      await kiosk.waitForURL(url => url.pathname === '/kiosk', { timeout: 20_000 })
      const text = JSON.stringify(await deviceTraces(kiosk))
      assert.ok(!text.includes('王秀英'), `nothing of the application left on the kiosk: ${text}`)
    })
    await kioskContext.close()
    await phoneContext.close()
  })
})
