// The county performance assessment (县区绩效考核): which indicators count, their
// weights and units, how each is scored and whether the platform computes it
// or the city officer enters it, versioned by effective date like
// server/government/targets.ts. A period (a calendar year) is judged by the
// version in force on its first day, so changing weights for next year never
// rescores a past year. Business code asks `assessmentConfigFor(periodKey)`.
// Transformation-project targets are NOT here: they come from the target plan.

/** What an automatic indicator counts (compute.ts knows how to count each). */
export type AutoMeasure =
  | 'contract_amount' // 登记合同成交额 (fen), by the buyer's division
  | 'contract_count' // 登记合同数
  | 'projects' // 确认的转化项目数, against the county's target
  | 'buyers' // 购买技术的企业数 (distinct buying enterprises)
  | 'listings' // 发布的成果与需求数, by the owner's division
  | 'events' // 举办的路演与培训数
  | 'subsidies' // 拨付的补助 (fen), by the claimant's division

export type Scoring =
  /** weight × value ÷ the best county's value (0 when nobody has any). */
  | 'share_of_best'
  /** weight × min(1, value ÷ the county's target); full marks when no target is set and the value is positive. */
  | 'target_attainment'
  /** weight × points ÷ 100: the city officer enters 0–100 points with evidence. */
  | 'points'

export type Unit = 'fen' | 'count' | 'points'

export interface Indicator {
  /** Stable key; its labels are `assessment.indicator.<key>` in the catalog. */
  key: string
  weight: number
  unit: Unit
  scoring: Scoring
  /** Automatic: what the platform counts. Manual: undefined. */
  measure?: AutoMeasure
}

export interface AssessmentConfig {
  version: string
  effectiveFrom: string
  /** The first calendar year assessed. */
  firstYear: number
  indicators: Indicator[]
}

export const ASSESSMENT_CONFIGS: AssessmentConfig[] = [
  {
    // The work plan's measures (成交额, 转化项目, 企业吸纳, 供需发布, 路演培训, 补助兑现),
    // plus two things only the city can judge (政策配套, 工作创新).
    version: 'LZ-KH-2019',
    effectiveFrom: '2019-01-01',
    firstYear: 2019,
    indicators: [
      { key: 'contract_amount', weight: 20, unit: 'fen', scoring: 'share_of_best', measure: 'contract_amount' },
      { key: 'contract_count', weight: 10, unit: 'count', scoring: 'share_of_best', measure: 'contract_count' },
      { key: 'projects', weight: 20, unit: 'count', scoring: 'target_attainment', measure: 'projects' },
      { key: 'buyers', weight: 10, unit: 'count', scoring: 'share_of_best', measure: 'buyers' },
      { key: 'listings', weight: 10, unit: 'count', scoring: 'share_of_best', measure: 'listings' },
      { key: 'events', weight: 10, unit: 'count', scoring: 'share_of_best', measure: 'events' },
      { key: 'subsidies', weight: 10, unit: 'fen', scoring: 'share_of_best', measure: 'subsidies' },
      { key: 'policy_support', weight: 5, unit: 'points', scoring: 'points' },
      { key: 'innovation', weight: 5, unit: 'points', scoring: 'points' },
    ],
  },
]

/** The period key of a calendar year. */
export const periodKeyOf = (year: number) => String(year)

export function isPeriodKey(key: string): boolean {
  return /^\d{4}$/.test(key)
}

/** The version in force on the period's first day. */
export function assessmentConfigFor(periodKey: string, configs = ASSESSMENT_CONFIGS): AssessmentConfig {
  const day = `${periodKey}-01-01`
  const inForce = configs.filter((c) => c.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
  if (!inForce[0]) throw new Error(`no assessment configuration in force on ${day}`)
  return inForce[0]
}

/** Assessed periods up to and including `lastYear`, newest first. */
export function periodKeys(lastYear: number, configs = ASSESSMENT_CONFIGS): string[] {
  const first = Math.min(...configs.map((c) => c.firstYear))
  const keys: string[] = []
  for (let y = lastYear; y >= first; y--) keys.push(periodKeyOf(y))
  return keys
}

export const manualIndicators = (c: AssessmentConfig) => c.indicators.filter((i) => !i.measure)
