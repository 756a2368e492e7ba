import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FileField, FormErrors, Notice, SelectField, TextAreaField, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/assessment.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { readUploadForm } from '~/utils/upload.server'
import type { Indicator } from '../../server/assessment/config'
import { ManualEntryFormSchema, ManualEntrySchema, PeriodQuerySchema, PublishSchema } from '../../server/assessment/schemas'
import { assessmentPage, enterManualValue, publishRanking } from '../../server/assessment/service'
import type { MessageKey } from '../../server/i18n/catalog'
import { MAX_FILE_BYTES } from '../../server/platform/files/limits'
import { fileStoreFor } from '../../server/platform/files/store'
import { formatFen } from '../../server/platform/money'

// /assessment — the county performance assessment (县区绩效考核) of a period
// (?period=YYYY, the current year by default). City officers: every county's
// scores per indicator, total, rank and trend, the manual-indicator entry with
// evidence, publishing the ranking and the PDF/XLSX reports. County officers:
// their own county's figures and the published ranking. Others 403.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'assessment.pageTitle')

const MB = MAX_FILE_BYTES / 1024 / 1024

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const q = PeriodQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return orErrorPage(() => assessmentPage(context.services.db, principal, q))
}

type ActionData = { result: SubmissionResult<string[]>; intent: 'manual' | 'publish' } | undefined

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const { db, config } = context.services
  const { form, oversized, broken } = await readUploadForm(request, MAX_FILE_BYTES)
  if (broken) return data({ result: { status: 'error', error: { evidence: ['errors.badUpload'] } } as SubmissionResult<string[]>, intent: 'manual' as const }, { status: 400 })
  if (form.get('intent') === 'publish') {
    const submission = parseWithZod(form, { schema: PublishSchema })
    if (submission.status !== 'success') return data({ result: submission.reply(), intent: 'publish' as const }, { status: 400 })
    const r = await attempt(submission, () => publishRanking(db, principal, submission.value.period, requestMeta(context)))
    if (!r.ok) return data({ result: (r.response.data as { result: SubmissionResult<string[]> }).result, intent: 'publish' as const }, r.response.init ?? undefined)
    return redirect(`/assessment?period=${submission.value.period}&done=published`)
  }
  const submission = parseWithZod(form, { schema: ManualEntrySchema })
  if (oversized.size) return data({ result: submission.reply({ fieldErrors: { evidence: [`engagement.errors.fileTooLarge|max=${MB}`] } }), intent: 'manual' as const }, { status: 413 })
  if (submission.status !== 'success') return data({ result: submission.reply(), intent: 'manual' as const }, { status: 400 })
  const f = form.get('evidence')
  const file = f instanceof File && f.size > 0 ? { bytes: new Uint8Array(await f.arrayBuffer()), name: f.name } : null
  const r = await attempt(submission, () => enterManualValue(db, fileStoreFor(config), principal, submission.value, file, requestMeta(context)))
  if (!r.ok) return data({ result: (r.response.data as { result: SubmissionResult<string[]> }).result, intent: 'manual' as const }, r.response.init ?? undefined)
  return redirect(`/assessment?period=${submission.value.period}&done=entered`)
}

function TrendMark({ trend }: { trend: string | null }) {
  const t = useT()
  if (!trend) return null
  const mark = trend === 'up' ? '↑' : trend === 'down' ? '↓' : trend === 'same' ? '→' : '·'
  return (
    <span className={`assessment-trend-${trend}`}>
      <span aria-hidden="true">{mark} </span>
      {t(`assessment.trend.${trend}` as MessageKey)}
    </span>
  )
}

