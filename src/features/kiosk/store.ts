import { useLocalStorage } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, watch } from 'vue'

/**
 * Kiosk mode (自助终端) is a setting of the machine, not of a person: staff turn it on or off
 * with their password at /kiosk/setup. Kept in localStorage under a device key, so a reset
 * between two residents keeps it (see DEVICE_KEYS in reset.ts).
 */
export const KIOSK_STORAGE_KEY = 'xfm.kiosk'
export const DEFAULT_IDLE_SECONDS = 90
/** The "还在使用吗？" countdown is never shorter than this: a slow reader must be able to answer. */
export const MIN_COUNTDOWN_SECONDS = 20
export const DEFAULT_COUNTDOWN_SECONDS = 30
export const IDLE_SECONDS_RANGE = { min: 30, max: 600 } as const

export interface KioskSettings {
  enabled: boolean
  idleSeconds: number
  countdownSeconds: number
}

export function clampSettings(s: KioskSettings): KioskSettings {
  const clamp = (n: number, min: number, max: number, fallback: number) => (Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : fallback)
  return {
    enabled: s.enabled === true,
    idleSeconds: clamp(s.idleSeconds, IDLE_SECONDS_RANGE.min, IDLE_SECONDS_RANGE.max, DEFAULT_IDLE_SECONDS),
    countdownSeconds: clamp(s.countdownSeconds, MIN_COUNTDOWN_SECONDS, 120, DEFAULT_COUNTDOWN_SECONDS),
  }
}

export const useKioskStore = defineStore('kiosk', () => {
  const stored = useLocalStorage<KioskSettings>(KIOSK_STORAGE_KEY, { enabled: false, idleSeconds: DEFAULT_IDLE_SECONDS, countdownSeconds: DEFAULT_COUNTDOWN_SECONDS }, { mergeDefaults: true })
  const settings = computed(() => clampSettings(stored.value))
  const enabled = computed(() => settings.value.enabled)

  watch(enabled, (on) => {
    document.documentElement.classList.toggle('kiosk', on)
  }, { immediate: true })

  function configure(next: KioskSettings) {
    stored.value = clampSettings(next)
  }

  return { settings, enabled, configure }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useKioskStore, import.meta.hot))
