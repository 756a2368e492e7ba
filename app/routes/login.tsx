import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { FormErrors, Notice, TextField } from '~/components/forms'
import { requestMeta, requireAnonymous, safeRedirect } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { LoginSchema } from '../../server/identity/schemas'
import { loginAndRedirect } from '~/utils/session.server'
import { logIn, loginLimits } from '../../server/identity/accounts'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'auth.loginTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context)
  return null
}

// No requireAnonymous here: credentials posted while a session is live (a stale
// tab, another account) sign in afresh, and loginAndRedirect ends the old session.
export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: LoginSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { config, db } = context.services
  const result = await logIn(db, submission.value, requestMeta(context), loginLimits(config))
  if (!result.ok) {
    const message = result.reason === 'rate_limited' ? `auth.rateLimited|minutes=${result.retryAfterMinutes}` : 'auth.invalid'
    return data(
      { result: submission.reply({ formErrors: [message], hideFields: ['password'] }) },
      { status: result.reason === 'rate_limited' ? 429 : 400 },
    )
  }
  return loginAndRedirect(request, context, result.userId, safeRedirect(submission.value.redirectTo))
}

export default function Login() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'login',
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  })
  const notice = params.get('notice')
  return (
    <div className="container">
      <section className="card auth-card">
        <h1>{t('auth.loginTitle')}</h1>
        <p className="lead">{t('auth.loginLead')}</p>
        {notice === 'reset' ? <Notice kind="success">{t('auth.resetDone')}</Notice> : null}
        {notice === 'logout' ? <Notice kind="info">{t('auth.loggedOut')}</Notice> : null}
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
          <TextField meta={fields.email} type="email" label={t('auth.email')} autoComplete="username" required />
          <TextField meta={fields.password} type="password" label={t('auth.password')} autoComplete="current-password" required />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={navigation.state === 'submitting'}>
              {t('auth.submitLogin')}
            </button>
            <Link to="/forgot-password">{t('auth.forgot')}</Link>
          </div>
        </Form>
        <p className="form-footer">
          {t('auth.noAccount')} <Link to={`/signup${params.get('redirectTo') ? `?redirectTo=${encodeURIComponent(params.get('redirectTo')!)}` : ''}`}>{t('nav.signup')}</Link>
        </p>
      </section>
    </div>
  )
}
