import { shanghaiDate } from '../platform/intl'

// The rules of transformation projects' quarterly progress (季度进展报送),
// versioned by effective date like server/government/targets.ts: when a
// quarter's report is due, when the enterprise is reminded, the stages a
// project passes through, and what makes a figure implausible. Business code
// asks `projectRulesOn(date)`; nothing else writes these down.

export const PROJECT_STAGES = ['started', 'trial', 'production', 'scaled', 'stopped'] as const
export type ProjectStage = (typeof PROJECT_STAGES)[number]

export interface ProjectRules {
  effectiveFrom: string
  /** A quarter's report is due this many days after the quarter's last day. */
  dueDaysAfterQuarter: number
  /** The enterprise is reminded this many days before the due date (and once when it has passed). */
  remindDaysBefore: number
  /** A figure this many times last quarter's (or more) is a warning the reporter confirms. */
  jumpFactor: number
  /** Upper bounds a typed figure may have (万元 in fen; people). */
  maxAmountFen: number
  maxJobs: number
  /** The oldest quarter a late report can still be filed for, counted back from the due quarter. */
  lateQuartersOpen: number
}

export const PROJECT_RULES: ProjectRules[] = [
  { effectiveFrom: '2019-01-01', dueDaysAfterQuarter: 15, remindDaysBefore: 7, jumpFactor: 10, maxAmountFen: 10_000_000_000_000, maxJobs: 1_000_000, lateQuartersOpen: 8 },
]

export function projectRulesOn(date: Date = new Date(), rules = PROJECT_RULES): ProjectRules {
  const day = shanghaiDate(date)
  const r = rules.filter((x) => x.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0]
  if (!r) throw new Error(`no project rules in force on ${day}`)
  return r
}

export interface Quarter {
  year: number
  quarter: number
}

export const quarterKey = (q: Quarter) => `${q.year}-Q${q.quarter}`

/** The quarter a day (YYYY-MM-DD) falls in. */
export function quarterOf(day: string): Quarter {
  return { year: Number(day.slice(0, 4)), quarter: Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1 }
}

export function nextQuarter(q: Quarter): Quarter {
  return q.quarter === 4 ? { year: q.year + 1, quarter: 1 } : { year: q.year, quarter: q.quarter + 1 }
}

export function previousQuarter(q: Quarter): Quarter {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: q.quarter - 1 }
}

const cmp = (a: Quarter, b: Quarter) => a.year - b.year || a.quarter - b.quarter

/** The last day of a quarter plus the configured days: YYYY-MM-DD. */
export function dueOn(q: Quarter, rules: ProjectRules): string {
  const end = new Date(Date.UTC(q.year, q.quarter * 3, 0))
  return new Date(end.getTime() + rules.dueDaysAfterQuarter * 86_400_000).toISOString().slice(0, 10)
}

/**
 * The quarter whose report is due now: the quarter that ended last while its
 * window (until its due date) is open, else the running quarter (due after it ends).
 */
export function dueQuarter(today: string, rules: ProjectRules): Quarter {
  const prev = previousQuarter(quarterOf(today))
  return today <= dueOn(prev, rules) ? prev : quarterOf(today)
}

/**
 * The quarters a project can report on `today`, oldest first: from the quarter
 * it was registered in through the due quarter, at most `lateQuartersOpen`
 * back. The ones before the due quarter that have no report are late.
 */
export function reportableQuarters(registeredOn: string, today: string, rules: ProjectRules): Quarter[] {
  const first = quarterOf(registeredOn)
  const last = dueQuarter(today, rules)
  const out: Quarter[] = []
  for (let q = first; cmp(q, last) <= 0; q = nextQuarter(q)) out.push(q)
  return out.slice(-rules.lateQuartersOpen)
}
