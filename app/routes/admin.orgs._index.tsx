import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requirePermission } from '~/utils/auth.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { reviewQueue } from '../../server/identity/organisations'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'admin.orgsTitle')

const STATUSES = ['pending', 'verified', 'rejected'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'organisation:review' })
  const raw = new URL(request.url).searchParams.get('status') ?? 'pending'
  const status = STATUSES.find((s) => s === raw)
  return { status: status ?? 'all', orgs: await reviewQueue(context.services.db, principal, status) }
}

export default function ReviewQueue() {
  const t = useT()
  const locale = useLocale()
  const { status, orgs } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const done = params.get('done')
  const doneOrg = params.get('org') ?? ''
  return (
    <div className="container">
      <PageHeader title={t('admin.orgsTitle')} lead={t('admin.orgsLead')} />
      {done === 'verified' ? <Notice kind="success">{t('admin.verified', { org: doneOrg })}</Notice> : null}
      {done === 'rejected' ? <Notice kind="warning">{t('admin.rejected', { org: doneOrg })}</Notice> : null}
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="status">{t('admin.filterStatus')}</label>
          <select id="status" name="status" defaultValue={status}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`orgStatus.${s}`)}
              </option>
            ))}
            <option value="all">{t('admin.all')}</option>
          </select>
        </div>
        <button type="submit" className="btn btn-secondary">
          {t('common.search')}
        </button>
      </Form>
      {orgs.length === 0 ? (
        <p className="card muted">{t('admin.noOrgs')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('org.name')}</th>
                <th scope="col">{t('org.type')}</th>
                <th scope="col">{t('org.creditCode')}</th>
                <th scope="col">{t('org.division')}</th>
                <th scope="col">{t('org.status')}</th>
                <th scope="col">{t('admin.submittedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/admin/orgs/${o.id}`}>{o.name}</Link>
                  </td>
                  <td>{t(`orgType.${o.type}`)}</td>
                  <td className="mono">{o.credit_code}</td>
                  <td>{locale === 'en' ? o.division_name_en : o.division_name_zh}</td>
                  <td>
                    <span className={`badge badge-${o.status}`}>{t(`orgStatus.${o.status}`)}</span>
                  </td>
                  <td>{formatDateTime(locale, o.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
