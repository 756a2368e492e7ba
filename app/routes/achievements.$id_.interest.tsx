import { getFormProps, useForm, type FieldMetadata, type FormMetadata, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { OpenDealButton } from '~/components/deal-bits'
import { openedRooms } from '../../server/deals/entry'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { BackToAchievement } from '~/components/engagement-bits'
import { FormErrors, Notice, SelectField, TextAreaField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import type { MessageKey } from '../../server/i18n/catalog'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { CONTACT_PREFERENCES, InterestSchema, PassSchema } from '../../server/engagement/schemas'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { DECLINE_REASONS } from '../../server/listings/schemas'
import { pageTitle } from '~/utils/meta'
import { interestPage, passOnAchievement, registerInterest } from '../../server/engagement/interests'

// /achievements/:id/interest — for enterprises: register interest with a
// contact preference and a note, or pass on the achievement with a
// structured reason so its owner learns why it did not fit.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, 'engagement.interest.pageTitle', { title: data?.page.achievement.title ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const page = await orErrorPage(() => interestPage(context.services.db, principal, params.id ?? ''))
  const accepted = (page.mine ?? []).filter((m) => m.status === 'accepted' && !m.passed).map((m) => m.id)
  return { page, rooms: await openedRooms(context.services.db, 'interest', accepted) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const formData = await request.formData()
  const id = params.id ?? ''
  const db = context.services.db
  if (formData.get('intent') === 'pass') {
    const submission = parseWithZod(formData, { schema: PassSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => passOnAchievement(db, principal, id, submission.value, requestMeta(context)))
    if (!r.ok) return r.response
    return redirect(`/achievements/${id}/interest?done=passed`)
  }
  const submission = parseWithZod(formData, { schema: InterestSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => registerInterest(db, principal, id, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/achievements/${id}/interest?done=registered`)
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function InterestPage() {
  const t = useT()
  const locale = useLocale()
  const { page, rooms } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const [params] = useSearchParams()
  const a = page.achievement
  const done = params.get('done')
  // Both forms post here; the reply says which one by the intent it kept.
  const passReply = actionData?.result.initialValue?.intent === 'pass'
  return (
    <div className="container engagement">
      <BackToAchievement id={a.id} />
      <PageHeader title={t('engagement.interest.title')} lead={t('engagement.interest.lead', { title: a.title, org: a.orgName })} />
      {done === 'registered' ? <Notice kind="success">{t('engagement.interest.registered')}</Notice> : null}
      {done === 'passed' ? <Notice kind="success">{t('engagement.interest.passed')}</Notice> : null}
      {page.state === 'own' ? (
        <section className="card">
          <h2>{t('engagement.interest.ownTitle')}</h2>
          <p>{t('engagement.interest.ownBody')}</p>
          {page.canDecide ? (
            <Link className="btn btn-primary" to={`/achievements/${a.id}/access#interests`}>
              {t('engagement.details.toAccess')}
            </Link>
          ) : null}
        </section>
      ) : (
        <>
          {page.mine.map((m) => {
            const contact = t(`engagement.contact.${m.contactPreference}`)
            const reason = m.reason ? t(`decline.${m.reason}` as MessageKey) : ''
            const date = formatDate(locale, m.decidedAt ?? m.createdAt)
            if (m.passed) return <Notice key={m.id} kind="info">{t('engagement.interest.minePassed', { org: m.orgName, date, reason })}</Notice>
            if (m.status === 'open') return <Notice key={m.id} kind="info">{t('engagement.interest.mineOpen', { org: m.orgName, date, contact })}</Notice>
            if (m.status === 'accepted')
              return (
                <Notice key={m.id} kind="success">
                  {t('engagement.interest.mineAccepted', { org: m.orgName, date, contact })} <OpenDealButton from="interest" id={m.id} roomId={rooms[m.id]} />
                </Notice>
              )
            return (
              <Notice key={m.id} kind="warning">
                {t('engagement.interest.mineDeclined', { org: m.orgName, date, reason })}
                {m.reasonNote ? ` ${m.reasonNote}` : ''}
              </Notice>
            )
          })}
          {!a.live ? <Notice kind="warning">{t('engagement.expiredNotice')}</Notice> : null}
          {page.canAct ? (
            <div className="grid grid-2 engagement-forms">
              <RegisterForm orgs={page.orgs} actionData={passReply ? undefined : actionData} />
              <PassForm orgs={page.orgs} actionData={passReply ? actionData : undefined} />
            </div>
          ) : null}
          <p className="muted">
            <Link to={`/achievements/${a.id}/details`}>{t('engagement.interest.detailsLink')}</Link>
          </p>
        </>
      )}
    </div>
  )
}

function OrgChoice({ orgs, meta }: { orgs: { id: string; name: string }[]; meta: any }) {
  const t = useT()
  if (orgs.length > 1) return <SelectField meta={meta} label={t('engagement.actAs')} options={orgs.map((o) => ({ value: o.id, label: o.name }))} required />
  return (
    <>
      <input type="hidden" name={meta.name} value={orgs[0]?.id ?? ''} />
      <p className="acting-org">
        <span className="muted">{t('engagement.actAs')}：</span>
        <strong>{orgs[0]?.name}</strong>
      </p>
    </>
  )
}

/** A card with one of the enterprise's forms: heading, lead, the acting organisation, the caller's fields and the submit button. */
function EngagementFormCard({
  headingId,
  title,
  lead,
  form,
  intent,
  orgs,
  orgMeta,
  submit,
  children,
}: {
  headingId: string
  title: string
  lead: string
  form: FormMetadata<any, string[]>
  intent: 'interest' | 'pass'
  orgs: { id: string; name: string }[]
  orgMeta: FieldMetadata<any>
  submit: { label: string; className: string }
  children: ReactNode
}) {
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p className="muted small">{lead}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value={intent} />
        <OrgChoice orgs={orgs} meta={orgMeta} />
        {children}
        <div className="form-actions">
          <button type="submit" className={submit.className}>
            {submit.label}
          </button>
        </div>
      </Form>
    </section>
  )
}

