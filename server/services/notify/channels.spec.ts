import type { SendSmsRequest } from '@alicloud/dysmsapi20170525'
import { describe, expect, it, vi } from 'vitest'
import { AliyunSmsGateway } from '../../adapters/sms-aliyun'
import { notificationSmsAvailable, readConfig, readSmsProvider } from '../../config'
import { AppError } from '../../errors'

// Which channels case news can use (issue #19): texts need the provider's templates for them
// (all of them or none), or the demo outbox.

const ALIYUN = {
  SMS_PROVIDER: 'aliyun',
  ALIYUN_SMS_ACCESS_KEY_ID: 'id',
  ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
  ALIYUN_SMS_SIGN_NAME: '幸福码',
  ALIYUN_SMS_TEMPLATE_SIGN_IN: 'SMS_1',
}
const NEWS = {
  ALIYUN_SMS_TEMPLATE_CASE_ACCEPTED: 'SMS_2',
  ALIYUN_SMS_TEMPLATE_CASE_NEEDS_INFO: 'SMS_3',
  ALIYUN_SMS_TEMPLATE_CASE_APPROVED: 'SMS_4',
  ALIYUN_SMS_TEMPLATE_CASE_REJECTED: 'SMS_5',
  ALIYUN_SMS_TEMPLATE_INVITATION: 'SMS_6',
}

describe('texts of case news: configuration', () => {
  it('should send them through the demo outbox, through a provider with every template, and not otherwise', () => {
    expect(notificationSmsAvailable(readConfig({ NODE_ENV: 'test', DEMO: '1' }))).toBe(true)
    expect(notificationSmsAvailable(readConfig({ NODE_ENV: 'test', ...ALIYUN, ...NEWS }))).toBe(true)
    expect(notificationSmsAvailable(readConfig({ NODE_ENV: 'test', ...ALIYUN }))).toBe(false)
    expect(notificationSmsAvailable(readConfig({ NODE_ENV: 'test' }))).toBe(false)
  })

  it('should read the templates beside the sign-in one', () => {
    expect(readSmsProvider({ ...ALIYUN, ...NEWS })?.templateCodes).toEqual({ sign_in_code: 'SMS_1', case_accepted: 'SMS_2', case_needs_info: 'SMS_3', case_approved: 'SMS_4', case_rejected: 'SMS_5', invitation: 'SMS_6' })
  })

  it.each(Object.keys(NEWS))('should refuse to start naming %s when the other templates are set without it', (name) => {
    expect(() => readSmsProvider({ ...ALIYUN, ...NEWS, [name]: '' })).toThrow(name)
  })
})

describe('texts of case news through Aliyun', () => {
  const config = { provider: 'aliyun' as const, accessKeyId: 'id', accessKeySecret: 'secret', signName: '幸福码', templateCodes: { sign_in_code: 'SMS_1', case_accepted: 'SMS_2' }, endpoint: '127.0.0.1:1', protocol: 'http' as const }

  it('should send the template of the news with the link as its one parameter', async () => {
    const gateway = new AliyunSmsGateway(config)
    const sendSms = vi.spyOn((gateway as unknown as { client: { sendSms: (r: SendSmsRequest) => Promise<unknown> } }).client, 'sendSms').mockResolvedValue({ body: { code: 'OK' } })
    await gateway.send('13800138000', { template: 'case_accepted', params: { link: 'https://xingfu.example.gov.cn/progress/a1' } })
    const request = sendSms.mock.calls[0]![0]
    expect(request).toMatchObject({ phoneNumbers: '13800138000', signName: '幸福码', templateCode: 'SMS_2' })
    expect(JSON.parse(request.templateParam!)).toEqual({ link: 'https://xingfu.example.gov.cn/progress/a1' })
  })

  it('should refuse a template it has no code for, without calling the provider', async () => {
    const gateway = new AliyunSmsGateway(config)
    const sendSms = vi.spyOn((gateway as unknown as { client: { sendSms: () => Promise<unknown> } }).client, 'sendSms')
    const error = await gateway.send('13800138000', { template: 'invitation', params: { link: 'https://xingfu.example.gov.cn/' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ statusCode: 503, detail: 'sms_unavailable' })
    expect(sendSms).not.toHaveBeenCalled()
  })
})
