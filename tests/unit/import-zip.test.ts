import { deflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { translate } from '../../server/i18n/catalog'
import { EXAMPLE_ROW, IMPORT_COLUMNS, TEMPLATE_HEADERS } from '../../server/listings/import/columns'
import { toCsv } from '../../server/listings/import/csv'
import { DEFAULT_IMPORT_LIMITS, importLimits, parseImportFile, type ImportLimits } from '../../server/listings/import/parse'
import { ConfigError, loadConfig } from '../../server/platform/config'
import { centralDirectory, INFLATE_CHUNK, RATIO_GRACE_BYTES } from '../../server/listings/import/zip'
import { translateError } from '../../app/utils/i18n'
import { buildZip, xlsxBomb } from '../helpers/zip-bomb'

// Security item 8 (ADR 015): an import file is read as a stream with caps on
// the inflated size (in all and per part), the compression ratio and the rows.
// A zip bomb is refused from its central directory when it declares its size,
// and after at most one chunk past a cap when the directory lies; the uploader
// is told why in their language. Ordinary files still read as before.

const MiB = 1024 * 1024
const limits = (o: Partial<ImportLimits> = {}): ImportLimits => ({ ...DEFAULT_IMPORT_LIMITS, ...o })

/** What the small parts (content types, workbook, relationships) of a bomb inflate to. */
const smallParts = (bytes: Uint8Array) =>
  centralDirectory(bytes)
    .filter((e) => !e.name.endsWith('sheet1.xml'))
    .reduce((n, e) => n + e.declaredSize, 0)

async function templateXlsx(rows: string[][]) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('成果')
  ws.addRow(IMPORT_COLUMNS.map((c) => TEMPLATE_HEADERS[c]))
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}
const exampleCells = (title: string) => IMPORT_COLUMNS.map((c) => (c === 'title' ? title : EXAMPLE_ROW[c]))

describe('a zip bomb (a small XLSX whose sheet inflates to 400 MB)', () => {
  const honest = xlsxBomb()

  it('is small on disk and huge inside', () => {
    expect(honest.bytes.length).toBeLessThan(2 * MiB)
    expect(honest.trueSheetSize).toBeGreaterThan(400 * MiB)
  })

  it('is refused from the sizes its central directory declares, before anything is inflated', async () => {
    const r = await parseImportFile(honest.bytes)
    expect(r).toEqual({ ok: false, failure: 'import.failure.inflatedTooLarge|max=40', inflatedBytes: 0 })
  })

  it('is refused by the compression ratio while inflating when its directory lies about the size', async () => {
    const lying = xlsxBomb({ declaredSheetSize: 9_000 })
    const r = await parseImportFile(lying.bytes)
    expect(r.ok).toBe(false)
    expect(r.ok ? '' : r.failure).toBe('import.failure.compressionRatio|max=100')
    // Stopped one chunk past the ratio's grace, not 400 MB later.
    expect(r.inflatedBytes).toBeLessThanOrEqual(RATIO_GRACE_BYTES + INFLATE_CHUNK + smallParts(lying.bytes))
  })

  it('is refused by the inflated size while inflating when it lies and its ratio is allowed', async () => {
    const lying = xlsxBomb({ declaredSheetSize: 9_000, sheetBytes: 64 * MiB })
    const cap = limits({ maxRatio: 10_000, maxEntryBytes: 4 * MiB, maxTotalBytes: 6 * MiB })
    const r = await parseImportFile(lying.bytes, cap)
    expect(r.ok ? '' : r.failure).toBe('import.failure.inflatedTooLarge|max=4')
    expect(r.inflatedBytes).toBeGreaterThan(4 * MiB)
    expect(r.inflatedBytes).toBeLessThanOrEqual(4 * MiB + INFLATE_CHUNK + smallParts(lying.bytes))

    const total = await parseImportFile(lying.bytes, limits({ maxRatio: 10_000, maxEntryBytes: 40 * MiB, maxTotalBytes: 3 * MiB }))
    expect(total.ok ? '' : total.failure).toBe('import.failure.inflatedTooLarge|max=3')
    expect(total.inflatedBytes).toBeLessThanOrEqual(3 * MiB + INFLATE_CHUNK)
  })

  it('tells the uploader why in their language', () => {
    expect(translateError('zh-CN', 'import.failure.inflatedTooLarge|max=50')).toContain('文件解压后过大（超过 50 MB）')
    expect(translateError('en', 'import.failure.inflatedTooLarge|max=50')).toContain('too large when unpacked (over 50 MB)')
    expect(translateError('zh-CN', 'import.failure.compressionRatio|max=100')).toContain('100 倍')
    expect(translateError('zh-CN', 'import.failure.tooManyRows|max=10000')).toContain('一次最多导入 10000 行')
    expect(translate('en', 'import.failure.compressionRatio', { max: 100 })).toContain('more than 100 times')
  })
})

