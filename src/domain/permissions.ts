import type { DepartmentCode } from './items'
import type { Role } from './roles'
import { FIELD_ROLES, STAFF_ROLES } from './roles'

/**
 * Who may call which API operation (issue #13): one table, checked in one place on the server
 * (server/plugins/permissions.ts) and read by the PWA to hide what a user may not do.
 *
 * Keys are "METHOD /url" as Fastify knows the route. The table decides who may reach a route;
 * which rows a caller then sees (own household, own area, own department's cases) stays in the
 * route code. Every API route needs an entry: a route without one is refused, and the app
 * refuses to start.
 */
/** Anyone, signed in or not (the route may still check a credential of its own). */
export interface PublicAccess {
  readonly public: true
  /** When given, signed-in users must have one of these roles. */
  readonly signedInRoles?: readonly Role[]
}

/** Signed-in users with one of the roles; staff roles also need one of the departments, when given. */
export interface SignedInAccess {
  readonly public?: false
  readonly roles: readonly Role[]
  readonly departments?: readonly DepartmentCode[]
}

export type Access = PublicAccess | SignedInAccess

export type OperationKey = `${'GET' | 'POST' | 'PUT' | 'DELETE'} /api/${string}`

/** The user facts the table looks at. */
export interface Actor {
  role: Role
  department: string | null
}

/** `department`: the role may, but not the staff member's department (told apart in the message). */
export type Decision = 'allowed' | 'unauthenticated' | 'forbidden' | 'department'

const PUBLIC: Access = { public: true }
const RESIDENT: Access = { roles: ['resident'] }
const FIELD: Access = { roles: FIELD_ROLES }
/** Case review: every department, each sees its own cases only (row-level, server/services/applications/access.ts). */
const ANY_STAFF: Access = { roles: STAFF_ROLES }
/**
 * Area-wide care of households: the happiness list, its codes, care visits, volunteers and
 * small wishes are 民政's work (探访关爱, 幸福清单, 社会力量). Another department's staff of the same
 * town must not print 民政 payments or steer volunteers.
 */
const CIVIL_AFFAIRS = ['mingzheng'] as const satisfies readonly DepartmentCode[]
const CARE_STAFF: Access = { roles: STAFF_ROLES, departments: CIVIL_AFFAIRS }
/** The county 民政 bureau runs the platform: department feeds, imports and signing keys. */
const COUNTY_CARE_STAFF: Access = { roles: ['county_staff'], departments: CIVIL_AFFAIRS }

