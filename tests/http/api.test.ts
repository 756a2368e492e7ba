import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AchievementOut, AchievementPageOut, ErrorOut, NeedOut, NeedPageOut } from '../../server/listings/api-schemas'
import { AchievementSchema, NeedSchema } from '../../server/listings/schemas'
import { ACHIEVEMENT_EXAMPLE, needExample } from '../../app/utils/openapi.server'
import { insertMembership } from '../../db/repos/organisations'
import { principalForApiToken } from '../../server/identity/api-tokens'
import { can } from '../../server/identity/permissions'
import { hashToken } from '../../server/platform/tokens'
import { achievementBody, draftAchievement, needBody, publishedAchievement, publishedNeed } from '../helpers/api-fixtures'
import { createMember, createOrganisation, createUser, PASSWORD, principalFor } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// The JSON API end to end: the real build, the real database, the same-origin
// middleware, cookies and bearer tokens.

let server: TestServer
const db = () => testDb()

type Who = { userId: string; email: string; cookie: string; orgId: string }
let researcher: Who // member of a verified university
let uniAdmin: Who // admin of the same university, and admin of a second one
let enterprise: Who // owner of a verified enterprise in 柳南区
let plainUser: { cookie: string }
let secondUniversity: string
let published: { a1: string; a2: string; a3: string; need: string }
let draft: string

async function who(member: Awaited<ReturnType<typeof createMember>>): Promise<Who> {
  return { userId: member.user.id, email: member.user.email, orgId: member.org.id, cookie: await server.login(member.user.email, PASSWORD) }
}

/** A request as a non-browser client would send it: no Origin, no cookie unless given. */
function client(path: string, init: { method?: string; token?: string; cookie?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {}) {
  const headers = new Headers(init.headers)
  if (init.token) headers.set('authorization', `Bearer ${init.token}`)
  if (init.cookie) headers.set('cookie', init.cookie)
  let body = init.body
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json')
    body = JSON.stringify(init.json)
  }
  return fetch(server.url + path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' })
}

/** A same-origin browser request with the session cookie (server.fetch adds our Origin). */
function browser(path: string, cookie: string, json: unknown, headers: Record<string, string> = {}) {
  return server.fetch(path, { method: 'POST', cookie, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) })
}

const errorOf = async (res: Response) => ErrorOut.strict().parse(await res.json()).error
const fieldsByPath = (fields: { path: string; code: string; message: string }[] = []) => Object.fromEntries(fields.map((f) => [f.path, f]))

async function auditFor(entityId: string, action: string) {
  return db().selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).where('action', '=', action).executeTakeFirst()
}

