import type { SessionUser } from '../../domain/http/auth'
import type { HappinessList, QuarterList } from './api'
import { useSessionStore } from '../account'
import '../../app/idb-test-support'

// Fixtures in the shape the server returns (server/routes/happiness-list tests show the JSON), and
// IndexedDB for the kept lists (fake-indexeddb, emptied before each test).

function dibao(n: number, paidOn: string) {
  return {
    id: `r${n}`,
    item: 'dibao' as const,
    itemName: '最低生活保障（低保）',
    department: 'mingzheng' as const,
    departmentName: '民政',
    kind: 'cash' as const,
    amountFen: 88_600,
    quantity: null,
    unit: null,
    period: paidOn.slice(0, 7),
    paidOn,
    status: 'paid' as const,
    source: 'feed' as const,
    reference: null,
    members: ['李建国', '张丽', '李小明'],
  }
}

export function sampleList(over: Partial<HappinessList> = {}): HappinessList {
  return {
    year: 2026,
    // 低保 paid January to March by 民政's feed; a new amount approved for December, not paid yet.
    summaries: [{
      item: 'dibao',
      itemName: '最低生活保障（低保）',
      department: 'mingzheng',
      frequency: 'month',
      paid: [{ from: '2026-01', to: '2026-03', amountFen: 88_600, payments: 3 }],
      paidFen: 265_800,
      payments: 3,
      granted: [{ from: '2026-12', to: '2026-12', amountFen: 153_800, payments: 1 }],
      grantedFen: 153_800,
      text: '',
    }],
    members: [{ id: 'm1', name: '李建国', relation: 'self' }, { id: 'm2', name: '张丽', relation: 'spouse' }],
    records: [
      dibao(1, '2026-01-10'),
      dibao(2, '2026-02-10'),
      dibao(3, '2026-03-10'),
      { ...dibao(4, '2026-10-15'), item: 'medical', itemName: '医疗救助', department: 'yibao', departmentName: '医保', amountFen: 123_456, source: 'feed', reference: 'YB-2026-001', members: ['张丽'] },
      { ...dibao(5, '2026-10-20'), item: 'charity', itemName: '慈善帮扶', department: 'cishan', departmentName: '慈善组织', kind: 'in_kind', amountFen: null, quantity: 10, unit: '公斤', source: 'feed' },
      // Granted by an approval, not paid: listed, never counted in the totals below.
      { ...dibao(6, '2026-12-01'), amountFen: 153_800, status: 'granted', source: 'approval', members: ['李建国'] },
    ],
    totals: {
      amountFen: 389_256,
      records: 5,
      byQuarter: [{ key: '2026-Q1', name: '2026-Q1', amountFen: 265_800, records: 3 }, { key: '2026-Q4', name: '2026-Q4', amountFen: 123_456, records: 2 }],
      byItem: [{ key: 'dibao', name: '最低生活保障（低保）', amountFen: 265_800, records: 3 }, { key: 'medical', name: '医疗救助', amountFen: 123_456, records: 1 }, { key: 'charity', name: '慈善帮扶', amountFen: 0, records: 1 }],
      byDepartment: [{ key: 'mingzheng', name: '民政', amountFen: 265_800, records: 3 }, { key: 'yibao', name: '医保', amountFen: 123_456, records: 1 }, { key: 'cishan', name: '慈善组织', amountFen: 0, records: 1 }],
    },
    completeness: { quarter: '2026-Q4', departments: [{ department: 'mingzheng', name: '民政', reported: false }, { department: 'yibao', name: '医保', reported: true }] },
    updatedAt: '2026-11-20T02:05:00.000Z',
    ...over,
  }
}

export function sampleQuarter(over: Partial<QuarterList> = {}): QuarterList {
  const list = sampleList()
  return {
    quarter: '2026-Q4',
    household: { id: 'h2', areaName: '和美村', address: '和美村 5 组 7 号', headName: '李建国' },
    members: [{ name: '李建国', relation: 'self' }, { name: '张丽', relation: 'spouse' }],
    records: list.records.slice(3),
    totals: { ...list.totals, amountFen: 123_456, records: 2, byQuarter: [list.totals.byQuarter[1]], byItem: list.totals.byItem.slice(1), byDepartment: list.totals.byDepartment.slice(1) },
    departmentsReported: [{ department: 'yibao', name: '医保' }, { department: 'cishan', name: '慈善组织' }],
    codeUrl: 'https://xfm.example.gov.cn/h/AQE',
    ...over,
  }
}

/** 李建国 signed in, with household `household` bound: whose lists the store fetches and keeps. */
export function signInResident(household = 'h2'): void {
  useSessionStore().user = { id: 'u', role: 'resident', displayName: '李建国', phoneMasked: null, areaCode: null, areaName: null, department: null, household: { id: household, areaCode: '339901001001', areaName: '和美村', headName: '李建国', memberCount: 3 } } as unknown as SessionUser
}
