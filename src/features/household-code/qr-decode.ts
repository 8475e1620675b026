import { TOKEN_CHARS } from '../../domain/household-code/token'

/**
 * Reading a QR from a picture (a camera frame on a canvas, or a photo): the browser's own
 * BarcodeDetector where it reads QR codes (Android Chrome), else jsQR, loaded on first use as a
 * chunk of its own that the app serves itself (no outside CDN, works offline once precached).
 */

/** What a QR reader returns: the text, or null when no QR was found. */
export type QrDecoder = (source: HTMLCanvasElement) => Promise<string | null>

interface DetectedBarcode { rawValue: string }
interface BarcodeDetectorLike { detect: (source: CanvasImageSource) => Promise<DetectedBarcode[]> }
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike
  getSupportedFormats?: () => Promise<string[]>
}

export type DecoderKind = 'native' | 'jsqr'

/** The native detector when this browser has one that reads QR codes; null otherwise. */
export async function nativeQrDecoder(): Promise<QrDecoder | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector
  if (!Detector)
    return null
  try {
    const formats = await Detector.getSupportedFormats?.() ?? []
    if (!formats.includes('qr_code'))
      return null
    const detector = new Detector({ formats: ['qr_code'] })
    return async source => (await detector.detect(source))[0]?.rawValue ?? null
  }
  catch {
    return null
  }
}

type JsQr = typeof import('jsqr').default

/** jsQR, loaded lazily. Its UMD build comes through the bundler's CommonJS interop either way round. */
export async function jsQrDecoder(): Promise<QrDecoder> {
  const module = await import('jsqr') as unknown as { default: JsQr | { default: JsQr } }
  const jsQR: JsQr = typeof module.default === 'function' ? module.default : module.default.default
  return async (canvas) => {
    const context = canvas.getContext('2d', { willReadFrequently: true })
    if (!context || canvas.width === 0 || canvas.height === 0)
      return null
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height)
    // A printed or on-screen code is dark on light: skipping the inverted pass halves the work.
    return jsQR(data, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null
  }
}

let chosen: Promise<{ kind: DecoderKind, decode: QrDecoder }> | null = null

/** The best decoder this browser offers, chosen once. */
export function qrDecoder(): Promise<{ kind: DecoderKind, decode: QrDecoder }> {
  chosen ??= (async () => {
    const native = await nativeQrDecoder()
    if (native)
      return { kind: 'native' as const, decode: native }
    return { kind: 'jsqr' as const, decode: await jsQrDecoder() }
  })()
  chosen.catch(() => {
    // A failed chunk load (offline before the chunk was cached) may succeed on the next try.
    chosen = null
  })
  return chosen
}

const CODE_URL = new RegExp(`^https?://[^/?#\\s]+/h/([\\w-]{1,${4 * TOKEN_CHARS}})/?$`)

/**
 * The token of a happiness code's URL (`<any origin>/h/<token>`), or null for any other text.
 * Any origin: a county's app may be reached under more than one address, and the token's
 * signature, not the host, says whether the code is genuine.
 */
export function tokenFromCodeUrl(text: string): string | null {
  return CODE_URL.exec(text.trim())?.[1] ?? null
}

/** Longest side a photo is scaled to before decoding: enough for a QR, quick on a cheap phone. */
const MAX_PHOTO_SIDE = 1280

/** Reads a QR from a photo file (a picture of the code, or a screenshot). */
export async function decodeQrFromFile(file: Blob, canvas = document.createElement('canvas')): Promise<string | null> {
  const bitmap = await createImageBitmap(file)
  try {
    const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height))
    canvas.width = Math.round(bitmap.width * scale)
    canvas.height = Math.round(bitmap.height * scale)
    canvas.getContext('2d', { willReadFrequently: true })?.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  }
  finally {
    bitmap.close()
  }
  const { decode } = await qrDecoder()
  return decode(canvas)
}