/** Creates a token through the real page and returns the secret the page showed once. */
async function makeToken(cookie: string, orgId: string, name: string) {
  const res = await server.fetch(`/orgs/${orgId}/tokens`, { method: 'POST', cookie, body: new URLSearchParams({ intent: 'create', name }) })
  const html = await res.text()
  expect(res.status).toBe(200)
  expect(res.headers.get('cache-control')).toContain('no-store')
  const token = /tmk_[A-Za-z0-9_-]{43}/.exec(html)?.[0]
  if (!token) throw new Error('no token on the page')
  const row = await db().selectFrom('api_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow()
  return { token, id: row.id }
}

beforeAll(async () => {
  server = await startTestServer()
  const uni = await createMember(db(), { type: 'university', role: 'member' })
  researcher = await who(uni)
  const adminUser = await createUser(db())
  await insertMembership(db(), { orgId: uni.org.id, userId: adminUser.id, role: 'admin' })
  secondUniversity = (await createOrganisation(db(), { type: 'university', members: [{ userId: adminUser.id, role: 'admin' }] })).id
  uniAdmin = { userId: adminUser.id, email: adminUser.email, orgId: uni.org.id, cookie: await server.login(adminUser.email, PASSWORD) }
  enterprise = await who(await createMember(db(), { type: 'enterprise', role: 'owner', divisionCode: '450204' }))
  const nobody = await createUser(db())
  plainUser = { cookie: await server.login(nobody.email, PASSWORD) }

  const r = await principalFor(db(), researcher.userId)
  const a = await principalFor(db(), uniAdmin.userId)
  const e = await principalFor(db(), enterprise.userId)
  published = {
    a1: await publishedAchievement(db(), r, a, researcher.orgId, { title: '一号成果：副车架低压铸造', trl: 6, industryCode: 'auto.lightweight', transactionModes: ['licence'] }),
    a2: await publishedAchievement(db(), r, a, researcher.orgId, { title: '二号成果：工程机械液压阀', trl: 7, industryCode: 'machinery.hydraulics', transactionModes: ['transfer'] }),
    a3: await publishedAchievement(db(), r, a, researcher.orgId, { title: '三号成果：热管理系统', trl: 6, industryCode: 'auto.thermal', transactionModes: ['licence', 'equity'] }),
    need: await publishedNeed(db(), e, e, enterprise.orgId),
  }
  draft = await draftAchievement(db(), r, researcher.orgId, { title: '未发布的草稿成果', details: '保密：配方与工艺窗口参数' })
})

afterAll(async () => {
  await server?.close()
})

describe('reading achievements', () => {
  it('lists live achievements only, with total, pages and filters', async () => {
    const res = await client('/api/v1/achievements?pageSize=2')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    const page = AchievementPageOut.parse(await res.json())
    // Other tests in this file may add published ones; ours are there and the draft is not.
    expect(page.total).toBeGreaterThanOrEqual(3)
    expect(page.items).toHaveLength(2)
    expect(page.next).toBe(`${server.url}/api/v1/achievements?pageSize=2&page=2`)
    const everything = AchievementPageOut.parse(await (await client('/api/v1/achievements?pageSize=100')).json())
    const ids = everything.items.map((i) => i.id)
    expect(ids).toEqual(expect.arrayContaining([published.a1, published.a2, published.a3]))
    expect(ids).not.toContain(draft)
    expect(everything.next).toBeNull()
    for (const item of everything.items) AchievementPageOut.shape.items.element.strict().parse(item)

    const byTrl = AchievementPageOut.parse(await (await client('/api/v1/achievements?trl=7&pageSize=100')).json())
    expect(byTrl.items.map((i) => i.id)).toEqual([published.a2])
    // A top-level industry includes its sub-fields.
    const auto = AchievementPageOut.parse(await (await client('/api/v1/achievements?industry=auto&pageSize=100')).json())
    expect(auto.items.map((i) => i.id).sort()).toEqual([published.a1, published.a3].sort())
    const equity = AchievementPageOut.parse(await (await client('/api/v1/achievements?mode=equity')).json())
    expect(equity.items.map((i) => i.id)).toEqual([published.a3])
    expect(equity.total).toBe(1)
  })

  it('refuses bad query parameters with field errors', async () => {
    const res = await client('/api/v1/achievements?pageSize=101&trl=0&mode=gift')
    expect(res.status).toBe(400)
    const error = await errorOf(res)
    expect(error.code).toBe('invalid')
    expect(Object.keys(fieldsByPath(error.fields)).sort()).toEqual(['mode', 'pageSize', 'trl'])
    expect(fieldsByPath(error.fields).pageSize!.message).toBe('每页条数须为 1–100 的整数。')
  })

  it('shows the public part of a published achievement and never its confidential details', async () => {
    const res = await client(`/api/v1/achievements/${published.a1}`)
    expect(res.status).toBe(200)
    const body = await res.json()
    const a = AchievementOut.strict().parse(body)
    expect(a).toMatchObject({
      id: published.a1,
      status: 'published',
      live: true,
      trl: 6,
      price: { kind: 'range', minFen: 80 * 1_000_000, maxFen: 150 * 1_000_000 },
      url: `${server.url}/achievements/${published.a1}`,
      contributors: [
        { name: '广西科技大学', kind: 'organisation', share: '60' },
        { name: '李明', kind: 'researcher', share: '40' },
      ],
    })
    expect(body).not.toHaveProperty('details')
  })

  it('answers 404 JSON for a draft, an unknown id and a malformed one', async () => {
    for (const id of [draft, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await client(`/api/v1/achievements/${id}`, { cookie: researcher.cookie }) // even to its author: reads are public only
      expect(res.status).toBe(404)
      const error = await errorOf(res)
      expect(error).toEqual({ code: 'not_found', message: '未找到该记录，或您无权查看。' })
    }
    const draftText = await (await client(`/api/v1/achievements/${draft}`)).text()
    expect(draftText).not.toContain('保密')
  })
})

describe('creating achievements with the session cookie', () => {
  it('creates a draft with the same schema as the form', async () => {
    const res = await browser('/api/v1/achievements', researcher.cookie, achievementBody(researcher.orgId, { trl: '5', keywords: '轻量化、铸造' }))
    expect(res.status).toBe(201)
    const a = AchievementOut.strict().parse(await res.json())
    expect(res.headers.get('location')).toBe(`/api/v1/achievements/${a.id}`)
    expect(a).toMatchObject({ status: 'draft', live: false, publishedAt: null, trl: 5, keywords: ['轻量化', '铸造'] })
    const row = await db().selectFrom('achievements').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ created_by: researcher.userId, org_id: researcher.orgId, status: 'draft', price_min_fen: 80_000_000 })
    const entry = await auditFor(a.id, 'achievement.created')
    expect(entry?.actor_id).toBe(researcher.userId)
    expect(entry?.details).not.toHaveProperty('apiToken')
    // Still a draft: the public read does not show it.
    expect((await client(`/api/v1/achievements/${a.id}`)).status).toBe(404)
  })

  it('lists every field error by path, in Chinese by default and in English on request', async () => {
    const bad = achievementBody(researcher.orgId, {
      title: undefined,
      trl: 'x',
      contributors: [
        { name: '甲', kind: 'researcher', share: '60' },
        { name: '乙', kind: 'researcher', share: 30 },
      ],
      ipRights: [{ kind: 'invention_patent', number: 'ZL201710601862.4', status: 'granted' }],
    })
    const before = await db().selectFrom('achievements').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow()

    const zh = await browser('/api/v1/achievements', researcher.cookie, bad)
    expect(zh.status).toBe(400)
    const zhError = await errorOf(zh)
    expect(zhError.code).toBe('invalid')
    expect(zhError.message).toBe('提交的数据未通过校验，请按字段修改。')
    const zhFields = fieldsByPath(zhError.fields)
    expect(zhFields.title).toEqual({ path: 'title', code: 'required', message: '请填写此项。' })
    expect(zhFields.trl).toMatchObject({ code: 'trl', message: '请选择技术成熟度（1–9 级）。' })
    expect(zhFields['ipRights[0].number']).toMatchObject({ code: 'patent.check' })
    expect(zhFields['ipRights[0].number']!.message).toContain('校验位')
    expect(zhFields['contributors[1].share']).toMatchObject({ code: 'type', message: '类型不正确：应为 string，收到的是 number。' })

    const en = await browser('/api/v1/achievements', researcher.cookie, bad, { 'accept-language': 'en-GB,en;q=0.9' })
    const enFields = fieldsByPath((await errorOf(en)).fields)
    expect(enFields.title!.message).toBe('Please fill this in.')
    expect(enFields['ipRights[0].number']!.message).toMatch(/check/i)

    const viaQuery = await browser('/api/v1/achievements?lang=en', researcher.cookie, bad)
    expect((await errorOf(viaQuery)).message).toBe('The data did not pass validation; see the errors by field.')

    const sums = await browser('/api/v1/achievements', researcher.cookie, achievementBody(researcher.orgId, { contributors: [{ name: '甲', kind: 'researcher', share: '60' }] }))
    expect(fieldsByPath((await errorOf(sums)).fields).contributors).toEqual({ path: 'contributors', code: 'sharesSum', message: '各方份额合计应为 100%，当前为 60%。' })

    const after = await db().selectFrom('achievements').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('reports a domain refusal (unknown industry) as a field error', async () => {
    const res = await browser('/api/v1/achievements', researcher.cookie, achievementBody(researcher.orgId, { industryCode: 'no-such-industry' }))
    expect(res.status).toBe(400)
    expect(fieldsByPath((await errorOf(res)).fields).industryCode).toEqual({ path: 'industryCode', code: 'industry', message: '请选择所属行业。' })
  })

  it('answers 401 JSON to the anonymous, and creates nothing', async () => {
    const res = await client('/api/v1/achievements', { json: achievementBody(researcher.orgId) })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toContain('Bearer')
    expect(await errorOf(res)).toMatchObject({ code: 'unauthorized' })
  })

  it('answers 403 to members of the wrong type of organisation and to outsiders', async () => {
    // An enterprise cannot publish achievements, not even for itself.
    const own = await browser('/api/v1/achievements', enterprise.cookie, achievementBody(enterprise.orgId))
    expect(own.status).toBe(403)
    expect(await errorOf(own)).toEqual({ code: 'forbidden', message: '您没有执行此操作的权限。' })
    // Nor for a university it does not belong to; nor may a user without an organisation.
    expect((await browser('/api/v1/achievements', enterprise.cookie, achievementBody(researcher.orgId))).status).toBe(403)
    expect((await browser('/api/v1/achievements', plainUser.cookie, achievementBody(researcher.orgId))).status).toBe(403)
  })

  it('refuses a cookie-authenticated cross-site POST before it reaches the API', async () => {
    const before = await db().selectFrom('achievements').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const res = await client('/api/v1/achievements', { cookie: researcher.cookie, json: achievementBody(researcher.orgId), headers: { origin: 'https://evil.example' } })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('Cross-origin request refused')
    const fetchSite = await client('/api/v1/achievements', { cookie: researcher.cookie, json: achievementBody(researcher.orgId), headers: { 'sec-fetch-site': 'cross-site' } })
    expect(fetchSite.status).toBe(403)
    const after = await db().selectFrom('achievements').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('wants a JSON object body', async () => {
    const form = await server.fetch('/api/v1/achievements', { method: 'POST', cookie: researcher.cookie, body: new URLSearchParams({ title: 'x' }) })
    expect(form.status).toBe(415)
    expect((await errorOf(form)).code).toBe('unsupported_media_type')
    const broken = await server.fetch('/api/v1/achievements', { method: 'POST', cookie: researcher.cookie, headers: { 'content-type': 'application/json' }, body: '{"title": ' })
    expect(broken.status).toBe(400)
    expect((await errorOf(broken)).code).toBe('invalid_json')
    const list = await browser('/api/v1/achievements', researcher.cookie, [achievementBody(researcher.orgId)])
    expect(list.status).toBe(400)
  })

  it('submits a draft for review, once', async () => {
    const id = await draftAchievement(db(), await principalFor(db(), researcher.userId), researcher.orgId)
    const outsider = await server.fetch(`/api/v1/achievements/${id}/submit`, { method: 'POST', cookie: enterprise.cookie })
    expect(outsider.status).toBe(404) // another organisation's draft: it does not exist for them
    const res = await server.fetch(`/api/v1/achievements/${id}/submit`, { method: 'POST', cookie: researcher.cookie })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ id, status: 'submitted' })
    const again = await server.fetch(`/api/v1/achievements/${id}/submit`, { method: 'POST', cookie: researcher.cookie })
    expect(again.status).toBe(409)
    expect(await errorOf(again)).toMatchObject({ code: 'conflict' })
  })
})

describe('needs', () => {
  it('lists, reads and creates needs', async () => {
    const list = NeedPageOut.parse(await (await client('/api/v1/needs?division=450204&industry=agrifood&pageSize=100')).json())
    expect(list.items.map((n) => n.id)).toContain(published.need)
    expect((await client('/api/v1/needs?division=450205&pageSize=100').then((r) => r.json())).items.map((n: { id: string }) => n.id)).not.toContain(published.need)

    const one = NeedOut.strict().parse(await (await client(`/api/v1/needs/${published.need}`)).json())
    expect(one).toMatchObject({ id: published.need, status: 'published', budget: { kind: 'range', minFen: 20_000_000, maxFen: 50_000_000 }, deadline: needExample().deadline })
    expect(one.division).toMatchObject({ code: '450204', nameZh: '柳南区' })

    const res = await browser('/api/v1/needs', enterprise.cookie, needBody(enterprise.orgId, { preferredModes: ['transfer'] }))
    expect(res.status).toBe(201)
    const created = NeedOut.strict().parse(await res.json())
    expect(created).toMatchObject({ status: 'draft', preferredModes: ['transfer'], keywords: ['螺蛳粉', '杀菌', '货架期'] })
    expect((await auditFor(created.id, 'need.created'))?.actor_id).toBe(enterprise.userId)
  })

  it('validates needs with NeedSchema and refuses universities', async () => {
    const bad = await browser('/api/v1/needs', enterprise.cookie, needBody(enterprise.orgId, { budgetMin: '50', budgetMax: '20', deadline: '2001-01-01', divisionCode: '999999' }))
    expect(bad.status).toBe(400)
    const fields = fieldsByPath((await errorOf(bad)).fields)
    expect(fields.budgetMax).toMatchObject({ code: 'rangeOrder', message: '上限应大于下限。' })
    expect(fields.deadline).toMatchObject({ code: 'deadlinePast' })

    const division = await browser('/api/v1/needs', enterprise.cookie, needBody(enterprise.orgId, { divisionCode: '999999' }))
    expect(fieldsByPath((await errorOf(division)).fields).divisionCode).toMatchObject({ code: 'division' })

    const uni = await browser('/api/v1/needs', researcher.cookie, needBody(researcher.orgId))
    expect(uni.status).toBe(403)
    expect((await client('/api/v1/needs', { json: needBody(enterprise.orgId) })).status).toBe(401)
  })
})

describe('organisation API tokens', () => {
  it('are made by an organisation admin, shown once, stored as a hash, and act as their creator', async () => {
    const { token, id } = await makeToken(uniAdmin.cookie, uniAdmin.orgId, '广西技术市场同步')
    const row = await db().selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ org_id: uniAdmin.orgId, created_by: uniAdmin.userId, name: '广西技术市场同步', last_used_at: null, revoked_at: null })
    expect(row.token_hash).toBe(hashToken(token))
    expect(JSON.stringify(row)).not.toContain(token)

    // The list shows it by name, never the secret again.
    const page = await (await server.fetch(`/orgs/${uniAdmin.orgId}/tokens`, { cookie: uniAdmin.cookie })).text()
    expect(page).toContain('广西技术市场同步')
    expect(page).not.toContain(token)
    expect(page).toContain('从未使用')

    // A client with the token: no cookie, no Origin; orgId may be left out.
    const { orgId: _orgId, ...body } = achievementBody(uniAdmin.orgId)
    const res = await client('/api/v1/achievements', { token, json: body })
    expect(res.status).toBe(201)
    const a = AchievementOut.parse(await res.json())
    const created = await db().selectFrom('achievements').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow()
    expect(created).toMatchObject({ org_id: uniAdmin.orgId, created_by: uniAdmin.userId })
    const entry = await auditFor(a.id, 'achievement.created')
    expect(entry?.actor_id).toBe(uniAdmin.userId)
    expect(entry?.details).toMatchObject({ apiToken: id })
    const used = await db().selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()
    expect(used.last_used_at).toBeInstanceOf(Date)

    // It may submit what it drafted; the audit names the token again.
    const submitted = await client(`/api/v1/achievements/${a.id}/submit`, { method: 'POST', token })
    expect(submitted.status).toBe(200)
    expect((await auditFor(a.id, 'achievement.submit'))?.details).toMatchObject({ apiToken: id, from: 'draft', to: 'submitted' })

    const creation = await db().selectFrom('audit_log').selectAll().where('action', '=', 'apitoken.created').where('entity_id', '=', id).executeTakeFirstOrThrow()
    expect(creation).toMatchObject({ actor_id: uniAdmin.userId, org_id: uniAdmin.orgId })
  })

  it('are limited to their own organisation, even when the creator administers another', async () => {
    const { token } = await makeToken(uniAdmin.cookie, uniAdmin.orgId, '仅限本单位')
    // The creator is an admin of the second university too, and could post there with the cookie…
    expect((await browser('/api/v1/achievements', uniAdmin.cookie, achievementBody(secondUniversity))).status).toBe(201)
    // …but the token of the first may not.
    const res = await client('/api/v1/achievements', { token, json: achievementBody(secondUniversity) })
    expect(res.status).toBe(403)
    expect(await errorOf(res)).toMatchObject({ code: 'forbidden' })
    // Nor another kind of listing for its own organisation.
    expect((await client('/api/v1/needs', { token, json: needBody(uniAdmin.orgId) })).status).toBe(403)
  })

  it('act as a plain member: never review, manage tokens or carry platform-admin standing', async () => {
    const admin = await createUser(db(), { platformAdmin: true })
    await insertMembership(db(), { orgId: uniAdmin.orgId, userId: admin.id, role: 'owner' })
    const adminCookie = await server.login(admin.email, PASSWORD)
    const { token } = await makeToken(adminCookie, uniAdmin.orgId, '平台管理员的令牌')
    const identity = await principalForApiToken(db(), token)
    expect(identity?.principal).toMatchObject({ userId: admin.id, isPlatformAdmin: false, manager: null })
    expect(identity?.principal.memberships.map((m) => [m.orgId, m.role])).toEqual([[uniAdmin.orgId, 'member']])
    const p = identity!.principal
    const listing = { kind: 'achievement' as const, orgId: uniAdmin.orgId, createdBy: researcher.userId, status: 'submitted' as const, expiresAt: null }
    expect(can(p, { action: 'listing:review', listing })).toBe(false)
    expect(can(p, { action: 'apitoken:manage', orgId: uniAdmin.orgId })).toBe(false)
    expect(can(p, { action: 'listing:takedown' })).toBe(false)
    expect(can(p, { action: 'listing:create', kind: 'achievement', orgId: uniAdmin.orgId })).toBe(true)
  })

  it('stop working when revoked', async () => {
    const { token, id } = await makeToken(uniAdmin.cookie, uniAdmin.orgId, '将被撤销')
    expect((await client('/api/v1/achievements', { token, json: achievementBody(uniAdmin.orgId) })).status).toBe(201)
    const revoke = await server.fetch(`/orgs/${uniAdmin.orgId}/tokens`, { method: 'POST', cookie: uniAdmin.cookie, body: new URLSearchParams({ intent: 'revoke', tokenId: id }) })
    expect(revoke.status).toBe(200)
    expect(await revoke.text()).toContain('令牌“将被撤销”已撤销')
    const row = await db().selectFrom('api_tokens').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.revoked_at).toBeInstanceOf(Date)
    expect(await auditFor(id, 'apitoken.revoked')).toMatchObject({ actor_id: uniAdmin.userId })

    const res = await client('/api/v1/achievements', { token, json: achievementBody(uniAdmin.orgId) })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toContain('invalid_token')
    expect(await errorOf(res)).toMatchObject({ code: 'unauthorized' })
  })

  it('stop working when their creator is no longer an admin of the organisation', async () => {
    const owner = await createMember(db(), { type: 'university', role: 'owner' })
    const ownerCookie = await server.login(owner.user.email, PASSWORD)
    const { token } = await makeToken(ownerCookie, owner.org.id, '人员变动')
    expect((await client('/api/v1/achievements', { token, json: achievementBody(owner.org.id) })).status).toBe(201)
    await db().updateTable('memberships').set({ role: 'member' }).where('user_id', '=', owner.user.id).where('org_id', '=', owner.org.id).execute()
    expect((await client('/api/v1/achievements', { token, json: achievementBody(owner.org.id) })).status).toBe(401)
  })

  it('refuse malformed and unknown bearer credentials, without falling back to the cookie', async () => {
    for (const authorization of ['Bearer', 'Bearer tmk_short', `Bearer tmk_${'A'.repeat(43)}`, 'Basic dXNlcjpwYXNz']) {
      const res = await client('/api/v1/achievements', { cookie: researcher.cookie, json: achievementBody(researcher.orgId), headers: { authorization } })
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 })
    }
  })

  it('may be managed only by owners and admins', async () => {
    const asMember = await server.fetch(`/orgs/${researcher.orgId}/tokens`, { method: 'POST', cookie: researcher.cookie, body: new URLSearchParams({ intent: 'create', name: '越权' }) })
    expect(asMember.status).toBe(403)
    const asOutsider = await server.fetch(`/orgs/${researcher.orgId}/tokens`, { method: 'POST', cookie: enterprise.cookie, body: new URLSearchParams({ intent: 'create', name: '越权' }) })
    expect(asOutsider.status).toBe(404)
    const names = await db().selectFrom('api_tokens').select('name').where('name', '=', '越权').execute()
    expect(names).toEqual([])
    // An admin cannot revoke another organisation's token through their own page.
    const { id } = await makeToken(enterprise.cookie, enterprise.orgId, '企业令牌')
    await server.fetch(`/orgs/${uniAdmin.orgId}/tokens`, { method: 'POST', cookie: uniAdmin.cookie, body: new URLSearchParams({ intent: 'revoke', tokenId: id }) })
    expect((await db().selectFrom('api_tokens').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow()).revoked_at).toBeNull()
  })

  it('refuses a name that is missing', async () => {
    const res = await server.fetch(`/orgs/${uniAdmin.orgId}/tokens`, { method: 'POST', cookie: uniAdmin.cookie, body: new URLSearchParams({ intent: 'create', name: ' ' }) })
    expect(res.status).toBe(400)
    expect(await res.text()).not.toMatch(/tmk_[A-Za-z0-9_-]{43}/)
  })
})

