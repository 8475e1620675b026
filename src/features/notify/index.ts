import { defineAsyncComponent } from 'vue'

/** What other parts of the PWA may use of this feature (the import boundary of issue #17: scripts/eslint/boundaries.js). */

/**
 * 消息提醒 for the 我的 page. Lazy, so that this entry re-exports no component: its code and CSS
 * load with the page that shows it, never with every importer of the entry.
 */
export const NotificationChannelsSection = defineAsyncComponent(() => import('./components/NotificationChannels.vue'))

export { unsubscribeDevice as forgetPushOnThisDevice } from './device'
