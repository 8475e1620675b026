/**
 * The messages we send, each with its parameters. Real providers in China send only pre-approved
 * templates under an approved signature, so callers name a template and give its parameters; the
 * provider's template code for each name comes from configuration (see server/config.ts).
 */
export interface SmsTemplates {
  sign_in_code: { code: string, minutes: number }
}

export type SmsTemplateName = keyof SmsTemplates

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
