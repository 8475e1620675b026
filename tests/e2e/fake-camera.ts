/**
 * A "camera" for Chromium: a .y4m video of a QR code, which Chromium plays as the webcam with
 * `--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>`. The QR is the
 * one the app shows (qrcode, error correction M, 4-module quiet zone), drawn as black on white.
 */
import { writeFileSync } from 'node:fs'
import QRCode from 'qrcode'

export const QUIET_ZONE_MODULES = 4

export interface FakeCameraOptions {
  width?: number
  height?: number
  /** Identical frames in the file; Chromium loops the file. */
  frames?: number
  /** Pixels per QR module; by default the largest that fits the frame's short side. */
  moduleSize?: number
}

export interface QrFrame {
  width: number
  height: number
  /** Luma plane, one byte per pixel (0 = black, 255 = white). */
  luma: Uint8Array
  qrVersion: number
  /** Modules per side, without the quiet zone. */
  modules: number
  moduleSize: number
}

const WHITE = 255
const BLACK = 0
/** Neutral chroma: a grey-scale picture. */
const NEUTRAL_CHROMA = 128

/** The luma plane of a frame with the URL's QR in its middle. */
export function qrFrame(url: string, options: FakeCameraOptions = {}): QrFrame {
  const width = options.width ?? 640
  const height = options.height ?? 480
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  const moduleSize = options.moduleSize ?? Math.floor(Math.min(width, height) / (size + 2 * QUIET_ZONE_MODULES))
  if (moduleSize < 1 || (size + 2 * QUIET_ZONE_MODULES) * moduleSize > Math.min(width, height))
    throw new RangeError(`a ${size}-module QR does not fit ${width}×${height} at ${moduleSize} px per module`)
  const luma = new Uint8Array(width * height).fill(WHITE)
  const left = Math.floor((width - size * moduleSize) / 2)
  const top = Math.floor((height - size * moduleSize) / 2)
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!qr.modules.get(row, col))
        continue
      for (let y = 0; y < moduleSize; y++) {
        const offset = (top + row * moduleSize + y) * width + left + col * moduleSize
        luma.fill(BLACK, offset, offset + moduleSize)
      }
    }
  }
  return { width, height, luma, qrVersion: qr.version, modules: size, moduleSize }
}

/** Writes the y4m file (4:2:0, full-range luma) and says what QR it holds. */
export function writeQrVideo(path: string, url: string, options: FakeCameraOptions = {}): QrFrame {
  const frame = qrFrame(url, options)
  const { width, height } = frame
  if (width % 2 || height % 2)
    throw new RangeError('4:2:0 needs even sides')
  const frames = options.frames ?? 5
  const chroma = new Uint8Array((width / 2) * (height / 2)).fill(NEUTRAL_CHROMA)
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F5:1 Ip A1:1 C420jpeg\n`)
  const frameHeader = Buffer.from('FRAME\n')
  const parts: Uint8Array[] = [header]
  for (let i = 0; i < frames; i++)
    parts.push(frameHeader, frame.luma, chroma, chroma)
  writeFileSync(path, Buffer.concat(parts))
  return frame
}
