import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findImportJob, listImportErrors } from '../../db/repos/import-jobs'
import { insertMembership } from '../../db/repos/organisations'
import { DomainError } from '../../server/platform/errors'
import { EXAMPLE_ROW, IMPORT_COLUMNS, TEMPLATE_HEADERS, type ImportColumn } from '../../server/listings/import/columns'
import { toCsv } from '../../server/listings/import/csv'
import { startImport } from '../../server/listings/import/jobs'
import { CHUNK_ROWS, importHandler, runImportChunk } from '../../server/listings/import/runner'
import { createLogger } from '../../server/platform/logger'
import { drainOutbox } from '../../server/platform/outbox-worker'
import type { Principal } from '../../server/identity/principal'
import { universityWithResearcher } from '../helpers/catalog-fixtures'
import { createMember, createUser, PASSWORD, principalFor, testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// Bulk import: good rows become drafts through the same schema as the form,
// each bad row is reported with its row number, column header and reason,
// importing the same file again adds nothing (duplicates are counted), large
// files run in chunks, and only the institution's admins may import.

const log = createLogger('silent')
let server: TestServer
let uniId: string
let admin: Principal & { email: string }
let researcher: Principal & { email: string }
let otherAdmin: Principal & { email: string }
let enterpriseOwner: Principal

type Row = Partial<Record<ImportColumn, string>>
const row = (o: Row = {}): Record<ImportColumn, string> => ({ ...EXAMPLE_ROW, ...o })
const cells = (r: Record<ImportColumn, string>) => IMPORT_COLUMNS.map((c) => r[c])
const HEADER = IMPORT_COLUMNS.map((c) => TEMPLATE_HEADERS[c])

/** The test file: rows 2–3 good, 4–6 bad, 7 blank (skipped), 8 a repeat of row 2. */
const GOOD_1 = row({ title: '导入测试：发动机缸体高压冷却加工工艺' })
const GOOD_2 = row({
  title: '导入测试：柳州螺蛳粉汤料低温杀菌保鲜技术',
  industry: 'agrifood.processing',
  modes: '转让',
  priceKind: '一口价',
  priceMin: '45',
  priceMax: '',
  ipRights: '',
  contributors: '测试大学:单位:100',
})
const BAD_TITLE_SHARES = row({ title: '短', contributors: '测试大学:单位:60;覃明远:个人:30' })
const BAD_MODE_PATENT = row({ title: '导入测试：错误的交易方式与专利号', modes: '转让、赠送', ipRights: '发明专利:ZL201710601862.4:已授权;外观设计:CN305123456S:申请中' })
const BAD_INDUSTRY_BENEFIT = row({ title: '导入测试：未知行业', industry: '航空航天', benefit: '效益非常显著，深受欢迎' })
const BLANK = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, ''])) as Record<ImportColumn, string>
const ROWS = [GOOD_1, GOOD_2, BAD_TITLE_SHARES, BAD_MODE_PATENT, BAD_INDUSTRY_BENEFIT, BLANK, GOOD_1]

const csvFile = (rows: Record<ImportColumn, string>[], header = HEADER) => Buffer.from(toCsv([header, ...rows.map(cells)]), 'utf8')

