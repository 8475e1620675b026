/**
 * Steps a person takes that many e2e files share (signing in, binding a household, a photo, a
 * signature), and what a test reads beside the screen: the API as the signed-in person, the
 * app's stored state, a QR on screen.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test'
import type { RunningServer } from './support'
import { DEMO_PASSWORD } from '../../mock/demo-data'
import { CSRF_COOKIE, CSRF_HEADER } from '../../src/domain/http/csrf'
import { expect } from './fixtures'
import { smsCodeFor } from './support'

/** Signs a resident in with an SMS code read from the demo outbox; ends on the resident home. */
export async function signInResident(page: Page, server: RunningServer, phone: string): Promise<void> {
  await page.goto('/login')
  await expect(page.getByRole('heading', { name: '登录幸福码' })).toBeVisible()
  await page.getByLabel('手机号').fill(phone)
  await page.getByRole('button', { name: '获取验证码' }).click()
  // Either the code went or the page says why; a failure then names what the resident was told.
  const sent = page.getByText('验证码已发送')
  await expect(sent.or(page.getByRole('alert')).or(page.locator('.van-field__error-message')).first()).toBeVisible()
  await expect(sent, `the sign-in page said: ${await page.locator('form').first().textContent()}`).toBeVisible()
  await page.getByLabel('验证码').fill(await smsCodeFor(server.url, phone))
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await expect(page.getByRole('link', { name: /申请救助/ })).toBeVisible()
}

/** Signs a volunteer, social worker or staff member in with the demo password (mock/demo-data.ts), then, where given, lands on `redirect`. */
export async function signInStaff(page: Page, username: string, redirect?: string): Promise<void> {
  await page.goto(redirect ? `/login?redirect=${redirect}` : '/login')
  await page.getByRole('tab', { name: '工作人员登录' }).click()
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录', exact: true }).click()
}

/** Binds the signed-in resident's household with a member's ID and name (mock/demo-data.ts). */
export async function bindHousehold(page: Page, member: { idNumber: string, name: string }): Promise<void> {
  await page.goto('/bind')
  await page.getByLabel('身份证号').fill(member.idNumber)
  await page.getByLabel('姓名').fill(member.name)
  await page.getByRole('button', { name: '核对并绑定' }).click()
  await expect(page.getByText(`${member.name}家`).first()).toBeVisible()
}

/**
 * Binds a phone to a member's household as the town office does after seeing the ID card (issue
 * #13): for tests whose resident is not the member the registry holds that phone for. Plain HTTP
 * as town staff, before the resident signs in.
 */
export async function bindAtOffice(server: RunningServer, phone: string, member: { idNumber: string, name: string }): Promise<void> {
  const health = await fetch(`${server.url}/api/health`)
  const csrf = new RegExp(`${CSRF_COOKIE}=([^;]+)`).exec(health.headers.get('set-cookie') ?? '')![1]
  const headers = { 'content-type': 'application/json', [CSRF_HEADER]: csrf }
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { ...headers, cookie: `${CSRF_COOKIE}=${csrf}` }, body: JSON.stringify({ username: 'town', password: DEMO_PASSWORD }) })
  // Signing in may hand out a new CSRF token along with the session.
  const cookies = new Map([[CSRF_COOKIE, csrf]])
  for (const c of login.headers.getSetCookie())
    cookies.set(c.split('=')[0], c.split(';')[0].slice(c.indexOf('=') + 1))
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const bound = await fetch(`${server.url}/api/staff/household-bindings`, {
    method: 'POST',
    headers: { ...headers, [CSRF_HEADER]: cookies.get(CSRF_COOKIE)!, cookie },
    body: JSON.stringify({ phone, idNumber: member.idNumber, name: member.name, idCardChecked: true }),
  })
  if (!bound.ok)
    throw new Error(`binding at the office failed: ${bound.status} ${await bound.text()}`)
}

