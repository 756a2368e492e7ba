import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { OpenDealButton } from '~/components/deal-bits'
import { openedRooms } from '../../server/deals/entry'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { BackToAchievement } from '~/components/engagement-bits'
import { FormErrors, Notice, SelectField, TextAreaField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import type { MessageKey } from '../../server/i18n/catalog'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { AccessDecisionSchema, declineInterestProblem } from '../../server/engagement/schemas'
import { orErrorPage } from '~/utils/engagement.server'
import { formatDateTime, translateError, useLocale, useT } from '~/utils/i18n'
import { DECLINE_REASONS } from '../../server/listings/schemas'
import { pageTitle } from '~/utils/meta'
import { accessPage, decideDetailRequest } from '../../server/engagement/details'
import { DomainError } from '../../server/platform/errors'
import { decideInterest } from '../../server/engagement/interests'
import { DOMAIN_ERROR_STATUS } from '~/utils/forms.server'

// /achievements/:id/access — the owner's side (creator or the institution's
// admins): requests for the confidential details with grant / decline, the
// full log of every view, and the interest received with accept / decline
// with a structured reason.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...pageTitle(matches, 'engagement.access.pageTitle', { title: data?.page.achievement.title ?? '' }),
  { name: 'robots', content: 'noindex' },
]

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const page = await orErrorPage(() => accessPage(context.services.db, principal, params.id ?? ''))
  const rooms = await openedRooms(context.services.db, 'interest', page.interests.filter((i) => i.status === 'accepted').map((i) => i.id))
  return data({ page, rooms }, { headers: { 'Cache-Control': 'private, no-store' } })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const formData = await request.formData()
  const target = String(formData.get('requestId') ?? formData.get('interestId') ?? '')
  const submission = parseWithZod(formData, { schema: AccessDecisionSchema })
  const intent = String(formData.get('intent') ?? '')
  if (submission.status !== 'success') return data({ result: submission.reply(), target, intent }, { status: 400 })
  const v = submission.value
  const problem = declineInterestProblem(v)
  if (problem) return data({ result: submission.reply({ fieldErrors: problem }), target, intent }, { status: 400 })
  const id = params.id ?? ''
  const db = context.services.db
  const meta = requestMeta(context)
  try {
    switch (v.intent) {
      case 'grant':
        await decideDetailRequest(db, principal, id, v.requestId, { grant: true }, meta)
        break
      case 'decline':
        await decideDetailRequest(db, principal, id, v.requestId, { grant: false, note: v.note }, meta)
        break
      case 'accept-interest':
        await decideInterest(db, principal, id, v.interestId, { accept: true }, meta)
        break
      case 'decline-interest':
        await decideInterest(db, principal, id, v.interestId, { accept: false, reason: v.reason, note: v.note }, meta)
        break
    }
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    const hasFieldErrors = Object.keys(err.fieldErrors).length > 0
    const result = submission.reply({ formErrors: hasFieldErrors ? [] : [err.messageKey], fieldErrors: err.fieldErrors })
    return data({ result, target, intent: v.intent }, { status: DOMAIN_ERROR_STATUS[err.kind] })
  }
  return redirect(`/achievements/${id}/access?done=${v.intent}#${v.intent.includes('interest') ? 'interests' : 'requests'}`)
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>['page']
type ActionData = { result: SubmissionResult<string[]>; target: string; intent: string } | undefined

