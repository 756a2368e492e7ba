import type { findAchievement } from '../../db/repos/achievements'
import type { findNeed } from '../../db/repos/needs'
import { shanghaiDate } from '../platform/intl'
import { fenToWan } from '../platform/money'

// A stored listing as the values its form posts: the edit forms start from these,
// and the submit check (completeness.ts) runs the full schema over them.
// No database access here, so the browser bundle may import it.

type AchievementRow = NonNullable<Awaited<ReturnType<typeof findAchievement>>>
type NeedRow = NonNullable<Awaited<ReturnType<typeof findNeed>>>

/** A stored achievement as its form's values (fen back to 万元, ppm back to percent, empty stays empty). */
export function achievementFormValues(a: Pick<AchievementRow, 'org_id' | 'title' | 'summary' | 'details' | 'industry_code' | 'trl' | 'transaction_modes' | 'price_kind' | 'price_min_fen' | 'price_max_fen' | 'benefit' | 'keywords' | 'ipRights' | 'contributors'>) {
  return {
    orgId: a.org_id,
    title: a.title,
    summary: a.summary,
    details: a.details,
    industryCode: a.industry_code ?? '',
    trl: a.trl === null ? '' : String(a.trl),
    transactionModes: a.transaction_modes,
    priceKind: a.price_kind,
    priceMin: a.price_min_fen === null ? '' : fenToWan(Number(a.price_min_fen)),
    priceMax: a.price_kind === 'range' && a.price_max_fen !== null ? fenToWan(Number(a.price_max_fen)) : '',
    benefit: a.benefit,
    keywords: a.keywords.join('，'),
    ipRights: a.ipRights.map((r) => ({ kind: r.kind, number: r.number, status: r.status, territory: r.territory })),
    // A draft's share not given yet is stored as 0 and shown empty.
    contributors: a.contributors.map((c) => ({ name: c.name, kind: c.kind, share: c.share_ppm ? String(c.share_ppm / 10_000) : '' })),
  }
}

/** A stored need as its form's values. */
export function needFormValues(n: Pick<NeedRow, 'org_id' | 'title' | 'problem' | 'desired_outcome' | 'industry_code' | 'division_code' | 'budget_kind' | 'budget_min_fen' | 'budget_max_fen' | 'deadline' | 'preferred_modes' | 'keywords'>) {
  return {
    orgId: n.org_id,
    title: n.title,
    problem: n.problem,
    desiredOutcome: n.desired_outcome,
    industryCode: n.industry_code ?? '',
    divisionCode: n.division_code,
    budgetKind: n.budget_kind,
    budgetMin: n.budget_min_fen === null ? '' : fenToWan(Number(n.budget_min_fen)),
    budgetMax: n.budget_max_fen === null ? '' : fenToWan(Number(n.budget_max_fen)),
    deadline: n.deadline ? shanghaiDate(new Date(n.deadline)) : '',
    preferredModes: n.preferred_modes,
    keywords: n.keywords.join('，'),
  }
}
