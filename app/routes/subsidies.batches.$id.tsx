import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { FormErrors, Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/subsidies.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'
import { formatPpm } from '../../server/platform/policy'
import { approveBatch, batchDetail } from '../../server/subsidies/desk'
import { ApproveSchema } from '../../server/subsidies/desk-schemas'

// /subsidies/batches/:id — a city officer reviews an approval batch (its
// claims and total) and approves it; one officer suffices (the amounts were
// computed from registered data). Others: 403.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.batch.number : '' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  return orErrorPage(() => batchDetail(context.services.db, principal, params.id ?? ''))
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const id = params.id ?? ''
  await orErrorPage(() => batchDetail(context.services.db, principal, id))
  const submission = parseWithZod(await request.formData(), { schema: ApproveSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const r = await attempt(submission, () => approveBatch(context.services.db, principal, id, requestMeta(context)))
  return r.ok ? redirect(`/subsidies/batches/${id}?done=approved`) : r.response
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function SubsidyBatch() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const { batch, claims, amountFen, count } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const [form] = useForm({ id: 'approve', lastResult: actionData?.result })
  const done = ['created', 'approved'].find((x) => x === new URLSearchParams(location.search).get('done'))
  return (
    <div className="container subsidy-batch-page">
      <p className="small">
        <Link to="/subsidies">{t('subsidy.detail.back')}</Link>
      </p>
      <PageHeader title={t('subsidy.batch.pageTitle', { number: batch.number })} lead={t('subsidy.batch.lead', { by: batch.created_by_name, at: formatDateTime(locale, batch.created_at) })}>
        <span className={`badge badge-subsidy-${batch.status === 'open' ? 'pending' : 'approved'}`}>{t(`subsidy.batchStatus.${batch.status}` as MessageKey)}</span>
      </PageHeader>
      {done ? <Notice kind="success">{t(`subsidy.batch.done.${done}` as MessageKey)}</Notice> : null}
      {batch.note ? <p>{batch.note}</p> : null}
      <p className="subsidy-totals" data-testid="batch-total">
        {t('subsidy.batch.total', { count, amount: formatFen(amountFen, locale) })}
      </p>
      {batch.approved_at ? (
        <p>{t('subsidy.batch.approvedBy', { by: batch.approved_by_name ?? '', at: formatDateTime(locale, batch.approved_at), amount: formatFen(Number(batch.approved_total_fen), locale) })}</p>
      ) : null}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('subsidy.col.number')}</th>
              <th scope="col">{t('subsidy.col.beneficiary')}</th>
              <th scope="col">{t('subsidy.col.kind')}</th>
              <th scope="col">{t('subsidy.col.registration')}</th>
              <th scope="col">{t('subsidy.col.base')}</th>
              <th scope="col">{t('subsidy.col.rate')}</th>
              <th scope="col">{t('subsidy.col.amount')}</th>
              <th scope="col">{t('subsidy.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {claims.map((c) => (
              <tr key={c.id} data-testid="batch-claim">
                <td>
                  <Link to={`/subsidies/${c.id}`} className="mono">
                    {c.number}
                  </Link>
                </td>
                <td data-label={t('subsidy.col.beneficiary')}>{c.beneficiary_name}</td>
                <td data-label={t('subsidy.col.kind')}>{t(`subsidy.kind.${c.kind}` as MessageKey)}</td>
                <td data-label={t('subsidy.col.registration')} className="mono">
                  {c.registration_number}
                </td>
                <td data-label={t('subsidy.col.base')} className="subsidy-amount">
                  {formatFen(c.base_fen, locale)}
                </td>
                <td data-label={t('subsidy.col.rate')}>{formatPpm(c.rate_ppm)}</td>
                <td data-label={t('subsidy.col.amount')} className="subsidy-amount">
                  {formatFen(c.amount_fen, locale)}
                </td>
                <td data-label={t('subsidy.col.status')}>
                  <span className={`badge badge-subsidy-${c.status}`}>{t(`subsidy.status.${c.status}` as MessageKey)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {batch.status === 'open' ? (
        <Form method="post" className="form subsidy-section" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="approve" />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary">
              {t('subsidy.batch.approve')}
            </button>
          </div>
        </Form>
      ) : null}
    </div>
  )
}
