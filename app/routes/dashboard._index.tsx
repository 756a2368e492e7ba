import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigate } from '@remix-run/react'
import { useMemo } from 'react'
import { type ChartOption, type ChartPick, EChart } from '~/components/echart'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/dashboard.css?url'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { type T, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { dashboard, type DashboardData } from '../../server/dashboards/service'
import { DashboardQuerySchema } from '../../server/dashboards/schemas'
import type { MessageKey } from '../../server/i18n/catalog'
import { numberFormat } from '../../server/platform/intl'
import { formatFen } from '../../server/platform/money'

// /dashboard — the city and county officers' dashboards (issue 12): projects
// against the target path, registered contract amounts, technology flows,
// subsidies and market activity, filtered by period, county and industry in
// the URL (a view is a link). Every chart is drawn in the browser (echarts,
// loaded lazily) and every figure is also a table in the server render; a click
// opens /dashboard/rows with the rows behind it; PNG and XLSX per view. The
// service scopes a county officer to their county. Everyone else 403.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'dashboard.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const q = DashboardQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return orErrorPage(() => dashboard(context.services.db, principal, q))
}

type Data = DashboardData
const wan = (fen: number) => Math.round(fen / 100) / 10_000
/** A summary amount, rounded for reading (the tables and the XLSX keep every fen). */
const roundMoney = (fen: number, locale: string) =>
  locale === 'en' ? formatFen(Math.round(fen / 100) * 100, locale) : `${numberFormat('zh-CN', { maximumFractionDigits: 2 }).format(fen / 1_000_000)} 万元`

function filterParams(d: Data, extra: Record<string, string | null | undefined> = {}) {
  const p = new URLSearchParams()
  if (d.filter.period !== 'all') p.set('period', d.filter.period)
  if (d.filter.county) p.set('county', d.filter.county)
  if (d.filter.industry) p.set('industry', d.filter.industry)
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v)
  return p.toString()
}

function useNames(d: Data) {
  const locale = useLocale()
  const t = useT()
  return {
    division: (code: string | null) => {
      const x = d.divisions.find((v) => v.code === code)
      return x ? (locale === 'en' ? x.name_en : x.name_zh) : (code ?? '')
    },
    industry: (code: string) => {
      const x = d.industries.find((v) => v.code === code)
      return x ? (locale === 'en' ? x.name_en : x.name_zh) : code || t('dashboard.unclassified')
    },
    type: (code: string) => t(`contract.type.${code}` as MessageKey),
  }
}