function RegisterForm({ orgs, actionData }: { orgs: { id: string; name: string }[]; actionData: ActionData }) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'interest',
    lastResult: actionData?.result,
    constraint: getZodConstraint(InterestSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InterestSchema }),
    defaultValue: { orgId: orgs[0]?.id, contactPreference: 'platform' },
  })
  return (
    <EngagementFormCard
      headingId="interest-h"
      title={t('engagement.interest.registerTitle')}
      lead={t('engagement.interest.registerLead')}
      form={form}
      intent="interest"
      orgs={orgs}
      orgMeta={fields.orgId}
      submit={{ label: t('engagement.interest.submit'), className: 'btn btn-primary' }}
    >
      <SelectField
        meta={fields.contactPreference}
        label={t('engagement.interest.contactPreference')}
        options={CONTACT_PREFERENCES.map((c) => ({ value: c, label: t(`engagement.contact.${c}`) }))}
        required
      />
      <TextAreaField meta={fields.note} label={t('engagement.interest.note')} hint={t('engagement.interest.noteHint')} rows={4} />
    </EngagementFormCard>
  )
}

function PassForm({ orgs, actionData }: { orgs: { id: string; name: string }[]; actionData: ActionData }) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'pass',
    lastResult: actionData?.result,
    constraint: getZodConstraint(PassSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PassSchema }),
    defaultValue: { orgId: orgs[0]?.id },
  })
  return (
    <EngagementFormCard
      headingId="pass-h"
      title={t('engagement.interest.passTitle')}
      lead={t('engagement.interest.passLead')}
      form={form}
      intent="pass"
      orgs={orgs}
      orgMeta={fields.orgId}
      submit={{ label: t('engagement.interest.passSubmit'), className: 'btn btn-secondary' }}
    >
      <SelectField
        meta={fields.reason}
        label={t('engagement.interest.reason')}
        placeholder={t('engagement.interest.reasonPlaceholder')}
        options={DECLINE_REASONS.map((r) => ({ value: r, label: t(`decline.${r}`) }))}
        required
      />
      <TextAreaField meta={fields.note} label={t('engagement.interest.reasonNote')} hint={t('engagement.interest.reasonNoteHint')} rows={3} />
    </EngagementFormCard>
  )
}
