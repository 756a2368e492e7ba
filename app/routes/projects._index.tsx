import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { FilterCard, Pager, SelectFilter } from '~/components/filter-card'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/projects.css?url'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'
import { ProjectFilterSchema } from '../../server/projects/schemas'
import { projectList } from '../../server/projects/service'

// /projects — transformation projects (转化项目, ADR 037), filtered by county,
// status, target period, industry and lateness, with the counts per status.
// City officers see every project, county officers their county's, an
// enterprise's members their own; the service scopes the query. Others 403.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'project.list.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const q = ProjectFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const list = await orErrorPage(() => projectList(context.services.db, principal, q))
  return { ...list, filter: q }
}

export default function Projects() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const name = (x: { name_zh: string; name_en: string }) => (locale === 'en' ? x.name_en : x.name_zh)
  const divisionName = (code: string) => {
    const div = d.divisions.find((x) => x.code === code)
    return div ? name(div) : code
  }
  const lead = d.city ? t('project.list.lead') : d.officer ? t('project.list.leadCounty') : t('project.list.leadMember')
  return (
    <div className="container projects-page">
      <PageHeader title={t('project.list.pageTitle')} lead={lead}>
        {d.canAdd ? (
          <Link to="/projects/new" className="btn btn-primary">
            {t('project.list.add')}
          </Link>
        ) : null}
      </PageHeader>
      <FilterCard label={t('project.list.filters')} apply={t('project.list.apply')}>
        {d.officer && d.divisions.length > 1 ? (
          <SelectFilter
            id="f-county"
            name="county"
            label={t('project.list.county')}
            any={t('project.list.any')}
            value={d.filter.county}
            options={d.divisions.map((x) => ({ value: x.code, label: name(x) }))}
          />
        ) : null}
        <SelectFilter
          id="f-status"
          name="status"
          label={t('project.list.status')}
          any={t('project.list.any')}
          value={d.filter.status}
          options={(['proposed', 'confirmed', 'excluded'] as const).map((s) => ({ value: s, label: t(`project.status.${s}`) }))}
        />
        <SelectFilter
          id="f-period"
          name="period"
          label={t('project.list.period')}
          any={t('project.list.any')}
          value={d.filter.period}
          options={d.periods.map((p) => ({ value: p.key, label: `${p.key}（${p.from} – ${p.to}）` }))}
        />
        <SelectFilter
          id="f-industry"
          name="industry"
          label={t('project.list.industry')}
          any={t('project.list.any')}
          value={d.filter.industry}
          options={d.industries.map((i) => ({ value: i.code, label: name(i) }))}
        />
        <div className="field field-check">
          <input id="f-late" type="checkbox" name="late" value="1" defaultChecked={d.filter.late} />
          <label htmlFor="f-late">{t('project.list.late')}</label>
        </div>
      </FilterCard>
      <p className="project-counts" data-testid="project-counts">
        {t('project.list.counts', {
          total: d.total,
          proposed: d.byStatus.proposed ?? 0,
          confirmed: d.byStatus.confirmed ?? 0,
          excluded: d.byStatus.excluded ?? 0,
        })}
      </p>
      {d.rows.length === 0 ? (
        <p className="card muted">{t('project.list.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('project.col.title')}</th>
                <th scope="col">{t('project.col.enterprise')}</th>
                <th scope="col">{t('project.col.county')}</th>
                <th scope="col">{t('project.col.technologyAmount')}</th>
                <th scope="col">{t('project.col.registeredOn')}</th>
                <th scope="col">{t('project.col.stage')}</th>
                <th scope="col">{t('project.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((p) => (
                <tr key={p.id} data-testid="project-row">
                  <td>
                    <Link to={`/projects/${p.id}`}>{p.title}</Link>
                    {p.registration_number ? <div className="small muted mono">{p.registration_number}</div> : null}
                  </td>
                  <td data-label={t('project.col.enterprise')}>{p.enterprise_name}</td>
                  <td data-label={t('project.col.county')}>{divisionName(p.division_code)}</td>
                  <td data-label={t('project.col.technologyAmount')} className="project-amount">
                    {formatFen(Number(p.technology_amount_fen), locale)}
                  </td>
                  <td data-label={t('project.col.registeredOn')}>{p.registered_on}</td>
                  <td data-label={t('project.col.stage')}>{t(`project.stage.${p.stage}` as MessageKey)}</td>
                  <td data-label={t('project.col.status')}>
                    <span className="project-badges">
                      <span className={`badge badge-project-${p.status}`}>{t(`project.status.${p.status}`)}</span>
                      {p.status !== 'excluded' && p.overdue > 0 ? (
                        <span className="badge badge-project-late" data-testid="project-late">
                          {t('project.list.overdue', { n: p.overdue })}
                        </span>
                      ) : null}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label={t('project.list.pageTitle')} page={d.page} pageSize={d.pageSize} total={d.total} prev={t('project.list.prev')} next={t('project.list.next')} />
    </div>
  )
}