export default function Dashboard() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const names = useNames(d)
  const county = d.city ? null : d.divisions[0]
  const lead = d.city ? t('dashboard.leadCity') : t('dashboard.leadCounty', { county: county ? names.division(county.code) : '' })
  return (
    <div className="container dashboard-page">
      <PageHeader title={t('dashboard.pageTitle')} lead={lead} />
      <Form method="get" className="card filters filters-card" aria-label={t('dashboard.filters')}>
        <div className="field">
          <label htmlFor="f-period">{t('dashboard.filter.period')}</label>
          <select id="f-period" name="period" defaultValue={d.filter.period}>
            <option value="all">{t('dashboard.filter.allPeriods')}</option>
            {d.periods.map((p) => (
              <option key={p.key} value={p.key}>
                {t('dashboard.filter.targetPeriod', { from: p.from, to: p.to })}
              </option>
            ))}
            {d.years.map((y) => (
              <option key={y} value={`y${y}`}>
                {t('dashboard.filter.year', { year: y })}
              </option>
            ))}
          </select>
        </div>
        {d.city ? (
          <div className="field">
            <label htmlFor="f-county">{t('dashboard.filter.county')}</label>
            <select id="f-county" name="county" defaultValue={d.filter.county ?? ''}>
              <option value="">{t('dashboard.filter.allCounties')}</option>
              {d.divisions.map((x) => (
                <option key={x.code} value={x.code}>
                  {locale === 'en' ? x.name_en : x.name_zh}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="f-industry">{t('dashboard.filter.industry')}</label>
          <select id="f-industry" name="industry" defaultValue={d.filter.industry ?? ''}>
            <option value="">{t('dashboard.filter.allIndustries')}</option>
            {d.industries.map((x) => (
              <option key={x.code} value={x.code}>
                {locale === 'en' ? x.name_en : x.name_zh}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="btn btn-primary">
            {t('dashboard.filter.apply')}
          </button>
        </div>
      </Form>
      <p className="muted small" data-testid="dashboard-range">
        {t('dashboard.range', { from: d.filter.from, to: d.filter.to })}
      </p>
      <ul className="dash-stats" aria-label={t('dashboard.summary')}>
        <li className="stat">
          <strong data-testid="stat-projects">{d.projects.total}</strong>
          <span>{t('dashboard.stat.projects')}</span>
        </li>
        <li className="stat">
          <strong data-testid="stat-contracts">{d.contracts.total.n}</strong>
          <span>{t('dashboard.stat.contracts')}</span>
        </li>
        <li className="stat">
          <strong>{roundMoney(d.contracts.total.technologyFen, locale)}</strong>
          <span>{t('dashboard.stat.technology')}</span>
        </li>
        <li className="stat">
          <strong>{roundMoney(d.subsidies.paidFen, locale)}</strong>
          <span>{t('dashboard.stat.subsidiesPaid')}</span>
        </li>
        <li className="stat">
          <strong>{d.activity.totals.achievements ?? 0}</strong>
          <span>{t('dashboard.stat.listings')}</span>
        </li>
      </ul>
      <ProjectsSection d={d} />
      <ContractsSection d={d} />
      <FlowsSection d={d} />
      <SubsidiesSection d={d} />
      <ActivitySection d={d} />
    </div>
  )
}

function SectionHead({ d, view, title, t }: { d: Data; view: string; title: string; t: T }) {
  return (
    <div className="dash-section-head">
      <h2 id={`dash-${view}`}>{title}</h2>
      <div className="dash-section-actions">
        <a className="btn btn-secondary btn-small" href={`/dashboard.xlsx?${filterParams(d, { view })}`} download>
          {t('dashboard.exportXlsx')}
        </a>
        <Link className="btn btn-secondary btn-small" to={`/dashboard/rows?${filterParams(d, { view: view === 'flows' ? 'contracts' : view })}`}>
          {t('dashboard.allRows')}
        </Link>
      </div>
    </div>
  )
}

function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: (string | number | JSX.Element)[][] }) {
  return (
    <details className="dash-table">
      <summary>{caption}</summary>
      <div className="table-wrap">
        <table className="table">
          <caption className="dash-sr">{caption}</caption>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}

function ProjectsSection({ d }: { d: Data }) {
  const t = useT()
  const names = useNames(d)
  const navigate = useNavigate()
  const p = d.projects
  const pathOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: p.path.map((x) => t('dashboard.projects.byEnd', { to: x.to })) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('dashboard.projects.target'), type: 'line', step: 'end', data: p.path.map((x) => x.target), itemStyle: { color: '#c2410c' } },
        { name: t('dashboard.projects.actual'), type: 'bar', data: p.path.map((x) => x.actual), itemStyle: { color: '#1d4ed8' } },
      ],
    }),
    [p, t],
  )
  const countyOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 64 },
      xAxis: { type: 'category', data: p.byCounty.map((x) => names.division(x.division)), axisLabel: { rotate: 35, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('dashboard.projects.actual'), type: 'bar', data: p.byCounty.map((x) => x.actual), itemStyle: { color: '#1d4ed8' } },
        ...(p.byCounty.some((x) => x.target !== null) ? [{ name: t('dashboard.projects.target'), type: 'bar', data: p.byCounty.map((x) => x.target), itemStyle: { color: '#fdba74' } }] : []),
      ],
    }),
    [p, t, names],
  )
  const industryOption = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: p.byIndustry.map((x) => ({ name: names.industry(x.industry), value: x.actual, code: x.industry })) }],
    }),
    [p, names],
  )
  const toRows = (extra: Record<string, string | null>) => navigate(`/dashboard/rows?${filterParams(d, { view: 'projects', ...extra })}`)
  return (
    <section className="card dash-section" aria-labelledby="dash-projects">
      <SectionHead d={d} view="projects" title={t('dashboard.projects.title')} t={t} />
      <p className="muted small">{t('dashboard.projects.lead')}</p>
      <div className="dash-grid">
        <div>
          <h3>{t('dashboard.projects.path')}</h3>
          <EChart option={pathOption} label={t('dashboard.projects.path')} fileName="projects-target-path.png" pngLabel={t('dashboard.exportPng')} onPick={(x) => {
            const period = p.path.find((v) => t('dashboard.projects.byEnd', { to: v.to }) === x.name)
            if (period) navigate(`/dashboard/rows?${new URLSearchParams({ view: 'projects', period: period.key, ...(d.filter.county ? { county: d.filter.county } : {}), ...(d.filter.industry ? { industry: d.filter.industry } : {}) })}`)
          }} />
          <DataTable
            caption={t('dashboard.projects.path')}
            head={[t('dashboard.col.period'), t('dashboard.projects.target'), t('dashboard.projects.actual')]}
            rows={p.path.map((x) => [t('dashboard.projects.byEnd', { to: x.to }), x.target, x.actual])}
          />
        </div>
        <div>
          <h3>{t('dashboard.projects.byCounty')}</h3>
          <EChart option={countyOption} label={t('dashboard.projects.byCounty')} fileName="projects-by-county.png" pngLabel={t('dashboard.exportPng')} onPick={(x: ChartPick) => {
            const row = p.byCounty.find((v) => names.division(v.division) === x.name)
            if (row) toRows({ county: row.division })
          }} />
          <DataTable
            caption={t('dashboard.projects.byCounty')}
            head={[t('dashboard.col.county'), t('dashboard.projects.target'), t('dashboard.projects.actual')]}
            rows={p.byCounty.map((x) => [names.division(x.division), x.target ?? '—', <Link key={x.division} to={`/dashboard/rows?${filterParams(d, { view: 'projects', county: x.division })}`}>{x.actual}</Link>])}
          />
        </div>
        <div>
          <h3>{t('dashboard.projects.byIndustry')}</h3>
          <EChart option={industryOption} label={t('dashboard.projects.byIndustry')} fileName="projects-by-industry.png" pngLabel={t('dashboard.exportPng')} onPick={(x) => {
            const code = (x.data as { code?: string } | undefined)?.code
            if (code) toRows({ industry: code })
          }} />
          <DataTable
            caption={t('dashboard.projects.byIndustry')}
            head={[t('dashboard.col.industry'), t('dashboard.projects.actual')]}
            rows={p.byIndustry.map((x) => [names.industry(x.industry), x.actual])}
          />
        </div>
      </div>
    </section>
  )
}

