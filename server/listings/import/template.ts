import ExcelJS from 'exceljs'
import { translate, type Locale } from '../../i18n/catalog'
import { IP_KINDS, IP_STATUSES, TRANSACTION_MODES } from '../schemas'
import { EXAMPLE_ROW, IMPORT_COLUMNS, REQUIRED_COLUMNS, TEMPLATE_HEADERS } from './columns'
import { toCsv } from './csv'

// The downloadable import template: the Chinese headers and one example row;
// the XLSX adds a sheet explaining each column and the industry codes.

const WIDTHS: Record<(typeof IMPORT_COLUMNS)[number], number> = {
  title: 30, summary: 50, details: 36, industry: 20, trl: 12, modes: 20, priceKind: 22, priceMin: 14, priceMax: 14,
  benefit: 40, keywords: 24, ipRights: 36, contributors: 44,
}

export function templateCsv() {
  return toCsv([IMPORT_COLUMNS.map((c) => TEMPLATE_HEADERS[c]), IMPORT_COLUMNS.map((c) => EXAMPLE_ROW[c])])
}

export async function templateXlsx(locale: Locale, industries: { code: string; name_zh: string; name_en: string; parent_code: string | null }[]) {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const wb = new ExcelJS.Workbook()
  wb.creator = t('app.name')
  const ws = wb.addWorksheet('成果', { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = IMPORT_COLUMNS.map((c) => ({ header: TEMPLATE_HEADERS[c], key: c, width: WIDTHS[c] }))
  const head = ws.getRow(1)
  head.height = 24
  head.alignment = { vertical: 'middle', wrapText: true }
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = head.getCell(i + 1)
    const required = REQUIRED_COLUMNS.includes(c)
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } }
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: required ? 'FF0B4F8A' : 'FF6B7788' } }
    cell.note = t(`import.template.note.${c}`)
  })
  const example = ws.addRow(IMPORT_COLUMNS.map((c) => EXAMPLE_ROW[c]))
  example.alignment = { vertical: 'top', wrapText: true }
  example.font = { color: { argb: 'FF3D4A5C' } }
  // Drop-downs where the values are a short list.
  for (let r = 2; r <= 2001; r++) {
    ws.getCell(r, IMPORT_COLUMNS.indexOf('trl') + 1).dataValidation = { type: 'list', allowBlank: false, formulae: ['"1,2,3,4,5,6,7,8,9"'] }
    ws.getCell(r, IMPORT_COLUMNS.indexOf('priceKind') + 1).dataValidation = { type: 'list', allowBlank: false, formulae: ['"面议,一口价,区间"'] }
  }

  const help = wb.addWorksheet(t('import.template.helpSheet'))
  help.columns = [{ width: 30 }, { width: 14 }, { width: 90 }]
  const title = help.addRow([t('import.template.helpTitle')])
  title.font = { bold: true, size: 14 }
  help.addRow([])
  const h = help.addRow([t('import.template.colHeader'), t('import.template.colRequired'), t('import.template.colHow')])
  h.font = { bold: true }
  for (const c of IMPORT_COLUMNS) {
    const row = help.addRow([TEMPLATE_HEADERS[c], REQUIRED_COLUMNS.includes(c) ? t('import.template.required') : t('import.template.optional'), t(`import.template.note.${c}`)])
    row.alignment = { vertical: 'top', wrapText: true }
  }
  help.addRow([])
  help.addRow([t('import.template.modesList'), '', TRANSACTION_MODES.map((m) => translate('zh-CN', `mode.${m}`)).join('、')]).font = { bold: false }
  help.addRow([t('import.template.ipKindsList'), '', IP_KINDS.map((k) => translate('zh-CN', `ip.${k}`)).join('、')])
  help.addRow([t('import.template.ipStatusList'), '', IP_STATUSES.map((s) => translate('zh-CN', `ipStatus.${s}`)).join('、')])
  help.addRow([])
  const ih = help.addRow([t('import.template.industryCode'), '', t('import.template.industryName')])
  ih.font = { bold: true }
  for (const i of industries) help.addRow([i.code, '', i.parent_code ? `\u3000${i.name_zh}` : i.name_zh])
  return Buffer.from(await wb.xlsx.writeBuffer())
}
