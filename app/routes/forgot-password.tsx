import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { Notice, TextField } from '~/components/forms'
import { requestMeta } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { ForgotPasswordSchema } from '../../server/identity/schemas'
import { accountMailLimits, requestPasswordReset } from '../../server/identity/accounts'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'auth.forgotTitle')

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ForgotPasswordSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), sent: false }, { status: 400 })
  const { config, db } = context.services
  await requestPasswordReset(db, submission.value.email, context.origin, requestMeta(context), accountMailLimits(config))
  // The same answer whether or not the address has an account, and whether or not a limit was reached.
  return { result: submission.reply({ resetForm: true }), sent: true }
}

export default function ForgotPassword() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'forgot',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ForgotPasswordSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
  })
  return (
    <div className="container">
      <section className="card auth-card">
        <h1>{t('auth.forgotTitle')}</h1>
        <p className="lead">{t('auth.forgotLead')}</p>
        {actionData?.sent ? <Notice kind="success">{t('auth.forgotSent')}</Notice> : null}
        <Form method="post" className="form" {...getFormProps(form)}>
          <TextField meta={fields.email} type="email" label={t('auth.email')} autoComplete="email" required />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('auth.forgotSubmit')}
            </button>
            <Link to="/login">{t('common.back')}</Link>
          </div>
        </Form>
      </section>
    </div>
  )
}
