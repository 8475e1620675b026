import type { CaseAction, CaseStatus } from '../src/domain/application/case-status'
import type { ErrorCode } from '../src/domain/http/errors'
import { CASE_ACTION_NAMES, CASE_STATUS_NAMES } from '../src/domain/application/labels'

export type Lang = 'zh-CN' | 'en'

/** The client says which language it shows; anything not English gets Chinese. */
export function langOf(acceptLanguage: string | undefined): Lang {
  return acceptLanguage?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN'
}

const MESSAGES: Record<Lang, Record<ErrorCode, string>> = {
  'zh-CN': {
    validation_failed: '{field}填写有误',
    invalid_mobile: '{field}格式不正确，请输入 11 位手机号',
    invalid_id_number: '{field}不正确，请核对 18 位身份证号',
    invalid_sms_code: '{field}应为 6 位数字',
    not_found: '没有找到您要的内容',
    unauthenticated: '请先登录',
    forbidden: '您没有权限进行此操作',
    csrf_failed: '页面已过期，请刷新后重试',
    rate_limited: '操作太频繁，请 {seconds} 秒后再试',
    sms_code_wrong: '验证码不正确，还可以再试 {left} 次',
    sms_code_expired: '验证码已过期，请重新获取',
    sms_code_locked: '验证码错误次数过多，请重新获取',
    login_failed: '用户名或密码不正确',
    household_not_found: '没有找到与该身份证号和姓名相符的户籍信息，请核对后再试',
    household_already_bound: '您已绑定家庭，如需更换请联系村（社区）工作人员',
    conflict: '数据已被修改，请刷新后重试',
    authorisation_missing: '{field}不全：每位成年家庭成员都要签署家庭经济状况核对授权书',
    applicant_not_member: '{field}中须有且只有一位“本人”，其身份证号与申请人一致',
    duplicate_member: '{field}中有重复的身份证号',
    invalid_signature: '{field}无效，请重新手写签名',
    invalid_attachment: '{field}无效：只接受不超过 500 KB 的 JPEG、PNG 或 WebP 图片，且须是您家庭上传、尚未使用的材料',
    invalid_feed_credential: '接口凭证无效或已停用',
    feed_rejected: '推送的记录有误，本批次未保存：共 {count} 处错误',
    import_rejected: '文件有误，未导入：共 {count} 处错误',
    unknown_member: '{field}不是本地登记的家庭成员',
    unknown_item: '{field}不是已知的救助事项',
    invalid_amount: '{field}应为不小于 0 的金额（以分为单位的整数，或最多两位小数的元）',
    mixed_households: '{field}中的成员不属于同一户',
    duplicate_record: '{field}在本批次中重复',
    invalid_household_code: '这个幸福码无效或已作废，请让住户打开最新的幸福码',
    invalid_visit_time: '{field}不正确',
    invalid_photo: '照片无效：只接受不超过 500 KB 的 JPEG 照片，请重新选择',
    internal: '服务器出了点问题，请稍后再试，您填写的内容已保留',
    network_error: '网络连接失败，请检查网络后重试',
  },
  'en': {
    validation_failed: '{field} is not valid',
    invalid_mobile: '{field} must be an 11-digit mainland mobile number',
    invalid_id_number: '{field} is not a valid 18-character resident ID number',
    invalid_sms_code: '{field} must be 6 digits',
    not_found: 'Nothing was found here',
    unauthenticated: 'Please sign in first',
    forbidden: 'You are not allowed to do this',
    csrf_failed: 'This page has expired. Please reload and try again',
    rate_limited: 'Too many attempts. Please try again in {seconds} seconds',
    sms_code_wrong: 'The code is wrong. {left} tries left',
    sms_code_expired: 'The code has expired. Please request a new one',
    sms_code_locked: 'Too many wrong codes. Please request a new one',
    login_failed: 'Wrong username or password',
    household_not_found: 'No registered household matches this ID number and name. Please check them',
    household_already_bound: 'You are already linked to a household. Ask your village office to change it',
    conflict: 'The data changed meanwhile. Please reload and try again',
    authorisation_missing: '{field} incomplete: every adult member must sign the authorisation for the household economic check',
    applicant_not_member: '{field} must list the applicant exactly once, as "self" with the same ID number',
    duplicate_member: '{field} lists the same ID number twice',
    invalid_signature: '{field} is not a valid drawn signature. Please sign again',
    invalid_attachment: '{field} is not accepted: only JPEG, PNG or WebP images up to 500 KB, uploaded by your household and not used yet',
    invalid_feed_credential: 'The feed credential is not valid or was revoked',
    feed_rejected: 'The records have errors; nothing of this batch was stored ({count} errors)',
    import_rejected: 'The file has errors; nothing was imported ({count} errors)',
    unknown_member: '{field} is not a registered household member',
    unknown_item: '{field} is not a known assistance item',
    invalid_amount: '{field} must be an amount of at least 0 (integer fen, or yuan with at most 2 decimals)',
    mixed_households: '{field} lists members of more than one household',
    duplicate_record: '{field} appears twice in this batch',
    invalid_household_code: 'This happiness code is not valid or was replaced. Ask the household to open their latest code',
    invalid_visit_time: '{field} is not valid',
    invalid_photo: 'The photo is not accepted: only JPEG photos up to 500 KB. Please pick it again',
    internal: 'Something went wrong on our side. Please try again later; what you typed is kept',
    network_error: 'No connection. Please check the network and try again',
  },
}

