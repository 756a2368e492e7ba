import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { CheckboxField, FormErrors, Notice, TextField } from '~/components/forms'
import { requestMeta, requireAnonymous, safeRedirect } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { getLocale } from '~/utils/locale.server'
import { SignupSchema } from '../../server/identity/schemas'
import { accountMailLimits, signUp } from '../../server/identity/accounts'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'auth.signupTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context)
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context)
  const submission = parseWithZod(await request.formData(), { schema: SignupSchema })
  const hide = ['password', 'confirmPassword']
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: hide }) }, { status: 400 })
  const locale = await getLocale(request, context)
  const { config, db } = context.services
  const { email, name, password, redirectTo } = submission.value
  const target = redirectTo ? safeRedirect(redirectTo) : null
  await signUp(db, { email, name, password, locale, redirectTo: target }, requestMeta(context), accountMailLimits(config))
  // The same answer for an address with an account and one without (ADR 014): the mail says which.
  return { result: submission.reply({ resetForm: true }), sentTo: email }
}

export default function Signup() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const [form, fields] = useForm({
    id: 'signup',
    lastResult: actionData?.result,
    constraint: getZodConstraint(SignupSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupSchema }),
  })
  return (
    <div className="container">
      <section className="card auth-card">
        <h1>{t('auth.signupTitle')}</h1>
        <p className="lead">{t('auth.signupLead')}</p>
        {actionData && 'sentTo' in actionData ? <Notice kind="success">{t('auth.signupSent', { email: actionData.sentTo })}</Notice> : null}
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
          <TextField meta={fields.name} label={t('auth.name')} autoComplete="name" required />
          <TextField meta={fields.email} type="email" label={t('auth.email')} autoComplete="email" required />
          <TextField meta={fields.password} type="password" label={t('auth.password')} hint={t('auth.passwordHint')} autoComplete="new-password" required />
          <TextField meta={fields.confirmPassword} type="password" label={t('auth.passwordConfirm')} autoComplete="new-password" required />
          <CheckboxField
            meta={fields.agree}
            label={
              // The documents open in a new tab, so what has been typed here stays.
              <>
                {t('legal.acceptBefore')}{' '}
                <Link to="/terms" target="_blank" rel="noopener">
                  {t('legal.termsLink')}
                </Link>{' '}
                {t('legal.and')}{' '}
                <Link to="/privacy" target="_blank" rel="noopener">
                  {t('legal.privacyLink')}
                </Link>
              </>
            }
          />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('auth.submitSignup')}
            </button>
          </div>
        </Form>
        <p className="form-footer">
          {t('auth.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
        </p>
      </section>
    </div>
  )
}
