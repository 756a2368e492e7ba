import { requireDealAccess } from '~/utils/deals.server'
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FieldErrors, FormErrors, Notice, TextAreaField } from '~/components/forms'
import { requestMeta } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, translateError, useLocale, useT } from '~/utils/i18n'
import type { z } from 'zod'
import type { MessageKey } from '../../server/i18n/catalog'
import { AdvanceStageSchema, CloseDealSchema, MAX_CLOSE_NOTE_CHARS } from '../../server/deals/schemas'
import { DEAL_CLOSED_REASONS, manualNext, mayCloseFrom } from '../../server/deals/stage-rules'
import { advanceStage, closeDealLost, timeline } from '../../server/deals/stages'

// /deals/:id/timeline — the stage history (who, when, why) and the stage
// actions: the next manual step, or closing the room as 成交失败 with a
// structured reason (server/deals/stages.ts).

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { access } = await requireDealAccess(request, params, context)
  const db = context.services.db
  const stage = access.deal.stage
  return { stage, next: manualNext(stage), mayClose: mayCloseFrom(stage), changes: await timeline(db, access) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { principal, access } = await requireDealAccess(request, params, context)
  const db = context.services.db
  const form = await request.formData()
  const intent = form.get('intent')
  const meta = requestMeta(context)
  if (intent === 'advance') {
    const s = parseWithZod(form, { schema: AdvanceStageSchema })
    if (s.status !== 'success') return data({ intent, result: s.reply() }, { status: 400 })
    const r = await attempt(s, () => advanceStage(db, principal, access.deal.id, s.value.from, meta))
    if (!r.ok) return data({ intent, result: (r.response.data as { result: ReturnType<typeof s.reply> }).result }, r.response.init ?? undefined)
    return redirect(`/deals/${access.deal.id}/timeline?moved=${r.value.to}`)
  }
  if (intent === 'close') {
    const s = parseWithZod(form, { schema: CloseDealSchema })
    if (s.status !== 'success') return data({ intent, result: s.reply() }, { status: 400 })
    const r = await attempt(s, () => closeDealLost(db, principal, access.deal.id, s.value, meta))
    if (!r.ok) return data({ intent, result: (r.response.data as { result: ReturnType<typeof s.reply> }).result }, r.response.init ?? undefined)
    return redirect(`/deals/${access.deal.id}/timeline?closed=1`)
  }
  throw new Response('Bad request', { status: 400 })
}

export default function DealTimeline() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const moved = params.get('moved')
  const advanceErrors = actionData?.intent === 'advance' ? Object.values(actionData.result?.error ?? {}).flatMap((e) => e ?? []) : []
  return (
    <div className="deal-timeline-grid">
      <section className="card" aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t('deals.timeline.title')}</h2>
        {moved ? <Notice kind="success">{t('deals.stageActions.advanced', { stage: t(`deals.stage.${moved}` as MessageKey) })}</Notice> : null}
        {params.get('closed') ? <Notice kind="success">{t('deals.stageActions.closed')}</Notice> : null}
        <ol className="timeline">
          {d.changes.map((c) => (
            <li key={c.id} className={`timeline-item timeline-${c.to}`}>
              <p className="timeline-what">
                {c.from
                  ? t('deals.timeline.moved', { from: t(`deals.stage.${c.from}` as MessageKey), to: t(`deals.stage.${c.to}` as MessageKey) })
                  : t('deals.timeline.opened', { stage: t(`deals.stage.${c.to}` as MessageKey) })}
              </p>
              <p className="muted small">{t('deals.timeline.by', { name: c.actorName ?? t('deals.timeline.system'), date: formatDateTime(locale, c.at) })}</p>
              {c.reason ? <p className="small">{t('deals.timeline.reason', { reason: t(`deals.closed.${c.reason}` as MessageKey) })}</p> : null}
              {c.note ? <blockquote className="match-note">{c.note}</blockquote> : null}
            </li>
          ))}
        </ol>
      </section>
      {d.stage !== 'closed_lost' ? (
        <section className="card stage-actions" aria-labelledby="stage-actions-h">
          <h2 id="stage-actions-h">{t('deals.stageActions.title')}</h2>
          {advanceErrors.length ? <Notice kind="error">{advanceErrors.map((e) => translateError(locale, e)).join(' ')}</Notice> : null}
          {d.next ? (
            <Form method="post">
              <input type="hidden" name="from" value={d.stage} />
              <button type="submit" name="intent" value="advance" className="btn btn-primary">
                {t('deals.stageActions.advance', { stage: t(`deals.stage.${d.next}` as MessageKey) })}
              </button>
            </Form>
          ) : (
            <p className="muted small">{d.stage === 'negotiation' ? t('deals.stageActions.termsFromOffer') : t('deals.stageActions.noNext')}</p>
          )}
          {d.mayClose ? <CloseForm result={actionData?.intent === 'close' ? (actionData.result as SubmissionResult<string[]>) : undefined} /> : null}
        </section>
      ) : null}
    </div>
  )
}

function CloseForm({ result }: { result?: SubmissionResult<string[]> }) {
  const t = useT()
  const [form, fields] = useForm<z.input<typeof CloseDealSchema>, z.output<typeof CloseDealSchema>, string[]>({
    id: 'close-deal',
    lastResult: result,
    constraint: getZodConstraint(CloseDealSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CloseDealSchema }),
  })
  const reason = fields.reason
  return (
    <details className="decline close-deal" open={result ? true : undefined}>
      <summary className="btn btn-secondary">{t('deals.stageActions.close')}</summary>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="field choice-group" data-invalid={reason.errors?.length ? '' : undefined} aria-describedby={reason.errors?.length ? reason.errorId : undefined}>
          <legend>
            {t('deals.stageActions.reason')}
            <span className="req" aria-hidden="true">
              {' '}
              *
            </span>
          </legend>
          <div className="choices">
            {DEAL_CLOSED_REASONS.map((r) => (
              <label key={r} className="choice" htmlFor={`${reason.id}-${r}`}>
                <input type="radio" id={`${reason.id}-${r}`} name={reason.name} value={r} defaultChecked={reason.initialValue === r} required />
                <span>{t(`deals.closed.${r}` as MessageKey)}</span>
              </label>
            ))}
          </div>
          <FieldErrors id={reason.errorId} errors={reason.errors} />
        </fieldset>
        <TextAreaField meta={fields.note} label={t('deals.stageActions.note')} hint={t('deals.stageActions.noteHint', { max: MAX_CLOSE_NOTE_CHARS })} rows={2} />
        <div className="form-actions">
          <button type="submit" name="intent" value="close" className="btn btn-danger">
            {t('deals.stageActions.closeSubmit')}
          </button>
        </div>
      </Form>
    </details>
  )
}