/** A PNG photo made by the browser's canvas (a "document" with text lines), as setInputFiles takes it. */
export async function documentPhoto(page: Page, name = 'bingli.png'): Promise<{ name: string, mimeType: string, buffer: Buffer }> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 1600
    canvas.height = 1200
    const ctx = canvas.getContext('2d')!
    ctx.fillStyle = '#fdfdf8'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    ctx.fillStyle = '#222'
    ctx.font = '48px sans-serif'
    for (let y = 100; y < 1150; y += 70)
      ctx.fillText(`住院病历 第 ${y} 行 ${Math.random().toString(36).slice(2)}`, 80, y)
    return canvas.toDataURL('image/png')
  })
  return { name, mimeType: 'image/png', buffer: Buffer.from(dataUrl.split(',')[1], 'base64') }
}

/** Draws a short signature-like scribble on a canvas with the mouse (pointer events). */
export async function drawSignature(page: Page, canvas: Locator): Promise<void> {
  await canvas.scrollIntoViewIfNeeded()
  const box = await canvas.boundingBox()
  if (!box)
    throw new Error('signature pad not visible')
  const y = box.y + box.height / 2
  await page.mouse.move(box.x + 20, y)
  await page.mouse.down()
  for (let i = 1; i <= 20; i++)
    await page.mouse.move(box.x + 20 + i * ((box.width - 40) / 20), y + Math.sin(i) * 30, { steps: 2 })
  await page.mouse.up()
}

/** The page's own fetch with the CSRF token the app would send: API calls as the signed-in person. */
export async function pageApi<T>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number, json: T }> {
  return page.evaluate(async ({ method, url, body, cookieName, headerName }) => {
    const csrf = document.cookie.split('; ').find(c => c.startsWith(`${cookieName}=`))?.split('=')[1] ?? ''
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json', [headerName]: csrf }, body: body === undefined ? undefined : JSON.stringify(body) })
    return { status: res.status, json: await res.json() }
  }, { method, url, body, cookieName: CSRF_COOKIE, headerName: CSRF_HEADER }) as Promise<{ status: number, json: T }>
}

/**
 * What the app keeps under `key` in an IndexedDB object store (by default its stored state,
 * src/app/composables/useStoredState.ts), or null: for expect.poll, as the app writes it.
 */
export async function storedValue<T>(page: Page, key: string, where: { db: string, store: string } = { db: 'xingfuma', store: 'state' }): Promise<T | null> {
  return page.evaluate(({ key, db, store }) => new Promise<T | null>((resolve, reject) => {
    const open = indexedDB.open(db)
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const opened = open.result
      if (!opened.objectStoreNames.contains(store)) {
        opened.close()
        return resolve(null)
      }
      const request = opened.transaction(store).objectStore(store).get(key)
      request.onsuccess = () => {
        opened.close()
        resolve(request.result ?? null)
      }
      request.onerror = () => reject(request.error)
    }
  }), { key, ...where })
}

/**
 * Reads a QR on screen the way a phone camera would: a screenshot of the element, decoded with
 * jsQR in a scratch page of the given context (the page under test is left untouched).
 */
export async function readQrOnScreen(qr: Locator, scratchContext: BrowserContext): Promise<string> {
  const png = (await qr.screenshot()).toString('base64')
  const scratch = await scratchContext.newPage()
  try {
    await scratch.addScriptTag({ path: 'node_modules/jsqr/dist/jsQR.js' })
    const text = await scratch.evaluate(async (data) => {
      const image = new Image()
      image.src = `data:image/png;base64,${data}`
      await image.decode()
      const canvas = document.createElement('canvas')
      canvas.width = image.width
      canvas.height = image.height
      const ctx = canvas.getContext('2d')!
      ctx.drawImage(image, 0, 0)
      const pixels = ctx.getImageData(0, 0, image.width, image.height)
      type JsQr = (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null
      const global = window as unknown as { jsQR: JsQr | { default: JsQr } }
      const jsQR = typeof global.jsQR === 'function' ? global.jsQR : global.jsQR.default
      return jsQR(pixels.data, pixels.width, pixels.height)?.data ?? null
    }, png)
    if (!text)
      throw new Error('the QR on screen could not be read')
    return text
  }
  finally {
    await scratch.close()
  }
}
