import { getFormProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { z } from 'zod'
import { FieldErrors, FormErrors, Label, Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { hoursOf, KindBadge, PhaseBadge, TrainingTime } from '~/components/trainings/training-bits'
import styles from '~/styles/trainings.css?url'
import { getPrincipal, requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, translateError, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { cancelRegistration, giveFeedback, registerForTraining } from '../../server/trainings/attendance'
import { trainingPage } from '../../server/trainings/events'
import { FeedbackSchema } from '../../server/trainings/schemas'

// /trainings/:id — a training event, public: details, seats left, the viewer's
// registration (register, cancel, waiting list), materials for attendees,
// feedback from attendees; organisers get their tools (edit, QR code, attendance).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'training.list.pageTitle', undefined, data?.training.title)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getPrincipal(request, context)
  return { ...(await orErrorPage(() => trainingPage(context.services.db, viewer, params.id ?? ''))), signedIn: !!viewer }
}

const IntentSchema = z.object({ intent: z.enum(['register', 'unregister']) })

const DONE = ['created', 'updated', 'registered', 'waitlisted', 'unregistered', 'feedback', 'cancelled'] as const

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const id = params.id ?? ''
  const db = context.services.db
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'feedback') {
    const submission = parseWithZod(formData, { schema: FeedbackSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => giveFeedback(db, principal, id, submission.value, requestMeta(context)))
    return r.ok ? redirect(`/trainings/${id}?done=feedback`) : r.response
  }
  const submission = parseWithZod(formData, { schema: IntentSchema })
  if (submission.status !== 'success') return data({ result: submission.reply({ formErrors: ['errors.invalid'] }) }, { status: 400 })
  if (submission.value.intent === 'register') {
    const r = await attempt(submission, () => registerForTraining(db, principal, id, requestMeta(context)))
    return r.ok ? redirect(`/trainings/${id}?done=${r.value.waitlisted ? 'waitlisted' : 'registered'}`) : r.response
  }
  const r = await attempt(submission, () => cancelRegistration(db, principal, id, requestMeta(context)))
  return r.ok ? redirect(`/trainings/${id}?done=unregistered`) : r.response
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function TrainingPage() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const done = new URLSearchParams(location.search).get('done')
  const tr = d.training
  const isFeedbackReply = actionData?.result.initialValue?.intent === 'feedback'
  const [form, fields] = useForm({
    id: 'training-feedback',
    lastResult: isFeedbackReply ? actionData?.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FeedbackSchema }),
    defaultValue: { rating: d.mine?.rating ? String(d.mine.rating) : '', text: d.mine?.feedback ?? '' },
  })
  const otherError = !isFeedbackReply ? actionData?.result.error?.[''] : undefined
  return (
    <div className="container">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/trainings">{t('training.list.pageTitle')}</Link>
      </nav>
      <PageHeader title={tr.title}>
        <p className="small">
          <KindBadge kind={tr.kind} /> <PhaseBadge phase={d.phase} />
        </p>
      </PageHeader>
      {done && (DONE as readonly string[]).includes(done) ? <Notice kind="success">{t(`training.page.done.${done}` as MessageKey)}</Notice> : null}
      {otherError?.length ? <Notice kind="error">{otherError.map((e) => translateError(locale, e)).join(' ')}</Notice> : null}
      {tr.status === 'cancelled' ? <Notice kind="warning">{t('training.page.cancelledNotice', { reason: tr.cancelReason ?? '' })}</Notice> : null}
      <div className="training-layout">
        <div>
          <section className="card" aria-labelledby="tr-facts-h">
            <h2 id="tr-facts-h" className="visually-hidden">
              {t('training.field.time')}
            </h2>
            <dl className="facts">
              <dt>{t('training.field.time')}</dt>
              <dd>
                <TrainingTime startsAt={tr.startsAt} endsAt={tr.endsAt} />
              </dd>
              <dt>{t('training.field.venue')}</dt>
              <dd>{tr.venue}</dd>
              <dt>{t('training.field.county')}</dt>
              <dd>{locale === 'en' ? tr.divisionEn : tr.divisionZh}</dd>
              {tr.organiserName ? (
                <>
                  <dt>{t('training.field.organiser')}</dt>
                  <dd>{tr.organiserName}</dd>
                </>
              ) : null}
              <dt>{t('training.field.hours')}</dt>
              <dd>{t('training.hours', { h: hoursOf(tr.creditMinutes) })}</dd>
              <dt>{t('training.field.capacity')}</dt>
              <dd data-testid="training-seats">
                {d.seatsLeft == null ? t('training.list.unlimited') : d.seatsLeft === 0 ? t('training.list.full') : t('training.list.seatsLeft', { n: d.seatsLeft })}
                {tr.capacity != null ? <span className="muted small"> ({tr.capacity})</span> : null}
              </dd>
              <dt>{t('training.field.registered')}</dt>
              <dd>
                {d.taken}
                {d.waiting ? <span className="muted small"> · {t('training.field.waiting')} {d.waiting}</span> : null}
              </dd>
              <dt>{t('training.field.closes')}</dt>
              <dd>{formatDateTime(locale, tr.registrationClosesAt)}</dd>
            </dl>
            {tr.summary ? <p className="prose-pre">{tr.summary}</p> : null}
          </section>
          <section className="card training-section" aria-labelledby="tr-materials-h">
            <h2 id="tr-materials-h">{t('training.page.materials')}</h2>
            {d.materials.length === 0 ? (
              <p className="muted">{t('training.page.noMaterials')}</p>
            ) : d.mayDownload ? (
              <ul>
                {d.materials.map((m) => (
                  <li key={m.id}>
                    <a href={`/trainings/${tr.id}/materials/${m.id}`} download>
                      {m.filename}
                    </a>{' '}
                    <span className="muted small">{Math.max(1, Math.round(m.sizeBytes / 1024))} KB</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('training.page.materialsLocked', { n: d.materials.length })}</p>
            )}
          </section>
          {d.mayGiveFeedback ? (
            <section className="card training-section" aria-labelledby="tr-feedback-h">
              <h2 id="tr-feedback-h">{t('training.page.feedback')}</h2>
              <p className="muted">{t('training.page.feedbackLead')}</p>
              <Form method="post" className="form" {...getFormProps(form)}>
                <input type="hidden" name="intent" value="feedback" />
                <FormErrors id={form.errorId} errors={form.errors} />
                <div className="field">
                  <Label htmlFor={fields.rating.id} label={t('training.page.rating')} required />
                  <select {...getSelectProps(fields.rating)} key={fields.rating.key}>
                    <option value="">{t('training.form.choose')}</option>
                    {[5, 4, 3, 2, 1].map((n) => (
                      <option key={n} value={n}>
                        {t('training.page.ratingOption', { n })}
                      </option>
                    ))}
                  </select>
                  <FieldErrors id={fields.rating.errorId} errors={fields.rating.errors} />
                </div>
                <div className="field">
                  <Label htmlFor={fields.text.id} label={t('training.page.comment')} />
                  <textarea {...getTextareaProps(fields.text)} key={fields.text.key} rows={4} />
                  <FieldErrors id={fields.text.errorId} errors={fields.text.errors} />
                </div>
                <button type="submit" className="btn btn-primary">
                  {t('training.page.submitFeedback')}
                </button>
              </Form>
            </section>
          ) : null}
        </div>
        <aside>
          <section className="card" aria-labelledby="tr-reg-h" data-testid="training-registration">
            <h2 id="tr-reg-h">{t('training.field.registered')}</h2>
            {d.mine?.checkedIn ? (
              <p>{t('training.page.checkedIn')}</p>
            ) : d.mine?.waitlisted ? (
              <p>{t('training.page.waitlisted')}</p>
            ) : d.mine ? (
              <p>{t('training.page.registered')}</p>
            ) : null}
            {!d.signedIn && d.phase === 'open' ? (
              <Link to={`/login?redirectTo=${encodeURIComponent(`/trainings/${tr.id}`)}`} className="btn btn-primary">
                {t('training.page.signInToRegister')}
              </Link>
            ) : null}
            {d.signedIn && !d.mine && d.phase === 'open' ? (
              <Form method="post">
                <input type="hidden" name="intent" value="register" />
                <button type="submit" className="btn btn-primary">
                  {d.seatsLeft === 0 ? t('training.page.joinWaitlist') : t('training.page.register')}
                </button>
              </Form>
            ) : null}
            {d.mine && !d.mine.checkedIn && (d.phase === 'open' || d.phase === 'closed') ? (
              <Form method="post" className="training-actions">
                <input type="hidden" name="intent" value="unregister" />
                <button type="submit" className="btn btn-secondary">
                  {t('training.page.cancelRegistration')}
                </button>
              </Form>
            ) : null}
            {!d.mine && d.phase !== 'open' ? <p className="muted">{t(`training.phase.${d.phase}` as MessageKey)}</p> : null}
          </section>
          {d.organiser ? (
            <section className="card training-section" aria-labelledby="tr-org-h">
              <h2 id="tr-org-h">{t('training.page.organiserTools')}</h2>
              <ul>
                {tr.status !== 'cancelled' ? (
                  <li>
                    <Link to={`/trainings/${tr.id}/edit`}>{t('training.page.edit')}</Link>
                  </li>
                ) : null}
                <li>
                  <Link to={`/trainings/${tr.id}/checkin`}>{t('training.page.checkinCode')}</Link>
                </li>
                <li>
                  <Link to={`/trainings/${tr.id}/attendance`}>{t('training.page.attendance')}</Link>
                </li>
              </ul>
              <p className="small muted">
                {d.feedback && d.feedback.count > 0 ? t('training.page.feedbackSummary', { count: d.feedback.count, avg: d.feedback.average ?? '' }) : t('training.page.noFeedback')}
              </p>
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  )
}
