import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FieldErrors, FormErrors, Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { MAIL_PREFERENCES } from '../../server/notifications/categories'
import { mailPreferences, saveMailPreferences } from '../../server/notifications/centre'
import { MailPreferencesSchema } from '../../server/notifications/schemas'

// 邮件提醒设置 (ADR 024): per category, mail at once, in the daily digest, or not at all.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'notify.settings.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return { prefs: await mailPreferences(context.services.db, principal), hour: context.services.config.NOTIFY_DIGEST_HOUR }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const submission = parseWithZod(await request.formData(), { schema: MailPreferencesSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), saved: false }, { status: 400 })
  await saveMailPreferences(context.services.db, principal, submission.value, requestMeta(context))
  return { result: submission.reply(), saved: true }
}

export default function NotificationSettings() {
  const t = useT()
  const { prefs, hour } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'mail-prefs',
    lastResult: actionData?.result,
    defaultValue: Object.fromEntries(prefs.map((p) => [p.category, p.mail])),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MailPreferencesSchema }),
  })
  return (
    <div className="container medium">
      <PageHeader title={t('notify.settings.title')} lead={t('notify.settings.lead', { hour: String(hour).padStart(2, '0') })}>
        <Link to="/notifications" className="btn btn-secondary">
          {t('notify.settings.back')}
        </Link>
      </PageHeader>
      <section className="card">
        {actionData?.saved ? <Notice kind="success">{t('notify.settings.saved')}</Notice> : null}
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <div className="table-wrap">
            <table className="table prefs-table">
              <thead>
                <tr>
                  <th scope="col">{t('notify.settings.category')}</th>
                  <th scope="col">{t('notify.settings.mail')}</th>
                </tr>
              </thead>
              <tbody>
                {prefs.map((p) => {
                  const field = fields[p.category]
                  const value = (field.value as string | undefined) ?? p.mail
                  return (
                    <tr key={p.category}>
                      <th scope="row" id={`pref-${p.category}`}>
                        {t(`notify.category.${p.category}`)}
                      </th>
                      <td>
                        <fieldset aria-labelledby={`pref-${p.category}`} aria-describedby={field.errors ? field.errorId : undefined}>
                          {MAIL_PREFERENCES.map((m) => (
                            <label key={m} className="radio">
                              <input type="radio" name={field.name} value={m} defaultChecked={value === m} />{' '}
                              {t(`notify.mail.${m}`)}
                              {m === p.defaultMail ? <span className="muted"> {t('notify.settings.default')}</span> : null}
                            </label>
                          ))}
                        </fieldset>
                        <FieldErrors id={field.errorId} errors={field.errors} />
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('notify.settings.save')}
            </button>
          </div>
        </Form>
      </section>
    </div>
  )
}
