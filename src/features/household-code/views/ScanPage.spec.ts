// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountPage, nextRoute } from '../../../app/testing'
import * as decoding from '../qr-decode'
import { SCANS_PER_SECOND } from '../useQrScanner'
import ScanPage from './ScanPage.vue'

// The camera and the QR reader are the browser's; here a fake stream and a decoder that reads
// what the test says. The URL check (tokenFromCodeUrl) is the real one.
vi.mock('../qr-decode', async importOriginal => ({
  ...await importOriginal<typeof import('../qr-decode')>(),
  qrDecoder: vi.fn(),
  decodeQrFromFile: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: null })) }))

const TOKEN = 'AQE'.padEnd(112, 'x_-9')
const FRAME_MS = 1000 / SCANS_PER_SECOND
const CODE_URL = `https://xfm.example.gov.cn/h/${TOKEN}`

let mounted: Awaited<ReturnType<typeof mountPage>> | undefined
const track = { stop: vi.fn() }

function cameraGives(result: () => Promise<MediaStream>) {
  vi.stubGlobal('navigator', { ...navigator, onLine: true, mediaDevices: { getUserMedia: vi.fn(result) } })
}

function stream(): Promise<MediaStream> {
  const media = new MediaStream()
  Object.defineProperty(media, 'getTracks', { value: () => [track] })
  return Promise.resolve(media)
}

/** A <video> that plays and has a 640×480 frame, as a real camera's would. */
function playableVideos() {
  const proto = HTMLMediaElement.prototype
  vi.spyOn(proto, 'play').mockResolvedValue(undefined)
  vi.spyOn(proto, 'readyState', 'get').mockReturnValue(4)
  // happy-dom's video has no frame size at all.
  Object.defineProperty(HTMLVideoElement.prototype, 'videoWidth', { get: () => 640, configurable: true })
  Object.defineProperty(HTMLVideoElement.prototype, 'videoHeight', { get: () => 480, configurable: true })
}

function decoderReads(...texts: (string | null)[]) {
  const decode = vi.fn(async () => (texts.length > 1 ? texts.shift()! : texts[0]))
  vi.mocked(decoding.qrDecoder).mockResolvedValue({ kind: 'jsqr', decode })
  return decode
}

async function open() {
  mounted = await mountPage(ScanPage, { path: '/volunteer/scan' })
  await flushPromises()
  return mounted
}

const button = (wrapper: VueWrapper, text: string) => wrapper.findAll('button').find(b => b.text() === text)

describe('scan page', () => {
  beforeEach(() => {
    vi.clearAllMocks()
  })
  afterEach(() => {
    vi.useRealTimers()
    mounted?.wrapper.unmount()
    mounted = undefined
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    Reflect.deleteProperty(HTMLVideoElement.prototype, 'videoWidth')
    Reflect.deleteProperty(HTMLVideoElement.prototype, 'videoHeight')
    document.body.innerHTML = ''
  })

  it('should open the code page when the camera sees a happiness code, after saying a payment code is not one', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    cameraGives(stream)
    playableVideos()
    const decode = decoderReads('wxp://f2f0payment', 'wxp://f2f0payment', CODE_URL)
    const { wrapper, router } = await open()
    expect(navigator.mediaDevices.getUserMedia).toHaveBeenCalledWith({ video: { facingMode: { ideal: 'environment' } }, audio: false })
    await vi.advanceTimersByTimeAsync(FRAME_MS)
    expect(wrapper.find('[role="status"]').text()).toContain('这不是幸福码')
    const landed = nextRoute(router)
    await vi.advanceTimersByTimeAsync(2 * FRAME_MS)
    expect(decode).toHaveBeenCalledTimes(3)
    expect((await landed).path).toBe(`/h/${TOKEN}`)
    expect(track.stop).toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(10 * FRAME_MS)
    expect(decode, 'no more frames read after the code was found').toHaveBeenCalledTimes(3)
  })

  it('should stop the camera when the person leaves the page', async () => {
    cameraGives(stream)
    playableVideos()
    decoderReads(null)
    const { wrapper } = await open()
    await expect.poll(() => wrapper.text()).toContain('把住户的幸福码放进框内')
    expect(track.stop).not.toHaveBeenCalled()
    wrapper.unmount()
    mounted = undefined
    expect(track.stop).toHaveBeenCalledOnce()
  })

  it('should explain a refused camera and offer to try again', async () => {
    cameraGives(() => Promise.reject(new DOMException('denied', 'NotAllowedError')))
    const { wrapper } = await open()
    expect(wrapper.find('[role="alert"]').text()).toContain('没有使用相机的权限')
    await button(wrapper, '重试')!.trigger('click')
    expect(navigator.mediaDevices.getUserMedia).toHaveBeenCalledTimes(2)
  })

  it('should say when there is no camera, and keep the other ways', async () => {
    vi.stubGlobal('navigator', { ...navigator, onLine: true, mediaDevices: undefined })
    const { wrapper } = await open()
    expect(wrapper.find('[role="alert"]').text()).toContain('没有可用的相机')
    expect(wrapper.find('input[type="file"][capture="environment"][accept="image/*"]').exists()).toBe(true)
    expect(wrapper.find('input[inputmode="url"]').exists()).toBe(true)
  })

  it('should open a pasted code link, and refuse other text', async () => {
    vi.stubGlobal('navigator', { ...navigator, onLine: true, mediaDevices: undefined })
    const { wrapper, router } = await open()
    const input = wrapper.find('input[inputmode="url"]')
    await input.setValue('https://example.org/not-a-code')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.text()).toContain('这不是幸福码链接')
    await input.setValue(` ${CODE_URL} `)
    await wrapper.find('form').trigger('submit')
    expect((await nextRoute(router)).path).toBe(`/h/${TOKEN}`)
  })

  it('should read a photo of the code the same way', async () => {
    vi.stubGlobal('navigator', { ...navigator, onLine: true, mediaDevices: undefined })
    const { wrapper, router } = await open()
    const input = wrapper.find('input[type="file"]')
    const choose = async () => {
      Object.defineProperty(input.element, 'files', { value: [new File(['x'], 'qr.jpg', { type: 'image/jpeg' })], configurable: true })
      await input.trigger('change')
      await flushPromises()
    }
    vi.mocked(decoding.decodeQrFromFile).mockResolvedValueOnce(null)
    await choose()
    expect(wrapper.find('[role="alert"]:last-of-type').text()).toBe('照片里没有找到二维码。请拍清楚整个幸福码再试')
    vi.mocked(decoding.decodeQrFromFile).mockResolvedValueOnce('https://example.org/menu')
    await choose()
    expect(wrapper.text()).toContain('这不是幸福码。请对准')
    vi.mocked(decoding.decodeQrFromFile).mockResolvedValueOnce(CODE_URL)
    await choose()
    expect((await nextRoute(router)).path).toBe(`/h/${TOKEN}`)
  })
})
