import { requireDealAccess } from '~/utils/deals.server'
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, NavLink, Outlet, useLoaderData, useRevalidator } from '@remix-run/react'
import { StageBadge, StageBar } from '~/components/deal-bits'
import dealStyles from '~/styles/deals.css?url'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { useRoom } from '~/utils/realtime'
import type { MessageKey } from '../../server/i18n/catalog'
import { roomHeader, roomSeq } from '../../server/deals/rooms'
import { roomName } from '../../server/realtime/publish'

// /deals/:id — a deal room (交易洽谈室): who is at the table, what is being
// negotiated, where it came from and how far it has got, with the tabs
// 洽谈 · 报价 · 成员 · 时间线 below. Anyone dealAccess refuses — outsiders, other
// enterprises, platform admins — gets 404; anonymous visitors sign in first.
// Structured changes (stage, members, offers, terms) reach an open page as
// room events and reload its data.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: dealStyles }]
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...pageTitle(matches, 'deals.room.pageTitle', { title: data?.room.title ?? '' }),
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { access } = await requireDealAccess(request, params, context)
  const db = context.services.db
  const lastSeq = await roomSeq(db, access.deal.id)
  const room = await roomHeader(db, access)
  return { room, lastSeq }
}

const STRUCTURAL = new Set(['stage', 'members', 'offer', 'terms'])

export default function DealRoom() {
  const t = useT()
  const locale = useLocale()
  const { room, lastSeq } = useLoaderData<typeof loader>()
  const revalidator = useRevalidator()
  useRoom(
    roomName('deal', room.id),
    (e) => {
      if (STRUCTURAL.has(e.kind) && revalidator.state === 'idle') revalidator.revalidate()
    },
    { afterSeq: lastSeq },
  )
  const seller = room.parties.filter((p) => p.side === 'seller')
  const buyers = room.parties.filter((p) => p.side === 'buyer')
  return (
    <div className="container deal-room">
      <nav className="breadcrumbs small" aria-label="breadcrumb">
        <Link to="/deals">{t('deals.list.title')}</Link>
      </nav>
      <header className="card deal-head">
        <div className="deal-head-top">
          <div>
            <p className="deal-kicker">{t('deals.room.kicker')}</p>
            <h1>{room.title}</h1>
          </div>
          <div className="deal-head-actions">
            <StageBadge stage={room.stage} />
            <a className="btn btn-secondary" href={`/deals/${room.id}/transcript.pdf`} download>
              {t('deals.room.transcript')}
            </a>
          </div>
        </div>
        <div className="deal-parties">
          {[...seller, ...buyers].map((p) => (
            <div key={p.orgId} className={`deal-party deal-party-${p.side}`}>
              <span className="deal-party-side">{t(`deals.side.${p.side}`)}</span>
              <Link to={`/o/${p.orgId}`} className="deal-party-name">
                {p.name}
              </Link>
            </div>
          ))}
          <div className="deal-party deal-party-manager">
            <span className="deal-party-side">{t('deals.room.managers')}</span>
            {room.managers.length ? (
              room.managers.map((m) => (
                <span key={m.userId} className="deal-party-name">
                  {m.name}
                  {m.agency ? <span className="muted small"> · {m.agency}</span> : null}
                </span>
              ))
            ) : (
              <span className="muted">{t('deals.room.noManager')}</span>
            )}
          </div>
        </div>
        <dl className="deal-facts small">
          <div>
            <dt>{t('deals.room.listings')}</dt>
            <dd>
              {room.listings.map((l, i) => (
                <span key={l.id}>
                  {i ? '；' : null}
                  <span className={`badge badge-kind-${l.kind}`}>{t(l.kind === 'achievement' ? 'deals.room.achievement' : 'deals.room.need')}</span>{' '}
                  <Link to={l.kind === 'achievement' ? `/achievements/${l.id}` : `/needs/${l.id}`}>{l.title}</Link>
                </span>
              ))}
            </dd>
          </div>
          <div>
            <dt>{t('deals.room.source')}</dt>
            <dd>
              {t(`deals.source.${room.source}` as MessageKey)} · {t('deals.room.openedOn', { date: formatDate(locale, room.createdAt) })}
            </dd>
          </div>
        </dl>
        <StageBar stage={room.stage} lostAt={room.lostAt} />
        {room.closedReason ? (
          <p className="alert alert-warning deal-closed" role="status">
            <strong>{t('deals.room.closedBecause', { reason: t(`deals.closed.${room.closedReason}` as MessageKey) })}</strong>
            {room.closedNote ? ` ${room.closedNote}` : null}
          </p>
        ) : null}
      </header>
      <nav className="deal-tabs" aria-label={t('deals.tabs.label')}>
        <NavLink to={`/deals/${room.id}`} end>
          {t('deals.tabs.messages')}
        </NavLink>
        <NavLink to={`/deals/${room.id}/offers`}>{t('deals.tabs.offers')}</NavLink>
        <NavLink to={`/deals/${room.id}/contract`}>{t('contract.tab')}</NavLink>
        <NavLink to={`/deals/${room.id}/members`}>{t('deals.tabs.members')}</NavLink>
        <NavLink to={`/deals/${room.id}/timeline`}>{t('deals.tabs.timeline')}</NavLink>
      </nav>
      <div className="deal-tab-body">
        <Outlet />
      </div>
    </div>
  )
}
