import type { Executor } from '../../db/index'
import {
  assessedDivisions,
  buyingEnterprises,
  confirmedProjects,
  eventsHeld,
  latestManualValues,
  publishedListings,
  registeredContractFigures,
  subsidiesPaid,
  type MeasureRow,
  type Window,
} from '../../db/repos/assessment'
import { targetPlanOn, type TargetPlan } from '../government/targets'
import { shanghaiDate } from '../platform/intl'
import { assessmentConfigFor, type AssessmentConfig, type AutoMeasure, type Indicator } from './config'

// computeAssessment: every county's figures for a period (a calendar year),
// its indicator scores under the configuration in force for that year, the
// total, the rank and the change against the previous year. The figures come
// from what the platform saw (registrations, projects, listings, events,
// payments) through one grouped query per measure covering both years (db/repos
// /assessment.ts), plus the latest manual values: eight queries in all, run
// side by side, whatever the number of counties. Pure apart from those reads,
// so the page, the reports, the publication and the benchmark share it.

export interface ManualEntry {
  id: string
  value: number
  note: string
  filename: string
  enteredAt: string
  enteredBy: string
}

export interface CountyResult {
  code: string
  nameZh: string
  nameEn: string
  /** Raw figures per indicator key (fen for money, counts, points for manual ones; null = manual not entered yet). */
  values: Record<string, number | null>
  /** The county's project target for the year (pro rata of the target plan's periods). */
  projectTarget: number
  scores: Record<string, number>
  total: number
  rank: number
  previous: { total: number; rank: number } | null
  /** Rank movement against the previous period: 'up' is a better rank. */
  trend: 'up' | 'down' | 'same' | 'new'
  manual: Record<string, ManualEntry | null>
}

export interface AssessmentResult {
  periodKey: string
  previousKey: string | null
  configVersion: string
  asOf: string
  /** The whole year is behind `asOf`: the figures will not grow any more. */
  complete: boolean
  indicators: Indicator[]
  counties: CountyResult[]
}

const DAY = 86_400_000
const yearStart = (year: number) => new Date(`${String(year).padStart(4, '0')}-01-01T00:00:00+08:00`)
const round2 = (n: number) => Math.round(n * 100) / 100

/** A county's target for one calendar year: each target period's split, pro rata of the days the year shares with it. */
export function annualProjectTarget(plan: TargetPlan, divisionCode: string, year: number): number {
  const yFrom = Date.parse(`${year}-01-01T00:00:00Z`)
  const yTo = Date.parse(`${year}-12-31T00:00:00Z`)
  let sum = 0
  for (const p of plan.periods) {
    const from = Date.parse(`${p.from}T00:00:00Z`)
    const to = Date.parse(`${p.to}T00:00:00Z`)
    const overlap = Math.min(to, yTo) - Math.max(from, yFrom)
    if (overlap < 0) continue
    sum += ((p.byCounty[divisionCode] ?? 0) * (overlap / DAY + 1)) / ((to - from) / DAY + 1)
  }
  return Math.round(sum * 10) / 10
}

/** The score of one indicator for one county (0..weight). */
export function scoreOf(ind: Indicator, value: number | null, best: number, target: number): number {
  if (value === null || value <= 0) return 0
  switch (ind.scoring) {
    case 'share_of_best':
      return best > 0 ? (ind.weight * value) / best : 0
    case 'target_attainment':
      return target > 0 ? ind.weight * Math.min(1, value / target) : ind.weight
    case 'points':
      return (ind.weight * Math.min(100, value)) / 100
  }
}

/** Competition ranking (1, 2, 2, 4) by total, ties in division order. */
function ranks(totals: { code: string; total: number }[]): Map<string, number> {
  const sorted = [...totals].sort((a, b) => b.total - a.total)
  const out = new Map<string, number>()
  sorted.forEach((t, i) => out.set(t.code, i > 0 && sorted[i - 1]!.total === t.total ? out.get(sorted[i - 1]!.code)! : i + 1))
  return out
}

type Measures = Record<AutoMeasure, MeasureRow[]>

