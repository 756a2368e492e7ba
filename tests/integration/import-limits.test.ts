import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findImportJob, listImportErrors } from '../../db/repos/import-jobs'
import { EXAMPLE_ROW, IMPORT_COLUMNS, TEMPLATE_HEADERS, type ImportColumn } from '../../server/listings/import/columns'
import { toCsv } from '../../server/listings/import/csv'
import { startImport } from '../../server/listings/import/jobs'
import { importHandler } from '../../server/listings/import/runner'
import { createLogger } from '../../server/platform/logger'
import { drainOutbox } from '../../server/platform/outbox-worker'
import type { Principal } from '../../server/identity/principal'
import { localeCookie } from '../../app/utils/locale.server'
import { universityWithResearcher } from '../helpers/catalog-fixtures'
import { PASSWORD, testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'
import { xlsxBomb } from '../helpers/zip-bomb'

// The import as its uploader meets security item 8 and the row report:
// a zip bomb uploads like any file (the request only stores it and queues the
// job), and the job page then says why it was refused, in the reader's
// language; a row with many mistakes is reported with every one of them,
// an unknown industry naming the value found, on the page and in both
// report downloads.

const log = createLogger('silent')
let server: TestServer
let uniId: string
let admin: Principal & { email: string }

const HEADER = IMPORT_COLUMNS.map((c) => TEMPLATE_HEADERS[c])
const row = (o: Partial<Record<ImportColumn, string>> = {}) => IMPORT_COLUMNS.map((c) => o[c] ?? EXAMPLE_ROW[c])

async function runOutbox() {
  const handlers = { import: importHandler(testDb(), log), email: async () => {} }
  for (let i = 0; i < 100 && (await drainOutbox(testDb(), handlers, log)) > 0; i++) {
    /* keep draining */
  }
}

async function upload(cookie: string, bytes: Buffer, name: string) {
  const form = new FormData()
  form.set('orgId', uniId)
  form.set('file', new File([new Uint8Array(bytes)], name))
  const res = await server.fetch('/achievements/import', { method: 'POST', cookie, body: form })
  expect(res.status).toBe(302)
  return res.headers.get('location')!
}

beforeAll(async () => {
  server = await startTestServer()
  ;({ uniId, admin } = await universityWithResearcher(testDb()))
})

afterAll(async () => {
  await server?.close()
})

describe('a zip bomb uploaded for import', () => {
  it('is stored and queued by the upload, then refused by the job with a message the uploader reads', async () => {
    const cookie = await server.login(admin.email, PASSWORD)
    for (const [bomb, failure, zh, en] of [
      [xlsxBomb(), 'import.failure.inflatedTooLarge|max=40', '文件解压后过大（超过 40 MB）', 'too large when unpacked (over 40 MB)'],
      [xlsxBomb({ declaredSheetSize: 9_000 }), 'import.failure.compressionRatio|max=100', '文件解压后超过其大小的 100 倍', 'more than 100 times its size'],
    ] as const) {
      const location = await upload(cookie, bomb.bytes, '成果批量导入.xlsx')
      const jobId = location.split('/').pop()!
      expect(await findImportJob(testDb(), jobId)).toMatchObject({ status: 'queued' })
      await runOutbox()
      expect(await findImportJob(testDb(), jobId)).toMatchObject({ status: 'failed', failure, created_rows: 0 })
      const page = await (await server.fetch(location, { cookie })).text()
      expect(page).toContain(zh)
      const english = (await localeCookie.serialize('en')).split(';')[0]!
      const pageEn = await (await server.fetch(location, { cookie: `${cookie}; ${english}` })).text()
      expect(pageEn).toContain(en)
    }
  })
})

describe('a row with several mistakes', () => {
  const messy = row({
    title: '短',
    industry: '汽车零件x',
    trl: '10',
    modes: '转让、赠送',
    priceKind: '区间',
    priceMin: '80',
    priceMax: '20',
    benefit: '效益非常显著，深受欢迎',
    contributors: '测试大学:单位:60;覃明远:学生:30',
  })

  it('is reported with every mistake, the unknown industry named as found', async () => {
    const bytes = Buffer.from(toCsv([HEADER, messy]), 'utf8')
    const jobId = await startImport(testDb(), admin, { orgId: uniId, filename: 'messy.csv', bytes }, testMeta)
    await runOutbox()
    expect(await findImportJob(testDb(), jobId)).toMatchObject({ status: 'done', error_rows: 1, created_rows: 0 })
    expect(await listImportErrors(testDb(), jobId)).toEqual([
      { row: 2, column: '成果名称', message: 'errors.minLength|min=4' },
      { row: 2, column: '所属行业(代码或名称)', message: `import.errors.unknownIndustry|value=${encodeURIComponent('汽车零件x')}` },
      { row: 2, column: '技术成熟度', message: 'errors.trl' },
      { row: 2, column: '交易方式(用、分隔)', message: 'errors.mode' },
      // Checked across fields although other fields of the row are wrong.
      { row: 2, column: '价格上限(万元)', message: 'errors.rangeOrder' },
      { row: 2, column: '效益(量化)', message: 'errors.benefitQuantified' },
      { row: 2, column: '权利人及份额(名称:类型:百分比;…)', message: 'errors.sharesSum|total=90' },
      { row: 2, column: '权利人及份额(名称:类型:百分比;…)', message: 'errors.contributorKind', item: 2 },
    ])

    const cookie = await server.login(admin.email, PASSWORD)
    const location = `/achievements/import/${jobId}`
    const page = await (await server.fetch(location, { cookie })).text()
    expect(page).toContain('未知的所属产业「汽车零件x」')
    expect(page).not.toContain('请选择所属行业')

    const csv = Buffer.from(await (await server.fetch(`${location}/report.csv`, { cookie })).arrayBuffer()).toString('utf8').slice(1).trim().split('\r\n')
    expect(csv).toHaveLength(1 + 8)
    expect(csv).toContain('2,所属行业(代码或名称),未知的所属产业「汽车零件x」：请填写模板“填写说明”页中的产业名称或代码。')
    expect(csv.filter((l) => l.startsWith('2,'))).toHaveLength(8)

    const english = (await localeCookie.serialize('en')).split(';')[0]!
    const xlsx = await server.fetch(`${location}/report.xlsx`, { cookie: `${cookie}; ${english}` })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    const reasons = wb.worksheets[0]!.getColumn(3).values.slice(2) as string[]
    expect(reasons).toHaveLength(8)
    expect(reasons).toContain('Unknown industry “汽车零件x”: use an industry name or code from the template’s help sheet.')
  })

  it('quotes a value with characters that mean something in the message key, as typed', async () => {
    const bytes = Buffer.from(toCsv([HEADER, row({ title: '导入测试：奇怪的产业名', industry: 'a&b=c|100%+ 汽车' })]), 'utf8')
    const jobId = await startImport(testDb(), admin, { orgId: uniId, filename: 'odd.csv', bytes }, testMeta)
    await runOutbox()
    const cookie = await server.login(admin.email, PASSWORD)
    const page = await (await server.fetch(`/achievements/import/${jobId}`, { cookie })).text()
    expect(page).toContain('未知的所属产业「a&amp;b=c|100%+ 汽车」')
  })
})
