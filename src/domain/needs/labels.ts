import type { Localized } from '../lang'
import type { NeedAction, NeedStatus } from './state'

// Names for server messages (409 "not possible now"); the PWA words them in its locale files.

type Names<K extends string> = Record<K, Localized>

export const NEED_STATUS_NAMES: Names<NeedStatus> = {
  open: { 'zh-CN': '待认领', 'zh-TW': '待認領', 'en': 'open' },
  claimed: { 'zh-CN': '已认领', 'zh-TW': '已認領', 'en': 'claimed' },
  delivered: { 'zh-CN': '已送达', 'zh-TW': '已送達', 'en': 'delivered' },
  confirmed: { 'zh-CN': '已确认', 'zh-TW': '已確認', 'en': 'confirmed' },
  cancelled: { 'zh-CN': '已撤回', 'zh-TW': '已撤回', 'en': 'cancelled' },
  removed: { 'zh-CN': '已下架', 'zh-TW': '已下架', 'en': 'removed' },
}

export const NEED_ACTION_NAMES: Names<NeedAction> = {
  claim: { 'zh-CN': '认领', 'zh-TW': '認領', 'en': 'claim' },
  release: { 'zh-CN': '放弃认领', 'zh-TW': '放棄認領', 'en': 'release' },
  deliver: { 'zh-CN': '标记送达', 'zh-TW': '標記送達', 'en': 'mark as delivered' },
  confirm: { 'zh-CN': '确认评价', 'zh-TW': '確認評價', 'en': 'confirm' },
  cancel: { 'zh-CN': '撤回', 'zh-TW': '撤回', 'en': 'cancel' },
  remove: { 'zh-CN': '下架', 'zh-TW': '下架', 'en': 'remove' },
  restore: { 'zh-CN': '恢复', 'zh-TW': '恢復', 'en': 'restore' },
}
