import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import type { LiveLotView } from '../../../server/auctions/live-view'
import { isMessageKey, type Locale, type MessageKey } from '../../../server/i18n/catalog'
import { fenToWan, formatFen } from '../../../server/platform/money'
import { dateTimeFormat } from '../../../server/platform/intl'
import { CommandForm, type CommandResult } from './live-command-form'
import liveStyles from '~/styles/auction-live.css?url'
import { applyBids, applyClosed, initialState, quickAmount, standing, type BidsUpdate, type LiveState } from '~/utils/auction-live-state'
import { useLocale, useT } from '~/utils/i18n'
import { useRealtimeStatus, useRoom } from '~/utils/realtime'
import { phaseAt, remaining } from '~/utils/server-clock'
import { useServerClock } from '~/utils/use-server-clock'

// The live bidding panel of a lot's page (ADR 031). It renders the loader's
// view (server/auctions/live-view.ts) at once, then follows room
// `auction:<id>` from the view's lastSeq: every `bids` event moves the price,
// the history, the leader and the end; `closed` reloads the page's data (the
// result panel takes over). After a reconnect the room hands over what was
// missed first, so the state is true again before anything else is shown. The
// countdown runs on the server's clock. Bids go over the socket.

/** The panel's stylesheet, for the page's `links`. */
export const liveBiddingLinks = () => [{ rel: 'stylesheet', href: liveStyles }]

const QUICK_STEPS = [1, 2, 5]

function formatTime(locale: Locale, iso: string, withDate = false) {
  const o: Intl.DateTimeFormatOptions = { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }
  return dateTimeFormat(locale, withDate ? { ...o, year: 'numeric', month: '2-digit', day: '2-digit' } : o).format(new Date(iso))
}

const isBidsUpdate = (a: unknown): a is BidsUpdate =>
  !!a && typeof a === 'object' && typeof (a as BidsUpdate).bidCount === 'number' && typeof (a as BidsUpdate).endsAt === 'string'

function refusal(answer: unknown, minNextFen: number): CommandResult {
  const reason = answer && typeof answer === 'object' && typeof (answer as { reason?: unknown }).reason === 'string' ? (answer as { reason: string }).reason : 'unavailable'
  const min = isBidsUpdate(answer) ? answer.minNextFen : minNextFen
  const key = `auction.bid.reason.${reason}`
  return { ok: false, key: isMessageKey(key) ? key : 'auction.bid.reason.unavailable', params: { min: fenToWan(min) } } satisfies CommandResult
}

