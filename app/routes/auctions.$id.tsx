import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { z } from 'zod'
import { AuctionPhaseBadge } from '~/components/auctions/lot-bits'
import { LiveBidding, liveBiddingLinks } from '~/components/auctions/live-bidding'
import { RESULT_PANEL_CSS, ResultPanel } from '~/components/auctions/result-panel'
import { CheckboxField, FormErrors, Notice, SelectField } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import { TermsFacts } from '~/components/notice-bits'
import auctionStyles from '~/styles/auctions-lifecycle.css?url'
import { getPrincipal, requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { attempt } from '~/utils/forms.server'
import { formatDate, formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { submitBid, submitProxy } from '../../server/auctions/commands'
import { auctionPage, registerBidder, withdrawAuction } from '../../server/auctions/lifecycle'
import { BidFormSchema, ProxyFormSchema, RegisterBidderSchema, SealedFormSchema } from '../../server/auctions/lifecycle-schemas'
import { markPaid, signConfirmation, submitSealedBid } from '../../server/auctions/closing'
import type { MessageKey } from '../../server/i18n/catalog'
import { fenToWan, formatFen } from '../../server/platform/money'

// /auctions/:id — one lot (ADR 028): the announcement (竞价公告: materials,
// rules, schedule, start price, increment, deposit, whether there is a
// reserve, the count of registered bidders), registration and deposit
// instructions, the live bidding panel and the result. The action registers
// bidders, withdraws the lot, takes bids and proxy maxima without JavaScript,
// and hands the winner's signature, 已付款 and sealed bids to the closing part.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: auctionStyles }, ...liveBiddingLinks(), { rel: 'stylesheet', href: RESULT_PANEL_CSS }]

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'auction.page.pageTitle', { title: data?.page.lot.title ?? '' })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await getPrincipal(request, context)
  const now = new Date()
  const page = await orErrorPage(() => auctionPage(context.services.db, principal, params.id ?? '', now))
  const c = context.services.config
  return {
    page,
    bank: page.mine.length ? { name: c.AUCTION_BANK_NAME, accountName: c.AUCTION_BANK_ACCOUNT_NAME, account: c.AUCTION_BANK_ACCOUNT } : null,
    serverNow: now.toISOString(),
  }
}

const Intent = (intent: string) => z.object({ intent: z.literal(intent) })
const DONE = ['applied', 'registered', 'withdrawn', 'bid', 'proxy', 'sealed', 'signed', 'paid'] as const

/** A refused bid as a form error the page shows at the amount. */
function bidRefusal(reason: string, minNextFen: number) {
  return `auction.bid.reason.${reason}${reason === 'too_low' ? `|min=${fenToWan(minNextFen)}` : ''}`
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = params.id ?? ''
  const db = context.services.db
  const meta = requestMeta(context)
  const principal = await requireUser(request, context)
  const formData = await request.formData()
  const intent = formData.get('intent')
  const back = (done: (typeof DONE)[number]) => redirect(`/auctions/${id}?done=${done}`)

  const closingStep = async (step: (...args: Parameters<typeof markPaid>) => Promise<unknown>, done: (typeof DONE)[number]) => {
    const submission = parseWithZod(formData, { schema: Intent(String(intent)) })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const r = await attempt(submission, () => step(db, principal, id, meta))
    return r.ok ? back(done) : r.response
  }

  switch (intent) {
    case 'register': {
      const submission = parseWithZod(formData, { schema: RegisterBidderSchema })
      if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => registerBidder(db, principal, id, { orgId: submission.value.orgId }, meta))
      return r.ok ? back('registered') : r.response
    }
    case 'withdraw': {
      const submission = parseWithZod(formData, { schema: Intent('withdraw') })
      if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
      const r = await attempt(submission, () => withdrawAuction(db, principal, id, meta))
      return r.ok ? back('withdrawn') : r.response
    }
    case 'bid':
    case 'proxy':
    case 'sealed': {
      const schema = intent === 'bid' ? BidFormSchema : intent === 'proxy' ? ProxyFormSchema : SealedFormSchema
      const submission = parseWithZod(formData, { schema })
      if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
      const v = submission.value as { amount?: number | null; max?: number | null; key: string }
      const field = intent === 'proxy' ? 'max' : 'amount'
      let answer: { ok: boolean; reason?: string; minNextFen?: number }
      if (intent === 'sealed') {
        answer = await submitSealedBid(db, principal, { auctionId: id, amountFen: v.amount, key: v.key })
      } else if (intent === 'bid') {
        answer = await submitBid(db, principal, { auctionId: id, amountFen: v.amount, key: v.key })
      } else {
        answer = await submitProxy(db, principal, { auctionId: id, maxFen: v.max, key: v.key })
      }
      if (answer.ok) return back(intent)
      const message = bidRefusal(answer.reason ?? 'invalid', answer.minNextFen ?? 0)
      const status = answer.reason === 'not_found' ? 404 : answer.reason === 'invalid' ? 400 : 409
      return data({ result: submission.reply({ fieldErrors: { [field]: [message] } }) }, { status })
    }
    case 'sign':
      return closingStep(signConfirmation, 'signed')
    case 'markPaid':
      return closingStep(markPaid, 'paid')
    default:
      throw new Response('Bad request', { status: 400 })
  }
}

