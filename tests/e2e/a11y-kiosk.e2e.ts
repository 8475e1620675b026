import { axeSweep, KIOSK_VARIANTS } from './a11y-sweep'

// Every route at the kiosk's 1080×1920, normal and 长辈版 (issue #7).
axeSweep(KIOSK_VARIANTS)
