import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertMembership } from '../../db/repos/organisations'
import { seedDemoPortal } from '../../db/seed/portal'
import { fileStoreFor } from '../../server/platform/files/store'
import { openPdf } from '../../server/platform/pdf'
import { createArticle, publishArticle, uploadArticleFile, withdrawArticle } from '../../server/portal/articles'
import { similarTo } from '../../server/portal/engagement'
import { draftAchievement, publishedAchievement } from '../helpers/api-fixtures'
import { createMember, createUser, PASSWORD, principalFor, testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { cityOfficer, countyOfficer, registeredContract } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// The public portal as visitors and officers notice it: only city officers
// (and platform admins) publish articles, a withdrawn one vanishes with its
// files, views are counted once per visitor and day through the beacon,
// favourites are their owner's alone, 成交公示 lists registered contracts only,
// and the home page shows what was published.

let s: TestServer
const db = () => testDb()

async function pdfBytes(text: string) {
  const { doc, done } = openPdf({ size: 'A4' })
  doc.font('regular').text(text)
  doc.end()
  return new Uint8Array(await done)
}

async function university() {
  const r = await createMember(db(), { type: 'university', role: 'member', divisionCode: '450203' })
  const adminUser = await createUser(db())
  await insertMembership(db(), { orgId: r.org.id, userId: adminUser.id, role: 'admin' })
  return { author: r.principal, admin: await principalFor(db(), adminUser.id), orgId: r.org.id }
}

beforeAll(async () => {
  s = await startTestServer()
})
afterAll(async () => {
  await s?.close()
})

describe('articles', () => {
  it('are written and published by city officers and platform admins only, audited, and vanish with their files when withdrawn', async () => {
    const city = await cityOfficer(db())
    const county = await countyOfficer(db())
    const ent = await createMember(db(), { type: 'enterprise' })
    const input = { channel: 'policy' as const, title: `柳州市成果转化补助细则 ${Date.now()}`, body: '第一条 为促进成果转化。\n\n第二条 补助标准。', source: '柳州市科学技术局' }
    for (const p of [county.principal, ent.principal]) await expect(createArticle(db(), p, input, testMeta)).rejects.toMatchObject({ kind: 'forbidden' })
    const entCookie = await s.login(ent.user.email, PASSWORD)
    expect((await s.fetch('/articles/new', { method: 'POST', cookie: entCookie, body: new URLSearchParams({ intent: 'save', ...input }) })).status).toBe(403)

    // Through the form: the city officer drafts it; a draft is not public.
    const cityCookie = await s.login(city.user.email, PASSWORD)
    const created = await s.fetch('/articles/new', { method: 'POST', cookie: cityCookie, body: new URLSearchParams({ intent: 'save', ...input }) })
    expect(created.status).toBe(302)
    const id = created.headers.get('location')!.split('/')[2]!
    expect((await s.fetch(`/articles/${id}`)).status).toBe(404)
    expect(await (await s.fetch('/articles?channel=policy')).text()).not.toContain(input.title)

    const file = await uploadArticleFile(db(), fileStoreFor(s.config), city.principal, id, { bytes: await pdfBytes('附件正文'), name: '补助细则.pdf' }, testMeta)
    expect((await s.fetch(`/articles/${id}/files/${file.id}`)).status).toBe(404)
    const pub = await s.fetch(`/articles/${id}/edit`, { method: 'POST', cookie: cityCookie, body: new URLSearchParams({ intent: 'publish' }) })
    expect(pub.status).toBe(302)

    const page = await (await s.fetch(`/articles/${id}`)).text()
    expect(page).toContain(input.title)
    expect(page).toContain('第二条 补助标准。')
    expect(page).toContain('补助细则.pdf')
    expect(await (await s.fetch('/articles?channel=policy')).text()).toContain(input.title)
    const dl = await s.fetch(`/articles/${id}/files/${file.id}`)
    expect(dl.status).toBe(200)
    expect(dl.headers.get('content-type')).toBe('application/pdf')
    expect(dl.headers.get('content-disposition')).toContain("filename*=UTF-8''%E8%A1%A5")
    expect(Buffer.from(await dl.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    expect(await (await s.fetch('/')).text()).toContain(input.title)

    await expect(withdrawArticle(db(), county.principal, id, '错误', testMeta)).rejects.toMatchObject({ kind: 'forbidden' })
    await withdrawArticle(db(), city.principal, id, '内容有误', testMeta)
    expect((await s.fetch(`/articles/${id}`)).status).toBe(404)
    expect((await s.fetch(`/articles/${id}/files/${file.id}`)).status).toBe(404)
    expect(await (await s.fetch('/articles?channel=policy')).text()).not.toContain(input.title)
    expect(await (await s.fetch('/')).text()).not.toContain(input.title)
    // The editors still see it, marked withdrawn.
    expect(await (await s.fetch(`/articles/${id}`, { cookie: cityCookie })).text()).toContain('内容有误')

    const actions = await db().selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute()
    expect(actions.map((a) => a.action)).toEqual(['article.create', 'article.file.add', 'article.publish', 'article.withdraw'])
  })

  it('render their text as text, never as HTML', async () => {
    const city = await cityOfficer(db())
    const { id } = await createArticle(db(), city.principal, { channel: 'news', title: '<b>标题</b>', body: '<script>alert(1)</script>', source: '' }, testMeta)
    await publishArticle(db(), city.principal, id, testMeta)
    const html = await (await s.fetch(`/articles/${id}`)).text()
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})

describe('views and favourites', () => {
  it('count a view once per visitor and day, only through the beacon, only for live listings', async () => {
    const u = await university()
    const id = await publishedAchievement(db(), u.author, u.admin, u.orgId)
    const count = async (cookie?: string) => (await (await s.fetch(`/achievements/${id}`, { cookie })).text()).match(/(\d+) 次浏览/)?.[1]
    expect(await count()).toBe('0')
    const beacon = (ua: string, cookie?: string) => s.fetch(`/views/achievement/${id}`, { method: 'POST', cookie, headers: { 'user-agent': ua } })
    expect(await (await beacon('browser-a')).json()).toEqual({ views: 1 })
    expect(await (await beacon('browser-a')).json()).toEqual({ views: 1 })
    expect(await (await beacon('browser-b')).json()).toEqual({ views: 2 })
    const ent = await createMember(db(), { type: 'enterprise' })
    const cookie = await s.login(ent.user.email, PASSWORD)
    expect(await (await beacon('browser-a', cookie)).json()).toEqual({ views: 3 })
    expect(await (await beacon('browser-c', cookie)).json()).toEqual({ views: 3 })
    // Reading the page counts nothing by itself.
    expect(await count(cookie)).toBe('3')
    expect(await count(cookie)).toBe('3')
    // A GET is not a view; an unpublished listing has none.
    expect((await s.fetch(`/views/achievement/${id}`)).status).toBe(405)
    const draft = await draftAchievement(db(), u.author, u.orgId)
    expect((await s.fetch(`/views/achievement/${draft}`, { method: 'POST' })).status).toBe(404)
    expect((await s.fetch('/views/achievement/00000000-0000-4000-8000-000000000000', { method: 'POST' })).status).toBe(404)
  })

  it('are private to the user who starred', async () => {
    const u = await university()
    const title = `收藏测试成果 ${Date.now()}`
    const id = await publishedAchievement(db(), u.author, u.admin, u.orgId, { title })
    const a = await createMember(db(), { type: 'enterprise' })
    const b = await createMember(db(), { type: 'enterprise' })
    const ca = await s.login(a.user.email, PASSWORD)
    const cb = await s.login(b.user.email, PASSWORD)
    const star = await s.fetch('/favourites', { method: 'POST', cookie: ca, body: new URLSearchParams({ kind: 'achievement', id, on: '1' }) })
    expect(star.status).toBe(200)
    expect(await (await s.fetch('/my/favourites', { cookie: ca })).text()).toContain(title)
    expect(await (await s.fetch('/my/favourites', { cookie: cb })).text()).not.toContain(title)
    expect((await s.fetch('/my/favourites')).status).toBe(302)
    expect((await s.fetch('/favourites', { method: 'POST', body: new URLSearchParams({ kind: 'achievement', id, on: '1' }) })).status).toBe(401)
    // The star shows on the page for its owner only.
    expect(await (await s.fetch(`/achievements/${id}`, { cookie: ca })).text()).toContain('aria-pressed="true"')
    expect(await (await s.fetch(`/achievements/${id}`, { cookie: cb })).text()).not.toContain('aria-pressed="true"')
    await s.fetch('/favourites', { method: 'POST', cookie: ca, body: new URLSearchParams({ kind: 'achievement', id, on: '0' }) })
    expect(await (await s.fetch('/my/favourites', { cookie: ca })).text()).not.toContain(title)
  })

  it('suggests similar live achievements, never the achievement itself', async () => {
    const u = await university()
    const base = await publishedAchievement(db(), u.author, u.admin, u.orgId, { title: '相似基准成果', keywords: ['热管理', '电池包'] })
    const twin = await publishedAchievement(db(), u.author, u.admin, u.orgId, { title: '相似成果甲', keywords: ['热管理', '液冷'] })
    const ids = (await similarTo(db(), base, 50)).map((r) => r.id)
    expect(ids).toContain(twin)
    expect(ids).not.toContain(base)
    // Without keywords it falls back on the industry alone (and the page does not fail).
    const bare = await publishedAchievement(db(), u.author, u.admin, u.orgId, { title: '无关键词成果', keywords: [] })
    expect((await similarTo(db(), bare, 50)).map((r) => r.id)).toContain(twin)
    expect((await s.fetch(`/achievements/${bare}`)).status).toBe(200)
  })
})

describe('成交公示', () => {
  it('lists registered contracts only, with both parties, and the home page links the latest', async () => {
    const title = `公示合同 ${Date.now()}`
    const r = await registeredContract(db(), { title })
    const hidden = await registeredContract(db(), { title: `${title} 未登记` })
    await db().updateTable('registrations').set({ status: 'submitted', number: null, registered_at: null, year: null, serial: null }).where('id', '=', hidden.registrationId).execute()
    const html = await (await s.fetch('/results')).text()
    expect(html).toContain(title)
    expect(html).not.toContain(`${title} 未登记`)
    const number = (await db().selectFrom('registrations').select('number').where('id', '=', r.registrationId).executeTakeFirstOrThrow()).number!
    expect(html).toContain(number)
    expect(await (await s.fetch('/')).text()).toContain(title)
  })
})

describe('the demo seed of the portal', () => {
  it('runs on its own and once', async () => {
    const city = await cityOfficer(db())
    await db().updateTable('users').set({ email: 'city@demo.kjdsc.cn' }).where('id', '=', city.user.id).execute()
    const store = fileStoreFor(s.config)
    const first = await seedDemoPortal(db(), new Date(), store)
    expect(first.articles).toBeGreaterThanOrEqual(15)
    expect(await seedDemoPortal(db(), new Date(), store)).toEqual({ articles: 0 })
    const files = await db().selectFrom('article_files').innerJoin('articles', 'articles.id', 'article_files.article_id').select(['articles.channel']).execute()
    expect(files.filter((f) => f.channel === 'policy').length).toBeGreaterThanOrEqual(4)
    // Published ones only on the public list; the draft and the withdrawn notice are not.
    const html = await (await s.fetch('/articles?channel=notice')).text()
    expect(html).toContain('关于征集 2027 年度柳州市重大科技成果转化项目的通知')
    expect(html).not.toContain('春节期间平台服务安排')
    expect(html).not.toContain('调整技术合同登记受理时间')
  })
})