export function LiveBidding({ live }: { live: LiveLotView }) {
  const t = useT()
  const locale = useLocale()
  const revalidator = useRevalidator()
  const [view, setView] = useState(live)
  const [state, setState] = useState<LiveState>(() => initialState(live))
  const [proxyMaxFen, setProxyMaxFen] = useState(live.me?.proxyMaxFen ?? null)
  const [sealedBid, setSealedBid] = useState(live.me?.sealedBid ?? null)
  // A new view from the loader (after the close, or any revalidation) is the truth from then on.
  if (view !== live) {
    setView(live)
    setState(initialState(live))
    setProxyMaxFen(live.me?.proxyMaxFen ?? null)
    setSealedBid(live.me?.sealedBid ?? null)
  }

  useRoom<Record<string, unknown>>(
    `auction:${live.auctionId}`,
    (e) => {
      const payload: unknown = e.payload
      if (e.kind === 'bids' && isBidsUpdate(payload)) setState((s) => applyBids(s, payload))
      else if (e.kind === 'closed') {
        setState((s) => applyClosed(s, e.payload))
        revalidator.revalidate()
      }
    },
    { afterSeq: live.lastSeq, enabled: live.canWatch },
  )
  const connection = useRealtimeStatus(live.canWatch)
  const clock = useServerClock(live.serverNow, connection.connections, live.canWatch)

  const phase = state.closed ? 'closed' : phaseAt({ phase: live.phase, startsAt: live.startsAt, endsAt: state.endsAt }, clock.serverMs)
  const target = phase === 'upcoming' ? live.startsAt : state.endsAt
  // Without a socket (anonymous visitors) the page asks again now and then while bidding runs; with one,
  // only once the end has passed and until the close is in, in case the `closed` event is slow.
  const revalidate = useRef(revalidator.revalidate)
  useEffect(() => {
    revalidate.current = revalidator.revalidate
  })
  const poll = phase === 'closing' || (!live.canWatch && phase === 'bidding')
  useEffect(() => {
    if (!poll) return
    const timer = setInterval(() => revalidate.current(), live.canWatch ? 10_000 : 15_000)
    return () => clearInterval(timer)
  }, [poll, live.canWatch])
  const left = remaining(target, clock.clientNow, clock.offsetMs)
  const pad = (n: number) => String(n).padStart(2, '0')
  const clockText = t(left.days ? 'auction.live.clockDays' : 'auction.live.clock', { d: left.days, hh: pad(left.hours), mm: pad(left.minutes), ss: pad(left.seconds) })
  const me = live.me
  const canBid = !!me && me.eligible && phase === 'bidding'
  const mine = standing(state, me?.paddleNo, proxyMaxFen !== null)
  const closedStatus = state.closed?.status ?? live.status
  const phaseKey = (phase === 'closed' && isMessageKey(`auction.live.phase.${closedStatus}`) ? `auction.live.phase.${closedStatus}` : `auction.live.phase.${phase}`) as MessageKey
  const english = live.format === 'english'
  const money = (fen: number) => formatFen(fen, locale)

  const answerOf = (kind: 'bid' | 'proxy' | 'sealed') => (answer: unknown, amountFen: number): CommandResult => {
    if (isBidsUpdate(answer)) setState((s) => applyBids(s, answer))
    const ok = !!answer && typeof answer === 'object' && (answer as { ok?: unknown }).ok === true
    if (!ok) return refusal(answer, state.minNextFen)
    if (kind === 'proxy') {
      const max = (answer as { proxyMaxFen?: unknown }).proxyMaxFen
      setProxyMaxFen(typeof max === 'number' ? max : amountFen)
      return { ok: true, key: 'auction.live.proxy.accepted', amounts: { amount: typeof max === 'number' ? max : amountFen } }
    }
    if (kind === 'sealed') {
      setSealedBid({ amountFen, at: new Date(clock.serverMs).toISOString() })
      return { ok: true, key: 'auction.live.sealed.accepted', amounts: { amount: amountFen } }
    }
    const a = answer as BidsUpdate & { extended?: boolean; bids?: { amountFen: number }[] }
    const placed = a.bids?.find((b) => b.amountFen === amountFen)?.amountFen ?? amountFen
    return a.extended
      ? { ok: true, key: 'auction.live.bid.acceptedExtended', amounts: { amount: placed }, params: { time: formatTime(locale, a.endsAt) } }
      : { ok: true, key: 'auction.live.bid.accepted', amounts: { amount: placed } }
  }

  return (
    <section className="card auction-live" data-phase={phase} aria-labelledby="auction-live-h">
      <header className="auction-live-head">
        <h2 id="auction-live-h">{t('auction.live.title')}</h2>
        <span className={`badge auction-live-phase auction-live-phase-${phase}`} data-testid="auction-phase">
          {t(phaseKey)}
        </span>
        {live.canWatch && phase !== 'closed' ? (
          <span className={`auction-live-conn ${connection.connected ? 'is-up' : 'is-down'}`} role="status">
            {connection.connected ? t('auction.live.connected') : connection.connections ? t('auction.live.reconnecting') : t('auction.live.connecting')}
          </span>
        ) : null}
      </header>

      {state.extendedTo && phase !== 'closed' ? (
        <p className="auction-live-extended" role="status" data-testid="extension-banner">
          {t('auction.live.extended', { time: formatTime(locale, state.extendedTo) })}
        </p>
      ) : null}

      <div className="auction-live-grid">
        <dl className="auction-live-figures">
          <div className="auction-live-price">
            <dt>{english && state.priceFen !== null ? t('auction.live.currentPrice') : t('auction.live.startPrice')}</dt>
            <dd data-testid="current-price">{money(english && state.priceFen !== null ? state.priceFen : live.startPriceFen)}</dd>
          </div>
          {english ? (
            <>
              <div>
                <dt>{t('auction.live.minNext')}</dt>
                <dd data-testid="min-next">{money(state.minNextFen)}</dd>
              </div>
              <div>
                <dt>{t('auction.live.increment')}</dt>
                <dd>{money(live.incrementFen)}</dd>
              </div>
              <div>
                <dt>{t('auction.live.bidCount')}</dt>
                <dd data-testid="bid-count">{t('auction.live.bidCountValue', { n: state.bidCount })}</dd>
              </div>
            </>
          ) : (
            <div>
              <dt>{t('auction.live.sealed.count')}</dt>
              <dd data-testid="sealed-count">{t('auction.live.sealed.countValue', { n: live.sealedCount })}</dd>
            </div>
          )}
        </dl>

        <div className="auction-live-clock">
          <p className="auction-live-until">
            {phase === 'upcoming' ? t('auction.live.until.upcoming') : phase === 'bidding' ? t(english ? 'auction.live.until.bidding' : 'auction.live.until.sealed') : t('auction.live.until.over')}
          </p>
          {phase === 'upcoming' || phase === 'bidding' ? (
            <p className="auction-live-countdown" role="timer" aria-live="off" data-testid="countdown">
              {clockText}
            </p>
          ) : null}
          <p className="small muted">
            {phase === 'upcoming' ? (
              <>
                {t('auction.live.startsAt')}<time dateTime={live.startsAt}>{formatTime(locale, live.startsAt, true)}</time>
                <br />
              </>
            ) : null}
            {t('auction.live.endsAt')}
            <time dateTime={state.endsAt} data-testid="ends-at">
              {formatTime(locale, state.endsAt, true)}
            </time>
            {state.endsAt !== live.scheduledEndAt ? t('auction.live.scheduledEnd', { time: formatTime(locale, live.scheduledEndAt) }) : null}
          </p>
          <p className="small muted">
            {phase === 'closed' && live.reserveMet !== null
              ? t(live.reserveMet ? 'auction.live.reserve.met' : 'auction.live.reserve.notMet')
              : t(live.hasReserve ? 'auction.live.reserve.yes' : 'auction.live.reserve.no')}
          </p>
        </div>
      </div>

      <div className="auction-live-me">
        {me ? (
          <>
            <p className="auction-live-paddle">{t('auction.live.myPaddle', { paddle: me.paddleNo })}</p>
            {english && mine && phase !== 'closed' ? (
              <p className={`auction-live-standing is-${mine}`} data-testid="standing" role="status">
                <strong>{t(`auction.live.standing.${mine}`)}</strong>
                {' · '}
                {mine === 'leading' ? t('auction.live.standing.leadingDetail') : t('auction.live.standing.outbidDetail', { min: money(state.minNextFen) })}
              </p>
            ) : null}
            <p className={`auction-live-deposit is-${me.depositStatus}`} data-testid="deposit-state">
              {t(`auction.live.deposit.${me.depositStatus}`, { amount: money(me.depositFen) })}
            </p>
          </>
        ) : live.sellerView ? (
          <p className="muted">{t('auction.live.ownLot')}</p>
        ) : live.canWatch ? (
          phase === 'closed' ? null : <p className="muted" data-testid="deposit-state">{t('auction.live.notRegistered')}</p>
        ) : (
          <p className="muted">
            {t('auction.live.signIn')} <a href={`/login?redirectTo=${encodeURIComponent(`/auctions/${live.auctionId}`)}`}>{t('auction.live.signInLink')}</a>
          </p>
        )}
      </div>

      {canBid && english ? (
        <div className="auction-live-forms">
          <CommandForm
            id="auction-bid"
            title={t('auction.live.bid.title')}
            hint={t('auction.live.bid.hint', { min: money(state.minNextFen), inc: money(live.incrementFen) })}
            label={t('auction.live.bid.amount')}
            name="amount"
            intent="bid"
            formKey={live.formKey && `${live.formKey}:bid`}
            suggestedFen={state.minNextFen}
            quick={QUICK_STEPS.map((steps) => ({ steps, amountFen: quickAmount(state, live.incrementFen, steps) }))}
            submitLabel={t('auction.live.bid.submit')}
            confirmText={(amount) => t('auction.live.bid.confirm', { amount })}
            confirmLabel={t('auction.live.bid.confirmButton')}
            check={(fen) => (fen < state.minNextFen ? t('auction.live.error.tooLow', { min: money(state.minNextFen) }) : null)}
            send={(amountFen, key) => ({ event: 'auction:bid', payload: { auctionId: live.auctionId, amountFen, key } })}
            onAnswer={answerOf('bid')}
          />
          <CommandForm
            id="auction-proxy"
            title={t('auction.live.proxy.title')}
            hint={
              <>
                {t('auction.live.proxy.hint')}
                {proxyMaxFen !== null ? (
                  <>
                    <br />
                    <strong data-testid="proxy-current">{t('auction.live.proxy.current', { amount: money(proxyMaxFen) })}</strong>
                  </>
                ) : null}
              </>
            }
            label={t('auction.live.proxy.max')}
            name="max"
            intent="proxy"
            formKey={live.formKey && `${live.formKey}:proxy`}
            suggestedFen={null}
            submitLabel={t('auction.live.proxy.submit')}
            confirmText={(amount) => t('auction.live.proxy.confirm', { amount })}
            confirmLabel={t('auction.live.proxy.confirmButton')}
            check={(fen) => (fen < state.minNextFen ? t('auction.live.error.tooLow', { min: money(state.minNextFen) }) : null)}
            send={(maxFen, key) => ({ event: 'auction:proxy', payload: { auctionId: live.auctionId, maxFen, key } })}
            onAnswer={answerOf('proxy')}
          />
        </div>
      ) : null}

      {!english && me ? (
        sealedBid ? (
          <p className="alert alert-success" data-testid="sealed-mine">
            {t('auction.live.sealed.mine', { amount: money(sealedBid.amountFen), time: formatTime(locale, sealedBid.at, true) })}
          </p>
        ) : canBid ? (
          <div className="auction-live-forms">
            <CommandForm
              id="auction-sealed"
              title={t('auction.live.sealed.title')}
              hint={t('auction.live.sealed.hint')}
              label={t('auction.live.sealed.amount')}
              name="amount"
              intent="sealed"
              formKey={live.formKey && `${live.formKey}:sealed`}
              suggestedFen={live.startPriceFen}
              submitLabel={t('auction.live.sealed.submit')}
              confirmText={(amount) => t('auction.live.sealed.confirm', { amount })}
              confirmLabel={t('auction.live.sealed.confirmButton')}
              check={(fen) => (fen < live.startPriceFen ? t('auction.live.error.tooLow', { min: money(live.startPriceFen) }) : null)}
              send={(amountFen, key) => ({ event: 'auction:sealed', payload: { auctionId: live.auctionId, amountFen, key } })}
              onAnswer={answerOf('sealed')}
            />
          </div>
        ) : null
      ) : null}

      {english ? <History state={state} myPaddle={me?.paddleNo ?? null} canWatch={live.canWatch} locale={locale} /> : null}
    </section>
  )
}

