import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useFetcher, useLoaderData, useSubmit } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { ModeTags, Pagination } from '~/components/achievement-bits'
import { SearchIcon, SuggestInput } from '~/components/search-box'
import type { Locale, MessageKey } from '../../server/i18n/catalog'
import { formatDate, useLocale, useT, type T } from '~/utils/i18n'
import { TRANSACTION_MODES } from '../../server/listings/schemas'
import { pageTitle } from '~/utils/meta'
import { ORGANISATION_TYPES } from '../../server/identity/schemas'
import { DOC_TYPES, FILTER_KEYS, PRICE_BANDS, readSearchParams, searchHref, SORTS, type FilterKey, type SearchQueryInput } from '../../server/engagement/search-schemas'
import { formatFen } from '../../server/platform/money'
import { searchPage, type SearchPageResult, type WidenKey } from '../../server/engagement/search'

// /search: one box across achievements, needs and organisations. A GET form,
// so a query works without JavaScript and every URL can be shared; with
// JavaScript, results follow the typing (a debounced fetcher loads this same
// loader and the address is kept in step), and the sort applies on change.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data?.query.q ? pageTitle(matches, 'search.titleFor', { q: data.query.q }) : pageTitle(matches, 'search.title')

export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = readSearchParams(new URL(request.url).searchParams)
  const { db, search, logger } = context.services
  try {
    return { at: Date.now(), query, result: await searchPage(db, search, query) }
  } catch (err) {
    // The engine is down (Meilisearch away): the page says so rather than failing whole.
    logger.error({ err }, 'search failed')
    return { at: Date.now(), query, result: null }
  }
}

type Query = SearchQueryInput
type Reference = SearchPageResult['reference']

const TYPE_LABEL = { achievement: 'search.type.achievement', need: 'search.type.need', organisation: 'search.type.organisation' } as const
/** One hit's kind (singular in English). */
const KIND_LABEL = { achievement: 'search.kind.achievement', need: 'search.kind.need', organisation: 'search.kind.organisation' } as const

function facetValueLabel(t: T, locale: Locale, ref: Reference, key: FilterKey, value: string | number): string {
  const pick = (n: { zh: string; en: string } | undefined) => (n ? (locale === 'en' ? n.en : n.zh) : String(value))
  switch (key) {
    case 'industry':
      return pick(ref.industries[String(value)])
    case 'division':
      return pick(ref.divisions[String(value)])
    case 'trl':
      return t(`trl.${value}` as MessageKey)
    case 'mode':
      return t(`mode.${value}` as MessageKey)
    case 'priceBand':
      return t(`search.priceBand.${value}` as MessageKey)
    case 'orgType':
      return t(`orgType.${value}` as MessageKey)
  }
}

/** The values of a facet in display order, with their counts. */
function facetEntries(key: FilterKey, counts: Record<string, number> | undefined, ref: Reference): [string, number][] {
  const entries = Object.entries(counts ?? {}).filter(([, n]) => n > 0)
  const order: readonly string[] | null =
    key === 'mode' ? TRANSACTION_MODES : key === 'priceBand' ? PRICE_BANDS : key === 'orgType' ? ORGANISATION_TYPES : key === 'division' ? Object.keys(ref.divisions) : null
  if (key === 'trl') return entries.sort((a, b) => Number(a[0]) - Number(b[0]))
  if (order) return entries.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
  return entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}

const without = (q: Query, key: WidenKey): Query => (key === 'all' ? { ...q, ...Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])), type: undefined, page: 1 } : { ...q, [key]: undefined, page: 1 })
const withValue = (q: Query, key: FilterKey, value: string): Query => ({ ...q, [key]: key === 'trl' ? Number(value) : value, page: 1 }) as Query
const isActive = (q: Query, key: FilterKey, value: string) => q[key] !== undefined && String(q[key]) === value

