import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors, Notice, SelectField, TextAreaField, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { Countdown, formatNoticeEnd, ListedTerms, NoticeStatus } from '~/components/notice-bits'
import noticeStyles from '~/styles/notice.css?url'
import { getPrincipal, requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDate, formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'
import { answerObjection, chooseProcedure, concludeNotice, lodgeObjection, noticeLimits, noticePage, registerForNotice, withdrawNotice } from '../../server/notices/notices'
import { AnswerSchema, ObjectionSchema, ProcedureSchema, RegisterSchema } from '../../server/notices/schemas'

// /notices/:id — one 挂牌公示, public: the listed terms, the end with a
// countdown (working days left from the server, a live clock in the browser),
// how many enterprises registered, objections with the institution's answers,
// and the results while published. Enterprises register here, anyone objects
// here, and the institution answers, concludes, picks a procedure or withdraws.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'notice.page.pageTitle', { title: data?.page.notice.title ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await getPrincipal(request, context)
  const now = new Date()
  const page = await orErrorPage(() => noticePage(context.services.db, principal, params.id ?? '', now))
  return { page, serverNow: now.toISOString(), signedIn: !!principal }
}

const Intent = (intent: string) => z.object({ intent: z.literal(intent) })
const DONE = ['opened', 'registered', 'objected', 'answered', 'lapsed', 'awaiting', 'withdrawn'] as const

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = params.id ?? ''
  const db = context.services.db
  const limits = noticeLimits(context.services.config)
  const meta = requestMeta(context)
  const formData = await request.formData()
  const intent = formData.get('intent')
  const back = (done: (typeof DONE)[number], hash = '') => redirect(`/notices/${id}?done=${done}${hash}`)

  // Anyone may object, signed in or not.
  if (intent === 'object') {
    const principal = await getPrincipal(request, context)
    const submission = parseWithZod(formData, { schema: ObjectionSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => lodgeObjection(db, principal, id, submission.value, limits, meta))
    return r.ok ? back('objected', '#objections') : r.response
  }

  const principal = await requireUser(request, context)
  switch (intent) {
    case 'register': {
      const submission = parseWithZod(formData, { schema: RegisterSchema })
      if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => registerForNotice(db, principal, id, submission.value.orgId, meta))
      return r.ok ? back('registered') : r.response
    }
    case 'answer': {
      const submission = parseWithZod(formData, { schema: AnswerSchema })
      if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => answerObjection(db, principal, id, submission.value.objectionId, submission.value.answer, meta))
      return r.ok ? back('answered', '#objections') : r.response
    }
    case 'conclude': {
      const submission = parseWithZod(formData, { schema: Intent('conclude') })
      if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => concludeNotice(db, principal, id, limits, meta))
      if (!r.ok) return r.response
      if (r.value.status === 'concluded') return redirect(`/deals/${r.value.dealId}`)
      return back(r.value.status === 'lapsed' ? 'lapsed' : 'awaiting')
    }
    case 'procedure': {
      const submission = parseWithZod(formData, { schema: ProcedureSchema })
      if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => chooseProcedure(db, principal, id, submission.value.procedure, limits, meta))
      return r.ok ? redirect(`/deals/${r.value.dealId}`) : r.response
    }
    case 'withdraw': {
      const submission = parseWithZod(formData, { schema: Intent('withdraw') })
      if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => withdrawNotice(db, principal, id, meta))
      return r.ok ? back('withdrawn') : r.response
    }
    default:
      throw new Response('Bad request', { status: 400 })
  }
}

type ActionData = { result: SubmissionResult<string[]> } | undefined
type Page = Awaited<ReturnType<typeof loader>>['page']