export const PERMISSIONS = {
  // Signing in and out, and the session itself, work before anyone is known.
  'GET /api/session': PUBLIC,
  'POST /api/auth/sms/request': PUBLIC,
  'POST /api/auth/sms/verify': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': PUBLIC,
  // Open information and self-service for everyone (人找政策, 进度查询 by number and ID digits).
  'GET /api/health': PUBLIC,
  'GET /api/regions': PUBLIC,
  'GET /api/regions/:region': PUBLIC,
  'POST /api/diagnosis': PUBLIC,
  'POST /api/enquiry': PUBLIC,
  // Verifying a code needs no account: keys are public, a code proves nothing about the caller.
  'GET /api/household-code/keys': PUBLIC,
  'POST /api/household-code/verify': PUBLIC,
  // Demo SMS outbox: registered only when demo mode is asked for.
  'GET /api/dev/sms-outbox': PUBLIC,
  // Department systems authenticate with their own Bearer credential, not a session.
  'POST /api/feeds/records': PUBLIC,
  'POST /api/feeds/events': PUBLIC,
  // Kiosk hand-off: made before signing in; a kiosk is for residents, so no staff session moves.
  'POST /api/handoffs': { public: true, signedInRoles: ['resident'] },
  'GET /api/handoffs/:id': PUBLIC,
  'DELETE /api/handoffs/:id': PUBLIC,
  'POST /api/handoffs/redeem': PUBLIC,

  // A resident's own household: binding, its accounts, code, list, applications, notices, wishes.
  'POST /api/household/bind': RESIDENT,
  'GET /api/household/accounts': RESIDENT,
  'DELETE /api/household/accounts/:id': RESIDENT,
  'GET /api/household-code': RESIDENT,
  'GET /api/household/visits': RESIDENT,
  'GET /api/happiness-list': RESIDENT,
  'GET /api/happiness-list/quarters/:quarter': RESIDENT,
  'GET /api/notifications': RESIDENT,
  'POST /api/notifications/read': RESIDENT,
  // Texts and phone notifications of the household's case news (issue #19): each account its own.
  'GET /api/me/notification-channels': RESIDENT,
  'PUT /api/me/notification-channels': RESIDENT,
  'POST /api/me/push-subscriptions': RESIDENT,
  'DELETE /api/me/push-subscriptions': RESIDENT,
  'POST /api/attachments': RESIDENT,
  'GET /api/application-start': RESIDENT,
  'GET /api/application-draft': RESIDENT,
  'PUT /api/application-draft': RESIDENT,
  'DELETE /api/application-draft': RESIDENT,
  'POST /api/applications': RESIDENT,
  'GET /api/applications': RESIDENT,
  'GET /api/applications/:id': RESIDENT,
  'POST /api/cases/:id/withdraw': RESIDENT,
  'POST /api/cases/:id/answer': RESIDENT,
  'GET /api/needs/mine': RESIDENT,
  'POST /api/needs/:id/confirm': RESIDENT,
  'POST /api/needs/:id/cancel': RESIDENT,
  // Invitations to apply (政策找人, issue #19): the household's own; nothing of a warning reaches volunteers.
  'GET /api/household/invitations': RESIDENT,
  'POST /api/household/invitations/:id/decline': RESIDENT,
  'POST /api/household/invitations/:id/call-me': RESIDENT,
  'POST /api/household/invitations/:id/accept': RESIDENT,
  // 请工作人员联系我 after a self-diagnosis: the household's own request, its answers stay on the device.
  'POST /api/household/contact-requests': RESIDENT,
  // A new code: residents for their own household; for others' households only 民政 staff.
  'POST /api/household-code/regenerate': { roles: ['resident', ...STAFF_ROLES], departments: CIVIL_AFFAIRS },
  // A photo: the household's own, or staff of a case that uses it (checked per case, any department).
  'GET /api/attachments/:id': { roles: ['resident', ...STAFF_ROLES] },

  // Small wishes (微心愿): residents and field workers post; volunteers claim and deliver; 民政 moderates.
  'POST /api/needs': { roles: ['resident', ...FIELD_ROLES] },
  'GET /api/needs': FIELD,
  'GET /api/needs/:id': { roles: ['resident', ...FIELD_ROLES, ...STAFF_ROLES], departments: CIVIL_AFFAIRS },
  'POST /api/needs/:id/claim': FIELD,
  'POST /api/needs/:id/release': FIELD,
  'POST /api/needs/:id/deliver': FIELD,
  'GET /api/staff/needs': CARE_STAFF,
  'POST /api/staff/needs/:id/moderate': CARE_STAFF,

  // Visits at the door: volunteers and social workers, and staff of any department, since a home
  // survey (入户调查) is part of every department's review; the household must be in their area.
  'POST /api/visits/card': { roles: [...FIELD_ROLES, ...STAFF_ROLES] },
  'POST /api/visits': { roles: [...FIELD_ROLES, ...STAFF_ROLES] },
  'GET /api/visits/mine': { roles: [...FIELD_ROLES, ...STAFF_ROLES] },

  // Case review: each department reviews its own cases in its area (row-level in the routes).
  'GET /api/staff/cases': ANY_STAFF,
  'GET /api/staff/cases/:id': ANY_STAFF,
  'POST /api/staff/cases/:id/reveal': ANY_STAFF,
  'GET /api/staff/cases/:id/check-report': ANY_STAFF,
  'POST /api/staff/cases/:id/actions': ANY_STAFF,
  'POST /api/staff/cases/:id/members/:index/confirm': ANY_STAFF,
  'GET /api/staff/audit': ANY_STAFF,
  // Exports of what the pages show (issue #16): the same access as the page they come from.
  'GET /api/staff/cases/export.xlsx': ANY_STAFF,
  'GET /api/staff/happiness-list/completeness/export.xlsx': ANY_STAFF,
  'GET /api/staff/visits/coverage/export.xlsx': CARE_STAFF,
  // Completeness holds counts only, no person: every department sees whether it has reported.
  'GET /api/staff/happiness-list/completeness': ANY_STAFF,

  // Warnings of 政策找人 (issue #19): 民政 verifies every one of its area; another department sees
  // those that suggest one of its items, and sensitive signals only of its own (row-level).
  'GET /api/staff/warnings': ANY_STAFF,
  'GET /api/staff/warnings/:id': ANY_STAFF,
  // The funnel holds counts only; it is 民政's chart of its area (town or county).
  'GET /api/staff/warnings/funnel': CARE_STAFF,
  // Town staff decide: 民政 of the household's town, or the department it was referred to (row-level).
  'POST /api/staff/warnings/:id/verify': { roles: ['town_staff'] },

  // Area-wide care administration: 民政 only (see CIVIL_AFFAIRS).
  'GET /api/staff/happiness-list/village/:areaCode/quarter/:quarter': CARE_STAFF,
  'GET /api/staff/visits/coverage': CARE_STAFF,
  // The coverage page's two lists, a page at a time after the first (issue #18).
  'GET /api/staff/visits/coverage/not-visited': CARE_STAFF,
  'GET /api/staff/visits/coverage/left-assistance': CARE_STAFF,
  'GET /api/staff/visits/flags': CARE_STAFF,
  'POST /api/staff/visits/flags/:id/resolve': CARE_STAFF,
  // Visits logged with a code regenerated before the visit wait for 民政 staff (issue #16).
  'GET /api/staff/visits/confirmations': CARE_STAFF,
  'POST /api/staff/visits/confirmations/:id/confirm': CARE_STAFF,
  'POST /api/staff/visits/confirmations/:id/reject': CARE_STAFF,
  'GET /api/staff/field-workers': CARE_STAFF,
  'PUT /api/staff/field-workers/:id/areas': CARE_STAFF,
  // Binding a phone to a household after seeing the ID card opens the household's 民政 data.
  'POST /api/staff/household-bindings': CARE_STAFF,

  // County 民政 runs the platform: feeds and imports write every department's records; signing keys.
  'POST /api/staff/feed-credentials': COUNTY_CARE_STAFF,
  'GET /api/staff/feed-credentials': COUNTY_CARE_STAFF,
  'POST /api/staff/feed-credentials/:id/revoke': COUNTY_CARE_STAFF,
  'POST /api/staff/imports/preview': COUNTY_CARE_STAFF,
  'POST /api/staff/imports/commit': COUNTY_CARE_STAFF,
  'POST /api/staff/imports/events/preview': COUNTY_CARE_STAFF,
  'POST /api/staff/imports/events/commit': COUNTY_CARE_STAFF,
  'POST /api/staff/household-code/keys/rotate': COUNTY_CARE_STAFF,
  'POST /api/staff/household-code/keys/:keyId/retire': COUNTY_CARE_STAFF,
} as const satisfies Record<OperationKey, Access>