async function xlsxFile(rows: Record<ImportColumn, string>[], opts: { titleRow?: string } = {}) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('成果')
  if (opts.titleRow) ws.addRow([opts.titleRow])
  ws.addRow(HEADER)
  for (const r of rows) {
    // Numbers typed as numbers, as Excel stores them.
    ws.addRow(IMPORT_COLUMNS.map((c) => (['trl', 'priceMin', 'priceMax'].includes(c) && r[c] !== '' && !Number.isNaN(Number(r[c])) ? Number(r[c]) : r[c])))
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Runs the outbox (as the server's worker does) until nothing is left. */
async function runOutbox() {
  const handlers = { import: importHandler(testDb(), log), email: async () => {} }
  for (let i = 0; i < 100 && (await drainOutbox(testDb(), handlers, log)) > 0; i++) {
    /* keep draining */
  }
}

async function importAndRun(who: Principal, bytes: Buffer, filename = 'achievements.csv') {
  const jobId = await startImport(testDb(), who, { orgId: uniId, filename, bytes }, testMeta)
  await runOutbox()
  return { jobId, job: (await findImportJob(testDb(), jobId))!, errors: await listImportErrors(testDb(), jobId) }
}

async function achievementCount() {
  const r = await sql<{ n: number }>`select count(*)::int as n from achievements where org_id = ${uniId}`.execute(testDb())
  return r.rows[0]!.n
}

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  ;({ uniId, admin, researcher } = await universityWithResearcher(db))
  const o = await createMember(db, { type: 'university', role: 'owner' })
  otherAdmin = { ...o.principal, email: o.user.email }
  enterpriseOwner = (await createMember(db, { type: 'enterprise', role: 'owner' })).principal
})

afterAll(async () => {
  await server?.close()
})

describe('importing a CSV with good and bad rows', () => {
  let firstJob: string

  it('turns the good rows into drafts and reports each bad one with row, column and reason', async () => {
    const before = await achievementCount()
    const { jobId, job, errors } = await importAndRun(admin, csvFile(ROWS))
    firstJob = jobId
    expect(job).toMatchObject({ status: 'done', total_rows: 6, processed_rows: 6, created_rows: 2, duplicate_rows: 1, error_rows: 3, failure: null })
    expect(await achievementCount()).toBe(before + 2)

    expect(errors).toEqual([
      { row: 4, column: '成果名称', message: 'errors.minLength|min=4' },
      { row: 4, column: '权利人及份额(名称:类型:百分比;…)', message: 'errors.sharesSum|total=90' },
      { row: 5, column: '交易方式(用、分隔)', message: 'errors.mode' },
      { row: 5, column: '知识产权(类型:号码:状态;…)', message: 'errors.patent.check|expected=3', item: 1 },
      { row: 6, column: '所属行业(代码或名称)', message: `import.errors.unknownIndustry|value=${encodeURIComponent('航空航天')}` },
      { row: 6, column: '效益(量化)', message: 'errors.benefitQuantified' },
    ])

    const drafts = await testDb()
      .selectFrom('achievements')
      .select(['id', 'title', 'status', 'created_by', 'import_key', 'industry_code', 'trl', 'transaction_modes', 'price_kind', 'price_min_fen', 'price_max_fen', 'keywords'])
      .where('org_id', '=', uniId)
      .where('title', 'like', '导入测试：%')
      .orderBy('title')
      .execute()
    expect(drafts.map((d) => d.title).sort()).toEqual([GOOD_1.title, GOOD_2.title].sort())
    for (const d of drafts) {
      expect(d.status).toBe('draft')
      expect(d.created_by).toBe(admin.userId)
      expect(d.import_key).toMatch(/^[0-9a-f]{64}$/)
    }
    const first = drafts.find((d) => d.title === GOOD_1.title)!
    expect(first).toMatchObject({ industry_code: 'auto.thermal', trl: 7, transaction_modes: ['licence', 'co_development'], price_kind: 'range', price_min_fen: 80_000_000, price_max_fen: 150_000_000, keywords: ['液冷板', '电池热管理', '钎焊'] })
    const second = drafts.find((d) => d.title === GOOD_2.title)!
    expect(second).toMatchObject({ industry_code: 'agrifood.processing', transaction_modes: ['transfer'], price_kind: 'amount', price_min_fen: 45_000_000, price_max_fen: 45_000_000 })
    const ip = await testDb().selectFrom('achievement_ip_rights').select(['kind', 'number', 'status']).where('achievement_id', '=', first.id).execute()
    expect(ip).toEqual([{ kind: 'invention_patent', number: 'CN201710601862.3', status: 'granted' }])
    const owners = await testDb().selectFrom('achievement_contributors').select(['name', 'kind', 'share_ppm']).where('achievement_id', '=', first.id).orderBy('position').execute()
    expect(owners).toEqual([
      { name: '柳州理工大学', kind: 'organisation', share_ppm: 700_000 },
      { name: '覃明远', kind: 'researcher', share_ppm: 200_000 },
      { name: '韦丽萍', kind: 'researcher', share_ppm: 100_000 },
    ])
    // Audited: each draft, and the job's start and end.
    const audit = await testDb().selectFrom('audit_log').select(['action', 'entity_id', 'details']).where('org_id', '=', uniId).execute()
    expect(audit.filter((a) => a.action === 'achievement.created' && (a.details as any).importJobId === jobId)).toHaveLength(2)
    expect(audit.filter((a) => a.entity_id === jobId).map((a) => a.action).sort()).toEqual(['import.finished', 'import.started'])
    // The file is not kept once the job is done.
    const src = await testDb().selectFrom('import_jobs').select('source').where('id', '=', jobId).executeTakeFirstOrThrow()
    expect(src.source).toBeNull()
  })

  it('adds nothing when the same file is imported again, and counts the duplicates', async () => {
    const before = await achievementCount()
    const { jobId, job } = await importAndRun(admin, csvFile(ROWS))
    expect(jobId).not.toBe(firstJob)
    expect(job).toMatchObject({ status: 'done', created_rows: 0, duplicate_rows: 3, error_rows: 3 })
    expect(await achievementCount()).toBe(before)
  })

  it('recognises the same rows in another column order and with different spacing', async () => {
    const before = await achievementCount()
    const order = [...IMPORT_COLUMNS].reverse()
    const text = toCsv([order.map((c) => TEMPLATE_HEADERS[c]), ...[GOOD_1, GOOD_2].map((r) => order.map((c) => `  ${r[c]}`))])
    const { job } = await importAndRun(admin, Buffer.from(text, 'utf8'))
    expect(job).toMatchObject({ status: 'done', created_rows: 0, duplicate_rows: 2, error_rows: 0 })
    expect(await achievementCount()).toBe(before)
  })

  it('reads a CSV saved by Excel on Chinese Windows (GB18030, no BOM)', async () => {
    const gbk = row({ title: '导入测试：GBK 编码的行' })
    const utf8 = toCsv([HEADER, cells(gbk)]).slice(1)
    // Encode as GB18030 by round-tripping through the decoder's table.
    const bytes = encodeGb18030(utf8)
    const { job } = await importAndRun(admin, bytes)
    expect(job).toMatchObject({ status: 'done', created_rows: 1, error_rows: 0 })
  })
})

