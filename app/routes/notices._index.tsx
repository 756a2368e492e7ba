import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/layout'
import { formatNoticeEnd, NoticeStatus } from '~/components/notice-bits'
import noticeStyles from '~/styles/notice.css?url'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import type { MessageKey } from '../../server/i18n/catalog'
import { formatFen } from '../../server/platform/money'
import { noticeList } from '../../server/notices/notices'

// /notices — 挂牌公示: listings in their notice period (with the working days
// left) and the results still published (成交公示). Public.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: noticeStyles }]

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'notice.list.pageTitle')

export async function loader({ context }: LoaderFunctionArgs) {
  const notices = await noticeList(context.services.db)
  return { open: notices.filter((n) => n.status === 'notice' || n.status === 'awaiting_procedure'), results: notices.filter((n) => n.status === 'concluded') }
}

type Row = Awaited<ReturnType<typeof loader>>['open'][number]

export default function NoticeList() {
  const t = useT()
  const { open, results } = useLoaderData<typeof loader>()
  return (
    <div className="container">
      <PageHeader title={t('notice.list.pageTitle')} lead={t('notice.list.lead')} />
      <section className="notice-section" aria-labelledby="open-h">
        <h2 id="open-h">{t('notice.list.open')}</h2>
        {open.length === 0 ? <p className="card muted">{t('notice.list.empty')}</p> : <NoticeCards rows={open} />}
      </section>
      <section className="notice-section" aria-labelledby="results-h">
        <h2 id="results-h">{t('notice.list.results')}</h2>
        {results.length === 0 ? <p className="card muted">{t('notice.list.noResults')}</p> : <NoticeCards rows={results} />}
      </section>
    </div>
  )
}

function NoticeCards({ rows }: { rows: Row[] }) {
  const t = useT()
  const locale = useLocale()
  return (
    <ul className="notice-list">
      {rows.map((n) => (
        <li key={n.id} className="card notice-card">
          <div>
            <h3>
              <Link to={`/notices/${n.id}`}>{n.title}</Link>
            </h3>
            <p className="muted small">
              {n.orgName} · {t(`deals.mode.${n.mode}` as MessageKey)} · <NoticeStatus status={n.status} />
            </p>
            <dl className="facts">
              <dt>{t('notice.card.price')}</dt>
              <dd>{formatFen(n.priceFen, locale)}</dd>
              {n.status === 'concluded' && n.concludedAt ? (
                <>
                  <dt>{t('notice.card.concludedAt')}</dt>
                  <dd>
                    {formatDate(locale, n.concludedAt)} · {t(`notice.outcome.${n.outcome ?? 'one_buyer'}` as MessageKey)}
                  </dd>
                </>
              ) : (
                <>
                  <dt>{t('notice.card.ends')}</dt>
                  <dd>
                    <time dateTime={new Date(n.endsAt).toISOString()}>{formatNoticeEnd(locale, n.endsAt)}</time>
                  </dd>
                </>
              )}
            </dl>
          </div>
          <div className="notice-card-side">
            {n.status === 'notice' && n.workingDaysLeft > 0 ? <span className="notice-days">{t('notice.daysLeft', { n: n.workingDaysLeft })}</span> : null}
            <p className="muted small">{t('notice.card.registrations', { n: n.registrations })}</p>
          </div>
        </li>
      ))}
    </ul>
  )
}
