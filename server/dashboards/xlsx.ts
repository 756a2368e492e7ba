import ExcelJS from 'exceljs'
import type { Executor } from '../../db/index'
import { translate, type Locale } from '../i18n/catalog'
import type { Principal } from '../identity/principal'
import type { DashboardQuery } from './schemas'
import { type DashboardViewName, dashboardView } from './service'

// The XLSX of one dashboard view under its filter (the same figures the page
// shows, as numbers a spreadsheet can sum): a sheet of the view's table and a
// sheet saying what filter produced it. Amounts in 元 with two decimals.

const yuan = (fen: number) => fen / 100

export async function dashboardXlsx(db: Executor, p: Principal, view: DashboardViewName, q: DashboardQuery, locale: Locale): Promise<Buffer> {
  const v = await dashboardView(db, p, view, q)
  const tr = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const division = (code: string | null) => {
    const d = v.divisions.find((x) => x.code === code)
    return d ? (locale === 'en' ? d.name_en : d.name_zh) : (code ?? '')
  }
  const industry = (code: string) => {
    const d = v.industries.find((x) => x.code === code)
    return d ? (locale === 'en' ? d.name_en : d.name_zh) : code || tr('dashboard.unclassified')
  }
  const wb = new ExcelJS.Workbook()
  wb.creator = tr('app.name')
  const ws = wb.addWorksheet(tr(`dashboard.${view}.title`).slice(0, 31))
  const head = (cols: string[]) => {
    ws.addRow(cols.map((c) => tr(c)))
    ws.getRow(1).font = { bold: true }
  }
  const data = v.data
  if ('path' in data) {
    head(['dashboard.col.period', 'dashboard.projects.target', 'dashboard.projects.actual'])
    for (const x of data.path) ws.addRow([tr('dashboard.projects.byEnd', { to: x.to }), x.target, x.actual])
    ws.addRow([])
    ws.addRow([tr('dashboard.col.county'), tr('dashboard.projects.target'), tr('dashboard.projects.actual')]).font = { bold: true }
    for (const x of data.byCounty) ws.addRow([division(x.division), x.target ?? '', x.actual])
    ws.addRow([])
    ws.addRow([tr('dashboard.col.industry'), tr('dashboard.projects.actual')]).font = { bold: true }
    for (const x of data.byIndustry) ws.addRow([industry(x.industry), x.actual])
  } else if ('types' in data) {
    head(['dashboard.col.month', 'dashboard.col.type', 'dashboard.col.count', 'dashboard.col.amount', 'dashboard.col.technology'])
    for (const x of data.cells) ws.addRow([x.month, tr(`contract.type.${x.type}`), x.n, yuan(x.amountFen), yuan(x.technologyFen)])
  } else if ('flows' in data) {
    head(['dashboard.col.institution', 'dashboard.col.county', 'dashboard.col.count', 'dashboard.col.technology'])
    for (const x of data.flows) ws.addRow([x.sellerName, division(x.division), x.n, yuan(x.technologyFen)])
  } else if ('approvedFen' in data) {
    head(['dashboard.col.month', 'dashboard.col.series', 'dashboard.col.count', 'dashboard.col.amount'])
    for (const x of data.cells) ws.addRow([x.month, tr(`dashboard.subsidies.${x.kind}`), x.n, yuan(x.amountFen)])
  } else {
    head(['dashboard.col.month', 'dashboard.col.series', 'dashboard.col.count'])
    for (const x of data.cells) ws.addRow([x.month, tr(`dashboard.activity.${x.kind}`), x.n])
  }
  ws.columns.forEach((c) => (c.width = 22))
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  const f = wb.addWorksheet(tr('dashboard.xlsx.filterSheet'))
  f.addRow([tr('dashboard.filter.period'), `${v.filter.from} – ${v.filter.to}`])
  f.addRow([tr('dashboard.filter.county'), v.filter.county ? division(v.filter.county) : tr('dashboard.filter.allCounties')])
  f.addRow([tr('dashboard.filter.industry'), v.filter.industryCode ? industry(v.filter.industryCode) : tr('dashboard.filter.allIndustries')])
  f.getColumn(1).width = 16
  f.getColumn(2).width = 40
  return Buffer.from(await wb.xlsx.writeBuffer())
}
