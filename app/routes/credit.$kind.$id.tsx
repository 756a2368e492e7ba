import type { SubmissionResult } from '@conform-to/react'
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { Notice, SelectField, TextAreaField, TextField } from '~/components/forms'
import { IntentForm, type IntentFormProps } from '~/components/intent-form'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/credit.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attemptIntent } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { AdjustSchema, ComplaintSchema, DecideSchema, ObjectSchema } from '../../server/credit/schemas'
import { adjustCredit, creditRecord, decideObjection, lodgeCreditObjection, recordComplaint } from '../../server/credit/service'
import type { MessageKey } from '../../server/i18n/catalog'

// /credit/:kind/:id — one credit record (kind org | manager): the score by
// dimension and the level, the events by dimension with their objections, the
// adjustments; a city officer records complaints, adjusts with a reason and
// decides objections; the subject's admins (or the manager) object to an event.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'credit.record.title')

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => creditRecord(context.services.db, principal, params.kind ?? '', params.id ?? ''))
}

const SCHEMAS = { adjust: AdjustSchema, complaint: ComplaintSchema, object: ObjectSchema, decide: DecideSchema } as const
type Intent = keyof typeof SCHEMAS

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const kind = params.kind ?? ''
  const id = params.id ?? ''
  const meta = requestMeta(context)
  const formData = await request.formData()
  const r = await attemptIntent(formData, SCHEMAS, (intent, v): Promise<unknown> => {
    switch (intent) {
      case 'adjust':
        return adjustCredit(db, principal, kind, id, { dimension: v.dimension, points: v.points, reason: v.reason }, meta)
      case 'complaint':
        return recordComplaint(db, principal, kind, id, { note: v.note, evidence: v.evidence }, meta)
      case 'object':
        return lodgeCreditObjection(db, principal, kind, id, { eventId: v.eventId, reason: v.reason }, meta)
      case 'decide':
        return decideObjection(db, principal, kind, id, { objectionId: v.objectionId, decision: v.decision, answer: v.answer }, meta)
    }
  })
  return r.ok ? redirect(`/credit/${kind}/${id}?done=${r.intent}`) : r.response
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function CreditRecordPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const done = new URLSearchParams(location.search).get('done')
  const replyTo = (actionData?.result.initialValue?.intent as string | undefined) ?? null
  const reply = (intent: Intent, key = '') =>
    replyTo === intent && (actionData?.result.initialValue?.eventId ?? actionData?.result.initialValue?.objectionId ?? '') === key ? actionData : undefined
  const s = d.subject
  const dimName = (k: string) => t(`credit.dimension.${k}` as MessageKey)
  const dimOptions = d.dimensions.map((x) => ({ value: x.key, label: dimName(x.key) }))
  const pendingObjection = (e: (typeof d.events)[number]) => e.objections.find((o) => o.status === 'pending')
  return (
    <div className="container medium">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/credit">{t('credit.list.title')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{s.name}</span>
      </nav>
      <PageHeader
        title={t('credit.record.title')}
        lead={`${s.name} · ${t(s.kind === 'manager' ? 'credit.kind.manager' : (`credit.orgType.${s.orgType}` as MessageKey))}`}
      />
      {done ? <Notice kind="success">{t('credit.form.done')}</Notice> : null}
      {s.kind === 'org' ? (
        <p>
          <Link to={`/o/${s.id}`}>{t('credit.record.profile')}</Link>
        </p>
      ) : null}
      <section className="card" aria-labelledby="cr-score-h">
        <h2 id="cr-score-h">{t('credit.record.score')}</h2>
        <p className="credit-total" data-testid="credit-score">
          {t('credit.record.total', { total: d.score.total })}{' '}
          <span className={`badge badge-credit-${d.score.level}`} data-testid="credit-level">
            {t(`credit.level.${d.score.level}` as MessageKey)}
          </span>
        </p>
        <p className="muted small">{t('credit.record.levels', { a: d.levels.A, b: d.levels.B, c: d.levels.C })}</p>
        <ul className="credit-dimensions">
          {d.score.dimensions.map((x) => (
            <li key={x.key} className="credit-dimension" data-testid={`credit-dimension-${x.key}`}>
              <span id={`dim-${x.key}`}>{dimName(x.key)}</span>
              <meter min={0} max={x.max} value={x.score} aria-labelledby={`dim-${x.key}`} />
              <span>
                {x.score} / {x.max}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="cr-events-h">
        <h2 id="cr-events-h">{t('credit.record.events')}</h2>
        {d.events.length === 0 ? <p className="muted">{t('credit.record.noEvents')}</p> : null}
        {d.dimensions
          .filter((x) => d.events.some((e) => e.dimension === x.key))
          .map((x) => (
            <div key={x.key}>
              <h3>{dimName(x.key)}</h3>
              <ol className="timeline" data-testid={`credit-events-${x.key}`}>
                {d.events
                  .filter((e) => e.dimension === x.key)
                  .map((e) => (
                    <li key={e.id} data-testid="credit-event">
                      <span className={e.cancelled ? 'credit-event-cancelled' : ''}>
                        <time dateTime={e.at}>{formatDateTime(locale, e.at)}</time> · {t(`credit.event.${e.kind}` as MessageKey)}{' '}
                        <span className={e.points >= 0 ? 'credit-points-plus' : 'credit-points-minus'}>{e.points > 0 ? `+${e.points}` : e.points}</span>
                        {e.note ? <span className="muted small"> · {e.note}</span> : null}
                      </span>
                      {e.cancelled ? <span className="badge badge-muted"> {t('credit.record.cancelled')}</span> : null}
                      {e.evidence ? <p className="small">{t('credit.record.evidence', { evidence: e.evidence })}</p> : null}
                      {e.objections.map((o) => (
                        <div key={o.id} className="small" data-testid="credit-objection">
                          <span className={`badge badge-${o.status === 'upheld' ? 'verified' : o.status === 'rejected' ? 'rejected' : 'pending'}`}>
                            {t(`credit.objection.${o.status}` as MessageKey)}
                          </span>{' '}
                          {t('credit.record.objectionBy', { name: o.by })}：{o.reason}
                          {o.answer ? <div className="muted">{t('credit.record.answer', { answer: o.answer })}</div> : null}
                          {d.actions.decide && o.status === 'pending' ? (
                            <ActionForm
                              intent="decide"
                              title={t('credit.form.decide')}
                              reply={reply('decide', o.id)}
                              defaults={{ objectionId: o.id, decision: '', answer: '' }}
                              hidden={{ objectionId: o.id }}
                            >
                              {(f) => (
                                <>
                                  <SelectField
                                    meta={f.decision}
                                    label={t('credit.form.decision')}
                                    options={[
                                      { value: 'upheld', label: t('credit.objection.upheld') },
                                      { value: 'rejected', label: t('credit.objection.rejected') },
                                    ]}
                                    placeholder={t('credit.form.choose')}
                                    required
                                  />
                                  <TextAreaField meta={f.answer} label={t('credit.form.answer')} rows={2} required />
                                </>
                              )}
                            </ActionForm>
                          ) : null}
                        </div>
                      ))}
                      {d.actions.object && !e.cancelled && !pendingObjection(e) ? (
                        <details>
                          <summary>{t('credit.form.object')}</summary>
                          <ActionForm
                            intent="object"
                            title={t('credit.form.object')}
                            reply={reply('object', e.id)}
                            defaults={{ eventId: e.id, reason: '' }}
                            hidden={{ eventId: e.id }}
                          >
                            {(f) => <TextAreaField meta={f.reason} label={t('credit.form.objectReason')} rows={2} required />}
                          </ActionForm>
                        </details>
                      ) : null}
                    </li>
                  ))}
              </ol>
            </div>
          ))}
      </section>

      <section className="card" aria-labelledby="cr-adj-h">
        <h2 id="cr-adj-h">{t('credit.record.adjustments')}</h2>
        {d.adjustments.length ? (
          <ol className="timeline" data-testid="credit-adjustments">
            {d.adjustments.map((a) => (
              <li key={a.id}>
                <time dateTime={a.at}>{formatDateTime(locale, a.at)}</time> · {dimName(a.dimension)}{' '}
                <span className={a.points >= 0 ? 'credit-points-plus' : 'credit-points-minus'}>{a.points > 0 ? `+${a.points}` : a.points}</span> · {a.reason}
                <span className="muted small"> · {a.by}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t('credit.record.noAdjustments')}</p>
        )}
        {d.actions.adjust ? (
          <ActionForm intent="adjust" title={t('credit.form.adjust')} reply={reply('adjust')} defaults={{ dimension: '', points: '', reason: '' }}>
            {(f) => (
              <>
                <SelectField meta={f.dimension} label={t('credit.form.dimension')} options={dimOptions} placeholder={t('credit.form.choose')} required />
                <TextField meta={f.points} label={t('credit.form.points')} required />
                <TextAreaField meta={f.reason} label={t('credit.form.reason')} rows={2} required />
              </>
            )}
          </ActionForm>
        ) : null}
        {d.actions.complaint ? (
          <ActionForm intent="complaint" title={t('credit.form.complaint')} reply={reply('complaint')} defaults={{ note: '', evidence: '' }}>
            {(f) => (
              <>
                <TextAreaField meta={f.note} label={t('credit.form.complaintNote')} rows={2} required />
                <TextAreaField meta={f.evidence} label={t('credit.form.evidence')} rows={2} required />
              </>
            )}
          </ActionForm>
        ) : null}
      </section>
    </div>
  )
}

function ActionForm(p: IntentFormProps<Intent>) {
  return <IntentForm scope="credit" schemas={SCHEMAS} heading="h4" {...p} />
}
