import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '../domain/roles'
import { until } from '@vueuse/core'
import { createRouter, createWebHistory, START_LOCATION } from 'vue-router'
import { FIELD_ROLES, homePathFor, STAFF_ROLES } from '../domain/roles'
import { useSessionStore } from '../features/account'
import { useKioskStore } from '../features/kiosk'
import { routeMessagesReady, startRouteMessages } from './route-messages'
import { yieldToMain } from './yield-to-main'

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the route; absent means everyone, signed in or not. */
    roles?: readonly Role[]
    /** i18n key of the page title (document title and nav bar). */
    title?: string
  }
}

const RESIDENT: Role[] = ['resident']

/**
 * The resident's happiness list is asked for as /list is entered (issue #18): as soon as the role
 * guard has the session and the page's chunk (which holds the store, and which the first guard
 * asked for) is here, before the page's first render rather than after it; the page's own first
 * load takes this one over. Only with a household to list (else the store is not even loaded). If
 * the chunk fails to load, the router reports it for the page's component, which is in the same
 * chunk.
 */
async function loadListAhead(): Promise<void> {
  if (!useSessionStore().user?.household)
    return
  try {
    (await import('../features/happiness-list/store')).useHappinessListStore().loadAhead()
  }
  catch {}
}

/** How long a page's first render waits for what this device kept for it (readAnswersAhead). */
const KEPT_ANSWERS_WAIT_MS = 300

/**
 * The questionnaire's answers kept on this device are read as /diagnosis or its result is entered
 * (issue #18), so that the page's first render is the step it resumes on rather than a loading
 * screen and, a moment later, the form: on a cheap phone that second render was the page's
 * largest paint, and the start-up work deferred to after the first page ran before it. The read
 * starts with the page's chunk (the store is in it); a device slower than KEPT_ANSWERS_WAIT_MS
 * sees the loading screen as before. If the chunk fails to load, the router reports it for the
 * page's component, which is in the same chunk.
 */
