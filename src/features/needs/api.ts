import type { ConfirmInput, DeliverInput, FieldNeeds, ModerateInput, Need, NeedDetail, NeedInput, NeedList } from '../../domain/needs/api'
import type { NeedStatus } from '../../domain/needs/state'
import { get, post } from '../../api/client'

export type { FieldNeeds, Need, NeedDetail }

/** Post a need: a resident for their household; a volunteer with the household's code token. */
export function postNeed(input: NeedInput): Promise<Need> {
  return post('/needs', input)
}

export async function fetchMyNeeds(): Promise<Need[]> {
  return (await get<NeedList>('/needs/mine')).needs
}

/** Volunteers and social workers: open needs of their areas, and those they claimed. */
export function fetchFieldNeeds(): Promise<FieldNeeds> {
  return get('/needs')
}

export function fetchNeed(id: string): Promise<NeedDetail> {
  return get(`/needs/${id}`)
}

export function claimNeed(id: string): Promise<Need> {
  return post(`/needs/${id}/claim`)
}

export function releaseNeed(id: string): Promise<Need> {
  return post(`/needs/${id}/release`)
}

export function deliverNeed(id: string, input: DeliverInput): Promise<Need> {
  return post(`/needs/${id}/deliver`, input)
}

export function confirmNeed(id: string, input: ConfirmInput): Promise<Need> {
  return post(`/needs/${id}/confirm`, input)
}

export function cancelNeed(id: string): Promise<Need> {
  return post(`/needs/${id}/cancel`)
}

export async function fetchStaffNeeds(status?: NeedStatus): Promise<Need[]> {
  return (await get<NeedList>(`/staff/needs${status ? `?status=${status}` : ''}`)).needs
}

export function moderateNeed(id: string, input: ModerateInput): Promise<Need> {
  return post(`/staff/needs/${id}/moderate`, input)
}
