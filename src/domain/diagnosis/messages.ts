import type { Lang } from '../lang'
import type { HousingSituation, Relation, StudentLevel } from './schema'
import { FEN_PER_YUAN, fenToYuan, yuanToFen } from '../money'

// Every user-facing string of the diagnosis engine, in both languages. The engine passes
// numbers; money is formatted here so both languages show the same figures.

const MONEY_DECIMALS = 2

/** Money with no decimals when integral, else 2 decimals: 886, 886.67. */
export function formatMoney(value: number): string {
  const fen = yuanToFen(value)
  if (fen % FEN_PER_YUAN === 0)
    return String(fenToYuan(fen) + 0) // + 0 turns -0 into 0
  return fenToYuan(fen).toFixed(MONEY_DECIMALS)
}

const m = formatMoney

export type Scheme = 'dibao' | 'dibao_edge' | 'expense_hardship' | 'tekun'
export type TekunCategory = 'elderly' | 'minor' | 'disabled'

export interface MemberRef {
  index: number
  relation: Relation
  /** short descriptors shown with the member, already localised */
  details?: string[]
}

export interface EdgeLineInfo {
  line: number
  multiple: number
  dibao: number
  /** multiple × dibao before the minimum-wage cap */
  raw: number
  capped: boolean
  minWage: number
}

interface IncomeInfo { income: number, line: number }
interface AssetInfo { scheme: Scheme, deposits: number, limit: number }
interface ExemptInfo { member: MemberRef, income: number, months: number, limit: number }
interface ExpenseInfo { income: number, medical: number, education: number, after: number, line: number }
interface TekunInfo { member: MemberRef, category: TekunCategory, age: number, grade: number, income: number, line: number }
interface FlipIncomeInfo { scheme: Scheme, line: number, total: number }

const ZH_GRADES = ['', '一', '二', '三', '四']

const zhRelations: Record<Relation, string> = {
  self: '本人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandparent: '祖父母/外祖父母',
  grandchild: '孙子女/外孙子女',
  sibling: '兄弟姐妹',
  other: '其他亲属',
}

const zhSchemes: Record<Scheme, string> = {
  dibao: '低保',
  dibao_edge: '低保边缘',
  expense_hardship: '支出型困难家庭救助',
  tekun: '特困供养',
}

const zhStudents: Record<StudentLevel, string> = {
  none: '不在学',
  preschool: '在园幼儿',
  compulsory: '义务教育阶段',
  high_school: '高中阶段',
  college: '大学阶段',
}

function zhMember(ref: MemberRef): string {
  const inside = [zhRelations[ref.relation], ...(ref.details ?? [])].join('，')
  return `第${ref.index + 1}位成员（${inside}）`
}

function zhEdgeLine(e: EdgeLineInfo): string {
  return e.capped
    ? `低保边缘标准 ${m(e.line)} 元（低保标准 ${m(e.dibao)} 元的 ${e.multiple} 倍为 ${m(e.raw)} 元，但不超过最低工资 ${m(e.minWage)} 元）`
    : `低保边缘标准 ${m(e.line)} 元（低保标准 ${m(e.dibao)} 元的 ${e.multiple} 倍）`
}

