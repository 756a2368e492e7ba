import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { displayStatus, StatusBadge } from '~/components/achievement-bits'
import { budgetText } from '~/components/need-card'
import { requireUser } from '~/utils/auth.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { myNeeds } from '../../server/listings/needs'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'need.myTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const mine = await myNeeds(context.services.db, principal)
  if (!mine) throw new Response('Forbidden', { status: 403 })
  return mine
}

export default function MyNeeds() {
  const t = useT()
  const locale = useLocale()
  const { orgs, needs, canCreate } = useLoaderData<typeof loader>()
  return (
    <div className="container">
      <PageHeader title={t('need.myTitle')} lead={t('need.myLead')}>
        {canCreate ? (
          <Link to="/needs/new" className="btn btn-primary">
            {t('need.post')}
          </Link>
        ) : null}
      </PageHeader>
      {orgs
        .filter((o) => o.status !== 'verified')
        .map((o) => (
          <Notice key={o.id} kind="warning">
            {t('need.orgNotVerified', { org: o.name })}
          </Notice>
        ))}
      {needs.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('need.myTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('need.title')}</th>
                <th scope="col">{t('need.status')}</th>
                {orgs.length > 1 ? <th scope="col">{t('need.org')}</th> : null}
                <th scope="col">{t('need.budget')}</th>
                <th scope="col">{t('need.responsesCol')}</th>
                <th scope="col">{t('need.updated')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('need.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {needs.map((n) => {
                const status = displayStatus(n)
                return (
                  <tr key={n.id}>
                    <td>
                      <Link to={`/needs/${n.id}`} className="table-title">
                        {n.title}
                      </Link>
                      <div className="muted small">{locale === 'en' ? n.industry_name_en : n.industry_name_zh}</div>
                    </td>
                    <td>
                      <StatusBadge listing={n} />
                      {status === 'published' && n.expires_at ? (
                        <div className="muted small">{t('need.validUntilDate', { date: formatDate(locale, n.expires_at) })}</div>
                      ) : null}
                    </td>
                    {orgs.length > 1 ? <td>{n.org_name}</td> : null}
                    <td className="nowrap">{budgetText(t, locale, n)}</td>
                    <td>
                      {n.responses.responses ? (
                        <Link to={`/needs/${n.id}#responses`}>{t('need.responsesCount', { count: n.responses.responses })}</Link>
                      ) : (
                        <span className="muted">{t('need.responsesNone')}</span>
                      )}
                      {n.responses.open ? <span className="badge badge-listing-submitted badge-gap">{t('need.openCount', { count: n.responses.open })}</span> : null}
                      {n.responses.passes ? (
                        <div className="small">
                          <Link to={`/needs/${n.id}#responses`} className="muted">
                            {t('need.passesCount', { count: n.responses.passes })}
                          </Link>
                        </div>
                      ) : null}
                    </td>
                    <td className="nowrap">{formatDate(locale, n.updated_at)}</td>
                    <td className="nowrap">
                      {n.canEdit ? (
                        <Link to={`/needs/${n.id}/edit`} aria-label={t('need.editNamed', { title: n.title })}>
                          {t('need.edit')}
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="card empty-state">
          <h2>{t('need.myEmpty')}</h2>
          <p className="muted">{t('need.myEmptyHint')}</p>
          {canCreate ? (
            <Link to="/needs/new" className="btn btn-primary">
              {t('need.post')}
            </Link>
          ) : null}
        </div>
      )}
    </div>
  )
}
