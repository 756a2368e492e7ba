import type { CreditConfig } from './config'
import type { CreditLevel } from './levels'

// The score of one credit record on the template: each dimension starts from
// its base, its live (not cancelled) events and the adjustments add their
// points, and the result is kept within 0..max; the total decides the level.
// `asOf` scores the record as it stood then (the trend).

export interface ScoredItem {
  dimension: string
  points: number
  at: Date
  cancelled_at?: Date | null
}

export interface CreditScore {
  dimensions: { key: string; max: number; score: number }[]
  total: number
  level: CreditLevel
}

export function levelOf(cfg: CreditConfig, total: number): CreditLevel {
  return total >= cfg.levels.A ? 'A' : total >= cfg.levels.B ? 'B' : total >= cfg.levels.C ? 'C' : 'D'
}

export function scoreOf(cfg: CreditConfig, items: ScoredItem[], asOf?: Date): CreditScore {
  const sums = new Map<string, number>()
  for (const i of items) {
    if (asOf && i.at > asOf) continue
    if (i.cancelled_at && (!asOf || i.cancelled_at <= asOf)) continue
    sums.set(i.dimension, (sums.get(i.dimension) ?? 0) + i.points)
  }
  const dimensions = cfg.dimensions.map((d) => ({ key: d.key, max: d.max, score: Math.min(d.max, Math.max(0, d.base + (sums.get(d.key) ?? 0))) }))
  const total = dimensions.reduce((s, d) => s + d.score, 0)
  return { dimensions, total, level: levelOf(cfg, total) }
}