const zhCN = {
  member: zhMember,
  members: (refs: MemberRef[]) => refs.map(zhMember).join('；'),
  scheme: (s: Scheme) => zhSchemes[s],
  detailIllness: () => '患重病',
  detailDisability: (grade: number) => `${ZH_GRADES[grade] ?? grade}级残疾`,
  detailAge: (age: number) => `${age} 岁`,
  detailStudent: (level: StudentLevel) => zhStudents[level],

  incomeExempt: (x: ExemptInfo) =>
    `${zhMember(x.member)}就业 ${x.months} 个月，未满 ${x.limit} 个月，其月收入 ${m(x.income)} 元按规定不计入家庭收入`,
  incomeExemptDisabled: (x: ExemptInfo) =>
    `${zhMember(x.member)}为残疾人，就业 ${x.months} 个月，未满 ${x.limit} 个月，其月收入 ${m(x.income)} 元按规定不计入家庭收入`,

  dibaoIncomeBelow: (x: IncomeInfo) => `家庭人均月收入 ${m(x.income)} 元，低于本地低保标准 ${m(x.line)} 元`,
  dibaoIncomeNotBelow: (x: IncomeInfo) => `家庭人均月收入 ${m(x.income)} 元，不低于本地低保标准 ${m(x.line)} 元`,
  dibaoRenewal: () => '您家正在享受低保：收入已不低于标准，复核时可能退出，但按规定可享受渐退期',
  singlePerson: (refs: MemberRef[]) =>
    `低保边缘家庭中的重病患者、重度残疾人，经本人申请可以单人户纳入低保：${refs.map(zhMember).join('；')}`,

  assetsWithin: (x: AssetInfo) =>
    `家庭人均存款 ${m(x.deposits)} 元，未超过${zhSchemes[x.scheme]}财产限额 ${m(x.limit)} 元，且没有机动车和多余住房`,
  depositsOver: (x: AssetInfo) =>
    `家庭人均存款 ${m(x.deposits)} 元，超过${zhSchemes[x.scheme]}财产限额 ${m(x.limit)} 元`,
  vehicleOwned: (scheme: Scheme, count: number) =>
    `家庭名下有 ${count} 辆机动车，一般不符合${zhSchemes[scheme]}财产条件`,
  extraHousingOwned: (scheme: Scheme) => `家庭有多余住房，一般不符合${zhSchemes[scheme]}财产条件`,

  flipDeposits: (scheme: Scheme, limit: number) => `若家庭存款人均不超过 ${m(limit)} 元，${zhSchemes[scheme]}可能符合`,
  flipVehicle: (scheme: Scheme) => `若家庭名下没有机动车，${zhSchemes[scheme]}可能符合`,
  flipExtraHousing: (scheme: Scheme) => `若家庭没有多余住房，${zhSchemes[scheme]}可能符合`,
  flipIncomeBelow: (x: FlipIncomeInfo) =>
    `若家庭人均月收入低于 ${m(x.line)} 元（家庭月收入合计低于 ${m(x.total)} 元），${zhSchemes[x.scheme]}可能符合`,
  flipIncomeAtMost: (x: FlipIncomeInfo) =>
    `若家庭人均月收入不超过 ${m(x.line)} 元（家庭月收入合计不超过 ${m(x.total)} 元），${zhSchemes[x.scheme]}可能符合`,

  edgeIncomeWithin: (income: number, e: EdgeLineInfo) => `家庭人均月收入 ${m(income)} 元，不超过${zhEdgeLine(e)}`,
  edgeIncomeAbove: (income: number, e: EdgeLineInfo) => `家庭人均月收入 ${m(income)} 元，超过${zhEdgeLine(e)}`,
  coveredByDibao: (scheme: Scheme) => `您家可能符合低保，低保优先，无需另行认定${zhSchemes[scheme]}`,
  edgeRenewal: () => '您家正在享受低保边缘待遇：收入已超过标准，复核时可能调整',

  tekunMember: (x: TekunInfo) => {
    const category = x.category === 'elderly'
      ? `${x.age} 岁，属 60 岁及以上老年人`
      : x.category === 'minor'
        ? `${x.age} 岁，未满 18 周岁`
        : `为${ZH_GRADES[x.grade] ?? x.grade}级重度残疾人`
    return `${zhMember(x.member)}${category}，无劳动能力，月收入 ${m(x.income)} 元，低于特困供养标准 ${m(x.line)} 元，且没有有能力的法定赡养、抚养、扶养义务人`
  },
  tekunNone: (line: number) =>
    `没有成员同时满足特困供养条件：无劳动能力、月收入低于特困供养标准 ${m(line)} 元、没有有能力的法定赡养抚养扶养义务人，且为 60 岁及以上老年人、未满 18 周岁的未成年人或一、二级重度残疾人`,
  tekunReceiving: () => '您家有成员正在享受特困供养，按规定复核后可继续享受',
  flipTekunWork: (ref: MemberRef) => `若${zhMember(ref)}无劳动能力，特困供养可能符合`,
  flipTekunIncome: (ref: MemberRef, line: number) => `若${zhMember(ref)}月收入低于 ${m(line)} 元，特困供养可能符合`,
  flipTekunSupporter: (ref: MemberRef) => `若${zhMember(ref)}没有有能力履行义务的法定赡养、抚养、扶养人，特困供养可能符合`,

  expenseAfterBelow: (x: ExpenseInfo) =>
    `家庭人均月收入 ${m(x.income)} 元，扣除每月医疗支出 ${m(x.medical)} 元、教育支出 ${m(x.education)} 元后人均 ${m(x.after)} 元，低于本地低保标准 ${m(x.line)} 元`,
  expenseAfterNotBelow: (x: ExpenseInfo) =>
    `家庭人均月收入 ${m(x.income)} 元，扣除每月医疗支出 ${m(x.medical)} 元、教育支出 ${m(x.education)} 元后人均 ${m(x.after)} 元，不低于本地低保标准 ${m(x.line)} 元`,
  expenseNoRigid: () => '没有填写医疗、教育等刚性支出',
  flipExpense: (total: number) => `若家庭每月医疗、教育刚性支出合计超过 ${m(total)} 元，支出型困难家庭救助可能符合`,

  basisFound: (scheme: Scheme) => `根据您的回答，您家可能符合${zhSchemes[scheme]}`,
  basisReceiving: (scheme: Scheme) => `您家正在享受${zhSchemes[scheme]}`,
  noBasis: () => '根据您的回答，您家不属于低保、特困、低保边缘或支出型困难家庭，本项主要面向这些家庭',

  medicalPremium: () => '低保对象、特困人员参加城乡居民医保的个人缴费部分由医疗救助全额资助',
  medicalIll: (refs: MemberRef[]) => `家中有重病患者：${refs.map(zhMember).join('；')}`,
  medicalExpense: (amount: number) => `家庭每月医疗支出 ${m(amount)} 元`,
  medicalOutOfPocket: () => '经基本医保、大病保险报销后，个人负担的合规医疗费用可由医疗救助按规定支付',
  medicalPremiumOther: () => '低保边缘、支出型困难家庭成员可按规定获得参保资助；目前没有填写重病或医疗支出',

  educationStudents: (refs: MemberRef[]) => `家中有在园幼儿或在校学生：${refs.map(zhMember).join('；')}`,
  educationNoStudents: () => '家中没有在园幼儿或在校学生',
  educationOrphan: (refs: MemberRef[]) =>
    `可能属于孤儿或事实无人抚养儿童的学生也可获得教育救助，需先经民政部门认定：${refs.map(zhMember).join('；')}`,

  housingNeed: (situation: Exclude<HousingSituation, 'adequate'>) => ({
    renting_hardship: '您家租房负担重，可申请公共租赁住房或租赁补贴',
    unsafe: '您家住房不安全：农村可申请危房改造，城镇可申请公共租赁住房或租赁补贴',
    none: '您家没有住房，可申请公共租赁住房或租赁补贴',
  })[situation],
  housingAdequate: () => '您家住房条件基本满足',

  employmentMembers: (refs: MemberRef[]) =>
    `有劳动能力、处于劳动年龄（16–59 岁）且失业的成员：${refs.map(zhMember).join('；')}`,
  employmentNone: () => '没有处于劳动年龄（16–59 岁）、有劳动能力且失业的成员',

  disabilitySevere: (refs: MemberRef[]) =>
    `一、二级重度残疾人可申请重度残疾人护理补贴，不看家庭收入：${refs.map(zhMember).join('；')}`,
  disabilityLowIncome: (refs: MemberRef[]) => `困难家庭中的残疾人可申请困难残疾人生活补贴：${refs.map(zhMember).join('；')}`,
  disabilityNoBasis: (refs: MemberRef[]) =>
    `家中有三、四级残疾人，但未发现低收入身份；困难残疾人生活补贴主要面向低保、低保边缘等困难家庭：${refs.map(zhMember).join('；')}`,
  disabilityNone: () => '家中没有持证残疾人',

  disasterYes: () => '家庭遭受自然灾害，可申请受灾人员救助（应急生活救助、过渡期生活救助、倒损住房恢复重建等）',
  disasterNo: () => '没有报告自然灾害',

  eventSudden: () => '家庭遭遇突发事件、意外或重大疾病，基本生活暂时困难',
  eventDisaster: () => '家庭遭受自然灾害',
  temporaryHighIncome: (income: number, e: EdgeLineInfo) =>
    `家庭人均月收入 ${m(income)} 元，超过${zhEdgeLine(e)}；急难情形下经办部门可简化核对、先行救助，是否救助视具体情况而定`,
  temporaryNoEvent: () => '没有报告突发事件、意外或灾害',
  flipTemporary: () => '若家庭遭遇突发事件、意外或重大疾病导致基本生活暂时困难，临时救助可能符合',

  vagrantInfo: () => '本项面向离家在外、临时遇困、生活无着的人员；遇到这种情况，可前往当地救助管理站或拨打 110 求助',

  electricityYes: () => '低保对象、特困人员可减免电费',
  electricityNo: () => '电费减免只面向低保对象和特困人员',

  funeralPossible: () => '困难群众身故后可免除基本殡葬服务费用，需要时申请',
  funeralNo: () => '基本殡葬服务费用减免面向低保、特困等困难群众',

  twoCancersPossible: (refs: MemberRef[]) =>
    `低收入家庭中的妇女确诊宫颈癌或乳腺癌可申请“两癌”救助；自诊没有询问病种，请核实：${refs.map(zhMember).join('；')}`,
  twoCancersSexUnknown: (refs: MemberRef[]) =>
    `“两癌”救助需为女性，确诊宫颈癌或乳腺癌；没有填写性别，请核实：${refs.map(zhMember).join('；')}`,
  twoCancersNo: () => '“两癌”救助面向低收入家庭中确诊宫颈癌或乳腺癌的妇女；根据您的回答没有发现可能符合的成员',

  childRehabYoung: (refs: MemberRef[]) => `0–6 岁残疾儿童可申请残疾儿童康复救助：${refs.map(zhMember).join('；')}`,
  childRehabOlder: (refs: MemberRef[]) =>
    `7–17 岁残疾儿童：不少地方已将康复救助扩大到更大年龄，请向残联咨询：${refs.map(zhMember).join('；')}`,
  childRehabNone: () => '家中没有未满 18 周岁的残疾儿童',

  orphanPossible: (refs: MemberRef[]) =>
    `未成年成员没有有能力的抚养人，其父母不在家中或本身重病、重残，可能属于孤儿或事实无人抚养儿童，需经民政部门认定：${refs.map(zhMember).join('；')}`,
  orphanNone: () => '没有发现缺少父母和有能力抚养人的未成年成员',
}

