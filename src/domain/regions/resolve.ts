import type { FigureKey, FigureSource, RegionConfig, RegionFigures, ResolvedRegion } from './types'
import { region as zhejiang } from './330000'
import { region as hangzhou } from './330100'
import { region as guangzhou } from './440100'
import { region as demo } from './990000'
import { isRegionCode, regionCodeChain } from './code'
import { FIGURE_KEYS } from './types'

// Adding a region = adding its file and listing it here.
const REGIONS: readonly RegionConfig[] = [zhejiang, hangzhou, guangzhou, demo]

const BY_CODE = new Map(REGIONS.map(r => [r.code, r]))

export function listRegions(): readonly RegionConfig[] {
  return REGIONS
}

export function getRegionConfig(code: string): RegionConfig | undefined {
  return BY_CODE.get(code)
}

// Resolution depends only on the code and on the region files, which are fixed at build time
// (no figure is chosen by date), so each code is resolved once: the diagnosis API and every
// household of a batch ask for the same few codes (issue #18). Bounded: a caller walking many
// codes must not grow the map without end. Should figures ever be picked by date, the date
// belongs in the key.
const RESOLVED_CACHE_LIMIT = 1024
const resolved = new Map<string, ResolvedRegion | null>()

/**
 * Figures for a region code, each taken from the nearest configured region on the
 * GB/T 2260 chain (330106 → 330100 → 330000). Null when nothing on the chain is
 * configured or a figure is missing everywhere: better no answer than a wrong one.
 * The same code gives the same object, frozen: callers share it, so none may change it.
 */
export function resolveRegion(code: string): ResolvedRegion | null {
  const cached = resolved.get(code)
  if (cached !== undefined)
    return cached
  if (!isRegionCode(code))
    return null
  const region = resolveUncached(code)
  if (resolved.size >= RESOLVED_CACHE_LIMIT)
    resolved.clear()
  resolved.set(code, region)
  return region
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null)
      deepFreeze(inner)
  }
  return Object.freeze(value)
}

function resolveUncached(code: string): ResolvedRegion | null {
  const chain = regionCodeChain(code)
    .map(c => BY_CODE.get(c))
    .filter((r): r is RegionConfig => r !== undefined)
  const nearest = chain[0]
  if (!nearest)
    return null

  const values: Partial<RegionFigures> = {}
  const sources: Partial<Record<FigureKey, FigureSource>> = {}
  for (const key of FIGURE_KEYS) {
    const owner = chain.find(r => r.figures[key] !== undefined)
    const figure = owner?.figures[key]
    if (!owner || !figure)
      return null
    values[key] = figure.value
    sources[key] = {
      source: figure.source ?? owner.source,
      effectiveFrom: figure.effectiveFrom ?? owner.effectiveFrom,
      regionCode: owner.code,
    }
  }

  return deepFreeze({
    ...(values as RegionFigures),
    code,
    name: nearest.name,
    nameEn: nearest.nameEn,
    configuredCode: nearest.code,
    version: nearest.version,
    source: nearest.source,
    effectiveFrom: nearest.effectiveFrom,
    demo: nearest.demo === true,
    sources: sources as Record<FigureKey, FigureSource>,
  })
}

/** The dibao-edge income line: multiple × dibao, never above the minimum wage (Zhejiang rule). */
export function edgeIncomeLine(region: RegionFigures): number {
  return Math.min(region.edgeMultiple * region.dibaoMonthly, region.minWageMonthly)
}