/** The property names of a listing schema's input side, read through its transforms and refinements. */
function inputKeys(schema: z.ZodTypeAny): string[] {
  let s: z.ZodTypeAny = schema
  while (s instanceof z.ZodEffects) s = s.innerType()
  if (!(s instanceof z.ZodObject)) throw new Error('not an object schema')
  return Object.keys(s.shape).sort()
}

it('answers unknown API addresses with JSON, not the HTML error page', async () => {
  const res = await client('/api/v1/achievement')
  expect(res.status).toBe(404)
  expect(await errorOf(res)).toEqual({ code: 'not_found', message: '没有这个接口，请查阅 /api/openapi.json。' })
  const post = await client('/api/v1/nope?lang=en', { json: {} })
  expect(post.status).toBe(404)
  expect((await errorOf(post)).message).toBe('There is no such endpoint; see /api/openapi.json.')
})

describe('the OpenAPI document', () => {
  let doc: any
  beforeAll(async () => {
    const res = await client('/api/openapi.json')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    doc = JSON.parse(await res.text())
  })

  it('lists every endpoint with its method, parameters and security', () => {
    expect(doc.openapi).toBe('3.0.3')
    const ops = Object.entries<any>(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
    expect(ops.sort()).toEqual(
      [
        'GET /api/v1/achievements',
        'POST /api/v1/achievements',
        'GET /api/v1/achievements/{id}',
        'POST /api/v1/achievements/{id}/submit',
        'GET /api/v1/needs',
        'POST /api/v1/needs',
        'GET /api/v1/needs/{id}',
        'POST /api/v1/needs/{id}/submit',
        'GET /api/v1/industries',
        'GET /api/v1/divisions',
        'GET /api/v1/search',
        'GET /api/v1/search/suggest',
        'GET /api/v1/deals',
        'GET /api/v1/deals/{id}',
        'GET /api/v1/deals/{id}/messages',
        'POST /api/v1/deals/{id}/messages',
        'GET /api/v1/deals/{id}/offers',
        'POST /api/v1/deals/{id}/offers',
        'POST /api/v1/deals/{id}/offers/{version}/accept',
        'GET /api/v1/auctions',
        'GET /api/v1/auctions/{id}',
        'POST /api/v1/auctions/{id}/bids',
        'POST /api/v1/auctions/{id}/proxy',
        'GET /api/v1/roadshows',
        'GET /api/v1/roadshows/{id}',
        'GET /api/v1/contracts',
        'GET /api/v1/contracts/{id}',
        'GET /api/v1/registrations/{number}',
        'GET /api/v1/subsidy-claims',
        'GET /api/v1/exchange/{dataset}',
      ].sort(),
    )
    const list = doc.paths['/api/v1/achievements'].get
    expect(list.parameters.map((p: any) => p.name).sort()).toEqual(['industry', 'mode', 'page', 'pageSize', 'trl'])
    expect(list.parameters.find((p: any) => p.name === 'pageSize').schema).toMatchObject({ maximum: 100 })
    expect(list.security).toEqual([])
    const create = doc.paths['/api/v1/achievements'].post
    expect(create.security).toEqual([{ bearerToken: [] }, { sessionCookie: [] }])
    expect(create.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/AchievementInput' })
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '403', '415'])
    expect(doc.components.securitySchemes).toMatchObject({ bearerToken: { type: 'http', scheme: 'bearer' }, sessionCookie: { type: 'apiKey', in: 'cookie', name: 'tm_session' } })
  })

  it('describes request bodies with exactly the properties the listing schemas take', () => {
    expect(Object.keys(doc.components.schemas.AchievementInput.properties).sort()).toEqual(inputKeys(AchievementSchema))
    expect(Object.keys(doc.components.schemas.NeedInput.properties).sort()).toEqual(inputKeys(NeedSchema))
    expect(doc.components.schemas.AchievementInput.required).toEqual(expect.arrayContaining(['title', 'summary', 'benefit', 'contributors']))
    expect(doc.components.schemas.AchievementInput.required).not.toContain('details')
  })

  it('has examples the schemas accept', () => {
    const a = doc.paths['/api/v1/achievements'].post.requestBody.content['application/json'].example
    const n = doc.paths['/api/v1/needs'].post.requestBody.content['application/json'].example
    expect(a).toEqual(ACHIEVEMENT_EXAMPLE)
    expect(AchievementSchema.safeParse(a).success).toBe(true)
    expect(NeedSchema.safeParse(n).success).toBe(true)
  })

  it('describes every property and operation in Chinese and English', () => {
    const missing: string[] = []
    const walk = (component: string, s: any, path: string) => {
      if (!s || s.$ref) return
      if (s.type === 'array') return walk(component, s.items, path)
      for (const alt of s.anyOf ?? []) walk(component, alt, path)
      for (const [name, prop] of Object.entries<any>(s.properties ?? {})) {
        const p = path ? `${path}.${name}` : name
        if (!prop.$ref && !/\p{Script=Han}.* \/ [A-Za-z]/u.test(prop.description ?? '')) missing.push(`${component}.${p}`)
        walk(component, prop, p)
      }
    }
    for (const [name, schema] of Object.entries<any>(doc.components.schemas)) walk(name, schema, '')
    expect(missing).toEqual([])
    for (const item of Object.values<any>(doc.paths)) {
      for (const op of Object.values<any>(item)) {
        expect(op.summary).toMatch(/\p{Script=Han}[\s\S]*\n\n[A-Za-z]/u)
        for (const p of op.parameters ?? []) expect(p.description).toMatch(/\p{Script=Han}.* \/ [A-Za-z]/u)
      }
    }
  })
})

describe('the reference page', () => {
  it('renders the document in Chinese with curl examples, and in English on request', async () => {
    const zh = await (await client('/api')).text()
    expect(zh).toContain('<h1>数据接口（API）</h1>')
    expect(zh).toContain('查询科技成果')
    expect(zh).toContain(`curl -X POST &#x27;${server.url}/api/v1/achievements&#x27;`)
    expect(zh).toContain('contributors[].share')
    const en = await (await client('/api', { headers: { 'accept-language': 'en' } })).text()
    expect(en).toContain('<h1>Data API</h1>')
    expect(en).toContain('List achievements')
  })

  it('links an organisation admin to their token pages', async () => {
    const html = await (await server.fetch('/api', { cookie: uniAdmin.cookie })).text()
    expect(html).toContain(`/orgs/${uniAdmin.orgId}/tokens`)
    expect(html).toContain(`/orgs/${secondUniversity}/tokens`)
    const member = await (await server.fetch('/api', { cookie: researcher.cookie })).text()
    expect(member).not.toContain('/tokens')
  })
})
