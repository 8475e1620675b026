import type { Adapters, EconomicCheck, HouseholdRegistry, PushGateway, SmsGateway } from '.'
import { AppError } from '../errors'
import { PushDeliveryError } from './push'

/** Which outside system is missing, as the error message names it. */
export type OutsideService = 'sms' | 'registry' | 'economic_check'

const unavailable = (service: OutsideService) => new AppError(503, 'service_unavailable', {}, undefined, `${service}_unavailable`)

/**
 * What the server talks to when no real implementation of an outside system is configured and
 * demo mode is off: every call is refused with a clear 503, so that nothing pretends to send a
 * code or to know a household. The stand-ins of mock/ are used only in demo mode (fail closed).
 */
export function unconfiguredAdapters(): Adapters {
  const refuse = (service: OutsideService) => async (): Promise<never> => {
    throw unavailable(service)
  }
  const sms: SmsGateway = { send: refuse('sms') }
  const registry: HouseholdRegistry = { findHouseholdByMember: refuse('registry') }
  const economicCheck: EconomicCheck = { check: refuse('economic_check') }
  // No VAPID keys: nothing is subscribed, so nothing is pushed; a push asked for anyway is refused.
  const push: PushGateway = { send: async () => {
    throw new PushDeliveryError(null, 'push_unavailable')
  } }
  return { sms, push, registry, economicCheck }
}
