import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { FormErrors, Notice, TextField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import auctionStyles from '~/styles/auctions-lifecycle.css?url'
import { requestMeta, requirePermission } from '~/utils/auth.server'
import { attempt } from '~/utils/forms.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { adminAuctionQueues, confirmDeposit, reviewAuction } from '../../server/auctions/lifecycle'
import { ConfirmDepositSchema, ReviewSchema } from '../../server/auctions/lifecycle-schemas'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'

// /admin/auctions — the platform admin's desk for auctions (ADR 028): review
// applications (approve announces the lot; reject needs a note), and confirm
// deposits against the bank's reference of the transfer, which numbers the
// bidder's receipt.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: auctionStyles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'auction.admin.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'admin:area' })
  return { queues: await adminAuctionQueues(context.services.db, principal) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'admin:area' })
  const db = context.services.db
  const meta = requestMeta(context)
  const formData = await request.formData()
  const intent = formData.get('intent')
  if (intent === 'review') {
    const submission = parseWithZod(formData, { schema: ReviewSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const v = submission.value
    const r = await attempt(submission, () => reviewAuction(db, principal, v.auctionId, { decision: v.decision, note: v.note }, meta))
    return r.ok ? redirect(`/admin/auctions?done=${r.value.status}`) : r.response
  }
  if (intent === 'confirmDeposit') {
    const submission = parseWithZod(formData, { schema: ConfirmDepositSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const v = submission.value
    const r = await attempt(submission, () => confirmDeposit(db, principal, v.registrationId, { bankReference: v.bankReference }, meta))
    return r.ok ? redirect(`/admin/auctions?done=confirmed&receipt=${encodeURIComponent(r.value.receiptNo)}`) : r.response
  }
  throw new Response('Bad request', { status: 400 })
}

type ActionData = { result: SubmissionResult<string[]> } | undefined
type Queues = Awaited<ReturnType<typeof loader>>['queues']

export default function AdminAuctions() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const { queues } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const q = new URLSearchParams(location.search)
  const done = ['announced', 'rejected', 'confirmed'].find((d) => d === q.get('done'))
  const replyFor = (field: 'auctionId' | 'registrationId', id: string) => (actionData?.result.initialValue?.[field] === id ? actionData : undefined)
  return (
    <div className="container admin-auctions">
      <PageHeader title={t('auction.admin.pageTitle')} lead={t('auction.admin.lead')} />
      {done ? <Notice kind="success">{t(`auction.admin.done.${done}` as MessageKey, { receipt: q.get('receipt') ?? '' })}</Notice> : null}

      <section className="auction-section" aria-labelledby="applications-h">
        <h2 id="applications-h">{t('auction.admin.applications')}</h2>
        {queues.applications.length === 0 ? (
          <p className="card muted">{t('auction.admin.noApplications')}</p>
        ) : (
          <ul className="auction-list">
            {queues.applications.map((a) => (
              <li key={a.id} className="card" data-testid="application">
                <h3>
                  <Link to={`/auctions/${a.id}`}>{a.title}</Link>
                </h3>
                <p className="muted small">
                  {a.org_name} · {t(`auction.format.${a.format}` as MessageKey)} · {t('auction.admin.appliedAt', { at: formatDateTime(locale, a.created_at) })}
                  {a.relisted_from ? ` · ${t('auction.admin.relist')}` : ''}
                </p>
                <dl className="facts small">
                  <dt>{t('auction.page.startPrice')}</dt>
                  <dd>{formatFen(a.start_price_fen, locale)}</dd>
                  <dt>{t('auction.page.reserve')}</dt>
                  <dd>{a.reserve_fen === null ? t('auction.page.noReserve') : formatFen(a.reserve_fen, locale)}</dd>
                  <dt>{t('auction.page.deposit')}</dt>
                  <dd>{formatFen(a.deposit_fen, locale)}</dd>
                  <dt>{t('auction.page.startsAt')}</dt>
                  <dd>{formatDateTime(locale, a.starts_at)}</dd>
                  <dt>{t('auction.page.endsAt')}</dt>
                  <dd>{formatDateTime(locale, a.ends_at)}</dd>
                </dl>
                <ReviewForm auctionId={a.id} actionData={replyFor('auctionId', a.id)} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="auction-section" aria-labelledby="deposits-h">
        <h2 id="deposits-h">{t('auction.admin.deposits')}</h2>
        <p className="muted small">{t('auction.admin.depositsLead')}</p>
        {queues.deposits.length === 0 ? (
          <p className="card muted">{t('auction.admin.noDeposits')}</p>
        ) : (
          <ul className="auction-list">
            {queues.deposits.map((d) => (
              <li key={d.id} className="card" data-testid="pending-deposit">
                <p>
                  <strong>{d.org_name}</strong> <span className="muted small">{d.org_credit_code}</span>
                </p>
                <p className="small">
                  <Link to={`/auctions/${d.auction_id}`}>{d.title}</Link> · {t('auction.deposit.paddle', { n: d.paddle_no })} · {formatFen(d.deposit_fen, locale)}
                </p>
                <p className="small">
                  {t('auction.deposit.reference')}: <span className="mono">{d.reference}</span>
                </p>
                <DepositForm registrationId={d.id} actionData={replyFor('registrationId', d.id)} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <RecentDeposits recent={queues.recent} />
    </div>
  )
}

function ReviewForm({ auctionId, actionData }: { auctionId: string; actionData: ActionData }) {
  const t = useT()
  const [form, fields] = useForm({
    id: `review-${auctionId}`,
    lastResult: actionData?.result,
    constraint: getZodConstraint(ReviewSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReviewSchema }),
  })
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="review" />
      <input type="hidden" name="auctionId" value={auctionId} />
      <TextField meta={fields.note} label={t('auction.admin.note')} hint={t('auction.admin.noteHint')} />
      <div className="form-actions">
        <button type="submit" name="decision" value="approve" className="btn btn-primary">
          {t('auction.admin.approve')}
        </button>
        <button type="submit" name="decision" value="reject" className="btn btn-secondary">
          {t('auction.admin.reject')}
        </button>
      </div>
    </Form>
  )
}

function DepositForm({ registrationId, actionData }: { registrationId: string; actionData: ActionData }) {
  const t = useT()
  const [form, fields] = useForm({
    id: `deposit-${registrationId}`,
    lastResult: actionData?.result,
    constraint: getZodConstraint(ConfirmDepositSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConfirmDepositSchema }),
  })
  return (
    <Form method="post" className="form form-inline" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="confirmDeposit" />
      <input type="hidden" name="registrationId" value={registrationId} />
      <TextField meta={fields.bankReference} label={t('auction.admin.bankReference')} hint={t('auction.admin.bankReferenceHint')} required />
      <button type="submit" className="btn btn-primary">
        {t('auction.admin.confirm')}
      </button>
    </Form>
  )
}

function RecentDeposits({ recent }: { recent: Queues['recent'] }) {
  const t = useT()
  const locale = useLocale()
  if (recent.length === 0) return null
  return (
    <section className="auction-section" aria-labelledby="recent-h">
      <h2 id="recent-h">{t('auction.admin.recent')}</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('auction.admin.receiptNo')}</th>
              <th scope="col">{t('auction.admin.bidder')}</th>
              <th scope="col">{t('auction.admin.lot')}</th>
              <th scope="col">{t('auction.deposit.amount')}</th>
              <th scope="col">{t('auction.admin.bankReference')}</th>
              <th scope="col">{t('auction.admin.confirmedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={`/auctions/${d.auction_id}/receipt.pdf?registration=${d.id}`} className="mono">
                    {d.receipt_no}
                  </a>
                </td>
                <td>
                  {d.org_name} · {t('auction.deposit.paddle', { n: d.paddle_no })}
                </td>
                <td>
                  <Link to={`/auctions/${d.auction_id}`}>{d.title}</Link>
                </td>
                <td>
                  {formatFen(d.deposit_fen, locale)} · {t(`auction.deposit.status.${d.deposit_status}` as MessageKey)}
                </td>
                <td className="mono">{d.bank_reference}</td>
                <td>{d.deposit_confirmed_at ? formatDateTime(locale, d.deposit_confirmed_at) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
