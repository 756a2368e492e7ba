import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countCatalogs } from '../../db/repos/catalogs'
import { setAchievementStatus, updateAchievementContent } from '../../db/repos/achievements'
import { DomainError } from '../../server/platform/errors'
import { catalogEdition, publishCatalog } from '../../server/listings/catalogs/service'
import { transitionListing } from '../../server/listings/workflow'
import type { Principal } from '../../server/identity/principal'
import { achievementFormInput, draftAchievementFor, liveAchievementFor, universityWithResearcher } from '../helpers/catalog-fixtures'
import { createMember, createUser, PASSWORD, principalFor, testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// Catalog editions (成果目录): publishing takes a snapshot of the
// organisation's live achievements only; an edition never changes afterwards;
// only the institution's admins may publish; the downloads are a real PDF with
// the embedded CJK font, an XLSX and a CSV (with BOM) carrying Chinese text.

let server: TestServer
let uniId: string
let admin: Principal & { email: string }
let researcher: Principal & { email: string }
let otherAdmin: Principal
let enterpriseOwner: Principal
let platformAdmin: Principal
let pendingUniAdmin: Principal
let live1: string
let live2: string
let draft: string
let submitted: string
let expired: string
let otherOrgLive: string

async function expectDomainError(p: Promise<unknown>, kind: DomainError['kind'], key?: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(DomainError)
  expect((err as DomainError).kind).toBe(kind)
  if (key) expect((err as DomainError).messageKey).toBe(key)
}

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  ;({ uniId, admin, researcher } = await universityWithResearcher(db))
  const other = await createMember(db, { type: 'institute', role: 'owner' })
  otherAdmin = other.principal
  enterpriseOwner = (await createMember(db, { type: 'enterprise', role: 'owner' })).principal
  pendingUniAdmin = (await createMember(db, { type: 'university', role: 'admin', status: 'pending' })).principal
  platformAdmin = await principalFor(db, (await createUser(db, { platformAdmin: true })).id)

  live1 = await liveAchievementFor(db, admin, uniId, { title: '汽车轮毂低压铸造缺陷在线检测系统', industryCode: 'auto.parts' })
  live2 = await liveAchievementFor(db, admin, uniId, {
    title: '甘蔗渣制备可降解餐具成型工艺',
    industryCode: 'agrifood.sugar',
    priceKind: 'negotiable',
    priceMin: undefined,
    priceMax: undefined,
  })
  draft = await draftAchievementFor(db, researcher, uniId, { title: '仍在草稿中的成果不应收录' })
  submitted = await draftAchievementFor(db, admin, uniId, { title: '待审核的成果不应收录' })
  await transitionListing(db, admin, 'achievement', submitted, 'submit', { ttlMonths: 12 }, testMeta)
  expired = await liveAchievementFor(db, admin, uniId, { title: '已过期的成果不应收录' })
  await setAchievementStatus(db, expired, { status: 'published', expiresAt: new Date(Date.now() - 86_400_000) })
  otherOrgLive = await liveAchievementFor(db, otherAdmin, other.org.id, { title: '其他单位的成果不应收录' })
})

afterAll(async () => {
  await server?.close()
})