export default function SearchPage() {
  const t = useT()
  const loaderData = useLoaderData<typeof loader>()
  const live = useFetcher<typeof loader>()
  // As-you-type results replace the page's until the next navigation brings newer ones.
  const view = live.data && live.data.at > loaderData.at ? live.data : loaderData
  const { query, result } = view

  // The box follows the address (back/forward, a related-term link) but not while typing.
  const [q, setQ] = useState(loaderData.query.q)
  const [shownFor, setShownFor] = useState(loaderData.query.q)
  if (shownFor !== loaderData.query.q) {
    setShownFor(loaderData.query.q)
    setQ(loaderData.query.q)
  }

  const timer = useRef<number | undefined>(undefined)
  useEffect(() => () => window.clearTimeout(timer.current), [])
  const typed = (value: string) => {
    window.clearTimeout(timer.current)
    timer.current = window.setTimeout(() => {
      const href = searchHref({ ...query, q: value.trim(), page: 1 })
      live.load(href)
      window.history.replaceState(window.history.state, '', href)
    }, 250)
  }

  const submit = useSubmit()
  const hidden = (keep: 'sort' | 'q') => (
    <>
      {keep === 'sort' && query.sort !== 'relevance' ? <input type="hidden" name="sort" value={query.sort} /> : null}
      {keep === 'q' && query.q ? <input type="hidden" name="q" value={query.q} /> : null}
      {query.type ? <input type="hidden" name="type" value={query.type} /> : null}
      {FILTER_KEYS.map((k) => (query[k] !== undefined ? <input key={k} type="hidden" name={k} value={String(query[k])} /> : null))}
    </>
  )
  const busy = live.state === 'loading'

  return (
    <div className="container search-page">
      <div className="page-header">
        <div>
          <h1>{t('search.title')}</h1>
          <p className="lead">{t('search.lead')}</p>
        </div>
      </div>

      <Form
        method="get"
        action="/search"
        role="search"
        className="card search-form"
        aria-label={t('search.formLabel')}
        onSubmit={() => window.clearTimeout(timer.current)}
      >
        <label htmlFor="search-q" className="search-label">
          {t('search.inputLabel')}
        </label>
        <div className="search-input-row">
          <SuggestInput
            id="search-q"
            name="q"
            value={q}
            maxLength={100}
            placeholder={t('search.placeholder')}
            aria-describedby="search-hint"
            onChange={(e) => {
              setQ(e.currentTarget.value)
              if (!(e.nativeEvent as InputEvent).isComposing) typed(e.currentTarget.value)
            }}
            onCompositionEnd={(e) => typed(e.currentTarget.value)}
          />
          <button type="submit" className="btn btn-primary search-submit">
            <SearchIcon />
            {t('search.submit')}
          </button>
        </div>
        <p id="search-hint" className="hint">
          {t('search.hint')}
        </p>
        {hidden('sort')}
      </Form>

      {result ? (
        <>
          <TypeTabs query={query} counts={result.typeCounts} />
          <div className="search-layout">
            <aside className="search-facets facets-wide" aria-labelledby="facets-heading-wide">
              <h2 id="facets-heading-wide" className="facets-title">
                {t('search.facets.title')}
              </h2>
              <FacetGroups query={query} result={result} idPrefix="wide" />
            </aside>

            <section className={`search-results${busy ? ' is-loading' : ''}`} aria-labelledby="results-heading" aria-busy={busy}>
              <h2 id="results-heading" className="visually-hidden">
                {t('search.resultsHeading')}
              </h2>
              <div className="results-bar">
                <p className="result-count" role="status" aria-live="polite" aria-atomic="true">
                  {query.q ? t('search.countFor', { total: result.total, q: query.q }) : t('search.count', { total: result.total })}
                </p>
                <Form method="get" action="/search" className="sort-form">
                  {hidden('q')}
                  <label htmlFor="search-sort">{t('search.sort.label')}</label>
                  <select
                    id="search-sort"
                    name="sort"
                    key={query.sort}
                    defaultValue={query.sort}
                    onChange={(e) => submit(e.currentTarget.form, { preventScrollReset: true })}
                  >
                    {SORTS.map((s) => (
                      <option key={s} value={s}>
                        {t(`search.sort.${s}`)}
                      </option>
                    ))}
                  </select>
                  <noscript>
                    <button type="submit" className="btn btn-secondary">
                      {t('search.sort.apply')}
                    </button>
                  </noscript>
                </Form>
              </div>

              <details className="search-facets facets-narrow">
                <summary>
                  {t('search.facets.title')}
                  {activeCount(query) ? <span className="facet-count">{activeCount(query)}</span> : null}
                </summary>
                <FacetGroups query={query} result={result} idPrefix="narrow" />
              </details>

              <ActiveFilters query={query} reference={result.reference} />

              {result.relaxed && result.total > 0 ? (
                <div className="alert alert-info search-relaxed">
                  <p>{t('search.relaxed', { q: query.q })}</p>
                  <RelatedTerms query={query} terms={result.related} />
                </div>
              ) : null}

              {result.hits.length ? (
                <ol className="search-hits" start={(result.page - 1) * result.pageSize + 1}>
                  {result.hits.map((h) => (
                    <Hit key={`${h.type}:${h.id}`} hit={h} reference={result.reference} />
                  ))}
                </ol>
              ) : result.total > 0 ? (
                <div className="card empty-state">
                  <h3>{t('search.pastEnd')}</h3>
                  <Link to={searchHref({ ...query, page: 1 })} className="btn btn-secondary">
                    {t('search.firstPage')}
                  </Link>
                </div>
              ) : (
                <NoResults query={query} result={result} />
              )}

              <Pagination
                page={result.page}
                pages={result.pages}
                search={searchHref(query).split('?')[1] ?? ''}
                label={t('search.pagination')}
              />
            </section>
          </div>
        </>
      ) : (
        <div className="alert alert-warning" role="alert">
          <p>{t('search.unavailable')}</p>
        </div>
      )}
    </div>
  )
}

