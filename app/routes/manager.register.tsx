import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FieldErrors, FormErrors, Notice, SelectField, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requirePermission } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { ManagerSchema } from '../../server/identity/schemas'
import { MANAGER_LEVELS } from '../../server/directory/config'
import { fieldOptions, QualificationsSchema, setQualifications } from '../../server/directory/qualifications'
import type { MessageKey } from '../../server/i18n/catalog'
import { pendingApplication, registerManager } from '../../server/identity/managers'
import { verifiedAgencies } from '../../server/identity/organisations'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'manager.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'manager:register' })
  const [agencies, pending] = await Promise.all([verifiedAgencies(context.services.db), pendingApplication(context.services.db, principal)])
  const industries = await fieldOptions(context.services.db)
  return { agencies, manager: principal.manager, pending, industries }
}

// The level and fields (ADR 037) travel with the application and are stored on the profile it creates.
const RegisterSchema = ManagerSchema.merge(QualificationsSchema)

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'manager:register' })
  const submission = parseWithZod(await request.formData(), { schema: RegisterSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const { level, industryCodes, ...application } = submission.value
  const r = await attempt(submission, async () => {
    const registered = await registerManager(context.services.db, principal, application, requestMeta(context))
    await setQualifications(context.services.db, principal, principal.userId, { level, industryCodes }, requestMeta(context))
    return registered
  })
  if (!r.ok) return r.response
  // An application to an agency one does not belong to waits for its admins: this page says so.
  return r.value.status === 'approved' ? redirect('/workspace') : redirect('/manager/register?requested=1')
}

export default function RegisterManager() {
  const t = useT()
  const locale = useLocale()
  const { agencies, manager, pending, industries } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'manager',
    lastResult: actionData?.result,
    constraint: getZodConstraint(RegisterSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegisterSchema }),
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
            <SelectField
              meta={fields.level}
              label={t('directory.register.level')}
              hint={t('directory.register.levelHint')}
              placeholder={t('directory.level.none')}
              options={MANAGER_LEVELS.map((l) => ({ value: l, label: t(`directory.level.${l}` as MessageKey) }))}
            />
            <fieldset className="field" aria-describedby="mgr-fields-hint">
              <legend>{t('directory.register.fields')}</legend>
              <p id="mgr-fields-hint" className="hint">
                {t('directory.register.fieldsHint')}
              </p>
              {industries.map((i) => (
                <label key={i.code} style={{ display: "inline-flex", gap: 4, marginRight: 12 }}>
                  <input type="checkbox" name={fields.industryCodes.name} value={i.code} defaultChecked={[fields.industryCodes.initialValue ?? []].flat().includes(i.code)} />{' '}
                  {locale === 'en' ? i.name_en : i.name_zh}
                </label>
              ))}
              <FieldErrors id={fields.industryCodes.errorId} errors={fields.industryCodes.errors} />
            </fieldset>
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
