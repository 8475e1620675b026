import type { NeedAction, NeedStatus } from './state'

// Names for server messages (409 "not possible now"); the PWA words them in its locale files.

type Names<K extends string> = Record<K, { 'zh-CN': string, 'en': string }>

export const NEED_STATUS_NAMES: Names<NeedStatus> = {
  open: { 'zh-CN': '待认领', 'en': 'open' },
  claimed: { 'zh-CN': '已认领', 'en': 'claimed' },
  delivered: { 'zh-CN': '已送达', 'en': 'delivered' },
  confirmed: { 'zh-CN': '已确认', 'en': 'confirmed' },
  cancelled: { 'zh-CN': '已撤回', 'en': 'cancelled' },
  removed: { 'zh-CN': '已下架', 'en': 'removed' },
}

export const NEED_ACTION_NAMES: Names<NeedAction> = {
  claim: { 'zh-CN': '认领', 'en': 'claim' },
  release: { 'zh-CN': '放弃认领', 'en': 'release' },
  deliver: { 'zh-CN': '标记送达', 'en': 'mark as delivered' },
  confirm: { 'zh-CN': '确认评价', 'en': 'confirm' },
  cancel: { 'zh-CN': '撤回', 'en': 'cancel' },
  remove: { 'zh-CN': '下架', 'en': 'remove' },
  restore: { 'zh-CN': '恢复', 'en': 'restore' },
}
