import type { SubmissionResult } from '@conform-to/react'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { FieldErrors, Notice, SelectField, TextAreaField, TextField } from '~/components/forms'
import { IntentForm, type IntentFormProps } from '~/components/intent-form'
import { PageHeader } from '~/components/layout'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attemptIntent } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'
import { registrationPage } from '../../server/registrations/pages'
import {
  AmountSchema,
  ChangeSchema,
  CorrectionSchema,
  ExpertSchema,
  ReclassifySchema,
  RefuseSchema,
  RegisterSchema,
  ResubmitSchema,
  TerminateSchema,
} from '../../server/registrations/schemas'
import {
  changeRegistration,
  correctTechnologyAmount,
  markExpertReview,
  reclassifyRegistration,
  refuseRegistration,
  registerContract,
  requestCorrection,
  resubmitRegistration,
  terminateRegistration,
} from '../../server/registrations/service'

// /registrations/:id — one registration: facts, deadline, history, and the
// registrar's actions as forms (补正, expert review, reclassify, correct the
// 技术交易额, register, refuse, 变更, 注销); the seller's resubmission after a
// correction. Parties and the registrar read it; anyone else gets 404.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'registration.detail.title')

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => registrationPage(context.services.db, principal, params.id ?? ''))
}

const SCHEMAS = {
  correction: CorrectionSchema,
  resubmit: ResubmitSchema,
  expert: ExpertSchema,
  reclassify: ReclassifySchema,
  amount: AmountSchema,
  register: RegisterSchema,
  refuse: RefuseSchema,
  change: ChangeSchema,
  terminate: TerminateSchema,
} as const
type Intent = keyof typeof SCHEMAS

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const id = params.id ?? ''
  const meta = requestMeta(context)
  const formData = await request.formData()
  const r = await attemptIntent(formData, SCHEMAS, (intent, v): Promise<unknown> => {
    switch (intent) {
      case 'correction':
        return requestCorrection(db, principal, id, v.note, meta)
      case 'resubmit':
        return resubmitRegistration(db, principal, id, v.note || null, meta)
      case 'expert':
        return markExpertReview(db, principal, id, v.note || null, meta)
      case 'reclassify':
        return reclassifyRegistration(db, principal, id, v.contractType, v.reason, meta)
      case 'amount':
        return correctTechnologyAmount(db, principal, id, v.technologyAmount, v.reason, meta)
      case 'register':
        return registerContract(db, principal, id, meta)
      case 'refuse':
        return refuseRegistration(db, principal, id, v.grounds, v.note || null, meta)
      case 'change':
        return changeRegistration(db, principal, id, { contractType: v.contractType, contractAmountFen: v.contractAmount, technologyAmountFen: v.technologyAmount, termEnd: v.termEnd }, v.reason, meta)
      case 'terminate':
        return terminateRegistration(db, principal, id, v.reason, meta)
    }
  })
  return r.ok ? redirect(`/registrations/${id}?done=${r.intent}`) : r.response
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

function eventText(t: ReturnType<typeof useT>, e: { kind: string; params: Record<string, unknown> }) {
  const p = Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, typeof v === 'string' || typeof v === 'number' ? v : '']))
  return t(`registration.event.${e.kind}` as MessageKey, p)
}

