import ExcelJS from 'exceljs'
import { translate, type Locale } from '../i18n/catalog'
import { shanghaiDate, shanghaiDateTime } from '../platform/intl'
import { formatFen } from '../platform/money'
import { openPdf } from '../platform/pdf'
import type { AssessmentResult } from './compute'
import type { Indicator } from './config'

// The assessment report of a period (考核通报): a PDF (A4 landscape, Chinese
// first) with the ranking and the table of every county's indicator scores,
// and an XLSX with one row per county holding every indicator's figure and
// score, the total, the rank and the change against the previous period.
// Both print the published snapshot when there is one (service.reportData).

type Published = { version: number; publishedAt: string } | null

const name = (locale: Locale, c: { nameZh: string; nameEn: string }) => (locale === 'en' ? c.nameEn : c.nameZh)

/** A figure as a reader reads it: money in 元 (formatFen), counts as they are, manual points or a dash when not entered. */
export function figureText(locale: Locale, ind: Indicator, v: number | null) {
  if (v === null) return '—'
  return ind.unit === 'fen' ? formatFen(v, locale) : String(v)
}

const trendMark = (t: string) => (t === 'up' ? '↑' : t === 'down' ? '↓' : t === 'same' ? '→' : '')

const A4L = { width: 841.89, height: 595.28 }
const M = { top: 48, bottom: 48, left: 40, right: 40 }
const W = A4L.width - M.left - M.right

export async function assessmentPdf(r: AssessmentResult, published: Published, locale: Locale): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const title = t('assessment.report.title', { period: r.periodKey })
  const { doc, done } = openPdf({ size: 'A4', layout: 'landscape', margins: M, info: { Title: title, Creator: t('app.name') }, lang: locale } as PDFKit.PDFDocumentOptions)
  doc.font('regular').fontSize(9).fillColor('#6b7788').text(t('app.name'), M.left, M.top, { width: W })
  doc.font('bold').fontSize(18).fillColor('#0b4f8a').text(title, { width: W, align: 'center' })
  doc
    .font('regular')
    .fontSize(10)
    .fillColor('#1b2430')
    .text(
      published
        ? t('assessment.report.published', { version: published.version, at: shanghaiDateTime(locale, published.publishedAt) })
        : t('assessment.report.draft', { at: shanghaiDateTime(locale, r.asOf) }),
      { width: W, align: 'center' },
    )
  doc.text(t('assessment.report.config', { version: r.configVersion }), { width: W, align: 'center' })
  doc.moveDown(0.8)

  // The ranking.
  doc.font('bold').fontSize(12).text(t('assessment.report.ranking'), M.left)
  doc.moveDown(0.3)
  const cols = [
    { label: t('assessment.col.rank'), w: 50 },
    { label: t('assessment.col.county'), w: 200 },
    { label: t('assessment.col.total'), w: 80 },
    { label: t('assessment.col.previous'), w: 120 },
    { label: t('assessment.col.trend'), w: 80 },
  ]
  const row = (cells: string[], bold = false) => {
    const y = doc.y
    let x = M.left
    doc.font(bold ? 'bold' : 'regular').fontSize(9)
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: cols[i]!.w - 4, lineBreak: false, ellipsis: true })
      x += cols[i]!.w
    })
    doc.x = M.left
    doc.y = y + 15
  }
  row(cols.map((c) => c.label), true)
  for (const c of r.counties) {
    row([
      String(c.rank),
      name(locale, c),
      c.total.toFixed(2),
      c.previous ? t('assessment.report.prev', { total: c.previous.total.toFixed(2), rank: c.previous.rank }) : '—',
      `${trendMark(c.trend)} ${t(`assessment.trend.${c.trend}`)}`,
    ])
  }

  // The table: every county's score per indicator (weights in the header).
  doc.addPage()
  doc.font('bold').fontSize(12).fillColor('#1b2430').text(t('assessment.report.table'), M.left, M.top)
  doc.moveDown(0.3)
  const first = 110
  const rest = (W - first - 50) / r.indicators.length
  const tcols = [{ w: first }, ...r.indicators.map(() => ({ w: rest })), { w: 50 }]
  const trow = (cells: string[], bold = false, height = 15) => {
    if (doc.y + height > A4L.height - M.bottom) doc.addPage()
    const y = doc.y
    let x = M.left
    doc.font(bold ? 'bold' : 'regular').fontSize(8)
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: tcols[i]!.w - 3, height, ellipsis: true })
      x += tcols[i]!.w
    })
    doc.x = M.left
    doc.y = y + height
  }
  trow([t('assessment.col.county'), ...r.indicators.map((i) => `${t(`assessment.indicator.${i.key}`)} (${i.weight})`), t('assessment.col.total')], true, 34)
  for (const c of r.counties) trow([name(locale, c), ...r.indicators.map((i) => (c.scores[i.key] ?? 0).toFixed(2)), c.total.toFixed(2)])
  doc.moveDown(1)
  doc.font('regular').fontSize(8).fillColor('#6b7788').text(t('assessment.report.method'), M.left, doc.y, { width: W })
  doc.end()
  return done
}

export async function assessmentXlsx(r: AssessmentResult, published: Published, locale: Locale): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const wb = new ExcelJS.Workbook()
  wb.creator = t('app.name')
  wb.title = published
    ? t('assessment.report.published', { version: published.version, at: shanghaiDateTime(locale, published.publishedAt) })
    : t('assessment.report.draft', { at: shanghaiDateTime(locale, r.asOf) })
  const ws = wb.addWorksheet(t('assessment.sheet.name', { period: r.periodKey }))
  const columns: Partial<ExcelJS.Column>[] = [
    { header: t('assessment.col.rank'), key: 'rank', width: 8 },
    { header: t('assessment.sheet.code'), key: 'code', width: 10 },
    { header: t('assessment.col.county'), key: 'county', width: 24 },
  ]
  for (const i of r.indicators) {
    const unit = t(`assessment.unit.${i.unit}`)
    columns.push({ header: `${t(`assessment.indicator.${i.key}`)} (${unit})`, key: `v_${i.key}`, width: 16 })
    columns.push({ header: t('assessment.sheet.score', { indicator: t(`assessment.indicator.${i.key}`), weight: i.weight }), key: `s_${i.key}`, width: 14 })
  }
  columns.push(
    { header: t('assessment.col.total'), key: 'total', width: 10 },
    { header: t('assessment.sheet.previousTotal'), key: 'prevTotal', width: 12 },
    { header: t('assessment.sheet.previousRank'), key: 'prevRank', width: 12 },
    { header: t('assessment.col.trend'), key: 'trend', width: 10 },
  )
  ws.columns = columns
  ws.getRow(1).font = { bold: true }
  for (const c of r.counties) {
    const rowData: Record<string, string | number | null> = { rank: c.rank, code: c.code, county: name(locale, c), total: c.total, prevTotal: c.previous?.total ?? null, prevRank: c.previous?.rank ?? null, trend: t(`assessment.trend.${c.trend}`) }
    for (const i of r.indicators) {
      const v = c.values[i.key] ?? null
      rowData[`v_${i.key}`] = v === null ? null : i.unit === 'fen' ? v / 100 : v
      rowData[`s_${i.key}`] = c.scores[i.key] ?? 0
    }
    ws.addRow(rowData)
  }
  for (const i of r.indicators) if (i.unit === 'fen') ws.getColumn(`v_${i.key}`).numFmt = '#,##0.00'
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 3 }]
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export const reportFilename = (periodKey: string, ext: 'pdf' | 'xlsx') => `县区绩效考核-${periodKey}-${shanghaiDate()}.${ext}`
