import type { Kysely } from 'kysely'
import type { Database } from '../server/db/schema'
import type { NeedCategory } from '../src/domain/needs/api'
import type { NeedAction, NeedStatus } from '../src/domain/needs/state'
import { randomUUID } from 'node:crypto'
import { changeNeed, insertNeed } from '../server/db/repos/needs'

/**
 * Demo small needs (微心愿, issue #6) in different states, posted by the demo volunteer and social
 * worker during visits (demo residents have no accounts until someone signs in). The household of
 * 李建国 has none, so that a walk through starts from an empty list there.
 */
export interface DemoNeed {
  registryRef: string
  category: NeedCategory
  description: string
  postedBy: string
  daysAgo: number
  steps: { action: Extract<NeedAction, 'claim' | 'deliver'>, by: string, daysAgo: number, note?: string }[]
}

export const DEMO_NEEDS: DemoNeed[] = [
  {
    registryRef: 'DEMO-HM-001',
    category: 'company',
    description: '老人独居，希望每周有人来陪着聊聊天、读读报纸',
    postedBy: 'volunteer',
    daysAgo: 3,
    steps: [],
  },
  {
    registryRef: 'DEMO-TY-001',
    category: 'repair',
    description: '厨房水龙头漏水，想请人帮忙换一个',
    postedBy: 'shegong',
    daysAgo: 6,
    steps: [{ action: 'claim', by: 'shegong', daysAgo: 5 }],
  },
  {
    registryRef: 'DEMO-TY-002',
    category: 'goods',
    description: '孩子开学需要一个书包和几本练习本',
    postedBy: 'shegong',
    daysAgo: 10,
    steps: [
      { action: 'claim', by: 'shegong', daysAgo: 9 },
      { action: 'deliver', by: 'shegong', daysAgo: 7, note: '书包和 10 本练习本已送到家中' },
    ],
  },
]

const STATUS_AFTER = { claim: 'claimed', deliver: 'delivered' } as const
const DAY_MS = 86_400_000

/** Stores the demo needs with their timelines, as the API would have written them. */
export async function loadDemoNeeds(db: Kysely<Database>, now = new Date()): Promise<void> {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS).toISOString()
  const users = await db.selectFrom('users').select(['id', 'username', 'role', 'organisation']).where('username', 'is not', null).execute()
  const user = (username: string) => {
    const found = users.find(u => u.username === username)
    if (!found)
      throw new Error(`demo need refers to an unknown account: ${username}`)
    return found
  }
  for (const need of DEMO_NEEDS) {
    const household = await db.selectFrom('households').select('id').where('registry_ref', '=', need.registryRef).executeTakeFirstOrThrow()
    const poster = user(need.postedBy)
    const id = randomUUID()
    await insertNeed(db, {
      id,
      household_id: household.id,
      category: need.category,
      description: need.description,
      photo: null,
      status: 'open',
      status_before_removal: null,
      posted_by: poster.id,
      posted_by_role: poster.role,
      claimed_by: null,
      rating: null,
      comment: null,
      removal_reason: null,
      created_at: at(need.daysAgo),
      updated_at: at(need.daysAgo),
    }, poster.organisation)
    let status: NeedStatus = 'open'
    let claimedBy: string | null = null
    for (const step of need.steps) {
      const actor = user(step.by)
      const next = STATUS_AFTER[step.action]
      const set = step.action === 'claim' ? { claimed_by: actor.id } : {}
      await changeNeed(db, id, {
        from: status,
        fromClaimedBy: claimedBy,
        set: { ...set, status: next, updated_at: at(step.daysAgo) },
        event: { at: at(step.daysAgo), action: step.action, status: next, actor_id: actor.id, actor_role: actor.role, actor_organisation: actor.organisation, note: step.note ?? null },
      })
      status = next
      claimedBy = step.action === 'claim' ? actor.id : claimedBy
    }
  }
}
