import type { DbKind } from '../../db'
import type { TestApp } from '../applications/test-builders'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'
import { HOUSEHOLD, JPEG_BASE64, PNG_BASE64, residentOf, staffClient, unboundResident } from '../applications/test-builders'

const JPEG = `data:image/jpeg;base64,${JPEG_BASE64}`
/** A fresh database, four residents and four staff sign-ins (password hashing) take a while on a busy machine. */
const SETUP_TIMEOUT_MS = 60_000
/** Says JPEG, is a PNG: the server must look at the bytes. */
const FAKE_JPEG = `data:image/jpeg;base64,${PNG_BASE64}`

describe.each(TEST_DIALECTS)('needs API on %s', (kind: DbKind) => {
  let t: TestApp
  let li: TestClient
  let liSpouse: TestClient
  let zhao: TestClient
  let volunteer: TestClient
  let shegong: TestClient
  let town: TestClient
  let town2: TestClient

  const post = (client: TestClient, body: object = {}) => client.post('/api/needs', { category: 'goods', description: '需要一袋大米', ...body })
  const postOk = async (client: TestClient, body: object = {}) => {
    const res = await post(client, body)
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { id: string, status: string }
  }
  const audits = (action: string) => t.db.kysely.selectFrom('audit_log').select(['actor_role', 'subject_type', 'subject_id', 'detail']).where('action', '=', action).execute()

  beforeAll(async () => {
    t = await createTestApp(kind)
    li = await residentOf(t, 'li')
    liSpouse = await residentOf(t, 'li')
    zhao = await residentOf(t, 'zhao')
    volunteer = await staffClient(t, 'volunteer')
    shegong = await staffClient(t, 'shegong')
    town = await staffClient(t, 'town')
    town2 = await staffClient(t, 'town2')
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  }, SETUP_TIMEOUT_MS)

  it('should let a resident post a need and see it with its first timeline step', async () => {
    const res = await post(li, { category: 'repair', description: '  屋顶漏雨，想请人看看  ', photo: JPEG })
    expect(res.statusCode).toBe(201)
    const need = res.json()
    expect(need).toMatchObject({
      category: 'repair',
      description: '屋顶漏雨，想请人看看',
      status: 'open',
      hasPhoto: true,
      village: { code: '339901001001', name: '和美村' },
      headName: '李建国',
      postedBy: 'resident',
      claimer: null,
      ownsNeed: true,
      isClaimer: false,
      rating: null,
    })
    expect(need.events).toEqual([{ at: need.createdAt, action: 'post', status: 'open', actorRole: 'resident', actorOrganisation: null, note: null, rating: null, hasPhoto: false }])

    // Everyone linked to the household sees it; the photo comes with the need itself.
    const mine = (await liSpouse.get('/api/needs/mine')).json()
    expect(mine.needs.map((n: { id: string }) => n.id)).toContain(need.id)
    const detail = (await liSpouse.get(`/api/needs/${need.id}`)).json()
    expect(detail).toMatchObject({ id: need.id, photo: JPEG, eventPhotos: [] })
  })

  it('should refuse bad posts: category, empty or long description, photo that is not a JPEG, no household', async () => {
    expect((await post(li, { category: 'money' })).statusCode).toBe(400)
    expect((await post(li, { description: '   ' })).statusCode).toBe(400)
    expect((await post(li, { description: '长'.repeat(201) })).statusCode).toBe(400)
    expect((await post(li, { description: '长'.repeat(200) })).statusCode).toBe(201)
    const fake = await post(li, { photo: FAKE_JPEG })
    expect(fake.statusCode).toBe(400)
    expect(fake.json()).toEqual({ code: 'invalid_photo', message: '照片无效：只接受不超过 500 KB 的 JPEG 照片，请重新选择', field: 'photo' })
    expect((await post(li, { photo: 'data:image/png;base64,AAAA' })).statusCode).toBe(400)
    expect((await post(await unboundResident(t))).statusCode).toBe(403)
    expect((await post(town)).statusCode).toBe(403)
  })

  it('should show a household only its own needs', async () => {
    const need = await postOk(li)
    expect((await zhao.get(`/api/needs/${need.id}`)).statusCode).toBe(404)
    expect((await zhao.post(`/api/needs/${need.id}/cancel`)).statusCode).toBe(404)
    const zhaoNeeds = (await zhao.get('/api/needs/mine')).json().needs as { id: string }[]
    expect(zhaoNeeds.map(n => n.id)).not.toContain(need.id)
  })

  it('should show volunteers the open needs of their area with a masked name and the village only (audited)', async () => {
    const liNeed = await postOk(li, { description: '想要一台旧收音机' })
    const zhaoNeed = await postOk(zhao, { description: '需要帮忙买药' })
    const res = await volunteer.get('/api/needs')
    expect(res.statusCode).toBe(200)
    const { open } = res.json() as { open: { id: string, headName: string, village: { name: string } }[] }
    expect(open.map(n => n.id)).toContain(liNeed.id)
    // 青山村 (长寿镇) is not the volunteer's area.
    expect(open.map(n => n.id)).not.toContain(zhaoNeed.id)
    expect(open.find(n => n.id === liNeed.id)).toMatchObject({ headName: '李**', village: { name: '和美村' }, ownsNeed: false })
    expect(res.body).not.toContain('李建国')
    expect(res.body).not.toContain(HOUSEHOLD.li.address)
    expect(res.body).not.toContain(HOUSEHOLD.li.members[0].idNumber)
    expect((await volunteer.get(`/api/needs/${zhaoNeed.id}`)).statusCode).toBe(404)
    expect((await volunteer.post(`/api/needs/${zhaoNeed.id}/claim`)).statusCode).toBe(404)

    const rows = await audits('need_list_view')
    const mine = rows.filter(r => r.actor_role === 'volunteer')
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.at(-1)).toMatchObject({ subject_type: 'area', subject_id: '339901001001', detail: expect.stringMatching(/^open=\d+; claimed=\d+$/) })
    expect((await volunteer.get(`/api/needs/${liNeed.id}`)).statusCode).toBe(200)
    expect(await audits('need_view')).toContainEqual({ actor_role: 'volunteer', subject_type: 'need', subject_id: liNeed.id, detail: null })
  })

  it('should let exactly one of two volunteers claiming at once win; the other gets 409', async () => {
    const need = await postOk(li)
    const [a, b] = await Promise.all([volunteer.post(`/api/needs/${need.id}/claim`), shegong.post(`/api/needs/${need.id}/claim`)])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
    const loser = a.statusCode === 409 ? a : b
    expect(loser.json()).toEqual({ code: 'conflict', message: '这个微心愿刚被其他志愿者认领了' })
    const claims = await t.db.kysely.selectFrom('need_events').select('action').where('need_id', '=', need.id).where('action', '=', 'claim').execute()
    expect(claims).toHaveLength(1)
    const winner = (a.statusCode === 200 ? a : b).json()
    expect(winner).toMatchObject({ status: 'claimed', isClaimer: true, claimer: { role: a.statusCode === 200 ? 'volunteer' : 'social_worker' } })
  })

  it('should run a need from posted to confirmed, showing who did what to both sides', async () => {
    const need = await postOk(li, { category: 'company', description: '想有人陪老人散步' })
    const claimed = await volunteer.post(`/api/needs/${need.id}/claim`)
    expect(claimed.statusCode).toBe(200)
    expect(claimed.json()).toMatchObject({ status: 'claimed', isClaimer: true, claimer: { role: 'volunteer', organisation: '和美村志愿服务队' } })
    // A claimed need leaves the open list and shows under the volunteer's own.
    const lists = (await volunteer.get('/api/needs')).json()
    expect(lists.open.map((n: { id: string }) => n.id)).not.toContain(need.id)
    expect(lists.claimed.map((n: { id: string }) => n.id)).toContain(need.id)

    // Only the claimer delivers; the resident cannot confirm before delivery.
    expect((await shegong.post(`/api/needs/${need.id}/deliver`, { note: 'x' })).json()).toEqual({ code: 'forbidden', message: '只有认领这个微心愿的志愿者才能这样做' })
    const early = await li.post(`/api/needs/${need.id}/confirm`, { rating: 5 })
    expect(early.statusCode).toBe(409)
    expect(early.json().message).toBe('这个微心愿当前为“已认领”，不能确认评价')
    expect((await volunteer.post(`/api/needs/${need.id}/deliver`, { note: '已陪同', photo: FAKE_JPEG })).statusCode).toBe(400)

    const delivered = await volunteer.post(`/api/needs/${need.id}/deliver`, { note: '周六上午陪老人在村里走了一圈', photo: JPEG })
    expect(delivered.statusCode).toBe(200)
    expect(delivered.json()).toMatchObject({ status: 'delivered' })

    for (const rating of [0, 6, 2.5, '5'])
      expect((await li.post(`/api/needs/${need.id}/confirm`, { rating })).statusCode).toBe(400)
    expect((await li.post(`/api/needs/${need.id}/confirm`, { rating: 5, comment: 'c'.repeat(201) })).statusCode).toBe(400)
    expect((await volunteer.post(`/api/needs/${need.id}/confirm`, { rating: 5 })).statusCode).toBe(403)
    const confirmed = await liSpouse.post(`/api/needs/${need.id}/confirm`, { rating: 5, comment: '谢谢小周' })
    expect(confirmed.statusCode).toBe(200)
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', rating: 5, comment: '谢谢小周' })
    expect((await li.post(`/api/needs/${need.id}/confirm`, { rating: 1 })).statusCode).toBe(409)

    const residentView = (await li.get(`/api/needs/${need.id}`)).json()
    const steps = residentView.events.map((e: { action: string, status: string, actorRole: string, actorOrganisation: string | null, note: string | null, rating: number | null, hasPhoto: boolean }) => [e.action, e.status, e.actorRole, e.actorOrganisation, e.note, e.rating, e.hasPhoto])
    expect(steps).toEqual([
      ['post', 'open', 'resident', null, null, null, false],
      ['claim', 'claimed', 'volunteer', '和美村志愿服务队', null, null, false],
      ['deliver', 'delivered', 'volunteer', '和美村志愿服务队', '周六上午陪老人在村里走了一圈', null, true],
      ['confirm', 'confirmed', 'resident', null, '谢谢小周', 5, false],
    ])
    expect(residentView.eventPhotos).toEqual([{ event: 2, photo: JPEG }])
    // No volunteer name on the resident's side.
    expect(JSON.stringify(residentView)).not.toContain('周敏')
    const volunteerView = (await volunteer.get(`/api/needs/${need.id}`)).json()
    expect(volunteerView.events).toEqual(residentView.events)
    expect(volunteerView).toMatchObject({ rating: 5, comment: '谢谢小周', headName: '李**' })
  })

  it('should tell the household when its need is claimed and when it is delivered', async () => {
    const need = await postOk(li, { description: '想请人帮忙修一下门锁，门关不上了' })
    const texts = async () => ((await liSpouse.get('/api/notifications')).json().items as { text: string, needId: string | null, applicationId: string | null }[]).filter(n => n.needId === need.id)
    expect(await texts()).toEqual([])
    await volunteer.post(`/api/needs/${need.id}/claim`)
    expect(await texts()).toEqual([expect.objectContaining({ applicationId: null, needId: need.id, text: '您的微心愿“想请人帮忙修一下门锁，门关不上了”已由和美村志愿服务队认领' })])
    await volunteer.post(`/api/needs/${need.id}/deliver`, { note: '已修好' })
    expect((await texts()).map(n => n.text)).toEqual(['您的微心愿“想请人帮忙修一下门锁，门关不上了”已送达，请确认并评价', '您的微心愿“想请人帮忙修一下门锁，门关不上了”已由和美村志愿服务队认领'])
    // Other households hear nothing of it.
    expect(((await zhao.get('/api/notifications')).json().items as { needId: string | null }[]).some(n => n.needId === need.id)).toBe(false)
  })

  it('should let the claimer release a need, and refuse a stale delivery after it changed hands', async () => {
    const need = await postOk(li)
    await volunteer.post(`/api/needs/${need.id}/claim`)
    const released = await volunteer.post(`/api/needs/${need.id}/release`)
    expect(released.json()).toMatchObject({ status: 'open', claimer: null, isClaimer: false })
    expect((await shegong.post(`/api/needs/${need.id}/claim`)).statusCode).toBe(200)
    const stale = await volunteer.post(`/api/needs/${need.id}/deliver`, {})
    expect(stale.statusCode).toBe(403)
    expect((await volunteer.post(`/api/needs/${need.id}/release`)).statusCode).toBe(403)
  })

  it('should let the resident cancel only while nobody has claimed it', async () => {
    const open = await postOk(li)
    expect((await volunteer.post(`/api/needs/${open.id}/cancel`)).statusCode).toBe(403)
    const cancelled = await li.post(`/api/needs/${open.id}/cancel`)
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' })
    expect((await volunteer.post(`/api/needs/${open.id}/claim`)).json()).toEqual({ code: 'conflict', message: '这个微心愿当前为“已撤回”，不能认领' })

    const claimed = await postOk(li)
    await volunteer.post(`/api/needs/${claimed.id}/claim`)
    const late = await li.post(`/api/needs/${claimed.id}/cancel`)
    expect(late.statusCode).toBe(409)
    expect(late.json().message).toBe('这个微心愿当前为“已认领”，不能撤回')
  })

  it('should let staff of the area remove a need with a reason and restore it (audited)', async () => {
    const need = await postOk(li, { description: '这是一条不当内容' })
    expect((await town.post(`/api/staff/needs/${need.id}/moderate`, { action: 'remove', reason: '' })).statusCode).toBe(400)
    expect((await volunteer.post(`/api/staff/needs/${need.id}/moderate`, { action: 'remove', reason: '不当内容' })).statusCode).toBe(403)
    expect((await town2.post(`/api/staff/needs/${need.id}/moderate`, { action: 'remove', reason: '不当内容' })).statusCode).toBe(404)
    expect((await town.post(`/api/staff/needs/${need.id}/moderate`, { action: 'restore', reason: '误操作' })).statusCode).toBe(409)

    const removed = await town.post(`/api/staff/needs/${need.id}/moderate`, { action: 'remove', reason: '内容与求助无关' })
    expect(removed.json()).toMatchObject({ status: 'removed', statusBeforeRemoval: 'open', removalReason: '内容与求助无关' })
    // Gone for volunteers; the household sees why.
    expect((await volunteer.get('/api/needs')).json().open.map((n: { id: string }) => n.id)).not.toContain(need.id)
    expect((await volunteer.post(`/api/needs/${need.id}/claim`)).statusCode).toBe(404)
    const seen = (await li.get(`/api/needs/${need.id}`)).json()
    expect(seen).toMatchObject({ status: 'removed', removalReason: '内容与求助无关' })
    expect(seen.events.at(-1)).toMatchObject({ action: 'remove', actorRole: 'town_staff', actorOrganisation: '安乐镇人民政府', note: '内容与求助无关' })
    expect((await li.post(`/api/needs/${need.id}/cancel`)).statusCode).toBe(409)

    const restored = await town.post(`/api/staff/needs/${need.id}/moderate`, { action: 'restore', reason: '核实后恢复' })
    expect(restored.json()).toMatchObject({ status: 'open', statusBeforeRemoval: null, removalReason: null })
    expect(await audits('need_remove')).toContainEqual({ actor_role: 'town_staff', subject_type: 'need', subject_id: need.id, detail: 'from=open; to=removed' })
    expect(await audits('need_restore')).toContainEqual({ actor_role: 'town_staff', subject_type: 'need', subject_id: need.id, detail: 'from=removed; to=open' })
  })

  it('should list the needs of the staff member\'s area only, with masked names (audited)', async () => {
    const liNeed = await postOk(li)
    const zhaoNeed = await postOk(zhao)
    const ids = async (client: TestClient, query = '') => ((await client.get(`/api/staff/needs${query}`)).json().needs as { id: string }[]).map(n => n.id)
    expect(await ids(town)).toContain(liNeed.id)
    expect(await ids(town)).not.toContain(zhaoNeed.id)
    expect(await ids(town2)).toContain(zhaoNeed.id)
    expect(await ids(town2)).not.toContain(liNeed.id)
    expect(await ids(town, '?status=removed')).not.toContain(liNeed.id)
    expect((await town.get('/api/staff/needs?status=nope')).statusCode).toBe(400)
    const body = (await town2.get('/api/staff/needs')).body
    expect(body).toContain('赵**')
    expect(body).not.toContain('赵大山')
    expect(await audits('need_list_view')).toContainEqual({ actor_role: 'town_staff', subject_type: 'area', subject_id: '339901001', detail: expect.stringMatching(/^status=removed; needs=\d+$/) })
    expect((await li.get('/api/staff/needs')).statusCode).toBe(403)
    expect((await volunteer.get('/api/needs/mine')).statusCode).toBe(403)
    expect((await li.get('/api/needs')).statusCode).toBe(403)
  })

  it('should let a volunteer post for a household of their area with its happiness code (audited)', async () => {
    const { token } = (await li.get('/api/household-code')).json()
    const res = await post(volunteer, { category: 'errand', description: '帮忙去镇上缴电费', token })
    expect(res.statusCode).toBe(201)
    const need = res.json()
    expect(need).toMatchObject({ postedBy: 'volunteer', headName: '李**', village: { name: '和美村' }, status: 'open' })
    expect(need.events[0]).toMatchObject({ action: 'post', actorRole: 'volunteer', actorOrganisation: '和美村志愿服务队' })
    // The household sees it as theirs and may withdraw it.
    const mine = (await li.get('/api/needs/mine')).json().needs.find((n: { id: string }) => n.id === need.id)
    expect(mine).toMatchObject({ headName: '李建国', ownsNeed: true, postedBy: 'volunteer' })
    const household = await t.db.kysely.selectFrom('needs').select('household_id').where('id', '=', need.id).executeTakeFirstOrThrow()
    expect(await audits('need_post_for_household')).toContainEqual({ actor_role: 'volunteer', subject_type: 'household', subject_id: household.household_id, detail: `need=${need.id}` })
  })

  it('should refuse posting with a missing, forged, revoked or foreign code', async () => {
    const invalid = { code: 'invalid_household_code', message: '这个幸福码无效或已作废，请让住户打开最新的幸福码', field: 'token' }
    const { token } = (await li.get('/api/household-code')).json()
    expect((await post(volunteer)).json()).toEqual(invalid)
    expect((await post(volunteer, { token: 'garbage' })).json()).toEqual(invalid)
    const last = token.at(-2) === 'A' ? 'B' : 'A'
    expect((await post(volunteer, { token: `${token.slice(0, -2)}${last}${token.at(-1)}` })).json()).toEqual(invalid)
    // A resident does not name a household: their own is used.
    expect((await post(li, { token })).statusCode).toBe(400)

    const regenerated = await li.post('/api/household-code/regenerate', {})
    expect(regenerated.statusCode).toBe(200)
    expect((await post(volunteer, { token })).json()).toEqual(invalid)
    expect((await post(volunteer, { token: regenerated.json().token })).statusCode).toBe(201)

    // 赵大山 lives in 长寿镇, outside the volunteer's village.
    const zhaoToken = (await zhao.get('/api/household-code')).json().token
    const outside = await post(volunteer, { token: zhaoToken })
    expect(outside.statusCode).toBe(403)
    expect(outside.json().message).toBe('这户不在您负责的区域，不能代为发布微心愿')
  })

  it('should show the demo needs in their states', async () => {
    const res = (await shegong.get('/api/needs')).json()
    expect(res.claimed.map((n: { status: string }) => n.status).sort()).toEqual(expect.arrayContaining(['claimed', 'delivered']))
    const delivered = res.claimed.find((n: { status: string }) => n.status === 'delivered')
    expect(delivered.events.map((e: { action: string }) => e.action)).toEqual(['post', 'claim', 'deliver'])
  })

  it('should describe every needs route in the OpenAPI document, with its 4xx answers', async () => {
    const doc = (await new TestClient(t.app).get('/api/docs/json')).json()
    const paths = ['/api/needs', '/api/needs/mine', '/api/needs/{id}', '/api/needs/{id}/claim', '/api/needs/{id}/release', '/api/needs/{id}/deliver', '/api/needs/{id}/confirm', '/api/needs/{id}/cancel', '/api/staff/needs', '/api/staff/needs/{id}/moderate']
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(paths))
    expect(Object.keys(doc.paths['/api/needs/{id}/claim'].post.responses)).toEqual(expect.arrayContaining(['200', '403', '404', '409']))
    expect(Object.keys(doc.paths['/api/needs'].post.responses)).toEqual(expect.arrayContaining(['201', '400']))
    expect(doc.paths['/api/needs'].post.requestBody.content['application/json'].schema).toBeDefined()
  })
})
