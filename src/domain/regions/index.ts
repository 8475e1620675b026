export { isRegionCode, parentRegionCode, REGION_CODE_PATTERN, regionCodeChain, regionCodeSchema } from './code'
export { edgeIncomeLine, getRegionConfig, listRegions, resolveRegion } from './resolve'
export { FIGURE_KEYS } from './types'
export type { Figure, FigureKey, FigureSource, RegionConfig, RegionFigures, ResolvedRegion } from './types'
