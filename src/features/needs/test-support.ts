import type { Need } from './api'

/** A need as the API answers it, for component tests. */
export function sampleNeed(over: Partial<Need> = {}): Need {
  return {
    id: 'n1',
    category: 'goods',
    description: '需要一袋大米',
    status: 'open',
    statusBeforeRemoval: null,
    hasPhoto: false,
    createdAt: '2026-11-20T02:00:00.000Z',
    updatedAt: '2026-11-20T02:00:00.000Z',
    village: { code: '339901001001', name: '和美村' },
    headName: '李建国',
    postedBy: 'resident',
    claimer: null,
    ownsNeed: true,
    isClaimer: false,
    rating: null,
    comment: null,
    removalReason: null,
    events: [{ at: '2026-11-20T02:00:00.000Z', action: 'post', status: 'open', actorRole: 'resident', actorOrganisation: null, note: null, rating: null, hasPhoto: false }],
    ...over,
  }
}

/** The same need after a volunteer of 和美村志愿服务队 claimed and delivered it. */
export function deliveredNeed(over: Partial<Need> = {}): Need {
  const base = sampleNeed()
  return sampleNeed({
    status: 'delivered',
    claimer: { role: 'volunteer', organisation: '和美村志愿服务队' },
    events: [
      ...base.events,
      { at: '2026-11-21T02:00:00.000Z', action: 'claim', status: 'claimed', actorRole: 'volunteer', actorOrganisation: '和美村志愿服务队', note: null, rating: null, hasPhoto: false },
      { at: '2026-11-22T02:00:00.000Z', action: 'deliver', status: 'delivered', actorRole: 'volunteer', actorOrganisation: '和美村志愿服务队', note: '大米已送到', rating: null, hasPhoto: true },
    ],
    ...over,
  })
}
