import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/projects.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { translateError, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { PROJECT_STAGES } from '../../server/projects/config'
import { ProgressSchema } from '../../server/projects/schemas'
import { progressForm, submitProgress } from '../../server/projects/service'

// /projects/:id/progress — the enterprise's quarterly report (季度进展): the
// due quarter preselected, earlier missing quarters open to a late report, a
// filed quarter open to a correction. Figures that look implausible against
// last quarter come back as warnings the reporter confirms with a checkbox;
// negative or non-numeric ones are errors at the field. Only the members of
// the project's enterprise (others who may see the project: 403; others 404).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'project.progress.pageTitle')

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => progressForm(context.services.db, principal, params.id ?? ''))
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const id = params.id ?? ''
  await orErrorPage(() => progressForm(db, principal, id))
  const submission = parseWithZod(await request.formData(), { schema: ProgressSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => submitProgress(db, principal, id, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/projects/${id}?done=${r.value.late ? 'reportedLate' : 'reported'}`)
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function ProjectProgress() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const asked = new URLSearchParams(location.search).get('quarter')
  const initial = d.quarters.some((q) => q.key === asked) ? asked! : d.dueKey
  const [form, fields] = useForm({
    id: 'progress',
    lastResult: actionData?.result,
    defaultValue: { quarter: initial, stage: d.project.stage },
    constraint: getZodConstraint(ProgressSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgressSchema }),
  })
  // The server's warnings stay until the next answer (client-side validation knows nothing of last quarter).
  const warnings = (actionData?.result.error?.confirmWarnings ?? []) as string[]
  const options = [...d.quarters].reverse().map((q) => ({
    value: q.key,
    label: t(q.state === 'reported' || q.state === 'late_reported' ? 'project.progress.quarterFiled' : q.state === 'overdue' ? 'project.progress.quarterLate' : 'project.progress.quarterOption', { quarter: q.key, due: q.dueOn }),
  }))
  return (
    <div className="container project-progress-page">
      <p className="small">
        <Link to={`/projects/${d.project.id}`}>{d.project.title}</Link>
      </p>
      <PageHeader title={t('project.progress.pageTitle')} lead={t('project.progress.lead', { title: d.project.title, days: d.dueDays })} />
      <section className="card">
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <div className="form-grid">
            <SelectField meta={fields.quarter} label={t('project.progress.quarter')} options={options} required />
            <SelectField meta={fields.stage} label={t('project.progress.stage')} options={PROJECT_STAGES.map((s) => ({ value: s, label: t(`project.stage.${s}` as MessageKey) }))} required />
            <TextField meta={fields.investment} label={t('project.progress.investment')} inputMode="text" required />
            <TextField meta={fields.output} label={t('project.progress.output')} required />
            <TextField meta={fields.tax} label={t('project.progress.tax')} required />
            <TextField meta={fields.jobs} label={t('project.progress.jobs')} required />
          </div>
          <TextAreaField meta={fields.note} label={t('project.progress.note')} rows={3} />
          {warnings.length ? (
            <div className="project-warnings" role="alert" data-testid="progress-warnings">
              <h2>{t('project.progress.warningsTitle')}</h2>
              <ul>
                {warnings.map((w) => (
                  <li key={w}>{translateError(locale, w)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {warnings.length ? (
            <div className="field field-check">
              <input type="checkbox" id={fields.confirmWarnings.id} name={fields.confirmWarnings.name} value="on" />
              <label htmlFor={fields.confirmWarnings.id}>{t('project.progress.confirm')}</label>
            </div>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('project.progress.submit')}
            </button>
          </div>
        </Form>
      </section>
    </div>
  )
}