/**
 * More precise wordings for some errors: the code stays the stable one (conflict, forbidden),
 * the message says why.
 */
const DETAIL_MESSAGES = {
  'zh-CN': {
    invalid_transition: '该事项当前为“{status}”，不能{action}',
    check_not_authorised: '尚未取得每位成年家庭成员签署的家庭经济状况核对授权书，不能核对',
    household_required: '请先绑定您的家庭，再提交申请',
    applicant_not_in_household: '申请人须是您已绑定家庭的成员',
    body_too_large: '提交的内容过大，请减少或压缩照片后重试',
    household_code_requires_household: '请先绑定您的家庭，才能查看幸福码',
    signing_key_not_retirable: '这个密钥不能停用：它不存在、已停用，或是正在使用的最新密钥（请先轮换）',
    household_id_required: '请指明要重新生成幸福码的家庭',
    need_invalid_transition: '这个微心愿当前为“{state}”，不能{step}',
    need_already_claimed: '这个微心愿刚被其他志愿者认领了',
    need_not_claimer: '只有认领这个微心愿的志愿者才能这样做',
    need_outside_area: '这户不在您负责的区域，不能代为发布微心愿',
    visit_in_future: '探访时间晚于现在，请检查手机的日期和时间后重新填写',
    visit_too_old: '这次探访已超过 {days} 天，不能再补录，请联系镇（街道）民政',
    household_outside_area: '这户不在您负责的区域。如需探访，请镇（街道）民政为您分配该村（社区）',
    visit_client_id_taken: '这条探访记录的编号已被他人的记录使用，未保存，请重新填写',
    area_outside_staff_area: '{field}中有不存在或不在您管辖范围内的区域',
  },
  'en': {
    invalid_transition: 'Not possible now: the item is "{status}", so you cannot {action} it',
    check_not_authorised: 'The economic check needs the signed authorisation of every adult member; some are missing',
    household_required: 'Please link your household before you apply',
    applicant_not_in_household: 'The applicant must be a member of the household you are linked to',
    body_too_large: 'What was sent is too large. Please send fewer or smaller photos',
    household_code_requires_household: 'Please link your household to see its happiness code',
    signing_key_not_retirable: 'This key cannot be retired: it does not exist, is retired already, or is the newest key in use (rotate first)',
    household_id_required: 'Please say which household\'s code to regenerate',
    need_invalid_transition: 'Not possible now: this need is {state}, so you cannot {step} it',
    need_already_claimed: 'Another volunteer has just claimed this need',
    need_not_claimer: 'Only the volunteer who claimed this need can do this',
    need_outside_area: 'This household is not in your area, so you cannot post a need for it',
    visit_in_future: 'The visit is dated in the future. Please check the phone\'s date and time and enter it again',
    visit_too_old: 'This visit is more than {days} days old and can no longer be recorded. Please contact the town civil affairs office',
    household_outside_area: 'This household is not in your area. To visit it, ask the town civil affairs office to assign you its village',
    visit_client_id_taken: 'This visit\'s id is already used by another person\'s record; it was not stored. Please enter it again',
    area_outside_staff_area: '{field} lists an area that does not exist or is outside your area',
  },
} satisfies Record<Lang, Record<string, string>>

