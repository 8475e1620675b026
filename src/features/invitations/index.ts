import { defineAsyncComponent } from 'vue'

/**
 * What other parts of the PWA may use of this feature (the import boundary of issue #17:
 * scripts/eslint/boundaries.js). Its two panels are shown on other features' pages (the home
 * page, the diagnosis result), so they are offered here as async components: each loads with
 * its own chunk and CSS when shown, never with the page that imports this entry (the home page
 * stays light, issue #18).
 */

/** The household's invitations to apply (政策找人), on the resident's home page. */
export const InvitationCards = defineAsyncComponent(() => import('./components/InvitationCards.vue'))

/** 请工作人员联系我, on the diagnosis result: props `items`, the item codes ticked there. */
export const ContactRequest = defineAsyncComponent(() => import('./components/ContactRequest.vue'))
