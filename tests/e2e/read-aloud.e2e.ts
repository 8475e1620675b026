import type { Page } from '@playwright/test'
import { seriousViolations } from './axe'
import { expect, saveScreenshot, step, test } from './fixtures'

// Issue #7, 长辈版: read aloud (语音播报) and plain words. Headless Chromium on Debian has no
// speech voices, so the page gets a stand-in speechSynthesis whose Mandarin voice arrives a
// moment after loading (as in Chrome); it records what would have been said.

interface SpeechLog { spoken: { text: string, lang: string, voice: string, rate: number }[], cancels: number }

/**
 * Runs in the page before the app: a speechSynthesis with voices en-US, zh-HK and (after 300 ms)
 * zh-CN. Plain JavaScript, so that nothing the TypeScript compiler adds is missing in the page.
 */
const FAKE_SPEECH = `(() => {
  const log = { spoken: [], cancels: 0 }
  const voices = [
    { name: 'English', lang: 'en-US', localService: true, default: true, voiceURI: 'en' },
    { name: 'Sinji', lang: 'zh-HK', localService: true, default: false, voiceURI: 'yue' },
  ]
  function Utterance(text) {
    this.text = text
    this.voice = null
    this.lang = ''
    this.rate = 1
    this.onend = null
    this.onerror = null
  }
  let pending = []
  const synth = new EventTarget()
  synth.getVoices = () => voices
  synth.speak = (u) => {
    log.spoken.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : '', rate: u.rate })
    pending.push(u)
  }
  synth.cancel = () => {
    log.cancels++
    const cut = pending
    pending = []
    setTimeout(() => cut.forEach(u => u.onerror && u.onerror({ error: 'interrupted' })), 0)
  }
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true })
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true })
  window.speechLog = log
  setTimeout(() => {
    voices.push({ name: 'Tingting', lang: 'zh-CN', localService: true, default: false, voiceURI: 'zh' })
    synth.dispatchEvent(new Event('voiceschanged'))
  }, 300)
})()`

async function speechLog(page: Page): Promise<SpeechLog> {
  return page.evaluate(() => (window as unknown as { speechLog: SpeechLog }).speechLog)
}

async function lastSpoken(page: Page): Promise<string> {
  return (await speechLog(page)).spoken.at(-1)?.text ?? ''
}

async function next(page: Page, heading: string) {
  await page.getByRole('button', { name: '下一步' }).click()
  await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible()
}

async function answer(page: Page, question: string | RegExp, option: string) {
  await page.getByRole('group', { name: question }).getByRole('radio', { name: option, exact: true }).check()
}

