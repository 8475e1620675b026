// The assistance items of the layered system (分层分类). The codes are used everywhere
// (API, data, routing), so this list is the single source of truth for them.
// Source: /work/shared/policy-brief.md §1, 粤府办〔2024〕12号 (seed 002).
import type { Localized } from './lang'

export const ITEM_CODES = [
  'dibao',
  'dibao_edge',
  'expense_hardship',
  'tekun',
  'medical',
  'education',
  'housing',
  'employment',
  'disaster',
  'temporary',
  'vagrant',
  'disability_allowance',
  'electricity',
  'funeral',
  'two_cancers',
  'child_rehab',
  'orphan',
] as const

export type ItemCode = typeof ITEM_CODES[number]

export function isItemCode(value: unknown): value is ItemCode {
  return typeof value === 'string' && (ITEM_CODES as readonly string[]).includes(value)
}

export const LAYERS = ['basic', 'special', 'emergency', 'other'] as const
export type Layer = typeof LAYERS[number]

export const LAYER_NAMES: Record<Layer, Localized> = {
  basic: { 'zh-CN': '基本生活救助', 'zh-TW': '基本生活救助', 'en': 'Basic living assistance' },
  special: { 'zh-CN': '专项救助', 'zh-TW': '專項救助', 'en': 'Special assistance' },
  emergency: { 'zh-CN': '急难救助', 'zh-TW': '急難救助', 'en': 'Emergency assistance' },
  other: { 'zh-CN': '其他帮扶', 'zh-TW': '其他幫扶', 'en': 'Other support' },
}

export const DEPARTMENT_CODES = [
  'mingzheng',
  'yibao',
  'jiaoyu',
  'zhujian',
  'renshe',
  'yingji',
  'canlian',
  'fulian',
  'dianli',
] as const

export type DepartmentCode = typeof DEPARTMENT_CODES[number]

// Names say where a resident actually goes: most items start at the township (乡镇/街道)
// window or online, and the brief's "一证通办" routes them on.
export const DEPARTMENTS: Record<DepartmentCode, { name: Localized }> = {
  mingzheng: { name: { 'zh-CN': '民政部门（乡镇（街道）社会救助窗口、县（市、区）民政局）', 'zh-TW': '民政部門（鄉鎮（街道）社會救助窗口、縣（市、區）民政局）', 'en': 'Civil Affairs (township social assistance window, county Civil Affairs Bureau)' } },
  yibao: { name: { 'zh-CN': '医疗保障部门（医保局）', 'zh-TW': '醫療保障部門（醫保局）', 'en': 'Healthcare Security Administration (medical insurance bureau)' } },
  jiaoyu: { name: { 'zh-CN': '教育部门（教育局或就读学校）', 'zh-TW': '教育部門（教育局或就讀學校）', 'en': 'Education Bureau (or the school)' } },
  zhujian: { name: { 'zh-CN': '住房和城乡建设部门（住建局）', 'zh-TW': '住房和城鄉建設部門（住建局）', 'en': 'Housing and Urban-Rural Development Bureau' } },
  renshe: { name: { 'zh-CN': '人力资源和社会保障部门（人社局）', 'zh-TW': '人力資源和社會保障部門（人社局）', 'en': 'Human Resources and Social Security Bureau' } },
  yingji: { name: { 'zh-CN': '应急管理部门（应急管理局）', 'zh-TW': '應急管理部門（應急管理局）', 'en': 'Emergency Management Bureau' } },
  canlian: { name: { 'zh-CN': '残疾人联合会（残联）', 'zh-TW': '殘疾人聯合會（殘聯）', 'en': 'Disabled Persons\' Federation' } },
  fulian: { name: { 'zh-CN': '妇女联合会（妇联）', 'zh-TW': '婦女聯合會（婦聯）', 'en': 'Women\'s Federation' } },
  dianli: { name: { 'zh-CN': '供电公司（电力部门）', 'zh-TW': '供電公司（電力部門）', 'en': 'Electricity supply company' } },
}

export interface ItemInfo {
  code: ItemCode
  layer: Layer
  name: Localized
  department: DepartmentCode
  documents: Localized<string[]>
}

