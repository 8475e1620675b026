// GB/T 2260: 2 digits province, 2 city, 2 county; "00" fills the levels above.
export const REGION_CODE_PATTERN = /^\d{6}$/

const LEVEL_FILL = '00'

export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && REGION_CODE_PATTERN.test(value)
}

/** The code's parent per GB/T 2260: county → city (xxxx00) → province (xx0000) → null. */
export function parentRegionCode(code: string): string | null {
  if (!isRegionCode(code))
    return null
  const province = code.slice(0, 2)
  const city = code.slice(2, 4)
  const county = code.slice(4, 6)
  if (county !== LEVEL_FILL)
    return `${province}${city}${LEVEL_FILL}`
  if (city !== LEVEL_FILL)
    return `${province}${LEVEL_FILL}${LEVEL_FILL}`
  return null
}

/** The code itself followed by its ancestors, nearest first. */
export function regionCodeChain(code: string): string[] {
  const chain: string[] = []
  for (let c: string | null = isRegionCode(code) ? code : null; c !== null; c = parentRegionCode(c))
    chain.push(c)
  return chain
}
