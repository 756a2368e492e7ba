import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { withListsOnly } from '~/components/achievement-form'
import { FormErrors, Notice, TextAreaField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { ScheduleForm } from '~/components/roadshows/schedule-form'
import styles from '~/styles/roadshows.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { industryOptions } from '../../server/listings/achievements'
import { roadshowRulesOn } from '../../server/roadshows/policy'
import { cancelRoadshow, roadshowForEdit, updateRoadshow } from '../../server/roadshows/schedule'
import { storedScheduleValues } from '../../server/roadshows/schedule-form-values'
import { CancelSchema, ScheduleSchema } from '../../server/roadshows/schedule-schemas'

// /roadshows/:id/edit — 修改路演 before it starts, and 取消路演; for its
// organisers only (others who may see the roadshow get 403, the rest 404).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'roadshow.edit.pageTitle')

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const stored = await orErrorPage(() => roadshowForEdit(db, principal, params.id ?? ''))
  const rules = roadshowRulesOn(new Date())
  return {
    id: stored.roadshow.id,
    title: stored.roadshow.title,
    status: stored.roadshow.status,
    industries: await industryOptions(db),
    values: await storedScheduleValues(db, stored),
    limits: { maxJudges: rules.maxJudges, maxItems: rules.maxItems },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const id = params.id ?? ''
  const db = context.services.db
  const formData = await request.formData()
  if (formData.get('intent') === 'cancel') {
    const submission = parseWithZod(formData, { schema: CancelSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => cancelRoadshow(db, principal, id, submission.value.reason, requestMeta(context)))
    return r.ok ? redirect(`/roadshows/${id}`) : r.response
  }
  const submission = parseWithZod(formData, { schema: ScheduleSchema })
  if (submission.status !== 'success') return data({ result: withListsOnly(submission.reply(), ['rubric', 'items']) }, { status: submission.status === 'error' ? 400 : 200 })
  const r = await attempt(submission, () => updateRoadshow(db, principal, id, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/roadshows/${id}?done=updated`)
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function EditRoadshowPage() {
  const t = useT()
  const { id, title, status, industries, values, limits } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const isCancel = actionData?.result.initialValue?.intent === 'cancel'
  return (
    <div className="container medium">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/roadshows">{t('roadshow.list.pageTitle')}</Link>
        <span aria-hidden="true"> / </span>
        <Link to={`/roadshows/${id}`}>{title}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{t('roadshow.edit.pageTitle')}</span>
      </nav>
      <PageHeader title={t('roadshow.edit.pageTitle')} lead={title} />
      {status !== 'scheduled' ? (
        <Notice kind="warning">{t('roadshow.schedule.errors.notScheduled')}</Notice>
      ) : (
        <>
          <ScheduleForm
            id="edit-roadshow"
            lastResult={isCancel ? undefined : actionData?.result}
            defaultValue={values}
            industries={industries}
            orgs={null}
            limits={limits}
            submitLabel={t('roadshow.edit.submit')}
          />
          <CancelForm actionData={isCancel ? actionData : undefined} />
        </>
      )}
    </div>
  )
}

function CancelForm({ actionData }: { actionData: ActionData }) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'cancel-roadshow',
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelSchema }),
    defaultValue: { reason: '' },
  })
  return (
    <section className="card" aria-labelledby="rs-cancel-h">
      <h2 id="rs-cancel-h">{t('roadshow.edit.cancelTitle')}</h2>
      <p className="muted small">{t('roadshow.edit.cancelLead')}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="cancel" />
        <TextAreaField meta={fields.reason} label={t('roadshow.edit.cancelReason')} rows={2} />
        <div className="form-actions">
          <button type="submit" className="btn btn-danger">
            {t('roadshow.edit.cancelSubmit')}
          </button>
        </div>
      </Form>
    </section>
  )
}
