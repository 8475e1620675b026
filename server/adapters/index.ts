import type { EconomicCheck } from './economic-check'
import type { HouseholdRegistry } from './registry'
import type { SmsGateway } from './sms'

/** The outside systems the server talks to, chosen once at start-up. */
export interface Adapters {
  sms: SmsGateway
  registry: HouseholdRegistry
  economicCheck: EconomicCheck
}

export type { EconomicCheck, EconomicCheckRequest, EconomicCheckResult, EconomicCheckSubject, PersonCheckResult } from './economic-check'
export type { HouseholdRegistry, RegistryHousehold, RegistryPerson } from './registry'
export type { SmsGateway, SmsMessage, SmsTemplateName } from './sms'
