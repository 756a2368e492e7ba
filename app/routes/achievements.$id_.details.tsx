import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { BackToAchievement, fileSize } from '~/components/engagement-bits'
import { CheckboxField, FormErrors, Notice, SelectField, TextAreaField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import type { MessageKey } from '../../server/i18n/catalog'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { DetailRequestSchema } from '../../server/engagement/schemas'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDate, formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { detailsPage, requestDetails } from '../../server/engagement/details'

// /achievements/:id/details — the NDA-style gate. An enterprise member asks
// with a purpose and the confidentiality terms; once the owner grants the
// request to their organisation, this page shows the confidential details and
// every visit is logged. Members of the owning organisation are pointed to
// their own pages (details are edited on the edit page, not read here).

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...pageTitle(matches, 'engagement.details.pageTitle', { title: data?.page.achievement.title ?? '' }),
  { name: 'robots', content: 'noindex' },
]

// Confidential pages stay out of every cache, so each view is a request and is logged.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const page = await orErrorPage(() => detailsPage(context.services.db, principal, params.id ?? '', requestMeta(context)))
  return data({ page }, { headers: { 'Cache-Control': 'private, no-store' } })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const submission = parseWithZod(await request.formData(), { schema: DetailRequestSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const id = params.id ?? ''
  const r = await attempt(submission, () => requestDetails(context.services.db, principal, id, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/achievements/${id}/details?requested=1`)
}

export default function DetailsPage() {
  const t = useT()
  const { page } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const a = page.achievement
  return (
    <div className="container medium engagement">
      <BackToAchievement id={a.id} />
      <PageHeader title={t('engagement.details.title')} lead={t('engagement.details.lead', { title: a.title, org: a.orgName })}>
        {page.state === 'granted' || page.state === 'pending' ? (
          <span className={`badge badge-${page.state === 'granted' ? 'verified' : 'pending'}`}>{t(`engagement.status.${page.state}`)}</span>
        ) : null}
      </PageHeader>
      {params.get('requested') && page.state === 'pending' ? <Notice kind="success">{t('engagement.details.requested')}</Notice> : null}
      {page.state === 'insider' ? <Insider id={a.id} canDecide={page.canDecide} /> : null}
      {page.state === 'granted' ? <Granted page={page} /> : null}
      {page.state === 'pending' ? <Pending request={page.request} /> : null}
      {page.state === 'closed' ? (
        <>
          {page.declined ? <Declined request={page.declined} again={false} /> : null}
          <Notice kind="warning">{t('engagement.details.closed')}</Notice>
        </>
      ) : null}
      {page.state === 'form' ? <RequestForm orgs={page.orgs} declined={page.declined} /> : null}
    </div>
  )
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>['page']
type RequestSummary = Extract<Page, { state: 'pending' }>['request']

function Insider({ id, canDecide }: { id: string; canDecide: boolean }) {
  const t = useT()
  return (
    <section className="card">
      <h2>{t('engagement.details.insiderTitle')}</h2>
      <p>{t('engagement.details.insiderBody')}</p>
      <div className="form-actions">
        {canDecide ? (
          <Link className="btn btn-primary" to={`/achievements/${id}/access`}>
            {t('engagement.details.toAccess')}
          </Link>
        ) : null}
        <Link className="btn btn-secondary" to={`/achievements/${id}/files`}>
          {t('engagement.details.toFiles')}
        </Link>
      </div>
    </section>
  )
}

function Pending({ request }: { request: RequestSummary }) {
  const t = useT()
  const locale = useLocale()
  return (
    <section className="card">
      <h2>{t('engagement.details.pendingTitle')}</h2>
      <p>{t('engagement.details.pendingBody', { org: request.orgName, date: formatDate(locale, request.createdAt) })}</p>
      <dl className="facts">
        <dt>{t('engagement.details.purposeLabel')}</dt>
        <dd className="prose-pre">{request.purpose}</dd>
      </dl>
    </section>
  )
}

function Declined({ request, again }: { request: RequestSummary; again: boolean }) {
  const t = useT()
  const locale = useLocale()
  return (
    <Notice kind="warning">
      <p>{t('engagement.details.declinedBody', { org: request.orgName, date: formatDate(locale, request.createdAt) })}</p>
      {request.note ? <p>{t('engagement.details.declinedNote', { note: request.note })}</p> : null}
      {again ? <p>{t('engagement.details.declinedAgain')}</p> : null}
    </Notice>
  )
}

function Granted({ page }: { page: Extract<Page, { state: 'granted' }> }) {
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <div className="alert alert-warning confidential-banner" role="note">
        <p>
          <strong>{t('engagement.details.confidentialLabel')}</strong> ·{' '}
          {t('engagement.details.grantedNotice', { org: page.request.orgName, time: formatDateTime(locale, page.view.at) })}
        </p>
      </div>
      <section className="card confidential" aria-labelledby="details-h">
        <h2 id="details-h">{t('engagement.details.content')}</h2>
        {page.details ? <div className="prose-pre">{page.details}</div> : <p className="muted">{t('engagement.details.empty')}</p>}
      </section>
      <section className="card" aria-labelledby="files-h">
        <h2 id="files-h">{t('engagement.details.files')}</h2>
        {page.attachments.length ? (
          <>
            <ul className="file-list">
              {page.attachments.map((f) => (
                <li key={f.id}>
                  <a href={`/files/${f.id}`} download={f.kind === 'document' ? f.filename : undefined}>
                    {f.filename}
                  </a>{' '}
                  <span className="muted">
                    · {t(`engagement.files.kind.${f.kind}` as MessageKey)} · {fileSize(f.size_bytes)}
                  </span>
                </li>
              ))}
            </ul>
            <p className="muted small">{t('engagement.details.fileLogged')}</p>
          </>
        ) : (
          <p className="muted">{t('engagement.details.filesNone')}</p>
        )}
      </section>
      <section className="card">
        <dl className="facts">
          <dt>{t('engagement.org')}</dt>
          <dd>{page.request.orgName}</dd>
          <dt>{t('engagement.details.purposeLabel')}</dt>
          <dd className="prose-pre">{page.request.purpose}</dd>
          {page.request.decidedAt ? (
            <>
              <dt>{t('engagement.details.grantedOn')}</dt>
              <dd>{formatDateTime(locale, page.request.decidedAt)}</dd>
            </>
          ) : null}
        </dl>
        {page.achievement.live ? (
          <div className="form-actions engagement-next">
            <Link className="btn btn-primary" to={`/achievements/${page.achievement.id}/interest`}>
              {t('engagement.details.interestLink')}
            </Link>
          </div>
        ) : null}
      </section>
    </>
  )
}

function Terms() {
  const t = useT()
  return (
    <section className="card terms" aria-labelledby="terms-h">
      <h2 id="terms-h">{t('engagement.details.termsTitle')}</h2>
      <ol>
        {(['term1', 'term2', 'term3', 'term4', 'term5'] as const).map((k) => (
          <li key={k}>{t(`engagement.details.${k}`)}</li>
        ))}
      </ol>
    </section>
  )
}

function RequestForm({ orgs, declined }: { orgs: { id: string; name: string }[]; declined: RequestSummary | null }) {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'details-request',
    lastResult: actionData?.result,
    constraint: getZodConstraint(DetailRequestSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DetailRequestSchema }),
    defaultValue: { orgId: orgs[0]?.id },
  })
  const fieldErrorCount = Object.values(form.allErrors).filter((e) => e.length).length
  return (
    <>
      {declined ? <Declined request={declined} again /> : null}
      <section className="card">
        <p className="lead-sm">{t('engagement.details.how')}</p>
        <h2 className="section-sub">{t('engagement.details.steps')}</h2>
        <ol className="steps">
          <li>{t('engagement.details.step1')}</li>
          <li>{t('engagement.details.step2')}</li>
          <li>{t('engagement.details.step3')}</li>
        </ol>
      </section>
      <Terms />
      <section className="card" aria-labelledby="request-h">
        <h2 id="request-h">{t('engagement.details.formTitle')}</h2>
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} fieldErrorCount={actionData ? fieldErrorCount : 0} />
          {orgs.length > 1 ? (
            <SelectField meta={fields.orgId} label={t('engagement.actAs')} options={orgs.map((o) => ({ value: o.id, label: o.name }))} required />
          ) : (
            <>
              <input type="hidden" name={fields.orgId.name} value={orgs[0]?.id ?? ''} />
              <p className="acting-org">
                <span className="muted">{t('engagement.org')}：</span>
                <strong>{orgs[0]?.name}</strong>
              </p>
            </>
          )}
          <TextAreaField meta={fields.purpose} label={t('engagement.details.purpose')} hint={t('engagement.details.purposeHint')} rows={4} required />
          <CheckboxField meta={fields.acceptTerms} label={t('engagement.details.acceptTerms')} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('engagement.details.submit')}
            </button>
          </div>
        </Form>
      </section>
    </>
  )
}