type ActionData = { result: SubmissionResult<string[]> } | undefined
type LoaderData = Awaited<ReturnType<typeof loader>>
type Page = LoaderData['page']

export default function AuctionLotPage() {
  const t = useT()
  const location = useLocation()
  const { page, bank } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData
  const lot = page.lot
  const done = DONE.find((d) => d === new URLSearchParams(location.search).get('done'))
  const replyTo = actionData?.result.initialValue?.intent
  const reply = (intent: string) => (replyTo === intent ? actionData : undefined)
  const bidReply = replyTo === 'bid' || replyTo === 'proxy' || replyTo === 'sealed'
  const errors = actionData?.result.error
  // Errors of forms without fields of their own, and a refused bid whose form this viewer is not shown, go to the top.
  const topErrors =
    replyTo === 'withdraw' || replyTo === 'sign' || replyTo === 'markPaid'
      ? errors?.['']
      : bidReply
        ? [...(errors?.[''] ?? []), ...(errors?.amount ?? []), ...(errors?.max ?? [])]
        : undefined
  const showLive = lot.status === 'announced' || lot.status === 'sold' || lot.status === 'unsold' || lot.status === 'defaulted'
  return (
    <div className="container auction-page">
      <nav className="breadcrumbs" aria-label={t('ach.breadcrumbs')}>
        <Link to="/auctions">{t('auction.page.breadcrumb')}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{lot.title}</span>
      </nav>
      <PageHeader title={lot.title} lead={t('auction.page.lead', { org: lot.orgName, format: t(`auction.format.${lot.format}` as MessageKey) })}>
        <AuctionPhaseBadge phase={page.phase} />
      </PageHeader>
      {done ? <Notice kind="success">{t(`auction.done.${done}` as MessageKey)}</Notice> : null}
      {topErrors?.length ? <FormErrors id="auction-errors" errors={topErrors} /> : null}
      {page.phase === 'applied' ? <Notice kind="info">{t('auction.page.underReview')}</Notice> : null}
      {page.phase === 'rejected' ? (
        <Notice kind="warning">
          {t('auction.page.rejected')}
          {lot.reviewNote ? ` ${t('auction.page.reviewNote', { note: lot.reviewNote })}` : ''}
        </Notice>
      ) : null}
      {page.phase === 'withdrawn' ? <Notice kind="info">{t('auction.page.withdrawn')}</Notice> : null}

      <div className="detail-layout">
        <div className="detail-main">
          {page.result ? <ResultPanel result={page.result} /> : null}
          {showLive ? <LiveBidding live={page.live} /> : null}
          <Announcement page={page} />
        </div>
        <aside className="detail-side">
          <RegisterCard page={page} actionData={reply('register')} />
          {page.mine.map((m) => (
            <DepositCard key={m.id} reg={m} lot={lot} bank={bank} />
          ))}
          {page.can.manage ? <ManageCard page={page} /> : null}
        </aside>
      </div>
      <p className="small muted">{t('auction.page.times', { zone: t('auction.page.beijing') })}</p>
    </div>
  )
}

