import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type LinksFunction, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice } from '~/components/forms'
import { ExchangeJobBadge, OutcomeBadge } from '~/components/exchange-bits'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/exchange.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { formatDateTime, translateError, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { exchangeImportReport, proposeImportedProject } from '../../server/exchange/import'
import { columnLabel } from '../../server/exchange/import-report'
import { ProposeSchema } from '../../server/exchange/schemas'
import { DomainError } from '../../server/platform/errors'
import { formatFen } from '../../server/platform/money'

// /exchange/import/:jobId  an import's row-level report; a city officer may flag an imported row as a project.
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction<typeof loader> = ({ matches, data: d }) => pageTitle(matches, 'exchange.job.title', { file: d?.job.filename ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => exchangeImportReport(context.services.db, principal, params.jobId ?? ''))
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  await orErrorPage(() => exchangeImportReport(context.services.db, principal, params.jobId ?? ''))
  const submission = parseWithZod(await request.formData(), { schema: ProposeSchema })
  if (submission.status !== 'success') {
    const importedId = String(submission.payload.importedId ?? '')
    return data({ importedId, error: Object.values(submission.error ?? {}).flat()[0] ?? 'errors.invalid' }, { status: 400 })
  }
  try {
    await proposeImportedProject(context.services.db, principal, submission.value.importedId, submission.value.reason, requestMeta(context))
  } catch (err) {
    if (err instanceof DomainError && err.kind !== 'forbidden') {
      const status = err.kind === 'not_found' ? 404 : err.kind === 'conflict' ? 409 : 400
      return data({ importedId: submission.value.importedId, error: Object.values(err.fieldErrors).flat()[0] ?? err.messageKey }, { status })
    }
    throw err
  }
  return redirect(`/exchange/import/${params.jobId}?done=proposed`)
}

export default function ExchangeJob() {
  const t = useT()
  const locale = useLocale()
  const { job, rows, earlier } = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>()
  const [search] = useSearchParams()
  const counts = [
    ['total', job.total_rows],
    ['matched', job.matched_rows],
    ['differing', job.differing_rows],
    ['created', job.created_rows],
    ['updated', job.updated_rows],
    ['unchanged', job.unchanged_rows],
    ['error', job.error_rows],
  ] as const
  return (
    <div className="container">
      <PageHeader title={t('exchange.job.title', { file: job.filename })} lead={t('exchange.job.lead', { at: formatDateTime(locale, job.created_at), by: job.created_by_name })}>
        <Link to="/exchange/import" className="btn btn-secondary">
          {t('exchange.job.back')}
        </Link>
      </PageHeader>
      {search.get('done') === 'proposed' ? <Notice kind="success">{t('exchange.propose.done')}</Notice> : null}
      {failed ? <Notice kind="error">{translateError(locale, failed.error)}</Notice> : null}
      {earlier.length ? <Notice kind="info">{t('exchange.job.sameFile', { at: formatDateTime(locale, earlier[0]!.created_at) })}</Notice> : null}
      <section className="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading">
          {t('exchange.job.summary')} <ExchangeJobBadge status={job.status} />
        </h2>
        {job.failure ? (
          <Notice kind="error">{translateError(locale, job.failure)}</Notice>
        ) : (
          <>
            <dl className="exchange-counts">
              {counts.map(([k, n]) => (
                <div key={k}>
                  <dt>{t(`exchange.count.${k}`)}</dt>
                  <dd data-count={k}>{n}</dd>
                </div>
              ))}
            </dl>
            <p>
              <a href={`/exchange/import/${job.id}/report.xlsx`} className="btn btn-secondary" download>
                {t('exchange.job.reportXlsx')}
              </a>{' '}
              <a href={`/exchange/import/${job.id}/report.csv`} className="btn btn-secondary" download>
                {t('exchange.job.reportCsv')}
              </a>
            </p>
          </>
        )}
      </section>
      {rows.length ? (
        <section className="card" aria-labelledby="rows-heading">
          <h2 id="rows-heading">{t('exchange.job.rows')}</h2>
          <p className="muted">{t('exchange.job.projectNote')}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('exchange.report.row')}</th>
                  <th scope="col">{t('exchange.report.outcome')}</th>
                  <th scope="col">{t('exchange.report.number')}</th>
                  <th scope="col">{t('exchange.report.detail')}</th>
                  <th scope="col">{t('exchange.job.project')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.row_number} id={`row-${r.row_number}`}>
                    <td>{r.row_number}</td>
                    <td>
                      <OutcomeBadge outcome={r.outcome} />
                    </td>
                    <td>
                      {r.registration_number}
                      {r.contract_name ? <div className="muted">{r.contract_name}</div> : null}
                    </td>
                    <td>
                      <ul className="exchange-details">
                        {r.problems.map((p, i) => (
                          <li key={i}>
                            {columnLabel(locale, p.column)}：{translateError(locale, p.message)}
                          </li>
                        ))}
                        {r.differences.map((d, i) => (
                          <li key={`d${i}`}>
                            {columnLabel(locale, d.field)}：{t('exchange.report.difference', { platform: d.platform, file: d.file })}
                          </li>
                        ))}
                        {r.technology_amount_fen !== null ? <li>{t('exchange.job.techAmount', { amount: formatFen(r.technology_amount_fen, locale) })}</li> : null}
                      </ul>
                    </td>
                    <td>
                      {r.project_id ? (
                        <span className="badge badge-pending">{t('exchange.job.proposed')}</span>
                      ) : r.imported_id && r.division_code && r.amountMet ? (
                        <Form method="post" className="exchange-propose">
                          <input type="hidden" name="importedId" value={r.imported_id} />
                          <label htmlFor={`reason-${r.row_number}`} className="visually-hidden">
                            {t('exchange.propose.reasonLabel', { row: r.row_number })}
                          </label>
                          <input id={`reason-${r.row_number}`} name="reason" required minLength={2} maxLength={500} placeholder={t('exchange.propose.placeholder')} />
                          <button type="submit" className="btn btn-sm btn-secondary">
                            {t('exchange.propose.submit')}
                          </button>
                          {failed?.importedId === r.imported_id ? <p className="field-errors">{translateError(locale, failed.error)}</p> : null}
                        </Form>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  )
}