export default function AccessPage() {
  const t = useT()
  const locale = useLocale()
  const { page, rooms } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const [params] = useSearchParams()
  const a = page.achievement
  const done = params.get('done')
  const pending = page.requests.filter((r) => r.status === 'pending').length
  const grantedOrgs = new Set(page.requests.filter((r) => r.status === 'granted').map((r) => r.org_id)).size
  const openInterests = page.interests.filter((i) => i.status === 'open').length
  // Buttons without a form of their own (grant, accept) report here; decline forms report in place.
  const formError = actionData && !actionData.intent.startsWith('decline') ? actionData.result.error?.[''] : undefined
  return (
    <div className="container engagement">
      <BackToAchievement id={a.id} />
      <PageHeader title={t('engagement.access.title')} lead={t('engagement.access.lead', { title: a.title, org: a.orgName })}>
        <Link className="btn btn-secondary" to={`/achievements/${a.id}/files`}>
          {t('engagement.details.toFiles')}
        </Link>
      </PageHeader>
      {done && ['grant', 'decline', 'accept-interest', 'decline-interest'].includes(done) ? (
        <Notice kind="success">{t(`engagement.access.done.${done}` as MessageKey)}</Notice>
      ) : null}
      {formError?.length ? <Notice kind="error">{formError.map((e) => translateError(locale, e)).join(' ')}</Notice> : null}
      {!a.live ? <Notice kind="warning">{t('engagement.expiredNotice')}</Notice> : null}
      {!a.hasDetails ? <Notice kind="info">{t('engagement.access.noDetails')}</Notice> : null}

      <div className="grid grid-4 engagement-stats">
        <div className="stat">
          <strong>{pending}</strong>
          <span>{t('engagement.access.statPending')}</span>
        </div>
        <div className="stat">
          <strong>{grantedOrgs}</strong>
          <span>{t('engagement.access.statGranted')}</span>
        </div>
        <div className="stat">
          <strong>{page.views.length}</strong>
          <span>{t('engagement.access.statViews')}</span>
        </div>
        <div className="stat">
          <strong>{openInterests}</strong>
          <span>{t('engagement.access.statInterests')}</span>
        </div>
      </div>

      <section className="card" id="requests" aria-labelledby="requests-h">
        <h2 id="requests-h">{t('engagement.access.requests')}</h2>
        {page.requests.length === 0 ? (
          <p className="muted">{t('engagement.access.requestsNone')}</p>
        ) : (
          <ul className="engagement-list">
            {page.requests.map((r) => (
              <li key={r.id} className={`engagement-item status-${r.status}`}>
                <div className="engagement-item-head">
                  <strong>{r.org_name}</strong>
                  <span className={`badge badge-${r.status === 'granted' ? 'verified' : r.status === 'declined' ? 'rejected' : 'pending'}`}>
                    {t(`engagement.status.${r.status}`)}
                  </span>
                  <span className="muted small">{formatDateTime(locale, r.created_at)}</span>
                </div>
                <p className="engagement-person">
                  <span className="muted">{t('engagement.access.person')}：</span>
                  {r.requester_name} · <a href={`mailto:${r.requester_email}`}>{r.requester_email}</a>
                  {r.requester_phone ? ` · ${r.requester_phone}` : ''}
                </p>
                <p className="engagement-quote">
                  <span className="muted">{t('engagement.access.purpose')}：</span>
                  {r.purpose}
                </p>
                {r.status === 'pending' ? (
                  <RequestDecision id={r.id} actionData={actionData?.target === r.id ? actionData : undefined} />
                ) : (
                  <>
                    {r.decision_note ? <p className="engagement-quote">{t('engagement.access.decisionNote', { note: r.decision_note })}</p> : null}
                    <p className="muted small">
                      {t('engagement.access.decidedBy', { name: r.decided_by_name ?? '', date: r.decided_at ? formatDateTime(locale, r.decided_at) : '' })}
                    </p>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" id="views" aria-labelledby="views-h">
        <h2 id="views-h">{t('engagement.access.views')}</h2>
        <p className="muted small">{t('engagement.access.viewsLead')}</p>
        {page.views.length === 0 ? (
          <p className="muted">{t('engagement.access.viewsNone')}</p>
        ) : (
          <div className="table-wrap">
            <table className="view-log">
              <thead>
                <tr>
                  <th scope="col">{t('engagement.access.viewAt')}</th>
                  <th scope="col">{t('engagement.access.viewer')}</th>
                  <th scope="col">{t('engagement.access.viewOrg')}</th>
                  <th scope="col">{t('engagement.access.viewWhat')}</th>
                  <th scope="col">{t('engagement.access.viewIp')}</th>
                </tr>
              </thead>
              <tbody>
                {page.views.map((v) => (
                  <tr key={v.id}>
                    <td className="nowrap" data-label={t('engagement.access.viewAt')}>
                      {formatDateTime(locale, v.at)}
                    </td>
                    <td data-label={t('engagement.access.viewer')}>
                      {v.user_name} <span className="muted small">{v.user_email}</span>
                    </td>
                    <td data-label={t('engagement.access.viewOrg')}>{v.org_name}</td>
                    <td data-label={t('engagement.access.viewWhat')}>
                      {v.attachment_name ? t('engagement.access.viewFile', { name: v.attachment_name }) : t('engagement.access.viewPage')}
                    </td>
                    <td className="mono" data-label={t('engagement.access.viewIp')}>
                      {v.ip ?? '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" id="interests" aria-labelledby="interests-h">
        <h2 id="interests-h">{t('engagement.access.interests')}</h2>
        {page.interests.length === 0 ? (
          <p className="muted">{t('engagement.access.interestsNone')}</p>
        ) : (
          <ul className="engagement-list">
            {page.interests.map((i) => (
              <InterestItem key={i.id} i={i} actionData={actionData?.target === i.id ? actionData : undefined} roomId={rooms[i.id]} />
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

function RequestDecision({ id, actionData }: { id: string; actionData: ActionData }) {
  const t = useT()
  return (
    <DecisionBox
      formId={`decline-${id}`}
      idName="requestId"
      id={id}
      actionData={actionData}
      accept={{ intent: 'grant', label: t('engagement.access.grant') }}
      decline={{ intent: 'decline', summary: t('engagement.access.decline'), submit: t('engagement.access.declineSubmit') }}
    >
      {(fields) => <TextAreaField meta={fields.note} label={t('engagement.access.declineNote')} rows={2} required />}
    </DecisionBox>
  )
}

/**
 * The owner's answer to one request or interest: an accept button, and a
 * folded decline form whose fields (of AccessDecisionSchema) the caller gives.
 */
function DecisionBox({
  formId,
  idName,
  id,
  actionData,
  accept,
  decline,
  children,
}: {
  formId: string
  idName: 'requestId' | 'interestId'
  id: string
  actionData: ActionData
  accept: { intent: string; label: string }
  decline: { intent: string; summary: string; submit: string }
  children: (fields: ReturnType<typeof useDecisionForm>[1]) => ReactNode
}) {
  const [form, fields] = useDecisionForm(formId, actionData)
  return (
    <div className="engagement-actions">
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value={accept.intent} />
        <input type="hidden" name={idName} value={id} />
        <button type="submit" className="btn btn-primary">
          {accept.label}
        </button>
      </Form>
      <details className="decline-box" open={!!actionData}>
        <summary className="btn btn-secondary">{decline.summary}</summary>
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value={decline.intent} />
          <input type="hidden" name={idName} value={id} />
          {children(fields)}
          <div className="form-actions">
            <button type="submit" className="btn btn-danger">
              {decline.submit}
            </button>
          </div>
        </Form>
      </details>
    </div>
  )
}

function useDecisionForm(id: string, actionData: ActionData) {
  return useForm({
    id,
    lastResult: actionData?.result,
    constraint: getZodConstraint(AccessDecisionSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AccessDecisionSchema }),
  })
}

function InterestItem({ i, actionData, roomId }: { i: PageData['interests'][number]; actionData: ActionData; roomId?: string }) {
  const t = useT()
  const locale = useLocale()
  const statusKey = i.passed ? 'passed' : i.status
  const badge = { open: 'pending', accepted: 'verified', declined: 'rejected', passed: 'role' }[statusKey]
  return (
    <li className={`engagement-item status-${statusKey}`}>
      <div className="engagement-item-head">
        <strong>{i.org_name}</strong>
        <span className={`badge badge-${badge}`}>{t(`engagement.interestStatus.${statusKey}`)}</span>
        <span className="muted small">{formatDateTime(locale, i.created_at)}</span>
        {i.status === 'accepted' && !i.passed ? <OpenDealButton from="interest" id={i.id} roomId={roomId} /> : null}
      </div>
      {i.passed ? (
        <p className="engagement-quote">
          {t('engagement.access.passReason', { reason: i.decline_reason ? t(`decline.${i.decline_reason}` as MessageKey) : '' })}
          {i.decline_note ? ` · ${i.decline_note}` : ''}
        </p>
      ) : (
        <>
          <p className="engagement-person">
            <span className="muted">{t('engagement.access.contact')}：</span>
            {i.user_name} · <a href={`mailto:${i.user_email}`}>{i.user_email}</a>
            {i.user_phone ? ` · ${i.user_phone}` : ` · ${i.org_phone}`}
          </p>
          <p className="engagement-person">
            <span className="muted">{t('engagement.access.preference')}：</span>
            {t(`engagement.contact.${i.contact_preference}`)}
          </p>
          {i.note ? (
            <p className="engagement-quote">
              <span className="muted">{t('engagement.access.note')}：</span>
              {i.note}
            </p>
          ) : null}
          {i.status === 'open' ? (
            <InterestDecision id={i.id} actionData={actionData} />
          ) : (
            <>
              {i.decline_reason ? (
                <p className="engagement-quote">
                  {t('engagement.access.decisionNote', { note: [t(`decline.${i.decline_reason}` as MessageKey), i.decline_note].filter(Boolean).join(' · ') })}
                </p>
              ) : null}
              <p className="muted small">
                {t('engagement.access.decidedBy', { name: i.decided_by_name ?? '', date: i.decided_at ? formatDateTime(locale, i.decided_at) : '' })}
              </p>
            </>
          )}
        </>
      )}
    </li>
  )
}

function InterestDecision({ id, actionData }: { id: string; actionData: ActionData }) {
  const t = useT()
  return (
    <DecisionBox
      formId={`decline-interest-${id}`}
      idName="interestId"
      id={id}
      actionData={actionData}
      accept={{ intent: 'accept-interest', label: t('engagement.access.accept') }}
      decline={{ intent: 'decline-interest', summary: t('engagement.access.declineInterest'), submit: t('engagement.access.declineInterestSubmit') }}
    >
      {(fields) => (
        <>
          <SelectField
            meta={fields.reason}
            label={t('engagement.access.reason')}
            placeholder={t('engagement.access.reasonPlaceholder')}
            options={DECLINE_REASONS.map((r) => ({ value: r, label: t(`decline.${r}`) }))}
            required
          />
          <TextAreaField meta={fields.note} label={t('engagement.access.reasonNote')} hint={t('engagement.interest.reasonNoteHint')} rows={2} />
        </>
      )}
    </DecisionBox>
  )
}