/** A tiny GB18030 encoder for the test: the decoder's table inverted over the characters used. */
function encodeGb18030(text: string) {
  const dec = new TextDecoder('gb18030')
  const table = new Map<string, number[]>()
  const chars = new Set([...text].filter((ch) => ch.charCodeAt(0) > 0x7f))
  for (let hi = 0x81; hi <= 0xfe && table.size < chars.size; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue
      const ch = dec.decode(new Uint8Array([hi, lo]))
      if (chars.has(ch) && !table.has(ch)) table.set(ch, [hi, lo])
    }
  }
  const out: number[] = []
  for (const ch of text) {
    if (ch.charCodeAt(0) <= 0x7f) out.push(ch.charCodeAt(0))
    else if (table.has(ch)) out.push(...table.get(ch)!)
    else throw new Error(`no 2-byte GB18030 code for ${ch}`)
  }
  return Buffer.from(out)
}

describe('importing an XLSX', () => {
  it('reads numbers, a title line above the header, and reports Excel’s own row numbers', async () => {
    const good = row({ title: '导入测试：XLSX 中的合格行', trl: '6', priceMin: '12.5', priceMax: '30' })
    const bad = row({ title: '导入测试：XLSX 中的价格区间倒置', priceMin: '80', priceMax: '20' })
    const noOwners = row({ title: '导入测试：XLSX 中缺少权利人', contributors: '' })
    const file = await xlsxFile([good, bad, noOwners], { titleRow: '柳州理工大学 2026 年成果批量导入' })
    const { job, errors } = await importAndRun(admin, file, '成果.xlsx')
    expect(job).toMatchObject({ status: 'done', total_rows: 3, created_rows: 1, error_rows: 2 })
    expect(errors).toEqual([
      { row: 4, column: '价格上限(万元)', message: 'errors.rangeOrder' },
      { row: 5, column: '权利人及份额(名称:类型:百分比;…)', message: 'errors.contributors' },
    ])
    const created = await testDb().selectFrom('achievements').select(['trl', 'price_min_fen']).where('title', '=', good.title).executeTakeFirstOrThrow()
    expect(created).toEqual({ trl: 6, price_min_fen: 12_500_000 })
  })

  it('runs a large file in chunks of CHUNK_ROWS, and a stale or repeated delivery changes nothing', async () => {
    const n = CHUNK_ROWS * 2 + 37
    const rows = Array.from({ length: n }, (_, i) => row({ title: `导入测试：批量成果第 ${i + 1} 号`, trl: String((i % 9) + 1) }))
    rows[CHUNK_ROWS + 3] = row({ title: '导入测试：第二块中的坏行', trl: '10' })
    const before = await achievementCount()
    const jobId = await startImport(testDb(), admin, { orgId: uniId, filename: 'big.xlsx', bytes: await xlsxFile(rows) }, testMeta)
    // Deliver chunk by chunk, checking progress in between.
    expect(await runImportChunk(testDb(), { jobId, offset: 0, meta: testMeta })).toBe('more')
    expect(await findImportJob(testDb(), jobId)).toMatchObject({ status: 'running', total_rows: n, processed_rows: CHUNK_ROWS, created_rows: CHUNK_ROWS })
    expect(await runImportChunk(testDb(), { jobId, offset: 0, meta: testMeta })).toBe('stale') // a repeated delivery
    await runOutbox()
    const job = (await findImportJob(testDb(), jobId))!
    expect(job).toMatchObject({ status: 'done', total_rows: n, processed_rows: n, created_rows: n - 1, duplicate_rows: 0, error_rows: 1 })
    expect(await listImportErrors(testDb(), jobId)).toEqual([{ row: CHUNK_ROWS + 5, column: '技术成熟度', message: 'errors.trl' }])
    expect(await achievementCount()).toBe(before + n - 1)
    expect(await runImportChunk(testDb(), { jobId, offset: n, meta: testMeta })).toBe('stale')
  })
})