describe('publishing an edition', () => {
  let catalogId: string

  it('snapshots the live achievements of that organisation only, grouped by industry, without confidential details', async () => {
    const db = testDb()
    const r = await publishCatalog(db, admin, { orgId: uniId, title: '测试大学科技成果目录（2026年版）', editionDate: '2026-11-26' }, testMeta)
    catalogId = r.id
    expect(r.items).toBe(2)
    const { catalog, items } = await catalogEdition(db, catalogId)
    expect(catalog.edition_date).toBe('2026-11-26')
    expect(catalog.item_count).toBe(2)
    expect(items.map((i) => i.achievementId)).toEqual([live1, live2]) // 汽车 comes before 农业 in the taxonomy
    expect(items.map((i) => i.number)).toEqual([1, 2])
    const ids = items.map((i) => i.achievementId)
    for (const excluded of [draft, submitted, expired, otherOrgLive]) expect(ids).not.toContain(excluded)
    const s = items[0]!.snapshot
    expect(s).toMatchObject({
      title: '汽车轮毂低压铸造缺陷在线检测系统',
      trl: 7,
      transactionModes: ['licence', 'service'],
      priceKind: 'range',
      priceMinFen: 30_000_000,
      priceMaxFen: 60_000_000,
      industryCode: 'auto.parts',
      sectorCode: 'auto',
      sectorNameZh: '汽车及新能源汽车',
      ipRights: [{ kind: 'invention_patent', number: 'CN201710601862.3', status: 'granted', territory: 'CN' }],
    })
    expect(items[1]!.snapshot.priceKind).toBe('negotiable')
    expect(JSON.stringify(items)).not.toContain('保密')
  })

  it('never changes afterwards, whatever happens to the achievements', async () => {
    const db = testDb()
    await updateAchievementContent(db, live1, { ...achievementFormInput(uniId, { title: '改过名字的成果' }), createdBy: admin.userId, importKey: null }, admin.userId)
    await transitionListing(db, platformAdmin, 'achievement', live2, 'takedown', { reason: '测试下架', ttlMonths: 12 }, testMeta)
    const { items } = await catalogEdition(db, catalogId)
    expect(items.map((i) => i.snapshot.title)).toEqual(['汽车轮毂低压铸造缺陷在线检测系统', '甘蔗渣制备可降解餐具成型工艺'])

    // A new edition sees the changes; the old one still does not.
    const next = await publishCatalog(db, admin, { orgId: uniId, title: '测试大学科技成果目录（2027年版）', editionDate: '2027-01-15' }, testMeta)
    const second = await catalogEdition(db, next.id)
    expect(second.items.map((i) => i.snapshot.title)).toEqual(['改过名字的成果'])
    expect((await catalogEdition(db, catalogId)).items).toHaveLength(2)
  })

  it('is refused to everyone but the organisation’s admins, and when nothing is live', async () => {
    const db = testDb()
    const input = { orgId: uniId, title: '不该出现的目录', editionDate: '2026-11-27' }
    const before = await countCatalogs(db)
    await expectDomainError(publishCatalog(db, researcher, input, testMeta), 'forbidden')
    await expectDomainError(publishCatalog(db, otherAdmin, input, testMeta), 'forbidden')
    await expectDomainError(publishCatalog(db, enterpriseOwner, input, testMeta), 'forbidden')
    await expectDomainError(publishCatalog(db, platformAdmin, input, testMeta), 'forbidden')
    const pendingOrg = pendingUniAdmin.memberships[0]!.orgId
    await expectDomainError(publishCatalog(db, pendingUniAdmin, { ...input, orgId: pendingOrg }, testMeta), 'forbidden')
    const empty = await createMember(db, { type: 'university', role: 'owner' })
    await expectDomainError(publishCatalog(db, empty.principal, { ...input, orgId: empty.org.id }, testMeta), 'invalid', 'catalogs.errors.noLive')
    expect(await countCatalogs(db)).toBe(before)
  })

  it('over HTTP: the admin publishes and is sent back to the desk; a researcher gets 403; a bad date is a field error', async () => {
    const db = testDb()
    const adminCookie = await server.login(admin.email, PASSWORD)
    const researcherCookie = await server.login(researcher.email, PASSWORD)
    const body = (o: Record<string, string> = {}) => new URLSearchParams({ orgId: uniId, title: '网页发布的目录', editionDate: '2026-12-01', ...o })

    const before = await countCatalogs(db)
    const refused = await server.fetch('/catalogs/manage', { method: 'POST', cookie: researcherCookie, body: body() })
    expect(refused.status).toBe(403)
    const bad = await server.fetch('/catalogs/manage', { method: 'POST', cookie: adminCookie, body: body({ editionDate: '2026-02-30' }) })
    expect(bad.status).toBe(400)
    expect(await countCatalogs(db)).toBe(before)

    const ok = await server.fetch('/catalogs/manage', { method: 'POST', cookie: adminCookie, body: body() })
    expect(ok.status).toBe(302)
    const location = ok.headers.get('location')!
    expect(location).toMatch(new RegExp(`^/catalogs/manage\\?org=${uniId}&published=[0-9a-f-]{36}$`))
    expect(await countCatalogs(db)).toBe(before + 1)
    const page = await server.fetch(location, { cookie: adminCookie })
    expect(await page.text()).toContain('网页发布的目录')
  })
})

