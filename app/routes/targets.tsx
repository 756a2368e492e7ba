import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/projects.css?url'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { formatFen } from '../../server/platform/money'
import { targetsOverview } from '../../server/projects/service'

// /targets — the city's transformation targets (转化 400 项): the cumulative
// target per period against the confirmed projects, for the city and each
// county; a county officer sees only their own county. Also what counts (the
// standard in force, read from server/government/targets.ts). Officers only.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'target.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => targetsOverview(context.services.db, principal))
}

type Line = { key: string; from: string; to: string; target: number; actual: number; current: boolean; past: boolean }

function PathTable({ lines, caption, county }: { lines: Line[]; caption: string; county?: string }) {
  const t = useT()
  return (
    <div className="table-wrap">
      <table className="table" data-testid={county ? `target-${county}` : 'target-city'}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('target.col.period')}</th>
            <th scope="col">{t('target.col.range')}</th>
            <th scope="col">{t('target.col.target')}</th>
            <th scope="col">{t('target.col.actual')}</th>
            <th scope="col">{t('target.col.rate')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const rate = l.target ? Math.min(100, Math.round((l.actual / l.target) * 100)) : 0
            const behind = l.actual < l.target && (l.past || l.current)
            return (
              <tr key={l.key} data-testid="target-line">
                <th scope="row">
                  <Link to={`/projects?period=${l.key}&status=confirmed${county ? `&county=${county}` : ''}`}>{l.key}</Link>{' '}
                  {l.current ? <span className="badge badge-role">{t('target.current')}</span> : null}
                </th>
                <td data-label={t('target.col.range')}>
                  {l.from} – {l.to}
                </td>
                <td data-label={t('target.col.target')} className="project-amount">
                  {l.target}
                </td>
                <td data-label={t('target.col.actual')} className="project-amount" data-testid="target-actual">
                  {l.actual}
                </td>
                <td data-label={t('target.col.rate')}>
                  <div className={`target-bar${behind ? ' behind' : ''}`} role="img" aria-label={`${rate}%`}>
                    <span style={{ width: `${rate}%` }} />
                  </div>
                  <span className="small">
                    {rate}% {l.actual >= l.target ? t('target.met') : behind ? t('target.behind') : ''}
                  </span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

export default function Targets() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const name = (x: { name_zh: string; name_en: string }) => (locale === 'en' ? x.name_en : x.name_zh)
  return (
    <div className="container targets-page">
      <PageHeader title={t('target.pageTitle')} lead={d.city ? t('target.lead') : t('target.leadCounty')}>
        <Link to="/projects" className="btn btn-secondary">
          {t('target.projectsLink')}
        </Link>
      </PageHeader>
      {d.cityPath ? (
        <section className="card project-section" aria-labelledby="city-h">
          <h2 id="city-h">{t('target.city')}</h2>
          <PathTable lines={d.cityPath} caption={t('target.city')} />
        </section>
      ) : null}
      <section className="project-section" aria-labelledby="counties-h">
        <h2 id="counties-h">{t('target.byCounty')}</h2>
        {d.counties.map((c) => (
          <section key={c.code} className="card project-section" aria-labelledby={`county-${c.code}`} data-testid="target-county">
            <h3 id={`county-${c.code}`}>{name(c)}</h3>
            <PathTable lines={c.path} caption={name(c)} county={c.code} />
          </section>
        ))}
      </section>
      <section className="card project-section" aria-labelledby="standard-h">
        <h2 id="standard-h">{t('target.standardTitle')}</h2>
        <ul className="project-standard">
          <li>{t('target.standardAmount', { amount: formatFen(d.standard.minTechnologyAmountFen, locale) })}</li>
          <li>{t('target.standardIndustries', { industries: d.priorityIndustries.map(name).join(locale === 'en' ? ', ' : '、') })}</li>
          <li>{t('target.standardFlag')}</li>
        </ul>
        <p className="small muted">{t('target.standardSince', { date: d.effectiveFrom })}</p>
      </section>
    </div>
  )
}