// Documents most means-tested items share: the brief's "一证一书" (ID + authorisation).
const ID_ZH = '申请人身份证和户口簿（共同生活家庭成员的身份证明）'
const ID_TW = '申請人身份證和戶口簿（共同生活家庭成員的身份證明）'
const ID_EN = 'ID card and household register of the applicant (and of every household member)'
const AUTH_ZH = '家庭经济状况核对授权书（家庭成员签字）'
const AUTH_TW = '家庭經濟狀況核對授權書（家庭成員簽字）'
const AUTH_EN = 'Signed authorisation for the household economic check (家庭经济状况核对授权书)'
const STATUS_ZH = '低保、特困、低保边缘等困难身份证明（系统可查的可免交）'
const STATUS_TW = '低保、特困、低保邊緣等困難身份證明（系統可查的可免交）'
const STATUS_EN = 'Proof of low-income status (dibao, tekun, dibao-edge…; not needed if the system can look it up)'
const BANK_ZH = '本人银行账户（用于发放）'
const BANK_TW = '本人銀行賬戶（用於發放）'
const BANK_EN = 'Bank account of the applicant (for payment)'

export const ITEMS: Record<ItemCode, ItemInfo> = {
  dibao: {
    code: 'dibao',
    layer: 'basic',
    name: { 'zh-CN': '最低生活保障（低保）', 'zh-TW': '最低生活保障（低保）', 'en': 'Minimum living allowance (dibao)' },
    department: 'mingzheng',
    documents: {
      'zh-CN': [ID_ZH, AUTH_ZH, '家庭成员收入情况（工资、养老金等）', '残疾人证、病历等证明（如有）', BANK_ZH],
      'zh-TW': [ID_TW, AUTH_TW, '家庭成員收入情況（工資、養老金等）', '殘疾人證、病歷等證明（如有）', BANK_TW],
      'en': [ID_EN, AUTH_EN, 'Income of household members (wages, pensions…)', 'Disability certificate, medical records (if any)', BANK_EN],
    },
  },
  dibao_edge: {
    code: 'dibao_edge',
    layer: 'basic',
    name: { 'zh-CN': '低保边缘家庭认定', 'zh-TW': '低保邊緣家庭認定', 'en': 'Dibao-edge (near-poverty) household' },
    department: 'mingzheng',
    documents: {
      'zh-CN': [ID_ZH, AUTH_ZH, '家庭成员收入情况（工资、养老金等）', '重病、重残成员的病历或残疾人证（申请单人户低保时）'],
      'zh-TW': [ID_TW, AUTH_TW, '家庭成員收入情況（工資、養老金等）', '重病、重殘成員的病歷或殘疾人證（申請單人戶低保時）'],
      'en': [ID_EN, AUTH_EN, 'Income of household members (wages, pensions…)', 'Medical records or disability certificate of seriously ill or disabled members (for single-person dibao)'],
    },
  },
  expense_hardship: {
    code: 'expense_hardship',
    layer: 'basic',
    name: { 'zh-CN': '支出型困难家庭救助', 'zh-TW': '支出型困難家庭救助', 'en': 'Expense-driven hardship household' },
    department: 'mingzheng',
    documents: {
      'zh-CN': [ID_ZH, AUTH_ZH, '医疗费用票据、病历', '学费等教育支出凭证', '家庭成员收入情况'],
      'zh-TW': [ID_TW, AUTH_TW, '醫療費用票據、病歷', '學費等教育支出憑證', '家庭成員收入情況'],
      'en': [ID_EN, AUTH_EN, 'Medical bills and records', 'Receipts for tuition and other education costs', 'Income of household members'],
    },
  },
  tekun: {
    code: 'tekun',
    layer: 'basic',
    name: { 'zh-CN': '特困人员救助供养', 'zh-TW': '特困人員救助供養', 'en': 'Support for people in extreme poverty (tekun)' },
    department: 'mingzheng',
    documents: {
      'zh-CN': [ID_ZH, AUTH_ZH, '残疾人证或医院诊断证明（如有）', '法定赡养、抚养、扶养义务人情况说明'],
      'zh-TW': [ID_TW, AUTH_TW, '殘疾人證或醫院診斷證明（如有）', '法定贍養、撫養、扶養義務人情況說明'],
      'en': [ID_EN, AUTH_EN, 'Disability certificate or hospital diagnosis (if any)', 'Statement about legal supporters (children, parents, spouse) and their means'],
    },
  },
  medical: {
    code: 'medical',
    layer: 'special',
    name: { 'zh-CN': '医疗救助', 'zh-TW': '醫療救助', 'en': 'Medical assistance' },
    department: 'yibao',
    documents: {
      'zh-CN': ['身份证或医保卡', STATUS_ZH, '门诊、住院费用票据和费用清单', '医保结算单、出院小结'],
      'zh-TW': ['身份證或醫保卡', STATUS_TW, '門診、住院費用票據和費用清單', '醫保結算單、出院小結'],
      'en': ['ID card or medical insurance card', STATUS_EN, 'Outpatient and hospital bills with itemised lists', 'Insurance settlement statement, discharge summary'],
    },
  },
  education: {
    code: 'education',
    layer: 'special',
    name: { 'zh-CN': '教育救助', 'zh-TW': '教育救助', 'en': 'Education assistance' },
    department: 'jiaoyu',
    documents: {
      'zh-CN': [ID_ZH, '学生证或在读、录取证明', STATUS_ZH, '学费、住宿费票据（如有）'],
      'zh-TW': [ID_TW, '學生證或在讀、錄取證明', STATUS_TW, '學費、住宿費票據（如有）'],
      'en': [ID_EN, 'Student card or proof of enrolment or admission', STATUS_EN, 'Tuition and boarding receipts (if any)'],
    },
  },
  housing: {
    code: 'housing',
    layer: 'special',
    name: { 'zh-CN': '住房救助', 'zh-TW': '住房救助', 'en': 'Housing assistance' },
    department: 'zhujian',
    documents: {
      'zh-CN': [ID_ZH, AUTH_ZH, STATUS_ZH, '住房情况证明（租赁合同、房屋照片或危房鉴定）'],
      'zh-TW': [ID_TW, AUTH_TW, STATUS_TW, '住房情況證明（租賃合同、房屋照片或危房鑑定）'],
      'en': [ID_EN, AUTH_EN, STATUS_EN, 'Proof of housing situation (tenancy contract, photos or unsafe-house assessment)'],
    },
  },
  employment: {
    code: 'employment',
    layer: 'special',
    name: { 'zh-CN': '就业救助', 'zh-TW': '就業救助', 'en': 'Employment assistance' },
    department: 'renshe',
    documents: {
      'zh-CN': ['身份证', '就业创业证或失业登记证明', STATUS_ZH, '培训、创业相关材料（如有）'],
      'zh-TW': ['身份證', '就業創業證或失業登記證明', STATUS_TW, '培訓、創業相關材料（如有）'],
      'en': ['ID card', 'Employment and entrepreneurship card or unemployment registration', STATUS_EN, 'Training or business-start documents (if any)'],
    },
  },
  disaster: {
    code: 'disaster',
    layer: 'special',
    name: { 'zh-CN': '受灾人员救助', 'zh-TW': '受災人員救助', 'en': 'Disaster relief' },
    department: 'yingji',
    documents: {
      'zh-CN': ['身份证', '受灾情况说明（照片、损失清单）', '村（社区）出具的受灾证明'],
      'zh-TW': ['身份證', '受災情況說明（照片、損失清單）', '村（社區）出具的受災證明'],
      'en': ['ID card', 'Description of the damage (photos, list of losses)', 'Confirmation of the damage by the village or community'],
    },
  },
  temporary: {
    code: 'temporary',
    layer: 'emergency',
    name: { 'zh-CN': '临时救助', 'zh-TW': '臨時救助', 'en': 'Temporary assistance' },
    department: 'mingzheng',
    documents: {
      'zh-CN': ['身份证', AUTH_ZH, '困难情况说明及证明（医疗票据、事故证明等）', BANK_ZH],
      'zh-TW': ['身份證', AUTH_TW, '困難情況說明及證明（醫療票據、事故證明等）', BANK_TW],
      'en': ['ID card', AUTH_EN, 'Description and proof of the hardship (medical bills, accident report…)', BANK_EN],
    },
  },
  vagrant: {
    code: 'vagrant',
    layer: 'emergency',
    name: { 'zh-CN': '生活无着流浪乞讨人员救助', 'zh-TW': '生活無著流浪乞討人員救助', 'en': 'Help for people stranded without means' },
    department: 'mingzheng',
    documents: {
      'zh-CN': ['无需提前准备材料；有身份证件请随身携带'],
      'zh-TW': ['無需提前準備材料；有身份證件請隨身攜帶'],
      'en': ['Nothing needs to be prepared; bring an ID document if you have one'],
    },
  },
  disability_allowance: {
    code: 'disability_allowance',
    layer: 'other',
    name: { 'zh-CN': '困难残疾人生活补贴和重度残疾人护理补贴', 'zh-TW': '困難殘疾人生活補貼和重度殘疾人護理補貼', 'en': 'Disability living and care allowances' },
    department: 'canlian',
    documents: {
      'zh-CN': [ID_ZH, '第二代残疾人证', STATUS_ZH, BANK_ZH],
      'zh-TW': [ID_TW, '第二代殘疾人證', STATUS_TW, BANK_TW],
      'en': [ID_EN, 'Disability certificate (second generation)', STATUS_EN, BANK_EN],
    },
  },
  electricity: {
    code: 'electricity',
    layer: 'other',
    name: { 'zh-CN': '低保、特困电费减免', 'zh-TW': '低保、特困電費減免', 'en': 'Electricity bill reduction' },
    department: 'dianli',
    documents: {
      'zh-CN': ['身份证', '低保或特困证明', '用电户号'],
      'zh-TW': ['身份證', '低保或特困證明', '用電戶號'],
      'en': ['ID card', 'Proof of dibao or tekun status', 'Electricity account number'],
    },
  },
  funeral: {
    code: 'funeral',
    layer: 'other',
    name: { 'zh-CN': '基本殡葬服务费用减免', 'zh-TW': '基本殯葬服務費用減免', 'en': 'Free basic funeral services' },
    department: 'mingzheng',
    documents: {
      'zh-CN': ['逝者身份证和户口簿', '死亡证明', STATUS_ZH, '经办人身份证'],
      'zh-TW': ['逝者身份證和戶口簿', '死亡證明', STATUS_TW, '經辦人身份證'],
      'en': ['ID card and household register of the deceased', 'Death certificate', STATUS_EN, 'ID card of the person arranging the funeral'],
    },
  },
  two_cancers: {
    code: 'two_cancers',
    layer: 'other',
    name: { 'zh-CN': '低收入妇女“两癌”救助', 'zh-TW': '低收入婦女“兩癌”救助', 'en': 'Cervical and breast cancer aid for low-income women' },
    department: 'fulian',
    documents: {
      'zh-CN': ['身份证', '医院出具的宫颈癌或乳腺癌确诊证明', STATUS_ZH, BANK_ZH],
      'zh-TW': ['身份證', '醫院出具的宮頸癌或乳腺癌確診證明', STATUS_TW, BANK_TW],
      'en': ['ID card', 'Hospital diagnosis of cervical or breast cancer', STATUS_EN, BANK_EN],
    },
  },
  child_rehab: {
    code: 'child_rehab',
    layer: 'other',
    name: { 'zh-CN': '残疾儿童康复救助', 'zh-TW': '殘疾兒童康復救助', 'en': 'Rehabilitation aid for disabled children' },
    department: 'canlian',
    documents: {
      'zh-CN': ['儿童户口簿或出生医学证明', '残疾人证或医院诊断证明', '监护人身份证', '居住证（非本地户籍的常住儿童）'],
      'zh-TW': ['兒童戶口簿或出生醫學證明', '殘疾人證或醫院診斷證明', '監護人身份證', '居住證（非本地戶籍的常住兒童）'],
      'en': ['Child\'s household register or birth certificate', 'Disability certificate or hospital diagnosis', 'ID card of the guardian', 'Residence permit (for children without local hukou)'],
    },
  },
  orphan: {
    code: 'orphan',
    layer: 'other',
    name: { 'zh-CN': '孤儿和事实无人抚养儿童保障', 'zh-TW': '孤兒和事實無人撫養兒童保障', 'en': 'Support for orphans and children without carers' },
    department: 'mingzheng',
    documents: {
      'zh-CN': ['儿童户口簿和身份证', '父母死亡证明，或失踪、服刑、重残重病等证明', '监护人身份证', '村（社区）出具的情况证明'],
      'zh-TW': ['兒童戶口簿和身份證', '父母死亡證明，或失蹤、服刑、重殘重病等證明', '監護人身份證', '村（社區）出具的情況證明'],
      'en': ['Child\'s household register and ID card', 'Death certificates of the parents, or proof of disappearance, imprisonment, severe disability or illness', 'ID card of the guardian', 'Statement from the village or community'],
    },
  },
}
