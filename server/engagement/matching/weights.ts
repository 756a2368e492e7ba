import { shanghaiDate } from '../../platform/intl'

// How much each reason counts in a recommendation, versioned by effective date
// like the policy figures: configuration, not literals in the scoring code.
// Weights add up to 100 so a score reads as "out of 100".

export interface MatchWeights {
  effectiveFrom: string
  terms: number // shared key terms (共同关键词)
  industry: number // same industry (同一行业)
  maturity: number // maturity fit (成熟度)
  money: number // budget vs price (预算与报价)
  county: number // same county (同一县区)
  modes: number // preferred transaction modes (交易方式)
}

export const MATCH_WEIGHT_VERSIONS: MatchWeights[] = [
  { effectiveFrom: '2026-01-01', terms: 40, industry: 20, maturity: 15, money: 10, county: 5, modes: 10 },
]

export function weightsOn(date = new Date(), versions = MATCH_WEIGHT_VERSIONS): MatchWeights {
  const day = shanghaiDate(date)
  const v = versions.filter((x) => x.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0]
  if (!v) throw new Error(`no match weights in force on ${day}`)
  return v
}
