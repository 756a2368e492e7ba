import type { SubmissionResult } from '@conform-to/react'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type LinksFunction, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { Notice, TextAreaField, TextField } from '~/components/forms'
import { IntentForm, type IntentFormProps } from '~/components/intent-form'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/credit.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attemptIntent } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen, fenToWan } from '../../server/platform/money'
import { AssignSchema, CloseSchema, ScoreSchema, SelfAssessmentSchema } from '../../server/evaluations/schemas'
import { assignExpert, closeEvaluation, evaluationPage, scoreEvaluation, submitSelfAssessment } from '../../server/evaluations/service'

// /evaluations/:id — one evaluation, role-aware: the enterprise's
// self-assessment form, the expert's scoring form, the officer's actions
// (assign an expert by e-mail, close with the weighted result), and the
// report PDF once closed. Officers of the county, the enterprise, the
// assigned experts and platform admins read it; anyone else gets 404.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'evaluation.detail.title')

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => evaluationPage(context.services.db, principal, params.id ?? ''))
}

const SCHEMAS = { self: SelfAssessmentSchema, assign: AssignSchema, score: ScoreSchema, close: CloseSchema } as const
type Intent = keyof typeof SCHEMAS

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const id = params.id ?? ''
  const meta = requestMeta(context)
  const formData = await request.formData()
  const r = await attemptIntent(formData, SCHEMAS, (intent, v): Promise<unknown> => {
    switch (intent) {
      case 'self':
        return submitSelfAssessment(
          db,
          principal,
          id,
          { applied: v.applied, investmentFen: v.investment, outputFen: v.output, jobs: v.jobs, problems: v.problems },
          meta
        )
      case 'assign':
        return assignExpert(db, principal, id, v.email, meta)
      case 'score': {
        const scores = Object.fromEntries(
          Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => (k.startsWith('score_') && typeof x === 'number' ? [[k.slice(6), x]] : []))
        )
        return scoreEvaluation(db, principal, id, { scores, comment: v.comment }, meta)
      }
      case 'close':
        return closeEvaluation(db, principal, id, meta)
    }
  })
  return r.ok ? redirect(`/evaluations/${id}?done=${r.intent}`) : r.response
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function EvaluationPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const done = new URLSearchParams(location.search).get('done')
  const replyTo = (actionData?.result.initialValue?.intent as string | undefined) ?? null
  const reply = (intent: Intent) => (replyTo === intent ? actionData : undefined)
  const { ev, project, actions } = d
  const sa = ev.selfAssessment
  const money = (fen: number | null) => (fen === null ? '—' : formatFen(fen, locale))
  return (
    <div className="container medium">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/evaluations">{t('evaluation.list.title')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{project.title}</span>
      </nav>
      <PageHeader title={t('evaluation.detail.title')} lead={project.title} />
      {done ? <Notice kind="success">{t('evaluation.form.done')}</Notice> : null}
      <section className="card" aria-labelledby="ev-facts-h">
        <h2 id="ev-facts-h">{t('evaluation.detail.facts')}</h2>
        <dl className="facts" data-testid="evaluation-facts">
          <dt>{t('evaluation.field.status')}</dt>
          <dd>
            <span className={`badge badge-evaluation-${ev.status}`} data-testid="evaluation-status">
              {t(`evaluation.status.${ev.status}` as MessageKey)}
            </span>
          </dd>
          {ev.result ? (
            <>
              <dt>{t('evaluation.field.result')}</dt>
              <dd data-testid="evaluation-result">
                <span className={`badge badge-result-${ev.result}`}>{t(`evaluation.result.${ev.result}` as MessageKey)}</span>{' '}
                {t('evaluation.detail.score', { score: ev.score?.toFixed(2) ?? '' })}
              </dd>
            </>
          ) : null}
          <dt>{t('evaluation.field.project')}</dt>
          <dd>
            <Link to={`/projects/${project.id}`}>{project.title}</Link>
          </dd>
          <dt>{t('evaluation.field.number')}</dt>
          <dd className="mono">{project.number ?? '—'}</dd>
          <dt>{t('evaluation.field.enterprise')}</dt>
          <dd>{project.enterprise}</dd>
          <dt>{t('evaluation.field.institution')}</dt>
          <dd>{project.institution || '—'}</dd>
          <dt>{t('evaluation.field.registeredOn')}</dt>
          <dd>{project.registeredOn}</dd>
          <dt>{t('evaluation.field.technologyAmount')}</dt>
          <dd>{money(project.technologyAmountFen)}</dd>
          <dt>{t('evaluation.field.projected')}</dt>
          <dd>
            {t('evaluation.field.investment')} {money(project.projectedInvestmentFen)} · {t('evaluation.field.output')} {money(project.projectedOutputFen)}
          </dd>
          <dt>{t('evaluation.field.openedAt')}</dt>
          <dd>{formatDateTime(locale, ev.openedAt)}</dd>
        </dl>
        {actions.report ? (
          <p>
            <a href={`/evaluations/${ev.id}/report.pdf`} className="btn" data-testid="evaluation-report">
              {t('evaluation.detail.report')}
            </a>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="ev-self-h">
        <h2 id="ev-self-h">{t('evaluation.detail.selfAssessment')}</h2>
        {sa ? (
          <dl className="facts" data-testid="evaluation-self">
            <dt>{t('evaluation.field.applied')}</dt>
            <dd className="prewrap">{sa.applied}</dd>
            <dt>{t('evaluation.field.investment')}</dt>
            <dd>{money(sa.investmentFen)}</dd>
            <dt>{t('evaluation.field.output')}</dt>
            <dd>{money(sa.outputFen)}</dd>
            <dt>{t('evaluation.field.jobs')}</dt>
            <dd>{sa.jobs}</dd>
            <dt>{t('evaluation.field.problems')}</dt>
            <dd className="prewrap">{sa.problems || '—'}</dd>
            <dt>{t('evaluation.field.submittedAt')}</dt>
            <dd>{formatDateTime(locale, sa.submittedAt)}</dd>
          </dl>
        ) : (
          <p className="muted">{t('evaluation.detail.noSelfAssessment')}</p>
        )}
        {actions.selfAssess ? (
          <ActionForm
            intent="self"
            title={t(sa ? 'evaluation.form.reviseSelf' : 'evaluation.form.submitSelf')}
            reply={reply('self')}
            primary
            defaults={{
              applied: sa?.applied ?? '',
              investment: sa ? String(fenToWan(sa.investmentFen)) : '',
              output: sa ? String(fenToWan(sa.outputFen)) : '',
              jobs: sa ? String(sa.jobs) : '',
              problems: sa?.problems ?? '',
            }}
          >
            {(f) => (
              <>
                <TextAreaField meta={f.applied} label={t('evaluation.field.applied')} rows={4} required />
                <TextField meta={f.investment} label={t('evaluation.field.investmentWan')} required />
                <TextField meta={f.output} label={t('evaluation.field.outputWan')} required />
                <TextField meta={f.jobs} label={t('evaluation.field.jobs')} required />
                <TextAreaField meta={f.problems} label={t('evaluation.field.problems')} rows={3} />
              </>
            )}
          </ActionForm>
        ) : null}
      </section>

      <section className="card" aria-labelledby="ev-experts-h">
        <h2 id="ev-experts-h">{t('evaluation.detail.experts')}</h2>
        <p className="muted small">
          {d.indicators.map((i) => `${t(`evaluation.indicator.${i.key}` as MessageKey)} ${i.weight}`).join(' · ')} ·{' '}
          {t('evaluation.detail.thresholds', d.thresholds)}
        </p>
        {d.experts.length ? (
          <div className="table-wrap">
            <table className="table" data-testid="evaluation-experts">
              <thead>
                <tr>
                  <th scope="col">{t('evaluation.field.expert')}</th>
                  {d.indicators.map((i) => (
                    <th scope="col" key={i.key}>
                      {t(`evaluation.indicator.${i.key}` as MessageKey)}
                    </th>
                  ))}
                  <th scope="col">{t('evaluation.field.status')}</th>
                </tr>
              </thead>
              <tbody>
                {d.experts.map((x) => (
                  <tr key={x.userId}>
                    <td>
                      {x.name} {x.email ? <span className="muted small">{x.email}</span> : null}
                      {x.comment ? <div className="small">{x.comment}</div> : null}
                    </td>
                    {d.indicators.map((i) => (
                      <td key={i.key} data-label={t(`evaluation.indicator.${i.key}` as MessageKey)}>
                        {x.scores?.[i.key] ?? '—'}
                      </td>
                    ))}
                    <td data-label={t('evaluation.field.status')}>
                      <span className={`badge ${x.scored ? 'badge-success' : 'badge-muted'}`}>
                        {t(x.scored ? 'evaluation.detail.scored' : 'evaluation.detail.notScored')}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('evaluation.detail.noExperts')}</p>
        )}
        {actions.assign ? (
          <ActionForm intent="assign" title={t('evaluation.form.assign')} reply={reply('assign')} defaults={{ email: '' }}>
            {(f) => <TextField meta={f.email} label={t('evaluation.form.expertEmail')} type="email" required />}
          </ActionForm>
        ) : null}
        {actions.score ? (
          <ActionForm
            intent="score"
            title={t('evaluation.form.score')}
            reply={reply('score')}
            primary
            defaults={{
              ...Object.fromEntries(
                d.indicators.map((i) => [`score_${i.key}`, d.myScores?.scores?.[i.key] !== undefined ? String(d.myScores.scores[i.key]) : ''])
              ),
              comment: d.myScores?.comment ?? '',
            }}
          >
            {(f) => (
              <>
                {d.indicators.map((i) => (
                  <TextField
                    key={i.key}
                    meta={f[`score_${i.key}`]}
                    label={t('evaluation.form.scoreOf', { name: t(`evaluation.indicator.${i.key}` as MessageKey), weight: i.weight })}
                    required
                  />
                ))}
                <TextAreaField meta={f.comment} label={t('evaluation.form.comment')} rows={2} />
              </>
            )}
          </ActionForm>
        ) : null}
        {actions.close ? <ActionForm intent="close" title={t('evaluation.form.close')} reply={reply('close')} defaults={{}} primary /> : null}
      </section>
    </div>
  )
}

function ActionForm(p: IntentFormProps<Intent>) {
  return <IntentForm scope="evaluation" schemas={SCHEMAS} {...p} />
}
