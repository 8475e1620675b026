/**
 * Renders public/favicon.svg to the PNG icons of the web manifest with headless Chromium.
 * Run once after changing the logo: `node --import tsx scripts/make-icons.ts`.
 */
import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

const svg = readFileSync('public/favicon.svg', 'utf8')
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
const page = await browser.newPage()
for (const [file, size, padding] of [['icon-192.png', 192, 0], ['icon-512.png', 512, 0], ['maskable-512.png', 512, 0.1]] as const) {
  await page.setViewportSize({ width: size, height: size })
  // A maskable icon keeps its content inside the 80 % safe zone on a full-bleed background.
  const inner = Math.round(size * (1 - 2 * padding))
  const background = padding > 0 ? '#c8102e' : 'transparent'
  await page.setContent(`<body style="margin:0;background:${background};display:grid;place-items:center;width:${size}px;height:${size}px">
    <div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body>`)
  await page.screenshot({ path: `public/icons/${file}`, omitBackground: padding === 0 })
}
await browser.close()
