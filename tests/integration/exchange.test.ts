import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Database } from '../../db/index'
import { apiExchangePage } from '../../server/exchange/api'
import { DATASET_KEYS, DATASETS, type DatasetKey, type ExportFormat } from '../../server/exchange/datasets'
import { startExport } from '../../server/exchange/export'
import { exchangeImportReport, proposeImportedProject, startExchangeImport } from '../../server/exchange/import'
import { ExchangeApiQuery } from '../../server/exchange/schemas'
import { createApiToken, principalForApiToken } from '../../server/identity/api-tokens'
import type { Principal } from '../../server/identity/principal'
import { csvRows } from '../../server/listings/import/csv'
import { DomainError } from '../../server/platform/errors'
import { createMember, testMeta } from '../helpers/factories'
import { cityOfficer, countyOfficer, registeredContract } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// The data exchange as an officer or a partner platform would notice it: the
// three export formats carry the same rows; a county officer's exports and a
// county's API token see only that county; other organisations get 403; the
// national registration system's file is matched, created and reported row by
// row, and importing it again changes nothing.

const YEAR = 2027

async function body(stream: ReadableStream<Uint8Array>) {
  return Buffer.from(await new Response(stream).arrayBuffer())
}

async function exported(db: Database, p: Principal, ds: DatasetKey, format: ExportFormat, f: { year?: number; county?: string } = {}) {
  const out = await startExport(db, p, ds, format, f, 'zh-CN', testMeta)
  return body(out.body)
}

/** The rows of an export as arrays of text cells, without the header. */
async function rowsOf(db: Database, p: Principal, ds: DatasetKey, format: ExportFormat, f: { year?: number; county?: string } = {}) {
  const buf = await exported(db, p, ds, format, f)
  const columns = DATASETS[ds].columns
  if (format === 'json') {
    const doc = JSON.parse(buf.toString('utf8')) as { columns: string[]; rows: Record<string, string | number | null>[] }
    expect(doc.columns).toEqual(columns.map((c) => c.key))
    return doc.rows.map((r) => columns.map((c) => (r[c.key] === null ? '' : String(r[c.key]))))
  }
  if (format === 'csv') {
    const text = buf.toString('utf8')
    expect(text.startsWith('\uFEFF')).toBe(true)
    const all = [...csvRows(text)]
    expect(all[0]).toEqual(columns.map((c) => c.zh))
    return all.slice(1)
  }
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer)
  const ws = wb.worksheets[0]!
  const out: string[][] = []
  ws.eachRow((row, n) => {
    const cells = columns.map((_, i) => {
      const v = row.getCell(i + 1).value
      return v === null || v === undefined ? '' : String(v)
    })
    if (n === 1) expect(cells).toEqual(columns.map((c) => c.zh))
    else out.push(cells)
  })
  return out
}

/** A registered contract in YEAR whose buyer is in `county`. */
async function contractIn(db: Database, county: string, o: { contractAmountFen?: number } = {}) {
  const r = await registeredContract(db, { registeredAt: new Date(`${YEAR}-05-10T04:00:00Z`), contractAmountFen: o.contractAmountFen })
  // The signed contract is frozen by a trigger; the fixture moves its buyer to `county` past it.
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx)
    await trx.updateTable('contract_parties').set({ division_code: county }).where('contract_id', '=', r.contractId).where('side', '=', 'buyer').execute()
  })
  const reg = await db.selectFrom('registrations').select(['number', 'technology_amount_fen', 'contract_amount_fen']).where('id', '=', r.registrationId).executeTakeFirstOrThrow()
  return { ...r, number: reg.number!, technologyAmountFen: reg.technology_amount_fen, contractAmountFen: reg.contract_amount_fen }
}

async function rejects(p: Promise<unknown>, kind: DomainError['kind']) {
  const err = await p.catch((e: unknown) => e)
  expect(err).toBeInstanceOf(DomainError)
  expect((err as DomainError).kind).toBe(kind)
}

