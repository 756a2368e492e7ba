import { shanghaiDate } from '../platform/intl'

// The city's transformation targets (转化重大科技成果 400 项) and the standard a
// registered contract must meet to count as a major-achievement transformation
// project (自治区"三百二千"工程要求), versioned by effective date like
// server/platform/policy.ts. A new period or a changed split is a new version,
// never an edit, so a past period is always judged by the plan it was set under.
// Business code asks `targetPlanOn(date)`; nothing else writes a target down.

export interface TargetPeriod {
  /** Stable key, e.g. '2020'. */
  key: string
  /** First and last day (Asia/Shanghai) in which a registered project counts toward this period. */
  from: string
  to: string
  /** Projects the period asks for (not cumulative). */
  count: number
  /** The same count split by division code (每个县区的分解目标); sums to `count`. */
  byCounty: Record<string, number>
}

export interface ProjectStandard {
  /** Minimum 技术交易额 of the contract, in fen. */
  minTechnologyAmountFen: number
  /** Industries the city prioritises (top-level codes; a sub-code like 'auto.nev' matches 'auto'). */
  priorityIndustries: string[]
}

export interface TargetPlan {
  effectiveFrom: string
  periods: TargetPeriod[]
  standard: ProjectStandard
}

// 2019–2020: ≥200 projects; 2021–2022: ≥200 more (work plan, 年度目标分解). The
// split by county is the city's working figure, not the plan's text.
const SPLIT_200: Record<string, number> = {
  '450202': 12, '450203': 20, '450204': 22, '450205': 22, '450206': 24,
  '450222': 16, '450223': 18, '450224': 12, '450225': 12, '450226': 10, '4502LD': 32,
}

export const TARGET_PLANS: TargetPlan[] = [
  {
    effectiveFrom: '2019-01-01',
    periods: [
      { key: '2020', from: '2019-01-01', to: '2020-12-31', count: 200, byCounty: SPLIT_200 },
      { key: '2022', from: '2021-01-01', to: '2022-12-31', count: 200, byCounty: SPLIT_200 },
    ],
    standard: {
      minTechnologyAmountFen: 50_0000_00, // 50 万元
      priorityIndustries: ['auto', 'machinery', 'materials', 'biomed', 'electronics', 'agrifood', 'green'],
    },
  },
  {
    // The city carried the programme on after 2022 (a later period it set).
    effectiveFrom: '2023-01-01',
    periods: [
      { key: '2020', from: '2019-01-01', to: '2020-12-31', count: 200, byCounty: SPLIT_200 },
      { key: '2022', from: '2021-01-01', to: '2022-12-31', count: 200, byCounty: SPLIT_200 },
      { key: '2025', from: '2023-01-01', to: '2025-12-31', count: 200, byCounty: SPLIT_200 },
      { key: '2027', from: '2026-01-01', to: '2027-12-31', count: 200, byCounty: SPLIT_200 },
    ],
    standard: {
      minTechnologyAmountFen: 50_0000_00,
      priorityIndustries: ['auto', 'machinery', 'materials', 'biomed', 'electronics', 'agrifood', 'green'],
    },
  },
]

export function targetPlanOn(date: Date = new Date(), plans = TARGET_PLANS): TargetPlan {
  const day = shanghaiDate(date)
  const inForce = plans.filter((p) => p.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
  if (!inForce[0]) throw new Error(`no target plan in force on ${day}`)
  return inForce[0]
}

/** The period a project registered on `day` (YYYY-MM-DD) counts toward, if any. */
export function periodOf(plan: TargetPlan, day: string): TargetPeriod | undefined {
  return plan.periods.find((p) => p.from <= day && day <= p.to)
}

/** Cumulative target at the end of each period: the target path (目标路径). */
export function targetPath(plan: TargetPlan, divisionCode?: string): { key: string; to: string; cumulative: number }[] {
  let sum = 0
  return plan.periods.map((p) => {
    sum += divisionCode ? (p.byCounty[divisionCode] ?? 0) : p.count
    return { key: p.key, to: p.to, cumulative: sum }
  })
}

/** Which parts of the standard a registered contract meets; it qualifies when both do. */
export function standardMet(standard: ProjectStandard, c: { technologyAmountFen: number; industryCode: string | null }) {
  const met: ('amount' | 'industry')[] = []
  if (c.technologyAmountFen >= standard.minTechnologyAmountFen) met.push('amount')
  const top = c.industryCode?.split('.')[0]
  if (top && standard.priorityIndustries.includes(top)) met.push('industry')
  return { met, qualifies: met.length === 2 }
}
