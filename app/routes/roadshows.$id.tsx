import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { FormErrors, Notice, SelectField, TextAreaField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { roadshowDealsLinks } from '~/components/roadshows/auction-panel'
import { LiveRoadshow, liveRoadshowLinks } from '~/components/roadshows/live-roadshow'
import { roadshowQaLinks } from '~/components/roadshows/qa-panel'
import { audienceText, RoadshowStatusBadge, RoadshowTime, venueText } from '~/components/roadshows/roadshow-bits'
import styles from '~/styles/roadshows.css?url'
import { getPrincipal, requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import type { RoadshowAnswer } from '../../server/roadshows/answers'
import { roadshowPage } from '../../server/roadshows/page'
import { askQuestion } from '../../server/roadshows/questions'
import { setRegistration } from '../../server/roadshows/registration'
import { AdvanceQuestionSchema, RegisterSchema } from '../../server/roadshows/schedule-schemas'

// /roadshows/:id — one 路演: its head (time, venue, audience, stream), the
// agenda, registration (报名) and questions submitted in advance, and the live
// panel (<LiveRoadshow/>, which handles every phase and anonymous viewers
// itself). A roadshow the visitor may not see answers 404.

// The live panel and its parts bring their own stylesheets.
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }, ...liveRoadshowLinks(), ...roadshowQaLinks(), ...roadshowDealsLinks()]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, 'roadshow.page.pageTitle', { title: data?.page.props.roadshow.title ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await getPrincipal(request, context)
  const page = await orErrorPage(() => roadshowPage(context.services.db, principal, params.id ?? ''))
  // A fresh key per page: a form sent twice (double click, resend) stores one question.
  return { page, signedIn: !!principal, askKey: crypto.randomUUID() }
}

const DONE = ['registered', 'unregistered', 'asked', 'scheduled', 'updated'] as const

const REASON_STATUS: Partial<Record<string, number>> = { invalid: 400, unauthorized: 401, forbidden: 403, not_found: 404 }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = params.id ?? ''
  const db = context.services.db
  const principal = await requireUser(request, context)
  const meta = requestMeta(context)
  const formData = await request.formData()
  const intent = formData.get('intent')
  const back = (done: (typeof DONE)[number], hash = '') => redirect(`/roadshows/${id}?done=${done}${hash}`)
  if (intent === 'register' || intent === 'unregister') {
    const submission = parseWithZod(formData, { schema: RegisterSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => setRegistration(db, principal, id, submission.value.intent === 'register', meta))
    return r.ok ? back(r.value.registered ? 'registered' : 'unregistered') : r.response
  }
  if (intent === 'ask') {
    const submission = parseWithZod(formData, { schema: AdvanceQuestionSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const v = submission.value
    // The same command the live panel sends over the socket (roadshow:ask); before the start it stores an advance question.
    const answer = (await askQuestion(
      db,
      principal,
      { roadshowId: id, itemId: v.itemId ?? null, body: v.body, key: v.key },
      new Date(),
      meta
    )) as RoadshowAnswer
    if (answer.ok) return back('asked', '#advance-questions')
    const message = `roadshow.reason.${answer.reason}`
    const field = answer.field === 'itemId' || answer.field === 'body' ? answer.field : null
    const result = submission.reply(field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] })
    return data({ result }, { status: REASON_STATUS[answer.reason] ?? 409 })
  }
  throw new Response('Bad request', { status: 400 })
}

type ActionData = { result: SubmissionResult<string[]> } | undefined
type Page = Awaited<ReturnType<typeof loader>>['page']