const activeCount = (q: Query) => FILTER_KEYS.filter((k) => q[k] !== undefined).length

function TypeTabs({ query, counts }: { query: Query; counts: Record<string, number> }) {
  const t = useT()
  const all = DOC_TYPES.reduce((s, type) => s + (counts[type] ?? 0), 0)
  const tabs = [{ type: undefined, label: t('search.type.all'), n: all }, ...DOC_TYPES.map((type) => ({ type, label: t(TYPE_LABEL[type]), n: counts[type] ?? 0 }))]
  return (
    <nav className="search-tabs" aria-label={t('search.tabsLabel')}>
      <ul>
        {tabs.map((tab) => {
          const current = query.type === tab.type
          return (
            <li key={tab.type ?? 'all'}>
              <Link to={searchHref({ ...query, type: tab.type, page: 1 })} aria-current={current ? 'page' : undefined} className={current ? 'current' : undefined} preventScrollReset>
                {tab.label}
                <span className="tab-count">{tab.n}</span>
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

const FACET_TITLE: Record<FilterKey, MessageKey> = {
  industry: 'search.facet.industry',
  trl: 'search.facet.trl',
  mode: 'search.facet.mode',
  division: 'search.facet.division',
  priceBand: 'search.facet.priceBand',
  orgType: 'search.facet.orgType',
}

function FacetGroups({ query, result, idPrefix }: { query: Query; result: NonNullable<SearchPageResult>; idPrefix: string }) {
  const t = useT()
  const locale = useLocale()
  // A chosen value stays in its group (to be unticked) even when nothing is left to count.
  const groups = FILTER_KEYS.map((key) => {
    const entries = facetEntries(key, result.facets[key], result.reference)
    const chosen = query[key] !== undefined ? String(query[key]) : null
    if (chosen !== null && !entries.some(([v]) => v === chosen)) entries.unshift([chosen, 0])
    return { key, entries }
  }).filter((g) => g.entries.length)
  if (!groups.length) return <p className="muted facets-empty">{t('search.facets.none')}</p>
  return (
    <div className="facet-groups">
      {groups.map(({ key, entries }) => (
        <section key={key} className="facet-group" aria-labelledby={`facet-${idPrefix}-${key}`}>
          <h3 id={`facet-${idPrefix}-${key}`}>{t(FACET_TITLE[key])}</h3>
          <ul>
            {entries.map(([value, n]) => {
              const active = isActive(query, key, value)
              const label = facetValueLabel(t, locale, result.reference, key, value)
              return (
                <li key={value}>
                  <Link
                    to={searchHref(active ? without(query, key) : withValue(query, key, value))}
                    className={`facet-link${active ? ' active' : ''}`}
                    aria-label={active ? t('search.facet.remove', { label }) : t('search.facet.add', { label, n })}
                    preventScrollReset
                  >
                    <span className="facet-check" aria-hidden="true" />
                    <span className="facet-label">{label}</span>
                    <span className="facet-n">{n}</span>
                  </Link>
                </li>
              )
            })}
          </ul>
        </section>
      ))}
    </div>
  )
}

function ActiveFilters({ query, reference }: { query: Query; reference: Reference }) {
  const t = useT()
  const locale = useLocale()
  const active = FILTER_KEYS.filter((k) => query[k] !== undefined)
  if (!active.length) return null
  return (
    <div className="active-filters">
      <span className="active-filters-label">{t('search.active')}</span>
      <ul>
        {active.map((k) => {
          const label = facetValueLabel(t, locale, reference, k, query[k]!)
          return (
            <li key={k}>
              <Link to={searchHref(without(query, k))} className="chip" aria-label={t('search.facet.remove', { label })} preventScrollReset>
                <span className="chip-key">{t(FACET_TITLE[k])}：</span>
                {label}
                <span aria-hidden="true" className="chip-x">
                  ×
                </span>
              </Link>
            </li>
          )
        })}
      </ul>
      {active.length > 1 ? (
        <Link to={searchHref({ q: query.q, type: query.type, sort: query.sort })} className="clear-filters" preventScrollReset>
          {t('search.clearAll')}
        </Link>
      ) : null}
    </div>
  )
}

function RelatedTerms({ query, terms }: { query: Query; terms: string[] }) {
  const t = useT()
  if (!terms.length) return null
  return (
    <div className="related-terms">
      <span>{t('search.related')}</span>
      <ul>
        {terms.map((term) => (
          <li key={term}>
            <Link to={searchHref({ ...query, q: term, page: 1 })} className="chip chip-term">
              {term}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  )
}

function NoResults({ query, result }: { query: Query; result: NonNullable<SearchPageResult> }) {
  const t = useT()
  const locale = useLocale()
  const widen = result.widen.filter((w) => w.total > 0)
  return (
    <div className="card search-empty">
      <h3>{query.q ? t('search.empty.titleFor', { q: query.q }) : t('search.empty.title')}</h3>
      <RelatedTerms query={query} terms={result.related} />
      {widen.length ? (
        <div className="widen">
          <p>{t('search.empty.widen')}</p>
          <ul>
            {widen.map((w) => {
              const label =
                w.key === 'all'
                  ? t('search.empty.dropAll')
                  : w.key === 'type'
                    ? t('search.empty.anyType', { type: t(TYPE_LABEL[query.type!]) })
                    : t('search.empty.dropFilter', { facet: t(FACET_TITLE[w.key]), value: facetValueLabel(t, locale, result.reference, w.key, query[w.key]!) })
              return (
                <li key={w.key}>
                  <Link to={searchHref(without(query, w.key))}>{label}</Link> <span className="muted">{t('search.empty.wouldFind', { total: w.total })}</span>
                </li>
              )
            })}
          </ul>
        </div>
      ) : null}
      <div className="empty-tips">
        <p>{t('search.empty.tipsTitle')}</p>
        <ul>
          <li>{t('search.empty.tipTypo')}</li>
          <li>{t('search.empty.tipShorter')}</li>
          {activeCount(query) || query.type ? <li>{t('search.empty.tipFilters')}</li> : null}
        </ul>
        <p className="empty-browse">
          <Link to="/achievements">{t('search.empty.browseAchievements')}</Link>
          <Link to="/needs">{t('search.empty.browseNeeds')}</Link>
        </p>
      </div>
    </div>
  )
}

function priceText(t: T, locale: Locale, min: number | null, max: number | null) {
  if (min === null) return t('price.negotiable')
  if (max !== null && max !== min) return t('price.range', { min: formatFen(min, locale), max: formatFen(max, locale) })
  return t('price.amount', { amount: formatFen(min, locale) })
}

function Hit({ hit, reference }: { hit: NonNullable<SearchPageResult>['hits'][number]; reference: Reference }) {
  const t = useT()
  const locale = useLocale()
  const name = (n: { zh: string; en: string } | undefined) => (n ? (locale === 'en' ? n.en : n.zh) : null)
  const industry = hit.industryCode ? name(reference.industries[hit.industryCode]) : null
  const division = hit.divisionCode ? name(reference.divisions[hit.divisionCode]) : null
  const place = [hit.type === 'organisation' ? null : hit.orgName, division].filter(Boolean).join(' · ')
  return (
    <li className={`search-hit hit-${hit.type}`}>
      <p className="hit-kind">
        <span className={`hit-type hit-type-${hit.type}`}>{t(KIND_LABEL[hit.type])}</span>
        {industry ? <span className="hit-industry">{industry}</span> : null}
      </p>
      <h3 className="hit-title">
        <Link to={hit.path} dangerouslySetInnerHTML={{ __html: hit.titleHtml }} />
      </h3>
      {place ? <p className="hit-org">{place}</p> : null}
      {hit.summaryHtml ? <p className="hit-summary" dangerouslySetInnerHTML={{ __html: hit.summaryHtml }} /> : null}
      {hit.type !== 'organisation' ? (
        <div className="hit-facts">
          {hit.trl ? (
            <span className="trl-chip" title={t(`trl.${hit.trl}` as MessageKey)}>
              TRL {hit.trl}
            </span>
          ) : null}
          {hit.modes.length ? <ModeTags modes={hit.modes} /> : null}
          <span className="hit-price">
            <span className="muted">{hit.type === 'need' ? t('search.hit.budget') : t('search.hit.price')}</span> {priceText(t, locale, hit.priceMinFen, hit.priceMaxFen)}
          </span>
          {hit.publishedAt ? (
            <span className="hit-date muted">{t('search.hit.published', { date: formatDate(locale, hit.publishedAt) })}</span>
          ) : null}
        </div>
      ) : null}
    </li>
  )
}
