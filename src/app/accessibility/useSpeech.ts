import type { Ref } from 'vue'
import type { Router } from 'vue-router'
import { computed, getCurrentScope, onScopeDispose, readonly, ref, shallowRef } from 'vue'

/**
 * Read aloud (语音播报) through the browser's own speech (Web Speech API), in Mandarin only:
 * a device without a Mandarin voice gets no speaker buttons at all rather than one that reads
 * Chinese with an English voice or in Cantonese. One shared state for the whole app, so that
 * one button starts reading while another stops.
 */

/** A little slower than the default, for elders. */
export const ELDER_RATE = 0.9

const MAINLAND = new Set(['zh-cn', 'cmn-hans-cn', 'cmn-cn', 'zh-hans-cn', 'zh-hans'])
const CANTONESE_LANG = /^(?:yue|zh-(?:hk|mo|yue))(?:-|$)|-yue(?:-|$)/
const CANTONESE_NAME = /cantonese|粤|粵|广东话|廣東話/i

function normalisedLang(voice: SpeechSynthesisVoice): string {
  return voice.lang.replace(/_/g, '-').toLowerCase()
}

function isCantonese(voice: SpeechSynthesisVoice): boolean {
  return CANTONESE_LANG.test(normalisedLang(voice)) || CANTONESE_NAME.test(voice.name)
}

/** 0 = mainland Mandarin, 1 = another Chinese voice that is not Cantonese (e.g. zh-TW), null = unusable. */
function rank(voice: SpeechSynthesisVoice): number | null {
  const lang = normalisedLang(voice)
  if (isCantonese(voice))
    return null
  if (MAINLAND.has(lang))
    return 0
  if (lang === 'zh' || lang === 'cmn' || lang.startsWith('zh-') || lang.startsWith('cmn-'))
    return 1
  return null
}

/** The best Mandarin voice: mainland before others, a voice on the device (works offline) before a network one. */
export function pickMandarinVoice(voices: readonly SpeechSynthesisVoice[]): SpeechSynthesisVoice | null {
  let best: SpeechSynthesisVoice | null = null
  let bestScore = Number.POSITIVE_INFINITY
  for (const voice of voices) {
    const r = rank(voice)
    if (r === null)
      continue
    const score = r * 2 + (voice.localService ? 0 : 1)
    if (score < bestScore) {
      best = voice
      bestScore = score
    }
  }
  return best
}

const voice = shallowRef<SpeechSynthesisVoice | null>(null)
const speaking = ref<string | null>(null)
let synth: SpeechSynthesis | null = null
let current: SpeechSynthesisUtterance | null = null

function refreshVoice() {
  voice.value = synth ? pickMandarinVoice(synth.getVoices()) : null
}

/** Binds to the page's speechSynthesis (again if it changed); voices often arrive later, with `voiceschanged`. */
function bind() {
  const found = typeof window !== 'undefined' && 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function'
    ? window.speechSynthesis
    : null
  if (found === synth)
    return
  if (synth && typeof synth.removeEventListener === 'function')
    synth.removeEventListener('voiceschanged', refreshVoice)
  synth = found
  current = null
  speaking.value = null
  if (synth) {
    if (typeof synth.addEventListener === 'function')
      synth.addEventListener('voiceschanged', refreshVoice)
    else
      (synth as { onvoiceschanged: (() => void) | null }).onvoiceschanged = refreshVoice
  }
  refreshVoice()
}

function stop() {
  current = null
  speaking.value = null
  synth?.cancel()
}

/** Reads `text` in Mandarin, after cutting off anything still being read; `key` says who asked (see `speaking`). */
function speak(text: string, key: string) {
  bind()
  const chosen = voice.value
  const trimmed = text.trim()
  if (!synth || !chosen || trimmed === '')
    return
  synth.cancel()
  const utterance = new window.SpeechSynthesisUtterance(trimmed)
  utterance.voice = chosen
  utterance.lang = 'zh-CN'
  utterance.rate = ELDER_RATE
  // A cancelled utterance ends later, after the next one started: only the current one clears the state.
  const done = () => {
    if (current === utterance) {
      current = null
      speaking.value = null
    }
  }
  utterance.onend = done
  utterance.onerror = done
  current = utterance
  speaking.value = key
  synth.speak(utterance)
}

export interface Speech {
  /** a Mandarin voice exists on this device */
  supported: Readonly<Ref<boolean>>
  /** the key of what is being read, null when silent */
  speaking: Readonly<Ref<string | null>>
  /** reads `text`; `key` names what is read (see `speaking`), by default the caller */
  speak: (text: string, key?: string) => void
  stop: () => void
}

const supported = computed(() => voice.value !== null)
let callers = 0

/**
 * The shared speech. Called in a component (or another effect scope), what that caller started
 * stops when the component goes away: leaving a page or a question ends its reading.
 */
export function useSpeech(): Speech {
  bind()
  const own = new Set<string>()
  const caller = `speech-${++callers}`
  function speakOwn(text: string, key = caller) {
    own.add(key)
    speak(text, key)
  }
  if (getCurrentScope()) {
    onScopeDispose(() => {
      if (speaking.value !== null && own.has(speaking.value))
        stop()
    })
  }
  return { supported, speaking: readonly(speaking), speak: speakOwn, stop }
}

const routersWatched = new WeakSet<Router>()

/** Stops reading when the app goes to another page (once per router). */
export function stopOnNavigation(router: Router) {
  if (routersWatched.has(router))
    return
  routersWatched.add(router)
  router.afterEach((to, from) => {
    if (to.path !== from.path)
      stop()
  })
}