export type Operation = keyof typeof PERMISSIONS

/** The API documentation: its own plugin decides whether it is served at all. */
export const PUBLIC_PREFIXES = ['/api/docs'] as const

export function operationKey(method: string, url: string): string {
  // Fastify answers HEAD with the GET route.
  return `${method === 'HEAD' ? 'GET' : method} ${url}`
}

export function accessOf(method: string, url: string): Access | undefined {
  if (PUBLIC_PREFIXES.some(p => url === p || url.startsWith(`${p}/`)))
    return PUBLIC
  const key = operationKey(method, url)
  return Object.hasOwn(PERMISSIONS, key) ? PERMISSIONS[key as Operation] : undefined
}

/** What the table says for this caller; `null` is nobody signed in. Unknown operations are forbidden. */
export function decide(access: Access | undefined, actor: Actor | null): Decision {
  if (!access)
    return 'forbidden'
  if (access.public) {
    if (!actor || !access.signedInRoles)
      return 'allowed'
    return access.signedInRoles.includes(actor.role) ? 'allowed' : 'forbidden'
  }
  if (!actor)
    return 'unauthenticated'
  if (!access.roles.includes(actor.role))
    return 'forbidden'
  // Departments narrow staff only: residents and field workers have none.
  if (access.departments && STAFF_ROLES.includes(actor.role) && !access.departments.includes(actor.department as DepartmentCode))
    return 'department'
  return 'allowed'
}

/** For the PWA: may this user call the operation? (The server decides anyway.) */
export function may(actor: Actor | null | undefined, operation: Operation): boolean {
  return decide(PERMISSIONS[operation], actor ?? null) === 'allowed'
}
