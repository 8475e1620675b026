import type { Ref } from 'vue'
import type { DecoderKind } from './qr-decode'
import { onBeforeUnmount, ref } from 'vue'
import { qrDecoder } from './qr-decode'

/** Frames looked at per second: enough to feel instant, light on a cheap phone's battery and CPU. */
export const SCANS_PER_SECOND = 4
/** Frames are scaled down to this width before decoding: a QR at arm's length stays readable. */
const MAX_FRAME_WIDTH = 640
/** HTMLMediaElement.HAVE_CURRENT_DATA: a frame is there to draw. */
const HAVE_CURRENT_DATA = 2

export type CameraState = 'idle' | 'starting' | 'scanning' | 'denied' | 'unavailable' | 'failed'

export interface QrScanner {
  state: Ref<CameraState>
  decoder: Ref<DecoderKind | null>
  start: () => Promise<void>
  stop: () => void
}

function cameraError(error: unknown): CameraState {
  const name = error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException) ? (error as Error).name : ''
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'denied'
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError')
    return 'unavailable'
  return 'failed'
}

/**
 * The rear camera into a <video>, a few frames a second drawn to a canvas and read for a QR.
 * `onText` gets each QR's text; it returns true to stop scanning (a happiness code was found) or
 * false to go on (some other QR). The camera stops when the component unmounts.
 */
export function useQrScanner(video: Ref<HTMLVideoElement | null>, onText: (text: string) => boolean): QrScanner {
  const state = ref<CameraState>('idle')
  const decoder = ref<DecoderKind | null>(null)
  let stream: MediaStream | null = null
  let timer: ReturnType<typeof setInterval> | undefined
  let busy = false
  let stopped = false
  const canvas = typeof document === 'undefined' ? null : document.createElement('canvas')

  function stop() {
    stopped = true
    clearInterval(timer)
    timer = undefined
    stream?.getTracks().forEach(track => track.stop())
    stream = null
    if (video.value)
      video.value.srcObject = null
    if (state.value === 'scanning' || state.value === 'starting')
      state.value = 'idle'
  }

  async function scanFrame(decode: (c: HTMLCanvasElement) => Promise<string | null>) {
    const el = video.value
    if (busy || !el || !canvas || el.readyState < HAVE_CURRENT_DATA || el.videoWidth === 0)
      return
    busy = true
    try {
      const scale = Math.min(1, MAX_FRAME_WIDTH / el.videoWidth)
      canvas.width = Math.round(el.videoWidth * scale)
      canvas.height = Math.round(el.videoHeight * scale)
      canvas.getContext('2d', { willReadFrequently: true })?.drawImage(el, 0, 0, canvas.width, canvas.height)
      const text = await decode(canvas)
      if (text !== null && !stopped && onText(text))
        stop()
    }
    catch {
      // One unreadable frame is no reason to stop: the next one may read.
    }
    finally {
      busy = false
    }
  }

  async function start() {
    stop()
    stopped = false
    if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      // No camera API: an old browser, or a page not served over HTTPS.
      state.value = 'unavailable'
      return
    }
    state.value = 'starting'
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false })
      if (stopped) {
        // The person left while the permission prompt was open.
        media.getTracks().forEach(track => track.stop())
        return
      }
      stream = media
      const el = video.value
      if (!el)
        throw new Error('no video element')
      el.srcObject = media
      await el.play()
      const chosen = await qrDecoder()
      if (stopped)
        return
      decoder.value = chosen.kind
      state.value = 'scanning'
      timer = setInterval(() => void scanFrame(chosen.decode), 1000 / SCANS_PER_SECOND)
    }
    catch (error) {
      const failure = cameraError(error)
      stop()
      state.value = failure
    }
  }

  onBeforeUnmount(stop)
  return { state, decoder, start, stop }
}
