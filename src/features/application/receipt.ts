import type { ApplicationView } from '../../domain/application/schemas'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * The application just submitted, so that the receipt shows at once (also offline) without
 * loading the form's store, which carries the diagnosis engine.
 */
export const useReceiptStore = defineStore('application-receipt', () => {
  const lastSubmitted = ref<ApplicationView | null>(null)
  return { lastSubmitted }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useReceiptStore, import.meta.hot))
