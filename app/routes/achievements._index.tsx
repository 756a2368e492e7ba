import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { ModeTags, Pagination, Price } from '~/components/achievement-bits'
import { IndustryGroupOptions } from '~/components/achievement-form'
import { PageHeader } from '~/components/layout'
import { isLocale, translate, type MessageKey } from '../../server/i18n/catalog'
import { getPrincipal } from '~/utils/auth.server'
import { formatDate, useLocale, useT } from '~/utils/i18n'
import { TRANSACTION_MODES } from '../../server/listings/schemas'
import { pageTitle } from '~/utils/meta'
import { achievementCreateOrgs, browseAchievements, industryOptions } from '../../server/listings/achievements'
import { cleanParam } from '../../server/platform/input'
import { divisionOptions } from '../../server/identity/organisations'
import { CountyField, KeywordField, SortField, readKeywords, readSort } from '~/components/list-controls'

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((m) => m?.id === 'root')?.data as { locale?: string } | undefined
  const locale = isLocale(root?.locale) ? root.locale : 'zh-CN'
  return [...pageTitle(matches, 'ach.listTitle'), { name: 'description', content: translate(locale, 'ach.listLead') }]
}

/** Query values outside the known sets are ignored rather than refused: this is a browse page. */
function readFilters(url: URL, industryCodes: Set<string>, divisionCodes: Set<string>) {
  const industry = cleanParam(url.searchParams, 'industry') ?? ''
  const trl = Number(url.searchParams.get('trl'))
  const mode = cleanParam(url.searchParams, 'mode') ?? ''
  const county = cleanParam(url.searchParams, 'county') ?? ''
  const page = Number(url.searchParams.get('page'))
  return {
    q: readKeywords(url),
    industryCode: industryCodes.has(industry) ? industry : undefined,
    trl: Number.isInteger(trl) && trl >= 1 && trl <= 9 ? trl : undefined,
    mode: (TRANSACTION_MODES as readonly string[]).includes(mode) ? mode : undefined,
    divisionCode: divisionCodes.has(county) ? county : undefined,
    sort: readSort(url),
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = context.services.db
  const [industries, divisions, principal] = await Promise.all([industryOptions(db), divisionOptions(db), getPrincipal(request, context)])
  const codes = new Set(industries.flatMap((g) => [g.code, ...g.children.map((c) => c.code)]))
  const filters = readFilters(new URL(request.url), codes, new Set(divisions.map((d) => d.code)))
  const result = await browseAchievements(db, filters)
  return { industries, divisions, filters, ...result, canCreate: principal ? achievementCreateOrgs(principal).length > 0 : false }
}

export default function AchievementList() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const { industries, divisions, filters, items, total, pages, canCreate } = useLoaderData<typeof loader>()
  const page = filters.page
  const filtered = !!(filters.q || filters.industryCode || filters.trl || filters.mode || filters.divisionCode)
  return (
    <div className="container">
      <PageHeader title={t('ach.listTitle')} lead={t('ach.listLead')}>
        {canCreate ? (
          <Link to="/achievements/new" className="btn btn-primary">
            {t('ach.new')}
          </Link>
        ) : null}
      </PageHeader>

      <Form method="get" className="filters card filters-card" aria-label={t('ach.filters')}>
        <KeywordField value={filters.q} />
        <div className="field">
          <label htmlFor="f-industry">{t('ach.industry')}</label>
          <select id="f-industry" name="industry" defaultValue={filters.industryCode ?? ''}>
            <option value="">{t('ach.allIndustries')}</option>
            <IndustryGroupOptions industries={industries} topLabel={(n) => t('ach.form.industryAll', { name: n })} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-trl">{t('ach.trl')}</label>
          <select id="f-trl" name="trl" defaultValue={filters.trl ? String(filters.trl) : ''}>
            <option value="">{t('ach.allTrl')}</option>
            {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => (
              <option key={n} value={n}>
                {t(`trl.${n}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-mode">{t('ach.modes')}</label>
          <select id="f-mode" name="mode" defaultValue={filters.mode ?? ''}>
            <option value="">{t('ach.allModes')}</option>
            {TRANSACTION_MODES.map((m) => (
              <option key={m} value={m}>
                {t(`mode.${m}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <CountyField divisions={divisions} value={filters.divisionCode} />
        <SortField value={filters.sort} kind="ach" />
        <div className="filter-buttons">
          <button type="submit" className="btn btn-primary">
            {t('ach.applyFilters')}
          </button>
          {filtered ? (
            <Link to="/achievements" className="btn btn-ghost">
              {t('ach.clearFilters')}
            </Link>
          ) : null}
        </div>
      </Form>

      <p className="result-count" role="status">
        {t('ach.resultCount', { total })}
      </p>

      {items.length === 0 ? (
        <div className="card empty-state">
          <h2>{filtered ? t('ach.emptyFiltered') : t('ach.empty')}</h2>
          <p className="muted">{filtered ? t('ach.emptyFilteredHint') : t('ach.emptyHint')}</p>
        </div>
      ) : (
        <ul className="listing-grid">
          {items.map((a) => (
            <li key={a.id} className="listing-card">
              <p className="listing-industry">{locale === 'en' ? a.industry_name_en : a.industry_name_zh}</p>
              <h2>
                <Link to={`/achievements/${a.id}`}>{a.title}</Link>
              </h2>
              <p className="listing-org">{a.org_name}</p>
              <p className="listing-summary">{a.summary}</p>
              <ModeTags modes={a.transaction_modes} />
              <dl className="listing-meta">
                <div>
                  <dt>{t('ach.trlShort')}</dt>
                  <dd title={t(`trl.${a.trl}` as MessageKey)}>
                    <span className="trl-chip">TRL {a.trl}</span>
                  </dd>
                </div>
                <div>
                  <dt>{t('ach.price')}</dt>
                  <dd className="listing-price">
                    <Price listing={a} />
                  </dd>
                </div>
                <div>
                  <dt>{t('ach.publishedAt')}</dt>
                  <dd>{a.published_at ? formatDate(locale, a.published_at) : '—'}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} search={location.search} label={t('ach.page.label')} />
    </div>
  )
}
