import type { BindHouseholdBody, HouseholdAccountsResponse, PasswordLoginBody, SessionResponse, SmsRequestResponse, SmsVerifyBody, StaffBindHouseholdBody, StaffBindHouseholdResponse } from '../../domain/http/auth'
import { del, get, post } from '../../api/client'

export function fetchSession(): Promise<SessionResponse> {
  return get('/session')
}

export function requestSmsCode(phone: string): Promise<SmsRequestResponse> {
  return post('/auth/sms/request', { phone })
}

export function verifySmsCode(body: SmsVerifyBody): Promise<SessionResponse> {
  return post('/auth/sms/verify', body)
}

export function loginWithPassword(body: PasswordLoginBody): Promise<SessionResponse> {
  return post('/auth/login', body)
}

export function logout(): Promise<{ user: null }> {
  return post('/auth/logout')
}

export function bindHousehold(body: BindHouseholdBody): Promise<SessionResponse> {
  return post('/household/bind', body)
}

/** The accounts bound to the signed-in resident's household. */
export function fetchHouseholdAccounts(): Promise<HouseholdAccountsResponse> {
  return get('/household/accounts')
}

export function removeHouseholdAccount(id: string): Promise<HouseholdAccountsResponse> {
  return del(`/household/accounts/${encodeURIComponent(id)}`)
}

/** Town staff, at the office with the person's ID card in hand. */
export function bindHouseholdAtOffice(body: StaffBindHouseholdBody): Promise<StaffBindHouseholdResponse> {
  return post('/staff/household-bindings', body)
}

export interface Health { status: 'ok', db: 'sqlite' | 'postgres', demo: boolean }

export function fetchHealth(): Promise<Health> {
  return get('/health')
}

export interface OutboxMessage { phoneMasked: string, text: string, sentAt: string }

/** Demo servers only: the local SMS outbox, so a demo user can read the code. */
export function fetchDemoSmsOutbox(): Promise<{ messages: OutboxMessage[] }> {
  return get('/dev/sms-outbox')
}