test.describe('read aloud and plain words (长辈版)', () => {
  test('reads a question and a result in Mandarin, explains an item in plain words, and shows no speaker without a voice', async ({ context, page, newContext }) => {
    await context.addInitScript(FAKE_SPEECH)
    await context.addInitScript(() => localStorage.setItem('xfm.elderMode', 'true'))

    await step(page, 'read-aloud-question', async () => {
      await page.goto('/diagnosis')
      await expect(page.getByRole('heading', { level: 2, name: '您在哪个地区？' })).toBeVisible()
      const question = page.getByRole('button', { name: '朗读：这一题' }).first()
      await expect(question).toBeVisible() // once the Mandarin voice has arrived
      const box = await question.boundingBox()
      expect(box?.width, 'a 60 px target in 长辈版').toBeGreaterThanOrEqual(60)
      expect(box?.height, 'a 60 px target in 长辈版').toBeGreaterThanOrEqual(60)
      await question.click()
      await expect(question).toHaveAttribute('aria-pressed', 'true')
      const said = await lastSpoken(page)
      expect(said).toMatch(/^选择地区/)
      expect(said).toContain('其他地区')
      const { spoken } = await speechLog(page)
      expect({ lang: spoken[0].lang, voice: spoken[0].voice }).toEqual({ lang: 'zh-CN', voice: 'Tingting' })
      expect(spoken[0].rate).toBeLessThan(1)
      // Pressed again: it stops.
      await question.click()
      await expect(question).toHaveAttribute('aria-pressed', 'false')
      await page.getByRole('button', { name: '朗读：您在哪个地区？' }).click()
      expect(await lastSpoken(page)).toBe('您在哪个地区？救助标准各地不同，请选择户籍所在地区。')
      await saveScreenshot(page, 'read-aloud-question', { fullPage: false })
    })

    await step(page, 'read-aloud-to-result', async () => {
      await page.getByRole('radio', { name: '其他地区' }).check()
      await page.getByLabel('地区代码').fill('330106')
      await next(page, '家里有哪些人？')
      await page.getByLabel('年龄').fill('72')
      await answer(page, '性别', '男')
      await next(page, '现在享受哪些救助？')
      // The choices are policy words too: tapping 特困供养 explains it and leaves its box unticked.
      await page.getByRole('button', { name: '特困供养' }).click()
      await expect(page.getByText('没有劳动能力、没有收入、也没有子女等人能养').first()).toBeVisible()
      await expect(page.getByRole('checkbox', { name: /特困供养/ })).not.toBeChecked()
      expect(await seriousViolations(page)).toEqual([])
      await next(page, '每人收入多少？')
      await page.getByLabel('收入', { exact: true }).fill('600')
      await next(page, '身体和劳动能力')
      await answer(page, '能参加劳动吗？', '否')
      await answer(page, '患有重病吗？', '是')
      await next(page, '有没有人赡养或抚养')
      await answer(page, /有能力赡养或抚养/, '否')
      await next(page, '家庭财产')
      await page.getByLabel('全家存款').fill('3000')
      await answer(page, /其他住房/, '否')
      await next(page, '看病、上学的花费')
      await page.getByLabel('看病花费', { exact: true }).fill('200')
      await next(page, '最近遇到急难了吗？')
      await answer(page, /突发事件/, '否')
      await answer(page, /自然灾害/, '否')
      await next(page, '住房情况')
      await answer(page, '您家现在住得怎么样？', '住房基本够用')
      await page.getByRole('button', { name: '查看结果' }).click()
      await expect(page.getByRole('heading', { level: 1, name: '自诊结果' })).toBeVisible()
    })

    await step(page, 'read-aloud-result', async () => {
      const dibao = page.getByRole('article', { name: '最低生活保障（低保）' })
      await dibao.getByRole('button', { name: '朗读：这一项结果' }).click()
      const said = await lastSpoken(page)
      expect(said).toMatch(/^最低生活保障（低保），很可能符合，为什么，/)
      expect(said).toContain('家庭人均月收入 600 元，低于本地低保标准 886 元')
      expect(said, 'what to bring is not read').not.toContain('申请人身份证')

      // Plain words: the name opens its explanation below the heading; Escape closes it.
      const term = dibao.getByRole('button', { name: '最低生活保障（低保）' })
      await term.click()
      await expect(term).toHaveAttribute('aria-expanded', 'true')
      await expect(page.locator(`#${await term.getAttribute('aria-controls')}`)).toContainText(/政府每月发钱保基本生活/)
      expect(await seriousViolations(page)).toEqual([])
      await term.press('Escape')
      await expect(term).toHaveAttribute('aria-expanded', 'false')
      await saveScreenshot(page, 'read-aloud-result', { fullPage: false })

      // Leaving the page ends the reading.
      await dibao.getByRole('button', { name: '朗读：这一项结果' }).click()
      const before = (await speechLog(page)).cancels
      await page.getByRole('button', { name: '修改答案' }).click()
      await expect(page.getByRole('heading', { level: 2, name: '住房情况' })).toBeVisible()
      expect((await speechLog(page)).cancels).toBeGreaterThan(before)
    })

    // Chromium as it comes: no Mandarin voice, so no speaker buttons.
    const plain = await (await newContext()).newPage()
    await step(plain, 'read-aloud-no-voice', async () => {
      await plain.goto('/diagnosis')
      await expect(plain.getByRole('heading', { level: 2, name: '您在哪个地区？' })).toBeVisible()
      // The speakers follow the voices the browser has (and any that arrive with voiceschanged):
      // none here, so none may show. Asked after the page drew its first question.
      expect(await plain.evaluate(() => speechSynthesis.getVoices().filter(v => /^(?:zh|cmn)/i.test(v.lang)).length)).toBe(0)
      await expect(plain.getByRole('button', { name: /^朗读/ })).toHaveCount(0)
    })
  })
})