export type DetailMessage = keyof typeof DETAIL_MESSAGES['zh-CN']

// Self-diagnosis answers: a member's field is named by its leaf (members.0.age → 年龄).
const DIAGNOSIS_LABELS: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    region: '地区',
    receiving: '正在享受的救助',
    members: '家庭成员',
    relation: '与申请人的关系',
    age: '年龄',
    monthlyIncome: '月收入',
    canWork: '劳动能力',
    disabilityGrade: '残疾等级',
    seriousIllness: '重病情况',
    student: '在学情况',
    unemployed: '失业情况',
    hasCapableSupporter: '赡养抚养义务人情况',
    jobStartedMonthsAgo: '就业月数',
    assets: '家庭财产',
    depositsPerCapita: '人均存款',
    vehicles: '机动车数量',
    extraHousing: '多余住房',
    monthlyRigidExpenses: '刚性支出',
    medical: '医疗支出',
    education: '教育支出',
    events: '突发情况',
    suddenHardship: '突发困难',
    disaster: '自然灾害',
    housing: '住房情况',
  },
  'en': {
    region: 'Region',
    receiving: 'Assistance received',
    members: 'Household members',
    relation: 'Relation',
    age: 'Age',
    monthlyIncome: 'Monthly income',
    canWork: 'Ability to work',
    disabilityGrade: 'Disability grade',
    seriousIllness: 'Serious illness',
    student: 'School stage',
    unemployed: 'Unemployment',
    hasCapableSupporter: 'Legal supporter',
    jobStartedMonthsAgo: 'Months in the job',
    assets: 'Assets',
    depositsPerCapita: 'Savings per person',
    vehicles: 'Number of vehicles',
    extraHousing: 'Extra housing',
    monthlyRigidExpenses: 'Rigid expenses',
    medical: 'Medical costs',
    education: 'Education costs',
    events: 'Emergencies',
    suddenHardship: 'Sudden hardship',
    disaster: 'Natural disaster',
    housing: 'Housing',
  },
}

// Care visits (issue #6).
const VISIT_LABELS: Record<Lang, Record<string, string>> = {
  'zh-CN': { clientId: '探访记录编号', token: '幸福码', visitedAt: '探访时间', observations: '六个方面的情况', dimension: '方面', level: '情况', urgent: '紧急需求', urgentNote: '紧急需求说明', notes: '探访记录', photo: '照片', location: '位置', lat: '纬度', lng: '经度', accuracyM: '定位精度', areaCodes: '服务区域' },
  'en': { clientId: 'Visit id', token: 'Happiness code', visitedAt: 'Time of the visit', observations: 'Observations on the six dimensions', dimension: 'Dimension', level: 'Level', urgent: 'Urgent need', urgentNote: 'Urgent need', notes: 'Visit notes', photo: 'Photo', location: 'Location', lat: 'Latitude', lng: 'Longitude', accuracyM: 'Location accuracy', areaCodes: 'Service areas' },
}