export default function NoticePage() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const { page, serverNow, signedIn } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const n = page.notice
  const done = DONE.find((d) => d === new URLSearchParams(location.search).get('done'))
  const replyTo = actionData?.result.initialValue?.intent
  const reply = (intent: string) => (replyTo === intent ? actionData : undefined)
  // Errors of forms without fields of their own (conclude, withdraw) show at the top.
  const topErrors = replyTo === 'conclude' || replyTo === 'withdraw' ? actionData?.result.error?.[''] : undefined
  return (
    <div className="container notice-page">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/notices">{t('notice.page.breadcrumb')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{n.title}</span>
      </nav>
      <PageHeader title={n.title} lead={t('notice.page.lead', { org: n.orgName })}>
        <NoticeStatus status={n.status} />
      </PageHeader>
      {done ? <Notice kind="success">{t(`notice.done.${done}` as MessageKey)}</Notice> : null}
      {topErrors?.length ? <FormErrors id="notice-errors" errors={topErrors} /> : null}

      <div className="detail-layout">
        <div className="detail-main">
          <section className="card" aria-labelledby="terms-h">
            <h2 id="terms-h">{t('notice.page.terms')}</h2>
            <ListedTerms terms={n.terms} priceFen={n.priceFen}>
              <dt>{t('notice.page.period')}</dt>
              <dd>{t('notice.page.periodText', { n: n.workingDays, start: formatDate(locale, n.startsAt) })}</dd>
              <dt>{t('notice.page.endsAt')}</dt>
              <dd>
                <time dateTime={new Date(n.endsAt).toISOString()}>{formatNoticeEnd(locale, n.endsAt)}</time>
              </dd>
              <dt>{t('notice.page.registered')}</dt>
              <dd data-testid="registration-count">{t('notice.page.registeredCount', { n: page.registrationCount })}</dd>
            </ListedTerms>
            <p className="small muted">{t('notice.page.workingDaysNote')}</p>
            <p>
              <Link to={`/achievements/${n.achievementId}`}>{t('notice.page.achievement')}</Link>
            </p>
          </section>

          {page.results ? <Results page={page} /> : null}

          <section className="card" id="objections" aria-labelledby="objections-h">
            <h2 id="objections-h">{t('notice.objections.title')}</h2>
            <p className="muted small">{t('notice.objections.lead')}</p>
            {page.objections.length === 0 ? (
              <p className="muted">{t('notice.objections.none')}</p>
            ) : (
              <ol className="objection-list">
                {page.objections.map((o) => (
                  <li key={o.id} className="objection">
                    <p className="small muted">
                      {t('notice.objections.lodged', { date: formatDateTime(locale, o.lodgedAt) })}
                      {'name' in o && o.name ? ` · ${t('notice.objections.objector', { name: o.name, contact: o.contact ?? '' })}` : ''}
                    </p>
                    <p className="prose">{o.grounds}</p>
                    {o.answer ? (
                      <div className="objection-answer">
                        <p className="small muted">
                          {t('notice.objections.answer')} · {t('notice.objections.answeredAt', { date: formatDateTime(locale, o.answeredAt!) })}
                        </p>
                        <p className="prose">{o.answer}</p>
                      </div>
                    ) : (
                      <>
                        <p className="small objection-waiting">{t('notice.objections.waiting')}</p>
                        {page.can.manage && n.status !== 'withdrawn' ? <AnswerForm objectionId={o.id} actionData={reply('answer')} /> : null}
                      </>
                    )}
                  </li>
                ))}
              </ol>
            )}
            {page.can.object ? <ObjectionForm signedIn={signedIn} actionData={reply('object')} /> : null}
          </section>
        </div>

        <aside className="detail-side">
          {n.status === 'notice' ? (
            <Countdown endsAt={new Date(n.endsAt).toISOString()} serverNow={serverNow} workingDaysLeft={page.workingDaysLeft} pending={page.periodOver} />
          ) : null}
          {page.dealId ? (
            <section className="card">
              <Link to={`/deals/${page.dealId}`} className="btn btn-primary" data-testid="deal-link">
                {t('notice.page.toDeal')}
              </Link>
            </section>
          ) : null}
          <RegisterCard page={page} actionData={reply('register')} />
          {page.can.manage ? <ManageCard page={page} actionData={reply('procedure')} /> : null}
        </aside>
      </div>
    </div>
  )
}

function Results({ page }: { page: Page }) {
  const t = useT()
  const locale = useLocale()
  const r = page.results!
  const n = page.notice
  return (
    <section className="card" aria-labelledby="results-h">
      <h2 id="results-h">{t('notice.results.title')}</h2>
      {n.outcome === 'no_buyer' ? <p>{t('notice.results.lapsed')}</p> : null}
      {n.outcome === 'negotiation' ? <p>{t('notice.results.negotiation', { n: r.buyers.length, buyers: r.buyers.join('、') })}</p> : null}
      {n.outcome === 'one_buyer' ? (
        <dl className="facts">
          <dt>{t('notice.results.buyer')}</dt>
          <dd>{r.buyers.join('、')}</dd>
          <dt>{t('notice.results.price')}</dt>
          <dd>{formatFen(r.priceFen, locale)}</dd>
          <dt>{t('notice.results.date')}</dt>
          <dd>{r.at ? formatDate(locale, r.at) : '—'}</dd>
        </dl>
      ) : null}
      {r.until ? <p className="small muted">{t('notice.results.until', { date: formatDate(locale, r.until) })}</p> : null}
    </section>
  )
}

