import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { TrainingTime } from '~/components/trainings/training-bits'
import styles from '~/styles/trainings.css?url'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { publicOrigin } from '../../server/platform/config'
import { qrPng } from '../../server/platform/verification'
import { checkinCode } from '../../server/trainings/attendance'

// /trainings/:id/checkin — the organiser's screen at the door: a QR code of
// /trainings/:id/check-in?token=… that attendees scan while signed in. Only the
// event's organisers (officers overseeing its county) see it.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'training.checkin.pageTitle')

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const code = await orErrorPage(() => checkinCode(context.services.db, principal, params.id ?? ''))
  const url = `${publicOrigin(context.services.config)}${code.path}`
  const png = await qrPng(url)
  return { ...code, url, qr: `data:image/png;base64,${png.toString('base64')}` }
}

export default function CheckinCodePage() {
  const t = useT()
  const d = useLoaderData<typeof loader>()
  return (
    <div className="container medium">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/trainings">{t('training.list.pageTitle')}</Link>
        <span aria-hidden="true"> / </span>
        <Link to={`/trainings/${d.training.id}`}>{d.training.title}</Link>
      </nav>
      <PageHeader title={t('training.checkin.pageTitle')} lead={t('training.checkin.lead')} />
      {d.training.status === 'cancelled' ? <Notice kind="warning">{t('training.errors.cancelled')}</Notice> : null}
      <section className="card training-qr">
        <h2>{d.training.title}</h2>
        <p className="muted">
          <TrainingTime startsAt={d.training.startsAt} endsAt={d.training.endsAt} />
        </p>
        <img src={d.qr} alt={t('training.checkin.qrAlt', { title: d.training.title })} width={240} height={240} data-testid="checkin-qr" />
        <p data-testid="checkin-count">{t('training.checkin.count', { attended: d.attended, registered: d.registered })}</p>
        <details>
          <summary>{t('training.checkin.link')}</summary>
          <p className="mono small">{d.url}</p>
        </details>
        <Link to={`/trainings/${d.training.id}/attendance`}>{t('training.page.attendance')}</Link>
      </section>
    </div>
  )
}
