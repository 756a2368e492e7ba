import { Form, Link } from '@remix-run/react'
import resultStyles from '~/styles/auction-result.css?url'
import { formatDate, formatDateTime, useLocale, useT } from '~/utils/i18n'
import type { ResultView } from '../../../server/auctions/result-view'
import type { MessageKey } from '../../../server/i18n/catalog'
import { formatFen } from '../../../server/platform/money'

// The result panel of a lot's page (ADR 029): the outcome, 成交公示 (price,
// buyer, date) while published, the confirmation with its verification link
// and PDF for the parties, the deadlines, the sign / mark-paid buttons (the
// page's action takes intents `sign` and `markPaid`), the viewer's deposit,
// and a sealed lot's opened bids.

/** The panel's stylesheet: the lot page adds it to its `links` ({ rel: 'stylesheet', href: RESULT_PANEL_CSS }). */
export const RESULT_PANEL_CSS = resultStyles

export function ResultPanel({ result }: { result: ResultView | null }) {
  const t = useT()
  const locale = useLocale()
  if (!result) return null
  const r = result
  const money = (fen: number) => formatFen(fen, locale)
  const sold = r.outcome !== 'unsold'
  return (
    <section className="card auction-result" data-outcome={r.outcome} aria-labelledby="auction-result-h" data-testid="auction-result">
      <h2 id="auction-result-h">{t('auction.result.title')}</h2>
      <p>
        <span className="result-outcome">{t(`auction.result.outcome.${r.outcome}` as MessageKey)}</span>
      </p>
      {r.outcome === 'unsold' ? <p>{t('auction.result.unsoldText')}</p> : null}
      {r.outcome === 'defaulted' ? <p>{t('auction.result.defaultedText')}</p> : null}
      {!r.published ? <p className="muted">{t('auction.result.notPublished')}</p> : null}
      {r.published && sold && r.hammerPriceFen !== null ? (
        <>
          <h3 className="small muted">{t('auction.result.publicity')}</h3>
          <p className="result-price" data-testid="hammer-price">
            {money(r.hammerPriceFen)}
          </p>
          <dl className="facts">
            {r.buyerName ? (
              <>
                <dt>{t('auction.result.buyer')}</dt>
                <dd>{r.buyerName}</dd>
              </>
            ) : null}
            {r.winnerPaddle !== null ? (
              <>
                <dt>{t('auction.result.paddle')}</dt>
                <dd>{r.winnerPaddle}</dd>
              </>
            ) : null}
            <dt>{t('auction.result.closedAt')}</dt>
            <dd>{r.closedAt ? formatDateTime(locale, r.closedAt) : ''}</dd>
            {r.confirmationNo ? (
              <>
                <dt>{t('auction.result.confirmationNo')}</dt>
                <dd>
                  {r.confirmationNo}
                  {r.verifyPath ? (
                    <>
                      {' · '}
                      <Link to={r.verifyPath}>{t('auction.result.verify')}</Link>
                    </>
                  ) : null}
                </dd>
              </>
            ) : null}
            {r.signDeadline ? (
              <>
                <dt>{t('auction.result.signDeadline')}</dt>
                <dd>{r.signedAt ? `${t('auction.result.signedAt')} ${formatDateTime(locale, r.signedAt)}` : formatDateTime(locale, r.signDeadline)}</dd>
              </>
            ) : null}
            {r.paymentDeadline ? (
              <>
                <dt>{t('auction.result.paymentDeadline')}</dt>
                <dd>{r.paidAt ? `${t('auction.result.paidAt')} ${formatDateTime(locale, r.paidAt)}` : formatDateTime(locale, r.paymentDeadline)}</dd>
              </>
            ) : null}
          </dl>
        </>
      ) : r.published && r.closedAt ? (
        <dl className="facts">
          <dt>{t('auction.result.endedAt')}</dt>
          <dd>{formatDateTime(locale, r.closedAt)}</dd>
        </dl>
      ) : null}
      {r.publishedUntil && r.published ? <p className="small muted">{t('auction.result.publishedUntil', { date: formatDate(locale, r.publishedUntil) })}</p> : null}

      {r.can.sign || r.can.markPaid || r.confirmationPdfPath || r.dealId || r.can.relist ? (
        <div className="result-actions">
          {r.can.sign ? (
            <Form method="post" data-testid="sign-form">
              <input type="hidden" name="intent" value="sign" />
              <p className="small muted">{t('auction.result.signHint')}</p>
              <button type="submit" className="btn btn-primary">
                {t('auction.result.sign')}
              </button>
            </Form>
          ) : null}
          {r.can.markPaid ? (
            <Form method="post">
              <input type="hidden" name="intent" value="markPaid" />
              <button type="submit" className="btn btn-primary">
                {t('auction.result.markPaid')}
              </button>
            </Form>
          ) : null}
          {r.confirmationPdfPath ? (
            <a href={r.confirmationPdfPath} className="btn btn-secondary" data-testid="confirmation-pdf">
              {t('auction.result.pdf')}
            </a>
          ) : null}
          {r.dealId ? (
            <Link to={`/deals/${r.dealId}`} className="btn btn-secondary" data-testid="deal-link">
              {t('auction.result.deal')}
            </Link>
          ) : null}
          {r.can.relist && r.auctionId ? (
            <Link to={`/auctions/new?relist=${r.auctionId}`} className="btn btn-secondary">
              {t('auction.result.relist')}
            </Link>
          ) : null}
        </div>
      ) : null}

      {r.myDeposit ? (
        <p className="result-deposit" data-testid="my-deposit" data-status={r.myDeposit.status}>
          <strong>{t('auction.result.myDeposit')}：</strong>
          {t(`auction.result.deposit.${r.myDeposit.status}` as MessageKey, { amount: money(r.myDeposit.amountFen) })}
        </p>
      ) : null}

      {r.sealedBids.length ? (
        <>
          <h3>{t('auction.result.sealedBids')}</h3>
          <div className="table-wrap">
            <table className="sealed-table">
              <thead>
                <tr>
                  <th scope="col">{t('auction.result.paddle')}</th>
                  <th scope="col">{t('auction.result.sealedAmount')}</th>
                  <th scope="col">{t('auction.result.sealedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {r.sealedBids.map((b) => {
                  const won = sold && b.paddleNo === r.winnerPaddle
                  return (
                    <tr key={b.paddleNo} className={won ? 'winner' : undefined}>
                      <td>
                        {b.paddleNo}
                        {won ? ` · ${t('auction.result.winnerMark')}` : ''}
                      </td>
                      <td>{money(b.amountFen)}</td>
                      <td>{formatDateTime(locale, b.at)}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  )
}
