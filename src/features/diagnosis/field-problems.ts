import type { InjectionKey, Ref } from 'vue'
import { computed, inject, provide, reactive, ref } from 'vue'

// Number fields whose text is not an answer yet ("1e12", "12,34", "-1"). Such a field keeps
// the text and gives the answers null, which an optional question (medical costs) would take
// as 0: so the page asks here before moving on, and tells every field to show its message.

export interface FieldProblems {
  /** A field says whether its text can be read; `id` from useId, false again when it goes away. */
  report: (id: string, problem: boolean) => void
  /** The person tried to go on: fields show their message even before being left. */
  revealed: Readonly<Ref<boolean>>
}

const KEY: InjectionKey<FieldProblems> = Symbol('diagnosis.field-problems')

/** For the page holding the fields (one step at a time). */
export function provideFieldProblems() {
  const invalid = reactive(new Set<string>())
  const revealed = ref(false)
  provide(KEY, {
    report: (id, problem) => {
      if (problem)
        invalid.add(id)
      else
        invalid.delete(id)
    },
    revealed,
  })
  return {
    hasProblems: computed(() => invalid.size > 0),
    reveal: () => {
      revealed.value = true
    },
    hide: () => {
      revealed.value = false
    },
  }
}

/** For a field; null outside such a page (a component test, another form). */
export function useFieldProblems(): FieldProblems | null {
  return inject(KEY, null)
}
