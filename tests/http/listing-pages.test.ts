import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertMembership } from '../../db/repos/organisations'
import { AchievementSchema } from '../../server/listings/schemas'
import { createAchievement } from '../../server/listings/achievements'
import { transitionListing, type ListingKind, type Transition } from '../../server/listings/workflow'
import type { Principal } from '../../server/identity/principal'
import { createMember, createUser, PASSWORD, principalFor, testMeta } from '../helpers/factories'
import { publishedNeed } from '../helpers/needs'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// Issue 7's listing pages through HTTP, as a browser without JavaScript uses
// them: the status badge only for insiders and the owning institution linked,
// the public list's keyword / county / sort (GET form, URL carries the state),
// withdrawing from the page, /admin/listings, and the four-eyes setting.

let server: TestServer
let uni: string
let enterprise: string
const who = {} as Record<'researcher' | 'admin' | 'enterprise' | 'platformAdmin', { cookie: string; p: Principal }>

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  const r = await createMember(db, { type: 'university', role: 'member', divisionCode: '450203', fourEyes: true })
  uni = r.org.id
  const admin = await createUser(db)
  await insertMembership(db, { orgId: uni, userId: admin.id, role: 'admin' })
  const e = await createMember(db, { type: 'enterprise', role: 'owner' })
  enterprise = e.org.id
  const pa = await createUser(db, { platformAdmin: true })
  const login = async (userId: string, email: string) => ({ cookie: await server.login(email, PASSWORD), p: await principalFor(db, userId) })
  who.researcher = await login(r.user.id, r.user.email)
  who.admin = await login(admin.id, admin.email)
  who.enterprise = await login(e.user.id, e.user.email)
  who.platformAdmin = await login(pa.id, pa.email)
})

afterAll(async () => {
  await server?.close()
})

const get = async (path: string, as?: keyof typeof who) => {
  const res = await server.fetch(path, { cookie: as ? who[as].cookie : undefined })
  return { status: res.status, html: await res.text() }
}
const post = (path: string, as: keyof typeof who, body: Record<string, string>) =>
  server.fetch(path, { method: 'POST', cookie: who[as].cookie, body: new URLSearchParams(body) })
const move = (as: keyof typeof who, kind: ListingKind, id: string, t: Transition) =>
  transitionListing(testDb(), who[as].p, kind, id, t, { ttlMonths: 12 }, testMeta)

async function publishedAchievement(title: string, priceMin = '45') {
  const input = AchievementSchema.parse({
    orgId: uni,
    title,
    summary: '基于机器视觉的在线检测系统，识别表面缺陷，已在两条产线试用，漏检率显著下降。',
    industryCode: 'electronics.ai',
    trl: '7',
    transactionModes: ['licence'],
    priceKind: 'amount',
    priceMin,
    benefit: '漏检率由 3% 降至 0.4%。',
    keywords: '视觉，检测',
    contributors: [{ name: '柳州理工大学', kind: 'organisation', share: '100' }],
  })
  const id = (await createAchievement(testDb(), who.researcher.p, input, testMeta))!
  await move('researcher', 'achievement', id, 'submit')
  await move('admin', 'achievement', id, 'approve')
  return id
}

const BADGE = 'badge-listing-published'

describe('the listing pages', () => {
  it('show the workflow badge to the owner only, and link the owning institution', async () => {
    const id = await publishedAchievement('表面缺陷在线视觉检测系统')
    for (const as of [undefined, 'enterprise'] as const) {
      const page = await get(`/achievements/${id}`, as)
      expect(page.status).toBe(200)
      expect(page.html).not.toContain(BADGE)
      expect(page.html).toContain(`href="/o/${uni}"`)
    }
    expect((await get(`/achievements/${id}`, 'researcher')).html).toContain(BADGE)
    const need = await publishedNeed(testDb(), who.enterprise.p, who.enterprise.p, enterprise)
    expect((await get(`/needs/${need}`)).html).not.toContain(BADGE)
    expect((await get(`/needs/${need}`, 'researcher')).html).not.toContain(BADGE)
    expect((await get(`/needs/${need}`, 'enterprise')).html).toContain(BADGE)
  })

  it('let the owner withdraw from the page; the page is then gone for the public', async () => {
    const id = await publishedAchievement('撤回用的视觉检测系统')
    expect((await get(`/achievements/${id}`, 'researcher')).html).toContain('撤回（下架）')
    const res = await post(`/achievements/${id}`, 'researcher', { intent: 'withdraw' })
    expect(res.headers.get('location')).toBe(`/achievements/${id}?done=withdraw`)
    expect((await get(`/achievements/${id}`)).status).toBe(404)
    const own = await get(`/achievements/${id}?done=withdraw`, 'researcher')
    expect(own.html).toContain('badge-listing-withdrawn')
    expect(own.html).toContain('提交审核')
  })

  it('tell an admin who submitted a listing that another admin must approve it (four eyes)', async () => {
    const input = AchievementSchema.parse({
      orgId: uni, title: '管理员自己提交的成果', summary: '管理员自己起草并提交的成果，用于检验双人审核在页面上的提示。', industryCode: 'electronics.ai', trl: '5',
      transactionModes: ['licence'], priceKind: 'negotiable', benefit: '审核时间由 2 天缩短到 1 天，便于检验双人审核。', contributors: [{ name: '柳州理工大学', kind: 'organisation', share: '100' }],
    })
    const id = (await createAchievement(testDb(), who.admin.p, input, testMeta))!
    await move('admin', 'achievement', id, 'submit')
    const page = await get(`/achievements/${id}`, 'admin')
    expect(page.html).toContain('需由本单位另一位管理员审核通过')
    expect(page.html).not.toContain('name="intent" value="approve"')
    expect((await post(`/achievements/${id}`, 'admin', { intent: 'approve' })).status).toBe(403)
  })
})