describe('the caps as configuration', () => {
  it('defaults to 50 MiB unpacked in all, 40 MiB a part, ratio 100 and 10,000 rows, and takes other values', () => {
    expect(DEFAULT_IMPORT_LIMITS).toEqual({ maxTotalBytes: 50 * MiB, maxEntryBytes: 40 * MiB, maxRatio: 100, maxRows: 10_000 })
    expect(importLimits(loadConfig({ IMPORT_MAX_INFLATED_MB: '8', IMPORT_MAX_ENTRY_MB: '6', IMPORT_MAX_RATIO: '50', IMPORT_MAX_ROWS: '20' }))).toEqual({
      maxTotalBytes: 8 * MiB,
      maxEntryBytes: 6 * MiB,
      maxRatio: 50,
      maxRows: 20,
    })
    expect(() => loadConfig({ IMPORT_MAX_ROWS: 'many' })).toThrow(ConfigError)
  })
})

describe('caps on ordinary files', () => {
  it('stops one row past the row cap, in XLSX and CSV', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => exampleCells(`导入测试：行数上限第 ${i + 1} 行`))
    const xlsx = await parseImportFile(await templateXlsx(rows), limits({ maxRows: 20 }))
    expect(xlsx).toMatchObject({ ok: false, failure: 'import.failure.tooManyRows|max=20' })
    const csv = Buffer.from(toCsv([IMPORT_COLUMNS.map((c) => TEMPLATE_HEADERS[c]), ...rows]), 'utf8')
    expect(await parseImportFile(csv, limits({ maxRows: 20 }))).toMatchObject({ ok: false, failure: 'import.failure.tooManyRows|max=20' })
    // At the cap exactly, everything is read.
    expect(await parseImportFile(csv, limits({ maxRows: 30 }))).toMatchObject({ ok: true, rows: { length: 30 } })
  })

  it('reads a normal XLSX whole, Chinese text intact across inflate chunks', async () => {
    // Long Chinese cells put characters across the 64 KiB chunk boundaries of the inflater
    // (varied text, as real cells are: a cell repeated a hundred times would be a bomb).
    let seed = 7
    const hanzi = () => String.fromCharCode(0x4e00 + ((seed = (seed * 48271) % 2147483647) % 0x5000))
    const long = Array.from({ length: 1200 }, hanzi).join('')
    const rows = Array.from({ length: 200 }, (_, i) => IMPORT_COLUMNS.map((c) => (c === 'title' ? `导入测试：第 ${i + 1} 行` : c === 'details' ? `${i}${long}` : EXAMPLE_ROW[c])))
    const r = await parseImportFile(await templateXlsx(rows))
    expect(r).toMatchObject({ ok: true })
    if (!r.ok) return
    expect(r.inflatedBytes).toBeGreaterThan(3 * INFLATE_CHUNK)
    expect(r.rows).toHaveLength(200)
    expect(r.rows[199]).toEqual({ number: 201, cells: { ...EXAMPLE_ROW, title: '导入测试：第 200 行', details: `199${long}` } })
    expect(r.rows.every((row, i) => row.cells.details === `${i}${long}`)).toBe(true)
  })

  it('calls a damaged or unsupported zip unreadable', async () => {
    const sheetXml = `<worksheet><sheetData>${'<row><c t="inlineStr"><is><t>成果名称</t></is></c></row>'.repeat(50)}</sheetData></worksheet>`
    const whole = deflateRawSync(Buffer.from(sheetXml))
    const cut = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>'), method: 0, declaredSize: 8 },
      { name: 'xl/worksheets/sheet1.xml', data: whole.subarray(0, whole.length >> 1), method: 8, declaredSize: sheetXml.length },
    ])
    expect(await parseImportFile(cut)).toMatchObject({ ok: false, failure: 'import.failure.unreadable' })
    // An unknown compression method.
    const odd = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>'), method: 0, declaredSize: 8 },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>'), method: 9 as 0, declaredSize: 12 },
    ])
    expect(await parseImportFile(odd)).toMatchObject({ ok: false, failure: 'import.failure.unreadable' })
  })
})
