import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { FilterCard, Pager, SearchFilter, SelectFilter, useDivisionOptions } from '~/components/filter-card'
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
  const d = useLoaderData<typeof loader>()
  const divisionOptions = useDivisionOptions(d.divisions)
  const industryName = useIndustryName(d.industries)
  const divisionName = (code: string) => {
    const x = d.divisions.find((v) => v.code === code)
    return x ? (locale === 'en' ? x.nameEn : x.nameZh) : code
  }
  return (
    <div className="container">
      <PageHeader title={t('directory.managers.pageTitle')} lead={t('directory.managers.lead')}>
        <Link to="/agencies" className="btn btn-secondary">
          {t('directory.agencies.pageTitle')}
        </Link>
      </PageHeader>
      <FilterCard label={t('directory.filters')} apply={t('directory.apply')}>
        <SelectFilter
          id="mg-industry"
          name="industry"
          label={t('directory.field')}
          any={t('directory.any')}
          value={d.q.industry}
          options={d.industries.filter((i) => !i.parent_code).map((i) => ({ value: i.code, label: locale === 'en' ? i.name_en : i.name_zh }))}
        />
        <SelectFilter
          id="mg-level"
          name="level"
          label={t('directory.level')}
          any={t('directory.any')}
          value={d.q.level}
          options={MANAGER_LEVELS.map((l) => ({ value: l, label: t(`directory.level.${l}` as MessageKey) }))}
        />
        <SelectFilter id="mg-county" name="division" label={t('directory.county')} any={t('directory.any')} value={d.q.division} options={divisionOptions} />
        <SearchFilter id="mg-q" label={t('directory.keywords')} value={d.q.q} />
      </FilterCard>
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
      <Pager label={t('directory.managers.pageTitle')} page={d.page} pageSize={d.pageSize} total={d.total} prev={t('directory.prev')} next={t('directory.next')} />
    </div>
  )
}
