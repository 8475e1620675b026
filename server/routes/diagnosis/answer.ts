import type { DiagnosisResult } from '../../../src/domain/diagnosis'
import type { ItemCode } from '../../../src/domain/items'
import type { Lang } from '../../../src/domain/lang'
import type { ResolvedRegion } from '../../../src/domain/regions'
import { ITEMS } from '../../../src/domain/items'
import { departmentKey, documentKey, itemNameKey } from '../../../src/domain/vocabulary'
import { translate, word } from '../../catalog'
import { serializerOf } from '../../serializer'
import { appliedRegionSchema, resolvedRegionSchema } from './schemas'

// The answer of POST /api/diagnosis (and of GET /api/regions/:region) as JSON text: byte for
// byte what its response schema gives through server/serializer.ts, which answer.spec.ts checks
// for many households in every language. Most of those 7–9 KB are the same from one answer to
// the next, so they are written once (issue #18: writing the answer cost more than diagnosing):
// - the region's figures, once per resolved region (their citations are GET /api/regions/:region's);
// - an item's name, documents and department, once per language and item.
// A request writes only its verdicts, reasons, members and flips. Strings go through
// JSON.stringify, which escapes every string as fast-json-stringify does.

const writeRegion = serializerOf(resolvedRegionSchema)
const writeAppliedRegion = serializerOf(appliedRegionSchema)

/**
 * By the region object: resolveRegion returns the same deep-frozen object for a code (and a new
 * one only after its cache is cleared, when the old one's text goes with it). An object that
 * could still change is written every time.
 */
function writtenOnce(write: (region: ResolvedRegion) => string): (region: ResolvedRegion) => string {
  const texts = new WeakMap<ResolvedRegion, string>()
  return (region) => {
    let text = texts.get(region)
    if (text === undefined) {
      text = write(region)
      if (Object.isFrozen(region))
        texts.set(region, text)
    }
    return text
  }
}

/** A resolved region with each figure's citation as JSON text: GET /api/regions/:region's answer. */
export const regionJson = writtenOnce(writeRegion)
/** The figures of a region as JSON text: the diagnosis answer's `region`. */
const appliedRegionJson = writtenOnce(writeAppliedRegion)

/**
 * A result's text around its own parts, in fast-json-stringify's order: the schema's required
 * fields (item, name, verdict, reasons, documents, department), then its optional ones (members, flip).
 */
interface ItemText {
  /** `{"item":…,"name":…,"verdict":` */
  head: string
  /** `,"documents":[…],"department":{…}` */
  tail: string
}

const itemTexts = new Map<Lang, Map<ItemCode, ItemText>>()

function itemText(lang: Lang, item: ItemCode): ItemText {
  let byItem = itemTexts.get(lang)
  if (!byItem) {
    byItem = new Map()
    itemTexts.set(lang, byItem)
  }
  let text = byItem.get(item)
  if (!text) {
    const { department, documents } = ITEMS[item]
    const name = translate(lang, itemNameKey(item))
    const documentNames = documents.map(document => translate(lang, documentKey(document)))
    const departmentName = translate(lang, departmentKey(department))
    text = {
      head: `{"item":${JSON.stringify(item)},"name":${JSON.stringify(name)},"verdict":`,
      tail: `,"documents":${JSON.stringify(documentNames)},"department":{"code":${JSON.stringify(department)},"name":${JSON.stringify(departmentName)}}`,
    }
    byItem.set(item, text)
  }
  return text
}

function resultText(lang: Lang, result: DiagnosisResult): string {
  const { head, tail } = itemText(lang, result.item)
  let text = `${head}${JSON.stringify(result.verdict)},"reasons":[`
  for (let i = 0; i < result.reasons.length; i++)
    text += (i === 0 ? '' : ',') + JSON.stringify(word(lang, result.reasons[i]!))
  text += `]${tail}`
  if (result.members !== undefined)
    text += `,"members":${JSON.stringify(result.members)}`
  if (result.flip)
    text += `,"flip":${JSON.stringify(word(lang, result.flip))}`
  return `${text}}`
}

/** The diagnosis answer in `lang`: the region and every result, worded, as JSON text. */
export function diagnosisAnswerJson(lang: Lang, region: ResolvedRegion, results: readonly DiagnosisResult[]): string {
  let text = `{"region":${appliedRegionJson(region)},"results":[`
  for (let i = 0; i < results.length; i++)
    text += (i === 0 ? '' : ',') + resultText(lang, results[i]!)
  return `${text}]}`
}