export type Messages = typeof zhCN

// 繁體中文: the same sentences in traditional characters, mainland wording kept (issue #7).
const twRelations: Record<Relation, string> = {
  self: '本人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandparent: '祖父母/外祖父母',
  grandchild: '孫子女/外孫子女',
  sibling: '兄弟姐妹',
  other: '其他親屬',
}

const twSchemes: Record<Scheme, string> = {
  dibao: '低保',
  dibao_edge: '低保邊緣',
  expense_hardship: '支出型困難家庭救助',
  tekun: '特困供養',
}

const twStudents: Record<StudentLevel, string> = {
  none: '不在學',
  preschool: '在園幼兒',
  compulsory: '義務教育階段',
  high_school: '高中階段',
  college: '大學階段',
}

function twMember(ref: MemberRef): string {
  const inside = [twRelations[ref.relation], ...(ref.details ?? [])].join('，')
  return `第${ref.index + 1}位成員（${inside}）`
}

function twEdgeLine(e: EdgeLineInfo): string {
  return e.capped
    ? `低保邊緣標準 ${m(e.line)} 元（低保標準 ${m(e.dibao)} 元的 ${e.multiple} 倍為 ${m(e.raw)} 元，但不超過最低工資 ${m(e.minWage)} 元）`
    : `低保邊緣標準 ${m(e.line)} 元（低保標準 ${m(e.dibao)} 元的 ${e.multiple} 倍）`
}

