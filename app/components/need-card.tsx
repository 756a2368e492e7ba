import { Link } from '@remix-run/react'
import { ModeTags } from '~/components/achievement-bits'
import type { Locale } from '../../server/i18n/catalog'
import { formatDate, useLocale, useT, type T } from '~/utils/i18n'
import { formatFen } from '../../server/platform/money'

// Display pieces of needs (技术需求): the budget and deadline texts and the
// card of the public list and profiles, in the same visual language as the
// achievement cards (app/components/achievement-bits.tsx holds the shared
// status badge and mode tags).

export function budgetText(
  t: T,
  locale: Locale,
  n: { budget_kind: string; budget_min_fen: number | string | null; budget_max_fen: number | string | null },
) {
  if (n.budget_kind !== 'range' || n.budget_min_fen === null || n.budget_max_fen === null) return t('price.negotiable')
  const min = Number(n.budget_min_fen)
  const max = Number(n.budget_max_fen)
  if (min === max) return t('price.amount', { amount: formatFen(min, locale) })
  if (locale === 'zh-CN') return t('need.budgetRangeWan', { min: formatFen(min, locale).replace(/ 万元$/, ''), max: formatFen(max, locale) })
  return t('price.range', { min: formatFen(min, locale), max: formatFen(max, locale) })
}

export function deadlineText(t: T, locale: Locale, deadline: string | Date | null) {
  return deadline ? formatDate(locale, deadline) : t('need.noDeadline')
}

/** The preferred modes as tags; none chosen means any. */
export function PreferredModes({ modes }: { modes: string[] }) {
  const t = useT()
  if (!modes.length) return <p className="muted small need-any-mode">{t('need.anyMode')}</p>
  return <ModeTags modes={modes} />
}

export interface NeedCardData {
  id: string
  title: string
  problem: string
  org_id: string
  org_name: string
  industry_name_zh: string | null
  industry_name_en: string | null
  division_name_zh: string
  division_name_en: string
  budget_kind: string
  budget_min_fen: number | string | null
  budget_max_fen: number | string | null
  deadline: string | Date | null
  preferred_modes: string[]
}

/** One need in a list (an <li> of a `ul.listing-grid`); `headingLevel` keeps the page outline right. */
export function NeedCard({ need, headingLevel = 2, showOrg = true }: { need: NeedCardData; headingLevel?: 2 | 3; showOrg?: boolean }) {
  const t = useT()
  const locale = useLocale()
  const H = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <li className="listing-card need-card">
      <p className="listing-industry">{locale === 'en' ? need.industry_name_en : need.industry_name_zh}</p>
      <H>
        <Link to={`/needs/${need.id}`}>{need.title}</Link>
      </H>
      <p className="listing-org">
        {showOrg ? (
          <>
            <Link to={`/o/${need.org_id}`}>{need.org_name}</Link>
            {' · '}
          </>
        ) : null}
        {locale === 'en' ? need.division_name_en : need.division_name_zh}
      </p>
      <p className="listing-summary">{need.problem}</p>
      <PreferredModes modes={need.preferred_modes} />
      <dl className="listing-meta need-meta">
        <div>
          <dt>{t('need.budget')}</dt>
          <dd className="listing-price">{budgetText(t, locale, need)}</dd>
        </div>
        <div>
          <dt>{t('need.deadline')}</dt>
          <dd>{deadlineText(t, locale, need.deadline)}</dd>
        </div>
      </dl>
    </li>
  )
}
