/**
 * A stand-in for the browser's speechSynthesis (happy-dom and headless Chromium have none):
 * voices that may arrive later with `voiceschanged`, and a record of what was spoken and cut off.
 * As in browsers, a cancelled utterance reports its end later (an "interrupted" error).
 */
export interface FakeVoice {
  name: string
  lang: string
  localService: boolean
  default: boolean
  voiceURI: string
}

export function voice(lang: string, name = `${lang} voice`, localService = true): FakeVoice {
  return { name, lang, localService, default: false, voiceURI: name }
}

export class FakeUtterance {
  voice: FakeVoice | null = null
  lang = ''
  rate = 1
  onend: ((event: unknown) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  constructor(public text: string) {}
}

export class FakeSpeechSynthesis extends EventTarget {
  voices: FakeVoice[] = []
  spoken: FakeUtterance[] = []
  cancels = 0
  private pending: FakeUtterance[] = []

  getVoices(): FakeVoice[] {
    return this.voices
  }

  speak(utterance: FakeUtterance) {
    this.spoken.push(utterance)
    this.pending.push(utterance)
  }

  cancel() {
    this.cancels++
    const cut = this.pending
    this.pending = []
    queueMicrotask(() => cut.forEach(u => u.onerror?.({ error: 'interrupted' })))
  }

  /** The current utterance reaches its end. */
  finish() {
    const u = this.pending.shift()
    u?.onend?.({})
  }

  /** Voices arrive, as in Chrome some time after the page loaded. */
  loadVoices(voices: FakeVoice[]) {
    this.voices = voices
    this.dispatchEvent(new Event('voiceschanged'))
  }

  get lastText(): string | undefined {
    return this.spoken.at(-1)?.text
  }
}

/** Puts a fresh fake on `window` (useSpeech binds to it on its next call) and returns it. */
export function installSpeech(voices: FakeVoice[] = []): FakeSpeechSynthesis {
  const synth = new FakeSpeechSynthesis()
  synth.voices = voices
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true, writable: true })
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance, configurable: true, writable: true })
  return synth
}

/** Back to a browser without speech. */
export function removeSpeech() {
  Reflect.deleteProperty(window, 'speechSynthesis')
  Reflect.deleteProperty(window, 'SpeechSynthesisUtterance')
}
