import type { z } from 'zod'
import type { ContactRequestBody, ContactRequestView } from '../../domain/warnings/contact-request'
import type { invitationAcceptResponse, invitationListResponse, invitationSchema } from '../../domain/warnings/verification'
import { get, post } from '../../api/client'

// The household's side of 政策找人 (issue #19): invitations staff sent after verifying a warning,
// and the resident's own "请工作人员联系我" after a self-diagnosis.

export type Invitation = z.infer<typeof invitationSchema>
export type InvitationAccepted = z.infer<typeof invitationAcceptResponse>
export type { ContactRequestView }

/** Invitations still waiting for the household's answer (a call asked for still waits). */
export async function fetchInvitations(): Promise<Invitation[]> {
  return (await get<z.infer<typeof invitationListResponse>>('/household/invitations')).invitations
}

/** Accept: the invitation, and the items to tick in the application form. */
export function acceptInvitation(id: string): Promise<InvitationAccepted> {
  return post(`/household/invitations/${encodeURIComponent(id)}/accept`)
}

/** 不用了. */
export function declineInvitation(id: string): Promise<Invitation> {
  return post(`/household/invitations/${encodeURIComponent(id)}/decline`)
}

/** 请工作人员给我打电话: staff see it on the warning; the invitation stays open. */
export function askForCall(id: string): Promise<Invitation> {
  return post(`/household/invitations/${encodeURIComponent(id)}/call-me`)
}

/** 请工作人员联系我: only item codes travel; the same requestId again is the same request. */
export function requestContact(body: ContactRequestBody): Promise<ContactRequestView> {
  return post('/household/contact-requests', body)
}
