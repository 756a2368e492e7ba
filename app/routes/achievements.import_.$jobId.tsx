import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useLocation, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { Notice } from '~/components/forms'
import { ImportStatusBadge } from '~/components/import-bits'
import { PageHeader } from '~/components/layout'
import { formatDateTime, translateError, useLocale, useT } from '~/utils/i18n'
import { requireImportJob } from '~/utils/import.server'
import { pageTitle } from '~/utils/meta'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'import.jobTitle', { file: data?.job.filename ?? '' })

/** Problems listed on the page; the report download has all of them. */
const SHOWN_ERRORS = 200

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { job, errors, running } = await requireImportJob(request, context, params.jobId, { errorLimit: SHOWN_ERRORS })
  return { job, errors, running }
}

/** While the job runs, reload its figures every second (without JS: the refresh link and <noscript> refresh). */
function usePolling(active: boolean) {
  const { revalidate, state } = useRevalidator()
  useEffect(() => {
    if (!active || state !== 'idle') return
    const id = setTimeout(revalidate, 1000)
    return () => clearTimeout(id)
  }, [active, state, revalidate])
}

export default function ImportJobPage() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const { job, errors, running } = useLoaderData<typeof loader>()
  usePolling(running)
  const total = job.total_rows
  const percent = total ? Math.min(100, Math.round((job.processed_rows / total) * 100)) : 0
  const done = job.status === 'done'
  return (
    <div className="container">
      {running ? (
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}
      <p className="breadcrumbs">
        <Link to="/achievements/import">{t('import.title')}</Link>
      </p>
      <PageHeader title={t('import.jobTitle', { file: job.filename })} lead={t('import.jobLead', { org: job.org_name, name: job.created_by_name, at: formatDateTime(locale, job.created_at) })}>
        <ImportStatusBadge status={job.status} />
      </PageHeader>

      <section className="card import-progress" aria-labelledby="progress-heading">
        <div className="import-progress-head">
          <h2 id="progress-heading">{t('import.progress')}</h2>
          {running ? (
            <Link to={location.pathname} className="btn btn-ghost" reloadDocument>
              {t('import.refresh')}
            </Link>
          ) : null}
        </div>
        {job.status === 'queued' ? <p className="muted">{t('import.queued')}</p> : null}
        <div className="import-bar">
          <progress id="import-progress" max={Math.max(total, 1)} value={job.processed_rows} aria-describedby="import-progress-text">
            {percent}%
          </progress>
          <span className="import-bar-percent" aria-hidden="true">
            {percent}%
          </span>
        </div>
        <p id="import-progress-text" role="status" aria-live="polite">
          {total ? t('import.processedOf', { processed: job.processed_rows, total }) : t('import.reading')}
        </p>
        <dl className="import-figures">
          <div>
            <dt>{t('import.fig.processed')}</dt>
            <dd>
              {job.processed_rows}
              <small> / {total || '—'}</small>
            </dd>
          </div>
          <div className="ok">
            <dt>{t('import.fig.created')}</dt>
            <dd>{job.created_rows}</dd>
          </div>
          <div className="dup">
            <dt>{t('import.fig.duplicates')}</dt>
            <dd>{job.duplicate_rows}</dd>
          </div>
          <div className="bad">
            <dt>{t('import.fig.errors')}</dt>
            <dd>{job.error_rows}</dd>
          </div>
        </dl>
        {job.status === 'failed' && job.failure ? (
          <Notice kind="error">
            <p>
              {t('import.failed')} {translateError(locale, job.failure)}
            </p>
          </Notice>
        ) : null}
        {done ? (
          <Notice kind={job.error_rows ? 'warning' : 'success'}>
            <p>
              {t('import.doneSummary', { created: job.created_rows, duplicates: job.duplicate_rows, errors: job.error_rows })}{' '}
              {job.created_rows ? <Link to="/my/achievements">{t('import.openDrafts')}</Link> : null}
            </p>
          </Notice>
        ) : null}
      </section>

      <section className="card" aria-labelledby="errors-heading">
        <div className="import-progress-head">
          <h2 id="errors-heading">{t('import.errorsHeading', { count: job.error_rows })}</h2>
          {errors.length ? (
            <ul className="import-template-links">
              <li>
                <a href={`/achievements/import/${job.id}/report.xlsx`} className="btn btn-secondary" download>
                  {t('import.reportXlsx')}
                </a>
              </li>
              <li>
                <a href={`/achievements/import/${job.id}/report.csv`} className="btn btn-secondary" download>
                  {t('import.reportCsv')}
                </a>
              </li>
            </ul>
          ) : null}
        </div>
        {errors.length === 0 ? (
          <p className="muted">{running ? t('import.noErrorsYet') : t('import.noErrors')}</p>
        ) : (
          <>
            <p className="hint">{t('import.errorsHint')}</p>
            <div className="table-wrap">
              <table className="import-errors">
                <thead>
                  <tr>
                    <th scope="col">{t('import.report.row')}</th>
                    <th scope="col">{t('import.report.column')}</th>
                    <th scope="col">{t('import.report.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {errors.map((e, i) => (
                    <tr key={`${e.row}-${i}`}>
                      <td className="mono">{e.row}</td>
                      <td>{e.column}</td>
                      <td>{e.item ? t('import.report.item', { n: e.item, text: translateError(locale, e.message) }) : translateError(locale, e.message)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {errors.length >= SHOWN_ERRORS ? <p className="muted">{t('import.moreErrors', { shown: SHOWN_ERRORS })}</p> : null}
          </>
        )}
      </section>
    </div>
  )
}
