import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { OpenDealButton } from '~/components/deal-bits'
import { openedRooms } from '../../server/deals/entry'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FieldErrors, FormErrors, Notice, SelectField, TextAreaField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { Recommendations } from '~/components/recommendations'
import { displayStatus, StatusBadge } from '~/components/achievement-bits'
import { budgetText, deadlineText, PreferredModes } from '~/components/need-card'
import { WorkflowActions, type TransitionReply } from '~/components/workflow-actions'
import type { MessageKey } from '../../server/i18n/catalog'
import { getPrincipal, invariantResponse, requestMeta, requireUser } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDate, formatDateTime, translateError, useLocale, useT } from '~/utils/i18n'
import { DECLINE_REASONS, DeclineSchema, NeedPassSchema, NeedResponseSchema } from '../../server/listings/schemas'
import { pageTitle } from '~/utils/meta'
import { excerpt, shareMeta } from '~/utils/share-meta'
import { transitionAction } from '~/utils/workflow.server'
import { recommendationsForPage } from '../../server/engagement/matching/board'
import { acceptResponse, declineResponse, passOnNeed, respondToNeed, responsesForViewer } from '../../server/engagement/need-responses'
import { needForViewer } from '../../server/listings/needs'
import { FavouriteButton, ViewCount } from '~/components/portal-bits'
import { favouriteOf, listingViews } from '../../server/portal/engagement'
import portalStyles from '~/styles/portal.css?url'

export const links = () => [{ rel: 'stylesheet', href: portalStyles }]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return pageTitle(matches, 'need.notFound')
  return [
    ...pageTitle(matches, 'need.listTitle', undefined, data.need.title),
    ...shareMeta(matches, { title: data.need.title, description: excerpt(`${data.need.org_name}：${data.need.problem}`), url: data.url, type: 'article' }),
    ...(data.need.status === 'published' ? [] : [{ name: 'robots', content: 'noindex' }]),
  ]
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await getPrincipal(request, context)
  const view = await needForViewer(context.services.db, principal, params.id ?? '')
  invariantResponse(view)
  const [responses, recommendations, views, favourite] = await Promise.all([
    responsesForViewer(context.services.db, principal, { id: view.need.id, insider: view.insider, canRespond: view.can.respond }),
    recommendationsForPage(context.services.db, context.services.search, principal, 'need', view.need),
    listingViews(context.services.db, 'need', view.need.id),
    favouriteOf(context.services.db, principal, 'need', view.need.id),
  ])
  const n = view.need
  const respondBlock = view.insider
    ? null
    : !view.live
      ? ('closed' as const)
      : !principal
        ? ('anonymous' as const)
        : view.can.respond
          ? null
          : ('institutionsOnly' as const)
  return {
    need: {
      id: n.id,
      title: n.title,
      problem: n.problem,
      desired_outcome: n.desired_outcome,
      org_id: n.org_id,
      org_name: n.org_name,
      industry_name_zh: n.industry_name_zh,
      industry_name_en: n.industry_name_en,
      division_name_zh: n.division_name_zh,
      division_name_en: n.division_name_en,
      budget_kind: n.budget_kind,
      budget_min_fen: n.budget_min_fen,
      budget_max_fen: n.budget_max_fen,
      deadline: n.deadline,
      preferred_modes: n.preferred_modes,
      keywords: n.keywords,
      status: n.status,
      status_reason: n.status_reason,
      published_at: n.published_at,
      expires_at: n.expires_at,
      created_by_name: n.created_by_name,
    },
    live: view.live,
    portal: { views, favourite, signedIn: !!principal },
    /** Live, but inside the reminder window before its expiry. */
    expiresSoon:
      view.live && !!n.expires_at && new Date(n.expires_at).getTime() < Date.now() + context.services.config.LISTING_REMIND_DAYS * 86_400_000,
    insider: view.insider,
    timeline: view.timeline,
    can: view.can,
    responses,
    // Accepted responses that already have a deal room (a link instead of the button).
    rooms: principal
      ? await openedRooms(
          context.services.db,
          'need_response',
          (responses.all ?? responses.mine).filter((r) => r.status === 'accepted').map((r) => r.id),
        )
      : {},
    recommendations,
    respondBlock,
    url: `${context.origin}/needs/${n.id}`,
    loginHref: `/login?redirectTo=${encodeURIComponent(`/needs/${n.id}`)}`,
  }
}