function ContractsSection({ d }: { d: Data }) {
  const t = useT()
  const locale = useLocale()
  const names = useNames(d)
  const navigate = useNavigate()
  const c = d.contracts
  const option = useMemo<ChartOption>(() => {
    const idx = new Map(c.months.map((m, i) => [m, i]))
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 64, right: 16, top: 40, bottom: 56 },
      dataZoom: c.months.length > 24 ? [{ type: 'slider', bottom: 4, height: 18 }] : [],
      xAxis: { type: 'category', data: c.months },
      yAxis: { type: 'value', name: t('dashboard.unitWan') },
      series: c.types.map((type) => {
        const data: number[] = c.months.map(() => 0)
        for (const cell of c.cells) if (cell.type === type) data[idx.get(cell.month)!] = wan(cell.amountFen)
        return { name: names.type(type), type: 'bar', stack: 'amount', data, code: type }
      }),
    }
  }, [c, t, names])
  return (
    <section className="card dash-section" aria-labelledby="dash-contracts">
      <SectionHead d={d} view="contracts" title={t('dashboard.contracts.title')} t={t} />
      <p className="muted small">{t('dashboard.contracts.lead', { n: c.total.n, amount: roundMoney(c.total.amountFen, locale), technology: roundMoney(c.total.technologyFen, locale) })}</p>
      <EChart option={option} label={t('dashboard.contracts.title')} fileName="contracts-by-month.png" pngLabel={t('dashboard.exportPng')} height={360} onPick={(x) => {
        const type = c.types.find((v) => names.type(v) === x.seriesName)
        if (x.name) navigate(`/dashboard/rows?${filterParams(d, { view: 'contracts', month: x.name, type })}`)
      }} />
      <DataTable
        caption={t('dashboard.contracts.title')}
        head={[t('dashboard.col.month'), t('dashboard.col.type'), t('dashboard.col.count'), t('dashboard.col.amount'), t('dashboard.col.technology')]}
        rows={c.cells.map((x) => [x.month, names.type(x.type), <Link key="n" to={`/dashboard/rows?${filterParams(d, { view: 'contracts', month: x.month, type: x.type })}`}>{x.n}</Link>, formatFen(x.amountFen, locale), formatFen(x.technologyFen, locale)])}
      />
    </section>
  )
}