export default function RoadshowPage() {
  const t = useT()
  const location = useLocation()
  const { page, signedIn, askKey } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const { roadshow: rs, items } = page.props
  const done = DONE.find((d) => d === new URLSearchParams(location.search).get('done'))
  const replyTo = actionData?.result.initialValue?.intent
  const registerErrors = replyTo === 'register' || replyTo === 'unregister' ? actionData?.result.error?.[''] : undefined
  return (
    <div className="container roadshow-page">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/roadshows">{t('roadshow.list.pageTitle')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{rs.title}</span>
      </nav>
      <PageHeader title={rs.title} lead={t('roadshow.page.lead', { org: rs.orgName })}>
        <RoadshowStatusBadge status={rs.status} />
      </PageHeader>
      {done ? <Notice kind="success">{t(`roadshow.done.${done}` as MessageKey)}</Notice> : null}
      {registerErrors?.length ? <FormErrors id="register-errors" errors={registerErrors} /> : null}

      <div className="detail-layout">
        <div className="detail-main">
          <section className="card" aria-labelledby="rs-head-h">
            <h2 id="rs-head-h">{t('roadshow.page.about')}</h2>
            <dl className="facts">
              <dt>{t('roadshow.field.time')}</dt>
              <dd>
                <RoadshowTime startsAt={rs.startsAt} plannedEndAt={rs.plannedEndAt} />
              </dd>
              {rs.theme ? (
                <>
                  <dt>{t('roadshow.field.theme')}</dt>
                  <dd>{rs.theme}</dd>
                </>
              ) : null}
              <dt>{t('roadshow.field.venue')}</dt>
              <dd>{venueText(t, rs.venueMode, rs.venueAddress)}</dd>
              <dt>{t('roadshow.field.audience')}</dt>
              <dd>{audienceText(t, rs.audience)}</dd>
              <dt>{t('roadshow.field.stream')}</dt>
              <dd>{t(`roadshow.stream.${rs.streamKind}` as MessageKey)}</dd>
              {rs.recordingUrl && rs.status === 'ended' ? (
                <>
                  <dt>{t('roadshow.field.recording')}</dt>
                  <dd>
                    <a href={rs.recordingUrl} rel="noopener noreferrer nofollow" target="_blank">
                      {t('roadshow.page.openRecording')}
                    </a>
                  </dd>
                </>
              ) : null}
            </dl>
          </section>

          <section className="card" aria-labelledby="rs-agenda-h" data-testid="roadshow-agenda">
            <h2 id="rs-agenda-h">{t('roadshow.page.agenda')}</h2>
            <ol className="roadshow-agenda">
              {items.map((i) => (
                <li key={i.id}>
                  {i.achievementId ? <Link to={`/achievements/${i.achievementId}`}>{i.title}</Link> : <strong>{i.title}</strong>}
                  <p className="small muted">
                    {t('roadshow.page.presenter', { name: i.presenterName })} · {t('roadshow.page.minutes', { pitch: i.pitchMinutes, qa: i.qaMinutes })}
                    {i.slidesUrl ? (
                      <>
                        {' · '}
                        <a href={i.slidesUrl}>{t('roadshow.page.slides')}</a>
                      </>
                    ) : null}
                    {i.auctionId ? (
                      <>
                        {' · '}
                        <Link to={`/auctions/${i.auctionId}`}>{t('roadshow.page.auctionLot')}</Link>
                      </>
                    ) : null}
                  </p>
                </li>
              ))}
            </ol>
          </section>

          {rs.status === 'scheduled' && page.roles.participate ? (
            <AdvanceQuestions page={page} signedIn={signedIn} askKey={askKey} actionData={replyTo === 'ask' ? actionData : undefined} />
          ) : null}
        </div>

        <aside className="detail-side">
          <RegisterCard page={page} signedIn={signedIn} />
          {page.roles.organiser ? (
            <section className="card" aria-labelledby="rs-organise-h">
              <h2 id="rs-organise-h">{t('roadshow.page.organise')}</h2>
              <ul className="link-list">
                {rs.status === 'scheduled' ? (
                  <li>
                    <Link to={`/roadshows/${rs.id}/edit`}>{t('roadshow.page.edit')}</Link>
                  </li>
                ) : null}
                <li>
                  <Link to={`/roadshows/${rs.id}/intents`}>{t('roadshow.page.intents')}</Link>
                </li>
                <li>
                  <Link to={`/roadshows/${rs.id}/report`}>{t('roadshow.page.report')}</Link>
                </li>
              </ul>
            </section>
          ) : null}
          {rs.status === 'ended' ? (
            <section className="card">
              <Link to={`/roadshows/${rs.id}/replay`} className="btn btn-secondary">
                {t('roadshow.page.replay')}
              </Link>
            </section>
          ) : null}
        </aside>
      </div>

      {rs.status !== 'cancelled' ? (
        <section className="roadshow-live-slot" aria-label={t('roadshow.page.live')}>
          <LiveRoadshow {...page.props} />
        </section>
      ) : (
        <Notice kind="warning">{t('roadshow.page.cancelled')}</Notice>
      )}
    </div>
  )
}

function RegisterCard({ page, signedIn }: { page: Page; signedIn: boolean }) {
  const t = useT()
  const location = useLocation()
  const rs = page.props.roadshow
  const open = rs.status === 'scheduled' || rs.status === 'live'
  return (
    <section className="card" aria-labelledby="rs-register-h" data-testid="roadshow-registration">
      <h2 id="rs-register-h">{t('roadshow.page.registration')}</h2>
      <p data-testid="registration-count">{t('roadshow.list.registrations', { n: page.registrations })}</p>
      {!open ? null : !signedIn ? (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>{t('roadshow.page.signInToRegister')}</Link>
        </p>
      ) : !page.roles.participate ? (
        <p className="muted small">{t('roadshow.page.mayNotTakePart')}</p>
      ) : page.registered ? (
        <Form method="post">
          <p className="small">{t('roadshow.page.registeredNote')}</p>
          <button type="submit" name="intent" value="unregister" className="btn btn-secondary">
            {t('roadshow.page.unregister')}
          </button>
        </Form>
      ) : (
        <Form method="post">
          <p className="small muted">{t('roadshow.page.registerNote')}</p>
          <button type="submit" name="intent" value="register" className="btn btn-primary">
            {t('roadshow.page.register')}
          </button>
        </Form>
      )}
    </section>
  )
}

function AdvanceQuestions({ page, signedIn, askKey, actionData }: { page: Page; signedIn: boolean; askKey: string; actionData: ActionData }) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'advance-question',
    lastResult: actionData?.result,
    constraint: getZodConstraint(AdvanceQuestionSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AdvanceQuestionSchema }),
    defaultValue: { itemId: '', body: '' },
  })
  return (
    <section className="card" id="advance-questions" aria-labelledby="rs-ask-h">
      <h2 id="rs-ask-h">{t('roadshow.page.askTitle')}</h2>
      <p className="muted small">{t('roadshow.page.askLead')}</p>
      {signedIn ? (
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="ask" />
          <input type="hidden" name="key" value={askKey} />
          <SelectField
            meta={fields.itemId}
            label={t('roadshow.page.askItem')}
            placeholder={t('roadshow.page.askGeneral')}
            options={page.props.items.map((i) => ({ value: i.id, label: `${i.position}. ${i.title}` }))}
          />
          <TextAreaField meta={fields.body} label={t('roadshow.page.askBody')} rows={3} required />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('roadshow.page.askSubmit')}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  )
}
