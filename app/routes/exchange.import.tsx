import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type LinksFunction,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FileField, FormErrors } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/exchange.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { MAX_IMPORT_MB, readImportForm } from '~/utils/import.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { requireCityOfficer } from '../../server/exchange/access'
import { NATIONAL_COLUMNS, NATIONAL_HEADERS, REQUIRED_NATIONAL_COLUMNS } from '../../server/exchange/config'
import { exchangeImportDesk, startExchangeImport } from '../../server/exchange/import'
import { ExchangeUploadSchema } from '../../server/exchange/schemas'
import { importLimits } from '../../server/listings/import/parse'
import { ExchangeJobBadge } from '~/components/exchange-bits'

// /exchange/import  导入全国技术合同登记数据: city officers upload the national system's export.
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'exchange.import.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const desk = await orErrorPage(() => exchangeImportDesk(context.services.db, principal))
  return { ...desk, maxMb: MAX_IMPORT_MB, maxRows: context.services.config.IMPORT_MAX_ROWS }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  // Who may not import is turned away before the body is read.
  await orErrorPage(async () => requireCityOfficer(principal))
  const upload = await readImportForm(request, 'exchange.errors.tooLarge')
  if ('reply' in upload) return upload.reply
  const formData = upload.form
  const submission = parseWithZod(formData, { schema: ExchangeUploadSchema })
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['file'] }) }, { status: 400 })
  const { file } = submission.value
  const r = await attempt(
    submission,
    async () =>
      startExchangeImport(
        context.services.db,
        principal,
        { filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
        requestMeta(context),
        importLimits(context.services.config),
      ),
    ['file'],
  )
  if (!r.ok) return r.response
  return redirect(`/exchange/import/${r.value}`)
}

export default function ExchangeImport() {
  const t = useT()
  const locale = useLocale()
  const { jobs, maxMb, maxRows } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const busy = useNavigation().state === 'submitting'
  const [form, fields] = useForm({
    id: 'exchange-import',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ExchangeUploadSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExchangeUploadSchema }),
  })
  return (
    <div className="container">
      <PageHeader title={t('exchange.import.title')} lead={t('exchange.import.lead')}>
        <Link to="/exchange" className="btn btn-secondary">
          {t('exchange.title')}
        </Link>
      </PageHeader>
      <ol className="import-steps">
        <li className="card">
          <h2>{t('exchange.import.step1')}</h2>
          <p>{t('exchange.import.step1Text')}</p>
          <ul className="import-template-links">
            <li>
              <a href="/exchange/template.xlsx" className="btn btn-primary" download>
                {t('exchange.import.templateXlsx')}
              </a>
            </li>
            <li>
              <a href="/exchange/template.csv" className="btn btn-secondary" download>
                {t('exchange.import.templateCsv')}
              </a>
            </li>
          </ul>
          <details className="import-format">
            <summary>{t('exchange.import.columns')}</summary>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('exchange.import.colZh')}</th>
                    <th scope="col">{t('exchange.import.colEn')}</th>
                    <th scope="col">{t('exchange.import.colRequired')}</th>
                  </tr>
                </thead>
                <tbody>
                  {NATIONAL_COLUMNS.map((c) => (
                    <tr key={c}>
                      <td>{NATIONAL_HEADERS[c].zh.join(' / ')}</td>
                      <td>{NATIONAL_HEADERS[c].en.join(' / ')}</td>
                      <td>{REQUIRED_NATIONAL_COLUMNS.includes(c) ? t('exchange.import.required') : t('exchange.import.optional')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted">{t('exchange.import.rules')}</p>
          </details>
        </li>
        <li className="card">
          <h2>{t('exchange.import.step2')}</h2>
          <p>{t('exchange.import.step2Text', { mb: maxMb, rows: maxRows })}</p>
          <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <FileField meta={fields.file} label={t('exchange.import.file')} hint={t('exchange.import.fileHint', { mb: maxMb })} accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" />
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy ? t('exchange.import.uploading') : t('exchange.import.start')}
              </button>
            </div>
          </Form>
        </li>
      </ol>
      <section className="card" aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">{t('exchange.import.history')}</h2>
        {jobs.length === 0 ? (
          <p className="muted">{t('exchange.import.noJobs')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('exchange.import.col.file')}</th>
                  <th scope="col">{t('exchange.import.col.started')}</th>
                  <th scope="col">{t('exchange.import.col.status')}</th>
                  <th scope="col">{t('exchange.outcome.matched')}</th>
                  <th scope="col">{t('exchange.outcome.created')}</th>
                  <th scope="col">{t('exchange.outcome.error')}</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((j) => (
                  <tr key={j.id}>
                    <td>
                      <Link to={`/exchange/import/${j.id}`}>{j.filename}</Link>
                    </td>
                    <td>
                      {formatDateTime(locale, j.created_at)}
                      <div className="muted">{j.created_by_name}</div>
                    </td>
                    <td>
                      <ExchangeJobBadge status={j.status} />
                    </td>
                    <td>{j.matched_rows}</td>
                    <td>{j.created_rows}</td>
                    <td>{j.error_rows}</td>
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
