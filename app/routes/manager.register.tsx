import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FormErrors, Notice, SelectField, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requirePermission } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { ManagerSchema } from '../../server/identity/schemas'
import { pendingApplication, registerManager } from '../../server/identity/managers'
import { verifiedAgencies } from '../../server/identity/organisations'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'manager.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'manager:register' })
  const [agencies, pending] = await Promise.all([verifiedAgencies(context.services.db), pendingApplication(context.services.db, principal)])
  return { agencies, manager: principal.manager, pending }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'manager:register' })
  const submission = parseWithZod(await request.formData(), { schema: ManagerSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => registerManager(context.services.db, principal, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  // An application to an agency one does not belong to waits for its admins: this page says so.
  return r.value.status === 'approved' ? redirect('/workspace') : redirect('/manager/register?requested=1')
}

export default function RegisterManager() {
  const t = useT()
  const { agencies, manager, pending } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'manager',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ManagerSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ManagerSchema }),
  })
  return (
    <div className="container narrow">
      <PageHeader title={t('manager.title')} lead={t('manager.lead')} />
      <section className="card">
        {manager ? (
          <Notice kind="info">{t('manager.already', { cert: manager.certificateNo })}</Notice>
        ) : pending ? (
          <>
            {params.get('requested') ? <Notice kind="success">{t('manager.requested', { agency: pending.agency })}</Notice> : null}
            <Notice kind="info">{t('manager.pendingLead', { agency: pending.agency, cert: pending.certificateNo })}</Notice>
          </>
        ) : agencies.length === 0 ? (
          <Notice kind="warning">{t('manager.noAgencies')}</Notice>
        ) : (
          <Form method="post" className="form" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <p className="muted">{t('manager.approvalNote')}</p>
            <TextField meta={fields.certificateNo} label={t('manager.certificateNo')} required />
            <SelectField
              meta={fields.agencyId}
              label={t('manager.agency')}
              placeholder={t('org.select')}
              options={agencies.map((a) => ({ value: a.id, label: a.name }))}
              required
            />
            <div className="form-actions">
              <button type="submit" className="btn btn-primary">
                {t('manager.submit')}
              </button>
            </div>
          </Form>
        )}
      </section>
    </div>
  )
}
