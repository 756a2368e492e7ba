import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Fragment, type ReactNode } from 'react'
import { PageHeader } from '~/components/layout'
import { parseAuditFilter } from '~/utils/audit-filter.server'
import { requirePermission } from '~/utils/auth.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { getLocale } from '~/utils/locale.server'
import { pageTitle } from '~/utils/meta'
import { isMessageKey } from '../../server/i18n/catalog'
import { auditTemplate, browseAudit, type ReadableEntry } from '../../server/platform/audit-log'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'audit.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'audit:read' })
  const locale = await getLocale(request, context)
  const result = await browseAudit(context.services.db, principal, locale, parseAuditFilter(request.url))
  // What each action reads as in the filter: its sentence without the actor ("认领了需求《…》").
  const actionLabels = Object.fromEntries(
    result.actions.map((a) => [a, auditTemplate(locale, a).replace(/\{actor\}\s*[:：]?\s*/, '').replace(/\{(title|org)\}/g, '…')]),
  )
  return { ...result, actionLabels }
}

type Entry = Omit<ReadableEntry, 'at'> & { at: string | Date }

/** The entry's sentence with the actor (a link to their other entries) and the record (a link to it). */
function Sentence({ e }: { e: Entry }) {
  const t = useT()
  const parts = e.template.split(/(\{(?:actor|title|org)\})/)
  const fill = (p: string): ReactNode => {
    if (p === '{actor}') {
      if (!e.actor) return <strong>{t('audit.system')}</strong>
      return e.actor.email ? (
        <Link to={`?who=${encodeURIComponent(e.actor.email)}`} title={e.actor.email} className="audit-actor">
          {e.actor.name}
        </Link>
      ) : (
        <strong>{e.actor.name}</strong>
      )
    }
    if (p === '{title}') return e.path ? <Link to={e.path}>{e.title}</Link> : <span>{e.title}</span>
    if (p === '{org}') return <span>{e.org ?? ''}</span>
    return p
  }
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>{fill(p)}</Fragment>
      ))}
    </>
  )
}

export default function AuditLog() {
  const t = useT()
  const locale = useLocale()
  const { entries, actions, actionLabels, entityTypes, nextBeforeId } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const next = new URLSearchParams(params)
  if (nextBeforeId) next.set('beforeId', String(nextBeforeId))
  const exportParams = new URLSearchParams(params)
  exportParams.delete('beforeId')
  const typeName = (type: string) => (isMessageKey(`audit.entityTypeName.${type}`) ? t(`audit.entityTypeName.${type}` as never) : type)
  return (
    <div className="container">
      <PageHeader title={t('audit.title')} lead={t('audit.lead')}>
        <a href={`/admin/audit.csv${exportParams.size ? `?${exportParams}` : ''}`} className="btn btn-secondary" download>
          {t('audit.exportCsv')}
        </a>
      </PageHeader>
      <Form method="get" className="filters audit-filters" aria-label={t('audit.filter')}>
        <div className="field">
          <label htmlFor="f-who">{t('audit.who')}</label>
          <input id="f-who" name="who" type="search" defaultValue={params.get('who') ?? params.get('actorEmail') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-action">{t('audit.what')}</label>
          <select id="f-action" name="action" defaultValue={params.get('action') ?? ''}>
            <option value="">{t('admin.all')}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionLabels[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-type">{t('audit.whatType')}</label>
          <select id="f-type" name="entityType" defaultValue={params.get('entityType') ?? ''}>
            <option value="">{t('admin.all')}</option>
            {entityTypes.map((type) => (
              <option key={type} value={type}>
                {typeName(type)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">{t('audit.from')}</label>
          <input id="f-from" name="from" type="date" defaultValue={params.get('from') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t('audit.to')}</label>
          <input id="f-to" name="to" type="date" defaultValue={params.get('to') ?? ''} />
        </div>
        <button type="submit" className="btn btn-secondary">
          {t('audit.filter')}
        </button>
        {params.size ? <Link to="/admin/audit">{t('audit.clear')}</Link> : null}
      </Form>
      {entries.length === 0 ? (
        <p className="card muted">{t('audit.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="audit-table">
            <caption className="visually-hidden">{t('audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.entity')}</th>
                <th scope="col">{t('audit.ip')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="audit-sentence">
                    <Sentence e={e} />
                  </td>
                  <td className="nowrap">{formatDateTime(locale, e.at)}</td>
                  <td data-label={t('audit.entity')}>{typeName(e.entityType)}</td>
                  <td data-label={t('audit.ip')}>{e.ip ?? '—'}</td>
                  <td data-label={t('audit.details')}>
                    {e.details.length ? (
                      <dl className="audit-details">
                        {e.details.map((d, i) => (
                          <Fragment key={i}>
                            <dt>{d.key}</dt>
                            <dd>{d.value}</dd>
                          </Fragment>
                        ))}
                      </dl>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBeforeId ? (
        <p>
          <Link to={`?${next}`} className="btn btn-secondary">
            {t('audit.older')}
          </Link>
        </p>
      ) : null}
    </div>
  )
}
