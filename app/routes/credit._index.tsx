import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FilterCard, SelectFilter } from '~/components/filter-card'
import { PageHeader } from '~/components/layout'
import styles from '~/styles/credit.css?url'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { creditList } from '../../server/credit/service'
import type { MessageKey } from '../../server/i18n/catalog'

// /credit — 信用管理: agencies, universities, institutes and technology
// managers with their credit score, level and the change over the configured
// window. City officers see all, a county officer the subjects in their county,
// anyone else only their own organisations' records (or their own as a manager).

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'credit.list.title')

const FilterSchema = z.object({
  kind: z.enum(['org', 'manager']).optional().catch(undefined),
  level: z.enum(['A', 'B', 'C', 'D']).optional().catch(undefined),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const filter = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const list = await orErrorPage(() => creditList(context.services.db, principal, filter))
  return { ...list, filter }
}

export default function CreditList() {
  const t = useT()
  const d = useLoaderData<typeof loader>()
  return (
    <div className="container">
      <PageHeader
        title={t('credit.list.title')}
        lead={t(d.officer ? 'credit.list.lead' : 'credit.list.leadOwn', { a: d.levels.A, b: d.levels.B, c: d.levels.C })}
      />
      <FilterCard label={t('credit.list.filters')} apply={t('credit.list.apply')}>
        <SelectFilter
          id="f-kind"
          name="kind"
          label={t('credit.list.kind')}
          any={t('credit.list.any')}
          value={d.filter.kind}
          options={(['org', 'manager'] as const).map((k) => ({ value: k, label: t(`credit.kind.${k}`) }))}
        />
        <SelectFilter
          id="f-level"
          name="level"
          label={t('credit.list.level')}
          any={t('credit.list.any')}
          value={d.filter.level}
          options={(['A', 'B', 'C', 'D'] as const).map((l) => ({ value: l, label: t(`credit.level.${l}` as MessageKey) }))}
        />
      </FilterCard>
      {d.rows.length === 0 ? (
        <p className="card muted">{t('credit.list.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="credit-list">
            <thead>
              <tr>
                <th scope="col">{t('credit.field.subject')}</th>
                <th scope="col">{t('credit.field.type')}</th>
                <th scope="col">{t('credit.field.score')}</th>
                <th scope="col">{t('credit.field.level')}</th>
                <th scope="col">{t('credit.field.trend', { days: d.trendDays })}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={`${r.kind}:${r.id}`} data-testid="credit-row">
                  <td>
                    <Link to={`/credit/${r.kind}/${r.id}`}>{r.name}</Link>
                  </td>
                  <td data-label={t('credit.field.type')}>{t(r.kind === 'manager' ? 'credit.kind.manager' : (`credit.orgType.${r.orgType}` as MessageKey))}</td>
                  <td data-label={t('credit.field.score')}>{r.total}</td>
                  <td data-label={t('credit.field.level')}>
                    <span className={`badge badge-credit-${r.level}`}>{t(`credit.level.${r.level}` as MessageKey)}</span>
                  </td>
                  <td data-label={t('credit.field.trend', { days: d.trendDays })}>
                    {r.trend > 0 ? (
                      <span className="trend-up">▲ {r.trend}</span>
                    ) : r.trend < 0 ? (
                      <span className="trend-down">▼ {-r.trend}</span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                    <span className="visually-hidden">{t(r.trend > 0 ? 'credit.trend.up' : r.trend < 0 ? 'credit.trend.down' : 'credit.trend.flat')}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