const zhTW: Messages = {
  member: twMember,
  members: (refs: MemberRef[]) => refs.map(twMember).join('；'),
  scheme: (s: Scheme) => twSchemes[s],
  detailIllness: () => '患重病',
  detailDisability: (grade: number) => `${ZH_GRADES[grade] ?? grade}級殘疾`,
  detailAge: (age: number) => `${age} 歲`,
  detailStudent: (level: StudentLevel) => twStudents[level],

  incomeExempt: (x: ExemptInfo) =>
    `${twMember(x.member)}就業 ${x.months} 個月，未滿 ${x.limit} 個月，其月收入 ${m(x.income)} 元按規定不計入家庭收入`,
  incomeExemptDisabled: (x: ExemptInfo) =>
    `${twMember(x.member)}為殘疾人，就業 ${x.months} 個月，未滿 ${x.limit} 個月，其月收入 ${m(x.income)} 元按規定不計入家庭收入`,

  dibaoIncomeBelow: (x: IncomeInfo) => `家庭人均月收入 ${m(x.income)} 元，低於本地低保標準 ${m(x.line)} 元`,
  dibaoIncomeNotBelow: (x: IncomeInfo) => `家庭人均月收入 ${m(x.income)} 元，不低於本地低保標準 ${m(x.line)} 元`,
  dibaoRenewal: () => '您家正在享受低保：收入已不低於標準，覆核時可能退出，但按規定可享受漸退期',
  singlePerson: (refs: MemberRef[]) =>
    `低保邊緣家庭中的重病患者、重度殘疾人，經本人申請可以單人戶納入低保：${refs.map(twMember).join('；')}`,

  assetsWithin: (x: AssetInfo) =>
    `家庭人均存款 ${m(x.deposits)} 元，未超過${twSchemes[x.scheme]}財產限額 ${m(x.limit)} 元，且沒有機動車和多餘住房`,
  depositsOver: (x: AssetInfo) =>
    `家庭人均存款 ${m(x.deposits)} 元，超過${twSchemes[x.scheme]}財產限額 ${m(x.limit)} 元`,
  vehicleOwned: (scheme: Scheme, count: number) =>
    `家庭名下有 ${count} 輛機動車，一般不符合${twSchemes[scheme]}財產條件`,
  extraHousingOwned: (scheme: Scheme) => `家庭有多餘住房，一般不符合${twSchemes[scheme]}財產條件`,

  flipDeposits: (scheme: Scheme, limit: number) => `若家庭存款人均不超過 ${m(limit)} 元，${twSchemes[scheme]}可能符合`,
  flipVehicle: (scheme: Scheme) => `若家庭名下沒有機動車，${twSchemes[scheme]}可能符合`,
  flipExtraHousing: (scheme: Scheme) => `若家庭沒有多餘住房，${twSchemes[scheme]}可能符合`,
  flipIncomeBelow: (x: FlipIncomeInfo) =>
    `若家庭人均月收入低於 ${m(x.line)} 元（家庭月收入合計低於 ${m(x.total)} 元），${twSchemes[x.scheme]}可能符合`,
  flipIncomeAtMost: (x: FlipIncomeInfo) =>
    `若家庭人均月收入不超過 ${m(x.line)} 元（家庭月收入合計不超過 ${m(x.total)} 元），${twSchemes[x.scheme]}可能符合`,

  edgeIncomeWithin: (income: number, e: EdgeLineInfo) => `家庭人均月收入 ${m(income)} 元，不超過${twEdgeLine(e)}`,
  edgeIncomeAbove: (income: number, e: EdgeLineInfo) => `家庭人均月收入 ${m(income)} 元，超過${twEdgeLine(e)}`,
  coveredByDibao: (scheme: Scheme) => `您家可能符合低保，低保優先，無需另行認定${twSchemes[scheme]}`,
  edgeRenewal: () => '您家正在享受低保邊緣待遇：收入已超過標準，覆核時可能調整',

  tekunMember: (x: TekunInfo) => {
    const category = x.category === 'elderly'
      ? `${x.age} 歲，屬 60 歲及以上老年人`
      : x.category === 'minor'
        ? `${x.age} 歲，未滿 18 週歲`
        : `為${ZH_GRADES[x.grade] ?? x.grade}級重度殘疾人`
    return `${twMember(x.member)}${category}，無勞動能力，月收入 ${m(x.income)} 元，低於特困供養標準 ${m(x.line)} 元，且沒有有能力的法定贍養、撫養、扶養義務人`
  },
  tekunNone: (line: number) =>
    `沒有成員同時滿足特困供養條件：無勞動能力、月收入低於特困供養標準 ${m(line)} 元、沒有有能力的法定贍養撫養扶養義務人，且為 60 歲及以上老年人、未滿 18 週歲的未成年人或一、二級重度殘疾人`,
  tekunReceiving: () => '您家有成員正在享受特困供養，按規定覆核後可繼續享受',
  flipTekunWork: (ref: MemberRef) => `若${twMember(ref)}無勞動能力，特困供養可能符合`,
  flipTekunIncome: (ref: MemberRef, line: number) => `若${twMember(ref)}月收入低於 ${m(line)} 元，特困供養可能符合`,
  flipTekunSupporter: (ref: MemberRef) => `若${twMember(ref)}沒有有能力履行義務的法定贍養、撫養、扶養人，特困供養可能符合`,

  expenseAfterBelow: (x: ExpenseInfo) =>
    `家庭人均月收入 ${m(x.income)} 元，扣除每月醫療支出 ${m(x.medical)} 元、教育支出 ${m(x.education)} 元後人均 ${m(x.after)} 元，低於本地低保標準 ${m(x.line)} 元`,
  expenseAfterNotBelow: (x: ExpenseInfo) =>
    `家庭人均月收入 ${m(x.income)} 元，扣除每月醫療支出 ${m(x.medical)} 元、教育支出 ${m(x.education)} 元後人均 ${m(x.after)} 元，不低於本地低保標準 ${m(x.line)} 元`,
  expenseNoRigid: () => '沒有填寫醫療、教育等剛性支出',
  flipExpense: (total: number) => `若家庭每月醫療、教育剛性支出合計超過 ${m(total)} 元，支出型困難家庭救助可能符合`,

  basisFound: (scheme: Scheme) => `根據您的回答，您家可能符合${twSchemes[scheme]}`,
  basisReceiving: (scheme: Scheme) => `您家正在享受${twSchemes[scheme]}`,
  noBasis: () => '根據您的回答，您家不屬於低保、特困、低保邊緣或支出型困難家庭，本項主要面向這些家庭',

  medicalPremium: () => '低保對象、特困人員參加城鄉居民醫保的個人繳費部分由醫療救助全額資助',
  medicalIll: (refs: MemberRef[]) => `家中有重病患者：${refs.map(twMember).join('；')}`,
  medicalExpense: (amount: number) => `家庭每月醫療支出 ${m(amount)} 元`,
  medicalOutOfPocket: () => '經基本醫保、大病保險報銷後，個人負擔的合規醫療費用可由醫療救助按規定支付',
  medicalPremiumOther: () => '低保邊緣、支出型困難家庭成員可按規定獲得參保資助；目前沒有填寫重病或醫療支出',

  educationStudents: (refs: MemberRef[]) => `家中有在園幼兒或在校學生：${refs.map(twMember).join('；')}`,
  educationNoStudents: () => '家中沒有在園幼兒或在校學生',
  educationOrphan: (refs: MemberRef[]) =>
    `可能屬於孤兒或事實無人撫養兒童的學生也可獲得教育救助，需先經民政部門認定：${refs.map(twMember).join('；')}`,

  housingNeed: (situation: Exclude<HousingSituation, 'adequate'>) => ({
    renting_hardship: '您家租房負擔重，可申請公共租賃住房或租賃補貼',
    unsafe: '您家住房不安全：農村可申請危房改造，城鎮可申請公共租賃住房或租賃補貼',
    none: '您家沒有住房，可申請公共租賃住房或租賃補貼',
  })[situation],
  housingAdequate: () => '您家住房條件基本滿足',

  employmentMembers: (refs: MemberRef[]) =>
    `有勞動能力、處於勞動年齡（16–59 歲）且失業的成員：${refs.map(twMember).join('；')}`,
  employmentNone: () => '沒有處於勞動年齡（16–59 歲）、有勞動能力且失業的成員',

  disabilitySevere: (refs: MemberRef[]) =>
    `一、二級重度殘疾人可申請重度殘疾人護理補貼，不看家庭收入：${refs.map(twMember).join('；')}`,
  disabilityLowIncome: (refs: MemberRef[]) => `困難家庭中的殘疾人可申請困難殘疾人生活補貼：${refs.map(twMember).join('；')}`,
  disabilityNoBasis: (refs: MemberRef[]) =>
    `家中有三、四級殘疾人，但未發現低收入身份；困難殘疾人生活補貼主要面向低保、低保邊緣等困難家庭：${refs.map(twMember).join('；')}`,
  disabilityNone: () => '家中沒有持證殘疾人',

  disasterYes: () => '家庭遭受自然災害，可申請受災人員救助（應急生活救助、過渡期生活救助、倒損住房恢復重建等）',
  disasterNo: () => '沒有報告自然災害',

  eventSudden: () => '家庭遭遇突發事件、意外或重大疾病，基本生活暫時困難',
  eventDisaster: () => '家庭遭受自然災害',
  temporaryHighIncome: (income: number, e: EdgeLineInfo) =>
    `家庭人均月收入 ${m(income)} 元，超過${twEdgeLine(e)}；急難情形下經辦部門可簡化核對、先行救助，是否救助視具體情況而定`,
  temporaryNoEvent: () => '沒有報告突發事件、意外或災害',
  flipTemporary: () => '若家庭遭遇突發事件、意外或重大疾病導致基本生活暫時困難，臨時救助可能符合',

  vagrantInfo: () => '本項面向離家在外、臨時遇困、生活無著的人員；遇到這種情況，可前往當地救助管理站或撥打 110 求助',

  electricityYes: () => '低保對象、特困人員可減免電費',
  electricityNo: () => '電費減免只面向低保對象和特困人員',

  funeralPossible: () => '困難群眾身故後可免除基本殯葬服務費用，需要時申請',
  funeralNo: () => '基本殯葬服務費用減免面向低保、特困等困難群眾',

  twoCancersPossible: (refs: MemberRef[]) =>
    `低收入家庭中的婦女確診宮頸癌或乳腺癌可申請“兩癌”救助；自診沒有詢問病種，請核實：${refs.map(twMember).join('；')}`,
  twoCancersSexUnknown: (refs: MemberRef[]) =>
    `“兩癌”救助需為女性，確診宮頸癌或乳腺癌；沒有填寫性別，請核實：${refs.map(twMember).join('；')}`,
  twoCancersNo: () => '“兩癌”救助面向低收入家庭中確診宮頸癌或乳腺癌的婦女；根據您的回答沒有發現可能符合的成員',

  childRehabYoung: (refs: MemberRef[]) => `0–6 歲殘疾兒童可申請殘疾兒童康復救助：${refs.map(twMember).join('；')}`,
  childRehabOlder: (refs: MemberRef[]) =>
    `7–17 歲殘疾兒童：不少地方已將康復救助擴大到更大年齡，請向殘聯諮詢：${refs.map(twMember).join('；')}`,
  childRehabNone: () => '家中沒有未滿 18 週歲的殘疾兒童',

  orphanPossible: (refs: MemberRef[]) =>
    `未成年成員沒有有能力的撫養人，其父母不在家中或本身重病、重殘，可能屬於孤兒或事實無人撫養兒童，需經民政部門認定：${refs.map(twMember).join('；')}`,
  orphanNone: () => '沒有發現缺少父母和有能力撫養人的未成年成員',
}

