import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useLocation } from '@remix-run/react'
import { Pagination } from '~/components/achievement-bits'
import { PageHeader } from '~/components/layout'
import portalStyles from '~/styles/portal.css?url'
import { formatDate, formatDateTime, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'
import { resultsPage } from '../../server/portal/results'

// /results — 成交公示: registered technology contracts (newest first, paged)
// and the results of closed auctions. Public; server/portal/results.ts says
// why the amounts are shown.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: portalStyles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'portal.results.pageTitle')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const page = Math.min(10_000, Math.max(1, Math.trunc(Number(new URL(request.url).searchParams.get('page'))) || 1))
  return resultsPage(context.services.db, page)
}

export default function Results() {
  const t = useT()
  const locale = useLocale()
  const d = useLoaderData<typeof loader>()
  const { search } = useLocation()
  return (
    <div className="container">
      <PageHeader title={t('portal.results.pageTitle')} lead={t('portal.results.lead')} />
      <section aria-labelledby="contracts-h">
        <h2 id="contracts-h">{t('portal.results.contracts')}</h2>
        {d.contracts.length === 0 ? (
          <p className="card muted">{t('portal.results.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('portal.results.col.number')}</th>
                  <th scope="col">{t('portal.results.col.title')}</th>
                  <th scope="col">{t('portal.results.col.type')}</th>
                  <th scope="col">{t('portal.results.col.seller')}</th>
                  <th scope="col">{t('portal.results.col.buyer')}</th>
                  <th scope="col" className="num">
                    {t('portal.results.col.amount')}
                  </th>
                  <th scope="col" className="num">
                    {t('portal.results.col.techAmount')}
                  </th>
                  <th scope="col">{t('portal.results.col.date')}</th>
                </tr>
              </thead>
              <tbody>
                {d.contracts.map((r) => (
                  <tr key={r.id}>
                    <td>{r.number}</td>
                    <td>{r.title}</td>
                    <td>{t(`contract.type.${r.contract_type}` as MessageKey)}</td>
                    <td>{r.sellers}</td>
                    <td>{r.buyers}</td>
                    <td className="num">{formatFen(Number(r.contract_amount_fen), locale)}</td>
                    <td className="num">{formatFen(Number(r.technology_amount_fen), locale)}</td>
                    <td>{r.registered_at ? formatDate(locale, r.registered_at) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={d.page} pages={d.pages} search={search} label={t('portal.results.pages')} />
      </section>
      {d.page === 1 ? (
        <section aria-labelledby="auctions-h" className="portal-section">
          <h2 id="auctions-h">{t('portal.results.auctions')}</h2>
          {d.auctions.length === 0 ? (
            <p className="card muted">{t('portal.results.noAuctions')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('portal.results.col.auction')}</th>
                    <th scope="col">{t('portal.results.col.outcome')}</th>
                    <th scope="col" className="num">
                      {t('portal.results.col.price')}
                    </th>
                    <th scope="col">{t('portal.results.col.closed')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.auctions.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link to={`/auctions/${a.id}`}>{a.title}</Link>
                        <div className="muted small">{a.org_name}</div>
                      </td>
                      <td>
                        <span className={`badge ${a.status === 'sold' ? 'badge-verified' : 'badge-pending'}`}>{t(a.status === 'sold' ? 'portal.results.sold' : 'portal.results.unsold')}</span>
                      </td>
                      <td className="num">{a.status === 'sold' && a.hammer_price_fen != null ? formatFen(Number(a.hammer_price_fen), locale) : '—'}</td>
                      <td>{a.closed_at ? formatDateTime(locale, a.closed_at) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </div>
  )
}
