import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { Pagination } from '~/components/achievement-bits'
import { CatalogDownloads } from '~/components/catalog-bits'
import { PageHeader } from '~/components/layout'
import { isLocale, translate } from '../../server/i18n/catalog'
import { getPrincipal } from '~/utils/auth.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { catalogList, publishableOrgs } from '../../server/listings/catalogs/service'
import { z } from 'zod'

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m?.id === 'root')?.data as { locale?: string } | undefined
  const locale = isLocale(root?.locale) ? root.locale : 'zh-CN'
  return [...pageTitle(matches, 'catalogs.listTitle'), { name: 'description', content: translate(locale, 'catalogs.listLead') }]
}


export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const org = url.searchParams.get('org') ?? ''
  const page = Number(url.searchParams.get('page'))
  const filters = { orgId: z.string().uuid().safeParse(org).success ? org : undefined, page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1 }
  const [result, principal] = await Promise.all([catalogList(context.services.db, filters), getPrincipal(request, context)])
  return { ...result, filters, canPublish: principal ? publishableOrgs(principal).length > 0 : false }
}

export default function CatalogList() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const { catalogs, total, pages, publishers, filters, canPublish } = useLoaderData<typeof loader>()
  const orgName = (o: { name: string; name_en: string | null }) => (locale === 'en' && o.name_en ? o.name_en : o.name)
  return (
    <div className="container">
      <PageHeader title={t('catalogs.listTitle')} lead={t('catalogs.listLead')}>
        {canPublish ? (
          <Link to="/catalogs/manage" className="btn btn-primary">
            {t('catalogs.manageLink')}
          </Link>
        ) : null}
      </PageHeader>

      {publishers.length > 1 ? (
        <Form method="get" className="filters card catalog-filters" aria-label={t('catalogs.filterLabel')}>
          <div className="field">
            <label htmlFor="f-org">{t('catalogs.filterOrg')}</label>
            <select id="f-org" name="org" defaultValue={filters.orgId ?? ''}>
              <option value="">{t('catalogs.allOrgs')}</option>
              {publishers.map((p) => (
                <option key={p.id} value={p.id}>
                  {orgName(p)}（{t('catalogs.editionsCount', { count: p.editions })}）
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-secondary">
            {t('catalogs.applyFilter')}
          </button>
          {filters.orgId ? (
            <Link to="/catalogs" className="btn btn-ghost">
              {t('catalogs.clearFilter')}
            </Link>
          ) : null}
        </Form>
      ) : null}

      <p className="muted" role="status">
        {t('catalogs.resultCount', { total })}
      </p>

      {catalogs.length === 0 ? (
        <div className="card catalog-empty">
          <h2>{t('catalogs.empty')}</h2>
          <p className="muted">{t('catalogs.emptyHint')}</p>
        </div>
      ) : (
        <ul className="catalog-list">
          {catalogs.map((c) => (
            <li key={c.id} className="catalog-card">
              <div className="catalog-card-cover" aria-hidden="true">
                <span>{t('catalogs.coverWord')}</span>
                <strong>{c.edition_date.slice(0, 4)}</strong>
              </div>
              <div className="catalog-card-body">
                <p className="catalog-card-org">{orgName({ name: c.org_name, name_en: c.org_name_en })}</p>
                <h2>
                  <Link to={`/catalogs/${c.id}`}>{c.title}</Link>
                </h2>
                <p className="catalog-card-meta">
                  <span>{t('catalogs.editionOn', { date: formatDate(locale, `${c.edition_date}T12:00:00+08:00`) })}</span>
                  <span>{t('catalogs.itemsCount', { count: c.item_count })}</span>
                </p>
                <CatalogDownloads id={c.id} title={c.title} compact />
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={filters.page} pages={pages} search={location.search} label={t('catalogs.pageLabel')} />
    </div>
  )
}
