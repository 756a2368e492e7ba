import ExcelJS from 'exceljs'
import { translate, type Locale, type MessageKey } from '../i18n/catalog'
import { toCsv } from '../listings/import/csv'
import { problemText } from '../listings/import/report'
import { NATIONAL_COLUMNS, NATIONAL_HEADERS, type NationalColumn } from './config'

// The import's row-level report as CSV and XLSX (one line per problem or
// difference, or one per row when there is neither), and the template of the
// accepted file: the national system's Chinese headers and two sample rows.

interface ReportRow {
  row_number: number
  outcome: string
  registration_number: string
  problems: { column: string; message: string }[]
  differences: { field: string; platform: string; file: string }[]
}

export const columnLabel = (locale: Locale, c: string) => {
  const h = NATIONAL_HEADERS[c as NationalColumn]
  return h ? (locale === 'en' ? h.en[0]! : h.zh[0]!) : c
}

export function reportLines(locale: Locale, rows: ReportRow[]) {
  const header = ['row', 'outcome', 'number', 'column', 'detail'].map((k) => translate(locale, `exchange.report.${k}` as MessageKey))
  const body: string[][] = []
  for (const r of rows) {
    const base = [String(r.row_number), translate(locale, `exchange.outcome.${r.outcome}` as MessageKey), r.registration_number]
    if (r.problems.length) for (const p of r.problems) body.push([...base, columnLabel(locale, p.column), problemText(locale, p)])
    else if (r.differences.length)
      for (const d of r.differences) body.push([...base, columnLabel(locale, d.field), translate(locale, 'exchange.report.difference', { platform: d.platform, file: d.file })])
    else body.push([...base, '', ''])
  }
  return { header, body }
}

export function reportCsv(locale: Locale, rows: ReportRow[]) {
  const { header, body } = reportLines(locale, rows)
  return toCsv([header, ...body])
}

async function sheet(name: string, header: string[], body: (string | number)[][], widths: number[]) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = header.map((h, i) => ({ header: h, width: widths[i] ?? 16 }))
  ws.getRow(1).font = { bold: true }
  for (const r of body) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export async function reportXlsx(locale: Locale, rows: ReportRow[]) {
  const { header, body } = reportLines(locale, rows)
  return sheet(translate(locale, 'exchange.report.sheet'), header, body, [8, 12, 22, 24, 70])
}

export const TEMPLATE_HEADER = NATIONAL_COLUMNS.map((c) => NATIONAL_HEADERS[c].zh[0]!)
export const TEMPLATE_ROWS: string[][] = [
  ['2026450200000101', '新能源汽车电驱动控制技术转让', '技术转让(专利权)', '广西科技大学', '12450000498598744E', '柳州市某汽车零部件有限公司', '91450200MA5KTEST04', '广西壮族自治区柳州市柳东新区', '120', '100', '2026-03-18'],
  ['2026450200000102', '铝合金压铸工艺技术服务', '技术服务', '桂林电子科技大学', '', '鹿寨县某机械制造有限公司', '', '柳州市鹿寨县', '35.5', '35.5', '2026/4/2'],
]

export const templateCsv = () => toCsv([TEMPLATE_HEADER, ...TEMPLATE_ROWS])
export const templateXlsx = () => sheet('技术合同登记', TEMPLATE_HEADER, TEMPLATE_ROWS, [20, 32, 20, 28, 24, 28, 24, 30, 14, 16, 14])
