import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { StageBadge } from '~/components/deal-bits'
import { PageHeader } from '~/components/layout'
import dealStyles from '~/styles/deals.css?url'
import { requireUser } from '~/utils/auth.server'
import { formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { myRooms, parseRoomFilter } from '../../server/deals/rooms'
import { DEAL_STAGES } from '../../server/deals/stage-rules'

// /deals — the signed-in user's deal rooms (交易洽谈室): the rooms they are a
// member of and those of the organisations they administer, newest activity
// first, with their parties, stage and unread messages; filter by stage.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: dealStyles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'deals.list.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const filter = parseRoomFilter(new URL(request.url).searchParams.get('stage'))
  return { filter, rooms: await myRooms(context.services.db, principal, filter) }
}

const FILTERS = ['open', ...DEAL_STAGES, 'all'] as const

export default function DealsList() {
  const t = useT()
  const locale = useLocale()
  const { filter, rooms } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const label = (f: (typeof FILTERS)[number]) => (f === 'open' ? t('deals.list.open') : f === 'all' ? t('deals.list.all') : t(`deals.stage.${f}` as MessageKey))
  return (
    <div className="container deals-list">
      <PageHeader title={t('deals.list.title')} lead={t('deals.list.lead')} />
      <nav className="stage-filter" aria-label={t('deals.list.filter')}>
        <ul>
          {FILTERS.map((f) => {
            const next = new URLSearchParams(params)
            next.set('stage', f)
            return (
              <li key={f}>
                <Link to={`?${next.toString()}`} className={`chip${filter === f ? ' chip-active' : ''}`} aria-current={filter === f ? 'page' : undefined}>
                  {label(f)}
                </Link>
              </li>
            )
          })}
        </ul>
      </nav>
      {rooms.length ? (
        <>
          <p className="muted small">{t('deals.list.count', { count: rooms.length })}</p>
          <ul className="deal-cards">
            {rooms.map((r) => (
              <li key={r.id} className={`card deal-card${r.unread ? ' deal-card-unread' : ''}`}>
                <div className="deal-card-head">
                  <h2>
                    <Link to={`/deals/${r.id}`}>{r.title}</Link>
                  </h2>
                  <StageBadge stage={r.stage} />
                  {r.unread ? <span className="badge badge-unread">{t('deals.list.unread', { count: r.unread })}</span> : null}
                </div>
                <p className="deal-card-parties">
                  {r.parties.map((p, i) => (
                    <span key={p.orgId}>
                      {i ? <span className="pair-arrow" aria-hidden="true"> ↔ </span> : null}
                      <span className="muted small">{t(`deals.side.${p.side}`)}</span> {p.name}
                    </span>
                  ))}
                </p>
                <p className="muted small">
                  {t(`deals.source.${r.source}` as MessageKey)} · {t('deals.list.lastActivity', { date: formatDateTime(locale, r.lastActivity) })}
                  {r.closedReason ? ` · ${t(`deals.closed.${r.closedReason}` as MessageKey)}` : null}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <div className="card empty-state">
          <h2>{t('deals.list.empty')}</h2>
          <p className="muted">{t('deals.list.emptyHint')}</p>
        </div>
      )}
    </div>
  )
}
