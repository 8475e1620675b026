import type { Coverage, FieldWorker, NotVisitedHousehold, UrgentFlag } from './api'

// Fixtures in the shape of the visits contract (src/domain/visits/api.ts).

export function sampleCoverage(over: Partial<Coverage> = {}): Coverage {
  return {
    quarter: '2026-Q4',
    villages: [
      { code: '339901001001', name: '和美村', households: 20, visited: 12, percent: 60 },
      { code: '339901001002', name: '桃源村', households: 3, visited: 2, percent: 66.7 },
    ],
    notVisited90Days: [
      { householdId: 'h1', maskedHeadName: '王*英', villageName: '和美村', lastVisitedAt: null },
      { householdId: 'h2', maskedHeadName: '李*国', villageName: '和美村', lastVisitedAt: '2026-07-02T02:30:00.000Z' },
    ],
    leftAssistanceDue: [
      { householdId: 'h3', maskedHeadName: '陈*兰', villageName: '桃源村', leftOn: '2026-03-31', lastVisitedAt: null },
    ],
    totals: { notVisited90Days: 2, leftAssistanceDue: 1 },
    next: { notVisited90Days: null, leftAssistanceDue: null },
    ...over,
  }
}

/** `count` households not visited in 90 days, numbered from `from` (ids n<number>). */
export function notVisitedHouseholds(from: number, count: number): NotVisitedHousehold[] {
  return Array.from({ length: count }, (_, i) => ({ householdId: `n${from + i}`, maskedHeadName: `户*${from + i}`, villageName: '和美村', lastVisitedAt: null }))
}

export function sampleFlag(over: Partial<UrgentFlag> = {}): UrgentFlag {
  return {
    id: 'v1',
    visitedAt: '2026-11-20T01:00:00.000Z',
    maskedHeadName: '王*英',
    villageName: '和美村',
    householdId: 'h1',
    visitorName: '志愿者 周敏',
    organisation: '和美村志愿服务队',
    urgentNote: '屋顶漏雨，老人独居',
    resolvedAt: null,
    ...over,
  }
}

export function sampleWorker(over: Partial<FieldWorker> = {}): FieldWorker {
  return {
    id: 'w1',
    displayName: '志愿者 周敏',
    role: 'volunteer',
    organisation: '和美村志愿服务队',
    homeArea: { code: '339901001001', name: '和美村' },
    assignedAreas: [],
    ...over,
  }
}
