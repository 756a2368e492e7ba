import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { FormErrors, Notice, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/projects.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, translateError, useLocale, useT } from '~/utils/i18n'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'
import { DecisionSchema } from '../../server/projects/schemas'
import { decideProject, projectDetail } from '../../server/projects/service'

// /projects/:id — one transformation project: its snapshot of the registered
// contract, the standard it met, its quarterly progress against what the
// contract projected (late quarters flagged), and for an officer of its county
// the decision (confirm, or exclude with a reason). The enterprise's members
// get the link to report. Anyone the service does not let see it: 404.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.project.title : '' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => projectDetail(context.services.db, principal, params.id ?? ''))
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const id = params.id ?? ''
  await orErrorPage(() => projectDetail(db, principal, id))
  const submission = parseWithZod(await request.formData(), { schema: DecisionSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => decideProject(db, principal, id, submission.value, requestMeta(context)))
  if (!r.ok) return r.response
  return redirect(`/projects/${id}?done=${submission.value.intent}`)
}

type ActionData = { result: SubmissionResult<string[]> } | undefined
const DONE = ['confirm', 'exclude', 'added', 'reported', 'reportedLate'] as const

export default function ProjectPage() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const d = useLoaderData<typeof loader>()
  const p = d.project
  const done = DONE.find((x) => x === new URLSearchParams(location.search).get('done'))
  const money = (fen: number | null) => (fen === null ? t('project.detail.notProjected') : formatFen(Number(fen), locale))
  const sum = (k: 'investment_fen' | 'output_fen') => d.reports.reduce((s, r) => s + Number(r[k]), 0)
  return (
    <div className="container project-page">
      <p className="small">
        <Link to="/projects">{t('project.detail.back')}</Link>
      </p>
      <PageHeader title={p.title} lead={`${p.enterprise_name} · ${t(`project.source.${p.source}`)}`}>
        <span className="project-badges">
          <span className={`badge badge-project-${p.status}`} data-testid="project-status">
            {t(`project.status.${p.status}`)}
          </span>
          {d.overdue > 0 ? (
            <span className="badge badge-project-late" data-testid="project-overdue">
              {t('project.detail.overdue', { n: d.overdue })}
            </span>
          ) : null}
        </span>
      </PageHeader>
      {done ? <Notice kind="success">{t(`project.detail.done.${done}`)}</Notice> : null}
      <section className="card" aria-labelledby="facts-h">
        <h2 id="facts-h">{t('project.detail.facts')}</h2>
        <dl className="facts">
          {p.registration_number ? (
            <>
              <dt>{t('project.detail.registration')}</dt>
              <dd className="mono">
                {p.registration_number}
                {d.registrationLink ? (
                  <>
                    {' · '}
                    <Link to={d.registrationLink}>{t('project.detail.registrationLink')}</Link>
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
          <dt>{t('project.detail.enterprise')}</dt>
          <dd>{p.enterprise_name}</dd>
          <dt>{t('project.detail.institution')}</dt>
          <dd>{p.institution_name || '—'}</dd>
          <dt>{t('project.detail.county')}</dt>
          <dd data-testid="project-county">{d.divisionName ? (locale === 'en' ? d.divisionName.name_en : d.divisionName.name_zh) : p.division_code}</dd>
          <dt>{t('project.detail.industry')}</dt>
          <dd>{d.industryName ? (locale === 'en' ? d.industryName.name_en : d.industryName.name_zh) : '—'}</dd>
          <dt>{t('project.detail.contractAmount')}</dt>
          <dd className="project-amount">{formatFen(Number(p.contract_amount_fen), locale)}</dd>
          <dt>{t('project.detail.technologyAmount')}</dt>
          <dd className="project-amount">{formatFen(Number(p.technology_amount_fen), locale)}</dd>
          <dt>{t('project.detail.projectedInvestment')}</dt>
          <dd className="project-amount">{money(p.projected_investment_fen)}</dd>
          <dt>{t('project.detail.projectedOutput')}</dt>
          <dd className="project-amount">{money(p.projected_output_fen)}</dd>
          <dt>{t('project.detail.registeredOn')}</dt>
          <dd>{p.registered_on}</dd>
          <dt>{t('project.detail.period')}</dt>
          <dd>{d.period ?? t('project.detail.noPeriod')}</dd>
          <dt>{t('project.detail.standard')}</dt>
          <dd>
            <span className="project-badges">
              {p.standard_met.map((s) => (
                <span key={s} className="badge">
                  {t(`project.standard.${s}` as MessageKey)}
                </span>
              ))}
            </span>
          </dd>
          <dt>{t('project.detail.stage')}</dt>
          <dd>{t(`project.stage.${p.stage}` as MessageKey)}</dd>
          {p.status_reason ? (
            <>
              <dt>{t('project.detail.reason')}</dt>
              <dd data-testid="project-reason">{p.status_reason}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="card project-section" aria-labelledby="progress-h">
        <h2 id="progress-h">{t('project.detail.progress')}</h2>
        <p>
          {t('project.detail.progressLead', {
            investment: formatFen(sum('investment_fen'), locale),
            projectedInvestment: money(p.projected_investment_fen),
            output: formatFen(sum('output_fen'), locale),
            projectedOutput: money(p.projected_output_fen),
          })}
        </p>
        {d.reports.length === 0 ? (
          <p className="muted">{t('project.detail.noReports')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="progress-table">
              <thead>
                <tr>
                  <th scope="col">{t('project.col.quarter')}</th>
                  <th scope="col">{t('project.col.investment')}</th>
                  <th scope="col">{t('project.col.output')}</th>
                  <th scope="col">{t('project.col.tax')}</th>
                  <th scope="col">{t('project.col.jobs')}</th>
                  <th scope="col">{t('project.col.stage')}</th>
                  <th scope="col">{t('project.col.submittedAt')}</th>
                  <th scope="col">{t('project.col.warnings')}</th>
                </tr>
              </thead>
              <tbody>
                {d.reports.map((r) => {
                  const late = r.late
                  return (
                    <tr key={r.id} data-testid="progress-row">
                      <th scope="row">
                        {r.year}-Q{r.quarter}
                        {late ? (
                          <>
                            {' '}
                            <span className="badge badge-quarter-late_reported">{t('project.quarter.state.late_reported')}</span>
                          </>
                        ) : null}
                      </th>
                      <td data-label={t('project.col.investment')} className="project-amount">
                        {formatFen(Number(r.investment_fen), locale)}
                      </td>
                      <td data-label={t('project.col.output')} className="project-amount">
                        {formatFen(Number(r.output_fen), locale)}
                      </td>
                      <td data-label={t('project.col.tax')} className="project-amount">
                        {formatFen(Number(r.tax_fen), locale)}
                      </td>
                      <td data-label={t('project.col.jobs')}>{r.jobs}</td>
                      <td data-label={t('project.col.stage')}>{t(`project.stage.${r.stage}` as MessageKey)}</td>
                      <td data-label={t('project.col.submittedAt')}>{formatDateTime(locale, r.submitted_at)}</td>
                      <td data-label={t('project.col.warnings')}>
                        {r.warnings.length ? (
                          <ul className="small" data-testid="progress-warnings">
                            {r.warnings.map((w) => (
                              <li key={w}>{translateError(locale, w)}</li>
                            ))}
                          </ul>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
        {d.quarters.length ? (
          <>
            <h3>{t('project.detail.quarters')}</h3>
            <ul className="project-badges" data-testid="project-quarters">
              {d.quarters.map((q) => (
                <li key={q.key} className={`badge badge-quarter-${q.state}`} title={t('project.col.dueOn') + ' ' + q.dueOn}>
                  {q.key} · {t(`project.quarter.state.${q.state}`)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {d.canReport ? (
          <p className="project-actions">
            <Link to={`/projects/${p.id}/progress`} className="btn btn-primary">
              {t('project.detail.report')}
            </Link>
          </p>
        ) : null}
      </section>
      {d.canDecide ? <DecisionForm status={p.status} /> : null}
    </div>
  )
}

function DecisionForm({ status }: { status: string }) {
  const t = useT()
  const actionData = useActionData<typeof action>() as ActionData
  const [form, fields] = useForm({ id: 'decide', lastResult: actionData?.result, shouldValidate: 'onSubmit', onValidate: ({ formData }) => parseWithZod(formData, { schema: DecisionSchema }) })
  return (
    <section className="card project-section" aria-labelledby="decide-h">
      <h2 id="decide-h">{t('project.detail.decide')}</h2>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.reason} label={t('project.detail.reasonLabel')} hint={t('project.detail.reasonHint')} />
        <div className="form-actions">
          {status !== 'confirmed' ? (
            <button type="submit" name="intent" value="confirm" className="btn btn-primary">
              {t('project.detail.confirm')}
            </button>
          ) : null}
          {status !== 'excluded' ? (
            <button type="submit" name="intent" value="exclude" className="btn btn-secondary">
              {t('project.detail.exclude')}
            </button>
          ) : null}
        </div>
      </Form>
    </section>
  )
}
