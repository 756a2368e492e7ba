import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import contractStyles from '~/styles/contracts.css?url'
import { requireUser } from '~/utils/auth.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { ContractListQuery, contractPage, isCityOfficer, viewerScope } from '../../server/contracts/view'
import type { MessageKey } from '../../server/i18n/catalog'
import { officerScope } from '../../server/identity/principal'
import { formatFen } from '../../server/platform/money'
import { formatPpm } from '../../server/platform/policy'

// /contracts — 技术合同: a party's members see their organisations' contracts;
// a city officer sees every contract with the filter "below the reward floor"
// (职务科技成果 whose split is under the configured floor, with share vs
// floor); a county officer those with a party in the county. Registrars see
// nothing extra here (their queue is /registrations). Titles link to the deal's
// contract page, which only the people in the deal may open.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractStyles }]
export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, 'contract.list.pageTitle'), { name: 'robots', content: 'noindex' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const url = new URL(request.url)
  const parsed = ContractListQuery.safeParse(Object.fromEntries(url.searchParams))
  const q = parsed.success ? parsed.data : { page: 1, pageSize: 20 }
  const scope = viewerScope(principal)
  const page = await contractPage(context.services.db, scope, { ...q, pageSize: 20 })
  const officer = officerScope(principal)
  return {
    ...page,
    page: q.page,
    pageSize: 20,
    flag: q.flag ?? null,
    audience: isCityOfficer(principal) ? ('city' as const) : officer !== 'all' && officer.length ? ('county' as const) : ('party' as const),
  }
}

export default function ContractsList() {
  const t = useT()
  const locale = useLocale()
  const { items, total, page, pageSize, flag, audience } = useLoaderData<typeof loader>()
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const href = (p: number) => `?${new URLSearchParams({ ...(flag ? { flag } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`
  return (
    <div className="container contracts-list">
      <h1>{t('contract.list.heading')}</h1>
      <p className="muted">{t(audience === 'city' ? 'contract.list.leadCity' : audience === 'county' ? 'contract.list.leadCounty' : 'contract.list.leadParty')}</p>
      {audience === 'city' ? (
        <nav className="stage-filter" aria-label={t('contract.list.filterLabel')}>
          <Link to="?" className={`chip${!flag ? ' chip-active' : ''}`} aria-current={!flag ? 'page' : undefined}>
            {t('contract.list.filterAll')}
          </Link>{' '}
          <Link to="?flag=below" className={`chip${flag === 'below' ? ' chip-active' : ''}`} aria-current={flag === 'below' ? 'page' : undefined}>
            {t('contract.list.filterBelow')}
          </Link>
        </nav>
      ) : null}
      <p className="muted small">{t('contract.list.total', { n: total })}</p>
      {items.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('contract.list.title')}</th>
                <th scope="col">{t('contract.list.parties')}</th>
                <th scope="col">{t('contract.list.type')}</th>
                <th scope="col">{t('contract.list.amount')}</th>
                <th scope="col">{t('contract.list.status')}</th>
                <th scope="col">{t('contract.list.reward')}</th>
                <th scope="col">{t('contract.list.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>
                    {/* Officers oversee the figures, not the deal room behind them (its page is the parties'). */}
                    {audience === 'party' ? <Link to={`/deals/${c.dealId}/contract`}>{c.title}</Link> : <span className="contract-title">{c.title}</span>}
                  </td>
                  <td>
                    {c.sellerName}
                    <span className="muted small">{c.buyerNames}</span>
                  </td>
                  <td>{t(`contract.type.${c.contractType}` as MessageKey)}</td>
                  <td>
                    {formatFen(c.contractAmountFen, locale)}
                    <span className="muted small">{formatFen(c.technologyAmountFen, locale)}</span>
                  </td>
                  <td>
                    <span className={`badge badge-contract-${c.status}`}>{t(`contract.status.${c.status}`)}</span>
                    {c.registration ? <span className="muted small">{t(`contract.registration.${c.registration.status}` as MessageKey)}</span> : null}
                  </td>
                  <td>
                    {c.reward.belowFloor ? (
                      <span className="badge badge-floor">{t('contract.list.rewardFlag', { share: formatPpm(c.reward.sharePpm ?? 0), floor: formatPpm(c.reward.floorPpm ?? 0) })}</span>
                    ) : c.serviceAchievement && c.reward.sharePpm !== null ? (
                      formatPpm(c.reward.sharePpm)
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{formatDate(locale, c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="card muted">{t('contract.list.empty')}</p>
      )}
      {pages > 1 ? (
        <nav className="pagination" aria-label={t('contract.list.heading')}>
          {page > 1 ? <Link to={href(page - 1)}>{t('contract.list.prev')}</Link> : null}
          <span>
            {page} / {pages}
          </span>
          {page < pages ? <Link to={href(page + 1)}>{t('contract.list.next')}</Link> : null}
        </nav>
      ) : null}
    </div>
  )
}
