import ExcelJS from 'exceljs'
import { translate, type Locale } from '../../i18n/catalog'
import type { ImportRowError } from '../../../db/repos/import-jobs'
import { toCsv } from './csv'

// The problems of an import, as a downloadable report: one line per problem
// with the row number, the column header as in the uploaded file and the
// reason in the reader's language (the same text the form would show).

/** A message key with parameters after a bar ("errors.maxLength|max=120") as display text. */
export function problemText(locale: Locale, e: Pick<ImportRowError, 'message' | 'item'>) {
  const [key, query] = e.message.split('|')
  const params = query ? Object.fromEntries(new URLSearchParams(query)) : undefined
  const text = translate(locale, key!, params)
  return e.item ? translate(locale, 'import.report.item', { n: e.item, text }) : text
}

function rows(locale: Locale, errors: ImportRowError[]) {
  const header = [translate(locale, 'import.report.row'), translate(locale, 'import.report.column'), translate(locale, 'import.report.reason')]
  return { header, body: errors.map((e) => [String(e.row), e.column, problemText(locale, e)]) }
}

export function reportCsv(locale: Locale, errors: ImportRowError[]) {
  const { header, body } = rows(locale, errors)
  return toCsv([header, ...body])
}

export async function reportXlsx(locale: Locale, errors: ImportRowError[], filename: string) {
  const { header, body } = rows(locale, errors)
  const wb = new ExcelJS.Workbook()
  wb.creator = translate(locale, 'app.name')
  wb.title = filename
  const ws = wb.addWorksheet(translate(locale, 'import.report.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = [
    { header: header[0], width: 8 },
    { header: header[1], width: 32 },
    { header: header[2], width: 80 },
  ]
  ws.getRow(1).font = { bold: true }
  for (const r of body) {
    const row = ws.addRow([Number(r[0]), r[1], r[2]])
    row.alignment = { vertical: 'top', wrapText: true }
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
