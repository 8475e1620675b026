import type { RegistryHousehold, RegistryPerson } from '../server/adapters'
import type { AreaTable, UserTable } from '../server/db/schema'

/**
 * The demo data set: a fictional county (幸福县, code 339901, not a real GB/T 2260 code) in
 * Zhejiang with two towns and three villages. Names and ID numbers are invented; the ID
 * numbers pass the GB 11643 check so that every flow can be tried with them.
 */
export const DEMO_AREAS: AreaTable[] = [
  { code: '339901', name: '幸福县（演示）', level: 'county', parent_code: null },
  { code: '339901001', name: '安乐镇', level: 'town', parent_code: '339901' },
  { code: '339901001001', name: '和美村', level: 'village', parent_code: '339901001' },
  { code: '339901001002', name: '桃源村', level: 'village', parent_code: '339901001' },
  { code: '339901002', name: '长寿镇', level: 'town', parent_code: '339901' },
  { code: '339901002001', name: '青山村', level: 'village', parent_code: '339901002' },
]

/** 李建国, whose registry number is DEMO_RESIDENT_PHONE: the resident of the demo's walk. */
export const DEMO_RESIDENT: RegistryPerson = { idNumber: '339901197506080012', name: '李建国', relation: 'self', isHead: true, phone: '13800138000' }

export const DEMO_HOUSEHOLDS: RegistryHousehold[] = [
  {
    registryRef: 'DEMO-HM-001',
    areaCode: '339901001001',
    address: '幸福县安乐镇和美村 3 组 12 号',
    members: [{ idNumber: '339901194803150028', name: '王秀英', relation: 'self', isHead: true, phone: '13800138001' }],
  },
  {
    registryRef: 'DEMO-HM-002',
    areaCode: '339901001001',
    address: '幸福县安乐镇和美村 5 组 7 号',
    members: [
      DEMO_RESIDENT,
      { idNumber: '339901197809200026', name: '张丽', relation: 'spouse', isHead: false, phone: '13800138002' },
      { idNumber: '33990120120501001X', name: '李小明', relation: 'child', isHead: false, phone: null },
    ],
  },
  {
    registryRef: 'DEMO-TY-001',
    areaCode: '339901001002',
    address: '幸福县安乐镇桃源村 1 组 3 号',
    members: [
      { idNumber: '339901194002110026', name: '陈桂兰', relation: 'self', isHead: true, phone: '13800138003' },
      { idNumber: '339901201007300016', name: '陈浩', relation: 'grandchild', isHead: false, phone: null },
    ],
  },
  {
    registryRef: 'DEMO-TY-002',
    areaCode: '339901001002',
    address: '幸福县安乐镇桃源村 2 组 9 号',
    members: [
      { idNumber: '339901198511110022', name: '刘芳', relation: 'self', isHead: true, phone: '13800138004' },
      { idNumber: '339901201606060034', name: '刘子涵', relation: 'child', isHead: false, phone: null },
    ],
  },
  {
    registryRef: 'DEMO-QS-001',
    areaCode: '339901002001',
    address: '幸福县长寿镇青山村 4 组 21 号',
    members: [{ idNumber: '339901196501010010', name: '赵大山', relation: 'self', isHead: true, phone: '13800138005' }],
  },
]

/** Demo sign-ins for everyone who is not a resident. Printed at start-up outside production. */
export const DEMO_PASSWORD = 'Demo@2026'

export type DemoAccount = Pick<UserTable, 'username' | 'role' | 'display_name' | 'area_code' | 'department' | 'organisation'>

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'volunteer', role: 'volunteer', display_name: '志愿者 周敏', area_code: '339901001001', department: null, organisation: '和美村志愿服务队' },
  { username: 'shegong', role: 'social_worker', display_name: '社工 吴磊', area_code: '339901001', department: null, organisation: '安乐镇社工站' },
  { username: 'town', role: 'town_staff', display_name: '安乐镇民政 孙静', area_code: '339901001', department: 'mingzheng', organisation: '安乐镇人民政府' },
  { username: 'county', role: 'county_staff', display_name: '幸福县民政局 郑强', area_code: '339901', department: 'mingzheng', organisation: '幸福县民政局' },
  // Issue #4: other departments and another town, to try routing and the limits of what staff see.
  { username: 'town_yibao', role: 'town_staff', display_name: '安乐镇医保 钱敏', area_code: '339901001', department: 'yibao', organisation: '安乐镇医保服务站' },
  { username: 'town2', role: 'town_staff', display_name: '长寿镇民政 冯涛', area_code: '339901002', department: 'mingzheng', organisation: '长寿镇人民政府' },
]

/**
 * The registry's number for 李建国 (DEMO_HOUSEHOLDS[1]): signing in with it and binding with his
 * ID number and name is the demo's resident walk. Any other number signs in too, but binds a
 * household only through staff at the town office.
 */
export const DEMO_RESIDENT_PHONE = '13800138000'
