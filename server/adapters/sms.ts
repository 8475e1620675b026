/**
 * The messages we send, each with its parameters. Real providers in China send only pre-approved
 * templates under an approved signature, so callers name a template and give its parameters; the
 * provider's template code for each name comes from configuration (see server/config.ts).
 */
export interface SmsTemplates {
  sign_in_code: { code: string, minutes: number }
  // News of a case and invitations to apply (issue #19), each with the link to its page (PUBLIC_URL
  // and a path of ours): no item, amount, illness or reason (src/domain/notify/messages.ts).
  case_accepted: { link: string }
  case_needs_info: { link: string }
  case_approved: { link: string }
  case_rejected: { link: string }
  invitation: { link: string }
}

export type SmsTemplateName = keyof SmsTemplates

/** The templates of case news and invitations: every one of them takes only the link. */
export type NotificationSmsTemplate = Exclude<SmsTemplateName, 'sign_in_code'>

/** One message: a template and its parameters. */
export type SmsMessage = { [K in SmsTemplateName]: { template: K, params: SmsTemplates[K] } }[SmsTemplateName]

/**
 * The signature (签名) the provider puts before every message. Like the templates below it stays
 * here, not in server/locales: the provider approves one wording, in one language, and sends only that.
 */
export const SMS_SIGNATURE = '幸福码'

/**
 * Each template's wording, verbatim as registered with the provider (where `{name}` is written
 * `${name}`), so not translated. The outbox of the demo renders it locally; a real provider renders
 * its approved copy.
 */
export const SMS_TEMPLATE_TEXT: Record<SmsTemplateName, string> = {
  sign_in_code: '您的登录验证码是 {code}，{minutes} 分钟内有效。如非本人操作，请忽略本短信。',
  // Short, and the same few words whoever reads the phone: that there is news of the household's
  // 社会救助, and where to read it after signing in. Nothing that a lock screen should not show.
  case_accepted: '您的社会救助申请已受理，详情请查看 {link}',
  case_needs_info: '您的社会救助申请需要补充材料，请查看 {link}',
  case_approved: '您申请的一项社会救助已批准，详情请查看 {link}',
  case_rejected: '您申请的一项社会救助未获批准，详情请查看 {link}',
  invitation: '工作人员核实了您家的情况，您家可能可以申请社会救助，请查看 {link}',
}

/** The message as the phone shows it: signature, then the template with its parameters filled in. */
export function renderSms(message: SmsMessage): string {
  const params: Record<string, string | number> = message.params
  const body = SMS_TEMPLATE_TEXT[message.template].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]))
  return `【${SMS_SIGNATURE}】${body}`
}

/** Sends a templated text message. sms-aliyun.ts talks to a real provider; mock/ has a local outbox. */
export interface SmsGateway {
  send: (phone: string, message: SmsMessage) => Promise<void>
}
