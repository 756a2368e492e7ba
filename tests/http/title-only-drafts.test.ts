import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { insertMembership } from '../../db/repos/organisations'
import { createMember, createUser, PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// "保存草稿" keeps a draft that has only a title (achievements and needs);
// submitting it — from the form, the listing page — still asks for everything,
// and the database refuses an incomplete listing outside draft/returned.

let server: TestServer
let uniOrg: string
let entOrg: string
const cookie = {} as Record<'researcher' | 'enterprise', string>

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  const researcher = await createMember(db, { type: 'university', role: 'member' })
  uniOrg = researcher.org.id
  const enterprise = await createMember(db, { type: 'enterprise', role: 'owner' })
  entOrg = enterprise.org.id
  const admin = await createUser(db)
  await insertMembership(db, { orgId: uniOrg, userId: admin.id, role: 'admin' })
  cookie.researcher = await server.login(researcher.user.email, PASSWORD)
  cookie.enterprise = await server.login(enterprise.user.email, PASSWORD)
})

afterAll(async () => {
  await server?.close()
})

const post = (path: string, who: keyof typeof cookie, body: Record<string, string>) =>
  server.fetch(path, { method: 'POST', cookie: cookie[who], body: new URLSearchParams(body) })

/** What the new-achievement form posts when only the title has been typed (the default rows included). */
function titleOnlyAchievement(then: 'draft' | 'submit') {
  return {
    orgId: uniOrg,
    title: '只写了标题的成果草稿',
    priceKind: 'negotiable',
    'contributors[0].name': '柳州理工大学',
    'contributors[0].kind': 'organisation',
    'contributors[0].share': '',
    'contributors[1].name': '李四',
    'contributors[1].kind': 'researcher',
    'contributors[1].share': '',
    then,
  }
}

describe('an achievement draft with only a title', () => {
  let id: string

  it('is saved by 保存草稿, with industry and TRL left empty, and its page says so', async () => {
    const res = await post('/achievements/new', 'researcher', titleOnlyAchievement('draft'))
    expect(res.status).toBe(302)
    id = /\/achievements\/([0-9a-f-]{36})\?done=created/.exec(res.headers.get('location') ?? '')![1]!
    const row = await testDb().selectFrom('achievements').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'draft', industry_code: null, trl: null, summary: '', benefit: '' })
    const people = await testDb().selectFrom('achievement_contributors').select(['name', 'share_ppm']).where('achievement_id', '=', id).orderBy('position').execute()
    expect(people).toEqual([{ name: '柳州理工大学', share_ppm: 0 }, { name: '李四', share_ppm: 0 }])
    const page = await (await server.fetch(`/achievements/${id}`, { cookie: cookie.researcher })).text()
    expect(page).toContain('未填写')
    // The edit form shows the empty shares empty again (not "0").
    const edit = await (await server.fetch(`/achievements/${id}/edit`, { cookie: cookie.researcher })).text()
    expect(edit).toContain('name="contributors[1].share"')
    expect(edit).not.toMatch(/name="contributors\[1\]\.share"[^>]*value="0"/)
  })

  it('is not submitted from its page until complete: the reason is said, the status stays draft', async () => {
    const res = await post(`/achievements/${id}`, 'researcher', { intent: 'submit' })
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/还有 \d+ 项内容未填写或不完整，请编辑补全后再提交审核。/)
    const row = await testDb().selectFrom('achievements').select('status').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.status).toBe('draft')
  })

  it('is refused by 保存并提交 with the missing fields marked', async () => {
    const before = await testDb().selectFrom('achievements').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    const res = await post('/achievements/new', 'researcher', titleOnlyAchievement('submit'))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('请选择所属行业')
    expect(html).not.toContain('所属产业')
    expect(html).toContain('value="只写了标题的成果草稿"')
    const after = await testDb().selectFrom('achievements').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('still needs a title', async () => {
    const res = await post('/achievements/new', 'researcher', { ...titleOnlyAchievement('draft'), title: '' })
    expect(res.status).toBe(400)
  })

  it('cannot leave draft in the database while incomplete', async () => {
    await expect(sql`update achievements set status = 'submitted' where id = ${id}`.execute(testDb())).rejects.toThrow(/achievements_complete_when_submitted/)
  })
})

describe('a need draft with only a title', () => {
  let id: string

  it('is saved, in the organisation’s county, and cannot be submitted until complete', async () => {
    const res = await post('/needs/new', 'enterprise', { orgId: entOrg, title: '只写了标题的需求草稿', budgetKind: 'range', budgetMin: '20' })
    expect(res.status).toBe(302)
    id = /\/needs\/([0-9a-f-]{36})\?saved=created/.exec(res.headers.get('location') ?? '')![1]!
    const row = await testDb().selectFrom('needs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const org = await testDb().selectFrom('organisations').select('division_code').where('id', '=', entOrg).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'draft', industry_code: null, problem: '', division_code: org.division_code, budget_kind: 'range', budget_min_fen: 200_000_00 })
    const page = await (await server.fetch(`/needs/${id}`, { cookie: cookie.enterprise })).text()
    expect(page).toContain('未填写')
    const submit = await post(`/needs/${id}`, 'enterprise', { intent: 'submit' })
    expect(submit.status).toBe(400)
    expect(await submit.text()).toContain('请编辑补全后再提交审核')
    expect((await testDb().selectFrom('needs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('draft')
  })
})
