/**
 * `npm run bench:qr`: how long headless Chromium takes to read a happiness code from one camera
 * frame, the way the in-app scanner does it (issue #6). A real signed code URL (fresh Ed25519 key,
 * the shared token format, a typical county origin) becomes a 640×480 grey-scale frame as
 * tests/e2e/fake-camera.ts draws it; a small page then, per frame, draws it to a canvas, reads
 * the pixels and decodes with jsQR (the fallback the app loads lazily), and with the browser's
 * BarcodeDetector when it has one that reads QR codes. Also with the CPU slowed 4× (a cheap phone).
 */
import type { Page } from 'playwright-core'
import type { BenchRow } from './bench-result'
import { codeUrl, encodeToken, newHouseholdRef } from '../src/domain/household-code/token'
import { qrFrame } from '../tests/e2e/fake-camera'
import { launchBrowser } from '../tests/e2e/support'
import { emitBenchResult } from './bench-result'

const TYPICAL_ORIGIN = 'https://xfm.example.gov.cn'
const WARMUP = 5
const FRAMES = process.env.BENCH_QUICK === '1' ? 20 : 60
const CPU_SLOWDOWN = 4
/** Pixels per module: the code filling the frame, and the code at arm's length (half the size). */
const MODULE_SIZES = [8, 4]
/** Chromium's flag that exposes experimental APIs, BarcodeDetector among them where a platform backend exists. */
const EXPERIMENTAL = '--enable-experimental-web-platform-features'

interface Timing { decoded: string | null, meanMs: number, p50Ms: number, p95Ms: number }
interface Result { jsqr: Timing, native: Timing | { unavailable: string } }

async function realCodeUrl(): Promise<string> {
  const keys = await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair
  const token = await encodeToken({ keyId: 1, ref: newHouseholdRef(), version: 1, issuedAt: Math.floor(Date.now() / 1000) }, keys.privateKey)
  return codeUrl(TYPICAL_ORIGIN, token)
}

/** Times both decoders on one frame inside the page; the frame arrives as its luma plane. */
async function timeDecoders(page: Page, frame: { width: number, height: number, luma: number[] }): Promise<Result> {
  return page.evaluate(async ({ frame, warmup, frames }) => {
    const { width, height } = frame
    // The "video": a canvas holding the frame, drawn onto the scanner's canvas each time.
    const source = document.createElement('canvas')
    source.width = width
    source.height = height
    const rgba = new Uint8ClampedArray(width * height * 4)
    frame.luma.forEach((y, i) => rgba.set([y, y, y, 255], i * 4))
    source.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0)
    const target = document.createElement('canvas')
    target.width = width
    target.height = height
    const ctx = target.getContext('2d', { willReadFrequently: true })!

    async function time(decode: () => Promise<string | null>) {
      let decoded: string | null = null
      for (let i = 0; i < warmup; i++)
        decoded = await decode()
      const ms: number[] = []
      for (let i = 0; i < frames; i++) {
        const start = performance.now()
        decoded = await decode()
        ms.push(performance.now() - start)
      }
      ms.sort((a, b) => a - b)
      const round = (n: number) => Math.round(n * 100) / 100
      return { decoded, meanMs: round(ms.reduce((a, b) => a + b, 0) / ms.length), p50Ms: round(ms[Math.floor(ms.length / 2)]), p95Ms: round(ms[Math.floor(ms.length * 0.95)]) }
    }

    type JsQr = (data: Uint8ClampedArray, w: number, h: number, o: object) => { data: string } | null
    const global = window as unknown as { jsQR: JsQr | { default: JsQr }, BarcodeDetector?: { new (o: object): { detect: (s: CanvasImageSource) => Promise<{ rawValue: string }[]> }, getSupportedFormats: () => Promise<string[]> } }
    const jsQR = typeof global.jsQR === 'function' ? global.jsQR : global.jsQR.default
    const jsqr = await time(async () => {
      ctx.drawImage(source, 0, 0)
      const image = ctx.getImageData(0, 0, width, height)
      return jsQR(image.data, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null
    })

    let native: Timing | { unavailable: string }
    if (!global.BarcodeDetector) {
      native = { unavailable: 'no BarcodeDetector in this browser' }
    }
    else {
      const formats = await global.BarcodeDetector.getSupportedFormats()
      if (!formats.includes('qr_code')) {
        native = { unavailable: `BarcodeDetector reads no QR here (formats: [${formats.join(', ')}])` }
      }
      else {
        const detector = new global.BarcodeDetector({ formats: ['qr_code'] })
        native = await time(async () => {
          ctx.drawImage(source, 0, 0)
          return (await detector.detect(target))[0]?.rawValue ?? null
        })
      }
    }
    return { jsqr, native }
  }, { frame, warmup: WARMUP, frames: FRAMES })
}

function describe(label: string, result: Result, url: string): string {
  const line = (name: string, t: Timing) => `    ${name}: ${t.meanMs} ms mean, ${t.p50Ms} ms p50, ${t.p95Ms} ms p95 per frame${t.decoded === url ? '' : `  (DID NOT READ the code: ${t.decoded === null ? 'nothing found' : 'other text'})`}`
  return [
    `  ${label}`,
    line('jsQR', result.jsqr),
    'unavailable' in result.native ? `    BarcodeDetector: not measured, ${result.native.unavailable}` : line('BarcodeDetector', result.native),
  ].join('\n')
}

async function main() {
  const url = await realCodeUrl()
  const browser = await launchBrowser({ args: [EXPERIMENTAL] })
  const rows: BenchRow[] = []
  try {
    console.log(`Chromium ${browser.version()}, headless, ${FRAMES} frames after ${WARMUP} warm-up frames`)
    console.log(`code URL: ${url.length} characters (${TYPICAL_ORIGIN}/h/<token>)`)
    for (const moduleSize of MODULE_SIZES) {
      const frame = qrFrame(url, { width: 640, height: 480, moduleSize })
      console.log(`\nQR version ${frame.qrVersion}, level M, ${frame.modules}×${frame.modules} modules (+4 quiet), ${moduleSize} px per module = ${frame.modules * moduleSize} px square in a ${frame.width}×${frame.height} frame`)
      for (const slowdown of [1, CPU_SLOWDOWN]) {
        const context = await browser.newContext()
        const page = await context.newPage()
        await page.setContent('<!doctype html><title>bench</title>')
        await page.addScriptTag({ path: 'node_modules/jsqr/dist/jsQR.js' })
        // tsx keeps function names with a helper the page does not have.
        await page.evaluate('window.__name = f => f')
        if (slowdown > 1)
          await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: slowdown })
        const result = await timeDecoders(page, { width: frame.width, height: frame.height, luma: Array.from(frame.luma) })
        console.log(describe(slowdown > 1 ? `CPU slowed ${slowdown}×:` : 'full speed:', result, url))
        rows.push({ name: `QR decode (jsQR), ${moduleSize} px per module${slowdown > 1 ? `, CPU ${slowdown}× slower` : ''}`, value: result.jsqr.p50Ms, unit: 'ms p50 per frame' })
        await context.close()
      }
    }
    emitBenchResult(rows)
  }
  finally {
    await browser.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
