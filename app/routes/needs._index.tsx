import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation, useSearchParams } from '@remix-run/react'
import { Pagination } from '~/components/achievement-bits'
import { PageHeader } from '~/components/layout'
import { IndustryOptions } from '~/components/need-form'
import { NeedCard } from '~/components/need-card'
import { CountyField, KeywordField, SortField, readKeywords, readSort } from '~/components/list-controls'
import { getPrincipal } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/meta'
import { BUDGET_BAND_KEYS, isBudgetBand } from '../../server/listings/need-budget'
import { metaText, shareMeta } from '~/utils/share-meta'
import { needChoices, needOrgsFor, publicNeeds } from '../../server/listings/needs'
import { cleanParam } from '../../server/platform/input'

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, 'need.listTitle'),
  ...shareMeta(matches, { title: metaText(matches, 'need.listTitle'), description: metaText(matches, 'need.listLead') }),
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const industry = cleanParam(url.searchParams, 'industry') ?? ''
  const county = cleanParam(url.searchParams, 'county') ?? ''
  const budget = cleanParam(url.searchParams, 'budget') ?? ''
  const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10)
  const [principal, choices] = await Promise.all([getPrincipal(request, context), needChoices(context.services.db)])
  const q = readKeywords(url)
  const sort = readSort(url)
  const list = await publicNeeds(context.services.db, {
    q,
    sort,
    industryCode: choices.industries.some((i) => i.code === industry) ? industry : undefined,
    divisionCode: choices.divisions.some((d) => d.code === county) ? county : undefined,
    budget: isBudgetBand(budget) ? budget : undefined,
    page: Number.isFinite(page) ? page : 1,
  })
  return { ...list, ...choices, q, sort, canPost: principal ? needOrgsFor(principal).length > 0 : false }
}

export default function NeedsIndex() {
  const t = useT()
  const { needs, total, page, pages, industries, divisions, q, sort, canPost } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const location = useLocation()
  const filtered = !!q || ['industry', 'county', 'budget'].some((k) => params.get(k))
  return (
    <div className="container">
      <PageHeader title={t('need.listTitle')} lead={t('need.listLead')}>
        {canPost ? (
          <Link to="/needs/new" className="btn btn-primary">
            {t('need.post')}
          </Link>
        ) : null}
      </PageHeader>
      <Form method="get" className="filters card filters-card" aria-label={t('need.filters')}>
        <KeywordField value={q} />
        <div className="field">
          <label htmlFor="f-industry">{t('need.industry')}</label>
          <select id="f-industry" name="industry" defaultValue={params.get('industry') ?? ''}>
            <option value="">{t('need.allIndustries')}</option>
            <IndustryOptions industries={industries} topLabel={(n) => t('need.industryAll', { name: n })} />
          </select>
        </div>
        <CountyField divisions={divisions} value={params.get('county') ?? undefined} />
        <div className="field">
          <label htmlFor="f-budget">{t('need.budget')}</label>
          <select id="f-budget" name="budget" defaultValue={params.get('budget') ?? ''}>
            <option value="">{t('need.allBudgets')}</option>
            {BUDGET_BAND_KEYS.map((b) => (
              <option key={b} value={b}>
                {t(`need.band.${b}`)}
              </option>
            ))}
          </select>
        </div>
        <SortField value={sort} kind="need" />
        <div className="filter-buttons">
          <button type="submit" className="btn btn-primary">
            {t('need.filter')}
          </button>
          {filtered ? (
            <Link to="/needs" className="btn btn-ghost">
              {t('need.clearFilters')}
            </Link>
          ) : null}
        </div>
      </Form>
      <p className="result-count" role="status">
        {t('need.count', { count: total })}
      </p>
      {needs.length ? (
        <ul className="listing-grid">
          {needs.map((n) => (
            <NeedCard key={n.id} need={n} />
          ))}
        </ul>
      ) : (
        <div className="card empty-state">
          <h2>{filtered ? t('need.emptyFiltered') : t('need.empty')}</h2>
          <p className="muted">{filtered ? t('need.emptyFilteredHint') : t('need.emptyHint')}</p>
        </div>
      )}
      <Pagination page={page} pages={pages} search={location.search} label={t('need.pagination')} />
    </div>
  )
}
