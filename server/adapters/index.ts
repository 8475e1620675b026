import type { EconomicCheck } from './economic-check'
import type { PushGateway } from './push'
import type { HouseholdRegistry } from './registry'
import type { SmsGateway } from './sms'

/** The outside systems the server talks to, chosen once at start-up. */
export interface Adapters {
  sms: SmsGateway
  /** Web Push to residents' devices (issue #19). */
  push: PushGateway
  registry: HouseholdRegistry
  economicCheck: EconomicCheck
}

export type { EconomicCheck, EconomicCheckRequest, EconomicCheckResult, EconomicCheckSubject, PersonCheckResult } from './economic-check'
export type { PushGateway, PushMessage, PushTarget } from './push'
export type { HouseholdRegistry, RegistryHousehold, RegistryPerson } from './registry'
export type { SmsGateway, SmsMessage, SmsTemplateName } from './sms'
