import type { BindHouseholdBody, PasswordLoginBody, SessionResponse, SmsRequestResponse, SmsVerifyBody } from '../../domain/http/auth'
import { get, post } from '../../api/client'

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

export interface Health { status: 'ok', db: 'sqlite' | 'postgres', demo: boolean }

export function fetchHealth(): Promise<Health> {
  return get('/health')
}

export interface OutboxMessage { phoneMasked: string, text: string, sentAt: string }

/** Demo servers only: the local SMS outbox, so a demo user can read the code. */
export function fetchDemoSmsOutbox(): Promise<{ messages: OutboxMessage[] }> {
  return get('/dev/sms-outbox')
}
