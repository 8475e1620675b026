import { describe, expect, it } from 'vitest'
import { noteText, notificationText, residentTodo } from './texts'

describe('texts for residents', () => {
  it('should word a stored notification with its item, status and date in the reader\'s language', () => {
    expect(notificationText('zh-CN', 'approved', { item: 'medical', startDate: '2026-03-05' })).toBe('“医疗救助”已批准，自 2026年3月5日 起执行')
    expect(notificationText('zh-TW', 'back', { item: 'medical', status: 'reviewing' })).toBe('“醫療救助”已收到補充材料，恢復為“審核中”')
    expect(notificationText('en', 'application_submitted', { number: 'A-1', count: 2 })).toBe('Application A-1 was submitted with 2 item(s)')
  })

  it('should say "a volunteer" in the reader\'s language when whoever claimed a small wish has no organisation', () => {
    expect(notificationText('en', 'need_claimed', { description: 'A school bag', organisation: null })).toBe('Your small wish "A school bag" was claimed by a volunteer')
    expect(notificationText('zh-CN', 'need_claimed', { description: '书包', organisation: '和美村志愿服务队' })).toBe('您的微心愿“书包”已由和美村志愿服务队认领')
  })

  it('should show the code of a notification it no longer knows rather than fail', () => {
    expect(notificationText('en', 'retired_code', {})).toBe('retired_code')
  })

  it('should word system notes by code and keep a person\'s note as written', () => {
    expect(noteText('en', 'hardship_confirmed', null)).toBe('Civil Affairs confirmed the hardship status: this item has started')
    expect(noteText('en', null, '请补充')).toBe('请补充')
  })

  it('should ask for more information only while a case waits for it', () => {
    expect(residentTodo('zh-CN', 'need_more_info', '工资流水')).toBe('请补充材料：工资流水')
    expect(residentTodo('zh-CN', 'reviewing', null)).toBeNull()
  })
})
