import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ModeTags, priceText } from '~/components/achievement-bits'
import { CatalogDownloads } from '~/components/catalog-bits'
import { PageHeader } from '~/components/layout'
import { isLocale, translate, type MessageKey } from '../../server/i18n/catalog'
import { invariantResponse } from '~/utils/auth.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { DomainError } from '../../server/platform/errors'
import { catalogEdition } from '../../server/listings/catalogs/service'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const root = matches.find((m) => m?.id === 'root')?.data as { locale?: string } | undefined
  const locale = isLocale(root?.locale) ? root.locale : 'zh-CN'
  if (!data) return pageTitle(matches, 'errors.status.404')
  const { catalog } = data
  const description = translate(locale, 'catalogs.metaDescription', { org: catalog.org_name, date: catalog.edition_date, count: data.items.length })
  return [
    ...pageTitle(matches, 'catalogs.listTitle', undefined, catalog.title),
    { name: 'description', content: description },
    { property: 'og:title', content: catalog.title },
    { property: 'og:description', content: description },
    { property: 'og:type', content: 'article' },
  ]
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    return await catalogEdition(context.services.db, params.id ?? '')
  } catch (err) {
    invariantResponse(!(err instanceof DomainError && err.kind === 'not_found'))
    throw err
  }
}

function sectionsOf(items: ReturnType<typeof useLoaderData<typeof loader>>['items'], locale: string) {
  const sections: { code: string; name: string; items: typeof items }[] = []
  for (const it of items) {
    const last = sections[sections.length - 1]
    if (last && last.code === it.snapshot.sectorCode) last.items.push(it)
    else sections.push({ code: it.snapshot.sectorCode, name: locale === 'en' ? it.snapshot.sectorNameEn : it.snapshot.sectorNameZh, items: [it] })
  }
  return sections
}

const ZH_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十']

export default function CatalogEditionPage() {
  const t = useT()
  const locale = useLocale()
  const { catalog, items } = useLoaderData<typeof loader>()
  const sections = sectionsOf(items, locale)
  const orgName = locale === 'en' && catalog.org_name_en ? catalog.org_name_en : catalog.org_name
  const date = formatDate(locale, `${catalog.edition_date}T12:00:00+08:00`)
  const sectionLabel = (i: number, name: string) => (locale === 'en' ? `${i + 1}. ${name}` : `${ZH_NUMERALS[i] ?? i + 1}、${name}`)
  return (
    <div className="container catalog-edition">
      <p className="breadcrumbs">
        <Link to="/catalogs">{t('catalogs.listTitle')}</Link>
        <span aria-hidden="true"> / </span>
        <Link to={`/catalogs?org=${catalog.org_id}`}>{orgName}</Link>
      </p>
      <PageHeader title={catalog.title} />
      <section className="card catalog-hero" aria-label={t('catalogs.edition.about')}>
        <dl className="catalog-hero-facts">
          <div>
            <dt>{t('catalogs.edition.org')}</dt>
            <dd>
              <Link to={`/o/${catalog.org_id}`}>{orgName}</Link>
            </dd>
          </div>
          <div>
            <dt>{t('catalogs.edition.date')}</dt>
            <dd>{date}</dd>
          </div>
          <div>
            <dt>{t('catalogs.edition.items')}</dt>
            <dd>{t('catalogs.itemsShort', { count: items.length })}</dd>
          </div>
          <div>
            <dt>{t('catalogs.edition.sectors')}</dt>
            <dd>{sections.length}</dd>
          </div>
        </dl>
        <CatalogDownloads id={catalog.id} title={catalog.title} />
        <p className="muted catalog-snapshot-note">{t('catalogs.snapshotNote', { date })}</p>
      </section>

      <div className="catalog-layout">
        <nav className="card catalog-toc" aria-labelledby="toc-heading">
          <h2 id="toc-heading">{t('catalogs.toc')}</h2>
          <ol>
            {sections.map((s, i) => (
              <li key={s.code}>
                <a href={`#sector-${s.code}`}>{sectionLabel(i, s.name)}</a>
                <span className="catalog-toc-count">{s.items.length}</span>
              </li>
            ))}
          </ol>
        </nav>

        <div className="catalog-sections">
          {sections.map((s, i) => (
            <section key={s.code} id={`sector-${s.code}`} className="catalog-section" aria-labelledby={`sector-h-${s.code}`}>
              <h2 id={`sector-h-${s.code}`} className="catalog-section-heading">
                {sectionLabel(i, s.name)}
                <span>{t('catalogs.itemsCount', { count: s.items.length })}</span>
              </h2>
              <ol className="catalog-entries">
                {s.items.map((it) => {
                  const a = it.snapshot
                  const industry = locale === 'en' ? a.industryNameEn : a.industryNameZh
                  return (
                    <li key={it.achievementId} className="catalog-entry">
                      <article aria-labelledby={`entry-${it.number}`}>
                        <header>
                          <span className="catalog-entry-no" aria-hidden="true">
                            {String(it.number).padStart(3, '0')}
                          </span>
                          <h3 id={`entry-${it.number}`}>
                            <span className="visually-hidden">{t('catalogs.entryNo', { n: it.number })} </span>
                            <Link to={`/achievements/${it.achievementId}`}>{a.title}</Link>
                          </h3>
                        </header>
                        <dl className="catalog-entry-facts">
                          <div>
                            <dt>{t('catalogs.field.industry')}</dt>
                            <dd>{industry}</dd>
                          </div>
                          <div>
                            <dt>{t('catalogs.field.trl')}</dt>
                            <dd>{t(`trl.${a.trl}` as MessageKey)}</dd>
                          </div>
                          <div>
                            <dt>{t('catalogs.field.price')}</dt>
                            <dd className="catalog-entry-price">
                              {priceText(t, locale, { price_kind: a.priceKind, price_min_fen: a.priceMinFen, price_max_fen: a.priceMaxFen })}
                            </dd>
                          </div>
                          <div className="wide">
                            <dt>{t('catalogs.field.modes')}</dt>
                            <dd>
                              <ModeTags modes={a.transactionModes} />
                            </dd>
                          </div>
                        </dl>
                        <p className="catalog-entry-summary">{a.summary}</p>
                        <p className="catalog-entry-benefit">
                          <strong>{t('catalogs.field.benefit')}</strong>
                          {a.benefit}
                        </p>
                        {a.keywords.length || a.ipRights.length ? (
                          <p className="catalog-entry-extra muted">
                            {a.keywords.length ? (
                              <span>
                                {t('catalogs.field.keywords')}：{a.keywords.join(locale === 'en' ? ', ' : '、')}
                              </span>
                            ) : null}
                            {a.ipRights.length ? (
                              <span>
                                {t('catalogs.field.ipRights')}：
                                {a.ipRights.map((ip) => `${t(`ip.${ip.kind}` as MessageKey)} ${ip.number}`).join(locale === 'en' ? '; ' : '；')}
                              </span>
                            ) : null}
                          </p>
                        ) : null}
                      </article>
                    </li>
                  )
                })}
              </ol>
            </section>
          ))}
        </div>
      </div>
    </div>
  )
}
