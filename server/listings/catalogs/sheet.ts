import ExcelJS from 'exceljs'
import { translate, type Locale } from '../../i18n/catalog'
import { toCsv } from '../import/csv'
import { editionDateText, snapshotText } from './format'
import type { CatalogEdition } from './service'

// The catalog edition as a spreadsheet (XLSX, via exceljs) and as CSV (UTF-8
// with a byte-order mark, so Excel opens the Chinese correctly): one row per
// entry, headers in the visitor's language (Chinese by default).

const COLUMNS = [
  ['number', 8],
  ['title', 34],
  ['sector', 18],
  ['industry', 24],
  ['trl', 20],
  ['modes', 22],
  ['price', 20],
  ['benefit', 40],
  ['summary', 60],
  ['keywords', 24],
  ['ipRights', 36],
  ['link', 40],
] as const

function rows(edition: CatalogEdition, locale: Locale, origin: string) {
  const header = COLUMNS.map(([key]) => translate(locale, `catalogs.column.${key}`))
  const body = edition.items.map((item) => {
    const s = snapshotText(locale, item.snapshot)
    const values: Record<(typeof COLUMNS)[number][0], string> = {
      number: String(item.number),
      title: s.title,
      sector: s.sector,
      industry: s.industry,
      trl: s.trl,
      modes: s.modes,
      price: s.price,
      benefit: s.benefit,
      summary: s.summary,
      keywords: s.keywords,
      ipRights: s.ipRights,
      link: `${origin}/achievements/${item.achievementId}`,
    }
    return COLUMNS.map(([key]) => values[key])
  })
  return { header, body }
}

export function catalogCsv(edition: CatalogEdition, locale: Locale, origin: string) {
  const { header, body } = rows(edition, locale, origin)
  return toCsv([header, ...body])
}

export async function catalogXlsx(edition: CatalogEdition, locale: Locale, origin: string): Promise<Buffer> {
  const { catalog } = edition
  const { header, body } = rows(edition, locale, origin)
  const wb = new ExcelJS.Workbook()
  wb.creator = translate(locale, 'app.name')
  wb.title = catalog.title
  wb.created = new Date(catalog.created_at)
  const ws = wb.addWorksheet(translate(locale, 'catalogs.sheet.items'), { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = COLUMNS.map(([key, width], i) => ({ key, width, header: header[i] }))
  const head = ws.getRow(1)
  head.font = { bold: true, color: { argb: 'FFFFFFFF' } }
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF0B4F8A' } }
  head.alignment = { vertical: 'middle' }
  head.height = 22
  for (const r of body) {
    const row = ws.addRow(r)
    row.alignment = { vertical: 'top', wrapText: true }
    row.getCell(1).value = Number(r[0])
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } }

  const about = wb.addWorksheet(translate(locale, 'catalogs.sheet.about'))
  about.columns = [{ width: 16 }, { width: 60 }]
  const orgName = locale === 'en' && catalog.org_name_en ? catalog.org_name_en : catalog.org_name
  const info: [string, string][] = [
    [translate(locale, 'catalogs.edition.title'), catalog.title],
    [translate(locale, 'catalogs.edition.org'), orgName],
    [translate(locale, 'catalogs.edition.date'), editionDateText(locale, catalog.edition_date)],
    [translate(locale, 'catalogs.edition.items'), String(edition.items.length)],
    [translate(locale, 'catalogs.edition.link'), `${origin}/catalogs/${catalog.id}`],
  ]
  for (const [k, v] of info) about.addRow([k, v]).getCell(1).font = { bold: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