export default function RegistrationPage() {
  const { reg, parties, events, actions, role, types, grounds } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const done = new URLSearchParams(location.search).get('done')
  const replyTo = (actionData?.result.initialValue?.intent as string | undefined) ?? null
  const reply = (intent: Intent) => (replyTo === intent ? actionData : undefined)
  const typeOptions = types.map((c) => ({ value: c, label: t(`registration.type.${c}` as MessageKey) }))
  const isRegistrar = role === 'registrar'
  return (
    <div className="container medium">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/registrations">{t('registration.list.title')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{reg.title}</span>
      </nav>
      <PageHeader title={t('registration.detail.title')} lead={reg.title} />
      {done ? <Notice kind="success">{t('registration.form.done')}</Notice> : null}
      {reg.status === 'terminated' ? <Notice kind="warning">{t('registration.detail.terminatedNote')}</Notice> : reg.changed ? <Notice kind="info">{t('registration.detail.changedNote')}</Notice> : null}
      <section className="card" aria-labelledby="reg-facts-h">
        <h2 id="reg-facts-h">{t('registration.detail.facts')}</h2>
        <dl className="facts" data-testid="registration-facts">
          <dt>{t('registration.list.filter')}</dt>
          <dd>
            <span className={`badge badge-${reg.status}`}>{t(`registration.status.${reg.status}` as MessageKey)}</span>{' '}
            {reg.overdue ? <span className="badge badge-danger">{t('registration.list.overdue')}</span> : null}
          </dd>
          {reg.number ? (
            <>
              <dt>{t('registration.list.number')}</dt>
              <dd>{reg.number}</dd>
              <dt>{t('registration.detail.registeredAt')}</dt>
              <dd>{reg.registeredAt}</dd>
            </>
          ) : null}
          <dt>{t('registration.list.registrar')}</dt>
          <dd>{reg.registrar}</dd>
          <dt>{t('registration.detail.type')}</dt>
          <dd>{t(`registration.type.${reg.contractType}` as MessageKey)}</dd>
          {reg.originalType !== reg.contractType ? (
            <>
              <dt>{t('registration.detail.originalType')}</dt>
              <dd>{t(`registration.type.${reg.originalType}` as MessageKey)}</dd>
            </>
          ) : null}
          <dt>{t('registration.detail.contractAmount')}</dt>
          <dd>{formatFen(reg.contractAmountFen, locale)}</dd>
          <dt>{t('registration.detail.technologyAmount')}</dt>
          <dd>{formatFen(reg.technologyAmountFen, locale)}</dd>
          <dt>{t('registration.detail.submittedAt')}</dt>
          <dd>{formatDateTime(locale, reg.submittedAt)}</dd>
          {reg.daysLeft !== null ? (
            <>
              <dt>{t('registration.detail.deadline')}</dt>
              <dd>
                {formatDateTime(locale, reg.deadlineAt)} · {t('registration.list.daysLeft', { n: reg.daysLeft })}
                {reg.expertReview ? ` · ${t('registration.detail.expert')}` : ''}
              </dd>
            </>
          ) : null}
          {reg.refusalGrounds.length ? (
            <>
              <dt>{t('registration.detail.grounds')}</dt>
              <dd>
                <ul>
                  {reg.refusalGrounds.map((g) => (
                    <li key={g}>{t(`registration.ground.${g}` as MessageKey)}</li>
                  ))}
                </ul>
                {reg.refusalNote ? <p>{reg.refusalNote}</p> : null}
              </dd>
            </>
          ) : null}
          {parties.map((p) => (
            <div key={p.side + p.name} className="fact-row">
              <dt>{t(p.side === 'seller' ? 'registration.detail.seller' : 'registration.detail.buyer')}</dt>
              <dd>
                {p.name} <span className="muted small">{p.creditCode}</span>
              </dd>
            </div>
          ))}
        </dl>
        {actions.certificate ? (
          <p>
            <a href={`/registrations/${reg.id}/certificate.pdf`} className="btn" download>
              {t('registration.detail.certificate')}
            </a>
          </p>
        ) : null}
      </section>

      {isRegistrar || actions.resubmit ? (
        <section className="card" aria-labelledby="reg-actions-h">
          <h2 id="reg-actions-h">{t('registration.detail.actions')}</h2>
          {actions.resubmit ? (
            <ActionForm intent="resubmit" title={t('registration.form.resubmit')} reply={reply('resubmit')} defaults={{ note: '' }}>
              {(f) => <TextAreaField meta={f.note} label={t('registration.form.note')} rows={2} />}
            </ActionForm>
          ) : null}
          {actions.register ? <ActionForm intent="register" title={t('registration.form.register')} reply={reply('register')} defaults={{}} primary /> : null}
          {actions.correction ? (
            <ActionForm intent="correction" title={t('registration.form.correction')} reply={reply('correction')} defaults={{ note: '' }}>
              {(f) => <TextAreaField meta={f.note} label={t('registration.form.correctionNote')} rows={3} required />}
            </ActionForm>
          ) : null}
          {actions.expert ? (
            <ActionForm intent="expert" title={t('registration.form.expert')} reply={reply('expert')} defaults={{ note: '' }}>
              {(f) => <TextField meta={f.note} label={t('registration.form.note')} />}
            </ActionForm>
          ) : null}
          {actions.reclassify ? (
            <ActionForm intent="reclassify" title={t('registration.form.reclassify')} reply={reply('reclassify')} defaults={{ contractType: reg.contractType, reason: '' }}>
              {(f) => (
                <>
                  <SelectField meta={f.contractType} label={t('registration.form.newType')} options={typeOptions} required />
                  <TextAreaField meta={f.reason} label={t('registration.form.reason')} rows={2} required />
                </>
              )}
            </ActionForm>
          ) : null}
          {actions.amount ? (
            <ActionForm intent="amount" title={t('registration.form.amount')} reply={reply('amount')} defaults={{ technologyAmount: '', reason: '' }}>
              {(f) => (
                <>
                  <TextField meta={f.technologyAmount} label={t('registration.form.amountWan')} inputMode="text" required />
                  <TextAreaField meta={f.reason} label={t('registration.form.reason')} rows={2} required />
                </>
              )}
            </ActionForm>
          ) : null}
          {actions.refuse ? (
            <ActionForm intent="refuse" title={t('registration.form.refuse')} reply={reply('refuse')} defaults={{ note: '' }} danger>
              {(f) => (
                <>
                  <fieldset className="field" aria-describedby={f.grounds.errors?.length ? f.grounds.errorId : undefined}>
                    <legend>{t('registration.form.grounds')}</legend>
                    {grounds.map((g) => (
                      <div key={g} className="field-check">
                        <input type="checkbox" id={`ground-${g}`} name="grounds" value={g} defaultChecked={((f.grounds.initialValue as string[] | string | undefined) ?? []).includes(g)} />
                        <label htmlFor={`ground-${g}`}>{t(`registration.ground.${g}` as MessageKey)}</label>
                      </div>
                    ))}
                    <FieldErrors id={f.grounds.errorId} errors={f.grounds.errors} />
                  </fieldset>
                  <TextAreaField meta={f.note} label={t('registration.form.note')} rows={2} />
                </>
              )}
            </ActionForm>
          ) : null}
          {actions.change ? (
            <ActionForm intent="change" title={t('registration.form.change')} reply={reply('change')} defaults={{ contractType: '', contractAmount: '', technologyAmount: '', termEnd: '', reason: '' }}>
              {(f) => (
                <>
                  <SelectField meta={f.contractType} label={t('registration.form.changeType')} options={typeOptions} placeholder={t('registration.form.keep')} />
                  <TextField meta={f.contractAmount} label={t('registration.form.changeContractAmount')} />
                  <TextField meta={f.technologyAmount} label={t('registration.form.changeTechnologyAmount')} />
                  <TextField meta={f.termEnd} label={t('registration.form.changeTermEnd')} />
                  <TextAreaField meta={f.reason} label={t('registration.form.reason')} rows={2} required />
                </>
              )}
            </ActionForm>
          ) : null}
          {actions.terminate ? (
            <ActionForm intent="terminate" title={t('registration.form.terminate')} reply={reply('terminate')} defaults={{ reason: '' }} danger>
              {(f) => <TextAreaField meta={f.reason} label={t('registration.form.reason')} rows={2} required />}
            </ActionForm>
          ) : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="reg-history-h">
        <h2 id="reg-history-h">{t('registration.detail.history')}</h2>
        <ol className="timeline" data-testid="registration-history">
          {events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{formatDateTime(locale, e.at)}</time> · {eventText(t, e)}
              {e.actor ? <span className="muted small"> · {e.actor}</span> : null}
              {e.note ? <p className="small">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  )
}

function ActionForm(p: IntentFormProps<Intent>) {
  return <IntentForm scope="registration" schemas={SCHEMAS} className="form registration-action" {...p} />
}
