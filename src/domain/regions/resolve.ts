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

/**
 * Figures for a region code, each taken from the nearest configured region on the
 * GB/T 2260 chain (330106 → 330100 → 330000). Null when nothing on the chain is
 * configured or a figure is missing everywhere: better no answer than a wrong one.
 */
export function resolveRegion(code: string): ResolvedRegion | null {
  if (!isRegionCode(code))
    return null
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

  return {
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
  }
}

/** The dibao-edge income line: multiple × dibao, never above the minimum wage (Zhejiang rule). */
export function edgeIncomeLine(region: RegionFigures): number {
  return Math.min(region.edgeMultiple * region.dibaoMonthly, region.minWageMonthly)
}