function Announcement({ page }: { page: Page }) {
  const t = useT()
  const locale = useLocale()
  const lot = page.lot
  const terms = lot.terms
  return (
    <section className="card" aria-labelledby="announcement-h">
      <h2 id="announcement-h">{t('auction.page.announcement')}</h2>
      {lot.summary ? <p className="prose">{lot.summary}</p> : null}
      <h3>{t('auction.page.items')}</h3>
      <ul className="auction-items">
        {page.items.map((i) => (
          <li key={i.id}>
            {i.public ? <Link to={`/achievements/${i.id}`}>{i.title}</Link> : <span>{i.title}</span>}
            {i.trl ? <span className="muted small"> · TRL {i.trl}</span> : null}
            {i.summary ? <p className="small muted">{i.summary.length > 160 ? `${i.summary.slice(0, 160)}…` : i.summary}</p> : null}
          </li>
        ))}
      </ul>
      <h3>{t('auction.page.figures')}</h3>
      <dl className="facts">
        <dt>{t('auction.page.format')}</dt>
        <dd>{t(`auction.format.${lot.format}` as MessageKey)}</dd>
        <dt>{t('auction.page.startPrice')}</dt>
        <dd>
          <strong>{formatFen(lot.startPriceFen, locale)}</strong>
        </dd>
        {lot.format === 'english' ? (
          <>
            <dt>{t('auction.page.increment')}</dt>
            <dd>{formatFen(lot.incrementFen, locale)}</dd>
          </>
        ) : null}
        <dt>{t('auction.page.reserve')}</dt>
        <dd data-testid="reserve">
          {lot.hasReserve ? t('auction.page.hasReserve') : t('auction.page.noReserve')}
          {lot.reserveFen !== null ? <span className="muted small"> · {t('auction.page.reserveOwn', { amount: formatFen(lot.reserveFen, locale) })}</span> : null}
        </dd>
        <dt>{t('auction.page.deposit')}</dt>
        <dd>{formatFen(lot.depositFen, locale)}</dd>
        <TermsFacts terms={terms} />
        <dt>{t('auction.page.bidders')}</dt>
        <dd>{lot.allowedOrgTypes.map((o) => t(`orgType.${o}` as MessageKey)).join('、')}</dd>
        <dt>{t('auction.page.registered')}</dt>
        <dd data-testid="registration-count">{t('auction.page.registeredCount', { n: page.registrationCount })}</dd>
      </dl>
      <h3>{t('auction.page.schedule')}</h3>
      <dl className="facts">
        {lot.announcedAt ? (
          <>
            <dt>{t('auction.page.announcedAt')}</dt>
            <dd>{formatDateTime(locale, lot.announcedAt)}</dd>
          </>
        ) : null}
        <dt>{t('auction.page.startsAt')}</dt>
        <dd>
          <time dateTime={new Date(lot.startsAt).toISOString()}>{formatDateTime(locale, lot.startsAt)}</time>
        </dd>
        <dt>{t('auction.page.endsAt')}</dt>
        <dd>
          <time dateTime={new Date(lot.scheduledEndAt).toISOString()}>{formatDateTime(locale, lot.scheduledEndAt)}</time>
          {new Date(lot.endsAt).getTime() !== new Date(lot.scheduledEndAt).getTime() ? (
            <span className="small"> · {t('auction.page.extendedTo', { at: formatDateTime(locale, lot.endsAt) })}</span>
          ) : null}
        </dd>
      </dl>
      <h3>{t('auction.page.rules')}</h3>
      <ol className="auction-rules small">
        <li>{t('auction.rules.eligibility', { types: lot.allowedOrgTypes.map((o) => t(`orgType.${o}` as MessageKey)).join('、') })}</li>
        <li>{t('auction.rules.deposit', { amount: formatFen(lot.depositFen, locale) })}</li>
        {lot.format === 'english' ? (
          <>
            <li>{t('auction.rules.english', { start: formatFen(lot.startPriceFen, locale), increment: formatFen(lot.incrementFen, locale) })}</li>
            <li>{t('auction.rules.extension', { minutes: Math.round(page.rules.extensionSeconds / 60) })}</li>
            <li>{t('auction.rules.proxy')}</li>
          </>
        ) : (
          <li>{t('auction.rules.sealed', { start: formatFen(lot.startPriceFen, locale) })}</li>
        )}
        <li>{t('auction.rules.reserve')}</li>
        <li>{t('auction.rules.paddle')}</li>
        <li>{t('auction.rules.result', { signDays: page.rules.signDays, paymentDays: page.rules.paymentDays })}</li>
        <li>{t('auction.rules.default')}</li>
      </ol>
      {lot.relistedFrom ? (
        <p className="small muted">
          <Link to={`/auctions/${lot.relistedFrom}`}>{t('auction.page.relistedFrom')}</Link>
        </p>
      ) : null}
      <p className="small muted">{t('auction.page.announcedDays', { days: page.rules.announcementDays, date: formatDate(locale, lot.startsAt) })}</p>
    </section>
  )
}

