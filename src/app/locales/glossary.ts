/**
 * One term per concept in each language (issue #16: English said both "Small needs" and "Small
 * wishes" for 微心愿, "household code" and "Happiness code" for 幸福码, "bind" and "link" for 绑定).
 * Each concept has the term to use and the synonyms that must not appear anywhere on screen or in a
 * server message; zh-TW is converted from zh-CN, so it follows. Add a concept here when a second
 * word for it turns up. Checked over every locale file, the server's messages (server/locales)
 * included, by src/app/locales/locales.spec.ts.
 */

export interface Wording {
  /** The word to use; found in any capitalisation unless it is a proper name. */
  term: string
  /** Synonyms that must not appear. */
  avoid: RegExp
  /** A proper name ("Happiness Code"): written with exactly this capitalisation, any other is wrong too. */
  properName?: boolean
}

export interface Concept {
  'concept': string
  'zh-CN': Wording
  'en': Wording
  /**
   * Wherever the zh-CN message names the concept, the English message of the same key names it
   * too (`en` matches): "这不是幸福码" said as "This is not a code" loses the term. `except` lists
   * the keys where a shorter word is deliberate, each with the reason.
   */
  'sameKey'?: { zh: RegExp, en: RegExp, except?: Record<string, string> }
}

export const GLOSSARY: Concept[] = [
  {
    'concept': '微心愿',
    'zh-CN': { term: '微心愿', avoid: /小心愿|微愿望|小需求/ },
    // "need" as a thing posted ("a need", "open needs"); "no need to…" is a verb and fine.
    'en': { term: 'small wish', avoid: /\bsmall needs?\b|\bmicro[- ]?wish|\b(?:a|the|this|these|those|open|your|my|any) needs?\b(?! to\b)/i },
  },
  {
    'concept': '长辈版',
    'zh-CN': { term: '长辈版', avoid: /老年版|老人版|长者版|关怀版|大字版|适老版/ },
    'en': { term: 'large text', avoid: /\b(?:elder(?:ly)?|senior|old[- ]age) (?:mode|version)\b/i },
  },
  {
    'concept': '幸福清单',
    'zh-CN': { term: '幸福清单', avoid: /惠民清单|福利清单|救助清单/ },
    'en': { term: 'happiness list', avoid: /\b(?:benefits?|welfare|assistance) list\b/i },
  },
  {
    // The household's signed QR code, and the product's name for it (一户一码: one code per household).
    'concept': '幸福码',
    'zh-CN': { term: '幸福码', avoid: /家庭码|户码|幸福二维码/ },
    'en': { term: 'Happiness Code', properName: true, avoid: /\bhousehold(?:['’]s)? (?:QR )?codes?\b/i },
    'sameKey': {
      zh: /幸福码|一户一码/,
      en: /Happiness Code/,
      except: { 'tabs.code': 'a tab label has room for one short word ("Code"); the page it opens is titled Happiness Code' },
    },
  },
  {
    // Linking a phone account to the registered household. "link" as a web address is another word.
    'concept': '绑定',
    'zh-CN': { term: '绑定', avoid: /关联(?:您的)?家庭|链接家庭|绑户/ },
    'en': { term: 'link', avoid: /\b(?:re|un)?bind(?:s|ings?)?\b|\b(?:un)?bound\b/i },
    'sameKey': { zh: /绑定/, en: /\blink(?:s|ed|ing)?\b/i },
  },
]

/** Whether a text uses a synonym of the concept, or a proper name in another capitalisation. */
export function strays(wording: Wording, text: string): boolean {
  if (wording.avoid.test(text))
    return true
  if (!wording.properName)
    return false
  const anyCase = new RegExp(wording.term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi')
  return [...text.matchAll(anyCase)].some(m => m[0] !== wording.term)
}

/** Whether a text uses the term itself. */
export function usesTerm(wording: Wording, text: string): boolean {
  return wording.properName ? text.includes(wording.term) : text.toLowerCase().includes(wording.term.toLowerCase())
}

/**
 * The keys whose zh-CN message names the concept while the English message of the same key does
 * not (keys of `en` missing count too), as "key: English".
 */
export function unnamedInEnglish(concept: Concept, zh: Record<string, string>, en: Record<string, string>): string[] {
  const rule = concept.sameKey
  if (!rule)
    return []
  return Object.entries(zh)
    .filter(([key, text]) => rule.zh.test(text) && !(key in (rule.except ?? {})) && !rule.en.test(en[key] ?? ''))
    .map(([key]) => `${key}: ${en[key]}`)
}