function RegisterCard({ page, actionData }: { page: Page; actionData: ActionData }) {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const [form, fields] = useForm({
    id: 'register',
    lastResult: actionData?.result,
    constraint: getZodConstraint(RegisterSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegisterSchema }),
    defaultValue: { orgId: page.registrableOrgs[0]?.id },
  })
  if (!page.can.register && page.mine.length === 0 && !page.can.signInToRegister) return null
  return (
    <section className="card" aria-labelledby="register-h">
      <h2 id="register-h">{t('notice.register.title')}</h2>
      <p className="muted small">{t('notice.register.lead')}</p>
      {page.mine.map((m) => (
        <Notice key={m.orgName} kind="info">
          {t('notice.register.mine', { org: m.orgName, date: formatDate(locale, m.at) })}
        </Notice>
      ))}
      {page.can.signInToRegister ? (
        <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`} className="btn btn-secondary">
          {t('notice.register.signIn')}
        </Link>
      ) : null}
      {page.can.register ? (
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="register" />
          {page.registrableOrgs.length > 1 ? (
            <SelectField meta={fields.orgId} label={t('notice.register.actAs')} options={page.registrableOrgs.map((o) => ({ value: o.id, label: o.name }))} required />
          ) : (
            <>
              <input type="hidden" name="orgId" value={page.registrableOrgs[0]?.id ?? ''} />
              <p className="acting-org">
                <span className="muted">{t('notice.register.actAs')}：</span>
                <strong>{page.registrableOrgs[0]?.name}</strong>
              </p>
            </>
          )}
          <button type="submit" className="btn btn-primary">
            {t('notice.register.submit')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}

function ObjectionForm({ signedIn, actionData }: { signedIn: boolean; actionData: ActionData }) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'objection',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ObjectionSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ObjectionSchema }),
  })
  return (
    <Form method="post" className="form objection-form" {...getFormProps(form)}>
      <h3>{t('notice.objections.formTitle')}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="object" />
      {signedIn ? null : (
        <>
          <TextField meta={fields.name} label={t('notice.objections.name')} required />
          <TextField meta={fields.contact} label={t('notice.objections.contact')} hint={t('notice.objections.contactHint')} required />
        </>
      )}
      <TextAreaField meta={fields.grounds} label={t('notice.objections.grounds')} hint={t('notice.objections.groundsHint')} rows={4} required />
      <div className="form-actions">
        <button type="submit" className="btn btn-secondary">
          {t('notice.objections.submit')}
        </button>
      </div>
    </Form>
  )
}

function AnswerForm({ objectionId, actionData }: { objectionId: string; actionData: ActionData }) {
  const t = useT()
  const mine = actionData?.result.initialValue?.objectionId === objectionId ? actionData : undefined
  const [form, fields] = useForm({
    id: `answer-${objectionId}`,
    lastResult: mine?.result,
    constraint: getZodConstraint(AnswerSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AnswerSchema }),
  })
  return (
    <Form method="post" className="form answer-form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="objectionId" value={objectionId} />
      <TextAreaField meta={fields.answer} label={t('notice.objections.answerLabel')} rows={3} required />
      <button type="submit" className="btn btn-primary">
        {t('notice.objections.answerSubmit')}
      </button>
    </Form>
  )
}

function ManageCard({ page, actionData }: { page: Page; actionData: ActionData }) {
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useForm({
    id: 'procedure',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ProcedureSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProcedureSchema }),
    defaultValue: { procedure: 'negotiation' },
  })
  const n = page.notice
  return (
    <section className="card" aria-labelledby="manage-h">
      <h2 id="manage-h">{t('notice.manage.title')}</h2>
      <h3 className="small">{t('notice.manage.registrations')}</h3>
      {page.registrations.length === 0 ? (
        <p className="muted small">{t('notice.manage.noRegistrations')}</p>
      ) : (
        <ul className="small">
          {page.registrations.map((r) => (
            <li key={`${r.orgName}-${String(r.at)}`}>{t('notice.manage.registration', { org: r.orgName, user: r.userName, date: formatDate(locale, r.at) })}</li>
          ))}
        </ul>
      )}
      {n.status === 'notice' && !page.periodOver ? <p className="small muted">{t('notice.manage.beforeEnd')}</p> : null}
      {page.can.conclude ? (
        <>
          <p className="small">{t('notice.manage.concludeLead')}</p>
          {page.unanswered > 0 ? <Notice kind="warning">{t('notice.manage.unanswered', { n: page.unanswered })}</Notice> : null}
          <Form method="post">
            <input type="hidden" name="intent" value="conclude" />
            <button type="submit" className="btn btn-primary">
              {t('notice.manage.conclude')}
            </button>
          </Form>
        </>
      ) : null}
      {page.can.chooseProcedure ? (
        <Form method="post" className="form" {...getFormProps(form)}>
          <h3>{t('notice.manage.procedureTitle')}</h3>
          <p className="small">{t('notice.manage.procedureLead', { n: page.registrationCount })}</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="procedure" />
          <SelectField
            meta={fields.procedure}
            label={t('notice.manage.procedure')}
            options={(['negotiation', 'auction'] as const).map((p) => ({ value: p, label: t(`notice.procedure.${p}`) }))}
            required
          />
          <button type="submit" className="btn btn-primary">
            {t('notice.manage.procedureSubmit')}
          </button>
        </Form>
      ) : null}
      {page.can.withdraw ? (
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" className="btn btn-ghost">
            {t('notice.manage.withdraw')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
