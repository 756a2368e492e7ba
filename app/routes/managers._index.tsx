import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import { CreditBadge, LevelBadge, useIndustryName } from '~/components/trainings/directory-bits'
import { hoursOf } from '~/components/trainings/training-bits'
import styles from '~/styles/trainings.css?url'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { MANAGER_LEVELS } from '../../server/directory/config'
import { directoryOptions, managerDirectory, ManagerQuery } from '../../server/directory/directory'

// /managers — 技术经理人 directory, public: approved managers of verified
// agencies, filtered by field, level, county and name, paged.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'directory.managers.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = ManagerQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const db = context.services.db
  const [list, options] = await Promise.all([managerDirectory(db, q), directoryOptions(db)])
  return { q, ...list, ...options }
}

export default function ManagersPage() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const d = useLoaderData<typeof loader>()
  const industryName = useIndustryName(d.industries)
  const divisionName = (code: string) => {
    const x = d.divisions.find((v) => v.code === code)
    return x ? (locale === 'en' ? x.nameEn : x.nameZh) : code
  }
  const pageLink = (page: number) => {
    const p = new URLSearchParams(location.search)
    p.set('page', String(page))
    return `?${p.toString()}`
  }
  return (
    <div className="container">
      <PageHeader title={t('directory.managers.pageTitle')} lead={t('directory.managers.lead')}>
        <Link to="/agencies" className="btn btn-secondary">
          {t('directory.agencies.pageTitle')}
        </Link>
      </PageHeader>
      <Form method="get" className="card filters filters-card" aria-label={t('directory.filters')}>
        <div className="field">
          <label htmlFor="mg-industry">{t('directory.field')}</label>
          <select id="mg-industry" name="industry" defaultValue={d.q.industry ?? ''}>
            <option value="">{t('directory.any')}</option>
            {d.industries
              .filter((i) => !i.parent_code)
              .map((i) => (
                <option key={i.code} value={i.code}>
                  {locale === 'en' ? i.name_en : i.name_zh}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="mg-level">{t('directory.level')}</label>
          <select id="mg-level" name="level" defaultValue={d.q.level ?? ''}>
            <option value="">{t('directory.any')}</option>
            {MANAGER_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`directory.level.${l}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="mg-county">{t('directory.county')}</label>
          <select id="mg-county" name="division" defaultValue={d.q.division ?? ''}>
            <option value="">{t('directory.any')}</option>
            {d.divisions.map((x) => (
              <option key={x.code} value={x.code}>
                {locale === 'en' ? x.nameEn : x.nameZh}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="mg-q">{t('directory.keywords')}</label>
          <input id="mg-q" name="q" type="search" defaultValue={d.q.q ?? ''} maxLength={60} />
        </div>
        <div className="filter-buttons">
          <button type="submit" className="btn btn-secondary">
            {t('directory.apply')}
          </button>
        </div>
      </Form>
      <p className="muted">{t('directory.total', { count: d.total })}</p>
      {d.rows.length === 0 ? (
        <p className="card muted">{t('directory.empty')}</p>
      ) : (
        <ul className="directory-list">
          {d.rows.map((m) => (
            <li key={m.userId} className="card directory-card" data-testid="manager-card">
              <h2>
                <Link to={`/managers/${m.userId}`}>{m.name}</Link> <LevelBadge level={m.level} />
              </h2>
              <p className="muted small">
                {m.agencyName} · {divisionName(m.divisionCode)}
              </p>
              <dl className="facts small">
                <dt>{t('directory.field')}</dt>
                <dd>{m.fields.length ? m.fields.map(industryName).join('、') : t('directory.manager.noFields')}</dd>
                <dt>{t('directory.deals')}</dt>
                <dd data-testid="manager-deals">{t('directory.dealsCount', { n: m.deals })}</dd>
                <dt>{t('directory.credit')}</dt>
                <dd>
                  <CreditBadge level={m.credit} />
                </dd>
                <dt>{t('directory.hours')}</dt>
                <dd>{t('training.hours', { h: hoursOf(m.trainingMinutes) })}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {d.total > d.pageSize ? (
        <nav className="pager" aria-label={t('directory.managers.pageTitle')}>
          {d.page > 1 ? <Link to={pageLink(d.page - 1)}>{t('directory.prev')}</Link> : null}
          {d.page * d.pageSize < d.total ? <Link to={pageLink(d.page + 1)}>{t('directory.next')}</Link> : null}
        </nav>
      ) : null}
    </div>
  )
}
