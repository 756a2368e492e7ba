import { shanghaiDate } from '../platform/intl'

// 项目评价 configuration, versioned by effective date like
// server/government/targets.ts: when a confirmed project is due (years after
// registration), the indicators experts score (0–100 each) with their weights,
// and the weighted-score thresholds of the results. An evaluation keeps the
// version in force when it was opened (`evaluations.config_from`), so a new
// version never changes an evaluation under way. Nothing else writes these.

export const INDICATOR_KEYS = ['technology', 'implementation', 'economic', 'social', 'leverage'] as const
export type IndicatorKey = string

export interface EvaluationConfig {
  from: string
  /** A project registered this many years ago or more is due. */
  dueAfterYears: number
  indicators: { key: IndicatorKey; weight: number }[]
  /** Lowest weighted score of each result, best first; below the last is 'fail'. */
  thresholds: { excellent: number; good: number; pass: number }
}

export const EVALUATION_CONFIGS: EvaluationConfig[] = [
  {
    from: '2019-01-01',
    dueAfterYears: 2,
    // 技术先进性 20, 转化实施情况 30, 经济效益 30, 社会效益 10, 带动作用 10
    indicators: [
      { key: 'technology', weight: 20 },
      { key: 'implementation', weight: 30 },
      { key: 'economic', weight: 30 },
      { key: 'social', weight: 10 },
      { key: 'leverage', weight: 10 },
    ],
    thresholds: { excellent: 90, good: 75, pass: 60 },
  },
]

export function evaluationConfigOn(date: Date = new Date(), configs = EVALUATION_CONFIGS): EvaluationConfig {
  const day = shanghaiDate(date)
  const c = configs.filter((x) => x.from <= day).sort((a, b) => b.from.localeCompare(a.from))[0]
  if (!c) throw new Error(`no evaluation configuration in force on ${day}`)
  return c
}

export function evaluationConfigFrom(from: string, configs = EVALUATION_CONFIGS): EvaluationConfig {
  const c = configs.find((x) => x.from === from)
  if (!c) throw new Error(`no evaluation configuration from ${from}`)
  return c
}

/** The last registration day (YYYY-MM-DD) of a project due on `now`. */
export function dueRegisteredBy(now: Date, cfg = evaluationConfigOn(now)): string {
  const [y, m, d] = shanghaiDate(now).split('-').map(Number) as [number, number, number]
  const day = new Date(Date.UTC(y - cfg.dueAfterYears, m - 1, d))
  // 29 February → 28 February (or 1 March rolls back a day): never later than the same calendar day.
  if (day.getUTCMonth() !== m - 1) day.setUTCDate(0)
  return day.toISOString().slice(0, 10)
}

/** One expert's weighted score (0–100) of their indicator scores. */
export function weightedScore(cfg: EvaluationConfig, scores: Record<string, number>): number {
  const total = cfg.indicators.reduce((s, i) => s + i.weight, 0)
  return cfg.indicators.reduce((s, i) => s + (scores[i.key] ?? 0) * i.weight, 0) / total
}

/** The result of a weighted score by the configured thresholds. */
export function resultOf(cfg: EvaluationConfig, score: number): 'excellent' | 'good' | 'pass' | 'fail' {
  const t = cfg.thresholds
  return score >= t.excellent ? 'excellent' : score >= t.good ? 'good' : score >= t.pass ? 'pass' : 'fail'
}

/** The evaluation's score in hundredths: the mean of the experts' weighted scores, rounded half up. */
export function evaluationScoreCenti(cfg: EvaluationConfig, experts: Record<string, number>[]): number {
  if (!experts.length) return 0
  const mean = experts.reduce((s, e) => s + weightedScore(cfg, e), 0) / experts.length
  return Math.round(mean * 100 + 1e-9)
}
