import type { RubricCriterion } from '../../db/schema'
import type { RoadshowScoreResult } from './live-events'
import type { RoadshowRules } from './policy'

// An item's judged result (评分结果), pure so the close, the replay, the
// report and the tests compute it the same way. With enough judges one highest
// and one lowest total are dropped (去掉一个最高分和一个最低分); the means are
// in centi-points and rounded half up, in integers so no float decides a tie.

export interface JudgeScoreRow {
  judgeId: string
  /** criterion key → 0..100 */
  scores: Record<string, number>
  /** Σ score × weight (weights sum to 100): 0..10000. */
  totalCenti: number
}

/** round(sum / n), halves up, for non-negative integers. */
export const meanHalfUp = (sum: number, n: number) => (n === 0 ? 0 : Math.floor((2 * sum + n) / (2 * n)))

/** Σ score × weight over the rubric: the total a judge's scores come to, in centi-points. */
export const totalCentiOf = (rubric: RubricCriterion[], scores: Record<string, number>) => rubric.reduce((sum, c) => sum + (scores[c.key] ?? 0) * c.weight, 0)

export function scoreResult(rubric: RubricCriterion[], rows: JudgeScoreRow[], rules: Pick<RoadshowRules, 'dropExtremesFromJudges'>): RoadshowScoreResult {
  const dropped = rows.length >= rules.dropExtremesFromJudges
  // Which of two equal totals goes does not change the mean of totals; the judge id makes the criterion means reproducible too.
  const sorted = [...rows].sort((a, b) => a.totalCenti - b.totalCenti || a.judgeId.localeCompare(b.judgeId))
  const counted = dropped ? sorted.slice(1, -1) : sorted
  const byCriterion: Record<string, number> = {}
  for (const c of rubric)
    byCriterion[c.key] = meanHalfUp(
      counted.reduce((sum, r) => sum + (r.scores[c.key] ?? 0) * 100, 0),
      counted.length
    )
  return {
    judges: rows.length,
    dropped,
    finalCenti: meanHalfUp(
      counted.reduce((sum, r) => sum + r.totalCenti, 0),
      counted.length
    ),
    byCriterion,
  }
}