export default function Assessment() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const [params] = useSearchParams()
  const done = params.get('done')
  const manualResult = actionData?.intent === 'manual' ? actionData.result : undefined
  const [form, fields] = useForm({
    id: 'assessment-manual',
    lastResult: manualResult,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ManualEntryFormSchema }),
  })
  const r = d.result
  const indicators = r.indicators as Indicator[]
  const countyName = (c: { nameZh: string; nameEn: string }) => (locale === 'en' ? c.nameEn : c.nameZh)
  const indName = (key: string) => t(`assessment.indicator.${key}` as MessageKey)
  const figure = (ind: Indicator, v: number | null) => (v === null ? t('assessment.notEntered') : ind.unit === 'fen' ? formatFen(v, locale) : String(v))
  const divisionOptions = r.counties.map((c) => ({ value: c.code, label: countyName(c) }))

  return (
    <div className="container assessment-page">
      <PageHeader title={t('assessment.pageTitle')} lead={d.city ? t('assessment.leadCity') : t('assessment.leadCounty')} />
      {done === 'entered' ? <Notice kind="success">{t('assessment.done.entered')}</Notice> : null}
      {done === 'published' ? <Notice kind="success">{t('assessment.done.published')}</Notice> : null}

      <Form method="get" className="card filters filters-card assessment-actions" aria-label={t('assessment.periodPicker')}>
        <div className="field">
          <label htmlFor="a-period">{t('assessment.period')}</label>
          <select id="a-period" name="period" defaultValue={d.period}>
            {d.periods.map((p) => (
              <option key={p} value={p}>
                {t('assessment.periodLabel', { period: p })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn">
          {t('assessment.show')}
        </button>
        <p className="muted small">
          {r.complete ? t('assessment.complete') : t('assessment.inProgress', { at: formatDateTime(locale, r.asOf) })} · {t('assessment.configVersion', { version: r.configVersion })}
        </p>
      </Form>

      <p>
        {d.published ? (
          <span className="badge badge-assessment-published" data-testid="assessment-published">
            {t('assessment.publishedBadge', { version: d.published.version, at: formatDateTime(locale, d.published.publishedAt) })}
          </span>
        ) : (
          <span className="badge badge-assessment-draft">{t('assessment.unpublished')}</span>
        )}
        {d.movedSincePublication ? <span className="muted small"> {t('assessment.moved')}</span> : null}
      </p>

      {d.city ? (
        <>
          <section className="assessment-section" aria-labelledby="a-table-h">
            <h2 id="a-table-h">{t('assessment.tableTitle', { period: d.period })}</h2>
            <div className="table-wrap">
              <table className="table assessment-table" data-testid="assessment-table">
                <thead>
                  <tr>
                    <th scope="col">{t('assessment.col.rank')}</th>
                    <th scope="col">{t('assessment.col.county')}</th>
                    {indicators.map((i) => (
                      <th scope="col" key={i.key}>
                        {indName(i.key)} <span className="muted small">({i.weight})</span>
                      </th>
                    ))}
                    <th scope="col">{t('assessment.col.total')}</th>
                    <th scope="col">{t('assessment.col.trend')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.counties.map((c) => (
                    <tr key={c.code} data-testid="assessment-row" data-division={c.code}>
                      <td data-label={t('assessment.col.rank')} data-testid="assessment-rank">
                        {c.rank}
                      </td>
                      <th scope="row">{countyName(c)}</th>
                      {indicators.map((i) => (
                        <td key={i.key} data-label={indName(i.key)}>
                          {(c.scores[i.key] ?? 0).toFixed(2)}
                          <span className="figure">
                            {figure(i, c.values[i.key] ?? null)}
                            {i.measure === 'projects' ? ` / ${c.projectTarget}` : ''}
                          </span>
                        </td>
                      ))}
                      <td data-label={t('assessment.col.total')} data-testid="assessment-total">
                        <strong>{c.total.toFixed(2)}</strong>
                      </td>
                      <td data-label={t('assessment.col.trend')}>
                        <TrendMark trend={c.trend} />
                        {c.previous ? <span className="figure">{t('assessment.prevShort', { rank: 'rank' in c.previous ? c.previous.rank : '', total: c.previous.total.toFixed(2) })}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted small">{t('assessment.method')}</p>
            <div className="assessment-actions">
              <a className="btn" href={`/assessment/${d.period}/report.pdf`} download>
                {t('assessment.downloadPdf')}
              </a>
              <a className="btn" href={`/assessment/${d.period}/report.xlsx`} download>
                {t('assessment.downloadXlsx')}
              </a>
              <Form method="post">
                <input type="hidden" name="intent" value="publish" />
                <input type="hidden" name="period" value={d.period} />
                <button type="submit" className="btn btn-primary">
                  {d.published ? t('assessment.republish') : t('assessment.publish')}
                </button>
              </Form>
            </div>
            {actionData?.intent === 'publish' && actionData.result.error ? <Notice kind="error">{t('assessment.errors.publish')}</Notice> : null}
          </section>

          <section className="assessment-section card" aria-labelledby="a-manual-h">
            <h2 id="a-manual-h">{t('assessment.manual.title')}</h2>
            <p className="muted">{t('assessment.manual.lead')}</p>
            <Form method="post" encType="multipart/form-data" className="assessment-form" {...getFormProps(form)}>
              <FormErrors id={form.errorId} errors={form.errors} />
              <input type="hidden" name="intent" value="manual" />
              <input type="hidden" name="period" value={d.period} />
              <div className="assessment-form-grid">
                <SelectField meta={fields.division} label={t('assessment.manual.division')} options={divisionOptions} placeholder={t('assessment.manual.choose')} required />
                <SelectField
                  meta={fields.indicator}
                  label={t('assessment.manual.indicator')}
                  options={d.manualIndicators.map((k) => ({ value: k, label: indName(k) }))}
                  placeholder={t('assessment.manual.choose')}
                  required
                />
                <TextField meta={fields.value} label={t('assessment.manual.value')} hint={t('assessment.manual.valueHint')} inputMode="text" required />
              </div>
              <TextAreaField meta={fields.note} label={t('assessment.manual.note')} hint={t('assessment.manual.noteHint')} rows={3} required />
              <FileField meta={fields.evidence} label={t('assessment.manual.evidence')} hint={t('assessment.manual.evidenceHint', { max: MB })} accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.webp" />
              <button type="submit" className="btn btn-primary">
                {t('assessment.manual.submit')}
              </button>
            </Form>
          </section>
        </>
      ) : (
        <>
          <section className="assessment-section" aria-labelledby="a-own-h">
            <h2 id="a-own-h">{t('assessment.own.title', { period: d.period })}</h2>
            {r.counties.map((c) => (
              <div key={c.code} className="table-wrap">
                <table className="table assessment-table" data-testid="assessment-own">
                  <caption>{countyName(c)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('assessment.own.indicator')}</th>
                      <th scope="col">{t('assessment.own.weight')}</th>
                      <th scope="col">{t('assessment.own.figure')}</th>
                      <th scope="col">{t('assessment.own.score')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {indicators.map((i) => (
                      <tr key={i.key}>
                        <th scope="row">{indName(i.key)}</th>
                        <td data-label={t('assessment.own.weight')}>{i.weight}</td>
                        <td data-label={t('assessment.own.figure')}>
                          {figure(i, c.values[i.key] ?? null)}
                          {i.measure === 'projects' ? ` ${t('assessment.own.target', { target: c.projectTarget })}` : ''}
                          {c.manual[i.key] ? <span className="figure">{c.manual[i.key]!.note}</span> : null}
                        </td>
                        <td data-label={t('assessment.own.score')}>{(c.scores[i.key] ?? 0).toFixed(2)}</td>
                      </tr>
                    ))}
                    <tr>
                      <th scope="row">{t('assessment.col.total')}</th>
                      <td />
                      <td>{c.previous ? t('assessment.own.previous', { total: c.previous.total.toFixed(2) }) : ''}</td>
                      <td data-testid="assessment-own-total">
                        <strong>{c.total.toFixed(2)}</strong>
                      </td>
                    </tr>
                  </tbody>
                </table>
              </div>
            ))}
          </section>
        </>
      )}

      <section className="assessment-section" aria-labelledby="a-ranking-h">
        <h2 id="a-ranking-h">{t('assessment.ranking.title')}</h2>
        {d.published ? (
          <div className="table-wrap">
            <table className="table assessment-table" data-testid="assessment-ranking">
              <thead>
                <tr>
                  <th scope="col">{t('assessment.col.rank')}</th>
                  <th scope="col">{t('assessment.col.county')}</th>
                  <th scope="col">{t('assessment.col.total')}</th>
                  <th scope="col">{t('assessment.col.trend')}</th>
                </tr>
              </thead>
              <tbody>
                {d.published.ranking.map((c) => (
                  <tr key={c.code} data-division={c.code}>
                    <td>{c.rank}</td>
                    <th scope="row">{countyName(c)}</th>
                    <td>{c.total.toFixed(2)}</td>
                    <td>
                      <TrendMark trend={c.trend} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="card muted">{t('assessment.ranking.none')}</p>
        )}
      </section>

      <section className="assessment-section" aria-labelledby="a-history-h">
        <h2 id="a-history-h">{t('assessment.history.title')}</h2>
        {d.history.length === 0 ? (
          <p className="card muted">{t('assessment.history.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('assessment.history.at')}</th>
                  <th scope="col">{t('assessment.col.county')}</th>
                  <th scope="col">{t('assessment.manual.indicator')}</th>
                  <th scope="col">{t('assessment.manual.value')}</th>
                  <th scope="col">{t('assessment.manual.note')}</th>
                  <th scope="col">{t('assessment.manual.evidence')}</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h) => (
                  <tr key={h.id} data-testid="assessment-history">
                    <td data-label={t('assessment.history.at')}>
                      {formatDateTime(locale, h.entered_at)} <span className="muted small">{h.entered_by_name}</span>
                    </td>
                    <td data-label={t('assessment.col.county')}>{divisionOptions.find((o) => o.value === h.division_code)?.label ?? h.division_code}</td>
                    <td data-label={t('assessment.manual.indicator')}>{indName(h.indicator_key)}</td>
                    <td data-label={t('assessment.manual.value')}>{h.value}</td>
                    <td data-label={t('assessment.manual.note')}>{h.note}</td>
                    <td data-label={t('assessment.manual.evidence')}>
                      <Link to={`/assessment/evidence/${h.id}`} reloadDocument>
                        {h.evidence_filename}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}