function RegisterCard({ page, actionData }: { page: Page; actionData: ActionData }) {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const [form, fields] = useForm({
    id: 'register',
    lastResult: actionData?.result,
    constraint: getZodConstraint(RegisterBidderSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegisterBidderSchema }),
    defaultValue: { orgId: page.registrableOrgs[0]?.id },
  })
  if (!page.can.register && !page.can.signInToRegister) return null
  return (
    <section className="card" aria-labelledby="register-h">
      <h2 id="register-h">{t('auction.register.title')}</h2>
      <p className="muted small">{t('auction.register.lead', { amount: formatFen(page.lot.depositFen, locale) })}</p>
      {page.can.signInToRegister ? (
        <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`} className="btn btn-secondary">
          {t('auction.register.signIn')}
        </Link>
      ) : (
        <Form method="post" className="form" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="register" />
          {page.registrableOrgs.length > 1 ? (
            <SelectField meta={fields.orgId} label={t('auction.register.actAs')} options={page.registrableOrgs.map((o) => ({ value: o.id, label: o.name }))} required />
          ) : (
            <>
              <input type="hidden" name="orgId" value={page.registrableOrgs[0]?.id ?? ''} />
              <p className="acting-org">
                <span className="muted">{t('auction.register.actAs')}：</span>
                <strong>{page.registrableOrgs[0]?.name}</strong>
              </p>
            </>
          )}
          <CheckboxField meta={fields.acceptRules} label={t('auction.register.accept')} />
          <button type="submit" className="btn btn-primary">
            {t('auction.register.submit')}
          </button>
        </Form>
      )}
    </section>
  )
}

function DepositCard({ reg, lot, bank }: { reg: Page['mine'][number]; lot: Page['lot']; bank: LoaderData['bank'] }) {
  const t = useT()
  const locale = useLocale()
  return (
    <section className="card deposit-card" aria-labelledby={`deposit-${reg.id}`} data-testid="deposit-card">
      <h2 id={`deposit-${reg.id}`}>{t('auction.deposit.title')}</h2>
      <p>
        {t('auction.deposit.registeredAs', { org: reg.orgName })} <strong className="paddle">{t('auction.deposit.paddle', { n: reg.paddleNo })}</strong>
      </p>
      <p>
        <span className={`badge badge-deposit-${reg.depositStatus}`} data-testid="deposit-status">
          {t(`auction.deposit.status.${reg.depositStatus}` as MessageKey)}
        </span>
      </p>
      {reg.depositStatus === 'pending' && bank ? (
        <>
          <p className="small">{t('auction.deposit.instructions')}</p>
          <dl className="facts small">
            <dt>{t('auction.deposit.amount')}</dt>
            <dd>
              <strong>{formatFen(reg.depositFen, locale)}</strong>
            </dd>
            <dt>{t('auction.deposit.bank')}</dt>
            <dd>{bank.name}</dd>
            <dt>{t('auction.deposit.accountName')}</dt>
            <dd>{bank.accountName}</dd>
            <dt>{t('auction.deposit.account')}</dt>
            <dd className="mono">{bank.account}</dd>
            <dt>{t('auction.deposit.reference')}</dt>
            <dd className="mono reference" data-testid="deposit-reference">
              {reg.reference}
            </dd>
          </dl>
          <p className="small muted">{t('auction.deposit.deadline', { at: formatDateTime(locale, lot.endsAt) })}</p>
        </>
      ) : null}
      {reg.receiptNo ? (
        <p className="small">
          {t('auction.deposit.receiptNo', { no: reg.receiptNo })}{' '}
          <a href={`/auctions/${lot.id}/receipt.pdf?registration=${reg.id}`} download>
            {t('auction.deposit.receipt')}
          </a>
        </p>
      ) : null}
    </section>
  )
}

function ManageCard({ page }: { page: Page }) {
  const t = useT()
  const locale = useLocale()
  return (
    <section className="card" aria-labelledby="manage-h">
      <h2 id="manage-h">{t('auction.manage.title')}</h2>
      <h3 className="small">{t('auction.manage.registrations')}</h3>
      {page.registrations.length === 0 ? (
        <p className="muted small">{t('auction.manage.none')}</p>
      ) : (
        <ul className="small">
          {page.registrations.map((r) => (
            <li key={r.id}>
              {r.orgName
                ? t('auction.manage.registration', { paddle: r.paddleNo, org: r.orgName, user: r.userName ?? '', date: formatDate(locale, r.at) })
                : t('auction.manage.registrationAnonymous', { paddle: r.paddleNo, date: formatDate(locale, r.at) })}{' '}
              ·{' '}
              {t(`auction.deposit.status.${r.depositStatus}` as MessageKey)}
            </li>
          ))}
        </ul>
      )}
      {page.can.review ? (
        <p>
          <Link to="/admin/auctions">{t('auction.manage.toReview')}</Link>
        </p>
      ) : null}
      {page.can.relist ? (
        <p>
          <Link to={`/auctions/new?relist=${page.lot.id}`} className="btn btn-secondary">
            {t('auction.manage.relist')}
          </Link>
        </p>
      ) : null}
      {page.can.withdraw ? (
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw" />
          <p className="small muted">{t('auction.manage.withdrawLead')}</p>
          <button type="submit" className="btn btn-ghost">
            {t('auction.manage.withdraw')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
