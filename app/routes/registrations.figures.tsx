import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { type ChartOption, EChart } from '~/components/echart'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/dashboard.css?url'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { registrarFigures } from '../../server/dashboards/registrar'
import { FiguresQuerySchema } from '../../server/dashboards/schemas'

// /registrations/figures — a registrar's own queue figures by month of
// submission: decided on time, decided late, waiting (and overdue), average
// working days to a decision. Registrars only (403 for everyone else).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'dashboard.figures.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const q = FiguresQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return orErrorPage(() => registrarFigures(context.services.db, principal, q))
}

export default function RegistrarFigures() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: d.rows.map((r) => r.month) },
      yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', name: t('dashboard.figures.days'), position: 'right' }],
      series: [
        { name: t('dashboard.figures.onTime'), type: 'bar', stack: 'q', data: d.rows.map((r) => r.onTime), itemStyle: { color: '#15803d' } },
        { name: t('dashboard.figures.late'), type: 'bar', stack: 'q', data: d.rows.map((r) => r.late), itemStyle: { color: '#b91c1c' } },
        { name: t('dashboard.figures.waiting'), type: 'bar', stack: 'q', data: d.rows.map((r) => r.waiting), itemStyle: { color: '#a3a3a3' } },
        { name: t('dashboard.figures.avgDays'), type: 'line', yAxisIndex: 1, data: d.rows.map((r) => r.avgWorkingDays) },
      ],
    }),
    [d, t],
  )
  const dash = (v: number | null) => (v === null ? '—' : v)
  return (
    <div className="container dashboard-page">
      <PageHeader title={t('dashboard.figures.pageTitle')} lead={t('dashboard.figures.lead', { registrar: d.registrar })}>
        <Link className="btn btn-secondary" to="/registrations">
          {t('dashboard.figures.queue')}
        </Link>
      </PageHeader>
      <Form method="get" className="card filters filters-card" aria-label={t('dashboard.filters')}>
        <div className="field">
          <label htmlFor="f-year">{t('dashboard.figures.year')}</label>
          <select id="f-year" name="year" defaultValue={String(d.year)}>
            {d.years.map((y) => (
              <option key={y} value={y}>
                {y}
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
      <ul className="dash-stats" aria-label={t('dashboard.summary')}>
        <li className="stat">
          <strong data-testid="figures-submitted">{d.total.submitted}</strong>
          <span>{t('dashboard.figures.submitted')}</span>
        </li>
        <li className="stat">
          <strong data-testid="figures-on-time">{d.total.onTime}</strong>
          <span>{t('dashboard.figures.onTime')}</span>
        </li>
        <li className="stat">
          <strong data-testid="figures-late">{d.total.late}</strong>
          <span>{t('dashboard.figures.late')}</span>
        </li>
        <li className="stat">
          <strong data-testid="figures-overdue">{d.total.waitingOverdue}</strong>
          <span>{t('dashboard.figures.waitingOverdue')}</span>
        </li>
        <li className="stat">
          <strong data-testid="figures-avg">{dash(d.total.avgWorkingDays)}</strong>
          <span>{t('dashboard.figures.avgDays')}</span>
        </li>
      </ul>
      <section className="card dash-section" aria-labelledby="figures-by-month">
        <h2 id="figures-by-month">{t('dashboard.figures.byMonth')}</h2>
        {d.rows.length === 0 ? (
          <p className="muted">{t('dashboard.figures.empty')}</p>
        ) : (
          <>
            <EChart option={option} label={t('dashboard.figures.byMonth')} fileName={`registrar-figures-${d.year}.png`} pngLabel={t('dashboard.exportPng')} />
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.col.month')}</th>
                    <th scope="col">{t('dashboard.figures.submitted')}</th>
                    <th scope="col">{t('dashboard.figures.onTime')}</th>
                    <th scope="col">{t('dashboard.figures.late')}</th>
                    <th scope="col">{t('dashboard.figures.waiting')}</th>
                    <th scope="col">{t('dashboard.figures.waitingOverdue')}</th>
                    <th scope="col">{t('dashboard.figures.avgDays')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={r.month} data-testid="figures-month">
                      <td data-label={t('dashboard.col.month')}>{r.month}</td>
                      <td data-label={t('dashboard.figures.submitted')}>{r.submitted}</td>
                      <td data-label={t('dashboard.figures.onTime')}>{r.onTime}</td>
                      <td data-label={t('dashboard.figures.late')}>{r.late}</td>
                      <td data-label={t('dashboard.figures.waiting')}>{r.waiting}</td>
                      <td data-label={t('dashboard.figures.waitingOverdue')}>{r.waitingOverdue}</td>
                      <td data-label={t('dashboard.figures.avgDays')}>{dash(r.avgWorkingDays)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  )
}
