import { z } from 'zod'
import { REGION_CODE_PATTERN } from './code'

// Apart from code.ts so that resolving a region (in the PWA, offline) does not load zod.
export const regionCodeSchema = z.string().regex(REGION_CODE_PATTERN, 'region must be a 6-digit GB/T 2260 code')
