import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { withListsOnly } from '~/components/achievement-form'
import { FormErrors, Notice, TextAreaField, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { ScheduleForm } from '~/components/roadshows/schedule-form'
import styles from '~/styles/roadshows.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { readUploadForm } from '~/utils/upload.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { industryOptions } from '../../server/listings/achievements'
import { MAX_FILE_BYTES } from '../../server/platform/files/limits'
import { fileStoreFor } from '../../server/platform/files/store'
import { uploadSlides } from '../../server/roadshows/slides'
import { roadshowRulesOn } from '../../server/roadshows/policy'
import { cancelRoadshow, roadshowForEdit, setRoadshowRecording, updateRoadshow } from '../../server/roadshows/schedule'
import { storedScheduleValues } from '../../server/roadshows/schedule-form-values'
import { CancelSchema, RecordingSchema, ScheduleSchema, SlidesSchema } from '../../server/roadshows/schedule-schemas'

// /roadshows/:id/edit — 修改路演 before it starts, and 取消路演; once it has
// started, only its 回放链接. For its organisers only (others who may see the
// roadshow get 403, the rest 404).

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
    slides: stored.items.map((i) => ({
      id: i.id,
      position: i.position,
      title: i.title,
      url: i.slides_attachment_id ? `/files/${i.slides_attachment_id}` : null,
    })),
    limits: { maxJudges: rules.maxJudges, maxItems: rules.maxItems },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const id = params.id ?? ''
  const db = context.services.db
  const { form: formData, oversized, broken } = await readUploadForm(request, MAX_FILE_BYTES)
  if (broken || oversized.size) {
    const result: SubmissionResult<string[]> = {
      status: 'error',
      initialValue: { intent: 'slides' },
      error: { file: [broken ? 'errors.badUpload' : `engagement.errors.fileTooLarge|max=${MAX_FILE_BYTES / 1024 / 1024}`] },
    }
    return data({ result }, { status: broken ? 400 : 413 })
  }
  if (formData.get('intent') === 'slides') {
    const submission = parseWithZod(formData, { schema: SlidesSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const file = submission.value.file
    const bytes = new Uint8Array(await file.arrayBuffer())
    const store = fileStoreFor(context.services.config)
    const r = await attempt(submission, () => uploadSlides(db, store, principal, id, submission.value.itemId, { bytes, name: file.name }, requestMeta(context)))
    return r.ok ? redirect(`/roadshows/${id}/edit?done=slides#slides`) : r.response
  }
  if (formData.get('intent') === 'recording') {
    const submission = parseWithZod(formData, { schema: RecordingSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => setRoadshowRecording(db, principal, id, submission.value.recordingUrl, requestMeta(context)))
    return r.ok ? redirect(`/roadshows/${id}/edit?done=recording#recording`) : r.response
  }
  if (formData.get('intent') === 'cancel') {
    const submission = parseWithZod(formData, { schema: CancelSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => cancelRoadshow(db, principal, id, submission.value.reason, requestMeta(context)))
    return r.ok ? redirect(`/roadshows/${id}`) : r.response
  }
  const submission = parseWithZod(formData, { schema: ScheduleSchema })
  if (submission.status !== 'success')
    return data({ result: withListsOnly(submission.reply(), ['rubric', 'items']) }, { status: submission.status === 'error' ? 400 : 200 })
  const r = await attempt(submission, () => updateRoadshow(db, principal, id, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/roadshows/${id}?done=updated`)
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function EditRoadshowPage() {
  const t = useT()
  const { id, title, status, industries, values, limits, slides } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const replyTo = actionData?.result.initialValue?.intent
  const isCancel = replyTo === 'cancel'
  const isSlides = replyTo === 'slides'
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
      {status === 'live' || status === 'ended' ? (
        <>
          <Notice kind="info">{t('roadshow.schedule.errors.notScheduled')}</Notice>
          <RecordingForm recordingUrl={values.recordingUrl} actionData={replyTo === 'recording' ? actionData : undefined} />
        </>
      ) : status !== 'scheduled' ? (
        <Notice kind="warning">{t('roadshow.schedule.errors.notScheduled')}</Notice>
      ) : (
        <>
          <ScheduleForm
            id="edit-roadshow"
            lastResult={isCancel || isSlides ? undefined : actionData?.result}
            defaultValue={values}
            industries={industries}
            orgs={null}
            limits={limits}
            submitLabel={t('roadshow.edit.submit')}
          />
          <SlidesForms slides={slides} errors={isSlides ? actionData?.result.error : undefined} />
          <CancelForm actionData={isCancel ? actionData : undefined} />
        </>
      )}
    </div>
  )
}

function RecordingForm({ recordingUrl, actionData }: { recordingUrl: string; actionData: ActionData }) {
  const t = useT()
  const location = useLocation()
  const [form, fields] = useForm({
    id: 'roadshow-recording',
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecordingSchema }),
    defaultValue: { recordingUrl },
  })
  return (
    <section className="card" id="recording" aria-labelledby="rs-recording-h">
      <h2 id="rs-recording-h">{t('roadshow.recording.title')}</h2>
      <p className="muted small">{t('roadshow.recording.lead')}</p>
      {new URLSearchParams(location.search).get('done') === 'recording' ? <Notice kind="success">{t('roadshow.recording.done')}</Notice> : null}
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="recording" />
        <TextField meta={fields.recordingUrl} type="url" label={t('roadshow.field.recording')} hint={t('roadshow.schedule.recordingHint')} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            {t('roadshow.recording.submit')}
          </button>
        </div>
      </Form>
    </section>
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

function SlidesForms({
  slides,
  errors,
}: {
  slides: { id: string; position: number; title: string; url: string | null }[]
  errors?: Record<string, string[] | null> | null
}) {
  const t = useT()
  const location = useLocation()
  const fileErrors = [...(errors?.file ?? []), ...(errors?.itemId ?? []), ...(errors?.[''] ?? [])]
  return (
    <section className="card" id="slides" aria-labelledby="rs-slides-h">
      <h2 id="rs-slides-h">{t('roadshow.slides.title')}</h2>
      <p className="muted small">{t('roadshow.slides.lead', { max: MAX_FILE_BYTES / 1024 / 1024 })}</p>
      {new URLSearchParams(location.search).get('done') === 'slides' ? <Notice kind="success">{t('roadshow.slides.done')}</Notice> : null}
      {fileErrors.length ? <FormErrors id="slides-errors" errors={fileErrors} /> : null}
      <ol className="rows">
        {slides.map((s) => (
          <li key={s.id} className="row-item">
            <Form method="post" encType="multipart/form-data" className="form">
              <input type="hidden" name="intent" value="slides" />
              <input type="hidden" name="itemId" value={s.id} />
              <div className="field">
                <label htmlFor={`slides-${s.id}`}>{t('roadshow.slides.fileFor', { n: s.position, title: s.title })}</label>
                <input id={`slides-${s.id}`} type="file" name="file" accept="application/pdf,.pdf" required />
              </div>
              {s.url ? (
                <p className="small">
                  <a href={s.url}>{t('roadshow.slides.current')}</a>
                </p>
              ) : null}
              <button type="submit" className="btn btn-secondary">
                {t('roadshow.slides.upload')}
              </button>
            </Form>
          </li>
        ))}
      </ol>
    </section>
  )
}
