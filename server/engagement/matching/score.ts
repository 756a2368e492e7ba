import { indexTokens } from '../../../search/segment'
import type { MatchWeights } from './weights'

// Scores one need against one achievement and says why, in parts a person can
// read: each reason has a fit from 0 to 1, its weight, and what it rests on.

export interface NeedSide {
  title: string
  keywords: string[]
  industry_code: string | null
  industry_top: string
  preferred_modes: string[]
  budget_kind: string
  budget_min_fen: number | null
  budget_max_fen: number | null
  division_code: string
}

export interface AchievementSide {
  title: string
  keywords: string[]
  industry_code: string | null
  industry_top: string
  transaction_modes: string[]
  price_kind: string
  price_min_fen: number | null
  price_max_fen: number | null
  /** Empty while a draft. */
  trl: number | null
  division_code: string
}

export type ReasonKey = 'terms' | 'industry' | 'maturity' | 'money' | 'county' | 'modes'

export interface Reason {
  key: ReasonKey
  /** 0–1: how well this reason fits. */
  fit: number
  weight: number
  /** What the reason rests on, for the explanation (shared terms, TRL, amounts…). */
  detail: Record<string, string | number | string[]>
}

export interface Scored {
  /** 0–100. */
  score: number
  reasons: Reason[]
}

const termsOf = (title: string, keywords: string[]) =>
  new Set([...indexTokens(title).filter((t) => [...t].length >= 2), ...keywords.map((k) => k.toLowerCase())])

export function scoreMatch(need: NeedSide, a: AchievementSide, w: MatchWeights): Scored {
  const needTerms = termsOf(need.title, need.keywords)
  const achTerms = termsOf(a.title, a.keywords)
  const shared = [...needTerms].filter((t) => achTerms.has(t))
  // Dropping terms contained in a longer shared term keeps the explanation short (新能源汽车, not also 汽车).
  const sharedShown = shared.filter((t) => !shared.some((o) => o !== t && o.includes(t))).slice(0, 6)
  const termsFit = Math.min(1, shared.length / Math.max(2, Math.min(needTerms.size, achTerms.size) * 0.6))

  const industryFit = need.industry_code !== null && need.industry_code === a.industry_code ? 1 : need.industry_top === a.industry_top ? 0.5 : 0
  const trl = a.trl ?? 0
  const maturityFit = trl >= 7 ? 1 : trl === 6 ? 0.8 : trl === 5 ? 0.5 : trl === 4 ? 0.3 : 0.1

  let moneyFit = 0.5 // either side negotiable: possible, not shown to fit
  let moneyCase = 'negotiable'
  if (need.budget_kind !== 'negotiable' && a.price_kind !== 'negotiable' && need.budget_max_fen !== null && a.price_min_fen !== null) {
    if (a.price_min_fen <= need.budget_max_fen) {
      moneyFit = 1
      moneyCase = 'within'
    } else {
      moneyFit = Math.max(0, need.budget_max_fen / a.price_min_fen - 0.2)
      moneyCase = 'above'
    }
  }
  const countyFit = need.division_code === a.division_code ? 1 : 0
  const modesShared = need.preferred_modes.filter((m) => a.transaction_modes.includes(m))
  const modesFit = need.preferred_modes.length === 0 ? 0.5 : modesShared.length ? 1 : 0

  const reasons: Reason[] = [
    { key: 'terms', fit: termsFit, weight: w.terms, detail: { terms: sharedShown } },
    { key: 'industry', fit: industryFit, weight: w.industry, detail: { same: industryFit === 1 ? 'code' : industryFit ? 'top' : 'none' } },
    { key: 'maturity', fit: maturityFit, weight: w.maturity, detail: { trl: trl } },
    { key: 'money', fit: moneyFit, weight: w.money, detail: { case: moneyCase } },
    { key: 'county', fit: countyFit, weight: w.county, detail: { same: countyFit ? 'yes' : 'no' } },
    { key: 'modes', fit: modesFit, weight: w.modes, detail: { modes: modesShared } },
  ]
  const total = reasons.reduce((s, r) => s + r.weight, 0)
  const score = Math.round((reasons.reduce((s, r) => s + r.fit * r.weight, 0) / total) * 100)
  return { score, reasons }
}
