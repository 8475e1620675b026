import type { MessageFolder } from './i18n'

// Data only (no imports at run time): the build reads it too, to put a first route's messages in
// the chunk of its code (scripts/vite/first-route-chunks.ts).

/**
 * The message folders each route shows besides the frame's (src/app/locales), by route name:
 * its feature's and those of components from other features and of src/domain it renders.
 * route-messages.spec.ts reads them from the source and fails when one is missing here.
 */
export const ROUTE_MESSAGES: Partial<Record<string, MessageFolder[]>> = {
  'login': ['kiosk'],
  'home': ['domain', 'domain/diagnosis', 'invitations'],
  'progress': ['accessibility', 'domain', 'domain/diagnosis', 'kiosk', 'progress'],
  'code': ['domain', 'domain/diagnosis', 'household-code'],
  'me': ['domain', 'domain/diagnosis', 'notify', 'visits'],
  'volunteer': ['domain', 'domain/diagnosis'],
  'staff': ['domain', 'domain/diagnosis', 'happiness-list', 'needs', 'staff', 'visit-coverage', 'visits', 'warnings'],
  'staff-bind': ['kiosk'],
  'staff-case': ['diagnosis', 'domain', 'domain/diagnosis', 'household-code', 'staff'],
  'bind': ['kiosk'],
  'diagnosis': ['accessibility', 'diagnosis', 'domain', 'domain/diagnosis', 'kiosk'],
  'diagnosis-result': ['accessibility', 'application', 'diagnosis', 'domain', 'domain/diagnosis', 'invitations'],
  'apply': ['accessibility', 'application', 'domain', 'domain/diagnosis', 'kiosk'],
  'apply-receipt': ['application', 'domain', 'domain/diagnosis', 'progress'],
  'progress-detail': ['accessibility', 'application', 'domain', 'domain/diagnosis', 'kiosk', 'progress'],
  'list': ['accessibility', 'domain', 'happiness-list'],
  'list-quarter': ['domain', 'happiness-list'],
  'staff-list': ['domain', 'happiness-list', 'staff'],
  'staff-list-print': ['domain', 'happiness-list'],
  'staff-coverage': ['domain', 'staff', 'visit-coverage'],
  'staff-field-workers': ['visit-coverage'],
  'staff-visit-confirmations': ['visits'],
  'visit-new': ['accessibility', 'visits'],
  'my-visits': ['visits'],
  'household-visits': ['visits'],
  'household-code': ['household-code'],
  'volunteer-scan': ['household-code'],
  'kiosk': ['kiosk'],
  'handoff': ['application', 'domain', 'domain/diagnosis', 'kiosk'],
  'kiosk-setup': ['kiosk'],
  'needs': ['needs'],
  'needs-new': ['accessibility', 'needs'],
  'volunteer-needs': ['needs'],
  'volunteer-needs-new': ['accessibility', 'needs'],
  'staff-needs': ['needs'],
  'staff-warnings': ['domain', 'domain/diagnosis', 'domain/warnings', 'warnings'],
  'staff-warnings-report': ['domain', 'domain/diagnosis', 'domain/warnings', 'warnings'],
  'staff-warning': ['domain', 'domain/diagnosis', 'domain/warnings', 'warnings'],
}

/** The kiosk's idle reset and hand-off button, which carries what the person entered (App.vue loads them on kiosks only). */
export const KIOSK_SESSION_MESSAGES: MessageFolder[] = ['application', 'domain', 'domain/diagnosis', 'kiosk']
