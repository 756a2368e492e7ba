import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { FormErrors, Notice, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/subsidies.css?url'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import type { MessageKey } from '../../server/i18n/catalog'
import { shanghaiDate } from '../../server/platform/intl'
import { fenToWan, formatFen } from '../../server/platform/money'
import { formatPpm } from '../../server/platform/policy'
import { ledgerBalance } from '../../server/subsidies/compute'
import { claimDetail, recordPayment, recordRefund } from '../../server/subsidies/desk'
import { PaymentSchema, RefundSchema } from '../../server/subsidies/desk-schemas'

// /subsidies/:id — one claim: how it was computed (base × rate, cap), its
// ledger, its notices; the city officer records its payment (date, amount,
// bank reference) or, once a paid claim's registration is terminated, the
// money returned. Readers other than the city see no form; strangers a 404.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.claim.number : '' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const detail = await orErrorPage(() => claimDetail(context.services.db, principal, params.id ?? ''))
  return { ...detail, today: shanghaiDate() }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const id = params.id ?? ''
  await orErrorPage(() => claimDetail(db, principal, id))
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'pay') {
    const submission = parseWithZod(formData, { schema: PaymentSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const v = submission.value
    const r = await attempt(submission, () => recordPayment(db, principal, id, { paidOn: v.paidOn, amountFen: v.amount, bankReference: v.bankReference, note: v.note }, requestMeta(context)))
    return r.ok ? redirect(`/subsidies/${id}?done=paid`) : r.response
  }
  if (intent === 'refund') {
    const submission = parseWithZod(formData, { schema: RefundSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => recordRefund(db, principal, id, submission.value, requestMeta(context)))
    return r.ok ? redirect(`/subsidies/${id}?done=refunded`) : r.response
  }
  throw new Response('Bad request', { status: 400 })
}

type ActionData = { result: SubmissionResult<string[]> } | undefined

export default function SubsidyClaim() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const { claim: c, entries, payment, city, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const done = ['paid', 'refunded'].find((x) => x === new URLSearchParams(location.search).get('done'))
  const base = c.kind === 'registrar' ? t('subsidy.detail.contractAmount') : t('subsidy.detail.technologyAmount')
  return (
    <div className="container subsidy-claim-page">
      <p className="small">
        <Link to="/subsidies">{t('subsidy.detail.back')}</Link>
      </p>
      <PageHeader title={t('subsidy.detail.pageTitle', { number: c.number })} lead={`${c.beneficiary_name} · ${t(`subsidy.kind.${c.kind}` as MessageKey)}`}>
        <span className={`badge badge-subsidy-${c.status}`} data-testid="subsidy-status">
          {t(`subsidy.status.${c.status}` as MessageKey)}
        </span>
      </PageHeader>
      {done ? <Notice kind="success">{t(`subsidy.detail.done.${done}` as MessageKey)}</Notice> : null}
      <section className="card" aria-labelledby="facts-h">
        <h2 id="facts-h">{t('subsidy.detail.facts')}</h2>
        <dl className="facts">
          <dt>{t('subsidy.col.beneficiary')}</dt>
          <dd>{c.beneficiary_name}</dd>
          <dt>{t('subsidy.detail.creditCode')}</dt>
          <dd className="mono">{c.beneficiary_credit_code}</dd>
          <dt>{t('subsidy.detail.contract')}</dt>
          <dd>{c.contract_title}</dd>
          <dt>{t('subsidy.col.registration')}</dt>
          <dd className="mono">
            {c.registration_number} · {c.registered_on}
          </dd>
          <dt>{base}</dt>
          <dd className="subsidy-amount">{formatFen(c.base_fen, locale)}</dd>
          <dt>{t('subsidy.col.rate')}</dt>
          <dd>{formatPpm(c.rate_ppm)}</dd>
          <dt>{t('subsidy.detail.computed')}</dt>
          <dd className="subsidy-amount">{formatFen(c.computed_fen, locale)}</dd>
          <dt>{t('subsidy.col.amount')}</dt>
          <dd className="subsidy-amount" data-testid="subsidy-amount">
            {formatFen(c.amount_fen, locale)}
            {c.cap_kind ? ` · ${t(`subsidy.cap.${c.cap_kind}` as MessageKey, { cap: formatFen(c.cap_fen ?? 0, locale) })}` : ''}
          </dd>
          <dt>{t('subsidy.detail.scheme')}</dt>
          <dd className="mono">{c.scheme_version}</dd>
        </dl>
        {c.closed_reason ? <p className="small">{t('subsidy.detail.closedReason', { reason: c.closed_reason })}</p> : null}
        <p className="subsidy-actions">
          <a href={`/subsidies/${c.id}/notice.pdf`}>{t('subsidy.detail.notice')}</a>
          {payment ? <a href={`/subsidies/${c.id}/payment.pdf`}>{t('subsidy.detail.paymentNotice')}</a> : null}
        </p>
      </section>

      <section className="card subsidy-section" aria-labelledby="ledger-h">
        <h2 id="ledger-h">{t('subsidy.detail.ledger')}</h2>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('subsidy.detail.entryKind')}</th>
                <th scope="col">{t('subsidy.detail.entryAmount')}</th>
                <th scope="col">{t('subsidy.detail.entryNote')}</th>
                <th scope="col">{t('subsidy.detail.entryAt')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="ledger-entry">
                  <td>{t(`subsidy.entry.${e.kind}` as MessageKey)}</td>
                  <td data-label={t('subsidy.detail.entryAmount')} className="subsidy-amount">
                    {e.amount_fen < 0 ? '−' : ''}
                    {formatFen(Math.abs(e.amount_fen), locale)}
                  </td>
                  <td data-label={t('subsidy.detail.entryNote')}>{e.note}</td>
                  <td data-label={t('subsidy.detail.entryAt')}>{formatDateTime(locale, e.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="subsidy-totals" data-testid="ledger-balance">
          {t('subsidy.detail.balance', { amount: (ledgerBalance(entries) < 0 ? '−' : '') + formatFen(Math.abs(ledgerBalance(entries)), locale) })}
        </p>
      </section>

      {payment ? (
        <section className="card subsidy-section" aria-labelledby="payment-h">
          <h2 id="payment-h">{t('subsidy.detail.payment')}</h2>
          <p>{t('subsidy.detail.paid', { date: payment.paid_on, amount: formatFen(payment.amount_fen, locale), reference: payment.bank_reference, number: payment.number })}</p>
          {payment.note ? <p className="small muted">{payment.note}</p> : null}
        </section>
      ) : null}
      {city && c.status === 'approved' ? <PaymentForm amountFen={c.amount_fen} today={today} actionData={actionData} /> : null}
      {city && c.status === 'recovery_due' ? <RefundForm actionData={actionData} /> : null}
    </div>
  )
}

function PaymentForm({ amountFen, today, actionData }: { amountFen: number; today: string; actionData: ActionData }) {
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useForm({
    id: 'pay',
    lastResult: actionData?.result,
    defaultValue: { paidOn: today, amount: fenToWan(amountFen) },
    constraint: getZodConstraint(PaymentSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PaymentSchema }),
  })
  return (
    <section className="card subsidy-section" aria-labelledby="pay-h">
      <h2 id="pay-h">{t('subsidy.detail.recordPayment')}</h2>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="pay" />
        <div className="form-grid">
          <TextField meta={fields.paidOn} label={t('subsidy.detail.paidOn')} hint="YYYY-MM-DD" required />
          <TextField meta={fields.amount} label={t('subsidy.detail.paidAmount')} hint={t('subsidy.detail.paidAmountHint', { amount: formatFen(amountFen, locale) })} required />
          <TextField meta={fields.bankReference} label={t('subsidy.detail.bankReference')} required />
          <TextField meta={fields.note} label={t('subsidy.detail.paymentNote')} />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            {t('subsidy.detail.recordPayment')}
          </button>
        </div>
      </Form>
    </section>
  )
}

function RefundForm({ actionData }: { actionData: ActionData }) {
  const t = useT()
  const [form, fields] = useForm({
    id: 'refund',
    lastResult: actionData?.result,
    constraint: getZodConstraint(RefundSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RefundSchema }),
  })
  return (
    <section className="card subsidy-section" aria-labelledby="refund-h">
      <h2 id="refund-h">{t('subsidy.detail.refund')}</h2>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="refund" />
        <TextField meta={fields.note} label={t('subsidy.detail.refundNote')} required />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            {t('subsidy.detail.recordRefund')}
          </button>
        </div>
      </Form>
    </section>
  )
}