function scorePeriod(
  key: string,
  config: AssessmentConfig,
  plan: TargetPlan,
  divisions: { code: string; name_zh: string; name_en: string }[],
  measures: Measures,
  manual: Awaited<ReturnType<typeof latestManualValues>>,
) {
  const year = Number(key)
  const value = new Map<string, number>()
  for (const [measure, list] of Object.entries(measures)) for (const r of list) if (r.period === key) value.set(`${measure}|${r.division}`, (value.get(`${measure}|${r.division}`) ?? 0) + r.value)
  const manualOf = new Map(manual.filter((m) => m.period_key === key).map((m) => [`${m.indicator_key}|${m.division_code}`, m]))
  const counties = divisions.map((d) => {
    const values: Record<string, number | null> = {}
    const man: Record<string, ManualEntry | null> = {}
    for (const ind of config.indicators) {
      if (ind.measure) values[ind.key] = value.get(`${ind.measure}|${d.code}`) ?? 0
      else {
        const m = manualOf.get(`${ind.key}|${d.code}`)
        values[ind.key] = m ? m.value : null
        man[ind.key] = m ? { id: m.id, value: m.value, note: m.note, filename: m.evidence_filename, enteredAt: new Date(m.entered_at).toISOString(), enteredBy: m.entered_by_name } : null
      }
    }
    return { code: d.code, nameZh: d.name_zh, nameEn: d.name_en, values, manual: man, projectTarget: annualProjectTarget(plan, d.code, year) }
  })
  const best = new Map(config.indicators.map((ind) => [ind.key, Math.max(0, ...counties.map((c) => c.values[ind.key] ?? 0))]))
  const scored = counties.map((c) => {
    const scores: Record<string, number> = {}
    let total = 0
    for (const ind of config.indicators) {
      const s = scoreOf(ind, c.values[ind.key] ?? null, best.get(ind.key) ?? 0, c.projectTarget)
      scores[ind.key] = round2(s)
      total += s
    }
    return { ...c, scores, total: round2(total) }
  })
  const rank = ranks(scored)
  return scored.map((c) => ({ ...c, rank: rank.get(c.code)! }))
}

export function windowOf(periodKey: string, asOf: Date): Window {
  const year = Number(periodKey)
  const prevStart = yearStart(year - 1)
  const curStart = yearStart(year)
  const yearEnd = yearStart(year + 1)
  const end = new Date(Math.max(curStart.getTime(), Math.min(yearEnd.getTime(), asOf.getTime())))
  return {
    prevKey: String(year - 1),
    curKey: periodKey,
    prevStart,
    curStart,
    end,
    prevStartDay: `${year - 1}-01-01`,
    curStartDay: `${periodKey}-01-01`,
    endDay: shanghaiDate(new Date(end.getTime() - 1)),
  }
}

export async function computeAssessment(db: Executor, o: { periodKey: string; asOf?: Date }): Promise<AssessmentResult> {
  const asOf = o.asOf ?? new Date()
  const config = assessmentConfigFor(o.periodKey)
  const year = Number(o.periodKey)
  const previousKey = year - 1 >= config.firstYear ? String(year - 1) : null
  const w = windowOf(o.periodKey, asOf)
  const [divisions, contracts, buyers, projects, listings, events, subsidies, manual] = await Promise.all([
    assessedDivisions(db),
    registeredContractFigures(db, w),
    buyingEnterprises(db, w),
    confirmedProjects(db, w),
    publishedListings(db, w),
    eventsHeld(db, w),
    subsidiesPaid(db, w),
    latestManualValues(db, previousKey ? [o.periodKey, previousKey] : [o.periodKey]),
  ])
  const measures: Measures = { contract_amount: contracts.amount, contract_count: contracts.count, projects, buyers, listings, events, subsidies }
  const planAt = (y: number) => targetPlanOn(new Date(Math.min(asOf.getTime(), yearStart(y + 1).getTime() - 1)))
  const current = scorePeriod(o.periodKey, config, planAt(year), divisions, measures, manual)
  const prev = previousKey ? scorePeriod(previousKey, assessmentConfigFor(previousKey), planAt(year - 1), divisions, measures, manual) : null
  const prevOf = new Map((prev ?? []).map((c) => [c.code, c]))
  const counties: CountyResult[] = current.map((c) => {
    const p = prevOf.get(c.code)
    const previous = p ? { total: p.total, rank: p.rank } : null
    const trend = !previous ? 'new' : c.rank < previous.rank ? 'up' : c.rank > previous.rank ? 'down' : 'same'
    return { ...c, previous, trend }
  })
  counties.sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code))
  return {
    periodKey: o.periodKey,
    previousKey,
    configVersion: config.version,
    asOf: asOf.toISOString(),
    complete: w.end.getTime() >= yearStart(year + 1).getTime(),
    indicators: config.indicators,
    counties,
  }
}