describe('the public pages and downloads', () => {
  let catalogId: string
  beforeAll(async () => {
    catalogId = (await publishCatalog(testDb(), admin, { orgId: uniId, title: '下载测试目录（2026年版）', editionDate: '2026-11-28' }, testMeta)).id
  })

  it('lists editions newest first and shows the edition with its items', async () => {
    const list = await (await server.fetch('/catalogs')).text()
    expect(list).toContain('下载测试目录（2026年版）')
    expect(list.indexOf('测试大学科技成果目录（2027年版）')).toBeLessThan(list.indexOf('下载测试目录（2026年版）'))
    const page = await server.fetch(`/catalogs/${catalogId}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<h1>下载测试目录（2026年版）</h1>')
    expect(html).toContain('改过名字的成果')
    expect(html).toContain('冷镦开裂率由 3.2% 降至 0.4%')
    expect(html).toContain(`/catalogs/${catalogId}.pdf`)
  })

  it('serves a PDF that embeds the CJK font and shows the Chinese text', async () => {
    const res = await server.fetch(`/catalogs/${catalogId}.pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('下载测试目录（2026年版）-2026-11-28.pdf')}`)
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/)
    expect(pdf.toString('latin1')).toMatch(/\/FontFile3 \d+ 0 R/) // the font program itself is embedded
    // Where poppler's pdftotext is installed, check the words come out as Chinese.
    let pdftotext = true
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    } catch {
      pdftotext = false
    }
    if (pdftotext) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-pdf-'))
      try {
        writeFileSync(path.join(dir, 'c.pdf'), pdf)
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'c.pdf'), '-'], { encoding: 'utf8' })
        expect(text).toContain('科技成果目录')
        expect(text).toContain('改过名字的成果')
        expect(text).toMatch(/第\s*\d+\s*页\s*\/\s*共\s*\d+\s*页/)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    } else {
      console.log('[catalog PDF] Chinese text check skipped: pdftotext (poppler-utils) is not installed; .ci/run installs it.')
    }
  })

  it('serves an XLSX with Chinese headers and a row per entry', async () => {
    const res = await server.fetch(`/catalogs/${catalogId}.xlsx`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    const ws = wb.worksheets[0]!
    const header = (ws.getRow(1).values as unknown[]).slice(1)
    expect(header).toEqual(['序号', '成果名称', '行业大类', '所属行业', '技术成熟度', '交易方式', '参考价格', '量化效益', '成果简介', '关键词', '知识产权', '成果链接'])
    const row = (ws.getRow(2).values as unknown[]).slice(1)
    expect(row.slice(0, 7)).toEqual([1, '改过名字的成果', '汽车及新能源汽车', '汽车及新能源汽车 · 汽车零部件', 'TRL 7 · 实际环境示范', '许可、技术服务', '30 万元 – 60 万元'])
    expect(ws.rowCount).toBe(2)
  })

  it('serves a CSV in UTF-8 with a byte-order mark, in English when asked', async () => {
    const res = await server.fetch(`/catalogs/${catalogId}.csv`)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    const [header, first] = text.split('\r\n')
    expect(header).toBe('序号,成果名称,行业大类,所属行业,技术成熟度,交易方式,参考价格,量化效益,成果简介,关键词,知识产权,成果链接')
    expect(first).toContain('1,改过名字的成果,汽车及新能源汽车')
    expect(first).toContain('冷镦开裂率由 3.2% 降至 0.4%，单件成本降低 12%。')

    const en = await server.fetch(`/catalogs/${catalogId}.csv`, { headers: { 'accept-language': 'en-GB,en' } })
    expect((await en.text()).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('No.,Title,Industry group,Industry,Maturity,Modes,Price,Benefit,Summary,Keywords,IP rights,Link')
  })

  it('answers 404 for an edition that does not exist', async () => {
    for (const p of ['/catalogs/00000000-0000-4000-8000-000000000000.pdf', '/catalogs/nope.xlsx', '/catalogs/00000000-0000-4000-8000-000000000000']) {
      expect((await server.fetch(p)).status).toBe(404)
    }
  })
})
