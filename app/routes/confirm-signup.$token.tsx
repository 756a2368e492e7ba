import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { requestMeta, safeRedirect } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { loginAndRedirect } from '~/utils/session.server'
import { confirmSignup, isSignupTokenLive } from '../../server/identity/accounts'

// The link mailed at sign-up (ADR 014). Opening it only shows a button, so a
// mail scanner that fetches links does not use it up; the POST creates the
// account and signs in.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'auth.confirmTitle')

export async function loader({ params, context }: LoaderFunctionArgs) {
  return { valid: await isSignupTokenLive(context.services.db, params.token ?? '') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const r = await confirmSignup(context.services.db, params.token ?? '', requestMeta(context))
  if (!r.ok) return data({ invalid: true }, { status: 400 })
  return loginAndRedirect(request, context, r.userId, safeRedirect(r.redirectTo))
}

export default function ConfirmSignup() {
  const t = useT()
  const { valid } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="container">
      <section className="card auth-card">
        <h1>{t('auth.confirmTitle')}</h1>
        {!valid || actionData?.invalid ? (
          <>
            <Notice kind="error">{t('auth.confirmInvalid')}</Notice>
            <p className="form-actions">
              <Link className="btn btn-primary" to="/signup">
                {t('nav.signup')}
              </Link>
              <Link to="/login">{t('nav.login')}</Link>
            </p>
          </>
        ) : (
          <Form method="post" className="form">
            <p className="lead">{t('auth.confirmLead')}</p>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary">
                {t('auth.confirmSubmit')}
              </button>
            </div>
          </Form>
        )}
      </section>
    </div>
  )
}