describe('exports', () => {
  it('writes the same rows in CSV, XLSX and JSON for every dataset', async () => {
    const db = testDb()
    const city = await cityOfficer(db)
    const c = await contractIn(db, '450222')
    for (const ds of DATASET_KEYS) {
      const [csv, xlsx, json] = await Promise.all((['csv', 'xlsx', 'json'] as const).map((f) => rowsOf(db, city.principal, ds, f)))
      expect(xlsx, ds).toEqual(csv)
      expect(json, ds).toEqual(csv)
    }
    const contracts = await rowsOf(db, city.principal, 'contracts', 'csv', { year: YEAR })
    const keys = DATASETS.contracts.columns.map((k) => k.key)
    const row = contracts.find((r) => r[keys.indexOf('number')] === c.number)!
    expect(row[keys.indexOf('county')]).toBe('450222')
    expect(row[keys.indexOf('contractAmountFen')]).toBe(String(c.contractAmountFen))
    expect(row[keys.indexOf('contractAmountWan')]).toBe(String(c.contractAmountFen / 1_000_000))
    expect(row[keys.indexOf('registeredOn')]).toBe(`${YEAR}-05-10`)
  })

  it("limits a county officer to their county, refuses others, and records who exported what", async () => {
    const db = testDb()
    const here = await contractIn(db, '450223')
    const there = await contractIn(db, '450224')
    const county = await countyOfficer(db, '450223')
    const numbers = (rows: string[][]) => rows.map((r) => r[0])
    const own = await rowsOf(db, county.principal, 'contracts', 'json', { year: YEAR })
    expect(numbers(own)).toContain(here.number)
    expect(numbers(own)).not.toContain(there.number)
    expect(await rowsOf(db, county.principal, 'contracts', 'csv', { year: YEAR, county: '450224' })).toEqual([])
    const figures = await rowsOf(db, county.principal, 'county-figures', 'json', { year: YEAR })
    const cols = DATASETS['county-figures'].columns.map((c) => c.key)
    expect(figures.map((r) => r[cols.indexOf('county')])).toEqual(['450223'])
    expect(figures[0]![cols.indexOf('registeredCount')]).toBe(String(own.length))
    expect(figures[0]![cols.indexOf('targetPeriod')]).toBe('2027')
    expect(figures[0]![cols.indexOf('periodTarget')]).toBe('18')

    const enterprise = await createMember(db, { type: 'enterprise' })
    await rejects(startExport(db, enterprise.principal, 'contracts', 'csv', {}, 'zh-CN', testMeta), 'forbidden')
    const logged = await db.selectFrom('audit_log').select(['action', 'details']).where('actor_id', '=', county.user.id).execute()
    expect(logged.map((l) => l.action)).toContain('exchange.export')
    expect(logged.map((l) => (l.details as { dataset: string }).dataset)).toEqual(expect.arrayContaining(['contracts', 'county-figures']))
  })
})

