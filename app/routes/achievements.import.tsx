import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FileField, FormErrors, SelectField } from '~/components/forms'
import { ImportStatusBadge } from '~/components/import-bits'
import { PageHeader } from '~/components/layout'
import { requestMeta } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { MAX_IMPORT_MB, readImportForm, requireImporter } from '~/utils/import.server'
import { ImportUploadSchema } from '../../server/listings/import/schemas'
import { pageTitle } from '~/utils/meta'
import { importDesk, startImport } from '../../server/listings/import/jobs'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'import.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { principal } = await requireImporter(request, context)
  const desk = await importDesk(context.services.db, principal)
  return { ...desk, maxMb: MAX_IMPORT_MB, maxRows: context.services.config.IMPORT_MAX_ROWS }
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Who may not import is turned away before the body is read.
  const { principal } = await requireImporter(request, context)
  const upload = await readImportForm(request, 'import.errors.tooLarge')
  if ('reply' in upload) return upload.reply
  const formData = upload.form
  const submission = parseWithZod(formData, { schema: ImportUploadSchema })
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['file'] }) }, { status: 400 })
  const { orgId, file } = submission.value
  const r = await attempt(
    submission,
    async () => startImport(context.services.db, principal, { orgId, filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, requestMeta(context)),
    ['file'],
  )
  if (!r.ok) return r.response
  return redirect(`/achievements/import/${r.value}`)
}

export default function ImportPage() {
  const t = useT()
  const locale = useLocale()
  const { orgs, jobs, maxMb, maxRows } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const [form, fields] = useForm({
    id: 'import',
    lastResult: actionData?.result,
    constraint: getZodConstraint(ImportUploadSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportUploadSchema }),
    defaultValue: { orgId: orgs[0]?.id },
  })
  return (
    <div className="container">
      <PageHeader title={t('import.title')} lead={t('import.lead')}>
        <Link to="/my/achievements" className="btn btn-secondary">
          {t('import.myDrafts')}
        </Link>
      </PageHeader>

      <ol className="import-steps">
        <li className="card">
          <h2>{t('import.step1')}</h2>
          <p>{t('import.step1Text')}</p>
          <ul className="import-template-links">
            <li>
              <a href="/achievements/import/template.xlsx" className="btn btn-primary" download>
                {t('import.templateXlsx')}
              </a>
            </li>
            <li>
              <a href="/achievements/import/template.csv" className="btn btn-secondary" download>
                {t('import.templateCsv')}
              </a>
            </li>
          </ul>
          <details className="import-format">
            <summary>{t('import.formatSummary')}</summary>
            <ul>
              <li>{t('import.format.modes')}</li>
              <li>{t('import.format.price')}</li>
              <li>{t('import.format.ip')}</li>
              <li>{t('import.format.contributors')}</li>
              <li>{t('import.format.industry')}</li>
            </ul>
          </details>
        </li>
        <li className="card">
          <h2>{t('import.step2')}</h2>
          <p>{t('import.step2Text', { mb: maxMb, rows: maxRows })}</p>
          <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            {orgs.length > 1 ? (
              <SelectField meta={fields.orgId} label={t('import.org')} options={orgs.map((o) => ({ value: o.id, label: o.name }))} required />
            ) : (
              <>
                <input type="hidden" name={fields.orgId.name} value={orgs[0]!.id} />
                <p className="import-org">
                  {t('import.org')}：<strong>{orgs[0]!.name}</strong>
                </p>
              </>
            )}
            <FileField meta={fields.file} label={t('import.file')} hint={t('import.fileHint', { mb: maxMb })} accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" />
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy ? t('import.uploading') : t('import.start')}
              </button>
            </div>
          </Form>
        </li>
      </ol>

      <section className="card" aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">{t('import.history')}</h2>
        {jobs.length === 0 ? (
          <p className="muted">{t('import.noJobs')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('import.col.file')}</th>
                  <th scope="col">{t('import.col.started')}</th>
                  <th scope="col">{t('import.col.status')}</th>
                  <th scope="col">{t('import.col.rows')}</th>
                  <th scope="col">{t('import.col.created')}</th>
                  <th scope="col">{t('import.col.duplicates')}</th>
                  <th scope="col">{t('import.col.errors')}</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((j) => (
                  <tr key={j.id}>
                    <td>
                      <Link to={`/achievements/import/${j.id}`}>{j.filename}</Link>
                      {orgs.length > 1 ? <div className="muted">{j.org_name}</div> : null}
                    </td>
                    <td>
                      {formatDateTime(locale, j.created_at)}
                      <div className="muted">{j.created_by_name}</div>
                    </td>
                    <td>
                      <ImportStatusBadge status={j.status} />
                    </td>
                    <td>
                      {j.processed_rows} / {j.total_rows}
                    </td>
                    <td>{j.created_rows}</td>
                    <td>{j.duplicate_rows}</td>
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
