import { FIELD_ROLES, STAFF_ROLES } from '../../domain/roles'
import { useSessionStore } from '../account'

const VISITOR_ROLES = [...FIELD_ROLES, ...STAFF_ROLES]

/**
 * App start (src/app/main.ts): a visitor's pending visits go out now if online, and whenever the
 * network comes back. Offline the session cannot be asked; the outbox itself tells: it only
 * holds visits of the person signed in on this phone (signing out wipes it). The outbox and the
 * store, and the refresh of the happiness-code keys for offline checks, are loaded only for
 * visitors: residents never download them.
 */
export async function startVisitSync(): Promise<void> {
  const session = useSessionStore()
  let visitor: boolean
  try {
    await session.ensureLoaded()
    visitor = session.user !== null && VISITOR_ROLES.includes(session.user.role)
  }
  catch {
    const { pendingCount } = await import('./outbox')
    visitor = await pendingCount().catch(() => 0) > 0
  }
  if (visitor) {
    const [{ useVisitsStore }, { startKeyRefresh }] = await Promise.all([import('./store'), import('../household-code')])
    useVisitsStore().start()
    startKeyRefresh()
  }
}
