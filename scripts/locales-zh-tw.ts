/**
 * `npm run locales:zh-TW`: keeps every zh-TW.json in step with its zh-CN.json (issue #7).
 *
 * For each locale folder (see localeFolders below) it fills the keys missing
 * from zh-TW.json with the zh-CN message converted to traditional characters by OpenCC (cn → t:
 * characters only, mainland vocabulary kept: 低保, 特困, 身份證, 信息, 視頻), then applies the
 * CORRECTIONS below. Messages already in zh-TW.json stay as they are, so hand corrections survive;
 * keys no longer in zh-CN.json are dropped. Keys are written in zh-CN's order.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as OpenCC from 'opencc-js'

const convert = OpenCC.Converter({ from: 'cn', to: 't' })

/**
 * What OpenCC's standard forms get wrong for our readers (mainland residents who read traditional
 * characters), applied in this order after conversion. Keep it short: real mistakes only.
 */
export const CORRECTIONS: [from: string, to: string][] = [
  // OpenCC's standard variants that look odd or archaic: 為, 裡, 著, 麵, 才 are the usual forms.
  ['爲', '為'],
  ['裏', '裡'],
  ['着', '著'],
  ['麪', '麵'],
  ['纔', '才'],
  ['羣', '群'],
  ['衆', '眾'],
  // OpenCC reads 元后 as "Empress Yuan": in our texts it is always 元 + 後 (…元後人均).
  ['元后', '元後'],
  // 最多只能 (only), not the measure word 隻.
  ['隻能', '只能'],
  // 签 as "to sign" is 簽 (已簽, 不用簽, 簽授權書); 籤 only in 標籤 and 抽籤.
  ['籤', '簽'],
  ['標簽', '標籤'],
  ['抽簽', '抽籤'],
  // 台 for devices, desks and platforms (這台設備, 工作台, 平台, 櫃台, 後台).
  ['臺', '台'],
  ['檯', '台'],
  // 复核 (a case checked again) is 覆核; OpenCC writes the archaic 複覈.
  ['複覈', '覆核'],
  ['覈', '核'],
  // 了解 (to understand), not the literary 瞭解.
  ['瞭解', '了解'],
  // 吃 (to eat) is the usual form; OpenCC writes the archaic 喫.
  ['喫', '吃'],
]

/** The zh-CN text in traditional characters, with our corrections. */
export function toTraditional(text: string): string {
  let out = convert(text)
  for (const [from, to] of CORRECTIONS)
    out = out.replaceAll(from, to)
  return out
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

interface Counts { added: number, kept: number, dropped: number }

/** zh-CN's shape and order; an existing zh-TW message of the same path wins. */
function merge(zh: Json, tw: Json | undefined, counts: Counts): Json {
  if (typeof zh === 'string') {
    if (typeof tw === 'string') {
      counts.kept++
      return tw
    }
    counts.added++
    return toTraditional(zh)
  }
  if (Array.isArray(zh)) {
    const old = Array.isArray(tw) ? tw : []
    return zh.map((value, i) => merge(value, old[i], counts))
  }
  if (zh !== null && typeof zh === 'object') {
    const old = tw !== null && typeof tw === 'object' && !Array.isArray(tw) ? tw : {}
    const out: Record<string, Json> = {}
    for (const [key, value] of Object.entries(zh))
      out[key] = merge(value, old[key], counts)
    return out
  }
  return zh
}

function leaves(value: Json | undefined): number {
  if (value === null || value === undefined || typeof value !== 'object')
    return value === undefined ? 0 : 1
  return Object.values(value).reduce<number>((n, v) => n + leaves(v), 0)
}

/**
 * Every folder of locale files, with the one top-level key its messages sit under: the frame's
 * (no single key), each feature's (the feature's name), the domain's words shared by the PWA and the
 * server (items, statuses, the diagnosis engine's reasons) and the server's own (API messages,
 * notifications).
 */
export function localeFolders(root = '.'): { dir: string, namespace: string | null }[] {
  const features = join(root, 'src/features')
  const folders = [
    { dir: join(root, 'src/app/locales'), namespace: null },
    ...readdirSync(features).sort().map(f => ({ dir: join(features, f, 'locales'), namespace: f })),
    { dir: join(root, 'src/domain/locales'), namespace: 'domain' },
    { dir: join(root, 'src/domain/diagnosis/locales'), namespace: 'reasons' },
    { dir: join(root, 'src/domain/warnings/locales'), namespace: 'warnings' },
    { dir: join(root, 'server/locales'), namespace: 'server' },
  ]
  return folders.filter(({ dir }) => existsSync(join(dir, 'zh-CN.json')))
}

export function syncFolder(dir: string): Counts {
  const zh = JSON.parse(readFileSync(join(dir, 'zh-CN.json'), 'utf8')) as Json
  const file = join(dir, 'zh-TW.json')
  const tw = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Json : undefined
  const counts: Counts = { added: 0, kept: 0, dropped: 0 }
  const merged = merge(zh, tw, counts)
  counts.dropped = leaves(tw) - counts.kept
  const text = `${JSON.stringify(merged, null, 2)}\n`
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text)
    writeFileSync(file, text)
  return counts
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { dir } of localeFolders()) {
    const { added, kept, dropped } = syncFolder(dir)
    console.log(`${join(dir, 'zh-TW.json')}: ${added} added, ${kept} kept, ${dropped} dropped`)
  }
}