describe('the partner API', () => {
  async function tokenOf(db: Database, type: 'government' | 'enterprise', divisionCode: string) {
    const m = await createMember(db, { type, divisionCode, role: 'owner' })
    const { token } = await createApiToken(db, m.principal, m.org.id, 'partner', testMeta)
    return (await principalForApiToken(db, token))!.principal
  }
  const q = (o: Record<string, string> = {}) => ExchangeApiQuery.parse(o)

  it('pages through a dataset with a cursor, scoped by the token’s organisation', async () => {
    const db = testDb()
    const a = await contractIn(db, '450225')
    const b = await contractIn(db, '450225')
    const other = await contractIn(db, '450226')
    const city = await tokenOf(db, 'government', '450200')
    const seen: string[] = []
    let cursor: string | undefined
    for (let i = 0; i < 100; i++) {
      const page = await apiExchangePage(db, city, 'contracts', q({ year: String(YEAR), county: '450225', limit: '1', ...(cursor ? { cursor } : {}) }), testMeta)
      expect(page.items.length).toBeLessThanOrEqual(1)
      seen.push(...page.items.map((r) => String(r.number)))
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect(seen.sort()).toEqual([a.number, b.number].sort())

    const county = await tokenOf(db, 'government', '450226')
    const own = await apiExchangePage(db, county, 'contracts', q({ year: String(YEAR) }), testMeta)
    expect(own.items.map((r) => r.number)).toContain(other.number)
    expect(own.items.every((r) => r.county === '450226')).toBe(true)

    const since = await apiExchangePage(db, city, 'contracts', q({ year: String(YEAR), updated_since: '2999-01-01' }), testMeta)
    expect(since.items).toEqual([])

    const enterprise = await tokenOf(db, 'enterprise', '450226')
    await rejects(apiExchangePage(db, enterprise, 'contracts', q(), testMeta), 'forbidden')
    await rejects(apiExchangePage(db, city, 'nope', q(), testMeta), 'not_found')
    await rejects(apiExchangePage(db, city, 'contracts', q({ cursor: 'not-a-cursor' }), testMeta), 'invalid')
  })
})

const HEADER = '登记编号,合同名称,合同类型,卖方名称,卖方统一社会信用代码,买方名称,买方统一社会信用代码,买方所在地区,成交额（万元）,技术交易额（万元）,登记日期'

function csvFile(lines: string[]) {
  return new TextEncoder().encode(`\uFEFF全国技术合同网上登记系统 导出\r\n${lines.join('\r\n')}\r\n`)
}

describe('the import of the national registration system’s export', () => {
  it('matches, creates and reports bad rows by row number, and importing again changes nothing', async () => {
    const db = testDb()
    const city = await cityOfficer(db)
    const known = await contractIn(db, '450222')
    const wrongTech = (known.technologyAmountFen + 1_000_000) / 1_000_000
    const fresh = `2027450223${String(Date.now()).slice(-6)}`
    const lines = [
      HEADER,
      `${known.number},已登记的合同,技术转让(专利权),广西科技大学,,某企业,,柳州市柳城县,${known.contractAmountFen / 1_000_000},${wrongTech},${YEAR}-05-10`,
      `${fresh},铝合金压铸工艺技术服务,技术服务,桂林电子科技大学,,鹿寨县某机械有限公司,,广西柳州市鹿寨县,80,60,${YEAR}/6/2`,
      `BAD!,坏行,未知类型,卖方,,买方,,柳州市,abc,1,2027-02-30`,
      `${fresh},重复的行,技术服务,卖方,,买方,,柳州市鹿寨县,1,1,2027-06-02`,
    ]
    const bytes = csvFile(lines)
    const jobId = await startExchangeImport(db, city.principal, { filename: '登记数据.csv', bytes }, testMeta)
    const { job, rows } = await exchangeImportReport(db, city.principal, jobId)
    expect(job).toMatchObject({ status: 'done', total_rows: 4, matched_rows: 1, differing_rows: 1, created_rows: 1, error_rows: 2 })
    const byRow = Object.fromEntries(rows.map((r) => [r.row_number, r]))
    expect(byRow[3]).toMatchObject({ outcome: 'matched', registration_number: known.number })
    expect(byRow[3]!.differences.map((d) => d.field)).toEqual(['technologyAmount'])
    expect(byRow[4]).toMatchObject({ outcome: 'created', registration_number: fresh, division_code: '450223', amountMet: true })
    expect(byRow[5]!.outcome).toBe('error')
    expect(byRow[5]!.problems).toEqual(
      expect.arrayContaining([
        { column: 'number', message: 'exchange.problem.number' },
        { column: 'contractType', message: 'exchange.problem.contractType' },
        { column: 'contractAmount', message: 'exchange.problem.amount' },
        { column: 'registeredOn', message: 'exchange.problem.date' },
      ]),
    )
    expect(byRow[6]!.problems).toEqual([{ column: 'number', message: 'exchange.problem.duplicateInFile|row=4' }])

    const again = await startExchangeImport(db, city.principal, { filename: '登记数据.csv', bytes }, testMeta)
    const second = await exchangeImportReport(db, city.principal, again)
    expect(second.job).toMatchObject({ matched_rows: 1, created_rows: 0, updated_rows: 0, unchanged_rows: 1, error_rows: 2 })
    expect(second.earlier.map((e) => e.id)).toEqual([jobId])
    const imported = await db.selectFrom('imported_registrations').select(['contract_type', 'technology_amount_fen', 'registered_on']).where('number', '=', fresh).execute()
    expect(imported).toHaveLength(1)
    expect(imported[0]).toMatchObject({ contract_type: 'service', technology_amount_fen: 60_000_000 })

    // A city officer vouches for the industry: a proposed project from the import.
    const projectId = await proposeImportedProject(db, city.principal, byRow[4]!.imported_id!, '属于重点产业（机械制造）', testMeta)
    const project = await db.selectFrom('transformation_projects').selectAll().where('id', '=', projectId).executeTakeFirstOrThrow()
    expect(project).toMatchObject({ source: 'import', status: 'proposed', registration_id: null, registration_number: fresh, division_code: '450223' })
    await rejects(proposeImportedProject(db, city.principal, byRow[4]!.imported_id!, '再来一次', testMeta), 'conflict')

    const county = await countyOfficer(db, '450223')
    await rejects(startExchangeImport(db, county.principal, { filename: 'x.csv', bytes }, testMeta), 'forbidden')
  })

  it('reads an XLSX with English aliases and says which required columns are missing', async () => {
    const db = testDb()
    const city = await cityOfficer(db)
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('export')
    const number = `2027450202${String(Date.now()).slice(-6)}`
    ws.addRow(['Registration number', 'Contract name', 'Contract type', 'Seller', 'Buyer', 'Buyer region', 'Contract amount', 'Technology amount', 'Registered on'])
    ws.addRow([number, 'Licence of a coating process', '技术许可', 'Guangxi University', 'Liuzhou Coatings Ltd', '柳州市城中区', '12.5', '12.5', '2027-03-01'])
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer())
    const jobId = await startExchangeImport(db, city.principal, { filename: 'export.xlsx', bytes }, testMeta)
    const { job, rows } = await exchangeImportReport(db, city.principal, jobId)
    expect(job).toMatchObject({ status: 'done', format: 'xlsx', created_rows: 1, error_rows: 0 })
    expect(rows[0]).toMatchObject({ row_number: 2, outcome: 'created', division_code: '450202', amountMet: false })

    const missing = csvFile(['登记编号,合同名称,合同类型,卖方名称', '2027450202000001,合同,技术服务,卖方'])
    const failed = await exchangeImportReport(db, city.principal, await startExchangeImport(db, city.principal, { filename: 'bad.csv', bytes: missing }, testMeta))
    expect(failed.job.status).toBe('failed')
    expect(failed.job.failure).toBe(`exchange.failure.missingColumns|columns=${encodeURIComponent('买方名称、成交额(万元)、技术交易额(万元)、登记日期')}`)
  })
})