// Applications, attachments, staff decisions, enquiries (issue #4).
const APPLICATION_LABELS: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    idempotencyKey: '提交编号',
    applicant: '申请人',
    address: '住址',
    items: '申请事项',
    reason: '理由',
    attachmentIds: '材料照片',
    authorisations: '核对授权书',
    agreedAt: '签署时间',
    signature: '签名',
    diagnosis: '自诊结果',
    type: '图片类型',
    data: '图片',
    draft: '草稿',
    text: '补充说明',
    note: '备注',
    monthlyAmount: '每月金额',
    startDate: '开始日期',
    action: '操作',
    target: '查看内容',
    memberIndex: '家庭成员序号',
    number: '申请编号',
    idSuffix: '身份证号后 6 位',
    ids: '通知',
    item: '事项',
    status: '状态',
    overdue: '是否逾期',
    // Happiness list (issue #5): feed records and CSV columns.
    externalId: '记录编号',
    external_id: '记录编号',
    idNumbers: '成员身份证号',
    id_numbers: '成员身份证号',
    kind: '类别',
    amountFen: '金额',
    amount_yuan: '金额',
    quantity: '数量',
    unit: '单位',
    period: '所属期间',
    paidOn: '发放日期',
    paid_on: '发放日期',
    reference: '备注编号',
    department: '部门',
    records: '记录',
    csv: '文件内容',
    quarter: '季度',
    year: '年份',
    member: '家庭成员',
  },
  'en': {
    idempotencyKey: 'Submission key',
    applicant: 'Applicant',
    address: 'Address',
    items: 'Items applied for',
    reason: 'Reason',
    attachmentIds: 'Document photos',
    authorisations: 'Authorisations for the economic check',
    agreedAt: 'Time of signing',
    signature: 'Signature',
    diagnosis: 'Self-diagnosis result',
    type: 'Image type',
    data: 'Image',
    draft: 'Draft',
    text: 'Answer',
    note: 'Note',
    monthlyAmount: 'Monthly amount',
    startDate: 'Start date',
    action: 'Action',
    target: 'What to reveal',
    memberIndex: 'Member number',
    number: 'Application number',
    idSuffix: 'Last 6 characters of the ID number',
    ids: 'Notifications',
    item: 'Item',
    status: 'Status',
    overdue: 'Overdue',
    externalId: 'Record id',
    external_id: 'Record id',
    idNumbers: 'Member ID numbers',
    id_numbers: 'Member ID numbers',
    kind: 'Kind',
    amountFen: 'Amount',
    amount_yuan: 'Amount',
    quantity: 'Quantity',
    unit: 'Unit',
    period: 'Period',
    paidOn: 'Date paid',
    paid_on: 'Date paid',
    reference: 'Reference',
    department: 'Department',
    records: 'Records',
    csv: 'File content',
    quarter: 'Quarter',
    year: 'Year',
    member: 'Member',
  },
}

// Small needs (issue #6).
const NEED_LABELS: Record<Lang, Record<string, string>> = {
  'zh-CN': { category: '类别', description: '需求描述', rating: '评分', comment: '评价' },
  'en': { category: 'Category', description: 'Description', rating: 'Rating', comment: 'Comment' },
}

/** Human names of request fields, so that a validation message says which box is wrong. */
const FIELD_LABELS: Record<Lang, Record<string, string>> = {
  'zh-CN': { phone: '手机号', code: '验证码', idNumber: '身份证号', name: '姓名', username: '用户名', password: '密码', ...DIAGNOSIS_LABELS['zh-CN'], ...APPLICATION_LABELS['zh-CN'], ...VISIT_LABELS['zh-CN'], ...NEED_LABELS['zh-CN'] },
  'en': { phone: 'Mobile number', code: 'Code', idNumber: 'ID number', name: 'Name', username: 'Username', password: 'Password', ...DIAGNOSIS_LABELS.en, ...APPLICATION_LABELS.en, ...VISIT_LABELS.en, ...NEED_LABELS.en },
}

/** The label of a field path: its last named part (authorisations.1 → 核对授权书, members.0.name → 姓名). */
export function fieldLabel(lang: Lang, field: string): string {
  const leaf = field.split('.').filter(part => !/^\d+$/.test(part)).pop() ?? field
  return FIELD_LABELS[lang][leaf] ?? field
}

export function message(lang: Lang, code: ErrorCode | DetailMessage, params: Record<string, string | number> = {}): string {
  const template = code in DETAIL_MESSAGES[lang] ? DETAIL_MESSAGES[lang][code as DetailMessage] : MESSAGES[lang][code as ErrorCode]
  return template.replace(/\{(\w+)\}/g, (_, k: string) => localizedParam(lang, k, params[k]))
}

/** Case statuses and actions travel as codes and are named in the reader's language. */
function localizedParam(lang: Lang, key: string, value: string | number | undefined): string {
  if (key === 'status' && typeof value === 'string' && value in CASE_STATUS_NAMES)
    return CASE_STATUS_NAMES[value as CaseStatus][lang]
  if (key === 'action' && typeof value === 'string' && value in CASE_ACTION_NAMES)
    return CASE_ACTION_NAMES[value as CaseAction][lang]
  return String(value ?? '')
}

export function isErrorCode(value: string): value is ErrorCode {
  return value in MESSAGES['zh-CN']
}
