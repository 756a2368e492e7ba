import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useLocation } from '@remix-run/react'
import { Pagination, StatusBadge } from '~/components/achievement-bits'
import { Notice } from '~/components/forms'
import { PageHeader } from '~/components/layout'
import type { MessageKey } from '../../server/i18n/catalog'
import { requireUser } from '~/utils/auth.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { myAchievements, type MyStatusFilter } from '../../server/listings/achievements'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'ach.myTitle')

const STATUSES: MyStatusFilter[] = ['draft', 'submitted', 'returned', 'published', 'expired', 'withdrawn', 'taken_down']

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const url = new URL(request.url)
  const status = STATUSES.find((s) => s === url.searchParams.get('status'))
  const page = Number(url.searchParams.get('page'))
  const mine = await myAchievements(context.services.db, principal, {
    status,
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
    remindDays: context.services.config.LISTING_REMIND_DAYS,
  })
  // Only members of universities and research institutes have achievements.
  if (!mine) throw new Response('Forbidden', { status: 403 })
  return { ...mine, status: status ?? null, page: Number.isInteger(page) && page >= 1 ? page : 1, remindDays: context.services.config.LISTING_REMIND_DAYS }
}

export default function MyAchievements() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const { orgs, canCreate, counts, items, total, pages, page, status, attention, remindDays } = useLoaderData<typeof loader>()
  const all = Object.values(counts).reduce((s, n) => s + (n ?? 0), 0)
  const attentionCount = attention.returned.length + attention.expiring.length + attention.expired.length
  const unverified = orgs.filter((o) => o.status !== 'verified')
  return (
    <div className="container">
      <PageHeader title={t('ach.myTitle')} lead={orgs.map((o) => o.name).join('、')}>
        {canCreate ? (
          <Link to="/achievements/new" className="btn btn-primary">
            {t('ach.new')}
          </Link>
        ) : null}
      </PageHeader>
      {unverified.length ? <Notice kind="warning">{t('ach.orgNotVerified', { orgs: unverified.map((o) => o.name).join('、') })}</Notice> : null}

      <nav aria-label={t('ach.statusFilter')}>
        <ul className="status-tiles">
          <li>
            <Link to="/my/achievements" className={`status-tile${status === null ? ' active' : ''}`} aria-current={status === null ? 'page' : undefined}>
              <strong>{all}</strong>
              <span>{t('ach.allStatuses')}</span>
            </Link>
          </li>
          {STATUSES.map((s) => (
            <li key={s}>
              <Link
                to={`/my/achievements?status=${s}`}
                className={`status-tile status-tile-${s}${status === s ? ' active' : ''}`}
                aria-current={status === s ? 'page' : undefined}
              >
                <strong>{counts[s] ?? 0}</strong>
                <span>{t(`listing.status.${s}` as MessageKey)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {attentionCount > 0 ? (
        <section className="card attention" aria-labelledby="attention-h">
          <h2 id="attention-h">{t('ach.attention', { count: attentionCount })}</h2>
          <ul className="attention-list">
            {attention.returned.map((a) => (
              <li key={a.id}>
                <span className="badge badge-listing-returned">{t('listing.status.returned')}</span>
                <div>
                  <Link to={`/achievements/${a.id}/edit`}>{a.title}</Link>
                  {a.status_reason ? <p className="attention-reason">{t('ach.reason', { reason: a.status_reason })}</p> : null}
                </div>
                <Link to={`/achievements/${a.id}/edit`} className="btn btn-secondary">
                  {t('ach.reviseAndResubmit')}
                </Link>
              </li>
            ))}
            {attention.expiring.map((a) => (
              <li key={a.id}>
                <span className="badge badge-listing-expiring">{t('ach.expiringSoon')}</span>
                <div>
                  <Link to={`/achievements/${a.id}`}>{a.title}</Link>
                  <p className="attention-reason">{t('ach.expiresOn', { date: formatDate(locale, a.expires_at!), days: remindDays })}</p>
                </div>
                <Link to={`/achievements/${a.id}`} className="btn btn-secondary">
                  {t('ach.goReconfirm')}
                </Link>
              </li>
            ))}
            {attention.expired.map((a) => (
              <li key={a.id}>
                <span className="badge badge-listing-expired">{t('listing.status.expired')}</span>
                <div>
                  <Link to={`/achievements/${a.id}`}>{a.title}</Link>
                  <p className="attention-reason">{t('ach.expiredOn', { date: formatDate(locale, a.expires_at!) })}</p>
                </div>
                <Link to={`/achievements/${a.id}`} className="btn btn-secondary">
                  {t('ach.goReconfirm')}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="list-h" className="section-tight">
        <h2 id="list-h">
          {status ? t(`listing.status.${status}` as MessageKey) : t('ach.allStatuses')} <span className="muted">({total})</span>
        </h2>
        {items.length === 0 ? (
          <div className="card empty-state">
            <p>{status ? t('ach.myEmptyStatus') : t('ach.myEmpty')}</p>
            {canCreate && !status ? (
              <Link to="/achievements/new" className="btn btn-primary">
                {t('ach.new')}
              </Link>
            ) : null}
          </div>
        ) : (
          <div className="table-wrap">
            <table className="my-table">
              <thead>
                <tr>
                  <th scope="col">{t('ach.form.title')}</th>
                  <th scope="col">{t('ach.status')}</th>
                  <th scope="col">{t('ach.industry')}</th>
                  <th scope="col">{t('ach.createdBy')}</th>
                  {orgs.length > 1 ? <th scope="col">{t('ach.org')}</th> : null}
                  <th scope="col">{t('ach.updatedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/achievements/${a.id}`}>{a.title}</Link>
                    </td>
                    <td>
                      <StatusBadge listing={a} />
                    </td>
                    <td>{locale === 'en' ? a.industry_name_en : a.industry_name_zh}</td>
                    <td>{a.created_by_name}</td>
                    {orgs.length > 1 ? <td>{a.org_name}</td> : null}
                    <td>{formatDate(locale, a.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} pages={pages} search={location.search} label={t('ach.page.label')} />
      </section>
    </div>
  )
}
