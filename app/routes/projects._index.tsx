import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pager } from '~/components/filter-card'
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
      <Form method="get" className="card filters filters-card" aria-label={t('project.list.filters')}>
        {d.officer && d.divisions.length > 1 ? (
          <div className="field">
            <label htmlFor="f-county">{t('project.list.county')}</label>
            <select id="f-county" name="county" defaultValue={d.filter.county ?? ''}>
              <option value="">{t('project.list.any')}</option>
              {d.divisions.map((x) => (
                <option key={x.code} value={x.code}>
                  {name(x)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="f-status">{t('project.list.status')}</label>
          <select id="f-status" name="status" defaultValue={d.filter.status ?? ''}>
            <option value="">{t('project.list.any')}</option>
            {(['proposed', 'confirmed', 'excluded'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`project.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-period">{t('project.list.period')}</label>
          <select id="f-period" name="period" defaultValue={d.filter.period ?? ''}>
            <option value="">{t('project.list.any')}</option>
            {d.periods.map((p) => (
              <option key={p.key} value={p.key}>
                {p.key}（{p.from} – {p.to}）
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-industry">{t('project.list.industry')}</label>
          <select id="f-industry" name="industry" defaultValue={d.filter.industry ?? ''}>
            <option value="">{t('project.list.any')}</option>
            {d.industries.map((i) => (
              <option key={i.code} value={i.code}>
                {name(i)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-check">
          <input id="f-late" type="checkbox" name="late" value="1" defaultChecked={d.filter.late} />
          <label htmlFor="f-late">{t('project.list.late')}</label>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="btn btn-secondary">
            {t('project.list.apply')}
          </button>
        </div>
      </Form>
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
