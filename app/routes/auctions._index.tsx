import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AuctionPhaseBadge } from '~/components/auctions/lot-bits'
import { PageHeader } from '~/components/layout'
import auctionStyles from '~/styles/auctions-lifecycle.css?url'
import { getPrincipal } from '~/utils/auth.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { auctionList } from '../../server/auctions/lifecycle'
import { auctionRulesOn } from '../../server/auctions/policy'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'

// /auctions — 科技成果竞价, public: lots in their announcement period (公告期),
// lots open for bidding, and finished lots while their results are published
// (成交公示 with the buyer, 流拍). A seller's admins also see their own
// applications here, whatever their state.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: auctionStyles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'auction.list.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await getPrincipal(request, context)
  return { list: await auctionList(context.services.db, principal), announcementDays: auctionRulesOn(new Date()).announcementDays }
}

type Lot = Awaited<ReturnType<typeof loader>>['list']['upcoming'][number]

export default function AuctionList() {
  const t = useT()
  const locale = useLocale()
  const { list, announcementDays } = useLoaderData<typeof loader>()
  return (
    <div className="container auction-list-page">
      <PageHeader title={t('auction.list.pageTitle')} lead={t('auction.list.lead', { days: announcementDays })}>
        {list.mayApply ? (
          <Link to="/auctions/new" className="btn btn-primary">
            {t('auction.list.apply')}
          </Link>
        ) : null}
      </PageHeader>
      {list.mine.length ? (
        <section className="auction-section card" aria-labelledby="mine-h">
          <h2 id="mine-h">{t('auction.list.mine')}</h2>
          <ul className="auction-mine">
            {list.mine.map((m) => (
              <li key={m.id}>
                <Link to={`/auctions/${m.id}`}>{m.title}</Link> <AuctionPhaseBadge phase={m.phase} />{' '}
                <span className="muted small">{t('auction.list.startsAt', { at: formatDateTime(locale, m.startsAt) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Section id="live" title={t('auction.list.live')} empty={t('auction.list.noLive')} lots={list.live} />
      <Section id="upcoming" title={t('auction.list.upcoming')} empty={t('auction.list.noUpcoming')} lots={list.upcoming} />
      <Section id="finished" title={t('auction.list.finished')} empty={t('auction.list.noFinished')} lots={list.finished} />
      <p className="small muted">{t('auction.list.note')}</p>
    </div>
  )
}

function Section({ id, title, empty, lots }: { id: string; title: string; empty: string; lots: Lot[] }) {
  return (
    <section className="auction-section" aria-labelledby={`${id}-h`} data-testid={`auctions-${id}`}>
      <h2 id={`${id}-h`}>{title}</h2>
      {lots.length === 0 ? <p className="card muted">{empty}</p> : <LotCards lots={lots} />}
    </section>
  )
}

function LotCards({ lots }: { lots: Lot[] }) {
  const t = useT()
  const locale = useLocale()
  return (
    <ul className="auction-list">
      {lots.map((l) => (
        <li key={l.id} className="card auction-card">
          <div>
            <h3>
              <Link to={`/auctions/${l.id}`}>{l.title}</Link>
            </h3>
            <p className="muted small">
              {l.orgName} · {t(`auction.format.${l.format}` as MessageKey)} · <AuctionPhaseBadge phase={l.phase} />
            </p>
            <dl className="facts">
              <dt>{t('auction.page.startPrice')}</dt>
              <dd>{formatFen(l.startPriceFen, locale)}</dd>
              {l.status === 'sold' && l.hammerPriceFen !== null ? (
                <>
                  <dt>{t('auction.list.hammer')}</dt>
                  <dd>
                    <strong>{formatFen(l.hammerPriceFen, locale)}</strong>
                  </dd>
                  <dt>{t('auction.list.buyer')}</dt>
                  <dd>{l.buyerName ?? '—'}</dd>
                </>
              ) : null}
              {l.phase === 'bidding' && l.priceFen !== null && l.format === 'english' ? (
                <>
                  <dt>{t('auction.list.current')}</dt>
                  <dd>
                    <strong>{formatFen(l.priceFen, locale)}</strong> · {t('auction.list.bids', { n: l.bidCount })}
                  </dd>
                </>
              ) : null}
              {l.closedAt ? (
                <>
                  <dt>{t('auction.list.closedAt')}</dt>
                  <dd>{formatDateTime(locale, l.closedAt)}</dd>
                </>
              ) : (
                <>
                  <dt>{l.phase === 'announced' ? t('auction.page.startsAt') : t('auction.page.endsAt')}</dt>
                  <dd>
                    <time dateTime={new Date(l.phase === 'announced' ? l.startsAt : l.endsAt).toISOString()}>
                      {formatDateTime(locale, l.phase === 'announced' ? l.startsAt : l.endsAt)}
                    </time>
                  </dd>
                </>
              )}
            </dl>
          </div>
          <div className="auction-card-side">
            <p className="muted small">{t('auction.page.registeredCount', { n: l.registrations })}</p>
            {l.hasReserve && !l.closedAt ? <p className="muted small">{t('auction.page.hasReserve')}</p> : null}
            <p className="small">{t('auction.list.deposit', { amount: formatFen(l.depositFen, locale) })}</p>
          </div>
        </li>
      ))}
    </ul>
  )
}