function History({ state, myPaddle, canWatch, locale }: { state: LiveState; myPaddle: number | null; canWatch: boolean; locale: Locale }) {
  const t = useT()
  if (!canWatch) return <p className="small muted">{t('auction.live.history.signIn')}</p>
  return (
    <section className="auction-live-history" aria-labelledby="auction-history-h">
      <h3 id="auction-history-h">{t('auction.live.history.title')}</h3>
      {state.history.length === 0 ? (
        <p className="muted">{t('auction.live.history.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="bid-history">
            <thead>
              <tr>
                <th scope="col">{t('auction.live.history.paddle')}</th>
                <th scope="col">{t('auction.live.history.amount')}</th>
                <th scope="col">{t('auction.live.history.time')}</th>
              </tr>
            </thead>
            <tbody>
              {state.history.map((b) => (
                <tr key={b.seq} className={b.paddleNo === myPaddle ? 'is-mine' : undefined}>
                  <td>
                    {b.paddleNo === myPaddle ? t('auction.live.history.me', { paddle: b.paddleNo }) : b.paddleNo}
                    {b.byProxy ? <span className="badge auction-live-proxy">{t('auction.live.history.proxy')}</span> : null}
                  </td>
                  <td>{formatFen(b.amountFen, locale)}</td>
                  <td>
                    <time dateTime={b.at}>{formatTime(locale, b.at)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
