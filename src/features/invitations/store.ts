import type { ItemCode } from '../../domain/items'
import type { ContactRequestView, Invitation } from './api'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import * as api from './api'

const UUID_BYTES = 16
const UUID_VERSION_BYTE = 6
const UUID_VARIANT_BYTE = 8

/**
 * A v4 UUID for a contact request. crypto.randomUUID exists only in secure contexts (HTTPS,
 * localhost); a phone on a LAN address during a demo has only getRandomValues. (The application
 * feature has the same helper; importing it would load the whole form on the diagnosis result.)
 */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function')
    return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(UUID_BYTES))
  bytes[UUID_VERSION_BYTE] = (bytes[UUID_VERSION_BYTE]! & 0x0F) | 0x40
  bytes[UUID_VARIANT_BYTE] = (bytes[UUID_VARIANT_BYTE]! & 0x3F) | 0x80
  const hex = [...bytes].map(b => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The household's invitations (shown on the home page) and its contact request after a
 * self-diagnosis. Answers replace the invitation with the server's copy: what the card says is
 * what staff see.
 */
export const useInvitationsStore = defineStore('invitations', () => {
  const invitations = ref<Invitation[]>([])
  const loaded = ref(false)
  /** An invitation was declined on this visit: the page says what that means (its card is gone). */
  const declined = ref(false)
  /** The contact request the server took in this session, to say what happens next. */
  const contact = ref<ContactRequestView | null>(null)
  /** The id of a contact request not answered yet: a second tap or a retry sends the same one. */
  let pendingRequestId: string | null = null

  async function load(): Promise<void> {
    invitations.value = await api.fetchInvitations()
    loaded.value = true
  }

  function replace(invitation: Invitation) {
    invitations.value = invitations.value.map(i => (i.id === invitation.id ? invitation : i))
  }

  function remove(id: string) {
    invitations.value = invitations.value.filter(i => i.id !== id)
  }

  /** Accepts and returns the items to tick; the card is gone (the application form takes over). */
  async function accept(id: string): Promise<ItemCode[]> {
    const { prefill } = await api.acceptInvitation(id)
    remove(id)
    return prefill.items
  }

  async function decline(id: string): Promise<void> {
    await api.declineInvitation(id)
    remove(id)
    declined.value = true
  }

  async function askForCall(id: string): Promise<void> {
    replace(await api.askForCall(id))
  }

  async function requestContact(items: readonly ItemCode[]): Promise<ContactRequestView> {
    pendingRequestId ??= newRequestId()
    const answer = await api.requestContact({ requestId: pendingRequestId, items: [...items] })
    pendingRequestId = null
    contact.value = answer
    return answer
  }

  return { invitations, loaded, declined, contact, load, accept, decline, askForCall, requestContact }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useInvitationsStore, import.meta.hot))
