import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertAudit } from '../../db/repos/audit'
import { createMember, createUser, PASSWORD, testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// /admin/audit reads as sentences in the reader's language with names and links
// (not match.need_claimed, user 07ad7af3 and raw JSON); it filters by who, what
// and when, and /admin/audit.csv exports the filtered result for Excel.
// /terms and /privacy exist and are linked from sign-up and the footer.

let server: TestServer
let adminCookie: string
let needId: string
const manager = { name: '张三丰', email: '' }

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  const admin = await createUser(db, { platformAdmin: true, name: '平台管理员甲' })
  adminCookie = await server.login(admin.email, PASSWORD)
  const m = await createUser(db, { name: manager.name })
  manager.email = m.email
  const ent = await createMember(db, { type: 'enterprise', role: 'owner' })
  const need = await db
    .insertInto('needs')
    .values({ org_id: ent.org.id, created_by: ent.user.id, title: '电驱壳体铸造气孔率高', problem: '', desired_outcome: '', industry_code: null, budget_kind: 'negotiable', division_code: '450204' })
    .returning('id')
    .executeTakeFirstOrThrow()
  needId = need.id
  await insertAudit(db, { ...testMeta, actorId: m.id, action: 'match.need_claimed', entityType: 'need_claim', entityId: needId, orgId: ent.org.id, details: { title: '电驱壳体铸造气孔率高' } })
  await insertAudit(db, { ...testMeta, actorId: admin.id, action: 'widget.frobbed', entityType: 'widget', entityId: 'w-1', details: { note: '一段很长的说明文字，不应撑破表格', nested: { a: 1 } } })
})

afterAll(async () => {
  await server?.close()
})

/** The page's HTML without React's text separators; `rows` keeps only the table body. */
const page = async (query = '', o: { en?: boolean; rows?: boolean } = {}) => {
  // The locale cookie (tm_lang) holding "en", as /set-locale writes it.
  const cookie = o.en ? `${adminCookie}; tm_lang=${encodeURIComponent(btoa(JSON.stringify('en')))}` : adminCookie
  const res = await server.fetch(`/admin/audit${query}`, { cookie })
  expect(res.status).toBe(200)
  const html = (await res.text()).replace(/<!-- -->/g, '')
  return o.rows ? (/<tbody>([\s\S]*)<\/tbody>/.exec(html)?.[1] ?? '') : html
}

describe('/admin/audit', () => {
  it('says who did what to which record, with links, in Chinese', async () => {
    const html = await page('', { rows: true })
    expect(html).toMatch(new RegExp(`${manager.name}</a> 认领了需求《<a [^>]*href="/needs/${needId}">电驱壳体铸造气孔率高</a>》`))
    expect(html).not.toContain('>match.need_claimed<')
    expect(html).not.toContain(`need_claim ${needId.slice(0, 8)}`)
    // Details are a key: value list, not JSON.
    expect(html).toMatch(/<dt>note<\/dt><dd>一段很长的说明文字，不应撑破表格<\/dd>/)
    expect(html).not.toContain('{&quot;note&quot;')
    // An action without a sentence of its own is humanised.
    expect(html).toContain('widget · frobbed')
  })

  it('speaks English to an English reader', async () => {
    const html = await page('', { en: true })
    expect(html).toMatch(/claimed the need “<a [^>]*href="\/needs\/[0-9a-f-]+">电驱壳体铸造气孔率高<\/a>”/)
  })

  it('filters by who (part of a name or e-mail), what and when', async () => {
    const byName = await page(`?who=${encodeURIComponent('三丰')}`, { rows: true })
    expect(byName).toContain('认领了需求')
    expect(byName).not.toContain('widget · frobbed')
    const byEmail = await page(`?who=${encodeURIComponent(manager.email.toUpperCase())}`, { rows: true })
    expect(byEmail).toContain('认领了需求')
    const byType = await page('?entityType=widget', { rows: true })
    expect(byType).toContain('widget · frobbed')
    expect(byType).not.toContain('认领了需求')
    const byAction = await page('?action=match.need_claimed', { rows: true })
    expect(byAction).toContain('认领了需求')
    expect(byAction).not.toContain('widget · frobbed')
    expect(await page('?to=2020-01-01')).toContain('没有符合条件的记录')
  })

  it('exports the filtered entries as CSV with a UTF-8 BOM', async () => {
    const res = await server.fetch(`/admin/audit.csv?who=${encodeURIComponent('三丰')}`, { cookie: adminCookie })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n')
    expect(lines[0]).toBe('时间,记录,操作人,操作人邮箱,操作代码,对象类型,对象编号,对象名称,机构,来源地址,详情')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(`张三丰 认领了需求《电驱壳体铸造气孔率高》,张三丰,${manager.email},match.need_claimed,need_claim,${needId}`)
  })

  it('is for platform admins only', async () => {
    const other = await createUser(testDb())
    const cookie = await server.login(other.email, PASSWORD)
    expect((await server.fetch('/admin/audit.csv', { cookie })).status).toBe(403)
  })
})

describe('/terms and /privacy', () => {
  it('are pages in Chinese and English, linked from sign-up and the footer', async () => {
    const terms = await (await server.fetch('/terms')).text()
    expect(terms).toContain('<h1')
    expect(terms).toContain('服务条款')
    expect(terms).toContain('统一社会信用代码')
    expect(terms).toContain('保密条款')
    const privacy = await (await server.fetch('/privacy')).text()
    expect(privacy).toContain('隐私政策')
    expect(privacy).toContain('审计日志')
    expect(privacy).toContain('保存 3 年')
    expect(privacy).toContain('柳州市科学技术局')
    const en = await (await server.fetch('/privacy', { headers: { 'Accept-Language': 'en' } })).text()
    expect(en).toContain('Privacy policy')
    expect(en).toContain('unified social credit code')
    const signup = await (await server.fetch('/signup')).text()
    expect(signup).toMatch(/href="\/terms"[^>]*>《服务条款》/)
    expect(signup).toMatch(/href="\/privacy"[^>]*>《隐私政策》/)
    expect(terms).toMatch(/<footer[\s\S]*href="\/privacy"/)
  })
})