describe('the public lists', () => {
  it('filter by keywords (all words, anywhere) and county, sort by price, and keep the state in the form', async () => {
    const cheap = await publishedAchievement('轴承套圈视觉检测（甲）', '20')
    const dear = await publishedAchievement('轴承套圈视觉检测（乙）', '90')
    const q = encodeURIComponent('轴承 检测')
    const page = await get(`/achievements?q=${q}&county=450203&sort=price_desc`)
    expect(page.status).toBe(200)
    expect(page.html.indexOf(`/achievements/${dear}`)).toBeGreaterThan(-1)
    expect(page.html.indexOf(`/achievements/${dear}`)).toBeLessThan(page.html.indexOf(`/achievements/${cheap}`))
    expect(page.html).toMatch(/<input[^>]*name="q"[^>]*value="轴承 检测"/)
    expect(page.html).toMatch(/<option value="price_desc" selected=""/)
    expect(page.html).toMatch(/<option value="450203" selected=""/)
    const elsewhere = await get(`/achievements?q=${q}&county=450205`)
    expect(elsewhere.html).not.toContain(`/achievements/${cheap}`)
    const needs = await get(`/needs?q=${encodeURIComponent('不存在的词 轴承')}&sort=expiring`)
    expect(needs.status).toBe(200)
    expect(needs.html).toMatch(/<option value="expiring" selected=""/)
  })
})

describe('/admin/listings', () => {
  it('lets the platform admin take a listing down and restore it, each with a reason given at the field', async () => {
    const id = await publishedAchievement('下架审核用的视觉检测系统')
    const list = await get(`/admin/listings?q=${encodeURIComponent('下架审核用')}`, 'platformAdmin')
    expect(list.html).toContain(`/achievements/${id}`)
    const noReason = await post('/admin/listings', 'platformAdmin', { kind: 'achievement', id, intent: 'takedown', reason: '' })
    expect(noReason.status).toBe(400)
    expect(await noReason.text()).toContain('请填写原因')
    // A control character in the reason is refused at the field, not stored (PostgreSQL refuses U+0000: a 500 before).
    const nul = await post('/admin/listings', 'platformAdmin', { kind: 'achievement', id, intent: 'takedown', reason: '信息与实际\u0000不符。' })
    expect(nul.status).toBe(400)
    expect(await nul.text()).toContain('含有无效字符')
    expect((await post('/admin/listings', 'admin', { kind: 'achievement', id, intent: 'takedown', reason: '机构管理员想下架。' })).status).toBe(403)
    const down = await post('/admin/listings?status=published', 'platformAdmin', { kind: 'achievement', id, intent: 'takedown', reason: '信息与实际不符。' })
    expect(down.status).toBe(302)
    expect(down.headers.get('location')).toMatch(/^\/admin\/listings\?status=published&done=takedown&item=achievement%3A/)
    expect((await get(`/achievements/${id}`)).status).toBe(404)
    const restored = await post('/admin/listings', 'platformAdmin', { kind: 'achievement', id, intent: 'restore', reason: '核实后信息属实。' })
    expect(restored.status).toBe(302)
    expect((await get(`/achievements/${id}`)).status).toBe(200)
  })
})

describe('the four-eyes setting on the organisation page', () => {
  it('an admin turns it off and on (audited); a plain member cannot; one admin alone is told to invite another', async () => {
    expect((await get(`/orgs/${uni}`, 'admin')).html).toContain('要求由另一人审核发布')
    expect((await post(`/orgs/${uni}`, 'researcher', { intent: 'four-eyes' })).status).toBe(403)
    const off = await post(`/orgs/${uni}`, 'admin', { intent: 'four-eyes' })
    expect(off.headers.get('location')).toBe(`/orgs/${uni}?fourEyes=saved#four-eyes`)
    expect((await testDb().selectFrom('organisations').select('four_eyes').where('id', '=', uni).executeTakeFirstOrThrow()).four_eyes).toBe(false)
    await post(`/orgs/${uni}`, 'admin', { intent: 'four-eyes', fourEyes: 'on' })
    const audit = await testDb().selectFrom('audit_log').select(['actor_id', 'details']).where('entity_id', '=', uni).where('action', '=', 'organisation.four_eyes').orderBy('id').execute()
    expect(audit.map((a) => a.details)).toEqual([{ from: true, to: false }, { from: false, to: true }])
    // The enterprise has one owner: with four eyes on, the page says another admin must be invited.
    await post(`/orgs/${enterprise}`, 'enterprise', { intent: 'four-eyes', fourEyes: 'on' })
    expect((await get(`/orgs/${enterprise}`, 'enterprise')).html).toContain('本单位目前只有一位管理员')
  })
})
