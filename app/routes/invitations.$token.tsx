import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { getPrincipal, requestMeta, requireUser } from '~/utils/auth.server'
import type { MessageKey } from '../../server/i18n/catalog'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { DomainError } from '../../server/platform/errors'
import { acceptInvitation, describeInvitation } from '../../server/identity/invitations'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'invitation.title')

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const invitation = await describeInvitation(context.services.db, params.token ?? '')
  const principal = await getPrincipal(request, context)
  if (!invitation) return { state: 'invalid' as const }
  return {
    state: 'live' as const,
    org: invitation.org_name,
    role: invitation.role,
    email: invitation.email,
    signedIn: !!principal,
    matches: principal?.email === invitation.email,
    here: new URL(request.url).pathname,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  try {
    const { orgId } = await acceptInvitation(context.services.db, principal, params.token ?? '', requestMeta(context))
    return redirect(`/orgs/${orgId}`)
  } catch (err) {
    if (err instanceof DomainError) return { error: err.messageKey }
    throw err
  }
}

export default function Invitation() {
  const t = useT()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="container">
      <section className="card auth-card">
        <h1>{t('invitation.title')}</h1>
        {actionData?.error ? <Notice kind="error">{t(actionData.error as MessageKey)}</Notice> : null}
        {d.state === 'invalid' ? (
          <Notice kind="error">{t('invitation.invalid')}</Notice>
        ) : (
          <>
            <p className="lead">{t('invitation.lead', { org: d.org, role: t(`memberRole.${d.role}`) })}</p>
            {d.signedIn && d.matches ? (
              <Form method="post">
                <button type="submit" className="btn btn-primary">
                  {t('invitation.accept')}
                </button>
              </Form>
            ) : d.signedIn ? (
              <Notice kind="warning">{t('errors.invitationOtherEmail')}</Notice>
            ) : (
              <>
                <Notice kind="info">{t('invitation.loginFirst', { email: d.email })}</Notice>
                <div className="form-actions">
                  <Link className="btn btn-primary" to={`/signup?redirectTo=${encodeURIComponent(d.here)}`}>
                    {t('nav.signup')}
                  </Link>
                  <Link className="btn btn-secondary" to={`/login?redirectTo=${encodeURIComponent(d.here)}`}>
                    {t('nav.login')}
                  </Link>
                </div>
              </>
            )}
          </>
        )}
      </section>
    </div>
  )
}
