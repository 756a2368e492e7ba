import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { hoursOf, TrainingTime } from '~/components/trainings/training-bits'
import styles from '~/styles/trainings.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { formatDateTime, translateError, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { DomainError } from '../../server/platform/errors'
import { attendanceSheet, markAttendance } from '../../server/trainings/attendance'

// /trainings/:id/attendance — the organiser's sheet: who registered, who is
// waiting, who checked in (by QR or ticked here by hand), feedback; CSV export.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'training.attendance.pageTitle')

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => attendanceSheet(context.services.db, principal, params.id ?? ''))
}

const MarkSchema = z.object({ userId: z.string().uuid(), present: z.enum(['1', '0']) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const id = params.id ?? ''
  const parsed = MarkSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return data({ error: 'errors.invalid' }, { status: 400 })
  try {
    await markAttendance(context.services.db, principal, id, parsed.data.userId, parsed.data.present === '1', requestMeta(context))
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    if (err.kind === 'not_found') throw new Response('Not found', { status: 404 })
    return data({ error: err.messageKey }, { status: err.kind === 'forbidden' ? 403 : 409 })
  }
  return redirect(`/trainings/${id}/attendance`)
}

export default function AttendancePage() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const acted = useActionData<typeof action>()
  const tr = d.training
  return (
    <div className="container">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/trainings">{t('training.list.pageTitle')}</Link>
        <span aria-hidden="true"> / </span>
        <Link to={`/trainings/${tr.id}`}>{tr.title}</Link>
      </nav>
      <PageHeader title={t('training.attendance.pageTitle')} lead={tr.title}>
        <a href={`/trainings/${tr.id}/attendance.csv`} className="btn btn-secondary" download>
          {t('training.attendance.csv')}
        </a>
      </PageHeader>
      {acted?.error ? <Notice kind="error">{translateError(locale, acted.error)}</Notice> : null}
      <p className="muted">
        <TrainingTime startsAt={tr.startsAt} endsAt={tr.endsAt} /> · {t('training.hours', { h: hoursOf(tr.creditMinutes) })}
      </p>
      <p data-testid="attendance-summary">
        <strong>{t('training.attendance.summary', { registered: d.registered, waiting: d.waiting, attended: d.attended })}</strong>
        {d.feedback.count ? <span className="muted"> · {t('training.page.feedbackSummary', { count: d.feedback.count, avg: d.feedback.average ?? '' })}</span> : null}
      </p>
      {d.rows.length === 0 ? (
        <p className="card muted">{t('training.attendance.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('training.attendance.name')}</th>
                <th scope="col">{t('training.attendance.org')}</th>
                <th scope="col">{t('training.attendance.registeredAt')}</th>
                <th scope="col">{t('training.attendance.status')}</th>
                <th scope="col">{t('training.attendance.rating')}</th>
                <th scope="col">{t('training.attendance.markPresent')}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.user_id} data-testid="attendance-row">
                  <td>
                    {r.name}
                    <br />
                    <span className="muted small">{r.email}</span>
                  </td>
                  <td data-label={t('training.attendance.org')}>
                    {r.org_name ?? ''}
                    {r.certificate_no ? <span className="muted small"> · {r.certificate_no}</span> : null}
                  </td>
                  <td data-label={t('training.attendance.registeredAt')}>{formatDateTime(locale, r.registered_at)}</td>
                  <td data-label={t('training.attendance.status')}>
                    {r.checked_in_at ? (
                      <span className="badge badge-training-open">
                        {t('training.attendance.present')} {formatDateTime(locale, r.checked_in_at).slice(-5)}
                      </span>
                    ) : r.waitlisted_at ? (
                      <span className="badge badge-training-closed">{t('training.attendance.waiting')}</span>
                    ) : (
                      <span className="badge">{t('training.attendance.absent')}</span>
                    )}
                  </td>
                  <td data-label={t('training.attendance.rating')}>
                    {r.feedback_rating ?? ''}
                    {r.feedback_text ? <span className="muted small"> {r.feedback_text}</span> : null}
                  </td>
                  <td>
                    {tr.status !== 'cancelled' ? (
                      <Form method="post">
                        <input type="hidden" name="userId" value={r.user_id} />
                        <input type="hidden" name="present" value={r.checked_in_at ? '0' : '1'} />
                        <button
                          type="submit"
                          className="btn btn-secondary"
                          aria-label={t(r.checked_in_at ? 'training.attendance.markAbsentFor' : 'training.attendance.markPresentFor', { name: r.name })}
                        >
                          {t(r.checked_in_at ? 'training.attendance.markAbsent' : 'training.attendance.markPresent')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
