import type { Locale } from './i18n'
import { useLocalStorage } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { watch } from 'vue'
import { LOCALES, setLocale } from './i18n'

export const ELDER_MODE_KEY = 'xfm.elderMode'

/** Device preferences, kept across visits: elder mode and language. No personal data here. */
export const usePrefsStore = defineStore('prefs', () => {
  const elderMode = useLocalStorage(ELDER_MODE_KEY, false)
  const locale = useLocalStorage<Locale>('xfm.locale', 'zh-CN')

  if (!LOCALES.includes(locale.value))
    locale.value = 'zh-CN'

  watch(locale, value => void setLocale(value), { immediate: true })
  watch(elderMode, (on) => {
    document.documentElement.classList.toggle('elder', on)
  }, { immediate: true })

  function toggleElderMode(on?: boolean) {
    elderMode.value = on ?? !elderMode.value
  }

  return { elderMode, locale, toggleElderMode }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(usePrefsStore, import.meta.hot))
