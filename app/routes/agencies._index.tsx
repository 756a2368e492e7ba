import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { FilterCard, Pager, SearchFilter, SelectFilter, useDivisionOptions } from '~/components/filter-card'
import { PageHeader } from '~/components/layout'
import { CreditBadge } from '~/components/trainings/directory-bits'
import styles from '~/styles/trainings.css?url'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { AgencyQuery, agencyDirectory, directoryOptions } from '../../server/directory/directory'

// /agencies — 技术转移服务机构 directory, public: verified agencies with their
// approved managers, deals brokered and credit level, by county and name.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'directory.agencies.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = AgencyQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const db = context.services.db
  const [list, options] = await Promise.all([agencyDirectory(db, q), directoryOptions(db)])
  return { q, ...list, divisions: options.divisions }
}

export default function AgenciesPage() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const divisionOptions = useDivisionOptions(d.divisions)
  const divisionName = (code: string) => {
    const x = d.divisions.find((v) => v.code === code)
    return x ? (locale === 'en' ? x.nameEn : x.nameZh) : code
  }
  return (
    <div className="container">
      <PageHeader title={t('directory.agencies.pageTitle')} lead={t('directory.agencies.lead')}>
        <Link to="/managers" className="btn btn-secondary">
          {t('directory.managers.pageTitle')}
        </Link>
      </PageHeader>
      <FilterCard label={t('directory.filters')} apply={t('directory.apply')}>
        <SelectFilter id="ag-county" name="division" label={t('directory.county')} any={t('directory.any')} value={d.q.division} options={divisionOptions} />
        <SearchFilter id="ag-q" label={t('directory.agencyKeywords')} value={d.q.q} />
      </FilterCard>
      <p className="muted">{t('directory.total', { count: d.total })}</p>
      {d.rows.length === 0 ? (
        <p className="card muted">{t('directory.empty')}</p>
      ) : (
        <ul className="directory-list">
          {d.rows.map((a) => (
            <li key={a.id} className="card directory-card" data-testid="agency-card">
              <h2>
                <Link to={`/o/${a.id}`}>{locale === 'en' && a.nameEn ? a.nameEn : a.name}</Link>
              </h2>
              <p className="muted small">{divisionName(a.divisionCode)}</p>
              {a.description ? <p className="small">{a.description.slice(0, 140)}</p> : null}
              <dl className="facts small">
                <dt>{t('directory.agencies.managers')}</dt>
                <dd data-testid="agency-managers">{t('directory.agencies.managersCount', { n: a.managers })}</dd>
                <dt>{t('directory.deals')}</dt>
                <dd data-testid="agency-deals">{t('directory.dealsCount', { n: a.deals })}</dd>
                <dt>{t('directory.credit')}</dt>
                <dd>
                  <CreditBadge level={a.credit} />
                </dd>
              </dl>
              <p className="small">
                <Link to={`/managers?q=${encodeURIComponent(a.name)}`}>{t('directory.agencies.viewManagers')}</Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pager label={t('directory.agencies.pageTitle')} page={d.page} pageSize={d.pageSize} total={d.total} prev={t('directory.prev')} next={t('directory.next')} />
    </div>
  )
}
