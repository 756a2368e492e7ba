import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors, Notice, TextField } from '~/components/forms'
import { requestMeta } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { ResetPasswordSchema } from '../../server/identity/schemas'
import { isResetTokenLive, resetPassword } from '../../server/identity/accounts'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'auth.resetTitle')

export async function loader({ params, context }: LoaderFunctionArgs) {
  return { valid: await isResetTokenLive(context.services.db, params.token ?? '') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ResetPasswordSchema })
  const hide = ['password', 'confirmPassword']
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: hide }) }, { status: 400 })
  const userId = await resetPassword(context.services.db, params.token ?? '', submission.value.password, requestMeta(context))
  if (!userId) return data({ result: submission.reply({ formErrors: ['auth.resetInvalid'], hideFields: hide }) }, { status: 400 })
  return redirect('/login?notice=reset')
}

export default function ResetPassword() {
  const t = useT()
  const { valid } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'reset',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ResetPasswordSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
  })
  return (
    <div className="container">
      <section className="card auth-card">
        <h1>{t('auth.resetTitle')}</h1>
        {!valid ? (
          <>
            <Notice kind="error">{t('auth.resetInvalid')}</Notice>
            <Link className="btn btn-primary" to="/forgot-password">
              {t('auth.forgotSubmit')}
            </Link>
          </>
        ) : (
          <Form method="post" className="form" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextField meta={fields.password} type="password" label={t('auth.password')} hint={t('auth.passwordHint')} autoComplete="new-password" required />
            <TextField meta={fields.confirmPassword} type="password" label={t('auth.passwordConfirm')} autoComplete="new-password" required />
            <button type="submit" className="btn btn-primary">
              {t('auth.resetSubmit')}
            </button>
          </Form>
        )}
      </section>
    </div>
  )
}
