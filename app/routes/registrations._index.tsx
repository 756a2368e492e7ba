import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import { requireUser } from '~/utils/auth.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { isRegistrationStatus, REGISTRATION_STATUSES } from '../../server/registrations/config'
import { registrationList } from '../../server/registrations/pages'

// /registrations — the registrar's queue (技术合同认定登记) by deadline, with
// working days left and an overdue badge; for a party, its submissions.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'registration.list.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const raw = new URL(request.url).searchParams.get('status')
  const status = isRegistrationStatus(raw) ? raw : null
  return { status, ...(await registrationList(context.services.db, principal, status)) }
}

export default function RegistrationsPage() {
  const { rows, status, isRegistrar } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <div className="container">
      <PageHeader title={t('registration.list.title')} lead={t(isRegistrar ? 'registration.list.leadRegistrar' : 'registration.list.leadParty')} />
      <Form method="get" className="form form-inline" aria-label={t('registration.list.filter')}>
        <div className="field">
          <label htmlFor="reg-status">{t('registration.list.filter')}</label>
          <select id="reg-status" name="status" defaultValue={status ?? ''}>
            <option value="">{t('registration.list.all')}</option>
            {REGISTRATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`registration.status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn">
          {t('registration.list.apply')}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p className="card muted">{t('registration.list.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="registration-queue">
            <thead>
              <tr>
                <th scope="col">{t('registration.list.contract')}</th>
                <th scope="col">{t('registration.list.filter')}</th>
                <th scope="col">{t('registration.list.deadline')}</th>
                <th scope="col">{t('registration.list.registrar')}</th>
                <th scope="col">{t('registration.list.number')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td data-label={t('registration.list.contract')}>
                    <Link to={`/registrations/${r.id}`}>{r.title}</Link>
                  </td>
                  <td data-label={t('registration.list.filter')}>
                    <span className={`badge badge-${r.status}`}>{t(`registration.status.${r.status}` as MessageKey)}</span>
                  </td>
                  <td data-label={t('registration.list.deadline')}>
                    {r.open ? (
                      <>
                        {formatDateTime(locale, r.deadlineAt)}{' '}
                        {r.overdue ? (
                          <span className="badge badge-danger">{t('registration.list.overdue')}</span>
                        ) : (
                          <span className="muted small">{t('registration.list.daysLeft', { n: r.daysLeft ?? 0 })}</span>
                        )}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label={t('registration.list.registrar')}>{r.registrar}</td>
                  <td data-label={t('registration.list.number')}>{r.number ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
