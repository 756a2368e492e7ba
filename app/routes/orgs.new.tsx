import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requirePermission } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { ORGANISATION_TYPES, OrganisationSchema } from '../../server/identity/schemas'
import { createOrganisation, divisionOptions } from '../../server/identity/organisations'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'org.newTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, { action: 'organisation:create' })
  return { divisions: await divisionOptions(context.services.db) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'organisation:create' })
  const submission = parseWithZod(await request.formData(), { schema: OrganisationSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => createOrganisation(context.services.db, principal, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/orgs/${r.value.id}?created=1`)
}

export default function NewOrganisation() {
  const t = useT()
  const locale = useLocale()
  const { divisions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'org',
    lastResult: actionData?.result,
    constraint: getZodConstraint(OrganisationSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganisationSchema }),
  })
  const fieldErrorCount = Object.values(form.allErrors).filter((e) => e.length).length
  return (
    <div className="container medium">
      <PageHeader title={t('org.newTitle')} lead={t('org.newLead')} />
      <section className="card">
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} fieldErrorCount={actionData ? fieldErrorCount : 0} />
          <div className="form-grid">
            <TextField meta={fields.name} label={t('org.name')} autoComplete="organization" required />
            <TextField meta={fields.nameEn} label={t('org.nameEn')} />
            <SelectField
              meta={fields.type}
              label={t('org.type')}
              placeholder={t('org.select')}
              options={ORGANISATION_TYPES.map((v) => ({ value: v, label: t(`orgType.${v}`) }))}
              required
            />
            <TextField meta={fields.creditCode} label={t('org.creditCode')} hint={t('org.creditCodeHint')} required />
            <SelectField
              meta={fields.divisionCode}
              label={t('org.division')}
              placeholder={t('org.select')}
              options={divisions.map((d) => ({ value: d.code, label: locale === 'en' ? d.nameEn : d.nameZh }))}
              required
            />
            <TextField meta={fields.address} label={t('org.address')} autoComplete="street-address" />
            <TextField meta={fields.contactName} label={t('org.contactName')} autoComplete="name" required />
            <TextField meta={fields.contactPhone} type="tel" label={t('org.contactPhone')} autoComplete="tel" inputMode="tel" required />
            <TextField meta={fields.contactEmail} type="email" label={t('org.contactEmail')} autoComplete="email" required />
            <TextField meta={fields.website} type="url" label={t('org.website')} />
            <div className="span-2">
              <TextAreaField meta={fields.description} label={t('org.description')} />
            </div>
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('org.submit')}
            </button>
          </div>
        </Form>
      </section>
    </div>
  )
}
