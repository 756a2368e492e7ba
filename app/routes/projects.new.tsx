import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors, SelectField, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/projects.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { AddByRegistrationSchema, AddManualSchema } from '../../server/projects/schemas'
import { addManualProject, addOptions, addProjectByRegistration } from '../../server/projects/service'

// /projects/new — an officer adds a project: by the registration number of a
// registered contract that missed the standard (flagged with a reason), or
// wholly by hand for a project the platform did not see registered, its
// enterprise chosen from the verified ones. A county officer only inside
// their county (the service refuses others at the field). Others: 403.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'project.new.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => addOptions(context.services.db, principal))
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  await orErrorPage(() => addOptions(db, principal))
  const formData = await request.formData()
  if (formData.get('intent') === 'registration') {
    const submission = parseWithZod(formData, { schema: AddByRegistrationSchema })
    if (submission.status !== 'success') return data({ result: submission.reply(), intent: 'registration' }, { status: 400 })
    const r = await attempt(submission, () => addProjectByRegistration(db, principal, submission.value, requestMeta(context)))
    return r.ok ? redirect(`/projects/${r.value.id}?done=added`) : r.response
  }
  const submission = parseWithZod(formData, { schema: AddManualSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), intent: 'manual' }, { status: 400 })
  const r = await attempt(submission, () => addManualProject(db, principal, submission.value, requestMeta(context)))
  return r.ok ? redirect(`/projects/${r.value.id}?done=added`) : r.response
}

type ActionData = { result: SubmissionResult<string[]>; intent?: string } | undefined

export default function NewProject() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const forManual = actionData?.result.initialValue?.intent === 'manual' || actionData?.intent === 'manual'
  const [regForm, reg] = useForm({
    id: 'by-registration',
    lastResult: forManual ? undefined : actionData?.result,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddByRegistrationSchema }),
  })
  const [manForm, man] = useForm({
    id: 'manual',
    lastResult: forManual ? actionData?.result : undefined,
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddManualSchema }),
  })
  const name = (x: { name_zh: string; name_en: string }) => (locale === 'en' ? x.name_en : x.name_zh)
  return (
    <div className="container project-new-page">
      <p className="small">
        <Link to="/projects">{t('project.detail.back')}</Link>
      </p>
      <PageHeader title={t('project.new.pageTitle')} lead={t('project.new.lead')} />
      <section className="card" aria-labelledby="by-reg-h">
        <h2 id="by-reg-h">{t('project.new.byRegistration')}</h2>
        <Form method="post" className="form" {...getFormProps(regForm)}>
          <input type="hidden" name="intent" value="registration" />
          <FormErrors id={regForm.errorId} errors={regForm.errors} />
          <div className="form-grid">
            <TextField meta={reg.number} label={t('project.new.number')} required />
            <TextField meta={reg.reason} label={t('project.new.reason')} required />
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('project.new.submitRegistration')}
            </button>
          </div>
        </Form>
      </section>
      <section className="card project-section" aria-labelledby="manual-h">
        <h2 id="manual-h">{t('project.new.manual')}</h2>
        <Form method="post" className="form" {...getFormProps(manForm)}>
          <input type="hidden" name="intent" value="manual" />
          <FormErrors id={manForm.errorId} errors={manForm.errors} />
          <div className="form-grid">
            <TextField meta={man.title} label={t('project.new.title')} required />
            <SelectField meta={man.enterpriseId} label={t('project.new.enterprise')} placeholder={t('project.new.choose')} options={d.enterprises.map((e) => ({ value: e.id, label: e.name }))} required />
            <SelectField
              meta={man.divisionCode}
              label={t('project.new.division')}
              hint={t('project.new.divisionHint')}
              placeholder={t('project.new.choose')}
              options={d.divisions.filter((x) => x.code !== '450200').map((x) => ({ value: x.code, label: name(x) }))}
            />
            <SelectField
              meta={man.industryCode}
              label={t('project.new.industry')}
              placeholder={t('project.new.choose')}
              options={d.industries.map((i) => ({ value: i.code, label: i.parent_code ? `— ${name(i)}` : name(i) }))}
              required
            />
            <TextField meta={man.institutionName} label={t('project.new.institution')} />
            <TextField meta={man.technologyAmount} label={t('project.new.technologyAmount')} required />
            <TextField meta={man.contractAmount} label={t('project.new.contractAmount')} />
            <TextField meta={man.projectedInvestment} label={t('project.new.projectedInvestment')} />
            <TextField meta={man.projectedOutput} label={t('project.new.projectedOutput')} />
            <TextField meta={man.registeredOn} label={t('project.new.registeredOn')} hint="YYYY-MM-DD" required />
            <TextField meta={man.reason} label={t('project.new.reason')} required />
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('project.new.submitManual')}
            </button>
          </div>
        </Form>
      </section>
    </div>
  )
}