const AcceptSchema = z.object({ intent: z.literal('accept'), responseId: z.string({ required_error: 'errors.notFound' }) })
const DeclineResponseSchema = DeclineSchema.extend({ responseId: z.string({ required_error: 'errors.notFound' }) })

type Intent = 'respond' | 'pass' | 'accept' | 'decline'
const TRANSITIONS = new Set(['submit', 'approve', 'return', 'reconfirm', 'takedown', 'withdraw', 'restore'])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = params.id ?? ''
  // The review workflow's buttons are the same as on an achievement's page.
  const peek = String((await request.clone().formData()).get('intent') ?? '')
  if (TRANSITIONS.has(peek)) return transitionAction(request, context, 'need', id)

  const principal = await requireUser(request, context)
  const db = context.services.db
  const meta = requestMeta(context)
  const formData = await request.formData()
  const intent = peek as Intent
  const done = (what: Intent) => redirect(`/needs/${id}?done=${what}#responses`)
  const reply = <S extends z.ZodTypeAny>(schema: S) => parseWithZod(formData, { schema })

  switch (intent) {
    case 'respond': {
      const submission = reply(NeedResponseSchema)
      if (submission.status !== 'success') return data({ intent, responseId: null, result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => respondToNeed(db, principal, id, submission.value, meta))
      return r.ok ? done(intent) : withIntent(r.response, intent)
    }
    case 'pass': {
      const submission = reply(NeedPassSchema)
      if (submission.status !== 'success') return data({ intent, responseId: null, result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => passOnNeed(db, principal, id, submission.value, meta))
      return r.ok ? done(intent) : withIntent(r.response, intent)
    }
    case 'accept': {
      const submission = reply(AcceptSchema)
      const responseId = String(formData.get('responseId') ?? '')
      if (submission.status !== 'success') return data({ intent, responseId, result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => acceptResponse(db, principal, submission.value.responseId, meta))
      return r.ok ? done(intent) : withIntent(r.response, intent, responseId)
    }
    case 'decline': {
      const submission = reply(DeclineResponseSchema)
      const responseId = String(formData.get('responseId') ?? '')
      if (submission.status !== 'success') return data({ intent, responseId, result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => declineResponse(db, principal, submission.value.responseId, submission.value, meta))
      return r.ok ? done(intent) : withIntent(r.response, intent, responseId)
    }
    default:
      throw new Response('Bad request', { status: 400 })
  }
}

/** Tags a form reply with the form it belongs to, so only that form shows the errors. */
function withIntent(response: { data: { result: SubmissionResult<string[]> }; init: ResponseInit | null }, intent: Intent, responseId: string | null = null) {
  return data({ intent, responseId, result: response.data.result }, response.init ?? undefined)
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>
type ActionData = ReturnType<typeof useActionData<typeof action>>

function resultFor(actionData: ActionData, intent: Intent, responseId: string | null = null) {
  if (!actionData || !('intent' in actionData) || actionData.intent !== intent) return undefined
  if (responseId !== null && (!('responseId' in actionData) || actionData.responseId !== responseId)) return undefined
  return actionData.result
}

export default function NeedPage() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { need, can } = d
  const status = displayStatus(need)
  const done = params.get('done') ?? params.get('saved')
  const doneKey = done && DONE_KEYS.has(done) ? (`need.done.${done}` as MessageKey) : null
  const transitionReply = actionData && 'intent' in actionData && TRANSITIONS.has(actionData.intent) ? (actionData as unknown as TransitionReply) : null
  const expiresSoon = d.expiresSoon

  return (
    <div className="container">
      <nav aria-label={t('need.breadcrumb')} className="breadcrumbs">
        <Link to="/needs">{t('need.listTitle')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{need.title.length > 24 ? `${need.title.slice(0, 23)}…` : need.title}</span>
      </nav>
      <PageHeader title={need.title} lead={`${need.org_name} · ${(locale === 'en' ? need.industry_name_en : need.industry_name_zh) ?? t('draft.notYet')}`}>
        {/* The workflow status (已发布, 待审核 …) is the owner's business; everyone may see that a need expired. */}
        {d.insider || status === 'expired' ? <StatusBadge listing={need} /> : null}
      </PageHeader>
      <div className="portal-listing-bar">
        {d.live ? <FavouriteButton kind="need" id={need.id} title={need.title} on={d.portal.favourite} signedIn={d.portal.signedIn} here={`/needs/${need.id}`} /> : null}
        <ViewCount kind="need" id={need.id} initial={d.portal.views} live={d.live} />
      </div>

      {doneKey ? <Notice kind="success">{t(doneKey)}</Notice> : null}
      {status === 'expired' ? <Notice kind="warning">{d.insider ? t('need.expiredInsider') : t('need.expiredPublic')}</Notice> : null}
      {need.status === 'draft' && d.insider ? <Notice>{t('need.draftNotice')}</Notice> : null}
      {need.status === 'submitted' && d.insider ? <Notice>{t('need.submittedNotice')}</Notice> : null}
      {need.status === 'withdrawn' && d.insider ? <Notice>{t('need.withdrawnNotice')}</Notice> : null}
      {need.status === 'returned' && need.status_reason && d.insider ? <Notice kind="warning">{t('need.returnedNotice', { reason: need.status_reason })}</Notice> : null}
      {need.status === 'taken_down' && need.status_reason && d.insider ? <Notice kind="error">{t('need.takenDownNotice', { reason: need.status_reason })}</Notice> : null}
      {expiresSoon && can.reconfirm && need.expires_at ? (
        <Notice kind="warning">{t('need.expiresSoon', { date: formatDate(locale, need.expires_at) })}</Notice>
      ) : null}

      <div className="detail-layout">
        <div className="detail-main">
          <section className="card" aria-labelledby="problem-h">
            <h2 id="problem-h">{t('need.problem')}</h2>
            <p className="prose">{need.problem}</p>
            <h2 id="outcome-h" className="section-gap">
              {t('need.desiredOutcome')}
            </h2>
            <p className="prose">{need.desired_outcome}</p>
          </section>
          <Responses d={d} actionData={actionData} />
          {d.recommendations ? <Recommendations kind="achievement" data={d.recommendations} boardNeedId={need.id} /> : null}
        </div>
        <aside className="detail-side">
          <section className="card" aria-labelledby="facts-h">
            <h2 id="facts-h">{t('need.overview')}</h2>
            <dl className="facts">
              <dt>{t('need.budget')}</dt>
              <dd className="need-budget">{budgetText(t, locale, need)}</dd>
              <dt>{t('need.deadline')}</dt>
              <dd>{deadlineText(t, locale, need.deadline)}</dd>
              <dt>{t('need.industry')}</dt>
              <dd>{(locale === 'en' ? need.industry_name_en : need.industry_name_zh) ?? t('draft.notYet')}</dd>
              <dt>{t('need.county')}</dt>
              <dd>{locale === 'en' ? need.division_name_en : need.division_name_zh}</dd>
              <dt>{t('need.preferredModes')}</dt>
              <dd>
                <PreferredModes modes={need.preferred_modes} />
              </dd>
              {need.keywords.length ? (
                <>
                  <dt>{t('need.keywords')}</dt>
                  <dd>{need.keywords.join('、')}</dd>
                </>
              ) : null}
              <dt>{t('need.org')}</dt>
              <dd>
                <Link to={`/o/${need.org_id}`}>{need.org_name}</Link>
              </dd>
              {need.published_at ? (
                <>
                  <dt>{t('need.publishedAt')}</dt>
                  <dd>{formatDate(locale, need.published_at)}</dd>
                </>
              ) : null}
              {need.expires_at ? (
                <>
                  <dt>{t('need.validUntil')}</dt>
                  <dd>{formatDate(locale, need.expires_at)}</dd>
                </>
              ) : null}
            </dl>
          </section>
          {can.edit || can.workflow ? (
            <section className="card" aria-labelledby="manage-h">
              <h2 id="manage-h">{d.insider ? t('need.manage') : t('need.moderate')}</h2>
              {can.edit ? (
                <div className="stack">
                  <Link to={`/needs/${need.id}/edit`} className="btn btn-secondary">
                    {t('need.edit')}
                  </Link>
                </div>
              ) : null}
              <WorkflowActions can={can} reply={transitionReply} />
            </section>
          ) : null}
          {d.insider ? <Timeline timeline={d.timeline} /> : null}
        </aside>
      </div>
    </div>
  )
}

const DONE_KEYS = new Set(['created', 'updated', 'submit', 'approve', 'return', 'reconfirm', 'takedown', 'withdraw', 'restore', 'resubmitted', 'respond', 'pass', 'accept', 'decline'])

function Timeline({ timeline }: { timeline: LoaderData['timeline'] }) {
  const t = useT()
  const locale = useLocale()
  if (!timeline.length) return null
  return (
    <section className="card" aria-labelledby="timeline-h">
      <h2 id="timeline-h">{t('need.timeline')}</h2>
      <ol className="timeline">
        {timeline.map((e) => {
          const details = (e.details ?? {}) as { reason?: string; responderOrg?: string }
          const key = `need.audit.${e.action.replace(/^need\./, '')}`
          return (
            <li key={e.id}>
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(locale, e.at)}</time>
              <div>
                <strong>{t(key as MessageKey, { org: details.responderOrg ?? '' })}</strong>
                {e.actor_name ? <span className="muted"> · {e.actor_name}</span> : null}
              </div>
              {details.reason && !DECLINE_REASONS.includes(details.reason as never) ? <div className="timeline-reason">{details.reason}</div> : null}
              {details.reason && DECLINE_REASONS.includes(details.reason as never) ? (
                <div className="timeline-reason">{t(`decline.${details.reason}` as MessageKey)}</div>
              ) : null}
            </li>
          )
        })}
      </ol>
    </section>
  )
}

type ResponseRow = NonNullable<LoaderData['responses']['all']>[number]

function Responses({ d, actionData }: { d: LoaderData; actionData: ActionData }) {
  const t = useT()
  const { all, mine, options } = d.responses
  const rows = all ?? mine
  const responses = rows.filter((r) => r.kind === 'response')
  const passes = rows.filter((r) => r.kind === 'pass')
  const activeOrgs = new Set(rows.filter((r) => r.kind === 'pass' || r.status !== 'declined').map((r) => r.org_id))
  const openOrgs = options?.orgs.filter((o) => !activeOrgs.has(o.id)) ?? []
  return (
    <section className="card" id="responses" aria-labelledby="responses-h" tabIndex={-1}>
      <h2 id="responses-h">
        {all ? t('need.responsesTitle') : t('need.respondTitle')}
        {all ? <span className="count-pill">{responses.length}</span> : null}
      </h2>
      {all ? (
        <>
          {responses.length === 0 ? (
            <p className="muted">{d.need.status === 'published' ? t('need.noResponses') : t('need.noResponsesYet')}</p>
          ) : (
            <ul className="responses">
              {responses.map((r) => (
                <ResponseItem key={r.id} r={r} canAnswer={d.can.answer} actionData={actionData} roomId={d.rooms[r.id]} />
              ))}
            </ul>
          )}
          {passes.length ? <Passes passes={passes} /> : null}
        </>
      ) : (
        <>
          {responses.length || passes.length ? (
            <>
              <h3>{t('need.yourResponses')}</h3>
              <ul className="responses">
                {responses.map((r) => (
                  <ResponseItem key={r.id} r={r} canAnswer={false} actionData={actionData} roomId={d.rooms[r.id]} />
                ))}
              </ul>
              {passes.length ? <Passes passes={passes} own /> : null}
            </>
          ) : null}
          {options && openOrgs.length ? (
            <RespondForms options={options} orgs={openOrgs} actionData={actionData} />
          ) : options ? (
            <p className="muted">{t('need.alreadyAnswered')}</p>
          ) : d.respondBlock ? (
            <RespondBlocked why={d.respondBlock} loginHref={d.loginHref} />
          ) : null}
        </>
      )}
    </section>
  )
}

function RespondBlocked({ why, loginHref }: { why: 'closed' | 'anonymous' | 'institutionsOnly'; loginHref: string }) {
  const t = useT()
  if (why === 'anonymous') {
    return (
      <div className="respond-cta">
        <p>{t('need.respondLogin')}</p>
        <Link to={loginHref} className="btn btn-primary">
          {t('need.loginToRespond')}
        </Link>
      </div>
    )
  }
  return <p className="muted">{why === 'closed' ? t('need.respondClosed') : t('need.respondInstitutionsOnly')}</p>
}

function ResponseItem({ r, canAnswer, actionData, roomId }: { r: ResponseRow; canAnswer: boolean; actionData: ActionData; roomId?: string }) {
  const t = useT()
  const locale = useLocale()
  const acceptError = resultFor(actionData, 'accept', r.id)?.error?.['']
  return (
    <li className={`response response-${r.status}`}>
      <div className="response-head">
        <div>
          <Link to={`/o/${r.org_id}`} className="response-org">
            {r.org_name}
          </Link>
          <span className="muted">
            {' '}
            · {r.user_name} · {formatDate(locale, r.created_at)}
          </span>
        </div>
        <span className={`badge badge-resp-${r.status}`}>{t(`need.responseStatus.${r.status}`)}</span>
      </div>
      {r.achievement_id ? (
        <p className="response-achievement">
          <span className="muted">{t('need.offeredAchievement')}</span>
          <Link to={`/achievements/${r.achievement_id}`}>{r.achievement_title}</Link>
          {r.achievement_trl ? <span className="badge">{t(`trl.${r.achievement_trl}` as MessageKey)}</span> : null}
        </p>
      ) : null}
      {r.proposal ? <p className="prose">{r.proposal}</p> : null}
      {r.status === 'declined' && r.decline_reason ? (
        <p className="response-decision">
          {t('need.declinedBecause', { reason: t(`decline.${r.decline_reason}`) })}
          {r.decline_note ? <span> {t('need.noteQuoted', { note: r.decline_note })}</span> : null}
        </p>
      ) : null}
      {r.status === 'accepted' && r.decided_at ? (
        <p className="response-decision">
          {t('need.acceptedOn', { date: formatDate(locale, r.decided_at), name: r.decided_by_name ?? '' })} <OpenDealButton from="need_response" id={r.id} roomId={roomId} />
        </p>
      ) : null}
      {canAnswer && r.status === 'open' ? (
        <div className="response-actions">
          {acceptError ? <Notice kind="error">{acceptError.map((e) => translateError(locale, e)).join(' ')}</Notice> : null}
          <Form method="post" className="inline-form">
            <input type="hidden" name="responseId" value={r.id} />
            <button type="submit" name="intent" value="accept" className="btn btn-primary">
              {t('need.accept')}
            </button>
          </Form>
          <DeclineForm responseId={r.id} orgName={r.org_name} result={resultFor(actionData, 'decline', r.id)} />
        </div>
      ) : null}
    </li>
  )
}

function ReasonRadios({ name, id, errors, errorId, defaultValue }: { name: string; id: string; errors?: string[]; errorId: string; defaultValue?: string }) {
  const t = useT()
  return (
    <fieldset className="field choice-group" data-invalid={errors?.length ? '' : undefined} aria-describedby={errors?.length ? errorId : undefined}>
      <legend>
        {t('need.reason')}
        <span className="req" aria-hidden="true"> *</span>
      </legend>
      <div className="choices">
        {DECLINE_REASONS.map((reason) => (
          <label key={reason} className="choice" htmlFor={`${id}-${reason}`}>
            <input type="radio" id={`${id}-${reason}`} name={name} value={reason} defaultChecked={defaultValue === reason} required />
            <span>{t(`decline.${reason}`)}</span>
          </label>
        ))}
      </div>
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  )
}

function DeclineForm({ responseId, orgName, result }: { responseId: string; orgName: string; result?: SubmissionResult<string[]> }) {
  const t = useT()
  const [form, fields] = useForm({
    id: `decline-${responseId}`,
    lastResult: result,
    constraint: getZodConstraint(DeclineResponseSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeclineResponseSchema }),
  })
  return (
    <details className="decline" open={result ? true : undefined}>
      <summary className="btn btn-secondary">{t('need.decline')}</summary>
      <Form method="post" className="form decline-form" {...getFormProps(form)} aria-label={t('need.declineFormLabel', { org: orgName })}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="responseId" value={responseId} />
        <ReasonRadios
          name={fields.reason.name}
          id={fields.reason.id}
          errors={fields.reason.errors}
          errorId={fields.reason.errorId}
          defaultValue={fields.reason.initialValue as string | undefined}
        />
        <TextAreaField meta={fields.note} label={t('need.declineNote')} hint={t('need.declineNoteHint')} rows={2} />
        <div className="form-actions">
          <button type="submit" name="intent" value="decline" className="btn btn-danger">
            {t('need.declineSubmit')}
          </button>
        </div>
      </Form>
    </details>
  )
}

function Passes({ passes, own = false }: { passes: ResponseRow[]; own?: boolean }) {
  const t = useT()
  const locale = useLocale()
  return (
    <div className="passes">
      <h3>{own ? t('need.yourPasses') : t('need.passesTitle', { count: passes.length })}</h3>
      <ul>
        {passes.map((p) => (
          <li key={p.id}>
            <strong>{p.org_name}</strong>
            <span className="badge badge-reason">{t(`decline.${p.decline_reason ?? 'other'}`)}</span>
            <span className="muted">{formatDate(locale, p.decided_at ?? p.created_at)}</span>
            {p.decline_note ? <p className="passes-note">{p.decline_note}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

function RespondForms({
  options,
  orgs,
  actionData,
}: {
  options: NonNullable<LoaderData['responses']['options']>
  orgs: { id: string; name: string }[]
  actionData: ActionData
}) {
  const t = useT()
  const passResult = resultFor(actionData, 'pass')
  const [form, fields] = useForm({
    id: 'respond',
    lastResult: resultFor(actionData, 'respond'),
    constraint: getZodConstraint(NeedResponseSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NeedResponseSchema }),
    defaultValue: { orgId: orgs[0]!.id },
  })
  const [passForm, passFields] = useForm({
    id: 'pass',
    lastResult: passResult,
    constraint: getZodConstraint(NeedPassSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NeedPassSchema }),
    defaultValue: { orgId: orgs[0]!.id },
  })
  const chosenOrg = fields.orgId.value ?? orgs[0]!.id
  const achievements = options.achievements.filter((a) => a.orgId === chosenOrg)
  const achievementProps = getSelectProps(fields.achievementId, { ariaAttributes: false })
  return (
    <div className="respond">
      <p className="lead-sm">{t('need.respondLead')}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        {orgs.length > 1 ? (
          <SelectField meta={fields.orgId} label={t('need.respondAs')} options={orgs.map((o) => ({ value: o.id, label: o.name }))} required />
        ) : (
          <input {...getInputProps(fields.orgId, { type: 'hidden' })} key={fields.orgId.key} />
        )}
        <div className="field" data-invalid={fields.achievementId.errors?.length ? '' : undefined}>
          <label htmlFor={fields.achievementId.id}>
            {t('need.offerAchievement')}
            <span className="opt"> （{t('common.optional')}）</span>
          </label>
          <select
            {...achievementProps}
            key={achievementProps.key}
            aria-describedby={[`${fields.achievementId.id}-hint`, fields.achievementId.errors?.length ? fields.achievementId.errorId : null].filter(Boolean).join(' ')}
            aria-invalid={fields.achievementId.errors?.length ? true : undefined}
          >
            <option value="">{t('need.noAchievement')}</option>
            {achievements.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title}
              </option>
            ))}
          </select>
          <p id={`${fields.achievementId.id}-hint`} className="hint">
            {achievements.length ? t('need.offerAchievementHint') : t('need.noLiveAchievements')}
          </p>
          <FieldErrors id={fields.achievementId.errorId} errors={fields.achievementId.errors} />
        </div>
        <TextAreaField meta={fields.proposal} label={t('need.proposal')} hint={t('need.proposalHint')} rows={5} />
        <div className="form-actions">
          <button type="submit" name="intent" value="respond" className="btn btn-primary">
            {t('need.respondSubmit')}
          </button>
        </div>
      </Form>
      <details className="pass" open={passResult ? true : undefined}>
        <summary>{t('need.passSummary')}</summary>
        <p className="hint">{t('need.passLead')}</p>
        <Form method="post" className="form" {...getFormProps(passForm)}>
          <FormErrors id={passForm.errorId} errors={passForm.errors} />
          {orgs.length > 1 ? (
            <SelectField meta={passFields.orgId} label={t('need.respondAs')} options={orgs.map((o) => ({ value: o.id, label: o.name }))} required />
          ) : (
            <input {...getInputProps(passFields.orgId, { type: 'hidden' })} key={passFields.orgId.key} />
          )}
          <ReasonRadios
            name={passFields.reason.name}
            id={passFields.reason.id}
            errors={passFields.reason.errors}
            errorId={passFields.reason.errorId}
            defaultValue={passFields.reason.initialValue as string | undefined}
          />
          <div className="field" data-invalid={passFields.note.errors?.length ? '' : undefined}>
            <label htmlFor={passFields.note.id}>
              {t('need.passNote')}
              <span className="opt"> （{t('common.optional')}）</span>
            </label>
            <textarea {...getTextareaProps(passFields.note, { ariaAttributes: false })} key={passFields.note.key} rows={2} />
            <FieldErrors id={passFields.note.errorId} errors={passFields.note.errors} />
          </div>
          <div className="form-actions">
            <button type="submit" name="intent" value="pass" className="btn btn-secondary">
              {t('need.passSubmit')}
            </button>
          </div>
        </Form>
      </details>
    </div>
  )
}
