import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/dashboard.css?url'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { dashboardRows } from '../../server/dashboards/service'
import { DrillQuerySchema } from '../../server/dashboards/schemas'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'

// /dashboard/rows — the rows behind a dashboard figure (a bar, a point, a flow):
// the same filter as the dashboard (period, county, industry) plus what was
// clicked (month, contract type, institution, series), paged. Scoped like the
// dashboard: a county officer reads only their county's rows.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'dashboard.rows.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const q = DrillQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return orErrorPage(() => dashboardRows(context.services.db, principal, q))
}

export default function DashboardRows() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const division = (code: string | null) => {
    const x = d.divisions.find((v) => v.code === code)
    return x ? (locale === 'en' ? x.name_en : x.name_zh) : (code ?? '')
  }
  const params = (extra: Record<string, string>) => {
    const p = new URLSearchParams()
    for (const [k, v] of Object.entries({ ...d.query, page: undefined, ...extra })) if (v !== null && v !== undefined && v !== '' && !(k === 'period' && v === 'all')) p.set(k, String(v))
    return p.toString()
  }
  const series = d.query.view === 'subsidies' || d.query.view === 'activity' ? (d.query.kind ?? (d.query.view === 'subsidies' ? 'approved' : 'achievements')) : null
  const what = [
    t(`dashboard.rows.view.${d.query.view}` as MessageKey),
    series ? t(`dashboard.${d.query.view}.${series}` as MessageKey) : null,
    d.query.month,
    d.query.type ? t(`contract.type.${d.query.type}` as MessageKey) : null,
    d.filter.county ? division(d.filter.county) : null,
  ].filter(Boolean)
  return (
    <div className="container dashboard-page">
      <PageHeader title={t('dashboard.rows.pageTitle')} lead={what.join(' · ')}>
        <Link className="btn btn-secondary" to={`/dashboard?${params({ view: '', month: '', type: '', seller: '', kind: '' })}`}>
          {t('dashboard.rows.back')}
        </Link>
      </PageHeader>
      <p className="muted small" data-testid="rows-count">
        {t('dashboard.rows.count', { count: d.count, from: d.filter.from, to: d.filter.to })}
      </p>
      {d.rows.length === 0 ? (
        <p className="card muted">{t('dashboard.rows.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.col.date')}</th>
                <th scope="col">{t('dashboard.col.item')}</th>
                <th scope="col">{t('dashboard.col.party')}</th>
                <th scope="col">{t('dashboard.col.county')}</th>
                <th scope="col">{t('dashboard.col.detail')}</th>
                <th scope="col">{t('dashboard.col.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id} data-testid="dashboard-row">
                  <td data-label={t('dashboard.col.date')}>{r.day}</td>
                  <td data-label={t('dashboard.col.item')}>{r.link ? <Link to={r.link}>{r.label}</Link> : r.label}</td>
                  <td data-label={t('dashboard.col.party')}>{r.party}</td>
                  <td data-label={t('dashboard.col.county')}>{division(r.division)}</td>
                  <td data-label={t('dashboard.col.detail')} className="small">
                    {r.detail}
                  </td>
                  <td data-label={t('dashboard.col.amount')}>{r.amountFen === null ? '—' : formatFen(r.amountFen, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.count > d.pageSize ? (
        <nav className="pager" aria-label={t('dashboard.rows.pages')}>
          {d.page > 1 ? <Link to={`?${params({ page: String(d.page - 1) })}`}>{t('dashboard.rows.prev')}</Link> : null}
          <span className="muted small">{t('dashboard.rows.page', { page: d.page, pages: Math.ceil(d.count / d.pageSize) })}</span>
          {d.page * d.pageSize < d.count ? <Link to={`?${params({ page: String(d.page + 1) })}`}>{t('dashboard.rows.next')}</Link> : null}
        </nav>
      ) : null}
    </div>
  )
}