async function readAnswersAhead(): Promise<void> {
  try {
    const { useDiagnosisStore } = await import('../features/diagnosis')
    const store = useDiagnosisStore()
    await until(() => store.ready).toBe(true, { timeout: KEPT_ANSWERS_WAIT_MS })
  }
  catch {}
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../features/account/views/LoginPage.vue'), meta: { title: 'account.login.title' } },
  {
    path: '/',
    component: () => import('./layouts/TabLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('../features/home/views/ResidentHome.vue'), meta: { roles: RESIDENT, title: 'app.name' } },
      { path: 'progress', name: 'progress', component: () => import('../features/progress/views/ProgressPage.vue'), meta: { title: 'home.entries.progress' } },
      { path: 'code', name: 'code', component: () => import('../features/household-code/views/HouseholdCodePage.vue'), meta: { roles: RESIDENT, title: 'household-code.title' } },
      { path: 'me', name: 'me', component: () => import('../features/account/views/MePage.vue'), meta: { roles: [...RESIDENT, ...FIELD_ROLES, ...STAFF_ROLES], title: 'account.me.title' } },
      { path: 'volunteer', name: 'volunteer', component: () => import('../features/home/views/VolunteerHome.vue'), meta: { roles: FIELD_ROLES, title: 'home.volunteer.title' } },
      { path: 'staff', name: 'staff', component: () => import('../features/staff/views/StaffQueuePage.vue'), meta: { roles: STAFF_ROLES, title: 'staff.queue.title' } },
    ],
  },
  { path: '/staff/bind', name: 'staff-bind', component: () => import('../features/account/views/OfficeBindPage.vue'), meta: { roles: STAFF_ROLES, title: 'account.office.title' } },
  { path: '/staff/cases/:id', name: 'staff-case', component: () => import('../features/staff/views/StaffCasePage.vue'), meta: { roles: STAFF_ROLES, title: 'staff.case.title' } },
  { path: '/bind', name: 'bind', component: () => import('../features/account/views/BindHouseholdPage.vue'), meta: { roles: RESIDENT, title: 'account.bind.title' } },
  { path: '/diagnosis', name: 'diagnosis', component: () => import('../features/diagnosis/views/DiagnosisPage.vue'), beforeEnter: readAnswersAhead, meta: { title: 'home.entries.diagnosis' } },
  { path: '/diagnosis/result', name: 'diagnosis-result', component: () => import('../features/diagnosis/views/DiagnosisResultPage.vue'), beforeEnter: readAnswersAhead, meta: { title: 'diagnosis.result.title' } },
  { path: '/apply', name: 'apply', component: () => import('../features/application/views/ApplyPage.vue'), meta: { roles: RESIDENT, title: 'home.entries.apply' } },
  { path: '/apply/receipt/:id', name: 'apply-receipt', component: () => import('../features/application/views/ApplicationReceiptPage.vue'), meta: { roles: RESIDENT, title: 'application.receipt.title' } },
  { path: '/progress/:id', name: 'progress-detail', component: () => import('../features/progress/views/ProgressDetailPage.vue'), meta: { roles: RESIDENT, title: 'progress.detail.title' } },
  { path: '/list', name: 'list', component: () => import('../features/happiness-list/views/HappinessListPage.vue'), beforeEnter: loadListAhead, meta: { roles: RESIDENT, title: 'home.entries.list' } },
  { path: '/list/quarter/:quarter', name: 'list-quarter', component: () => import('../features/happiness-list/views/HappinessQuarterPage.vue'), meta: { roles: RESIDENT, title: 'happiness-list.quarter.heading' } },
  { path: '/staff/list', name: 'staff-list', component: () => import('../features/happiness-list/views/StaffCompletenessPage.vue'), meta: { roles: STAFF_ROLES, title: 'happiness-list.staff.title' } },
  { path: '/staff/list/:areaCode/:quarter', name: 'staff-list-print', component: () => import('../features/happiness-list/views/StaffVillagePrintPage.vue'), meta: { roles: STAFF_ROLES, title: 'happiness-list.staff.printHeading' } },
  { path: '/staff/coverage', name: 'staff-coverage', component: () => import('../features/visit-coverage/views/CoveragePage.vue'), meta: { roles: STAFF_ROLES, title: 'visit-coverage.title' } },
  { path: '/staff/field-workers', name: 'staff-field-workers', component: () => import('../features/visit-coverage/views/FieldWorkersPage.vue'), meta: { roles: STAFF_ROLES, title: 'visit-coverage.workers.title' } },
  { path: '/staff/visits/confirmations', name: 'staff-visit-confirmations', component: () => import('../features/visits/views/VisitConfirmationsPage.vue'), meta: { roles: STAFF_ROLES, title: 'visits.confirmations.title' } },
  { path: '/h/:token/visit', name: 'visit-new', component: () => import('../features/visits/views/VisitFormPage.vue'), meta: { roles: [...FIELD_ROLES, ...STAFF_ROLES], title: 'visits.form.title' } },
  { path: '/volunteer/visits', name: 'my-visits', component: () => import('../features/visits/views/MyVisitsPage.vue'), meta: { roles: [...FIELD_ROLES, ...STAFF_ROLES], title: 'visits.mine.title' } },
  { path: '/visits', name: 'household-visits', component: () => import('../features/visits/views/HouseholdVisitsPage.vue'), meta: { roles: RESIDENT, title: 'visits.household.title' } },
  { path: '/h/:token', name: 'household-code', component: () => import('../features/household-code/views/ScannedCodePage.vue'), meta: { title: 'household-code.title' } },
  { path: '/volunteer/scan', name: 'volunteer-scan', component: () => import('../features/household-code/views/ScanPage.vue'), meta: { roles: [...FIELD_ROLES, ...STAFF_ROLES], title: 'household-code.scan.title' } },
  { path: '/kiosk', name: 'kiosk', component: () => import('../features/kiosk/views/KioskAttractPage.vue'), meta: { title: 'kiosk.title' } },
  { path: '/handoff', name: 'handoff', component: () => import('../features/kiosk/views/HandoffPage.vue'), meta: { title: 'kiosk.handoff.page.title' } },
  { path: '/kiosk/setup', name: 'kiosk-setup', component: () => import('../features/kiosk/views/KioskSetupPage.vue'), meta: { title: 'kiosk.setup.title' } },
  { path: '/needs', name: 'needs', component: () => import('../features/needs/views/ResidentNeedsPage.vue'), meta: { roles: RESIDENT, title: 'needs.title' } },
  { path: '/needs/new', name: 'needs-new', component: () => import('../features/needs/views/NeedPostPage.vue'), meta: { roles: RESIDENT, title: 'needs.form.title' } },
  { path: '/volunteer/needs', name: 'volunteer-needs', component: () => import('../features/needs/views/VolunteerNeedsPage.vue'), meta: { roles: FIELD_ROLES, title: 'needs.volunteer.title' } },
  { path: '/volunteer/needs/new', name: 'volunteer-needs-new', component: () => import('../features/needs/views/NeedPostPage.vue'), meta: { roles: FIELD_ROLES, title: 'needs.form.titleForHousehold' } },
  { path: '/staff/needs', name: 'staff-needs', component: () => import('../features/needs/views/StaffNeedsPage.vue'), meta: { roles: STAFF_ROLES, title: 'needs.staff.title' } },
  { path: '/staff/warnings', name: 'staff-warnings', component: () => import('../features/warnings/views/WarningQueuePage.vue'), meta: { roles: STAFF_ROLES, title: 'warnings.queue.title' } },
  { path: '/staff/warnings/report', name: 'staff-warnings-report', component: () => import('../features/warnings/views/WarningReportPage.vue'), meta: { roles: STAFF_ROLES, title: 'warnings.report.title' } },
  { path: '/staff/warnings/:id', name: 'staff-warning', component: () => import('../features/warnings/views/WarningDetailPage.vue'), meta: { roles: STAFF_ROLES, title: 'warnings.detail.title' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./components/NotFoundPage.vue'), meta: { title: 'app.notFound' } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  // A new page starts at its top; the first page does already, and scrolling there would force a
  // layout before its first paint (issue #18). Back and forward go where the person was.
  scrollBehavior: (_to, from, saved) => saved ?? (from === START_LOCATION ? false : { top: 0 }),
})

/**
 * First guard (issue #18): what the route needs besides the session starts loading now, in
 * parallel with the role guard's session check, instead of one after the other: its messages and
 * its components (vue-router imports them only after every beforeEach; by then the module is
 * loaded or on its way, and the router's own import gets the same module).
 */
router.beforeEach((to) => {
  startRouteMessages(to)
  for (const record of to.matched) {
    for (const component of Object.values(record.components ?? {})) {
      if (typeof component === 'function')
        void (component as () => Promise<unknown>)().catch(() => undefined)
    }
  }
})

/** Role guard: signed-out people go to sign-in (then back); others go to their own home. */
router.beforeEach(async (to) => {
  // A kiosk's home is its start screen: "home" must not ask the next person to sign in.
  if (to.path === '/' && useKioskStore().enabled && !useSessionStore().user)
    return { name: 'kiosk' }
  const roles = to.meta.roles
  if (!roles)
    return true
  const session = useSessionStore()
  try {
    await session.ensureLoaded()
  }
  catch {
    // Offline or server down: let the page open; it shows its own error when it calls the API.
    return true
  }
  if (!session.user)
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  if (!roles.includes(session.user.role))
    return homePathFor(session.user.role)
  return true
})

// After the guards, before the route renders: its messages, asked for in the first guard.
router.beforeResolve(routeMessagesReady)
// The page's files were evaluated and its messages merged in this task; it renders in the next
// (issue #18), so that a cheap phone can paint and answer a tap in between.
router.beforeResolve(() => yieldToMain())
