import { describe, expect, it } from 'vitest'
import { OutboxSmsGateway } from '../../mock/sms'
import { smsCodeIn } from '../../src/domain/sms-code'
import { renderSms } from './sms'

describe('sms templates', () => {
  it('should render the sign-in template with its signature and parameters when the outbox sends it', async () => {
    const outbox = new OutboxSmsGateway()
    await outbox.send('13912345678', { template: 'sign_in_code', params: { code: '042517', minutes: 5 } })
    const text = outbox.latestFor('13912345678')!.text
    expect(text).toBe('【幸福码】您的登录验证码是 042517，5 分钟内有效。如非本人操作，请忽略本短信。')
    expect(smsCodeIn(text)).toBe('042517')
    expect(renderSms({ template: 'sign_in_code', params: { code: '000001', minutes: 10 } })).toContain('000001，10 分钟')
  })
})
