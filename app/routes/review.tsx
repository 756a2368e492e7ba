import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FormErrors, Notice, TextAreaField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { ReviewActionSchema } from '../../server/listings/workflow-schemas'
import { DomainError } from '../../server/platform/errors'
import { reviewQueue, type ReviewItem } from '../../server/listings/review'
import { transitionListing } from '../../server/listings/workflow'
import { DOMAIN_ERROR_STATUS } from '~/utils/forms.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'review.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return reviewQueue(context.services.db, principal)
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: ReviewActionSchema })
  const id = String(formData.get('id') ?? '')
  if (submission.status !== 'success') return data({ id, result: submission.reply() }, { status: 400 })
  const v = submission.value
  try {
    await transitionListing(
      context.services.db,
      principal,
      v.kind,
      v.id,
      v.intent,
      { reason: v.intent === 'return' ? v.reason : undefined, ttlMonths: context.services.config.LISTING_TTL_MONTHS },
      requestMeta(context),
    )
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    const status = DOMAIN_ERROR_STATUS[err.kind]
    return data({ id, result: submission.reply({ formErrors: [err.messageKey] }) }, { status })
  }
  return redirect(`/review?done=${v.intent}`)
}

function ReviewCard({ item, reply }: { item: ReviewItem; reply?: { id: string; result: SubmissionResult<string[]> } }) {
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useForm({
    id: `review-${item.id}`,
    lastResult: reply?.id === item.id ? reply.result : undefined,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReviewActionSchema }),
  })
  const href = item.kind === 'achievement' ? `/achievements/${item.id}` : `/needs/${item.id}`
  return (
    <li className="card review-card">
      <div className="review-head">
        <span className={`badge badge-kind-${item.kind}`}>{t(`review.kind.${item.kind}`)}</span>
        <h2>
          <Link to={href}>{item.title}</Link>
        </h2>
        <p className="muted">
          {item.orgName} · {locale === 'en' ? item.industryNameEn : item.industryNameZh} ·{' '}
          {item.createdByName ? `${t('review.by', { name: item.createdByName })} · ` : ''}
          {t('review.submittedAt', { at: formatDateTime(locale, item.submittedAt) })}
        </p>
        <p className="review-summary">{item.summary}</p>
      </div>
      <Form method="post" className="form review-form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="kind" value={item.kind} />
        <input type="hidden" name="id" value={item.id} />
        <div className="form-actions">
          <button type="submit" name="intent" value="approve" className="btn btn-primary">
            {t('wf.approve')}
          </button>
          <Link to={href}>{t('review.open')}</Link>
        </div>
        <details className="return-box" open={!!fields.reason.errors?.length}>
          <summary>{t('review.returnToggle')}</summary>
          <TextAreaField meta={fields.reason} label={t('wf.returnReason')} hint={t('review.reasonHint')} rows={2} required />
          <div className="form-actions">
            <button type="submit" name="intent" value="return" className="btn btn-danger">
              {t('wf.return')}
            </button>
          </div>
        </details>
      </Form>
    </li>
  )
}

export default function ReviewQueue() {
  const t = useT()
  const { items, reviewsFor } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const [params] = useSearchParams()
  const done = params.get('done')
  const achievements = items.filter((i) => i.kind === 'achievement').length
  return (
    <div className="container medium">
      <PageHeader
        title={t('review.title')}
        lead={reviewsFor.length ? t('review.lead', { orgs: reviewsFor.map((o) => o.name).join('、') }) : t('review.leadNone')}
      />
      {done === 'approve' ? <Notice kind="success">{t('review.approved')}</Notice> : null}
      {done === 'return' ? <Notice kind="success">{t('review.returned')}</Notice> : null}
      {items.length === 0 ? (
        <div className="card empty-state">
          <h2>{t('review.emptyTitle')}</h2>
          <p className="muted">{reviewsFor.length ? t('review.empty') : t('review.notReviewer')}</p>
        </div>
      ) : (
        <>
          <p className="result-count" role="status">
            {t('review.count', { total: items.length, achievements, needs: items.length - achievements })}
          </p>
          <ul className="review-list">
            {items.map((item) => (
              <ReviewCard key={`${item.kind}-${item.id}`} item={item} reply={reply} />
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