function FlowsSection({ d }: { d: Data }) {
  const t = useT()
  const locale = useLocale()
  const names = useNames(d)
  const navigate = useNavigate()
  const flows = d.flows.flows
  const option = useMemo<ChartOption>(() => {
    const sellerTotals = new Map<string, { name: string; fen: number }>()
    for (const f of flows) sellerTotals.set(f.sellerId, { name: f.sellerName, fen: (sellerTotals.get(f.sellerId)?.fen ?? 0) + f.technologyFen })
    const top = new Set([...sellerTotals].sort((a, b) => b[1].fen - a[1].fen).slice(0, 12).map(([id]) => id))
    const other = t('dashboard.flows.other')
    const links = new Map<string, { source: string; target: string; value: number; seller: string | null; division: string }>()
    for (const f of flows) {
      const source = top.has(f.sellerId) ? f.sellerName : other
      const target = names.division(f.division)
      const key = `${source}→${target}`
      const l = links.get(key) ?? { source, target, value: 0, seller: top.has(f.sellerId) ? f.sellerId : null, division: f.division }
      l.value += wan(f.technologyFen)
      links.set(key, l)
    }
    const nodes = new Set<string>()
    for (const l of links.values()) nodes.add(l.source).add(l.target)
    return {
      tooltip: { trigger: 'item' },
      series: [{ type: 'sankey', left: 8, right: 120, nodeGap: 6, emphasis: { focus: 'adjacency' }, data: [...nodes].map((name) => ({ name })), links: [...links.values()], lineStyle: { color: 'gradient', opacity: 0.4 } }],
    }
  }, [flows, t, names])
  return (
    <section className="card dash-section" aria-labelledby="dash-flows">
      <SectionHead d={d} view="flows" title={t('dashboard.flows.title')} t={t} />
      <p className="muted small">{t('dashboard.flows.lead', { amount: roundMoney(d.flows.total, locale) })}</p>
      <EChart option={option} label={t('dashboard.flows.title')} fileName="technology-flows.png" pngLabel={t('dashboard.exportPng')} height={440} onPick={(x) => {
        const l = x.data as { seller?: string | null; division?: string } | undefined
        if (x.dataType === 'edge' && l?.division) navigate(`/dashboard/rows?${filterParams(d, { view: 'flows', seller: l.seller ?? undefined, county: l.division })}`)
      }} />
      <DataTable
        caption={t('dashboard.flows.title')}
        head={[t('dashboard.col.institution'), t('dashboard.col.county'), t('dashboard.col.count'), t('dashboard.col.technology')]}
        rows={flows.map((x) => [x.sellerName, names.division(x.division), <Link key="n" to={`/dashboard/rows?${filterParams(d, { view: 'flows', seller: x.sellerId, county: x.division })}`}>{x.n}</Link>, formatFen(x.technologyFen, locale)])}
      />
    </section>
  )
}