describe('files that cannot be imported', () => {
  it('refuses what is neither XLSX nor CSV before queuing anything', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
    for (const bytes of [png, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), Buffer.alloc(0)]) {
      const err = await startImport(testDb(), admin, { orgId: uniId, filename: 'x.csv', bytes }, testMeta).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DomainError)
      expect((err as DomainError).fieldErrors.file?.[0]).toMatch(/^import\.errors\.(type|empty)$/)
    }
  })

  it('fails the job, saying which columns are missing', async () => {
    const header = HEADER.filter((h) => !h.startsWith('效益') && !h.startsWith('技术成熟度'))
    const body = [GOOD_1].map((r) => IMPORT_COLUMNS.filter((c) => c !== 'benefit' && c !== 'trl').map((c) => r[c]))
    const { job } = await importAndRun(admin, Buffer.from(toCsv([header, ...body]), 'utf8'))
    expect(job.status).toBe('failed')
    expect(job.failure).toBe(`import.failure.missingColumns|columns=${encodeURIComponent('技术成熟度、效益(量化)')}`)
  })
})

describe('who may import', () => {
  it('refuses members without the right, other institutions and enterprises', async () => {
    for (const who of [researcher, otherAdmin, enterpriseOwner]) {
      const err = await startImport(testDb(), who, { orgId: uniId, filename: 'a.csv', bytes: csvFile([GOOD_1]) }, testMeta).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DomainError)
      expect((err as DomainError).kind).toBe('forbidden')
    }
  })

  it('stops a queued job when its uploader is no longer an admin', async () => {
    const db = testDb()
    const u = await createUser(db)
    await insertMembership(db, { orgId: uniId, userId: u.id, role: 'admin' })
    const jobId = await startImport(db, await principalFor(db, u.id), { orgId: uniId, filename: 'a.csv', bytes: csvFile([row({ title: '导入测试：撤权后不应创建' })]) }, testMeta)
    await db.updateTable('memberships').set({ role: 'member' }).where('user_id', '=', u.id).execute()
    await runOutbox()
    expect(await findImportJob(db, jobId)).toMatchObject({ status: 'failed', failure: 'import.failure.forbidden', created_rows: 0 })
  })

  it('over HTTP: the admin uploads and follows the job; a researcher gets 403, another institution 404', async () => {
    const adminCookie = await server.login(admin.email, PASSWORD)
    const researcherCookie = await server.login(researcher.email, PASSWORD)
    const otherCookie = await server.login(otherAdmin.email, PASSWORD)
    const form = () => {
      const f = new FormData()
      f.set('orgId', uniId)
      f.set('file', new File([csvFile([...ROWS, row({ title: '导入测试：网页上传的新行' })])], '网页上传.csv', { type: 'text/csv' }))
      return f
    }
    expect((await server.fetch('/achievements/import', { method: 'POST', cookie: researcherCookie, body: form() })).status).toBe(403)

    const res = await server.fetch('/achievements/import', { method: 'POST', cookie: adminCookie, body: form() })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/achievements\/import\/[0-9a-f-]{36}$/)
    const queued = await (await server.fetch(location, { cookie: adminCookie })).text()
    expect(queued).toContain('排队中')
    await runOutbox()
    const page = await (await server.fetch(location, { cookie: adminCookie })).text()
    expect(page).toContain('已完成')
    expect(page).toContain('至少 4 个字。')
    expect(page).toContain('第 1 项：专利号校验位不正确')

    const report = await server.fetch(`${location}/report.csv`, { cookie: adminCookie })
    expect(report.status).toBe(200)
    const bytes = Buffer.from(await report.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n')
    expect(lines[0]).toBe('行号,列,原因')
    expect(lines[1]).toBe('4,成果名称,至少 4 个字。')
    expect(lines).toHaveLength(7)

    expect((await server.fetch(location, { cookie: researcherCookie })).status).toBe(403)
    expect((await server.fetch(location, { cookie: otherCookie })).status).toBe(404)
    expect((await server.fetch(`${location}/report.xlsx`, { cookie: otherCookie })).status).toBe(404)

    const wrongType = new FormData()
    wrongType.set('orgId', uniId)
    wrongType.set('file', new File([Buffer.from('MZ\x90\x00\x03\x00\x00\x00binary')], 'evil.csv'))
    const refused = await server.fetch('/achievements/import', { method: 'POST', cookie: adminCookie, body: wrongType })
    expect(refused.status).toBe(400)
  })

  it('offers the template with the Chinese headers and the example row', async () => {
    const cookie = await server.login(admin.email, PASSWORD)
    const csv = await server.fetch('/achievements/import/template.csv', { cookie })
    const text = (await csv.text()).replace(/^\uFEFF/, '')
    expect(text.split('\r\n')[0]).toBe('成果名称,成果简介(公开),机密详情,所属行业(代码或名称),技术成熟度,交易方式(用、分隔),报价方式(面议/一口价/区间),价格下限(万元),价格上限(万元),效益(量化),关键词,知识产权(类型:号码:状态;…),权利人及份额(名称:类型:百分比;…)')
    const xlsx = await server.fetch('/achievements/import/template.xlsx', { cookie })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER)
    expect((wb.worksheets[0]!.getRow(2).values as unknown[])[1]).toBe(EXAMPLE_ROW.title)
  })
})
