import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/trainings.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { translateError, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { DomainError } from '../../server/platform/errors'
import { cleanParam } from '../../server/platform/input'
import { checkInWithToken, type CheckInResult } from '../../server/trainings/attendance'

// /trainings/:id/check-in?token=… — where the door's QR code leads. A signed-in
// attendee who registered is checked in on opening it (the token is the
// secret shown only at the venue, so the link cannot be forged from afar);
// someone not registered is told so and, while seats remain, offered one
// button that registers and checks in. A wrong token is refused.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'training.scan.pageTitle')

type Outcome = { id: string; token: string; result: CheckInResult | null; error: string | null }

async function run(request: Request, context: LoaderFunctionArgs['context'], id: string, token: string, register: boolean): Promise<Outcome> {
  const principal = await requireUser(request, context)
  try {
    const result = await checkInWithToken(context.services.db, principal, id, token, { register }, requestMeta(context))
    return { id, token, result, error: null }
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    if (err.kind === 'not_found') throw new Response('Not found', { status: 404 })
    return { id, token, result: null, error: err.messageKey }
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = (cleanParam(new URL(request.url).searchParams, 'token') ?? '').slice(0, 200)
  const out = await run(request, context, params.id ?? '', token, false)
  return data(out, { status: out.error ? 409 : 200, headers: { 'Cache-Control': 'no-store' } })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const token = String(form.get('token') ?? '').slice(0, 200)
  const out = await run(request, context, params.id ?? '', token, form.get('intent') === 'register')
  return data(out, { status: out.error ? 409 : 200 })
}

export default function CheckInPage() {
  const t = useT()
  const locale = useLocale()
  const loaded = useLoaderData<typeof loader>()
  const acted = useActionData<typeof action>()
  const d = acted ?? loaded
  const r = d.result
  return (
    <div className="container narrow">
      <PageHeader title={t('training.scan.pageTitle')} />
      <section className="card" data-testid="checkin-result">
        {d.error ? <Notice kind="error">{translateError(locale, d.error)}</Notice> : null}
        {r?.state === 'checkedIn' ? <Notice kind="success">{t(r.already ? 'training.scan.already' : 'training.scan.checkedIn', { title: r.title })}</Notice> : null}
        {r?.state === 'waitlisted' ? <Notice kind="warning">{t('training.scan.waitlisted', { title: r.title })}</Notice> : null}
        {r?.state === 'notRegistered' ? (
          <>
            <Notice kind="warning">{t('training.scan.notRegistered', { title: r.title })}</Notice>
            {r.seatsLeft === 0 ? (
              <p>{t('training.scan.noSeats')}</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="register" />
                <input type="hidden" name="token" value={d.token} />
                <button type="submit" className="btn btn-primary">
                  {t('training.scan.registerAndCheckIn')}
                </button>
              </Form>
            )}
          </>
        ) : null}
        <p className="training-actions">
          <Link to={`/trainings/${d.id}`}>{t('training.scan.back')}</Link>
        </p>
      </section>
    </div>
  )
}