function SubsidiesSection({ d }: { d: Data }) {
  const t = useT()
  const locale = useLocale()
  const navigate = useNavigate()
  const s = d.subsidies
  const option = useMemo<ChartOption>(() => {
    const months = [...new Set(s.cells.map((c) => c.month))].sort()
    const series = (['approved', 'paid'] as const).map((kind) => ({
      name: t(`dashboard.subsidies.${kind}`),
      type: 'bar',
      data: months.map((m) => wan(s.cells.find((c) => c.month === m && c.kind === kind)?.amountFen ?? 0)),
    }))
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 64, right: 16, top: 36, bottom: 56 },
      dataZoom: months.length > 24 ? [{ type: 'slider', bottom: 4, height: 18 }] : [],
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', name: t('dashboard.unitWan') },
      series,
    }
  }, [s, t])
  return (
    <section className="card dash-section" aria-labelledby="dash-subsidies">
      <SectionHead d={d} view="subsidies" title={t('dashboard.subsidies.title')} t={t} />
      <p className="muted small">{t('dashboard.subsidies.lead', { approved: roundMoney(s.approvedFen, locale), paid: roundMoney(s.paidFen, locale) })}</p>
      <EChart option={option} label={t('dashboard.subsidies.title')} fileName="subsidies.png" pngLabel={t('dashboard.exportPng')} onPick={(x) => {
        const kind = x.seriesName === t('dashboard.subsidies.paid') ? 'paid' : 'approved'
        if (x.name) navigate(`/dashboard/rows?${filterParams(d, { view: 'subsidies', kind, month: x.name })}`)
      }} />
      <DataTable
        caption={t('dashboard.subsidies.title')}
        head={[t('dashboard.col.month'), t('dashboard.col.series'), t('dashboard.col.count'), t('dashboard.col.amount')]}
        rows={s.cells.map((x) => [x.month, t(`dashboard.subsidies.${x.kind}`), <Link key="n" to={`/dashboard/rows?${filterParams(d, { view: 'subsidies', kind: x.kind, month: x.month })}`}>{x.n}</Link>, formatFen(x.amountFen, locale)])}
      />
    </section>
  )
}

const ACTIVITY = ['achievements', 'needs', 'deals', 'auctions', 'roadshows'] as const

function ActivitySection({ d }: { d: Data }) {
  const t = useT()
  const navigate = useNavigate()
  const a = d.activity
  const option = useMemo<ChartOption>(() => {
    const months = [...new Set(a.cells.map((c) => c.month))].sort()
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 56 },
      dataZoom: months.length > 24 ? [{ type: 'slider', bottom: 4, height: 18 }] : [],
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', minInterval: 1 },
      series: ACTIVITY.map((kind) => ({
        name: t(`dashboard.activity.${kind}`),
        type: 'line',
        smooth: true,
        data: months.map((m) => a.cells.find((c) => c.month === m && c.kind === kind)?.n ?? 0),
      })),
    }
  }, [a, t])
  return (
    <section className="card dash-section" aria-labelledby="dash-activity">
      <SectionHead d={d} view="activity" title={t('dashboard.activity.title')} t={t} />
      <p className="muted small">{t('dashboard.activity.lead')}</p>
      <EChart option={option} label={t('dashboard.activity.title')} fileName="activity.png" pngLabel={t('dashboard.exportPng')} onPick={(x) => {
        const kind = ACTIVITY.find((k) => t(`dashboard.activity.${k}`) === x.seriesName)
        if (kind && x.name) navigate(`/dashboard/rows?${filterParams(d, { view: 'activity', kind, month: x.name })}`)
      }} />
      <DataTable
        caption={t('dashboard.activity.title')}
        head={[t('dashboard.col.series'), t('dashboard.col.count')]}
        rows={ACTIVITY.map((k) => [t(`dashboard.activity.${k}`), <Link key={k} to={`/dashboard/rows?${filterParams(d, { view: 'activity', kind: k })}`}>{a.totals[k] ?? 0}</Link>])}
      />
    </section>
  )
}