const enRelations: Record<Relation, string> = {
  self: 'self',
  spouse: 'spouse',
  child: 'child',
  parent: 'parent',
  grandparent: 'grandparent',
  grandchild: 'grandchild',
  sibling: 'sibling',
  other: 'other relative',
}

const enSchemes: Record<Scheme, string> = {
  dibao: 'dibao',
  dibao_edge: 'dibao-edge status',
  expense_hardship: 'expense-hardship status',
  tekun: 'tekun support',
}

// "the dibao limit", "the dibao-edge limit": schemes used as adjectives
const enSchemeAdjectives: Record<Scheme, string> = {
  dibao: 'dibao',
  dibao_edge: 'dibao-edge',
  expense_hardship: 'expense-hardship',
  tekun: 'tekun',
}

const enStudents: Record<StudentLevel, string> = {
  none: 'not a student',
  preschool: 'preschool',
  compulsory: 'compulsory school',
  high_school: 'high school',
  college: 'college',
}

function enMember(ref: MemberRef): string {
  const inside = [enRelations[ref.relation], ...(ref.details ?? [])].join(', ')
  return `member ${ref.index + 1} (${inside})`
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function enEdgeLine(e: EdgeLineInfo): string {
  return e.capped
    ? `the dibao-edge line of ${m(e.line)} yuan (${e.multiple} × the dibao standard of ${m(e.dibao)} yuan would be ${m(e.raw)} yuan, capped at the minimum wage of ${m(e.minWage)} yuan)`
    : `the dibao-edge line of ${m(e.line)} yuan (${e.multiple} × the dibao standard of ${m(e.dibao)} yuan)`
}

function enList(refs: MemberRef[]): string {
  return refs.map(enMember).join('; ')
}

const en: Messages = {
  member: enMember,
  members: enList,
  scheme: (s: Scheme) => enSchemes[s],
  detailIllness: () => 'serious illness',
  detailDisability: (grade: number) => `disability grade ${grade}`,
  detailAge: (age: number) => `aged ${age}`,
  detailStudent: (level: StudentLevel) => enStudents[level],

  incomeExempt: (x: ExemptInfo) =>
    `${cap(enMember(x.member))} started work ${x.months} months ago (less than ${x.limit} months), so their income of ${m(x.income)} yuan a month is not counted`,
  incomeExemptDisabled: (x: ExemptInfo) =>
    `${cap(enMember(x.member))} has a disability and started work ${x.months} months ago (less than ${x.limit} months), so their income of ${m(x.income)} yuan a month is not counted`,

  dibaoIncomeBelow: (x: IncomeInfo) =>
    `Household income per person is ${m(x.income)} yuan a month, below the local dibao standard of ${m(x.line)} yuan`,
  dibaoIncomeNotBelow: (x: IncomeInfo) =>
    `Household income per person is ${m(x.income)} yuan a month, not below the local dibao standard of ${m(x.line)} yuan`,
  dibaoRenewal: () =>
    'Your household receives dibao now: with income no longer below the standard it may end at the next review, but a phase-out period applies',
  singlePerson: (refs: MemberRef[]) =>
    `In a dibao-edge household, a member with a serious illness or a severe disability (grade 1–2) can apply for dibao as a single-person household: ${enList(refs)}`,

  assetsWithin: (x: AssetInfo) =>
    `Savings are ${m(x.deposits)} yuan per person, within the ${enSchemeAdjectives[x.scheme]} limit of ${m(x.limit)} yuan, and the household has no vehicle and no extra housing`,
  depositsOver: (x: AssetInfo) =>
    `Savings are ${m(x.deposits)} yuan per person, above the ${enSchemeAdjectives[x.scheme]} limit of ${m(x.limit)} yuan`,
  vehicleOwned: (scheme: Scheme, count: number) =>
    `The household owns ${count} vehicle${count === 1 ? '' : 's'}, which usually fails the ${enSchemeAdjectives[scheme]} property test`,
  extraHousingOwned: (scheme: Scheme) =>
    `The household owns extra housing, which usually fails the ${enSchemeAdjectives[scheme]} property test`,

  flipDeposits: (scheme: Scheme, limit: number) =>
    `If savings were at most ${m(limit)} yuan per person, ${enSchemes[scheme]} would likely apply`,
  flipVehicle: (scheme: Scheme) => `Without a vehicle, ${enSchemes[scheme]} would likely apply`,
  flipExtraHousing: (scheme: Scheme) => `Without extra housing, ${enSchemes[scheme]} would likely apply`,
  flipIncomeBelow: (x: FlipIncomeInfo) =>
    `If household income were below ${m(x.line)} yuan per person a month (below ${m(x.total)} yuan in total), ${enSchemes[x.scheme]} would likely apply`,
  flipIncomeAtMost: (x: FlipIncomeInfo) =>
    `If household income were at most ${m(x.line)} yuan per person a month (at most ${m(x.total)} yuan in total), ${enSchemes[x.scheme]} would likely apply`,

  edgeIncomeWithin: (income: number, e: EdgeLineInfo) =>
    `Household income per person is ${m(income)} yuan a month, within ${enEdgeLine(e)}`,
  edgeIncomeAbove: (income: number, e: EdgeLineInfo) =>
    `Household income per person is ${m(income)} yuan a month, above ${enEdgeLine(e)}`,
  coveredByDibao: (scheme: Scheme) =>
    `Your household likely qualifies for dibao, which comes first; ${enSchemes[scheme]} is not needed`,
  edgeRenewal: () =>
    'Your household has dibao-edge status now: with income above the line it may change at the next review',

  tekunMember: (x: TekunInfo) => {
    const category = x.category === 'elderly'
      ? `is aged ${x.age} (60 or over)`
      : x.category === 'minor'
        ? `is aged ${x.age} (under 18)`
        : `has a severe disability (grade ${x.grade})`
    return `${cap(enMember(x.member))} ${category}, cannot work, has an income of ${m(x.income)} yuan a month (below the tekun standard of ${m(x.line)} yuan) and no legal supporter able to support them`
  },
  tekunNone: (line: number) =>
    `No member meets all tekun conditions: unable to work, income below the tekun standard of ${m(line)} yuan a month, no legal supporter able to support them, and aged 60 or over, under 18, or severely disabled (grade 1–2)`,
  tekunReceiving: () => 'A member of your household receives tekun support now; it continues subject to review',
  flipTekunWork: (ref: MemberRef) => `If ${enMember(ref)} could not work, tekun support would likely apply`,
  flipTekunIncome: (ref: MemberRef, line: number) =>
    `If the income of ${enMember(ref)} were below ${m(line)} yuan a month, tekun support would likely apply`,
  flipTekunSupporter: (ref: MemberRef) =>
    `If ${enMember(ref)} had no legal supporter able to support them, tekun support would likely apply`,

  expenseAfterBelow: (x: ExpenseInfo) =>
    `Household income per person is ${m(x.income)} yuan a month; after monthly medical costs of ${m(x.medical)} yuan and education costs of ${m(x.education)} yuan it is ${m(x.after)} yuan per person, below the local dibao standard of ${m(x.line)} yuan`,
  expenseAfterNotBelow: (x: ExpenseInfo) =>
    `Household income per person is ${m(x.income)} yuan a month; after monthly medical costs of ${m(x.medical)} yuan and education costs of ${m(x.education)} yuan it is ${m(x.after)} yuan per person, not below the local dibao standard of ${m(x.line)} yuan`,
  expenseNoRigid: () => 'No rigid medical or education expenses were entered',
  flipExpense: (total: number) =>
    `If monthly medical and education costs exceeded ${m(total)} yuan in total, expense-hardship status would likely apply`,

  basisFound: (scheme: Scheme) => `From your answers, your household likely qualifies for ${enSchemes[scheme]}`,
  basisReceiving: (scheme: Scheme) => `Your household receives ${enSchemes[scheme]} now`,
  noBasis: () =>
    'From your answers, your household is not a dibao, tekun, dibao-edge or expense-hardship household, which this item is mainly for',

  medicalPremium: () =>
    'For dibao and tekun recipients, the personal premium of residents\' basic medical insurance is paid in full',
  medicalIll: (refs: MemberRef[]) => `Seriously ill members: ${enList(refs)}`,
  medicalExpense: (amount: number) => `Medical costs are ${m(amount)} yuan a month`,
  medicalOutOfPocket: () =>
    'Eligible costs left after basic and critical-illness insurance can be paid by the medical assistance fund',
  medicalPremiumOther: () =>
    'Dibao-edge and expense-hardship households can get premium support as regulated; no serious illness or medical costs were entered',

  educationStudents: (refs: MemberRef[]) => `Pupils or students in the household: ${enList(refs)}`,
  educationNoStudents: () => 'There are no pupils or students in the household',
  educationOrphan: (refs: MemberRef[]) =>
    `Students who may be orphans or children without carers can also get education assistance once Civil Affairs confirms their status: ${enList(refs)}`,

  housingNeed: (situation: Exclude<HousingSituation, 'adequate'>) => ({
    renting_hardship: 'Rent is a heavy burden: you can apply for public rental housing or a rent subsidy',
    unsafe: 'Your home is unsafe: in the countryside you can apply for dangerous-house renovation, in towns for public rental housing or a rent subsidy',
    none: 'You have no home: you can apply for public rental housing or a rent subsidy',
  })[situation],
  housingAdequate: () => 'Your housing is adequate',

  employmentMembers: (refs: MemberRef[]) =>
    `Members of working age (16–59) who can work and are unemployed: ${enList(refs)}`,
  employmentNone: () => 'No member of working age (16–59) is able to work and unemployed',

  disabilitySevere: (refs: MemberRef[]) =>
    `Members with a severe disability (grade 1–2) can get the care allowance regardless of income: ${enList(refs)}`,
  disabilityLowIncome: (refs: MemberRef[]) =>
    `Disabled members of a low-income household can get the living allowance: ${enList(refs)}`,
  disabilityNoBasis: (refs: MemberRef[]) =>
    `Members with a disability of grade 3–4 live here, but no low-income status was found; the living allowance is mainly for dibao and dibao-edge households: ${enList(refs)}`,
  disabilityNone: () => 'No member has a disability certificate',

  disasterYes: () =>
    'The household was hit by a natural disaster: relief covers emergency living support, transitional support and rebuilding of damaged homes',
  disasterNo: () => 'No natural disaster was reported',

  eventSudden: () => 'The household faces a sudden event, accident or serious illness that makes daily life hard for now',
  eventDisaster: () => 'The household was hit by a natural disaster',
  temporaryHighIncome: (income: number, e: EdgeLineInfo) =>
    `Household income per person is ${m(income)} yuan a month, above ${enEdgeLine(e)}; in an emergency the office may simplify the check and help first, depending on the case`,
  temporaryNoEvent: () => 'No sudden event, accident or disaster was reported',
  flipTemporary: () =>
    'If a sudden event, accident or serious illness made daily life hard for now, temporary assistance would likely apply',

  vagrantInfo: () =>
    'This item is for people away from home who are stranded without means; in that case go to the local assistance station or call 110',

  electricityYes: () => 'Dibao and tekun recipients get a reduction of the electricity bill',
  electricityNo: () => 'The electricity reduction is only for dibao and tekun recipients',

  funeralPossible: () =>
    'When a member of a low-income household dies, basic funeral services are free; apply when needed',
  funeralNo: () => 'Free basic funeral services are for dibao, tekun and other low-income households',

  twoCancersPossible: (refs: MemberRef[]) =>
    `Women of low-income households diagnosed with cervical or breast cancer can get this aid; the questionnaire does not ask the diagnosis, so please check: ${enList(refs)}`,
  twoCancersSexUnknown: (refs: MemberRef[]) =>
    `This aid is only for women diagnosed with cervical or breast cancer; no sex was given, so please check: ${enList(refs)}`,
  twoCancersNo: () =>
    'This aid is for women of low-income households diagnosed with cervical or breast cancer; from your answers no member may qualify',

  childRehabYoung: (refs: MemberRef[]) => `Disabled children aged 0–6 can get rehabilitation aid: ${enList(refs)}`,
  childRehabOlder: (refs: MemberRef[]) =>
    `Disabled children aged 7–17: many places extend rehabilitation aid to older children, ask the Disabled Persons' Federation: ${enList(refs)}`,
  childRehabNone: () => 'There is no disabled child under 18 in the household',

  orphanPossible: (refs: MemberRef[]) =>
    `A minor has no capable carer and their parents are absent or themselves seriously ill or severely disabled, so may be an orphan or a child without carers; Civil Affairs must confirm: ${enList(refs)}`,
  orphanNone: () => 'No minor without parents and without a capable carer was found',
}

export const MESSAGES: Record<Lang, Messages> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en }
