import { axeSweep, PHONE_VARIANTS } from './a11y-sweep'

// Every route at 360×740, normal and 长辈版 (issue #7).
axeSweep(PHONE_VARIANTS)
